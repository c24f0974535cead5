"""core/events.py (the scenario's bus), core/site_state.py (the site as the scenario left it), and the words a
feature uses for chargers the harness plays, tags, durations and time-of-day windows."""

from __future__ import annotations

import time

import pytest

from balanz_acceptance.core.events import (
    ChargerChanged,
    Events,
    FileReloaded,
    MaximumChanged,
    SessionPriorityChanged,
    TagChanged,
)
from balanz_acceptance.core.overlays import check_in_effect
from balanz_acceptance.core.schedule import gap_from_now, window_from, window_value
from balanz_acceptance.core.site import SiteModel
from balanz_acceptance.core.site_state import SiteState
from balanz_acceptance.core.timing import Duration, load_profile


@pytest.fixture
def site(data_dir) -> SiteModel:
    return SiteModel(data_dir / "model")


def test_every_subscriber_hears_every_event_in_the_order_it_subscribed():
    events, heard = Events(), []
    events.subscribe(lambda e: heard.append(("first", e)))
    second = lambda e: heard.append(("second", e))  # noqa: E731
    events.subscribe(second)
    change = MaximumChanged("RR2", "00:00-23:59>0=12", at=5.0)
    events.publish(change)
    events.unsubscribe(second)
    events.publish(SessionPriorityChanged("RR2-03", 1))
    assert heard[:2] == [("first", change), ("second", change)] and len(heard) == 3
    assert SessionPriorityChanged("RR2-03", 1).at == pytest.approx(time.time(), abs=1)


def test_the_site_state_follows_the_operators_changes(site, tmp_path):
    events = Events()
    state = SiteState(site, site.charger, events, default_priority=1)
    assert state.charger("RR2-03").conn_max == 16 and state.session_priority("RR2-03", "56EB8FBF") == 1
    events.publish(ChargerChanged("RR2-03", {"conn_max": 10}))
    events.publish(TagChanged("3B86D60D", {"priority": 10}))
    assert state.charger("RR2-03").conn_max == 10 and state.charger("RR2-03").priority == 1
    assert state.session_priority("RR2-02", "3B86D60D") == 10  # the tag's new priority
    assert state.session_priority("RR2-02", "3b86d60d") == 10  # the same tag, whatever the case of its letters
    events.publish(TagChanged("3B86D60D", {}, deleted=True))
    assert state.tag_priority("3B86D60D") is None
    events.publish(SessionPriorityChanged("RR2-02", 5))
    assert state.session_priority("RR2-02", "176A6AFA") == 5  # the operator's own for that session
    events.publish(ChargerChanged("RR2-04", {"priority": None}))  # created again without a priority
    assert state.charger("RR2-04").priority == 1  # the site's default_priority


def test_the_site_state_reads_a_reloaded_file(site, tmp_path):
    events = Events()
    state = SiteState(site, site.charger, events, default_priority=1)
    chargers = tmp_path / "chargers.csv"
    chargers.write_text("charger_id,alias,group_id,priority,conn_max\nTACW224537G682,RR2-03,RR2,4,16.0\n")
    events.publish(FileReloaded("chargers", chargers))
    tags = tmp_path / "tags.csv"
    tags.write_text("id_tag,user_name,status,priority\nD40C346D,John Jones,Activated,7\n")
    events.publish(FileReloaded("tags", tags))
    assert state.charger("RR2-03").priority == 4
    assert state.tag_priority("D40C346D") == 7 and state.tag_priority("56EB8FBF") is None  # gone from the file


def test_a_step_declares_the_chargers_the_harness_plays():
    played = SiteModel.played_names
    assert played("RR2-03 is a charger that keeps its transaction when its connection drops") == ["RR2-03"]
    assert played("RR2-02 and RR2-04 are chargers that keep their transactions") == ["RR2-02", "RR2-04"]
    assert played("RR2-01, RR2-02 and RR2-04 are real chargers with two connectors") == ["RR2-01", "RR2-02", "RR2-04"]
    for other in ("RR2-03 is available", "HQ-14 is connected and Available", "RR2-03 is held for the long suspension"):
        assert played(other) == []


def test_a_features_word_for_a_tag_is_checked_against_the_site(site):
    assert site.tag_of_kind("0BADC0DE", "unknown") == "0BADC0DE"
    assert site.tag_of_kind("6EBEFC7F", "blocked") == "6EBEFC7F"
    with pytest.raises(AssertionError, match="calls tag D40C346D unknown"):
        site.tag_of_kind("D40C346D", "unknown")
    with pytest.raises(AssertionError, match="not blocked"):
        site.tag_of_kind("D40C346D", "blocked")


def test_a_duration_is_a_count_of_a_named_interval(data_dir):
    profile = load_profile(data_dir, "fast")
    runs = Duration.parse("2 full balancing runs")
    assert (runs.count, runs.interval, str(runs)) == (2.0, "full balancing runs", "2 full balancing runs")
    assert profile.seconds(runs) == 12.0 and profile.within(runs) == profile.deadline(2, "full balancing run")
    check_in_effect(profile, "transaction timeout", Duration(60, "full balancing runs"))
    with pytest.raises(AssertionError, match="transaction timeout is 360 s, not 5 full balancing runs"):
        check_in_effect(profile, "transaction timeout", Duration(5, "full balancing runs"))
    with pytest.raises(AssertionError, match="minimum offer of 8 A"):
        profile.the_minimum(8)


def test_a_window_changes_one_bucket_from_the_next_minute(site):
    rr2 = site.groups["RR2"]
    assert window_value(rr2, 0, 2, 12) == "0=12:3=40:5=48"
    with pytest.raises(AssertionError, match="do not form one bucket"):
        window_value(rr2, 0, 3, 12)
    now = time.mktime(time.strptime("2026-11-27 12:00:30", "%Y-%m-%d %H:%M:%S"))
    window = window_from(rr2, "0=12:3=40:5=48", 2, now, lead=8)
    assert window.schedule == "00:00-12:00>0=24:3=40:5=48;12:01-12:02>0=12:3=40:5=48;12:03-23:59>0=24:3=40:5=48"
    assert (window.starts - now, window.ends - now) == (30.0, 150.0)
    later = window_from(rr2, "0=12:3=40:5=48", 2, now, lead=62)  # 12:01 is only 30 s away: from 12:02
    assert (later.starts - now, later.ends - now) == (90.0, 210.0)
    assert gap_from_now(rr2, 2, now) == "00:00-11:59>0=24:3=40:5=48;12:02-23:59>0=24:3=40:5=48"
