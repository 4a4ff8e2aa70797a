"""Emulator answers against Sinch's OpenAPI description (v1.2.117): documented status, body of the documented
schema.

For an answer to an operation of an emulated tag (Webhooks, WhatsApp Accounts/Senders/Solutions/Flows/Templates,
Bundles, KakaoTalk Categories/Senders/Templates, RCS Accounts/Questionnaire/Senders):

- the status must be one the description lists for that operation;
- a status documented without content must come with an empty body;
- otherwise the body must be JSON and validate (jsonschema, draft 2020-12, the dialect of OpenAPI 3.1, `$ref`s
  resolved in the description) against the schema the description gives for that status; strictly: an object
  schema that lists `properties` and says nothing of others admits no others (`additionalProperties: false` is
  added), so an undocumented field is a departure too.

Answers that are no operation's (unknown routes, methods a path does not have, `/oauth2/token`, `/_emulator`)
and answers a fault rule made (header `X-Emulator-Fault`) are not checked.

The exceptions are the description's own slips, each explained below (and in emulator/README.md, "Conformance to
the description"). Nothing else is excused.

The description lives outside the repository (`../shared/reference`); `load()` answers None without it, or
without PyYAML / jsonschema (dev dependencies), and callers skip.
"""

from __future__ import annotations

import copy
import functools
import json
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SPEC_PATH = Path(__file__).resolve().parents[3] / "shared/reference/sinch-provisioning-openapi.yaml"
EMULATED_TAGS = frozenset(
    {
        "Webhooks",
        "WhatsApp Accounts",
        "WhatsApp Senders",
        "WhatsApp Solutions",
        "WhatsApp Flows",
        "WhatsApp Templates",
        "Conversation",
        "Bundles",
        "KakaoTalk Categories",
        "KakaoTalk Senders",
        "KakaoTalk Templates",
        "RCS Accounts",
        "RCS Questionnaire",
        "RCS Senders",
    }
)
#: Operations emulated from tags that are not emulated whole (the `WhatsApp` helpers: only this one).
EMULATED_OPERATIONS = frozenset({("put", "/v1/projects/{projectId}/whatsapp/enableTemplateAnalytics")})
METHODS = ("get", "put", "post", "delete", "patch")
FAULT_HEADER = "x-emulator-fault"
_BASE_URI = "urn:sinch-provisioning-openapi"
_SCHEMAS = "#/components/schemas/"

# --- the exceptions (the description's slips; see the module doc) --------------------------------------------

# POST /whatsapp/solutions documents no 400, yet its body (`WhatsappSolutionInputDto`) has required fields and
# an enum, and every other operation with a body documents 400 invalid_input / invalid_payload: the service
# validates every body before its handler (NestJS ValidationPipe); only this controller's 400 responses are
# missing. The emulator answers them, with the error schema of the tag.
EXTRA_RESPONSES: dict[tuple[str, str], dict[str, str]] = {
    ("post", "/v1/projects/{projectId}/whatsapp/solutions"): {"400": "WhatsappPapiErrorDto"},
}

# A sender's `changes.details` is the pending (partial) change set. The PATCH input
# (`WhatsappUpdateSenderInputDetailsDto`) types most fields `string|null`, null meaning "delete the value", so a
# pending deletion shows as null there; the response DTO's generator typed the same fields as plain strings.
# Those fields (the ones the input makes nullable) may be null in `WhatsappSenderChangesDetailsDto`.
NULLABLE_LIKE_INPUT: dict[str, str] = {"WhatsappSenderChangesDetailsDto": "WhatsappUpdateSenderInputDetailsDto"}

# The template DTOs' `example` property (a text or media header's, a card header's, a URL or COPY_CODE button's)
# reads `examples: [<schema>]` in the description: its OpenAPI 3.0 -> 3.1 conversion turned every `example` key
# into an `examples` list, including this property name inside `properties`. `required` still says `example`, and
# so do the field-mask paths (`details.components.0.example.url`) and `WhatsappTextHeaderComponentDto`, which the
# conversion missed. Such a property is read as `example: <schema>` (in requests too: see `fix_converted_example`).
CONVERTED_EXAMPLE = "examples"

# `oneOf: [X, XPartial]` where every X is also a valid XPartial (whose fields are all optional) can validate
# nothing: the answers of GET one template and of the two template lists (`WhatsappTemplateDto` or, with a
# `fieldMask`, `WhatsappPartialTemplateDto`) and `WhatsappPartialTemplateChangesDto.details`. NestJS's `oneOf`
# means "either" here: read as `anyOf`.
# The KakaoTalk change sets say the same of their `details` (`KakaotalkSenderDetailsDto` "for newly created sender"
# or `KakaotalkSenderChangesDetailsDto` "for update sender", whose fields are all optional; the templates' alike).
# The RCS US brand campaign questions (`questions` of `RcsBrandCampaignSenderDetailsQuestionnaireUSBaseDto` and
# `...USDto`) are a `oneOf` of the four variants (US/non-US x public/private) and of
# `RcsBrandCampaignSenderDetailsQuestionnaireUSQuestionsDto`, which requires exactly the US public variant's 28
# questions: the US public questions (and the full set of the `usQuestionnaire` example) match two alternatives.
ONE_OF_AS_ANY_OF: dict[str, str] = {
    "WhatsappPartialTemplateChangesDto": "details",
    "KakaotalkSenderChangesDto": "details",
    "KakaotalkTemplateChangesDto": "details",
    "RcsBrandCampaignSenderDetailsQuestionnaireUSBaseDto": "questions",
    "RcsBrandCampaignSenderDetailsQuestionnaireUSDto": "questions",
}


@functools.cache
def _load_yaml() -> dict[str, Any] | None:
    try:
        import yaml
    except ImportError:
        return None
    if not SPEC_PATH.exists():
        return None
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with SPEC_PATH.open(encoding="utf-8") as handle:
        loaded: dict[str, Any] = yaml.load(handle, Loader=loader)
    return loaded


def spec_missing(what: str) -> None:
    """Skip a test that needs the description when it is absent (a clone without ../shared); in CI, where
    ../shared is always laid beside the clone, fail instead: these checks must never be skipped silently."""
    import os

    import pytest

    message = f"{SPEC_PATH} ({what}) not found"
    if os.environ.get("CI"):
        pytest.fail(message + ": CI runs with ../shared beside the clone")
    pytest.skip(message)


def load_spec() -> dict[str, Any] | None:
    """The description as parsed YAML (shared, do not modify), or None when it (or PyYAML) is missing."""
    return _load_yaml()


def operations(spec: Mapping[str, Any], fragment: str) -> list[tuple[str, str, dict[str, Any]]]:
    """Every operation of the description whose path contains ``fragment`` (``/kakaotalk/``, ``/rcs/``)."""
    return [
        (method, path, op)
        for path, ops in spec["paths"].items()
        if fragment in path
        for method, op in ops.items()
        if method in ("get", "post", "patch", "delete", "put")
    ]


def enum(spec: Mapping[str, Any], name: str) -> list[str]:
    """The values of the description's enum schema ``name``."""
    values: list[str] = spec["components"]["schemas"][name]["enum"]
    return values


@functools.cache
def load() -> Conformance | None:
    """The checker for the description next to the clone, or None (no description, PyYAML or jsonschema)."""
    spec = load_spec()
    if spec is None:
        return None
    try:
        import jsonschema  # noqa: F401
    except ImportError:
        return None
    return Conformance(spec)


def _strict(node: Any) -> Any:
    """A copy in which every object schema with `properties` and no word on others admits no others."""
    if isinstance(node, list):
        return [_strict(item) for item in node]
    if not isinstance(node, dict):
        return node
    copied = {key: _strict(value) for key, value in node.items()}
    if "properties" in copied and "additionalProperties" not in copied and "unevaluatedProperties" not in copied:
        copied["additionalProperties"] = False
    return copied


def fix_converted_example(schema: dict[str, Any]) -> dict[str, Any]:
    """A schema with its `examples: [<schema>]` property (see CONVERTED_EXAMPLE) read as `example: <schema>`."""
    props = schema.get("properties")
    if not isinstance(props, dict) or not isinstance(props.get(CONVERTED_EXAMPLE), list):
        return schema
    fixed = {k: v for k, v in props.items() if k != CONVERTED_EXAMPLE}
    fixed["example"] = props[CONVERTED_EXAMPLE][0]
    return {**schema, "properties": fixed}


def _allow_null(prop: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [prop, {"type": "null"}]}


@dataclass(frozen=True)
class Operation:
    method: str  # lowercase, as in the description
    template: str  # /v1/projects/{projectId}/...
    pattern: re.Pattern[str]
    responses: Mapping[str, str | None]  # status -> component schema name, or None (no content)
    documented: frozenset[str]  # the statuses the description itself lists

    @property
    def key(self) -> tuple[str, str]:
        return self.method, self.template

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.template}"


def _template_pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^}]+\})", template)
    return re.compile("".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts))


@dataclass
class Conformance:
    spec: dict[str, Any]
    operations: list[Operation] = field(init=False)
    checked: Counter[tuple[tuple[str, str], int]] = field(init=False, default_factory=Counter)

    def __post_init__(self) -> None:
        from jsonschema import Draft202012Validator
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT202012

        self._synthetic: dict[str, Any] = {}
        self.operations = list(self._operations())
        raw = {name: fix_converted_example(node) for name, node in self.spec["components"]["schemas"].items()}
        schemas = _strict(copy.deepcopy({**raw, **self._synthetic}))
        for name, prop in ONE_OF_AS_ANY_OF.items():
            node = schemas[name]["properties"][prop]
            node["anyOf"] = node.pop("oneOf")
        for name, like in NULLABLE_LIKE_INPUT.items():
            nullable = {
                prop
                for prop, node in self.spec["components"]["schemas"][like]["properties"].items()
                if "null" in (node.get("type") if isinstance(node.get("type"), list) else [node.get("type")])
            }
            props = schemas[name]["properties"]
            for prop in nullable & set(props):
                props[prop] = _allow_null(props[prop])
        resource = Resource(contents={"components": {"schemas": schemas}}, specification=DRAFT202012)
        self._registry = Registry().with_resource(_BASE_URI, resource)
        self._validator_class = Draft202012Validator
        self._validators: dict[str, Any] = {}

    def _operations(self) -> Iterator[Operation]:
        for template, item in self.spec["paths"].items():
            for method, op in item.items():
                emulated = EMULATED_TAGS & set(op.get("tags", [])) or (method, template) in EMULATED_OPERATIONS
                if method not in METHODS or not emulated:
                    continue
                responses: dict[str, str | None] = {}
                for status, response in op["responses"].items():
                    content = response.get("content")
                    if not content:
                        responses[str(status)] = None
                        continue
                    responses[str(status)] = self._schema_name(content["application/json"]["schema"])
                documented = frozenset(responses)
                responses.update(EXTRA_RESPONSES.get((method, template), {}))
                yield Operation(method, template, _template_pattern(template), responses, documented)

    def _schema_name(self, schema: dict[str, Any]) -> str:
        """The component a response refers to; an inline `oneOf` of references gets a synthetic component (named
        after its parts, e.g. `WhatsappTemplateDto|WhatsappPartialTemplateDto`), read as `anyOf` (see
        ONE_OF_AS_ANY_OF)."""
        if "$ref" in schema:
            ref = str(schema["$ref"])
            assert ref.startswith(_SCHEMAS), ref
            return ref[len(_SCHEMAS) :]
        parts = schema["oneOf"]
        name = "|".join(str(part["$ref"])[len(_SCHEMAS) :] for part in parts)
        self._synthetic[name] = {"anyOf": [dict(part) for part in parts]}
        return name

    def operation(self, method: str, path: str) -> Operation | None:
        """The operation a request addresses (`path` as sent: percent-encoded, no query), or None."""
        method = method.lower()
        for op in self.operations:
            if op.method == method and op.pattern.fullmatch(path):
                return op
        return None

    def find(self, method: str, template: str) -> Operation:
        return next(op for op in self.operations if op.key == (method.lower(), template))

    def validator(self, schema_name: str) -> Any:
        found = self._validators.get(schema_name)
        if found is None:
            found = self._validator_class({"$ref": f"{_BASE_URI}{_SCHEMAS}{schema_name}"}, registry=self._registry)
            self._validators[schema_name] = found
        return found

    def problems(
        self, method: str, path: str, status: int, content: bytes, content_type: str | None = None
    ) -> list[str]:
        """What is wrong with this answer (empty: it conforms, or it is no operation's answer)."""
        op = self.operation(method, path)
        if op is None:
            return []
        where = f"{op} -> {status}"
        code = str(status)
        if code not in op.responses:
            documented = ", ".join(sorted(op.responses))
            return [f"{where}: status not documented for this operation (documented: {documented}): {content[:300]!r}"]
        self.checked[(op.key, status)] += 1
        schema_name = op.responses[code]
        if schema_name is None:
            return [] if content == b"" else [f"{where}: documented without content, got {content[:300]!r}"]
        media_type = (content_type or "").split(";", 1)[0].strip().lower()
        if media_type != "application/json":
            return [f"{where}: content type {content_type!r}, documented application/json"]
        try:
            body = json.loads(content)
        except ValueError:
            return [f"{where}: not JSON: {content[:300]!r}"]
        errors = sorted(self.validator(schema_name).iter_errors(body), key=lambda e: list(e.absolute_path))
        return [
            f"{where}: {schema_name} at {'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}"
            for e in errors[:10]
        ]


def raw_path(url: Any) -> str:
    """The path of an httpx URL as sent (percent-encoded), without the query."""
    return str(bytes(url.raw_path).split(b"?", 1)[0].decode("ascii"))


@dataclass
class Answer:
    method: str
    path: str
    status: int
    content: bytes
    content_type: str | None


@dataclass
class AnswerLog:
    """Every answer the emulator tests' API clients receive (an httpx response hook), for the conformance check
    after each test. Answers a fault rule made are left out."""

    answers: list[Answer] = field(default_factory=list)

    def record(self, response: Any) -> None:
        if FAULT_HEADER in response.headers:
            return
        response.read()
        request = response.request
        self.answers.append(
            Answer(
                method=request.method,
                path=raw_path(request.url),
                status=response.status_code,
                content=response.content,
                content_type=response.headers.get("content-type"),
            )
        )

    def take(self) -> list[Answer]:
        taken, self.answers = self.answers, []
        return taken
