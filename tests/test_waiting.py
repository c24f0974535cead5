"""balanz_acceptance.core.waiting: polling a probe against a matcher, with a deadline.

A FakeClock stands in for time: ``pause`` advances it instead of sleeping, so every test here is instant.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pytest
from hamcrest import equal_to, greater_than

from balanz_acceptance.core.waiting import Timeline, eventually, holds_for


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0
        self.pauses: list[float] = []

    def __call__(self) -> float:
        return self.now

    def pause(self, seconds: float) -> None:
        self.pauses.append(seconds)
        self.now += seconds


def probe_of(values: Iterable[object]) -> tuple[Callable[[], object], list[object]]:
    """A probe returning ``values`` in turn (then the last one again), and the list of what it returned."""
    remaining = list(values)
    returned: list[object] = []

    def probe() -> object:
        value = remaining.pop(0) if len(remaining) > 1 else remaining[0]
        returned.append(value)
        return value

    return probe, returned


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


# --- eventually ---------------------------------------------------------------------------------------
def test_eventually_returns_the_first_matching_value(clock):
    probe, returned = probe_of([1, 2, 3, 4, 5])
    value = eventually(probe, greater_than(2), within=10, every=0.5, clock=clock, pause=clock.pause)
    assert value == 3
    assert returned == [1, 2, 3]
    assert clock.pauses == [0.5, 0.5]


def test_eventually_does_not_pause_when_the_first_value_matches(clock):
    probe, _ = probe_of(["ok"])
    assert eventually(probe, equal_to("ok"), within=0, clock=clock, pause=clock.pause) == "ok"
    assert clock.pauses == []


def test_eventually_fails_with_expectation_mismatch_and_folded_timeline(clock):
    probe, returned = probe_of(["Available", "Available", "Available", "Preparing", "Preparing"])
    with pytest.raises(AssertionError) as caught:
        eventually(
            probe, equal_to("Charging"), within=1.0, every=0.25, reason="HQ-14 charges", clock=clock, pause=clock.pause
        )
    message = str(caught.value)
    assert message.splitlines()[0] == "HQ-14 charges: not within 1.0s"
    assert "Expected: 'Charging'" in message
    assert "     but: was 'Preparing'" in message
    observed = message.split("Observed:\n", 1)[1].splitlines()
    assert len(observed) == 2, observed
    assert observed[0].split() == ["0.0s-0.5s", "Available", "(x3)"]
    assert observed[1].split() == ["0.8s-1.0s", "Preparing", "(x2)"]
    assert returned == ["Available"] * 3 + ["Preparing"] * 2
    assert clock.now == 101.0  # the last poll is at the deadline, not past it


def test_eventually_shows_values_through_show(clock):
    probe, _ = probe_of([[], [], []])
    with pytest.raises(AssertionError) as caught:
        eventually(probe, equal_to([1]), within=0.5, every=0.25, show=len, clock=clock, pause=clock.pause)
    assert caught.value.args[0].rstrip().endswith("0  (x3)")


def test_a_probe_exception_propagates_at_once(clock):
    calls = []

    def probe() -> object:
        calls.append(1)
        raise ConnectionError("simulator gone")

    with pytest.raises(ConnectionError, match="simulator gone"):
        eventually(probe, equal_to(1), within=10, clock=clock, pause=clock.pause)
    assert calls == [1]
    assert clock.pauses == []


def test_eventually_with_the_real_clock_polls_until_the_value_comes():
    probe, returned = probe_of([0, 0, 0, 7])
    assert eventually(probe, equal_to(7), within=5, every=0.001) == 7
    assert len(returned) == 4


# --- holds_for ----------------------------------------------------------------------------------------
def test_holds_for_returns_the_last_value_when_the_matcher_holds_throughout(clock):
    probe, returned = probe_of([16, 16, 16, 16, 16, 16])
    assert holds_for(probe, equal_to(16), duration=1.0, every=0.25, clock=clock, pause=clock.pause) == 16
    assert len(returned) == 5  # at 0, 0.25, 0.5, 0.75 and 1.0 s
    assert clock.now == 101.0


def test_holds_for_fails_at_the_first_value_that_breaks_the_matcher(clock):
    probe, returned = probe_of([16, 16, 13, 16])
    with pytest.raises(AssertionError) as caught:
        holds_for(
            probe, equal_to(16), duration=60, every=1, reason="HQ-14 keeps its offer", clock=clock, pause=clock.pause
        )
    assert returned == [16, 16, 13]
    message = str(caught.value)
    assert message.splitlines()[0] == "HQ-14 keeps its offer: stopped holding after 2.0s of 60.0s"
    assert "Expected: <16>" in message
    assert "     but: was <13>" in message
    assert "(x2)" in message


# --- the timeline ------------------------------------------------------------------------------------------
def test_timeline_folds_only_consecutive_repeats():
    timeline = Timeline(start=0.0)
    for now, value in enumerate(["a", "a", "b", "a"]):
        timeline.record(value, now=float(now))
    assert [(text, count) for _, _, text, count in timeline.entries] == [("a", 2), ("b", 1), ("a", 1)]


def test_timeline_render_keeps_the_last_entries():
    timeline = Timeline(start=0.0)
    for now in range(50):
        timeline.record(now, now=float(now))
    lines = timeline.render(limit=40).splitlines()
    assert lines[0] == "  ... 10 earlier entries"
    assert len(lines) == 41
    assert lines[-1].split() == ["49.0s", "49"]


def test_a_long_wait_reports_its_progress(clock, monkeypatch):
    from balanz_acceptance.core import waiting

    reports: list[tuple[str, float, float, str]] = []
    monkeypatch.setattr(waiting, "on_wait", lambda *args: reports.append(args))
    probe, _ = probe_of([1] * 200 + [2])
    assert eventually(probe, equal_to(2), within=60, reason="offers settle", clock=clock, pause=clock.pause) == 2
    assert [r[0] for r in reports] == ["offers settle"] * len(reports)
    assert len(reports) == 3  # 50 s of polling at 0.25 s: a report at 15, 30 and 45 s
    assert reports[0][1] == pytest.approx(15.0) and reports[0][2] == 60 and reports[0][3] == "1"


def test_progress_lines_name_the_scenario_step_and_wait():
    import io

    from balanz_acceptance.core import progress

    progress.scenario_started("Four arrivals")
    progress.step_started("Then within 3 offer-increase intervals the offers settle at:")
    out = io.StringIO()
    progress.waiting("offers as balanz shows them", 30.2, 47.0, "RR2-01 16, RR2-02 9", stream=out)
    line = out.getvalue()
    assert "Four arrivals > Then within 3 offer-increase intervals" in line
    assert "waiting 30s of 47s for offers as balanz shows them; last seen: RR2-01 16, RR2-02 9" in line
