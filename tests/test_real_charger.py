"""The real charger model: its options, its charging profiles, its meters, connectors, EVs and timing, against a
loopback central system (FakeCsms)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from balanz_acceptance.core.charger_model import ChargerOptions, options_for, parse_options
from balanz_acceptance.core.errors import SetupError
from balanz_acceptance.core.record import ScenarioRecord
from balanz_acceptance.core.site import SiteModel
from balanz_acceptance.sut.charging_profiles import HeldProfile, ProfileStore, limit_for
from balanz_acceptance.sut.ocpp_link import OcppError, OcppLink
from balanz_acceptance.sut.ocpp_schemas import problem
from balanz_acceptance.sut.ocppj import CALL, CALLRESULT
from balanz_acceptance.sut.played_charger import Ev, PlayedCharger
from tests.fakes import FakeCsms, poll_until
from tests.test_played_charger import default_profile, install_balanz_defaults, tx_profile

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture
def csms():
    server = FakeCsms().start()
    yield server
    server.stop()


@pytest.fixture
def real(csms, tmp_path):
    """Start a real charger with these options (16 A, minimum 6 A, meter values every 0.2 s)."""
    started: list[PlayedCharger] = []

    def start(options: ChargerOptions, charger_id: str = "CP0100") -> PlayedCharger:
        played = PlayedCharger(
            "TW-01",
            charger_id,
            csms.url,
            ScenarioRecord("test", tmp_path / f"record-{charger_id}"),
            own_maximum=16.0,
            min_to_start=6.0,
            meter_value_interval=0.2,
            reconnect_within=5.0,
            options=options,
        )
        started.append(played)
        played.start()
        return played

    yield start
    for played in started:
        played.shutdown()


# --- the options, in words and in data/model ---------------------------------------------------------------
def test_a_declaration_reads_its_clauses():
    options = parse_options(
        " whose meter reads 12 345 678 Wh, that takes 0.5 s to apply a charging profile and that rejects charging "
        "profiles"
    )
    assert (options.meter_wh, options.apply_delay, options.rejects_profiles) == (12_345_678, 0.5, True)
    assert parse_options(" with two connectors").connectors == 2
    assert parse_options("").describe() == "no options"
    with pytest.raises(SetupError, match="cannot read 'that flies'"):
        parse_options(" that flies")


def test_real_chargers_are_declared_played_in_a_step_text():
    played = SiteModel.played_names
    assert played("RR2-03 is a real charger whose meter reads 12 345 678 Wh") == ["RR2-03"]
    assert played("RR2-01 and RR2-02 are real chargers that take 0.5 s to apply a charging profile") == [
        "RR2-01",
        "RR2-02",
    ]
    assert played("the driver presents tag 56EB8FBF at RR2-03") == []


def test_data_model_gives_defaults_and_the_connectors(tmp_path):
    site = SiteModel(DATA / "model")
    twin = next(c for c in site.chargers.values() if c.connectors == 2)
    options = options_for(site, twin.alias, " that rejects charging profiles")
    assert options.connectors == 2 and options.rejects_profiles
    with pytest.raises(SetupError, match="connector"):
        options_for(site, "RR2-03", " with two connectors")


# --- charging profiles, as OCPP 1.6 has them --------------------------------------------------------------
def test_profiles_replace_by_id_or_purpose_and_stack_level_per_connector():
    store = ProfileStore(2)
    for connector in (1, 2):
        assert store.install(default_profile(0, 2, 1, connector), {}) == "Accepted"
    assert store.install(default_profile(6, 1, 0, 0), {}) == "Accepted"
    assert len(store.held) == 3  # the same id on two connectors: two profiles
    assert limit_for(store.held, 1, None) == 0.0 and limit_for(store.held, 2, None) == 0.0
    assert store.clear({"id": 2, "connectorId": 2}) == "Accepted"
    assert limit_for(store.held, 1, None) == 0.0 and limit_for(store.held, 2, None) == 6.0
    assert store.install(default_profile(3, 7, 1, 1), {}) == "Accepted"  # same purpose and stack level: replaced
    assert [p.profile_id for p in store.held if p.connector == 1] == [7]
    assert store.clear({"id": 9}) == "Unknown"
    assert [c.why.split()[0] for c in store.changes()] == [
        "the",
        "installed",
        "installed",
        "installed",
        "cleared",
        "installed",
    ]


def test_a_tx_profile_needs_its_own_transaction_and_ends_with_it():
    store = ProfileStore(2)
    profile = tx_profile(10, profile_id=3)
    assert store.install(profile, {1: None, 2: None}) == "Rejected"
    assert store.install(profile, {1: 2, 2: None}) == "Rejected"  # connector 1 runs transaction 2, not 1
    assert store.install(profile, {1: 1, 2: None}) == "Accepted"
    assert limit_for(store.held, 1, 1) == 10.0
    store.end_transaction(1)
    assert store.held == ()
    assert "the connector's transaction is 2, not 1" in store.changes()[2].why


def test_held_profiles_are_recorded_over_time():
    store = ProfileStore(1)
    before = time.time()
    store.install(default_profile(0, 2, 1, 1), {})
    assert store.held_at(before - 1) == ()
    assert store.held_at(time.time()) == (HeldProfile(1, 2, "TxDefaultProfile", 1, 0.0),)


# --- the charger over OCPP-J ------------------------------------------------------------------------------
def test_meters_report_their_lifetime_register(csms, real):
    charger = real(ChargerOptions(meter_wh=12_345_678))
    assert charger.present_tag("56EB8FBF") == "Accepted"
    start = next(p for a, p in csms.calls if a == "StartTransaction")
    assert start["meterStart"] == 12_345_678
    assert poll_until(lambda: charger.status == "Charging")  # no profile: its own 16 A
    assert poll_until(lambda: charger.register() > 12_345_678.5)
    assert poll_until(lambda: "MeterValues" in csms.actions())
    meter = next(p for a, p in reversed(csms.calls) if a == "MeterValues")
    register = next(v for v in meter["meterValue"][0]["sampledValue"] if v["measurand"].startswith("Energy"))
    assert int(register["value"]) >= 12_345_678
    charger.unplug()
    stop = next(p for a, p in csms.calls if a == "StopTransaction")
    assert stop["meterStop"] >= 12_345_678 and stop["reason"] == "EVDisconnected" and stop["idTag"] == "56EB8FBF"


def test_a_charger_that_does_not_report_its_offer_leaves_current_offered_out(csms, real):
    assert parse_options(" that does not report the current it offers").reports_offer is False
    charger = real(ChargerOptions(reports_offer=False))
    assert charger.present_tag("56EB8FBF") == "Accepted"
    assert poll_until(lambda: "MeterValues" in csms.actions())
    meter = next(p for a, p in reversed(csms.calls) if a == "MeterValues")
    measurands = {v["measurand"] for v in meter["meterValue"][0]["sampledValue"]}
    assert "Current.Offered" not in measurands and "Current.Import" in measurands


def test_two_connectors_have_their_own_transactions_limits_and_meters(csms, real):
    charger = real(ChargerOptions(connectors=2))
    install_balanz_defaults(csms, connectors=2)
    csms.answers["StartTransaction"] = {"transactionId": 1, "idTagInfo": {"status": "Accepted"}}
    charger.present_tag("56EB8FBF", connector=1)
    csms.answers["StartTransaction"] = {"transactionId": 7, "idTagInfo": {"status": "Accepted"}}
    charger.present_tag("D40C346D", connector=2)
    assert (charger.connectors[1].transaction_id, charger.connectors[2].transaction_id) == (1, 7)
    assert csms.call("SetChargingProfile", {**tx_profile(10), "connectorId": 2}) == {"status": "Rejected"}
    second = tx_profile(8)
    second["connectorId"] = 2
    second["csChargingProfiles"]["transactionId"] = 7
    assert csms.call("SetChargingProfile", second) == {"status": "Accepted"}
    assert poll_until(lambda: charger.connectors[2].status == "Charging")
    assert charger.connectors[1].status == "SuspendedEVSE" and charger.sim_status(2).offer == 8.0
    charger.present_tag("D40C346D", connector=2)
    stop = next(p for a, p in csms.calls if a == "StopTransaction")
    assert stop["transactionId"] == 7
    assert not [p for p in charger.profiles.held if p.purpose == "TxProfile"]
    assert charger.connectors[1].transaction_id == 1


def test_a_late_charger_answers_at_once_and_enforces_later(csms, real):
    charger = real(ChargerOptions(apply_delay=0.5))
    charger.present_tag("56EB8FBF")
    assert poll_until(lambda: charger.status == "Charging")
    asked = time.time()
    assert csms.call("SetChargingProfile", tx_profile(10)) == {"status": "Accepted"}
    assert charger.offer == 16.0  # not yet
    assert poll_until(lambda: charger.offer == 10.0, timeout=3.0)
    applied = next(m for m in charger.timeline if m.allowed == 10.0)
    assert 0.45 <= applied.at - asked <= 1.5
    call = next(c for c in charger.calls if c.action == "SetChargingProfile")
    assert call.answer == {"status": "Accepted"} and call.answered - call.received < 0.4


def test_a_charger_without_smart_charging_rejects_profiles(csms, real):
    charger = real(ChargerOptions(rejects_profiles=True, reply_latency=0.3))
    started = time.monotonic()
    assert csms.call("SetChargingProfile", default_profile(0, 2, 1, 1)) == {"status": "Rejected"}
    assert time.monotonic() - started >= 0.3
    assert charger.profiles.held == () and charger.offer == 16.0
    assert "rejected" in charger.profiles.changes()[-1].why


def test_a_charger_that_waits_for_power_starts_its_transaction_when_the_ev_draws(csms, real):
    charger = real(ChargerOptions(transaction_when_charging=True))
    install_balanz_defaults(csms)
    assert charger.present_tag("56EB8FBF") == "Accepted"
    assert poll_until(lambda: charger.status == "SuspendedEVSE")
    assert "StartTransaction" not in csms.actions()
    assert csms.call("ClearChargingProfile", {"id": 2, "connectorId": 1}) == {"status": "Accepted"}
    assert poll_until(lambda: charger.status == "Charging" and charger.transaction_id == 1)
    assert charger.offer == 6.0


def test_an_ev_draws_at_most_its_maximum_and_is_full_after_its_energy(csms, real):
    charger = real(ChargerOptions(meter_wh=1_000))
    charger.set_ev(Ev(max_draw=10.0, full_after_wh=4.0))
    charger.present_tag("56EB8FBF")
    assert poll_until(lambda: charger.status == "Charging")
    assert charger.draw == 10.0 and charger.offer == 16.0
    assert poll_until(lambda: charger.status == "SuspendedEV", timeout=6.0)  # 4 Wh at 10 A (6.9 kW): about 2 s
    assert charger.draw == 0.0 and charger.sim_status().energy >= 4.0


# --- OCPP 1.6 schemas, both ways ---------------------------------------------------------------------------
def test_schemas_check_both_ways(csms):
    assert problem(CALL, "Heartbeat", {}) is None
    assert problem(CALL, "StartTransaction", {"connectorId": 1})[0] == "ProtocolError"
    assert problem(CALLRESULT, "SetChargingProfile", {"status": "Maybe"})[0] == "PropertyConstraintViolation"
    notes: list[str] = []
    link = OcppLink(csms.url, "CP0101", {"SetChargingProfile": lambda p: {"status": "Accepted"}}, note=notes.append)
    link.connect()
    try:
        bad = tx_profile(10.55)  # more than one decimal
        assert csms.call("SetChargingProfile", bad)[0] == "error"
        assert any("not valid OCPP 1.6" in n for n in notes)
        with pytest.raises(OcppError, match="own call is not valid"):
            link.call("Authorize", {})
        csms.answers["Heartbeat"] = {"currentTime": 12}
        with pytest.raises(OcppError, match=r"reply is not valid OCPP 1\.6"):
            link.call("Heartbeat", {})
    finally:
        link.shutdown()
