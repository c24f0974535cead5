"""balanz_acceptance.actors.balancing: settled means held, transients, shares and who gave way."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from balanz_acceptance.actors.balancing import Balancing
from balanz_acceptance.checks.matchers import distinct_offers, same_amps
from balanz_acceptance.sut.balanz_api import ConnectorView, OfferPoint


def view(alias: str, offered: float, priority: int = 1, history=()) -> ConnectorView:
    return ConnectorView(
        charger_id=f"id-{alias}",
        alias=alias,
        status="Charging" if offered else "SuspendedEVSE",
        offered=offered,
        priority=priority,
        ev_max_usage=None,
        suspend_until=None,
        in_transaction=True,
        id_tag="T",
        network_connected=True,
        history=[OfferPoint(t, o, None) for t, o in history],
    )


class Script:
    """A views() probe that plays offers snapshot by snapshot (the last one repeats)."""

    def __init__(self, snapshots: list[dict[str, float]], priorities: dict[str, int] | None = None) -> None:
        self.snapshots = snapshots
        self.priorities = priorities or {}
        self.calls = 0

    def __call__(self, aliases: list[str]) -> dict[str, ConnectorView]:
        snapshot = self.snapshots[min(self.calls, len(self.snapshots) - 1)]
        self.calls += 1
        return {a: view(a, snapshot[a], self.priorities.get(a, 1)) for a in aliases}


def balancing(views, full_run: float = 0.05, watch=None) -> Balancing:
    profile = SimpleNamespace(settle=full_run, prompt=0.1, reaction=0.2, full_run=full_run)
    chargers = SimpleNamespace(
        silent=lambda: {"RR2-01", "RR2-02"},
        same_group=lambda alias: [a for a in ("RR2-02", "RR2-04") if a != alias],
        spec=lambda alias: SimpleNamespace(group_id="RR2"),
    )
    watches = SimpleNamespace(of=lambda group_id: watch)
    subject = Balancing(lambda: None, chargers, profile, None, watches, None)  # type: ignore[arg-type]
    subject.views = views  # type: ignore[method-assign]
    return subject


def test_settle_fails_when_the_offers_only_pass_through():
    views = Script([{"RR2-01": 16, "RR2-02": 12}, {"RR2-01": 16, "RR2-02": 10}])
    with pytest.raises(AssertionError, match="stopped holding"):
        balancing(views).settle({"RR2-01": 16, "RR2-02": 12}, within=1)


def test_reach_accepts_a_checkpoint_balanz_passes_through():
    views = Script([{"RR2-01": 6, "RR2-02": 6}, {"RR2-01": 16, "RR2-02": 12}, {"RR2-01": 16, "RR2-02": 10}])
    balancing(views).reach({"RR2-01": 16, "RR2-02": 12}, within=2)


def test_settle_passes_on_offers_that_hold():
    views = Script([{"RR2-01": 6, "RR2-02": 6}, {"RR2-01": 16, "RR2-02": 10}])
    balancing(views).settle({"RR2-01": 16, "RR2-02": 10}, within=2)


def test_holder_changes_counts_the_share_moving_back_and_forth():
    shots = [{"RR2-03": 6, "RR2-04": 0}] * 2 + [{"RR2-03": 0, "RR2-04": 0}] + [{"RR2-03": 0, "RR2-04": 6}] * 2
    shots += [{"RR2-03": 6, "RR2-04": 0}] * 2
    changes = balancing(Script(shots)).holder_changes(["RR2-03", "RR2-04"], 6, seconds=0.2 * len(shots))
    assert [holder for _, holder in changes] == ["RR2-04", "RR2-03"]


def test_gave_way_first_compares_sessions_of_the_same_session_priority():
    """RR2-02's tag gives its session priority 10: it is no peer of the priority-1 sessions."""
    views = Script([{"RR2-02": 32, "RR2-03": 0, "RR2-04": 6}], priorities={"RR2-02": 10})
    with_history = {
        "RR2-03": view("RR2-03", 0, 1, [(10.0, 6), (20.0, 0)]),
        "RR2-04": view("RR2-04", 6, 1, [(10.0, 6)]),
        "RR2-02": view("RR2-02", 32, 10, [(10.0, 6), (15.0, 0), (16.0, 9)]),
    }
    sample = SimpleNamespace(sim_energy={"RR2-03": 50.0, "RR2-04": 20.0, "RR2-02": 99.0})
    watch = SimpleNamespace(sample_before=lambda at: sample)
    subject = balancing(lambda aliases: {a: with_history[a] for a in aliases}, watch=watch)
    subject.gave_way_first("RR2-03")  # RR2-02 went to 0 earlier: not a peer
    assert views.calls == 0


def test_one_tolerance_for_amperes():
    assert same_amps(6, 6.004) and not same_amps(6, 6.02)
    points = [SimpleNamespace(offered=o) for o in (6, 6.0, 9, 9.001, 6)]
    assert distinct_offers(points) == [6, 9, 6]
