"""provider/waiting.py: polling with a fake clock and a recording sleep (no real waiting)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from provider.waiting import DONE, FIRST_INTERVAL, MAX_INTERVAL, PENDING, Verdict, wait_for


class FakeTime:
    """A clock that only moves when the code under test sleeps (or a fetch takes time)."""

    def __init__(self, fetch_takes: float = 0.0) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []
        self.fetch_takes = fetch_takes

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        assert seconds >= 0
        self.sleeps.append(seconds)
        self.now += seconds


class Script:
    """Bodies served by fetch, in order (the last one repeats), and the judgement of each."""

    def __init__(self, time: FakeTime, bodies: list[dict[str, Any]]) -> None:
        self.time = time
        self.bodies = bodies
        self.fetches = 0

    def fetch(self) -> dict[str, Any]:
        self.fetches += 1
        self.time.now += self.time.fetch_takes
        return self.bodies.pop(0) if len(self.bodies) > 1 else self.bodies[0]


def by_state(done: str = "ACTIVE", failed: str = "ERROR") -> Callable[[dict[str, Any]], Verdict]:
    def judge(body: dict[str, Any]) -> Verdict:
        if body.get("state") == done:
            return DONE
        if body.get("state") == failed:
            return Verdict(failure="it failed", detail=str(body.get("why")))
        return PENDING

    return judge


def run(time: FakeTime, script: Script, timeout: float, **kwargs: Any) -> Any:
    return wait_for(script.fetch, by_state(), timeout, sleep=time.sleep, clock=time.clock, **kwargs)


def test_done_on_the_first_judgement_of_first_does_not_fetch_or_sleep() -> None:
    time = FakeTime()
    script = Script(time, [{"state": "PENDING"}])
    result = run(time, script, 60, first={"state": "ACTIVE", "id": "s1"})
    assert result.verdict.done
    assert result.body == {"state": "ACTIVE", "id": "s1"}
    assert not result.timed_out
    assert (result.polls, script.fetches, time.sleeps, result.seconds) == (0, 0, [], 0.0)


def test_without_first_one_fetch_is_judged_and_is_not_a_poll() -> None:
    time = FakeTime()
    script = Script(time, [{"state": "ACTIVE"}])
    result = run(time, script, 60)
    assert result.verdict.done
    assert (result.polls, script.fetches, time.sleeps) == (0, 1, [])


def test_intervals_grow_by_half_and_are_capped_at_ten_seconds() -> None:
    time = FakeTime()
    script = Script(time, [{"state": "PENDING"}] * 12 + [{"state": "ACTIVE"}])
    result = run(time, script, 3600, first={"state": "PENDING"})
    assert result.verdict.done
    assert not result.timed_out
    assert time.sleeps == pytest.approx(
        [0.5, 0.75, 1.125, 1.6875, 2.53125, 3.796875, 5.6953125, 8.54296875, 10.0, 10.0, 10.0, 10.0, 10.0]
    )
    assert time.sleeps[0] == FIRST_INTERVAL
    assert max(time.sleeps) == MAX_INTERVAL
    assert result.polls == 13 == script.fetches == len(time.sleeps)
    assert result.seconds == pytest.approx(sum(time.sleeps))
    assert result.body == {"state": "ACTIVE"}


def test_a_failure_verdict_stops_the_wait() -> None:
    time = FakeTime()
    script = Script(time, [{"state": "PENDING"}, {"state": "ERROR", "why": "bad number"}, {"state": "ACTIVE"}])
    result = run(time, script, 60, first={"state": "PENDING"})
    assert result.verdict.failure == "it failed"
    assert result.verdict.detail == "bad number"
    assert not result.verdict.done
    assert not result.timed_out
    assert result.polls == 2
    assert script.fetches == 2  # nothing after the failure
    assert time.sleeps == [0.5, 0.75]


def test_times_out_without_sleeping_past_the_deadline() -> None:
    time = FakeTime()
    script = Script(time, [{"state": "PENDING"}])
    started = time.now
    result = run(time, script, 5.0, first={"state": "PENDING"})
    assert result.timed_out
    assert not result.verdict.done and result.verdict.failure is None
    assert result.body == {"state": "PENDING"}
    # 0.5 + 0.75 + 1.125 + 1.6875 = 4.0625; the last sleep is cut to what is left of the 5 s.
    assert time.sleeps == pytest.approx([0.5, 0.75, 1.125, 1.6875, 0.9375])
    assert sum(time.sleeps) == pytest.approx(5.0)
    assert time.now - started == pytest.approx(5.0)
    assert result.polls == 5 == script.fetches
    assert result.seconds == pytest.approx(5.0)


def test_the_body_fetched_at_the_deadline_is_still_judged() -> None:
    time = FakeTime()
    script = Script(time, [{"state": "ACTIVE"}])
    result = run(time, script, 0.5, first={"state": "PENDING"})
    assert time.sleeps == [0.5]
    assert result.verdict.done
    assert not result.timed_out
    assert result.polls == 1


def test_slow_fetches_count_against_the_timeout() -> None:
    time = FakeTime(fetch_takes=2.0)
    script = Script(time, [{"state": "PENDING"}])
    started = time.now
    result = run(time, script, 4.0, first={"state": "PENDING"})
    assert result.timed_out
    # sleep 0.5 + fetch 2 = 2.5; sleep 0.75 + fetch 2 = 5.25 > 4: no further sleep.
    assert time.sleeps == [0.5, 0.75]
    assert result.polls == 2
    assert time.now - started == pytest.approx(5.25)
    assert all(s <= 4.0 for s in time.sleeps)


def test_zero_timeout_judges_once_and_gives_up_without_sleeping() -> None:
    time = FakeTime()
    script = Script(time, [{"state": "PENDING"}])
    result = run(time, script, 0, first={"state": "PENDING"})
    assert result.timed_out
    assert (result.polls, script.fetches, time.sleeps) == (0, 0, [])
