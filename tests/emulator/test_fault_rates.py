"""Probabilistic fault rules (`rate`, `seed`): in process for the statistics, over HTTP for the admin API and a
bench-style set of rules."""

from __future__ import annotations

import math
import random
from collections import Counter
from typing import Any

import httpx
import pytest

from emulator.faults import FaultRuleError, FaultRules, parse_rule
from tests.emulator.conftest import PROJECT, webhook_body, webhooks_path

# --- in process ----------------------------------------------------------------------------------------------


def hit_pattern(rules: FaultRules, requests: list[tuple[str, str]]) -> list[int | None]:
    """The id of the rule each request got (None: no fault)."""
    return [None if (rule := rules.take(method, path)) is None else rule.id for method, path in requests]


def gets(n: int) -> list[tuple[str, str]]:
    return [("GET", f"/v1/projects/p/webhooks/{i:032x}") for i in range(n)]


def test_the_same_seed_gives_the_same_hits() -> None:
    def run(seed: int) -> list[int | None]:
        rules = FaultRules()
        rules.add({"path": "/webhooks", "status": 503, "rate": 0.3, "seed": seed})
        return hit_pattern(rules, gets(500))

    assert run(42) == run(42)
    assert run(42) != run(43)
    # One generator per rule, seeded: the n-th matching request is hit when the n-th draw is below the rate.
    expected = random.Random(42)
    assert run(42) == [1 if expected.random() < 0.3 else None for _ in range(500)]


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 4])
@pytest.mark.parametrize("rate", [0.02, 0.1, 0.5])
def test_the_observed_rate_over_2000_matching_requests(seed: int, rate: float) -> None:
    rules = FaultRules()
    rules.add({"method": "GET", "path": "/webhooks", "status": 500, "rate": rate, "seed": seed})
    requests = gets(2000) + [("POST", "/v1/projects/p/webhooks")] * 500 + [("GET", "/v1/projects/p/whatsapp")] * 500
    hits = sum(1 for r in hit_pattern(rules, requests) if r is not None)
    # Binomial(2000, rate): within 5 standard deviations (a false alarm once in ~3.5 million seeds).
    tolerance = 5 * math.sqrt(2000 * rate * (1 - rate))
    assert abs(hits - 2000 * rate) <= tolerance, (hits, 2000 * rate, tolerance)
    (listed,) = rules.rules()
    assert listed["matched"] == 2000  # only the matching requests draw (other method, other path: none)
    assert listed["hits"] == hits and listed["remaining"] is None


def test_a_rule_that_does_not_fire_lets_the_next_one_have_its_chance() -> None:
    rules = FaultRules()
    first = rules.add({"path": "/webhooks", "status": 503, "rate": 0.5, "seed": 7})
    second = rules.add({"path": "/webhooks", "status": 429, "rate": 0.5, "seed": 8})
    fallback = rules.add({"path": "/webhooks", "delay": 0.001, "times": None})  # no rate: all the others leave
    pattern = hit_pattern(rules, gets(1000))

    # Every matching rule draws for every request, also after an earlier one fired: each rule's selections
    # depend only on its own seed.
    a, b = random.Random(7), random.Random(8)
    expected = []
    for _ in range(1000):
        picks_a, picks_b = a.random() < 0.5, b.random() < 0.5
        expected.append(first.id if picks_a else second.id if picks_b else fallback.id)
    assert pattern == expected
    counts = Counter(pattern)
    assert counts[first.id] + counts[second.id] + counts[fallback.id] == 1000
    # Shares: 1/2 for the first rule, 1/2 x 1/2 for the second, the rest for the fallback.
    assert 430 <= counts[first.id] <= 570 and 180 <= counts[second.id] <= 320
    assert [r["matched"] for r in rules.rules()] == [1000, 1000, 1000]


def test_a_later_rule_selects_the_same_requests_with_or_without_earlier_rules() -> None:
    alone = FaultRules()
    alone.add({"path": "/webhooks", "status": 429, "rate": 0.2, "seed": 5})
    behind = FaultRules()
    behind.add({"path": "/webhooks", "status": 503, "rate": 0.3, "seed": 4})
    behind.add({"path": "/webhooks", "status": 429, "rate": 0.2, "seed": 5})
    selected_alone = hit_pattern(alone, gets(800))
    selected_behind = hit_pattern(behind, gets(800))
    for by_itself, with_first in zip(selected_alone, selected_behind, strict=True):
        if with_first == 2:
            assert by_itself == 1  # the second rule only hits requests it selects on its own
        if by_itself == 1 and with_first != 2:
            assert with_first == 1  # ... and loses only those the first rule took


def test_times_caps_the_hits_of_a_rule_with_a_rate() -> None:
    rules = FaultRules()
    rules.add({"path": "/webhooks", "status": 500, "rate": 0.5, "seed": 1, "times": 3})
    pattern = hit_pattern(rules, gets(100))
    assert sum(1 for r in pattern if r is not None) == 3
    (listed,) = rules.rules()
    assert listed["hits"] == 3 and listed["remaining"] == 0
    last_hit = max(i for i, r in enumerate(pattern) if r is not None)
    assert listed["matched"] == last_hit + 1  # a used-up rule stops drawing


def test_defaults_of_a_rule_with_a_rate() -> None:
    rule = parse_rule(1, {"path": "x", "status": 500, "rate": 0.1})
    assert rule.times is None  # with a rate: until deleted, unless `times` is given
    assert rule.seed is not None and 0 <= rule.seed < 2**32  # a random seed, shown so the run can be replayed
    assert parse_rule(2, {"path": "x", "status": 500}).times == 1  # without a rate: one hit, as before
    assert parse_rule(3, {"path": "x", "status": 500, "rate": 1}).rate == 1.0


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ({"rate": 0}, "rate must be a number greater than 0 and at most 1"),
        ({"rate": 1.5}, "rate must be a number greater than 0 and at most 1"),
        ({"rate": -0.1}, "rate must be a number greater than 0 and at most 1"),
        ({"rate": "0.1"}, "rate must be a number greater than 0 and at most 1"),
        ({"rate": True}, "rate must be a number greater than 0 and at most 1"),
        ({"rate": 0.1, "seed": -1}, "seed must be an integer from 0 to 9007199254740991, or null for a random one"),
        ({"rate": 0.1, "seed": 1.5}, "seed must be an integer from 0 to 9007199254740991"),
        ({"rate": 0.1, "seed": "7"}, "seed must be an integer from 0 to 9007199254740991"),
        ({"rate": 0.1, "seed": False}, "seed must be an integer from 0 to 9007199254740991"),
        ({"rate": 0.1, "seed": 2**53}, "seed must be an integer from 0 to 9007199254740991"),
        ({"seed": 7}, "seed needs a rate: a rule without one hits every matching request"),
        ({"rate": 0.1, "times": 0}, "times must be a positive integer, or null for unlimited"),
    ],
)
def test_invalid_rate_and_seed(rule: dict[str, object], message: str) -> None:
    with pytest.raises(FaultRuleError, match="^" + message.replace("(", r"\(").replace(")", r"\)")):
        parse_rule(1, {"path": "/webhooks", "status": 500, **rule})


# --- over HTTP -----------------------------------------------------------------------------------------------


def test_admin_shows_rate_seed_and_counts_and_reset_clears_them(api: httpx.Client, admin: httpx.Client) -> None:
    created = admin.post("/faults", json={"path": "/webhooks$", "status": 503, "rate": 0.25, "seed": 9})
    assert created.status_code == 201
    assert created.json() == {
        "id": created.json()["id"],
        "method": None,
        "path": "/webhooks$",
        "status": 503,
        "errorCode": None,
        "retryAfter": None,
        "delay": 0.0,
        "times": None,
        "afterCommit": False,
        "drop": False,
        "rate": 0.25,
        "seed": 9,
        "matched": 0,
        "hits": 0,
        "remaining": None,
    }
    unseeded = admin.post("/faults", json={"path": "/nothing", "status": 500, "rate": 0.5}).json()
    assert isinstance(unseeded["seed"], int)  # chosen by the emulator, shown to replay the run

    statuses = [api.get(webhooks_path()).status_code for _ in range(40)]
    expected = random.Random(9)
    assert statuses == [503 if expected.random() < 0.25 else 200 for _ in range(40)]
    listed = admin.get("/faults").json()["faults"][0]
    assert listed["matched"] == 40 and listed["hits"] == statuses.count(503)

    assert admin.post("/reset").status_code == 204
    assert admin.get("/faults").json() == {"faults": []}


def test_invalid_rate_over_http(admin: httpx.Client) -> None:
    response = admin.post("/faults", json={"path": "x", "status": 500, "rate": 2, "seed": "s"})
    assert response.status_code == 400
    body = response.json()
    assert body["errorCode"] == "invalid_admin_request"
    assert "rate must be a number greater than 0 and at most 1" in body["message"]
    assert "seed must be an integer" in body["message"]


# The bench of the README: 2% of POST creates dropped after commit, 10% of requests 503, 5% 429 Retry-After: 0.
BENCH_RULES = [
    {
        "method": "POST",
        "path": r"^/v1/projects/[^/]+/(webhooks|whatsapp|whatsapp/senders)$",
        "drop": True,
        "afterCommit": True,
        "rate": 0.02,
        "seed": 3,
    },
    {"path": "^/v1/", "status": 503, "rate": 0.10, "seed": 1},
    {"path": "^/v1/", "status": 429, "retryAfter": 0, "rate": 0.05, "seed": 2},
]


def bench_run(api: httpx.Client, admin: httpx.Client) -> list[str]:
    """400 requests (a create and three reads, over and over): what each one got."""
    assert admin.post("/reset").status_code == 204
    for rule in BENCH_RULES:
        assert admin.post("/faults", json=rule).status_code == 201
    outcomes = []
    requests: list[tuple[str, str, dict[str, Any]]] = []
    for n in range(100):
        requests += [
            ("POST", webhooks_path(), {"json": webhook_body(n)}),
            ("GET", webhooks_path(), {}),
            ("GET", webhooks_path(), {"params": {"pageSize": 1}}),
            ("GET", f"/v1/projects/{PROJECT}/whatsapp/solutions", {}),
        ]
    for method, url, options in requests:
        try:
            response = api.request(method, url, **options)
        except httpx.TransportError:
            outcomes.append("dropped")
            continue
        fault = response.headers.get("x-emulator-fault")
        retry = response.headers.get("retry-after")
        outcomes.append(f"{response.status_code} rule {fault} retry-after {retry}" if fault else "real")
    return outcomes


def test_bench_rules_give_a_reproducible_run(api: httpx.Client, admin: httpx.Client) -> None:
    first = bench_run(api, admin)
    assert bench_run(api, admin) == first
    counts = Counter(first)
    # Loose bounds: the run is fixed by the seeds; these only show the rules do what they say.
    assert 0 < counts["dropped"] <= 8
    assert 20 <= counts["503 rule 2 retry-after None"] <= 65
    assert 8 <= counts["429 rule 3 retry-after 0"] <= 35
    assert counts["real"] == 400 - sum(v for k, v in counts.items() if k != "real")
    assert set(counts) == {"dropped", "503 rule 2 retry-after None", "429 rule 3 retry-after 0", "real"}
