"""balanz_acceptance.core.site: the test site in data/model."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from balanz_acceptance.core.errors import SetupError
from balanz_acceptance.core.site import ALIAS_SHAPE, Group, SiteModel


@pytest.fixture
def site(data_dir: Path) -> SiteModel:
    return SiteModel(data_dir / "model")


@pytest.fixture
def model_copy(data_dir: Path, tmp_path: Path) -> Path:
    """A writable copy of data/model."""
    return Path(shutil.copytree(data_dir / "model", tmp_path / "model"))


def _append(path: Path, line: str) -> None:
    text = path.read_text()
    path.write_text(text + ("" if text.endswith("\n") else "\n") + line + "\n")


# --- the real model ---------------------------------------------------------------------------------
def test_the_real_model_loads(site):
    assert list(site.chargers) == ["HQ-14", "RR2-01", "RR2-02", "RR2-03", "RR2-04", "TW-01"]
    assert set(site.groups) == {"HQ", "RR2", "TW", "Default"}
    assert site.charger("TW-01").connectors == 2 and list(site.simulated()) == list(site.chargers)[:-1]
    hq14 = site.charger("HQ-14")
    assert (hq14.charger_id, hq14.group_id, hq14.priority, hq14.conn_max) == ("TACW225426G463", "HQ", 3, 16.0)
    assert site.tag("D40C346D").user_name == "John Jones"


def test_an_unknown_charger_is_refused_listing_the_known_ones(site):
    with pytest.raises(SetupError, match=r"charger 'XX-1' is not in data/model/chargers.csv \(known: HQ-14, RR2-01"):
        site.charger("XX-1")


def test_tags_are_found_case_insensitively(site):
    assert site.tag("d40c346d").id_tag == "D40C346D"
    assert site.tag("FE7FF01E").priority == 10
    assert site.tag("D40C346D").priority is None
    with pytest.raises(SetupError, match=r"tag 'NOPE' is not in data/model/tags\.csv"):
        site.tag("NOPE")


# --- the alias shape and the chargers in site order ----------------------------------------------------
def test_chargers_in_site_order(site):
    assert [c.alias for c in site.in_site_order({"RR2-03", "HQ-14", "RR2-01"})] == ["HQ-14", "RR2-01", "RR2-03"]


def test_an_alias_the_site_lacks_is_refused(site):
    with pytest.raises(SetupError, match=r"charger 'RR2-09' is not in data/model/chargers.csv"):
        site.in_site_order(["RR2-01", "RR2-09"])


@pytest.mark.parametrize(
    "text",
    ["RR2-011 is available", "XRR2-01 is available", "RR2-01x", "the RR2-01-b charger", "RR2-0", "rr2-01"],
)
def test_a_longer_word_containing_an_alias_is_not_an_alias(site, text):
    assert "RR2-01" not in ALIAS_SHAPE.findall(text)


@pytest.mark.parametrize("text", ["RR2-01.", "(RR2-01)", "RR2-01, then", "at RR2-01", "RR2-01's EV", "'RR2-01'"])
def test_an_alias_next_to_punctuation_is_found(site, text):
    assert ALIAS_SHAPE.findall(text) == ["RR2-01"]


# --- names a feature uses ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Given HQ-14 is available",
        "When the driver presents tag D40C346D at RR2-01",
        "When the driver tries the known tag d40c346d at HQ-14",  # balanz ignores the case of a tag
        "Then the tag is refused at HQ-14 as Invalid",  # "is" is no tag id
        "And the offer to RR2-02 rises 6 → 9 A within 1 full balancing run",
        "see docs/balancing-rules.md#time-of-day-schedules for 00:00-23:59",
    ],
)
def test_known_names_are_no_problem(site, text):
    assert site.unknown_names(text) == []


def test_unknown_charger_aliases_and_tags_are_named(site):
    problems = site.unknown_names("the driver presents tag 0BADC0DE at RR2-07, then at (HQ-15)")
    assert [name for name, _ in problems] == ["RR2-07", "HQ-15", "0BADC0DE"]
    assert problems[0][1] == (
        "charger RR2-07 is not in data/model/chargers.csv (known: HQ-14, RR2-01, RR2-02, RR2-03, RR2-04, TW-01)"
    )
    assert problems[2][1] == "tag 0BADC0DE is not in data/model/tags.csv"


def test_names_introduced_as_new_or_unknown_are_declared(site):
    declared = site.declared_names("the operator creates the new active tag 5EED0001 for Nina New")
    declared |= site.declared_names("the driver tries the unknown tag 0BADC0DE at HQ-14")
    declared |= site.declared_names("a new charger RR2-09 connects")
    assert declared == {"5EED0001", "0BADC0DE", "RR2-09"}
    assert site.unknown_names("tag 5eed0001 and tag 0BADC0DE at RR2-09", declared) == []


# --- a broken model -------------------------------------------------------------------------------------
def test_a_charger_in_a_missing_group_is_refused(model_copy):
    _append(model_copy / "chargers.csv", "TACW000000G000,XX-01,NOWHERE,1,1,a charger,16.0,")
    with pytest.raises(SetupError) as caught:
        SiteModel(model_copy)
    message = str(caught.value)
    assert "charger XX-01 names group 'NOWHERE', which is not in groups.csv" in message
    assert "HQ, RR2, TW, Default" in message


def test_a_charger_listed_twice_is_refused(model_copy):
    _append(model_copy / "chargers.csv", "TACW224317G584,RR2-01,RR2,1,3,again,32.0,")
    with pytest.raises(SetupError, match="charger RR2-01 is listed twice"):
        SiteModel(model_copy)


def test_a_charger_id_listed_twice_under_another_alias_is_refused(model_copy):
    _append(model_copy / "chargers.csv", "TACW224317G584,RR2-09,RR2,1,3,same id,32.0,")
    with pytest.raises(SetupError, match="charger RR2-09 is listed twice"):
        SiteModel(model_copy)


def test_a_missing_model_file_is_named(model_copy):
    (model_copy / "tags.csv").unlink()
    with pytest.raises(SetupError, match=r"tags\.csv: file missing"):
        SiteModel(model_copy)


# --- group allocation -----------------------------------------------------------------------------------
RR2 = Group("RR2", "00:00-23:59>0=24:3=40:5=48")


def test_buckets_are_ordered_highest_priority_first():
    assert RR2.buckets == {5: 48, 3: 40, 0: 24}
    assert list(RR2.buckets) == [5, 3, 0]


@pytest.mark.parametrize(("priority", "bucket"), [(0, 0), (1, 0), (2, 0), (3, 3), (4, 3), (5, 5), (10, 5)])
def test_a_priority_maps_to_the_largest_threshold_not_above_it(priority, bucket):
    assert RR2.bucket_of(priority) == bucket


@pytest.mark.parametrize(
    ("priorities", "maximum"),
    [([1], 24), ([3], 40), ([1, 3], 48), ([10], 48), ([1, 1], 24), ([], 48), ([1, 5], 48)],
)
def test_maximum_for_rr2(priorities, maximum):
    assert RR2.maximum_for(priorities) == maximum


def test_the_real_rr2_group_matches(site):
    assert site.groups["RR2"].maximum_for([1, 3]) == 48
    assert site.groups["HQ"].maximum_for([1]) == 100


def test_a_group_without_a_schedule_allows_nothing(site):
    assert site.groups["Default"].buckets == {}
    assert site.groups["Default"].maximum_for([1]) == 0
    assert not site.groups["Default"].is_allocation_group


# --- time-of-day schedules (balanz: util.schedule_value_now; local wall clock, minute resolution) ----------
DAY = Group("RR2", "00:00-05:59>0=48;06:00-16:59>0=16:3=32:5=48;17:00-20:59>0=0:5=48;21:00-23:59>0=32:5=48")


def _at(hh_mm_ss: str) -> float:
    """Epoch seconds of a local wall-clock time."""
    return time.mktime(time.strptime(f"2026-11-27 {hh_mm_ss}", "%Y-%m-%d %H:%M:%S"))


def test_a_schedule_has_its_intervals_in_minutes_of_the_day():
    assert [(i.first_minute, i.last_minute) for i in DAY.intervals] == [
        (0, 359),
        (360, 1019),
        (1020, 1259),
        (1260, 1439),
    ]
    assert DAY.intervals[1].buckets == {5: 48, 3: 32, 0: 16}


@pytest.mark.parametrize(
    ("clock", "priorities", "maximum"),
    [
        ("05:59:59", [1], 48),  # the last second of an interval is still in it
        ("06:00:00", [1], 16),
        ("06:00:00", [1, 3], 48),
        ("12:00:00", [3], 32),
        ("17:30:00", [1], 0),  # priority 1 gets nothing between 17:00 and 20:59
        ("17:30:00", [1, 5], 48),
        ("23:59:59", [1], 32),
        ("00:00:00", [10], 48),
    ],
)
def test_the_maximum_at_a_time_of_day(clock, priorities, maximum):
    assert DAY.maximum_for(priorities, _at(clock)) == maximum


def test_the_bucket_of_a_priority_depends_on_the_time_of_day():
    assert DAY.bucket_of(3, _at("03:00:00")) == 0
    assert DAY.bucket_of(3, _at("12:00:00")) == 3


def test_a_time_no_interval_covers_has_no_maximum():
    gap = Group("RR2", "00:00-00:01>0=24:3=40:5=48")
    assert gap.is_allocation_group
    assert gap.buckets_at(_at("12:00:00")) == {}
    assert gap.maximum_for([1], _at("12:00:00")) == 0
    assert gap.maximum_for([1], _at("00:01:30")) == 24
