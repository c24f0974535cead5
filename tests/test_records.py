"""balanz_acceptance.actors.records (sessions ended and their records) and the record matchers, against fake
ocppsim and balanz."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from hamcrest import assert_that, is_not
from hamcrest.core.string_description import StringDescription

from balanz_acceptance.actors.charger_under_test import ChargerUnderTest
from balanz_acceptance.actors.records import Records
from balanz_acceptance.checks.records import (
    SessionEnd,
    energy_between,
    energy_bounds,
    offers_recorded,
    recorded_as,
    site_facts,
    timed_as,
)
from balanz_acceptance.core.errors import SetupError
from balanz_acceptance.core.events import Events
from balanz_acceptance.core.record import ScenarioRecord
from balanz_acceptance.core.site import SiteModel
from balanz_acceptance.core.timing import load_profile
from balanz_acceptance.sut.balanz_api import BalanzApi, OfferPoint, SessionRecord
from balanz_acceptance.sut.ocppsim_client import OcppsimClient, SimStatus
from tests.fakes import FakeBalanzAccess, charger_entry

START = 1_000.0
LIVE_HISTORY = [
    {"timestamp": 1001.0, "offered": 6, "usage": None},
    {"timestamp": 1002.0, "offered": None, "usage": 5.95},
    {"timestamp": 1013.5, "offered": 9.0, "usage": None},
]


def mismatch(matcher, item) -> str:
    description = StringDescription()
    matcher.describe_mismatch(item, description)
    return str(description)


def sim_status(energy: float = 12.4, offer: float = 9.0) -> SimStatus:
    return SimStatus("Charging", offer, offer, None, "D40C346D", 1, energy, None, False)


def session_entry(end_time: float = 1016.52, reason: str = "EVDisconnected", kwh: str = "0.012", **extra) -> dict:
    history = [*LIVE_HISTORY, {"timestamp": end_time + 0.004, "offered": 0, "usage": 0}]
    return {
        "session_id": "TACW225426G463-2026-01-01-00:16:40",
        "charger_id": "TACW225426G463",
        "charger_alias": "HQ-14",
        "group_id": "HQ",
        "id_tag": "D40C346D",
        "user_name": "John Jones",
        "stop_id_tag": "D40C346D",
        "start_time": START,
        "end_time": end_time,
        "duration": end_time - START,
        "energy_meter": float(kwh) * 1000,
        "reason": reason,
        "kwh": kwh,
        "charging_history": history,
        **extra,
    }


def ended(asked_at: float = 1016.4, done_at: float = 1017.6, energy: float = 12.4) -> SessionEnd:
    return SessionEnd(
        alias="HQ-14",
        charger_id="TACW225426G463",
        sim_before=sim_status(energy),
        live_start=START,
        live_offers=[OfferPoint(1001.0, 6, None), OfferPoint(1013.5, 9.0, None)],
        asked_at=asked_at,
        done_at=done_at,
        reply="Succesfully stopped transaction. id_tag_info: None",
    )


# --- records and bounds -----------------------------------------------------------------------------
def test_a_record_names_its_fields_in_the_features_words():
    record = SessionRecord.from_api(session_entry())
    assert record.fields() == {
        "charger": "TACW225426G463",
        "alias": "HQ-14",
        "group": "HQ",
        "tag": "D40C346D",
        "user": "John Jones",
        "stop tag": "D40C346D",
        "stop reason": "EVDisconnected",
    }
    assert [p.offered for p in record.offer_changes] == [6, 9.0, 0]
    assert record.kwh == 0.012
    assert "offers 6 → 9 → 0" in str(record)


def test_energy_bounds_allow_one_meter_value_interval_and_two_seconds_at_the_last_offer():
    # 9 A x 230 V x 3 phases = 6210 W; 3 s + 2 s of it = 8.625 Wh on top of the reading
    assert energy_bounds(ended(energy=12.4), meter_value_interval=3) == (12.0, 22.0)


def test_site_facts_come_from_data_model(data_dir):
    facts = site_facts(SiteModel(data_dir / "model"), "HQ-14", "d40c346d")
    assert facts == {
        "charger": "TACW225426G463",
        "alias": "HQ-14",
        "group": "HQ",
        "tag": "D40C346D",
        "user": "John Jones",
    }


# --- matchers ---------------------------------------------------------------------------------------
def test_recorded_as_lists_the_differing_fields():
    record = SessionRecord.from_api(session_entry(reason="Local"))
    assert_that(record, recorded_as({"tag": "D40C346D", "stop reason": "Local"}))
    matcher = recorded_as({"stop reason": "EVDisconnected", "user": "John Jones"})
    assert not matcher.matches(record)
    assert mismatch(matcher, record).startswith("its stop reason 'Local' (not 'EVDisconnected') in session")


def test_timed_as_checks_start_end_and_duration():
    assert_that(SessionRecord.from_api(session_entry()), timed_as(ended()))
    late = SessionRecord.from_api(session_entry(end_time=1018.0))
    assert "end 1018.00 is not between 1016.40" in mismatch(timed_as(ended()), late)
    other_start = SessionRecord.from_api({**session_entry(), "start_time": 999.0})
    assert "start 999.000 is not the session's start 1000.000" in mismatch(timed_as(ended()), other_start)
    bad_duration = SessionRecord.from_api({**session_entry(), "duration": 3.0})
    assert "duration 3.0 is not end - start" in mismatch(timed_as(ended()), bad_duration)


def test_energy_between_compares_the_kwh_figure():
    record = SessionRecord.from_api(session_entry(kwh="0.012"))
    assert_that(record, energy_between(12, 22))
    assert_that(record, is_not(energy_between(13, 22)))
    assert mismatch(energy_between(13, 22), record) == "balanz recorded 0.012 kWh"


def test_offers_recorded_needs_the_live_offers_then_one_final_zero():
    record = SessionRecord.from_api(session_entry())
    assert_that(record, offers_recorded([6, 9, 0], ended()))
    assert "offers 6 → 9 → 0 A" in mismatch(offers_recorded([6, 9, 12, 0], ended()), record)
    extra = session_entry()
    extra["charging_history"].insert(3, {"timestamp": 1015.0, "offered": 0, "usage": None})
    problems = mismatch(offers_recorded([6, 9, 0], ended()), SessionRecord.from_api(extra))
    assert "not one 0 A at its end" in problems
    unseen = ended()
    unseen = SessionEnd(**{**unseen.__dict__, "live_offers": [OfferPoint(1001.0, 6, None)]})
    assert "the offers seen while the session ran" not in mismatch(offers_recorded([6, 9, 0], unseen), record)
    assert "not one 0 A at its end" in mismatch(offers_recorded([6, 9, 0], unseen), record)


# --- ending a session and finding its record ----------------------------------------------------------
@pytest.fixture
def fake_access() -> Iterator[FakeBalanzAccess]:
    balanz = FakeBalanzAccess()
    balanz.start()
    yield balanz
    balanz.stop()


@pytest.fixture
def records(fake_access, fake_ocppsim, data_dir, tmp_path) -> Iterator[tuple[Records, ChargerUnderTest]]:
    site = SiteModel(data_dir / "model")
    profile = load_profile(data_dir, "fast")
    record = ScenarioRecord("sessions", tmp_path / "record")
    api = BalanzApi(fake_access.url, timeout=5)
    api.login("acceptance-suite-token")
    sim = OcppsimClient(fake_ocppsim.url, "HQ-14", timeout=5)
    charger = ChargerUnderTest(site.charger("HQ-14"), sim, api, profile, record)
    fake_access.chargers = [
        charger_entry(
            "TACW225426G463",
            "HQ-14",
            "HQ",
            status="Charging",
            offered=9.0,
            transaction={"id_tag": "D40C346D", "start_time": START, "charging_history": LIVE_HISTORY},
        )
    ]
    fake_ocppsim.status.update({"status": "Charging", "offer": 9.0, "transaction_id": 1, "energy": 12.4})
    fake_ocppsim.replies["unplug"] = "Succesfully stopped transaction. id_tag_info: None"
    stack = SimpleNamespace(api=api)
    records = Records(stack, site, site.charger, lambda alias: charger, profile, record, Events(), audit=list)  # type: ignore[arg-type]
    yield records, charger
    sim.close()
    api.close()


def test_ending_a_session_notes_what_was_seen_and_finds_its_record(records, fake_access, fake_ocppsim):
    session_records, _ = records
    end = session_records.end("HQ-14", "unplug")
    assert end.live_start == START
    assert [p.offered for p in end.live_offers] == [6, 9.0]
    assert end.sim_before.energy == 12.4
    assert end.asked_at <= end.done_at
    assert "unplug" in fake_ocppsim.received
    fake_access.sessions = [
        session_entry(charger_id="TACW224317G584"),
        {**session_entry(), "start_time": 900.0},
        session_entry(),
    ]
    record = session_records.of("HQ-14")
    assert record.start_time == START and record.data["charger_id"] == "TACW225426G463"
    assert session_records.of("HQ-14") is record
    session_records.energy_as_metered("HQ-14")


def test_ending_by_tag_sends_the_tag_and_expects_balanz_s_stop(records, fake_ocppsim):
    session_records, _ = records
    with pytest.raises(AssertionError, match="tag D40C346D ends the session"):
        session_records.end("HQ-14", "tag", "D40C346D")  # the fake answers a tag with "Tag Accepted"
    assert "tag D40C346D" in fake_ocppsim.received


def test_a_session_must_be_running_to_be_ended(records, fake_access):
    session_records, _ = records
    fake_access.chargers[0]["connectors"]["1"].pop("transaction")
    with pytest.raises(AssertionError, match="balanz shows no running session"):
        session_records.end("HQ-14", "unplug")
    with pytest.raises(SetupError, match="known: unplug, tag"):
        session_records.end("HQ-14", "walk away")
    with pytest.raises(AssertionError, match="no session at HQ-14 was ended or followed"):
        session_records.of("HQ-14")


def test_a_followed_session_s_record_is_found_by_its_live_start(records, fake_access):
    """A session balanz ends itself (a silent charger) is found the same way: by the start balanz showed."""
    session_records, _ = records
    session_records.follow("HQ-14")
    assert session_records.live_starts["HQ-14"] == START
    fake_access.sessions = [{**session_entry(), "start_time": 900.0}, session_entry(reason="Other")]
    record = session_records.of("HQ-14")
    assert record.start_time == START
    session_records.stopped_with("HQ-14", "Other")
    with pytest.raises(AssertionError, match="stop reason"):
        session_records.stopped_with("HQ-14", "Local")
