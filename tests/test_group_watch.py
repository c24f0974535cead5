"""balanz_acceptance.checks.group_watch: excursions from samples and from balanz's offer ledger (its log)."""

import itertools
import time
from pathlib import Path
from types import SimpleNamespace

from balanz_acceptance.actors.operator import Operator
from balanz_acceptance.checks.group_watch import ExcursionTracker, GroupWatch, Sample, offers_in_log
from balanz_acceptance.core.events import (
    BalanzRestarting,
    ChargerAdded,
    ChargerChanged,
    ChargerSilenced,
    Events,
    MaximumChanged,
    SessionPriorityChanged,
    SuspensionChanged,
)
from balanz_acceptance.core.record import ScenarioRecord
from balanz_acceptance.core.site import Group, SiteModel
from balanz_acceptance.core.site_state import SiteState
from balanz_acceptance.sut.balanz_api import ANSWERED, Answer, ApiUnavailable
from balanz_acceptance.sut.ocppsim_client import SimStatus
from tests.fakes import poll_until

RR2 = Group("RR2", "00:00-23:59>0=24:3=40:5=48")
IDS = {"ID01": "RR2-01", "ID02": "RR2-02", "ID04": "RR2-04"}


class _Record:
    def __init__(self) -> None:
        self.notes: list[str] = []

    def note(self, text: str) -> None:
        self.notes.append(text)


def _watch(log: Path | None = None) -> GroupWatch:
    return GroupWatch(RR2, api=None, sims={}, record=_Record(), log_path=log, aliases=IDS)  # type: ignore[arg-type]


def _status(charger: str, new: str) -> str:
    return f"2026-11-27 12:00:00 INFO model: Updating status for connector {charger}/1 ({IDS[charger]}): X => {new}"


def _change(charger: str, amps: float, second: int = 0) -> str:
    return (
        f"2026-11-27 12:00:{second:02d} DEBUG model: Charge change done ChargeChange(charger_id='{charger}', "
        f"connector_id=1, transaction_id=1, allocation={amps})."
    )


def test_a_sample_above_the_group_maximum_is_an_excursion():
    watch = _watch()
    watch.observe(Sample(1.0, {"RR2-01": 16, "RR2-02": 32, "RR2-04": 6}, {"RR2-01": 3, "RR2-02": 10, "RR2-04": 1}, {}))
    watch.observe(Sample(2.0, {"RR2-01": 10, "RR2-02": 32, "RR2-04": 6}, {"RR2-01": 3, "RR2-02": 10, "RR2-04": 1}, {}))
    [excursion] = watch.unexpected()
    assert excursion.limit == 48 and excursion.worst == 54 and excursion.limit_name == "the group maximum"


def test_the_ledger_finds_a_state_too_brief_to_sample(tmp_path):
    log = tmp_path / "balanz.log"
    log.write_text(
        "\n".join(
            [
                _status("ID01", "Charging"),
                _status("ID02", "Charging"),
                _change("ID01", 16.0),
                _change("ID02", 32.0),
                _status("ID04", "SuspendedEVSE"),
                _change("ID04", 6, second=1),  # the newcomer's first offer ...
                _change("ID04", 0, second=1),  # ... taken back in the same balancing run
            ]
        )
    )
    watch = _watch(log)
    watch.samples.append(Sample(0.0, {}, {"RR2-01": 3, "RR2-02": 10, "RR2-04": 1}, {}))
    [excursion] = watch.ledger_excursions()
    assert excursion.worst - excursion.limit == 6
    assert "RR2-04 6" in excursion.worst_state
    watch.acknowledge([excursion])
    assert watch.unexpected() == []


def test_a_session_that_ends_leaves_the_ledger(tmp_path):
    log = tmp_path / "balanz.log"
    log.write_text(
        "\n".join(
            [
                _status("ID01", "Charging"),
                _change("ID01", 24.0),
                _status("ID01", "Available"),
                _status("ID02", "Charging"),
                _change("ID02", 24.0),
            ]
        )
    )
    watch = _watch(log)
    watch.samples.append(Sample(0.0, {}, {"RR2-01": 1, "RR2-02": 1}, {}))
    assert watch.ledger_excursions() == []


# --- the watch proves it watched ------------------------------------------------------------------


class _Api:
    """A stand-in for BalanzApi.chargers: raises ``error`` if set, else lists ``chargers``."""

    def __init__(self, error: Exception | None = None) -> None:
        self.error = error
        self.chargers_listed: list[dict] = []

    def chargers(self, **filters: str) -> list[dict]:
        if self.error is not None:
            raise self.error
        return self.chargers_listed

    def close(self) -> None:
        pass


def _running(api: _Api, full_run: float = 6.0) -> GroupWatch:
    watch = GroupWatch(RR2, api=api, sims={}, record=_Record(), full_run=full_run)  # type: ignore[arg-type]
    watch.start()
    return watch


def test_a_watch_that_dies_of_an_unexpected_error_fails_the_scenario():
    watch = _running(_Api(KeyError("connectors")))
    assert poll_until(lambda: watch.died is not None)
    watch.stop()
    [problem] = [p for p in watch.problems() if "died" in p]
    assert "the group watch on RR2 died: KeyError" in problem


def test_sampling_that_fails_for_longer_than_a_full_run_fails_the_scenario():
    watch = _running(_Api(ApiUnavailable("balanz API at ws://x/api: GetChargers got no answer")), full_run=0.3)
    assert poll_until(lambda: len(watch.errors) >= 2)
    time.sleep(0.5)  # let the gap outgrow the (test's) full run
    watch.stop()
    assert watch.died is None
    [problem] = [p for p in watch.problems() if "could not observe" in p]
    assert problem.startswith("the group watch could not observe RR2 for ")
    assert "GetChargers got no answer" in problem


def test_a_watch_that_sampled_throughout_has_no_problem():
    watch = _running(_Api())
    assert poll_until(lambda: len(watch.samples) >= 3)
    watch.stop()
    assert watch.problems() == []
    assert 0 < watch.longest_gap() < 1.0


def test_a_watch_without_samples_fails_the_scenario():
    watch = _watch()
    watch.full_run = 1.0
    watch.started, watch.stopped = 100.0, 103.0  # three seconds, not one sample (e.g. a thread that hung)
    problems = watch.problems()
    assert any("could not observe RR2 for 3.0 s" in p for p in problems)
    assert any("took only 0 sample(s) of RR2 in 3.0 s" in p for p in problems)


def test_too_few_samples_for_the_period_fail_the_scenario():
    watch = _watch()
    watch.full_run = 60.0
    watch.started, watch.stopped = 100.0, 120.0
    for at in range(101, 120, 4):  # one sample every 4 s: eight times slower than the period
        watch.samples.append(Sample(float(at), {}, {}, {}))
    [problem] = watch.problems()
    assert "took only 5 sample(s) of RR2 in 20.0 s" in problem


# --- the maximum over time -------------------------------------------------------------------------

P1 = {"RR2-03": 1, "RR2-04": 1}


def _p1(at: float, total: float) -> Sample:
    return Sample(at, {"RR2-03": total - 6, "RR2-04": 6}, P1, {})


def _above_group_maximum(watch: GroupWatch) -> list[tuple[float, float, float]]:
    """(limit, start, worst) of the unexpected excursions above the group maximum (for priority-1 sessions
    only, the priority-0 bucket is exceeded alongside)."""
    return [(e.limit, e.start, e.worst) for e in watch.unexpected() if e.limit_name == "the group maximum"]


def test_a_lowered_maximum_is_enforced_after_the_reaction_time_only():
    watch = _watch()
    watch.reaction = 9.0
    watch.hear(MaximumChanged("RR2", "00:00-23:59>0=12:3=40:5=48", at=1000.0))
    watch.observe(_p1(1004.0, 24))  # balanz has not reacted yet: the old 24 A still holds
    assert watch.unexpected() == []
    watch.observe(_p1(1010.0, 24))  # past the reaction time: 24 A is above the new 12 A
    assert _above_group_maximum(watch) == [(12, 1010.0, 24)]


def test_within_the_reaction_time_the_old_maximum_still_holds():
    watch = _watch()
    watch.reaction = 9.0
    watch.hear(MaximumChanged("RR2", "00:00-23:59>0=12:3=40:5=48", at=1000.0))
    watch.observe(_p1(1004.0, 30))  # above the old 24 A and the new 12 A
    assert _above_group_maximum(watch) == [(24, 1004.0, 30)]


def test_a_raised_maximum_holds_at_once_and_does_not_excuse_earlier_excursions(tmp_path):
    log = tmp_path / "balanz.log"
    log.write_text(
        "\n".join(
            [
                "2026-11-27 12:00:00 INFO model: Updating status for connector ID01/1 (RR2-01): X => Charging",
                "2026-11-27 12:00:00 INFO model: Updating status for connector ID02/1 (RR2-02): X => Charging",
                _change("ID01", 16.0),
                _change("ID02", 14.0),  # 30 A for two priority-1 sessions: above 24 A
                _change("ID02", 8.0, second=2),
            ]
        )
    )
    watch = _watch(log)
    watch.reaction = 9.0
    watch.samples.append(Sample(0.0, {}, {"RR2-01": 1, "RR2-02": 1}, {}))
    start = time.mktime(time.strptime("2026-11-27 12:00:00", "%Y-%m-%d %H:%M:%S"))
    watch.hear(MaximumChanged("RR2", "00:00-23:59>0=40:3=40:5=48", at=start + 30))  # raised long after the excursion
    assert _above_group_maximum(watch) == [(24, start, 30)]
    assert {e.side for e in watch.unexpected()} == {"balanz's offer ledger"}
    watch.observe(Sample(start + 31, {"RR2-01": 16, "RR2-02": 20}, {"RR2-01": 1, "RR2-02": 1}, {}))
    assert _above_group_maximum(watch) == [(24, start, 30)]  # 36 A is within the new 40 A at once


def _local(hh_mm_ss: str) -> float:
    return time.mktime(time.strptime(f"2026-11-27 {hh_mm_ss}", "%Y-%m-%d %H:%M:%S"))


SCHEDULE = Group("RR2", "00:00-05:59>0=48;06:00-16:59>0=16:3=32:5=48;17:00-20:59>0=0:5=48;21:00-23:59>0=32:5=48")


def test_a_time_of_day_boundary_lowers_the_maximum_after_the_reaction_time():
    watch = GroupWatch(SCHEDULE, api=None, sims={}, record=_Record(), reaction=9.0)  # type: ignore[arg-type]
    watch.observe(_p1(_local("05:59:50"), 40))  # before 06:00 priority 1 may have 48 A
    watch.observe(_p1(_local("06:00:05"), 40))  # balanz applies 16 A at its next full run
    assert watch.unexpected() == []
    watch.observe(_p1(_local("06:00:10"), 40))
    assert _above_group_maximum(watch) == [(16, _local("06:00:10"), 40)]


def test_a_window_with_no_power_for_low_priorities():
    watch = GroupWatch(SCHEDULE, api=None, sims={}, record=_Record(), reaction=9.0)  # type: ignore[arg-type]
    watch.observe(Sample(_local("18:00:00"), {"RR2-01": 6, "RR2-02": 32}, {"RR2-01": 1, "RR2-02": 5}, {}))
    [excursion] = watch.unexpected()
    assert (excursion.limit_name, excursion.limit, excursion.worst) == ("the priority-0 bucket", 0, 6)


def test_a_time_no_interval_covers_has_no_maximum():
    watch = GroupWatch(Group("RR2", "00:00-00:01>0=24"), api=None, sims={}, record=_Record())  # type: ignore[arg-type]
    watch.observe(_p1(_local("12:00:00"), 12))
    assert [(e.limit_name, e.limit) for e in watch.unexpected()] == [("the group maximum", 0)]


def test_a_suspended_group_keeps_its_old_maximum_until_the_reaction_time_after_the_resume():
    watch = _watch()
    watch.reaction = 9.0
    watch.hear(SuspensionChanged("RR2", True, at=1000.0))
    watch.hear(MaximumChanged("RR2", "00:00-23:59>0=12:3=40:5=48", at=1010.0))
    watch.observe(_p1(1050.0, 24))  # balanz does not balance a suspended group
    watch.hear(SuspensionChanged("RR2", False, at=1100.0))
    watch.observe(_p1(1105.0, 24))  # resumed: the next full run applies the 12 A
    assert watch.unexpected() == []
    watch.observe(_p1(1110.0, 24))
    assert _above_group_maximum(watch) == [(12, 1110.0, 24)]


class _Accepting:
    def answer(self, command: str, payload: dict) -> Answer:
        return Answer(command, ANSWERED, {"status": "Accepted"})


def _operator(watch: GroupWatch, data_dir: Path) -> Operator:
    """An operator on a stack whose balanz accepts everything; ``watch`` hears the stack's events."""
    stack = SimpleNamespace(api=_Accepting(), events=Events())
    stack.events.subscribe(watch.hear)
    chargers = _Chargers()
    site = SiteModel(data_dir / "model")
    state = SiteState(site, site.charger, stack.events, default_priority=1)
    return Operator(stack, site, state, chargers, None, None, _Record())  # type: ignore[arg-type]


class _Chargers:
    """Every charger's session has no tag of its own (its priority is its charger's)."""

    def spec(self, alias: str) -> SimpleNamespace:
        return SimpleNamespace(charger_id=f"id-{alias}")

    def __call__(self, alias: str) -> SimpleNamespace:
        return SimpleNamespace(view=lambda: SimpleNamespace(id_tag=None))


def test_the_operator_tells_the_watch_of_its_changes(data_dir):
    watch = _watch()
    operator = _operator(watch, data_dir)
    operator.set_group_maximum("RR2", "00:00-23:59>0=12:3=40:5=48")
    operator.suspend_group("RR2", True)
    assert [(s.group.max_allocation, s.suspended) for s in watch.history[1:]] == [
        ("00:00-23:59>0=12:3=40:5=48", False),
        ("00:00-23:59>0=12:3=40:5=48", True),
    ]
    assert watch.group.max_allocation == "00:00-23:59>0=12:3=40:5=48"


def test_one_excursion_tracker_for_samples_and_ledger():
    tracker = ExcursionTracker("balanz")
    tracker.update(1.0, {"the group maximum": (48, 50, "a")})
    tracker.update(2.0, {"the group maximum": (48, 54, "b")})
    [ended] = tracker.update(3.0, {})
    assert (ended.start, ended.end, ended.worst, ended.worst_state) == (1.0, 2.0, 54, "b")
    assert tracker.all == [ended]


def test_while_balanz_restarts_the_watch_samples_the_chargers_with_the_last_priorities():
    class _Sim:
        def status(self) -> SimStatus:
            return SimStatus.from_json(
                '{"status": "Charging", "offer": 30.0, "usage": 30.0, "max_usage": null, "last_id_tag": "x", '
                '"transaction_id": 1, "energy": 5, "fullafter": null, "_delay": false}'
            )

    watch = GroupWatch(RR2, api=_Api(AssertionError("balanz is not asked")), sims={"RR2-03": _Sim()}, record=_Record())  # type: ignore[arg-type]
    watch.samples.append(Sample(1.0, {"RR2-03": 16}, {"RR2-03": 1}, {"RR2-03": 16}))
    watch.hear(BalanzRestarting())
    sample = watch._sample()
    assert (sample.offers, sample.priorities, sample.sim_offers) == ({}, {"RR2-03": 1}, {"RR2-03": 30.0})
    watch.observe(sample)
    assert [(e.side, e.limit, e.worst) for e in watch.unexpected() if e.limit_name == "the group maximum"] == [
        ("chargers", 24, 30)
    ]


def test_a_lowered_session_priority_moves_the_session_to_its_new_bucket_after_the_reaction_time(data_dir):
    watch = GroupWatch(RR2, api=None, sims={}, record=_Record(), reaction=9.0,  # type: ignore[arg-type]
                       aliases={"ID01": "RR2-01", "ID02": "RR2-02"})  # fmt: skip
    offers = {"RR2-01": 32, "RR2-02": 16}
    watch.observe(Sample(999.0, offers, {"RR2-01": 3, "RR2-02": 1}, {}))
    _operator(watch, data_dir).set_session_priority("RR2-01", "lowers", 1)
    at = watch.priority_changes[0][0]
    assert watch.priority_changes == [(at, "RR2-01", 3)]
    both_p1 = {"RR2-01": 1, "RR2-02": 1}
    watch.observe(Sample(at + 4, offers, both_p1, {}))  # balanz has not moved RR2-01 yet: its p3 limits hold
    assert watch.unexpected() == []
    watch.observe(Sample(at + 10, offers, both_p1, {}))  # past the reaction time: 48 A for priority 1's 24 A
    assert _above_group_maximum(watch) == [(24, at + 10, 48)]


def test_a_charger_created_during_the_scenario_joins_the_watch_sampled_and_in_the_ledger(tmp_path):
    class _Sim:
        def status(self) -> SimStatus:
            return SimStatus.from_json(
                '{"status": "Charging", "offer": 8.0, "usage": 7.9, "max_usage": null, "last_id_tag": "x", '
                '"transaction_id": 1, "energy": 5, "fullafter": null, "_delay": false}'
            )

    log = tmp_path / "balanz.log"
    new_status = "2026-11-27 12:00:00 INFO model: Updating status for connector ACC05/1 (RR2-05): X => Charging"
    log.write_text("\n".join([_status("ID02", "Charging"), _change("ID02", 20.0), new_status, _change("ACC05", 8.0)]))
    watch = _watch(log)
    sims_before = watch.sims
    watch.hear(ChargerAdded("RR2-05", "ACC05", "RR2", _Sim()))
    assert sims_before == {} and IDS == {"ID01": "RR2-01", "ID02": "RR2-02", "ID04": "RR2-04"}  # replaced, not changed
    assert watch._sample_chargers()[0] == {"RR2-05": 8.0}
    watch.samples.append(Sample(0.0, {}, {"RR2-02": 1, "RR2-05": 2}, {}))
    found = {e.limit_name: e for e in watch.ledger_excursions()}  # 20 + 8 A where priorities 0..2 may have 24 A
    assert {name: (e.limit, e.worst) for name, e in found.items()} == {
        "the group maximum": (24, 28),
        "the priority-0 bucket": (24, 28),
    }
    assert "RR2-05 8" in found["the priority-0 bucket"].worst_state


# --- the watch's own oracle (checks/priority_oracle.py) -------------------------------------------------------
def _oracle_watch(tmp_path, tag_priorities: dict[str, int | None] | None = None):
    from balanz_acceptance.checks.priority_oracle import PriorityOracle

    priorities = {"RR2-01": 3, "RR2-02": 1, "RR2-03": 1, "RR2-04": 1}
    tags = {"FE7FF01E": 10, "56EB8FBF": None, **(tag_priorities or {})}
    oracle = PriorityOracle(tags.get, priorities.__getitem__)
    watch = GroupWatch(
        Group("RR2", "00:00-23:59>0=24:3=40:5=48"), None, {}, ScenarioRecord("t", tmp_path), oracle=oracle, gap=1.0
    )
    return watch, oracle


def test_the_operators_priority_sent_just_before_the_oracle_saw_the_session_is_that_sessions():
    from balanz_acceptance.checks.priority_oracle import PriorityOracle

    now = time.time()
    for lag, expected in ((1.0, 5), (0.0, 1)):
        oracle = PriorityOracle({"56EB8FBF": None}.get, {"RR2-03": 1}.__getitem__, lag=lag)
        oracle.hear(SessionPriorityChanged("RR2-03", 5, at=now - 2.0))  # balanz had the session already
        oracle.session("RR2-03", True, "56EB8FBF", now - 1.5)  # the watch's next sampling round saw it
        assert oracle.priority_at("RR2-03", now) == expected


def test_a_charger_left_without_a_priority_has_the_sites_default(tmp_path):
    _, oracle = _oracle_watch(tmp_path)
    now = time.time()
    oracle.session("RR2-02", True, "56EB8FBF", now - 2)
    oracle.hear(ChargerChanged("RR2-02", {"priority": None}, at=now - 1))
    assert oracle.priority_at("RR2-02", now) == 1  # default_priority, not balanz's None


def test_the_oracle_takes_priorities_from_the_site_and_flags_balanz_showing_another(tmp_path):
    watch, oracle = _oracle_watch(tmp_path)
    now = time.time()
    oracle.session("RR2-02", True, "FE7FF01E", now - 1)
    oracle.session("RR2-03", True, "56EB8FBF", now - 1)
    assert (oracle.priority_at("RR2-02", now), oracle.priority_at("RR2-03", now)) == (10, 1)
    sample = Sample(
        now, {"RR2-02": 32, "RR2-03": 16}, {"RR2-02": 10, "RR2-03": 1}, {}, reported={"RR2-02": 10, "RR2-03": 3}
    )
    watch.observe(sample)
    assert watch.problems() and list(watch.priority_mismatches) == ["RR2-03"]
    assert "balanz shows the session's priority 3" in watch.problems()[0]
    assert "the site's data give 1 (tag 56EB8FBF has no priority; charger RR2-03 has priority 1)" in watch.problems()[0]
    assert watch.mismatched == {"RR2-03": (3, 1)}
    watch.acknowledged_mismatches.add("RR2-03")  # a known-issue step expected it
    assert not any("RR2-03" in problem for problem in watch.problems())


def test_every_bucket_is_checked_with_the_oracle_s_priorities(tmp_path):
    watch, oracle = _oracle_watch(tmp_path)
    now = time.time()
    for alias in ("RR2-01", "RR2-02", "RR2-03"):
        oracle.session(alias, True, "56EB8FBF", now - 1)
    # balanz shows RR2-02 and RR2-03 at priority 3, consistently: the total 48 A is within the group's 48 A, but
    # priority 1's bucket is 24 A.
    offers = {"RR2-01": 8.0, "RR2-02": 24.0, "RR2-03": 16.0}
    sample = Sample(now, offers, watch._priorities(offers, now), {}, reported=dict.fromkeys(offers, 3))
    assert sample.priorities == {"RR2-01": 3, "RR2-02": 1, "RR2-03": 1}
    assert set(watch.violations(sample, "balanz")) == {"the priority-0 bucket"}


def test_operator_changes_reach_the_oracle_as_events_and_a_new_session_forgets_them(tmp_path):
    from balanz_acceptance.core.events import ChargerChanged, SessionPriorityChanged

    watch, oracle = _oracle_watch(tmp_path)
    start = time.time() - 10
    oracle.session("RR2-03", True, "56EB8FBF", start)
    watch.hear(SessionPriorityChanged("RR2-03", 5, at=start + 2))
    watch.hear(ChargerChanged("RR2-04", {"priority": 2}, at=start + 3))
    assert [oracle.priority_at("RR2-03", start + t) for t in (1, 3)] == [1, 5]
    assert oracle.charger_priority_at("RR2-04", start + 4) == 2 and oracle.charger_priority_at("RR2-04", start) == 1
    oracle.session("RR2-03", False, None, start + 5)
    oracle.session("RR2-03", True, "56EB8FBF", start + 6)
    assert oracle.priority_at("RR2-03", start + 7) == 1
    assert {start + 2, start + 3} <= set(watch._moments(start + 1, start + 4))  # (a minute boundary may fall between)


def test_a_gap_longer_than_one_balancing_tick_fails(tmp_path):
    watch, _ = _oracle_watch(tmp_path)
    watch.started = time.time() - 3
    watch.stopped = time.time()
    watch.samples.append(Sample(watch.started + 0.5, {}, {}, {}))
    assert any("more than one balancing tick (1 s)" in p for p in watch.problems())


def test_one_sample_reads_balanz_and_every_charger_at_once():
    """On a busy machine every round trip waits to be scheduled: one after another, four chargers and balanz made
    a sample longer than the balancing tick the watch may miss."""

    class _SlowSim:
        def status(self) -> SimStatus:
            time.sleep(0.3)
            return SimStatus.from_json(
                '{"status": "Available", "offer": 0.0, "usage": 0.0, "max_usage": null, "last_id_tag": null, '
                '"transaction_id": null, "energy": 0, "fullafter": null, "_delay": false}'
            )

        def close(self) -> None:
            pass

    class _SlowApi(_Api):
        def chargers(self, **filters: str) -> list[dict]:
            time.sleep(0.3)
            return super().chargers(**filters)

    sims = {f"RR2-0{n}": _SlowSim() for n in range(1, 5)}
    watch = GroupWatch(RR2, api=_SlowApi(), sims=sims, record=_Record())  # type: ignore[arg-type]
    watch.start()
    try:
        assert poll_until(lambda: len(watch.samples) >= 2, timeout=5)
    finally:
        watch.stop()
    between = [b.at - a.at for a, b in itertools.pairwise(watch.samples)]
    assert max(between) < 0.3 * 5, between  # five reads of 0.3 s, one after another, took 1.5 s and more
    assert not watch.errors


def test_balanz_showing_the_operators_new_priority_before_the_operator_has_its_answer_is_no_mismatch(tmp_path):
    """The operator's change is heard once balanz has answered it: a sample taken in between is judged later."""
    watch, oracle = _oracle_watch(tmp_path)
    watch.reaction = 2.0
    now = time.time()
    oracle.session("RR2-03", True, "56EB8FBF", now - 5)  # priority 1 by the site's data
    sent = now - 0.5
    watch.observe(Sample(now - 0.2, {"RR2-03": 16}, {"RR2-03": 1}, {}, reported={"RR2-03": 3}))
    watch.hear(SessionPriorityChanged("RR2-03", 3, at=sent))  # balanz's answer came after that sample
    assert watch.problems() == []
    assert watch.priority_mismatches == {}


def test_a_charger_that_goes_silent_right_after_its_session_began_tells_the_oracle_its_tag_first(tmp_path):
    """Seed 208 of the long storms: the tag was presented and the charger hung before the watch's next sample."""

    status = SimStatus("Charging", 6.0, 6.0, None, "FE7FF01E", 1, 0.0, None, False)
    watch, oracle = _oracle_watch(tmp_path)
    watch.sims = {"RR2-03": SimpleNamespace(status=lambda: status, close=lambda: None)}  # type: ignore[dict-item]
    watch.hear(ChargerSilenced("RR2-03"))
    assert oracle.priority_at("RR2-03", time.time()) == 10  # the tag's priority, not the charger's 1


def test_a_gap_spent_waiting_for_answers_asked_in_time_is_not_the_watch_s_but_is_bounded(tmp_path):
    """balanz (or a simulator) that answers 2.2 s late after its first unknown action: the watch asked on time."""
    watch, _ = _oracle_watch(tmp_path)
    watch.log_path = tmp_path / "balanz.log"  # balanz's offer ledger covers what balanz did while it was slow
    watch.log_path.write_text("")
    watch.full_run = 6.0
    watch.started = 100.0
    watch.samples += [Sample(100.5, {}, {}, {}, asked=100.4), Sample(103.1, {}, {}, {}, asked=100.9)]
    watch.samples += [Sample(103.5, {}, {}, {}, asked=103.4)]
    watch.stopped = 103.6
    assert watch.longest_gap() > 2 and watch.longest_unasked() < 1
    assert watch.problems() == []
    watch.log_path = None  # an external stack: no ledger, so a wait may be no longer than the gap
    assert any("waited 2.2 s" in p and "more than one balancing tick" in p for p in watch.problems())
    watch.log_path = tmp_path / "balanz.log"
    watch.samples.append(Sample(110.6, {}, {}, {}, asked=103.9))  # no answer for 6.7 s: more than a full run
    watch.stopped = 110.7
    assert any("waited 6.7 s for balanz's and the chargers' answers" in p for p in watch.problems())


def test_a_failed_sample_is_tried_again_soon_not_at_the_next_period():
    """charger_restarts:41: a charger switched off during a read; waiting out the period after the failure made the
    gap a little longer than a balancing tick."""

    class _OnceBroken(_Api):
        def chargers(self, **filters: str) -> list[dict]:
            if not self.chargers_listed:
                self.chargers_listed = [{}]
                raise ApiUnavailable("the connection dropped")
            return []

    watch = GroupWatch(RR2, api=_OnceBroken(), sims={}, record=_Record())  # type: ignore[arg-type]
    watch.start()
    try:
        assert poll_until(lambda: watch.samples, timeout=3)
    finally:
        watch.stop()
    failed_at = watch.errors[0][0]
    assert watch.samples[0].asked - failed_at < 0.3  # type: ignore[operator]


def test_offers_in_log_are_those_balanz_made_or_took_from_a_report_since_the_second_asked(tmp_path):
    log = tmp_path / "balanz.log"
    log.write_text(
        "2026-12-07 06:10:43 DEBUG model: Charge change done ChargeChange(charger_id='CP1', connector_id=1, "
        "transaction_id=1, allocation=12.0).\n"
        "2026-12-07 06:10:44 DEBUG model: Charge change done ChargeChange(charger_id='CP1', connector_id=1, "
        "transaction_id=1, allocation=6.0).\n"
        "2026-12-07 06:10:44 DEBUG model: Charge change done ChargeChange(charger_id='CP1', connector_id=2, "
        "transaction_id=2, allocation=9.0).\n"
        "2026-12-07 06:10:44 INFO model: Connector CP1/1  (HQ-14) reported offer 12.0 which is different to "
        "expected 6.0. Ignoring it.\n"
        "2026-12-07 06:10:45 INFO model: Connector CP1/1  (HQ-14) reported offer 12.0 which is different to "
        "expected 6.0. Adjusting it.\n"
    )
    since = time.mktime(time.strptime("2026-12-07 06:10:44.5", "%Y-%m-%d %H:%M:%S.%f"))
    assert [amps for _, amps in offers_in_log(log, "CP1", 1, since)] == [6.0, 12.0]  # a report not taken: no offer
    assert offers_in_log(None, "CP1", 1, since) == [] and offers_in_log(tmp_path / "none.log", "CP1", 1, 0) == []
