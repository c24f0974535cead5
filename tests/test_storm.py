"""balanz_acceptance.core.storm: storms made from a seed alone, their words both ways, and the shrinking; the site a
scenario's words put it on (core/site.py site_dir). None of it needs balanz."""

from __future__ import annotations

from pathlib import Path

import pytest

from balanz_acceptance.core.errors import SetupError
from balanz_acceptance.core.settings import PROJECT_ROOT
from balanz_acceptance.core.site import SiteModel, site_dir
from balanz_acceptance.core.storm import (
    DRIVERS_ONLY,
    ShrinkBudget,
    StormEvent,
    StormSite,
    as_gherkin,
    generate,
    parse,
    scaled_schedule,
    shrink,
)

RR2 = StormSite(
    {"RR2-01": "RR2", "RR2-02": "RR2", "RR2-03": "RR2", "RR2-04": "RR2"},
    {"D40C346D": None, "E08CEE18": 1, "FE7FF01E": 10, "29837FD6": None, "3B86D60D": None},
    {"RR2": "00:00-23:59>0=24:3=40:5=48"},
)


def test_a_storm_is_made_from_its_seed_alone():
    assert generate(7, RR2, 30, 40) == generate(7, RR2, 30, 40)
    assert generate(7, RR2, 30, 40) != generate(8, RR2, 30, 40)


@pytest.mark.parametrize("seed", range(30))
def test_every_event_reads_back_from_its_words(seed):
    for event in generate(seed, RR2, 30, 40):
        assert parse(event.describe()) == event


@pytest.mark.parametrize("seed", range(30))
def test_a_storm_fits_the_site_it_was_made_for(seed):
    """Tags only at a charger without a session and never in use twice; a storm ends with every group resumed and
    every charger that went silent working again before its last tick; the ticks never go back."""
    events = generate(seed, RR2, 30, 40)
    sessions: dict[str, str] = {}
    suspended: set[str] = set()
    silent_until: dict[str, int] = {}
    ticks = [e.at for e in events]
    assert ticks == sorted(ticks)
    for event in events:
        assert silent_until.get(event.alias, -1) <= event.at or not event.alias
        if event.kind == "arrive":
            assert event.alias not in sessions and event.tag not in sessions.values()
            sessions[event.alias] = event.tag
        elif event.kind in ("unplug", "reboot"):
            sessions.pop(event.alias, None)
        elif event.kind in ("ev_limit", "ev_full", "session_priority"):
            assert event.alias in sessions
        elif event.kind == "suspend":
            suspended.add(event.group)
        elif event.kind == "resume":
            suspended.discard(event.group)
        elif event.kind == "silent":
            silent_until[event.alias] = event.at + event.value
            assert event.at + event.value < 40
    assert not suspended


def test_words_no_event_has_are_refused():
    with pytest.raises(ValueError, match="at tick"):
        parse("RR2-01 reboots")
    with pytest.raises(ValueError, match="no storm event"):
        parse("at tick 3, RR2-01 sings")


def test_a_lower_maximum_keeps_the_buckets_and_intervals():
    assert scaled_schedule("00:00-23:59>0=24:3=40:5=48", 0.5) == "00:00-23:59>0=12:3=20:5=24"
    assert scaled_schedule("00:00-11:59>0=10;12:00-23:59>0=3", 0.25) == "00:00-11:59>0=2;12:00-23:59>0=1"


def test_a_shrunk_storm_reads_as_a_scenario():
    events = [StormEvent(0, "arrive", alias="RR2-01", tag="D40C346D"), StormEvent(4, "reboot", alias="RR2-01")]
    text = as_gherkin("Storm seed 3, shrunk to 2 events", ["the chargers of RR2 are real chargers"], events, ["x"])
    assert text.splitlines() == [
        "  Scenario: Storm seed 3, shrunk to 2 events",
        "    Given the chargers of RR2 are real chargers",
        "    When at tick 0, the driver presents tag D40C346D at RR2-01",
        "    And at tick 4, RR2-01 reboots",
        "    Then x",
    ]


def test_shrinking_finds_the_two_events_that_fail_together():
    events = generate(11, RR2, 40, 60)
    culprits = [events[3], events[-5]]
    replays = []

    def fails(kept):
        replays.append(len(kept))
        return all(c in kept for c in culprits)

    assert shrink(events, fails, ShrinkBudget(200, 60)) == culprits
    assert len(replays) < 60


def test_shrinking_stops_at_its_budget_with_what_still_fails():
    events = generate(11, RR2, 40, 60)
    budget = ShrinkBudget(3, 60)
    kept = shrink(events, lambda kept: events[0] in kept, budget)
    assert budget.used == 3 and events[0] in kept and len(kept) < len(events)


def test_a_scenario_is_on_the_site_its_words_name(tmp_path: Path):
    (tmp_path / "model").mkdir()
    (tmp_path / "sites" / "40-chargers").mkdir(parents=True)
    assert site_dir(tmp_path, ["Given RR2-01 is a real charger"]) == tmp_path / "model"
    assert site_dir(tmp_path, ["the site of 40 chargers in three groups"]) == tmp_path / "sites" / "40-chargers"
    with pytest.raises(SetupError, match="no such site"):
        site_dir(tmp_path, ["the site of 7 chargers"])


@pytest.mark.parametrize("count, groups", [(40, 3), (100, 3)])
def test_the_sites_of_the_storms_hold_what_their_words_say(count, groups):
    site = SiteModel(PROJECT_ROOT / "data" / "sites" / f"{count}-chargers")
    assert len(site.chargers) == count
    assert len([g for g in site.groups.values() if g.is_allocation_group]) == groups
    biggest = max(sum(c.group_id == g for c in site.chargers.values()) for g in site.groups)
    assert biggest > 4  # more sessions in one group than RR2 has chargers
    assert len([t for t in site.tags.values() if t.status == "Activated"]) > count


def test_shrinking_tries_each_group_alone_first():
    site = StormSite(
        {"NW-01": "NW", "NW-02": "NW", "DP-01": "DP", "DP-02": "DP"},
        {f"5E04000{i}": None for i in range(1, 8)},
        {"NW": "00:00-23:59>0=24", "DP": "00:00-23:59>0=12"},
    )
    events = generate(5, site, 30, 40)
    groups = {"NW-01": "NW", "NW-02": "NW", "DP-01": "DP", "DP-02": "DP"}

    def group_of(event):
        return event.group or groups[event.alias]

    culprit = next(e for e in events if group_of(e) == "DP")
    replays = []

    def fails(kept):
        replays.append(kept)
        return culprit in kept

    assert shrink(events, fails, ShrinkBudget(100, 60), group_of) == [culprit]
    assert {group_of(e) for e in replays[0]} == {"NW"} or {group_of(e) for e in replays[1]} == {"DP"}


def test_a_shrunk_storm_ends_at_the_tick_its_check_failed():
    assert parse("at tick 64, the storm ends") == StormEvent(64, "end")
    assert all(e.kind != "end" for seed in range(20) for e in generate(seed, RR2, 30, 40))


def test_a_storm_of_drivers_and_evs_only_has_nothing_else():
    events = generate(3, RR2, 40, 60, DRIVERS_ONLY)
    assert events and {e.kind for e in events} <= {"arrive", "ev_limit", "ev_full", "unplug"}
    assert events == generate(3, RR2, 40, 60, DRIVERS_ONLY) != generate(3, RR2, 40, 60)
