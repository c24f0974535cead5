"""The OCPP-J link and the charger the harness plays itself, against a loopback central system."""

from __future__ import annotations

import threading
import time

import pytest

from balanz_acceptance.core.record import ScenarioRecord
from balanz_acceptance.sut import ocpp_link
from balanz_acceptance.sut.ocpp_link import OcppError, OcppLink
from balanz_acceptance.sut.played_charger import PlayedCharger
from tests.fakes import FakeCsms, poll_until


@pytest.fixture
def csms():
    server = FakeCsms().start()
    yield server
    server.stop()


@pytest.fixture
def play(csms, tmp_path):
    """Start a played RR2-03 (16 A, minimum 6 A) connected to ``csms``; shut down at the test's end."""
    started: list[PlayedCharger] = []

    def start(charger_id: str, meter_value_interval: float, **options: bool) -> PlayedCharger:
        played = PlayedCharger(
            "RR2-03",
            charger_id,
            csms.url,
            ScenarioRecord("test", tmp_path / f"record-{charger_id}"),
            own_maximum=16.0,
            min_to_start=6.0,
            meter_value_interval=meter_value_interval,
            reconnect_within=5.0,
            **options,
        )
        started.append(played)
        played.start()
        return played

    yield start
    for played in started:
        played.shutdown()


@pytest.fixture
def charger(play):
    return play("CP0001", meter_value_interval=0.2)


def tx_profile(limit: float, stack_level: int = 3, profile_id: int = 3, purpose: str = "TxProfile") -> dict:
    return {
        "connectorId": 1,
        "csChargingProfiles": {
            "chargingProfileId": profile_id,
            "stackLevel": stack_level,
            "chargingProfilePurpose": purpose,
            "chargingProfileKind": "Absolute",
            "chargingSchedule": {
                "chargingRateUnit": "A",
                "chargingSchedulePeriod": [{"startPeriod": 0, "limit": limit}],
            },
            "transactionId": 1,
        },
    }


def test_link_calls_and_answers(csms):
    link = OcppLink(csms.url, "CP0002", {"GetConfiguration": lambda payload: {"configurationKey": []}})
    link.connect()
    try:
        assert link.call("Heartbeat", {}) == {"currentTime": "2026-01-01T00:00:00Z"}
        assert csms.connections == ["CP0002"]
        assert csms.call("GetConfiguration", {}) == {"configurationKey": []}
        assert csms.call("UnlockConnector", {"connectorId": 1}) == ("error", "NotImplemented")
    finally:
        link.close()
    assert poll_until(lambda: not link.connected)
    with pytest.raises(OcppError, match="not connected"):
        link.call("Heartbeat", {})


def test_link_refused_is_one_error():
    link = OcppLink("ws://127.0.0.1:9", "CP0003", {})
    with pytest.raises(OcppError, match="cannot connect"):
        link.connect(open_timeout=1.0)


def default_profile(limit: float, profile_id: int, stack_level: int, connector: int) -> dict:
    """A TxDefaultProfile as balanz sets it (charge_point_v16.py set_default_profile)."""
    payload = tx_profile(limit, stack_level, profile_id, "TxDefaultProfile")
    del payload["csChargingProfiles"]["transactionId"]
    payload["connectorId"] = connector
    return payload


def install_balanz_defaults(csms, connectors: int = 1) -> None:
    """balanz's initialization: its blocking profile on every connector, its base profile on connector 0."""
    for connector in range(1, connectors + 1):
        assert csms.call("SetChargingProfile", default_profile(0, 2, 1, connector)) == {"status": "Accepted"}
    assert csms.call("SetChargingProfile", default_profile(6, 1, 0, 0)) == {"status": "Accepted"}


def test_session_starts_blocked_then_charges_at_the_profile_limit(csms, charger):
    assert csms.actions()[:3] == ["BootNotification", "StatusNotification", "StatusNotification"]
    assert charger.offer == 16.0  # it starts with no profile: its own maximum
    install_balanz_defaults(csms)
    assert charger.offer == 0.0  # 6 A at stack level 0 shadowed by 0 A at level 1
    assert charger.present_tag("56EB8FBF") == "Accepted"
    start = next(p for a, p in csms.calls if a == "StartTransaction")
    assert {k: v for k, v in start.items() if k != "timestamp"} == {
        "connectorId": 1,
        "idTag": "56EB8FBF",
        "meterStart": 0,
    }
    assert poll_until(lambda: charger.status == "SuspendedEVSE")
    assert csms.call("SetChargingProfile", tx_profile(10)) == {"status": "Accepted"}
    assert poll_until(lambda: charger.status == "Charging")
    assert charger.sim_status().offer == 10.0
    assert csms.call("SetChargingProfile", tx_profile(32)) == {"status": "Accepted"}
    assert charger.offer == 16.0  # never more than its own maximum


def test_tx_profile_without_transaction_is_rejected_and_clearing_follows_the_criteria(csms, charger):
    install_balanz_defaults(csms)
    assert csms.call("SetChargingProfile", tx_profile(10)) == {"status": "Rejected"}
    assert csms.call("ClearChargingProfile", {"id": 2, "connectorId": 0}) == {"status": "Unknown"}  # on connector 1
    assert csms.call("ClearChargingProfile", {"id": 2, "connectorId": 1}) == {"status": "Accepted"}
    assert charger.offer == 6.0  # the blocking profile is gone: the base profile applies
    assert csms.call("ClearChargingProfile", {"id": 2}) == {"status": "Unknown"}
    assert csms.call("ClearChargingProfile", {"chargingProfilePurpose": "TxDefaultProfile"}) == {"status": "Accepted"}
    assert charger.offer == 16.0  # no profile left: the charger's own maximum


def test_meter_values_carry_the_transaction_and_the_offer(csms, charger):
    charger.present_tag("56EB8FBF")
    csms.call("SetChargingProfile", tx_profile(8))
    assert poll_until(lambda: any(a == "MeterValues" and float(_offered(p)) == 8.0 for a, p in csms.calls))
    payload = next(p for a, p in reversed(csms.calls) if a == "MeterValues")
    assert payload["transactionId"] == 1
    values = {(v["measurand"], v.get("phase")): float(v["value"]) for v in payload["meterValue"][0]["sampledValue"]}
    assert values[("Current.Import", "L1")] == 8.0
    assert values[("Current.Offered", None)] == 8.0


def test_transaction_and_profiles_kept_across_a_lost_connection(csms, charger):
    charger.present_tag("56EB8FBF")
    csms.call("SetChargingProfile", tx_profile(12))
    assert poll_until(lambda: charger.status == "Charging")
    before = len(csms.calls)
    csms.drop()
    assert poll_until(lambda: charger.connections == 2)
    after = csms.calls[before:]
    actions = [a for a, _ in after]
    assert actions[:4] == ["BootNotification", "StatusNotification", "StatusNotification", "MeterValues"]
    assert after[2][1]["status"] == "Charging"
    assert after[3][1]["transactionId"] == 1 and _offered(after[3][1]) == "12"
    assert charger.transaction_id == 1 and charger.offer == 12.0


def test_trigger_message_and_ending_the_session_with_the_tag(csms, charger):
    charger.present_tag("56EB8FBF")
    assert csms.call("TriggerMessage", {"requestedMessage": "StatusNotification", "connectorId": 1}) == {
        "status": "Accepted"
    }
    assert csms.call("TriggerMessage", {"requestedMessage": "DiagnosticsStatusNotification"}) == {
        "status": "NotImplemented"
    }
    assert charger.present_tag("56EB8FBF") == "Stopped"
    stop = next(p for a, p in csms.calls if a == "StopTransaction")
    assert stop["idTag"] == "56EB8FBF" and stop["reason"] == "Local" and stop["transactionId"] == 1
    assert charger.status == "Available" and charger.transaction_id is None


def _offered(payload: dict) -> str:
    return next(v["value"] for v in payload["meterValue"][0]["sampledValue"] if v["measurand"] == "Current.Offered")


def test_a_charger_that_waits_for_its_interval_sends_no_meter_values_on_connect_nor_when_asked(csms, play):
    played = play("CP0004", meter_value_interval=1.0, meter_values_on_connect=False, meter_values_when_asked=False)
    played.present_tag("56EB8FBF")
    csms.call("SetChargingProfile", tx_profile(12))
    before = len(csms.calls)
    csms.drop()
    assert poll_until(lambda: len(csms.calls) >= before + 3)  # boot and both connectors' status
    announced = time.monotonic()
    assert [a for a, _ in csms.calls[before:]][:3] == [
        "BootNotification",
        "StatusNotification",
        "StatusNotification",
    ]
    assert csms.call("TriggerMessage", {"requestedMessage": "MeterValues"}) == {"status": "NotImplemented"}
    assert poll_until(lambda: "MeterValues" in [a for a, _ in csms.calls[before:]], timeout=3.0)
    assert time.monotonic() - announced >= 0.5  # its interval (1 s) after connecting, not at once


def test_a_failing_handler_answers_internal_error_and_keeps_the_connection(csms):
    link = OcppLink(csms.url, "CP0005", {"GetConfiguration": lambda payload: payload["missing"]})
    link.connect()
    try:
        assert csms.call("GetConfiguration", {}) == ("error", "InternalError")
        assert link.call("Heartbeat", {}) == {"currentTime": "2026-01-01T00:00:00Z"}
    finally:
        link.close()


def test_a_triggered_message_follows_the_reply_to_trigger_message(csms, play):
    played = play("CP0006", meter_value_interval=60.0)  # no periodic meter value in between
    played.present_tag("56EB8FBF")
    for requested in ("MeterValues", "StatusNotification", "Heartbeat"):
        before = len(csms.received)
        assert csms.call("TriggerMessage", {"requestedMessage": requested, "connectorId": 1}) == {"status": "Accepted"}
        assert poll_until(lambda r=requested, b=before: any(f[0] == 2 and f[2] == r for f in csms.received[b:]))
        after = [f for f in csms.received[before:] if f[0] == 3 or f[2] == requested]
        assert after[0] == [3, after[0][1], {"status": "Accepted"}], f"{requested}: {after}"
        assert after[1][2] == requested


def test_malformed_frames_get_a_call_error_or_are_ignored_and_the_connection_stays(csms):
    notes: list[str] = []
    handlers = {"GetConfiguration": lambda payload: {"configurationKey": []}}
    link = OcppLink(csms.url, "CP0007", handlers, note=notes.append)
    link.connect()
    try:
        for text in ("not json", '{"a": 1}', "[2]", '[9, "m0"]', '[3, "nobody-waits", {}]'):
            csms.send_raw(text)  # no message id to answer, or nothing to answer: ignored
        csms.send_raw('[2, "m1", "GetConfiguration"]')
        assert csms.result("m1")[:3] == [4, "m1", "ProtocolError"]
        csms.send_raw('[2, "m2", "GetConfiguration", "keys"]')
        assert csms.result("m2")[:3] == [4, "m2", "FormationViolation"]
        assert csms.call("GetConfiguration", {}) == {"configurationKey": []}
        assert link.call("Heartbeat", {}) == {"currentTime": "2026-01-01T00:00:00Z"}
        assert link.connected and csms.connections == ["CP0007"] and csms.live == 1
        assert len(notes) == 4 and all(n.startswith("CP0007: ignored") for n in notes)
    finally:
        link.shutdown()
    assert poll_until(lambda: csms.live == 0)


def test_one_call_is_outstanding_at_a_time(csms):
    link = OcppLink(csms.url, "CP0008", {})
    link.connect()
    csms.held = {"Heartbeat"}
    replies: list[object] = []
    try:
        first = threading.Thread(target=lambda: replies.append(link.call("Heartbeat", {})))
        first.start()
        assert poll_until(lambda: csms.held_calls() == 1)
        second = threading.Thread(target=lambda: replies.append(link.call("Authorize", {"idTag": "56EB8FBF"})))
        second.start()
        assert not poll_until(lambda: "Authorize" in csms.actions(), timeout=0.3)  # it waits for the first
        csms.release()
        first.join(5)
        second.join(5)
        assert csms.actions() == ["Heartbeat", "Authorize"] and len(replies) == 2
    finally:
        link.shutdown()


def test_shutdown_while_connecting_keeps_no_connection(csms, monkeypatch):
    link = OcppLink(csms.url, "CP0009", {})
    opening = ocpp_link.open_connection

    def shut_down_meanwhile(*args, **kwargs):
        conn = opening(*args, **kwargs)
        link.shutdown()  # the end of the scenario arrives while the charger is connecting again
        return conn

    monkeypatch.setattr(ocpp_link, "open_connection", shut_down_meanwhile)
    with pytest.raises(OcppError, match="shut down"):
        link.connect()
    assert not link.connected
    assert poll_until(lambda: csms.live == 0)
    with pytest.raises(OcppError, match="shut down"):
        link.connect()


def test_shutdown_during_reconnect_leaves_nothing_open(csms, charger):
    csms.drop()
    charger.shutdown()  # at once: the charger is reconnecting (or about to)
    assert not any(t.is_alive() for t in threading.enumerate() if t.name in ("charger-RR2-03", "ocpp-CP0001"))
    assert poll_until(lambda: csms.live == 0)
    assert not poll_until(lambda: csms.live > 0, timeout=1.0)  # two retries' back-off: no connection comes
    assert not charger._link.connected
