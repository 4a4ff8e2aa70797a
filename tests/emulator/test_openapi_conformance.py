"""Conformance under generated requests: requests for every operation of the emulated tags, built from Sinch's
OpenAPI description, against a seeded world in many states; every answer checked against the description.

Each example (seeds 0..EXAMPLES-1, a `random.Random` each: every run sends the same requests, and a failure
names its seed and step) resets the emulator and seeds a world (accounts and senders in every state, change sets,
a sender marked for removal, webhooks up to the limit, flows, solutions, templates in every state), then takes STEPS
steps:

- one request to one operation (those with more documented statuses more often): path ids that exist, unknown
  or malformed (percent-encoded, `/` included); the documented query parameters with valid, boundary and junk
  values, and page tokens seen earlier; a body from the description's request examples or generated from the
  request schema, either one mutated now and then (a field dropped, replaced by any JSON, an unknown one added),
  any JSON, broken JSON or the wrong content type; valid, missing or wrong credentials;
- the previous request again (a second create, delete or update meets what the first did);
- register and verify a sender with the right code (too rare at random);
- the emulator clock moves (activations, reviews, the end of the 30-day retention);
- admin controls move senders and templates and end reviews.

Every answer must have a documented status and a body of the documented schema (`openapi_conformance`), and
no answer may be a 5xx (without fault rules, a 5xx is an emulator bug that a documented 500 would hide). The
run must reach every (operation, status) pair of `EXPECTED`: the answers the emulator gives without faults.

Why not Hypothesis: its example generation aims at small failing cases, and drawing a long request sequence
through `st.data()` kept repeating the simplest requests (the first list operation, the first id): a run of about
1,300 requests left 26 of the 119 pairs of `EXPECTED` unreached, a seeded generator of the same size 8. The seeded
generator spreads evenly and stays reproducible.
"""

from __future__ import annotations

import copy
import json
import random
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote, unquote

import httpx
import pytest

from emulator.server import EmulatorServer
from tests.emulator import openapi_conformance
from tests.emulator.conftest import ES_BODY, KEY_ID, KEY_SECRET, PI_ACCOUNT_BODY, pi_sender_body, webhook_body
from tests.emulator.openapi_conformance import Conformance, Operation, fix_converted_example, raw_path

WA = "/v1/projects/{projectId}/whatsapp"
SENDER = WA + "/senders/{senderId}"
CONVERSATION = "/v1/projects/{projectId}/conversation/apps/{conversationAppId}"
TEMPLATES = WA + "/templates"
TEMPLATE = TEMPLATES + "/{templateName}/languages/{languageCode}"
HOOKS = "/v1/projects/{projectId}/webhooks"
BUNDLES = "/v1/projects/{projectId}/bundles"
KAKAO = "/v1/projects/{projectId}/kakaotalk"
KSENDERS = KAKAO + "/senders"
KSENDER = KSENDERS + "/{plusFriendId}"
KTEMPLATES = KSENDER + "/templates"
KTEMPLATE = KTEMPLATES + "/{templateCode}"
RCS = "/v1/projects/{projectId}/rcs"
RSENDERS = RCS + "/senders"
RSENDER = RSENDERS + "/{senderId}"
RNUMBER = RSENDER + "/testNumbers/{testNumber}"

# Examples (seeds 0..EXAMPLES-1) and steps per example: about 7,200 requests, 25 s on two busy cores. The RCS
# operations have a run of their own (RCS_EXAMPLES): in the same pool they crowded the rare pairs of the others out.
EXAMPLES = 100
STEPS = 80
RCS_EXAMPLES = 30

# The (operation, status) pairs a run must reach: every documented status the emulator answers without faults.
# Not here, and why: 500 (faults only); 409 on GET /whatsapp and POST /whatsapp/comments (account_data_is_corrupt,
# a Sinch data fault); 404 on POST /whatsapp, POST /senders and the flows (project_not_found: every well-formed
# project exists, a malformed id is a 400 there); 429 on register (no rate limit). Templates: 409 resource_locked
# (operations are atomic here); 424 template_limit_reached (250 templates; see test_whatsapp_templates); 429
# whatsapp_business_api_request_limit_exceeded and 500 template_start_session_for_uploading_media (only through a
# template rule's submitError, which the world does not set). KakaoTalk: 404 project_not_found on POST senders
# and 409 account_* / file_* / 412 account_is_in_progress (Sinch data faults: faults only).
#: Documented answers a run may meet but need not: too rare at random to require (tests/emulator/test_bundles.py
#: reaches a bundle's 424, a project holding 15 webhooks already).
#: RCS: 429 rbm_too_many_requests on a create or PATCH with more than 20 test numbers, and on the retry of a test
#: number of the seeded sender that has used its 20 invitations of the day.
MAY_REACH: dict[tuple[str, str], set[int]] = {
    ("post", BUNDLES): {424},
    ("post", RSENDERS): {429},
    ("patch", RSENDER): {429},
    ("get", RNUMBER + "/retry"): {429},
}
EXPECTED: dict[tuple[str, str], set[int]] = {
    ("get", HOOKS): {200, 400, 401},
    ("post", HOOKS): {201, 400, 401, 409, 424},
    ("get", HOOKS + "/{webhookId}"): {200, 400, 401, 404},
    ("put", HOOKS + "/{webhookId}"): {200, 400, 401, 404, 409},
    ("patch", HOOKS + "/{webhookId}"): {200, 400, 401, 404, 409},
    ("delete", HOOKS + "/{webhookId}"): {204, 400, 401, 404},
    ("get", WA): {200, 401, 404},
    ("post", WA): {201, 400, 401, 409},
    ("patch", WA): {200, 400, 401, 404, 409},
    ("delete", WA): {204, 400, 401, 409},
    ("get", WA + "/activities"): {200, 400, 401, 404},
    ("post", WA + "/comments"): {201, 400, 401, 404},
    ("get", WA + "/flows"): {200, 400, 401},
    ("get", WA + "/flows/{flowId}/screens"): {200, 400, 401, 404},
    ("get", WA + "/senders"): {200, 400, 401},
    ("post", WA + "/senders"): {201, 400, 401, 409},
    ("get", SENDER): {200, 400, 401, 404},
    ("patch", SENDER): {200, 400, 401, 404, 409},
    ("delete", SENDER): {204, 400, 401, 404, 409},
    ("get", SENDER + "/activities"): {200, 400, 401, 404},
    ("delete", SENDER + "/changes"): {204, 400, 401, 404, 409},
    ("post", SENDER + "/comments"): {201, 400, 401, 404},
    ("post", SENDER + "/register"): {200, 400, 401, 404, 409},
    ("get", SENDER + "/suggestedUsernames"): {200, 400, 401, 404},
    ("post", SENDER + "/verify"): {204, 400, 401, 404, 409},
    ("get", WA + "/solutions"): {200, 401, 404},
    ("post", WA + "/solutions"): {201, 400, 401, 404},  # 400: the documented exception (openapi_conformance)
    ("get", WA + "/solutions/{solutionId}"): {200, 401, 404},
    ("post", WA + "/solutions/{solutionId}/assign"): {204, 401, 404, 409},
    ("put", WA + "/enableTemplateAnalytics"): {200, 400, 401, 424},
    ("get", CONVERSATION + "/instagram"): {200, 400, 401, 404},
    ("get", CONVERSATION + "/messenger"): {200, 400, 401, 404},
    ("get", CONVERSATION + "/telegram"): {200, 400, 401, 404},
    ("get", CONVERSATION + "/viber"): {200, 401, 404},  # documents no 400: a malformed app id is its 404
    ("get", TEMPLATES): {200, 400, 401},
    ("post", TEMPLATES): {201, 400, 401, 409, 424},
    ("post", TEMPLATES + "/sync"): {200, 400, 401, 429},
    ("get", TEMPLATES + "/{templateName}"): {200, 400, 401, 404},
    ("delete", TEMPLATES + "/{templateName}"): {204, 400, 401, 404},
    ("get", TEMPLATE): {200, 400, 401, 404},
    ("patch", TEMPLATE): {200, 400, 401, 404, 409, 424},
    ("delete", TEMPLATE): {204, 400, 401, 404, 409},
    ("get", TEMPLATE + "/activities"): {200, 400, 401, 404},
    ("post", TEMPLATE + "/comments"): {201, 400, 401, 404},
    ("post", TEMPLATE + "/compare"): {200, 400, 401, 404, 409},
    ("get", BUNDLES): {200, 400, 401},
    ("post", BUNDLES): {201, 400, 401, 409},  # and 424, in MAY_REACH
    ("get", BUNDLES + "/{bundleId}"): {200, 400, 401, 404},
    ("get", KAKAO + "/categories/senders"): {200, 400, 401},
    ("get", KAKAO + "/categories/senders/{plusFriendId}/templates"): {200, 400, 401, 404},
    ("get", KSENDERS): {200, 400, 401},
    ("post", KSENDERS): {201, 400, 401, 409},
    ("get", KSENDER): {200, 400, 401, 404},
    ("patch", KSENDER): {200, 400, 401, 404, 409},
    ("delete", KSENDER): {204, 400, 401, 404, 409},
    ("post", KSENDER + "/register"): {200, 400, 401, 404, 409},
    ("post", KSENDER + "/verify"): {200, 400, 401, 404, 409},
    ("delete", KSENDER + "/changes"): {204, 400, 401, 404, 409},
    ("post", KSENDER + "/comments"): {201, 400, 401, 404},
    ("get", KSENDER + "/activities"): {200, 400, 401, 404},
    ("get", KTEMPLATES): {200, 400, 401, 404},
    ("post", KTEMPLATES): {201, 400, 401, 404, 409, 424},
    ("get", KTEMPLATE): {200, 400, 401, 404},
    ("patch", KTEMPLATE): {200, 400, 401, 404, 409, 424},
    ("delete", KTEMPLATE): {204, 400, 401, 404},
    ("delete", KTEMPLATE + "/changes"): {204, 400, 401, 404, 409},
    ("post", KTEMPLATE + "/comments"): {201, 400, 401, 404},
    ("get", KTEMPLATE + "/activities"): {200, 400, 401, 404},
    # RCS (project pi has the account and the senders; the others have none: 404 account_not_found). Not here:
    # 403 rbm_has_not_been_used / wrong_supplier_configuration, 404 project_not_found / rbm_resources_not_found /
    # add_test_number_not_allowed_before_launch / user_cannot_be_reached / looking_up_the_rbm_agent, 409 file_* and
    # account_data_is_corrupt, 400 no_google_supplier / invalid_google_agent / add_test_number_invalid /
    # invalid_region_for_att_supplier / verification_suspended_in_gmb and 409 launch_invalid_verification_state:
    # Sinch, Google or supplier data the emulator does not model (faults only).
    ("get", RCS + "/activities"): {200, 400, 401, 404},
    ("post", RCS + "/comments"): {201, 400, 401, 404},
    ("get", RCS + "/questionnaire/{useCase}"): {200, 400, 401},
    ("get", RSENDERS): {200, 400, 401},
    ("post", RSENDERS): {201, 400, 401},
    ("get", RSENDER): {200, 400, 401, 404},
    ("patch", RSENDER): {200, 400, 401, 404},
    ("get", RSENDER + "/activities"): {200, 400, 401, 404},
    ("post", RSENDER + "/comments"): {201, 400, 401, 404},
    ("post", RSENDER + "/launch"): {200, 400, 401, 404, 409, 412},
    ("post", RSENDER + "/testNumbers"): {200, 400, 401, 404, 429},
    ("get", RNUMBER): {200, 400, 401, 404},  # no invalid_id_format documented: a malformed sender or number is a 404
    ("delete", RNUMBER): {204, 400, 401, 404},
    ("get", RNUMBER + "/capabilities"): {200, 400, 401, 404},
    ("get", RNUMBER + "/retry"): {200, 400, 401, 404},
}

# The description's slip in a request schema (not an answer): the webhook PATCH DTO types `target` and `secret`
# as `object`, next to `format: url` and length limits that only strings have; the POST/PUT DTO types them as
# strings, and so does the service. Requests are generated with them as strings.
REQUEST_SCHEMA_FIXES: dict[str, dict[str, dict[str, Any]]] = {
    "WebhookUpdateWebhookInputDto": {"target": {"type": "string"}, "secret": {"type": "string"}},
}

# https://my.server.com/callback1 is a seeded webhook's target (a conflict); the others are new.
URLS = ("https://my.server.com/callback1", "https://example.com", "http://127.0.0.1:8080/x", "example.org/a.png")
EMAILS = ("test@test.com", "a.b@example.org")
MALFORMED_IDS = ("-bad", "under_score", "a" * 65, "dot.ted", "a/b", "ä", " ", ".", "..", "%", "A" * 32, "0" * 31)
# Characters for junk text: ASCII, the JSON and URL specials, Latin-1, a CJK character, an emoji.
ALPHABET = "abcXYZ019 -_./:?#%&=+@\"'\\{}[]\t\nüß€中😀"


def text(rng: random.Random, low: int = 0, high: int = 24) -> str:
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(low, max(low, high))))


def any_json(rng: random.Random, depth: int = 0) -> Any:
    """Any JSON value (small)."""
    kinds = ["null", "bool", "int", "float", "str"] + (["list", "object"] if depth < 2 else [])
    kind = rng.choice(kinds)
    if kind == "null":
        return None
    if kind == "bool":
        return rng.random() < 0.5
    if kind == "int":
        return rng.choice([0, -1, 1, 2**31, -(2**53), rng.randint(-1000, 1000)])
    if kind == "float":
        return rng.choice([0.5, -1e300, 1e-9])
    if kind == "str":
        return text(rng, 0, 8)
    if kind == "list":
        return [any_json(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    return {text(rng, 0, 6): any_json(rng, depth + 1) for _ in range(rng.randint(0, 3))}


@pytest.fixture(scope="module")
def checker() -> Conformance:
    found = openapi_conformance.load()
    if found is None:
        openapi_conformance.spec_missing("or PyYAML / jsonschema")
    return found


# --- the seeded world ------------------------------------------------------------------------------------------


@dataclass
class World:
    """The seeded projects, and per kind of path id (`senderId`...) and project, the ids that exist."""

    projects: list[str]
    ids: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    tokens: list[str] = field(default_factory=list)

    def add(self, name: str, project: str, *ids: str) -> None:
        known = self.ids.setdefault(name, {}).setdefault(project, [])
        known.extend(i for i in ids if i not in known)

    def all(self, name: str) -> list[str]:
        return [i for ids in self.ids.get(name, {}).values() for i in ids]


def _ok(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code < 300, response.text
    return response.json() if response.content else {}


CONVERSATION_APPS = ("01EB37HMH1M6SV18ASNS3G135H", "01EB37HMH1M6SV18ASNS3G135J")
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def seed_world(api: httpx.Client, admin: httpx.Client) -> World:
    """Every state an answer depends on, in a few projects. Real time never moves anything (long timings)."""
    _ok(admin.post("/reset"))
    _ok(
        admin.patch(
            "/settings", json={"senderActivationSeconds": 60, "profileReviewSeconds": 120, "accountReviewSeconds": 30}
        )
    )
    # "pi" has most things, so it is drawn most often.
    world = World(projects=["pi", "pi", "pi", "pi", "pi-review", "pi-rejected", "es", "bare", "full", "full"])
    for n in range(15):
        world.add("webhookId", "full", _ok(api.post("/v1/projects/full/webhooks", json=webhook_body(n)))["id"])
    for n in (1, 2):
        world.add("webhookId", "pi", _ok(api.post("/v1/projects/pi/webhooks", json=webhook_body(n)))["id"])
    bundle = {"name": "seeded", "region": "US", "subproject": True, "smsApp": True, "convApp": True}
    world.add("bundleId", "pi", _ok(api.post("/v1/projects/pi/bundles", json=bundle))["id"])

    pi = "/v1/projects/pi/whatsapp"
    seed = "/projects/pi/whatsapp/senders"
    _ok(admin.post("/projects/pi/whatsapp/account", json={}))
    active = [_ok(admin.post(seed, json={}))["id"] for _ in range(4)]
    _ok(api.patch(f"{pi}/senders/{active[1]}", json={"details": {"username": "taken"}, "status": "SUBMIT"}))
    _ok(admin.post(f"{seed}/{active[1]}/changes/review", json={"outcome": "approve"}))
    _ok(api.patch(f"{pi}/senders/{active[2]}", json={"details": {"displayName": "New", "email": None}}))  # DRAFT
    _ok(api.patch(f"{pi}/senders/{active[3]}", json={"status": "SUBMIT", "details": {"displayName": "Reviewed"}}))
    states = {}
    for state in ("PENDING_VERIFICATION", "ERROR", "SUSPENDED", "INACTIVE"):
        sid = _ok(admin.post(seed, json={}))["id"]
        _ok(admin.post(f"{seed}/{sid}/state", json={"state": state}))
        states[state] = sid
    _ok(api.post(f"{pi}/senders/{states['PENDING_VERIFICATION']}/register", json={"method": "SMS"}))
    new = _ok(api.post(f"{pi}/senders", json=pi_sender_body()))["id"]
    draft_body = pi_sender_body(status="DRAFT")
    draft_body["details"] = {**draft_body["details"], "phoneNumber": "555"}
    draft = _ok(api.post(f"{pi}/senders", json=draft_body))["id"]
    deleted = _ok(admin.post(seed, json={}))["id"]
    _ok(api.delete(f"{pi}/senders/{deleted}"))
    world.add("senderId", "pi", *active, *states.values(), new, draft, deleted)
    for flow, screens in (("100", ["WELCOME"]), ("101", [])):
        _ok(admin.post("/projects/pi/whatsapp/flows", json={"id": flow, "screens": screens}))
        world.add("flowId", "pi", flow)
    solution = {"accessToken": "t", "businessManager": "SINCH_UK", "details": {"name": "S"}}
    first = _ok(api.post(f"{pi}/solutions", json=solution))["solutions"][0]["id"]
    second = _ok(admin.post("/projects/pi/whatsapp/solutions", json={}))["id"]
    _ok(api.post(f"{pi}/solutions/{first}/assign"))
    world.add("solutionId", "pi", first, second)
    # Conversation apps: one with every channel (one of them failing), one with none.
    apps = "/projects/pi/conversation/apps"
    for channel in ("instagram", "messenger", "telegram"):
        _ok(admin.put(f"{apps}/{CONVERSATION_APPS[0]}/{channel}", json={}))
    _ok(admin.put(f"{apps}/{CONVERSATION_APPS[0]}/viber", json={"status": "ERROR", "statusDescription": "Broken"}))
    _ok(admin.put(f"{apps}/{CONVERSATION_APPS[1]}/telegram", json={}))
    _ok(admin.delete(f"{apps}/{CONVERSATION_APPS[1]}/telegram"))
    world.add("conversationAppId", "pi", *CONVERSATION_APPS)

    _ok(api.post("/v1/projects/pi-review/whatsapp", json=PI_ACCOUNT_BODY))
    # SINCH_BR: the PATCH examples move the sender region to BR, which SINCH_UK does not allow.
    _ok(admin.post("/projects/pi-rejected/whatsapp/account", json={"state": "REJECTED", "businessManager": "SINCH_BR"}))
    world.add("senderId", "es", _ok(api.post("/v1/projects/es/whatsapp/senders", json=ES_BODY))["id"])
    seed_templates(api, admin, world)
    seed_kakaotalk(api, admin, world)
    seed_rcs(api, admin, world)
    return world


RCS_NUMBERS = ("+46123123111", "+46123123222", "+46123123333")


def rcs_sender_body(launchable: bool = True) -> dict[str, Any]:
    body: dict[str, Any] = {"region": "EU", "billingCategory": "NON_CONVERSATIONAL", "useCase": "PROMOTIONAL"}
    if launchable:
        general = {"optInDescription": "a", "triggerDescription": "b", "interactionsDescription": "c",
                   "optOutDescription": "d"}  # fmt: skip
        verification = {"name": "Jane", "email": "jane@example.com", "website": "https://example.com"}
        brand = {"name": "Seeded", "emails": [{"label": "Mail", "address": "a@example.com"}],
                 "bannerUrl": "https://example.com/b.png", "logoUrl": "https://example.com/l.png",
                 "privacyPolicyUrl": "https://example.com/p", "termsOfServiceUrl": "https://example.com/t"}  # fmt: skip
        questionnaire = {"general": {"answers": general}, "verification": {"answers": verification}}
        body["details"] = {"brand": brand, "countries": ["SE"], "questionnaire": questionnaire}
    return body


def seed_rcs(api: httpx.Client, admin: httpx.Client, world: World) -> None:
    """RCS in project pi (the account; the others have none): senders in DRAFT (one that cannot launch), IN_TEST
    (test numbers unverified, verified, declined), PREPARING_LAUNCH, LAUNCHED, and one that has sent its 20
    invitations of the day."""
    senders = "/v1/projects/pi/rcs/senders"
    admin_senders = "/projects/pi/rcs/senders"
    bare = _ok(api.post(senders, json=rcs_sender_body(launchable=False)))["id"]
    draft = _ok(api.post(senders, json=rcs_sender_body()))["id"]
    tested = _ok(api.post(senders, json=rcs_sender_body()))["id"]
    _ok(api.post(f"{senders}/{tested}/testNumbers", json={"testNumbers": list(RCS_NUMBERS)}))
    _ok(admin.post(f"{admin_senders}/{tested}/testNumbers/{RCS_NUMBERS[1]}/invitation", json={"outcome": "accept"}))
    _ok(admin.post(f"{admin_senders}/{tested}/testNumbers/{RCS_NUMBERS[2]}/invitation", json={"outcome": "decline"}))
    preparing = _ok(api.post(senders, json=rcs_sender_body()))["id"]
    _ok(api.post(f"{senders}/{preparing}/launch"))
    launched = _ok(api.post(senders, json=rcs_sender_body()))["id"]
    _ok(admin.post(f"{admin_senders}/{launched}/state", json={"state": "LAUNCHED"}))
    full = _ok(api.post(senders, json=rcs_sender_body()))["id"]
    _ok(api.post(f"{senders}/{full}/testNumbers", json={"testNumbers": [f"+4670000{i:04d}" for i in range(20)]}))
    world.add("rcsSenderId", "pi", bare, draft, tested, preparing, launched, full)
    world.add("rcsTestNumber", "pi", *(f"{tested}/{n}" for n in RCS_NUMBERS), f"{full}/+46700000000")


def kakao_sender_body(plus_friend_id: str, **overrides: Any) -> dict[str, Any]:
    details = {"adminPhoneNo": "+48777777777", "name": "Seeded", "topLevelCategoryCode": "019",
               "midLevelCategoryCode": "0006", "subLevelCategoryCode": "0001"}  # fmt: skip
    return {"plusFriendId": plus_friend_id, "details": details, **overrides}


def kakao_template_body(name: str, **overrides: Any) -> dict[str, Any]:
    details = {"name": name, "language": "KO", "content": "Hello", "categoryCode": "001001"}
    return {"details": details, **overrides}


def seed_kakaotalk(api: httpx.Client, admin: httpx.Client, world: World) -> None:
    """KakaoTalk in project pi (bare and the others have none): senders submitted, draft, rejected, verifying,
    active (one with draft changes, one marked for removal), blocked; templates of an active sender in review,
    draft, approved (one with draft changes) and rejected."""
    senders = "/v1/projects/pi/kakaotalk/senders"
    admin_senders = "/projects/pi/kakaotalk/senders"
    _ok(api.post(senders, json=kakao_sender_body("@submitted")))
    _ok(api.post(senders, json=kakao_sender_body("@draft", status="DRAFT")))
    _ok(api.post(senders, json=kakao_sender_body("@rejected")))
    _ok(admin.post(f"{admin_senders}/@rejected/review", json={"outcome": "reject"}))
    _ok(api.post(senders, json=kakao_sender_body("@verifying")))
    _ok(api.post(f"{senders}/@verifying/register"))
    for name in ("@active", "@edited", "@removal", "@blocked"):
        _ok(api.post(senders, json=kakao_sender_body(name)))
        _ok(admin.post(f"{admin_senders}/{name}/review", json={"outcome": "approve"}))
    _ok(api.patch(f"{senders}/@edited", json={"details": {"name": "Draft name"}}))
    _ok(api.delete(f"{senders}/@removal"))
    _ok(admin.post(f"{admin_senders}/@blocked/state", json={"state": "BLOCKED"}))
    world.add("plusFriendId", "pi", "@submitted", "@draft", "@rejected", "@verifying", "@active", "@edited",
              "@removal", "@blocked")  # fmt: skip
    templates = f"{senders}/@active/templates"
    codes = {}
    for name, status in (("in_review", "SUBMIT"), ("draft", "DRAFT"), ("approved", "SUBMIT"),
                         ("edited", "SUBMIT"), ("rejected", "SUBMIT")):  # fmt: skip
        codes[name] = _ok(api.post(templates, json=kakao_template_body(name, status=status)))["code"]
    review = f"{admin_senders}/@active/templates/{{}}/review"
    for name in ("approved", "edited"):
        _ok(admin.post(review.format(codes[name]), json={"outcome": "approve"}))
    _ok(admin.post(review.format(codes["rejected"]), json={"outcome": "reject"}))
    _ok(api.patch(f"{templates}/{codes['edited']}", json={"details": {"content": "Draft"}}))
    world.add("kakaoTemplate", "pi", *(f"@active/{code}" for code in codes.values()))


# Templates of the world (project pi unless told). The live ones have 1,500 sends in the last days (compare needs
# 1,000 in the timeframe); approved_one's components are TWIN_COMPONENTS, so a submission of the same content under
# another name (EN_US) meets 424 template_content_already_exists.
TWIN_COMPONENTS: list[dict[str, Any]] = [
    {"type": "HEADER", "format": "TEXT", "text": "Order {{1}}", "example": "12345"},
    {"type": "BODY", "text": "Hi {{1}}, your order {{2}} is on its way.", "examples": ["Ann", "12345"]},
    {"type": "FOOTER", "text": "Thanks for shopping"},
]
LIVE_TEMPLATES: list[tuple[str, dict[str, Any]]] = [
    ("approved_one", {"details": {"components": TWIN_COMPONENTS}}),
    ("approved_two", {}),
    ("approved_two", {"language": "DE"}),
    ("paused_one", {"state": "PAUSED", "qualityScore": "QUALITY_SCORE_RED"}),
    ("disabled_one", {"state": "DISABLED", "category": "MARKETING"}),
    ("edited_draft", {}),
    ("edited_review", {}),
]


def fresh_components(rng: random.Random) -> list[dict[str, Any]]:
    """Valid UTILITY components no other template has."""
    n = rng.getrandbits(40)
    return [{"type": "BODY", "text": f"Your request {n} is {{{{1}}}}.", "examples": ["ready"]}]


def seed_templates(api: httpx.Client, admin: httpx.Client, world: World) -> None:
    now = datetime.fromisoformat(_ok(admin.get("/clock"))["now"])
    sends = [
        {
            "sent": 1500,
            "delivered": 1400,
            "read": 900,
            "start": (now - timedelta(days=2)).isoformat(),
            "end": (now - timedelta(days=1)).isoformat(),
            "buttons": [{"type": "QUICK_REPLY", "content": "Yes", "clicks": 12}],
        }
    ]
    seed = "/projects/pi/whatsapp/templates"
    for name, fields in LIVE_TEMPLATES:
        created = _ok(admin.post(seed, json={"name": name, "analytics": sends, **fields}))
        world.add("template", "pi", f"{name}/{created['language']}")
    others: list[dict[str, Any]] = [
        {"name": "meta_made", "isMetaGenerated": True, "analytics": sends},
        {"name": "rejected_one", "state": "REJECTED"},
        {"name": "wrong_category", "state": "REJECTED", "rejectionCode": "INCORRECT_CATEGORY"},
        {"name": "seeded_draft", "state": None, "category": "MARKETING"},
    ]
    for fields in others:
        created = _ok(admin.post(seed, json=fields))
        world.add("template", "pi", f"{created['name']}/{created['language']}")
    item = "/v1/projects/pi/whatsapp/templates/{}/languages/EN_US"
    rng = random.Random(0)
    _ok(api.patch(item.format("edited_draft"), json={"details": {"components": fresh_components(rng)}}))
    _ok(
        api.patch(
            item.format("edited_review"), json={"status": "SUBMIT", "details": {"components": fresh_components(rng)}}
        )
    )
    base = "/v1/projects/{}/whatsapp/templates"
    for project, name, status in (
        ("pi", "pending_one", "SUBMIT"),
        ("pi", "draft_one", "DRAFT"),
        ("es", "es_one", "SUBMIT"),
    ):
        body = {"name": name, "language": "EN_US", "category": "UTILITY", "status": status}
        _ok(api.post(base.format(project), json={**body, "details": {"components": fresh_components(rng)}}))
        world.add("template", project, f"{name}/EN_US")
    # An account in review has no WABA yet: its drafts cannot be submitted (409).
    _ok(admin.post("/projects/pi-review/whatsapp/templates", json={"name": "waiting_draft", "state": None}))
    world.add("template", "pi-review", "waiting_draft/EN_US")


def template_create_body(rng: random.Random) -> dict[str, Any]:
    """A valid create body under a new name: fresh content (201), or approved_one's (424 when submitted)."""
    twin = rng.random() < 0.3
    return {
        "name": f"generated_{rng.getrandbits(32):08x}",
        "language": "EN_US" if twin else rng.choice(["EN_US", "EN_US", "DE", "PL"]),
        "category": "UTILITY",
        "status": rng.choice(["SUBMIT", "SUBMIT", "DRAFT"]),
        "saveDraftOnFailure": rng.random() < 0.3,
        "details": {"components": copy.deepcopy(TWIN_COMPONENTS) if twin else fresh_components(rng)},
    }


def template_update_body(rng: random.Random) -> dict[str, Any]:
    """Fresh content, as a draft or submitted, or approved_one's content submitted (424 for another template)."""
    if rng.random() < 0.4:
        return {"status": "SUBMIT", "details": {"components": copy.deepcopy(TWIN_COMPONENTS)}}
    return {"status": rng.choice(["SUBMIT", "DRAFT"]), "details": {"components": fresh_components(rng)}}


def template_compare_body(rng: random.Random) -> dict[str, Any]:
    name, fields = rng.choice(LIVE_TEMPLATES)
    return {"templates": [{"templateName": name, "templateLanguage": fields.get("language", "EN_US")}]}


# --- requests from the description ---------------------------------------------------------------------------


def _resolve(spec: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[1]
        found: dict[str, Any] = fix_converted_example(dict(spec["components"]["schemas"][name]))
        for prop, fix in REQUEST_SCHEMA_FIXES.get(name, {}).items():
            found["properties"] = {**found["properties"], prop: {**found["properties"][prop], **fix}}
        node = found
    if "allOf" in node:  # NestJS wraps a $ref in allOf to add a description: merge the parts
        merged = {k: v for k, v in node.items() if k != "allOf"}
        for part in node["allOf"]:
            merged.update(_resolve(spec, part))
        node = merged
    return node


def schema_value(rng: random.Random, spec: dict[str, Any], node: dict[str, Any], depth: int = 0) -> Any:
    """A value of a request schema: right in type, enum, length and required fields (not in every format), at
    the length limits now and then; optional fields present or not."""
    node = _resolve(spec, node)
    if "anyOf" in node or "oneOf" in node:
        return schema_value(rng, spec, rng.choice(node.get("anyOf") or node["oneOf"]), depth)
    if "enum" in node:
        return rng.choice(node["enum"])
    if "const" in node:
        return node["const"]
    kind = node.get("type", "object")
    if isinstance(kind, list):
        kind = rng.choice(kind)
    if kind == "null":
        return None
    if kind == "string":
        low, high = node.get("minLength", 0), node.get("maxLength")
        if node.get("format") == "url":
            return rng.choice(URLS)
        if node.get("format") == "email":
            return rng.choice(EMAILS)
        if high is not None and high <= 1000 and rng.random() < 0.1:
            return "x" * rng.choice([high, high + 1])
        return text(rng, max(low, 1) if rng.random() < 0.9 else low, 20)
    if kind in ("number", "integer"):
        return rng.randint(node.get("minimum", -1000), node.get("maximum", 10**6))
    if kind == "boolean":
        return rng.random() < 0.5
    if kind == "array":
        low = node.get("minItems", 0)
        items = [schema_value(rng, spec, node.get("items", {}), depth + 1) for _ in range(rng.randint(low, low + 2))]
        if node.get("uniqueItems"):
            items = list(dict.fromkeys(json.dumps(i) for i in items))
            items = [json.loads(i) for i in items]
        return items
    required = set(node.get("required", []))
    return {
        key: schema_value(rng, spec, prop, depth + 1)
        for key, prop in node.get("properties", {}).items()
        if depth < 5 and (key in required or rng.random() < 0.5)
    }


def mutated(rng: random.Random, value: Any) -> Any:
    """The value, or one field of it (at any depth) dropped, replaced by any JSON, or an unknown one added."""
    if not isinstance(value, dict) or rng.random() < 0.7:
        return value
    value = dict(value)
    how = rng.choice(["drop", "replace", "unknown", "deeper"])
    if how == "unknown" or not value:
        value[rng.choice(["extra", "name", "id", "state"])] = any_json(rng)
        return value
    key = rng.choice(sorted(value))
    if how == "drop":
        del value[key]
    elif how == "replace":
        value[key] = any_json(rng)
    else:
        value[key] = mutated(rng, value[key])
    return value


@dataclass
class Request:
    method: str
    url: str
    params: list[tuple[str, str]]
    content: bytes | None
    headers: dict[str, str]
    auth: tuple[str, str] | None


# Bodies that meet the world's state, next to the description's examples: a seeded webhook's target; valid
# templates (the description's template examples are mostly invalid: several HEADERs, no BODY, a flowId that is
# no number) and the templates to compare with. A callable makes a body from the generator.
WORLD_BODIES: dict[tuple[str, str], list[Any]] = {
    ("post", HOOKS): [webhook_body(1)],
    ("put", HOOKS + "/{webhookId}"): [webhook_body(1)],
    ("patch", HOOKS + "/{webhookId}"): [{"target": webhook_body(1)["target"]}],
    ("post", TEMPLATES): [template_create_body],
    ("patch", TEMPLATE): [template_update_body],
    ("post", TEMPLATE + "/compare"): [template_compare_body],
    # KakaoTalk: a new sender (or a taken plusFriendId), a valid template, changes that pass the submission checks
    ("post", KSENDERS): [
        lambda rng: kakao_sender_body(f"@new{rng.getrandbits(20)}", status=rng.choice(["DRAFT", "SUBMIT"])),
        kakao_sender_body("@active"),
    ],
    ("patch", KSENDER): [{"details": {"name": "Renamed"}}, {"status": "SUBMIT", "details": {"name": "Renamed"}}],
    ("post", KTEMPLATES): [
        lambda rng: kakao_template_body(f"t{rng.getrandbits(20)}", status=rng.choice(["DRAFT", "SUBMIT"])),
        kakao_template_body("approved"),
    ],
    ("patch", KTEMPLATE): [
        {"details": {"content": "Changed"}},
        {"status": "SUBMIT", "details": {"title": None}},
        {"status": "SUBMIT", "details": {"emphasizeType": "EMPHASIZE_TYPE_IMAGE"}},  # no image: 424
    ],
    # RCS: a sender that can launch, changes of a sender, a new test number (or more than a day allows)
    ("post", RSENDERS): [rcs_sender_body()],
    ("patch", RSENDER): [{"details": {"countries": ["SE", "FR"]}}, {"details": {"brand": {"name": "Renamed"}}}],
    ("post", RSENDER + "/testNumbers"): [
        lambda rng: {"testNumbers": [f"+4671{rng.getrandbits(24):08d}"]},
        lambda rng: {"testNumbers": [f"+4672{rng.getrandbits(20):07d}{i:02d}" for i in range(21)]},
    ],
    # a seeded webhook's target (409 where it is taken), and a new one (424 in the full project)
    ("post", BUNDLES): [
        {"name": "b", "region": "EU", "smsApp": True, "webhooks": [webhook_body(1)]},
        {"name": "b", "region": "EU", "convApp": True, "webhooks": [webhook_body(99)]},
    ],
}


def fix_example_value(value: Any) -> Any:
    """A request example with the description's conversion slip undone (see openapi_conformance.CONVERTED_EXAMPLE):
    `examples: [x]` of a header, card header, URL or COPY_CODE button read as `example: x` (BODY `examples` is a
    real list)."""
    if isinstance(value, list):
        return [fix_example_value(v) for v in value]
    if not isinstance(value, dict):
        return value
    fixed = {k: fix_example_value(v) for k, v in value.items()}
    examples = fixed.get("examples")
    if fixed.get("type") not in (None, "BODY") and isinstance(examples, list) and len(examples) == 1:
        fixed["example"] = fixed.pop("examples")[0]
    return fixed


def _segment(value: str) -> str:
    encoded = quote(value, safe="")
    return encoded.replace(".", "%2E") if set(value) <= {"."} else encoded  # clients resolve "." and ".."


class Requests:
    """Requests for the operations, from the description and the world."""

    def __init__(self, checker: Conformance) -> None:
        self.spec = checker.spec
        self.examples: dict[tuple[str, str], list[Any]] = {}
        self.schemas: dict[tuple[str, str], dict[str, Any]] = {}
        for op in checker.operations:
            body = self.spec["paths"][op.template][op.method].get("requestBody")
            if body is not None:
                media = body["content"]["application/json"]
                self.examples[op.key] = [fix_example_value(e["value"]) for e in media.get("examples", {}).values()]
                self.schemas[op.key] = media["schema"]

    def path_value(self, rng: random.Random, name: str, world: World, project: str) -> str:
        """An id that exists (mostly in this project), an unknown one, or a malformed one."""
        kind = rng.choice(["known"] * 8 + ["elsewhere", "unknown", "malformed"])
        pool = world.projects if name == "projectId" else world.ids.get(name, {}).get(project, [])
        if kind == "elsewhere" or not pool:
            pool = world.all(name)
        if kind in ("known", "elsewhere") and pool:
            return rng.choice(pool)
        if kind == "unknown":
            unknown = {
                "projectId": "fresh-project",
                "senderId": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "webhookId": uuid.UUID(int=rng.getrandbits(128), version=4).hex,
                "conversationAppId": "".join(rng.choice(_CROCKFORD) for _ in range(26)),
                "bundleId": uuid.UUID(int=rng.getrandbits(128), version=4).hex[:24],
                "plusFriendId": f"@unknown{rng.getrandbits(16)}",
            }
            return unknown.get(name, str(rng.randint(1, 10**15)))
        return rng.choice(MALFORMED_IDS) if rng.random() < 0.7 else text(rng, 1)

    def query(self, rng: random.Random, op: Operation, world: World) -> list[tuple[str, str]]:
        params: list[tuple[str, str]] = []
        for param in self.spec["paths"][op.template][op.method].get("parameters", []):
            if param["in"] != "query" or rng.random() < 0.5:
                continue
            name, schema = param["name"], _resolve(self.spec, param.get("schema", {}))
            if name == "pageToken":
                params.append((name, rng.choice(world.tokens) if world.tokens and rng.random() < 0.6 else text(rng)))
            elif schema.get("type") in ("number", "integer"):
                low, high = schema.get("minimum", 0), schema.get("maximum", 100)
                junk = [str(low - 1), str(high + 1), "1.5", "x", ""]
                params.append((name, str(rng.randint(low, high)) if rng.random() < 0.7 else rng.choice(junk)))
            elif schema.get("type") == "boolean":
                params.append((name, rng.choice(["true", "false"]) if rng.random() < 0.8 else text(rng)))
            elif "enum" in schema:
                params.append((name, rng.choice(schema["enum"]) if rng.random() < 0.8 else text(rng)))
            elif schema.get("type") == "array":
                enum = _resolve(self.spec, schema.get("items", {})).get("enum", [])
                for _ in range(rng.randint(1, 3)):
                    params.append((name, rng.choice(enum) if enum and rng.random() < 0.8 else text(rng)))
            else:
                params.append((name, text(rng)))
        return params

    def body(self, rng: random.Random, op: Operation) -> tuple[bytes | None, dict[str, str]]:
        json_type = {"content-type": "application/json"}
        if op.key not in self.schemas:
            return None, {}
        kind = rng.choice(["example"] * 4 + ["schema"] * 4 + ["json", "broken", "type", "none"])
        examples = self.examples[op.key]
        if op.key in WORLD_BODIES and rng.random() < 0.5:
            examples = WORLD_BODIES[op.key]
        if op.template.startswith((TEMPLATES, KSENDERS)) and op.key in WORLD_BODIES and rng.random() < 0.3:
            # A valid template body is rare at random: the world's bodies more often.
            kind, examples = "example", WORLD_BODIES[op.key]
        if kind == "example" and examples:
            chosen = rng.choice(examples)
            value = mutated(rng, chosen(rng) if callable(chosen) else copy.deepcopy(chosen))
        elif kind in ("schema", "example"):
            value = mutated(rng, schema_value(rng, self.spec, self.schemas[op.key]))
        elif kind == "json":
            value = any_json(rng)
        elif kind == "broken":
            return rng.choice([b"{", b"", b"NaN", b'{"a": Infinity}', b"\xff"]), json_type
        elif kind == "type":
            return b'{"comment": "x"}', {"content-type": rng.choice(["text/plain", "application/xml"])}
        else:
            return None, {}
        return json.dumps(value).encode(), json_type

    def template_ids(self, rng: random.Random, world: World, project: str) -> tuple[str, str]:
        """A (templateName, languageCode) pair that exists (mostly in this project), an unknown name, a malformed
        name, or a language code that is no enum value."""
        kind = rng.choice(["known"] * 8 + ["elsewhere", "unknown", "unknown", "malformed", "language"])
        pool = world.ids.get("template", {}).get(project, []) if kind != "elsewhere" else []
        pair = rng.choice(pool or world.all("template")).split("/")
        if kind == "unknown":
            return f"unknown_{rng.getrandbits(16)}", pair[1]
        if kind == "malformed":
            return rng.choice(MALFORMED_IDS), pair[1]
        if kind == "language":
            return pair[0], rng.choice(["en_us", "XX", "UNRECOGNIZED", "EN-US", text(rng, 1)])
        return pair[0], pair[1]

    def kakao_template_ids(self, rng: random.Random, world: World, project: str) -> tuple[str, str]:
        """A (plusFriendId, templateCode) pair that exists (in project pi), or an unknown sender or code."""
        sender, code = rng.choice(world.all("kakaoTemplate")).split("/")
        kind = rng.choice(["known"] * 8 + ["sender", "code", "malformed"])
        if kind == "sender":
            return rng.choice(world.all("plusFriendId")), code
        if kind == "code":
            return sender, "".join(rng.choice(_CROCKFORD) for _ in range(20))
        if kind == "malformed":
            return sender, rng.choice(MALFORMED_IDS)
        return sender, code

    def rcs_number_ids(self, rng: random.Random, world: World) -> tuple[str, str]:
        """A (senderId, testNumber) pair of project pi, or an unknown sender or number, or a malformed number."""
        sender, number = rng.choice(world.all("rcsTestNumber")).split("/")
        kind = rng.choice(["known"] * 8 + ["sender", "number", "malformed"])
        if kind == "sender":
            return rng.choice(world.all("rcsSenderId")), number
        if kind == "number":
            return sender, f"+4673{rng.getrandbits(20):07d}"
        if kind == "malformed":
            return sender, rng.choice(["123", "0046123123111", "+", text(rng, 1)])
        return sender, number

    def request(self, rng: random.Random, op: Operation, world: World) -> Request:
        project = self.path_value(rng, "projectId", world, "")
        if op.template.startswith((TEMPLATES, KAKAO, RCS)) and rng.random() < 0.5:
            project = "pi"  # the project with templates in every state (and KakaoTalk, and RCS)
        path = op.template.replace("{projectId}", _segment(project))
        if "{templateName}" in path:
            name, language = self.template_ids(rng, world, project)
            path = path.replace("{templateName}", _segment(name)).replace("{languageCode}", _segment(language))
        if "{templateCode}" in path:
            sender, code = self.kakao_template_ids(rng, world, project)
            path = path.replace("{plusFriendId}", _segment(sender)).replace("{templateCode}", _segment(code))
        if "{testNumber}" in path:
            sender, number = self.rcs_number_ids(rng, world)
            path = path.replace("{senderId}", _segment(sender)).replace("{testNumber}", _segment(number))
        if op.template.startswith(RSENDERS) and "{senderId}" in path:
            path = path.replace("{senderId}", _segment(self.path_value(rng, "rcsSenderId", world, project)))
        if "{useCase}" in path:
            use_case = rng.choice(["MULTIUSE", "OTP", "PROMOTIONAL", "TRANSACTIONAL"] * 3 + ["MARKETING", text(rng, 1)])
            path = path.replace("{useCase}", _segment(use_case))
        for name in ("senderId", "webhookId", "flowId", "solutionId", "conversationAppId", "bundleId", "plusFriendId"):
            if "{" + name + "}" in path:
                path = path.replace("{" + name + "}", _segment(self.path_value(rng, name, world, project)))
        content, headers = self.body(rng, op)
        auth = rng.choice([(KEY_ID, KEY_SECRET)] * 8 + [None, (KEY_ID, "wrong")])
        return Request(op.method.upper(), path, self.query(rng, op, world), content, headers, auth)


# --- the run --------------------------------------------------------------------------------------------------


class Run:
    """Seeded examples: a freshly seeded world, then STEPS steps (mostly requests), every answer checked."""

    def __init__(self, server: EmulatorServer, checker: Conformance, rcs: bool = False) -> None:
        """`rcs`: the run of the RCS operations (else every other operation)."""
        self.checker = checker
        self.rcs = rcs
        self.ops = [op for op in checker.operations if op.template.startswith(RCS) == rcs]
        self.requests = Requests(checker)
        self.api = httpx.Client(base_url=server.url, timeout=10)  # credentials per request (some have none)
        self.seeding = httpx.Client(base_url=server.url, auth=(KEY_ID, KEY_SECRET), timeout=10)
        self.admin = httpx.Client(base_url=server.url + "/_emulator", timeout=10)
        self.reached: Counter[tuple[tuple[str, str], int]] = Counter()

    def close(self) -> None:
        for client in (self.api, self.seeding, self.admin):
            client.close()

    def example(self, seed: int) -> None:
        rng = random.Random(seed)
        world = seed_world(self.seeding, self.admin)
        self.last: tuple[Operation, Request] | None = None
        steps = [self.call] * 13 + [self.repeat] * 3
        steps += [self.verification, self.advance, self.move_sender, self.review, self.template_admin]
        steps += [self.sender_twice, self.kakao_verification, self.kakao_admin]
        if self.rcs:
            steps = [self.call] * 13 + [self.repeat] * 3 + [self.advance, self.rcs_admin]
        for step in range(STEPS):
            try:
                rng.choice(steps)(rng, world)
            except AssertionError as exc:
                raise AssertionError(f"seed {seed}, step {step}: {exc}") from None

    def call(self, rng: random.Random, world: World) -> None:
        """One generated request to one operation of the run (those with more documented answers more often; an
        RCS operation by its expected answers: they document many supplier errors the emulator never gives)."""
        ops = self.ops
        weights = [len(EXPECTED[op.key] if self.rcs else op.responses) ** 2 for op in ops]
        op = rng.choices(ops, weights=weights)[0]
        self.send(op, self.requests.request(rng, op, world), world)

    def repeat(self, rng: random.Random, world: World) -> None:
        """The previous request again: a second create, delete or update meets what the first one did."""
        if self.last is not None:
            self.send(*self.last, world)

    def sender_twice(self, rng: random.Random, world: World) -> None:
        """One generated sender create, sent twice: the second meets the first (409 when the first was created).
        Scripted since the Bundles and Conversation operations joined the pool, which made a repeated sender create
        too rare at random for a hundred examples."""
        op = self.checker.find("post", WA + "/senders")
        request = self.requests.request(rng, op, world)
        self.send(op, request, world)
        self.send(op, request, world)

    def verification(self, rng: random.Random, world: World) -> None:
        """Register a sender of project pi, then verify it with the right code: the two requests are rare
        enough at random to be scripted (any sender, so mostly a 409 for the wrong state)."""
        sender = rng.choice(world.ids["senderId"]["pi"])
        url = f"/v1/projects/pi/whatsapp/senders/{sender}"
        json_type = {"content-type": "application/json"}
        method = json.dumps({"method": rng.choice(["SMS", "VOICE"])}).encode()
        auth = (KEY_ID, KEY_SECRET)
        register = self.checker.find("post", SENDER + "/register")
        self.send(register, Request("POST", url + "/register", [], method, json_type, auth), world)
        verify = Request("POST", url + "/verify", [], b'{"code": "000000"}', json_type, auth)
        self.send(self.checker.find("post", SENDER + "/verify"), self._right_code(verify), world)

    def kakao_verification(self, rng: random.Random, world: World) -> None:
        """Register a KakaoTalk sender of project pi, then verify it with the code the admin API shows (the right
        code is rare at random)."""
        sender = quote(rng.choice(world.ids["plusFriendId"]["pi"]), safe="")
        url = f"/v1/projects/pi/kakaotalk/senders/{sender}"
        auth = (KEY_ID, KEY_SECRET)
        self.send(self.checker.find("post", KSENDER + "/register"), Request("POST", url + "/register", [], None, {},
                                                                            auth), world)  # fmt: skip
        found = self.admin.get(f"/projects/pi/kakaotalk/senders/{sender}/verification-code")
        code = found.json()["code"] if found.status_code == 200 else 1
        body = json.dumps({"code": code}).encode()
        verify = Request("POST", url + "/verify", [], body, {"content-type": "application/json"}, auth)
        self.send(self.checker.find("post", KSENDER + "/verify"), verify, world)

    def kakao_admin(self, rng: random.Random, world: World) -> None:
        """End a KakaoTalk review now, or move a sender (the admin answers 400 when the state does not allow)."""
        outcome = {"outcome": rng.choice(["approve", "reject"])}
        senders = "/projects/pi/kakaotalk/senders"
        if rng.random() < 0.5:
            sender, code = rng.choice(world.ids["kakaoTemplate"]["pi"]).split("/")
            self.admin.post(f"{senders}/{quote(sender, safe='')}/templates/{code}/review", json=outcome)
        elif rng.random() < 0.5:
            sender = quote(rng.choice(world.ids["plusFriendId"]["pi"]), safe="")
            self.admin.post(f"{senders}/{sender}/review", json=outcome)
        else:
            sender = quote(rng.choice(world.ids["plusFriendId"]["pi"]), safe="")
            state = rng.choice(["ACTIVE", "BLOCKED", "INACTIVE", "SUSPENDED"])
            self.admin.post(f"{senders}/{sender}/state", json={"state": state})

    def rcs_admin(self, rng: random.Random, world: World) -> None:
        """Move an RCS sender of project pi, one of its operators, or answer a tester's invitation."""
        senders = "/projects/pi/rcs/senders"
        sender = rng.choice(world.ids["rcsSenderId"]["pi"])
        if rng.random() < 0.4:
            state = rng.choice(["DRAFT", "IN_TEST", "LAUNCHING", "LAUNCHED", "PREPARING_LAUNCH", "UNLAUNCHED"])
            self.admin.post(f"{senders}/{sender}/state", json={"state": state})
        elif rng.random() < 0.5:
            operator = {"country": "SE", "operator": rng.choice(["Tele2", "Telia"]), "status": rng.choice(
                ["LAUNCHED", "REJECTED", "SUSPENDED", "PENDING"])}  # fmt: skip
            self.admin.post(f"{senders}/{sender}/operators", json=operator)
        else:
            sender, number = rng.choice(world.ids["rcsTestNumber"]["pi"]).split("/")
            outcome = {"outcome": rng.choice(["accept", "decline"])}
            self.admin.post(f"{senders}/{sender}/testNumbers/{quote(number, safe='')}/invitation", json=outcome)

    def send(self, op: Operation, request: Request, world: World) -> None:
        """Send, then check the answer: a documented status, a body of the documented schema, no 5xx."""
        self.last = op, request
        response = self.api.request(
            request.method,
            request.url,
            params=request.params,
            content=request.content,
            headers=request.headers,
            auth=request.auth,
        )
        path = raw_path(response.request.url)
        assert self.checker.operation(request.method, path) == op, (request, path)
        problems = self.checker.problems(
            request.method, path, response.status_code, response.content, response.headers.get("content-type")
        )
        assert not problems, (request, problems)
        # Without fault rules a 5xx is an emulator bug (a documented 500 would hide it).
        assert response.status_code < 500, (request, response.text)
        self.reached[(op.key, response.status_code)] += 1
        self._harvest(op, response, world)

    def _right_code(self, request: Request) -> Request:
        """A verify with the code the emulator "sent" (if it sent one)."""
        parts = request.url.split("/")  # /v1/projects/{p}/whatsapp/senders/{s}/verify
        otp = self.admin.get(f"/projects/{parts[3]}/whatsapp/senders/{parts[6]}/otp")
        if otp.status_code != 200:
            return request
        body = json.dumps({"code": otp.json()["code"]}).encode()
        return Request(request.method, request.url, [], body, {"content-type": "application/json"}, request.auth)

    @staticmethod
    def _harvest(op: Operation, response: httpx.Response, world: World) -> None:
        """Ids of what a request created, and page tokens, for later requests."""
        if response.status_code >= 300 or not response.content:
            return
        body = response.json()
        project = unquote(str(response.request.url.raw_path, "ascii").split("/")[3])
        if op.key == ("post", HOOKS):
            world.add("webhookId", project, body["id"])
        elif op.key == ("post", WA + "/senders"):
            world.add("senderId", project, body["id"])
        elif op.key == ("post", TEMPLATES):
            world.add("template", project, f"{body['name']}/{body['language']}")
        elif op.key == ("post", BUNDLES):
            world.add("bundleId", project, body["id"])
        elif op.key == ("post", KSENDERS):
            world.add("plusFriendId", project, body["plusFriendId"])
        elif op.key == ("post", KTEMPLATES):
            sender = unquote(str(response.request.url.raw_path, "ascii").split("/")[6])
            world.add("kakaoTemplate", project, f"{sender}/{body['code']}")
        elif op.key == ("post", RSENDERS):
            world.add("rcsSenderId", project, body["id"])
        elif op.key == ("post", RSENDER + "/testNumbers"):
            sender = unquote(str(response.request.url.raw_path, "ascii").split("/")[6])
            world.add("rcsTestNumber", project, *(f"{sender}/{n['number']}" for n in body["testNumbers"][:3]))
        elif op.key == ("post", WA + "/solutions"):
            world.add("solutionId", project, *(s["id"] for s in body["solutions"]))
        world.tokens.extend(body[key] for key in ("nextPageToken", "previousPageToken") if key in body)

    def advance(self, rng: random.Random, world: World) -> None:
        seconds = rng.choice([1, 31, 61, 121, 31 * 86400])
        _ok(self.admin.post("/clock/advance", json={"seconds": seconds}))

    def move_sender(self, rng: random.Random, world: World) -> None:
        sender = rng.choice(world.all("senderId"))
        state = rng.choice(["ACTIVE", "PENDING_VERIFICATION", "ERROR", "SUSPENDED", "INACTIVE"])
        for project in ("pi", "es"):  # the admin answers 404 in the project the sender is not in
            self.admin.post(f"/projects/{project}/whatsapp/senders/{sender}/state", json={"state": state})

    def review(self, rng: random.Random, world: World) -> None:
        """End a review now (the admin answers 400 when none is running)."""
        outcome = {"outcome": rng.choice(["approve", "reject"])}
        if rng.random() < 0.5:
            project = rng.choice(["pi-review", "pi-rejected"])
            self.admin.post(f"/projects/{project}/whatsapp/account/review", json=outcome)
        else:
            sender = rng.choice(world.ids["senderId"]["pi"])
            self.admin.post(f"/projects/pi/whatsapp/senders/{sender}/changes/review", json=outcome)

    def template_admin(self, rng: random.Random, world: World) -> None:
        """End a template's review now, or move a live one (the admin answers 400 when the state does not allow)."""
        name, language = rng.choice(world.ids["template"]["pi"]).split("/")
        item = f"/projects/pi/whatsapp/templates/{name}/languages/{language}"
        if rng.random() < 0.6:
            outcome = rng.choice(["approve", "reject"])
            body: dict[str, Any] = {"outcome": outcome}
            if outcome == "reject":
                body["rejectionCode"] = rng.choice(["INCORRECT_CATEGORY", "SCAM", "INVALID_FORMAT"])
            self.admin.post(item + "/review", json=body)
        else:
            moves = [
                {"state": "PAUSED"},
                {"state": "DISABLED"},
                {"state": "APPROVED"},
                {"qualityScore": "QUALITY_SCORE_RED"},
            ]
            self.admin.post(item + "/state", json=rng.choice(moves))


def _run(emulator: EmulatorServer, checker: Conformance, rcs: bool, examples: int) -> None:
    run = Run(emulator, checker, rcs=rcs)
    started = time.monotonic()
    try:
        for seed in range(examples):
            run.example(seed)
    finally:
        run.close()
    elapsed = time.monotonic() - started
    reached = run.reached
    missing = {
        (method.upper(), path, status)
        for (method, path), statuses in EXPECTED.items()
        for status in statuses
        if path.startswith(RCS) == rcs and reached[((method, path), status)] == 0
    }
    assert not missing, f"never reached in {elapsed:.1f} s: {sorted(missing)}"
    assert {op.key for op in checker.operations} == set(EXPECTED)
    for (key, status), _count in reached.items():
        assert status in EXPECTED[key] | MAY_REACH.get(key, set()), f"{key} answered {status}: add it to EXPECTED"


def test_every_answer_conforms_to_the_description(emulator: EmulatorServer, checker: Conformance) -> None:
    _run(emulator, checker, rcs=False, examples=EXAMPLES)


def test_every_rcs_answer_conforms_to_the_description(emulator: EmulatorServer, checker: Conformance) -> None:
    _run(emulator, checker, rcs=True, examples=RCS_EXAMPLES)
