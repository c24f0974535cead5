"""The central system the harness plays (sut/central_system.py), with an OCPP-J charge point on loopback."""

from __future__ import annotations

import json
import time

import pytest

from balanz_acceptance.sut.bare_charger import basic_auth
from balanz_acceptance.sut.central_system import Answers, CentralSystem
from balanz_acceptance.sut.ocpp_link import OcppError, OcppLink
from balanz_acceptance.sut.ocppj import CALL, CALLERROR, CALLRESULT
from balanz_acceptance.sut.raw_link import RawOcppLink
from tests.fakes import poll_until

BOOT = {"chargePointVendor": "balanz-acceptance", "chargePointModel": "test"}


@pytest.fixture
def central():
    notes: list[str] = []
    system = CentralSystem(answers=Answers(heartbeat_interval=12), note=notes.append, call_timeout=2.0).start()
    system.notes = notes  # type: ignore[attr-defined]
    yield system
    system.stop()


@pytest.fixture
def link(central):
    """A charge point CP1 connected to the central system; answers SetChargingProfile, ClearChargingProfile
    (with a status the test chooses), TriggerMessage, and gives RemoteStartTransaction no handler."""
    answers = {"ClearChargingProfile": "Accepted"}
    charge_point = OcppLink(
        central.url,
        "CP1",
        {
            "SetChargingProfile": lambda payload: {"status": "Accepted"},
            "ClearChargingProfile": lambda payload: {"status": answers["ClearChargingProfile"]},
            "TriggerMessage": lambda payload: {"status": "Accepted"},
        },
        timeout=2.0,
    )
    charge_point.answers = answers  # type: ignore[attr-defined]
    charge_point.connect()
    assert poll_until(lambda: bool(central.connections("CP1")))  # the server has taken the connection
    yield charge_point
    charge_point.shutdown()


def test_it_answers_a_charge_points_calls_and_records_every_frame_with_its_time(central, link):
    before = time.monotonic()
    boot = link.call("BootNotification", BOOT)
    assert (boot["status"], boot["interval"]) == ("Accepted", 12)
    assert set(link.call("Heartbeat", {})) == {"currentTime"}
    assert link.call("StatusNotification", {"connectorId": 1, "errorCode": "NoError", "status": "Available"}) == {}
    frames = central.messages("CP1")
    assert [(m.sent, m.kind, m.action) for m in frames] == [
        (False, CALL, "BootNotification"),
        (True, CALLRESULT, "BootNotification"),
        (False, CALL, "Heartbeat"),
        (True, CALLRESULT, "Heartbeat"),
        (False, CALL, "StatusNotification"),
        (True, CALLRESULT, "StatusNotification"),
    ]
    assert all(before <= m.at <= time.monotonic() for m in frames)
    assert frames[0].payload == BOOT and frames[0].connection == 1
    assert [m.action for m in central.received_calls("CP1")] == ["BootNotification", "Heartbeat", "StatusNotification"]
    assert central.violations() == []


def test_tags_are_accepted_unless_blocked_and_transactions_are_numbered_from_the_next_id(central, link):
    central.answers.tag_status["BLOCKED1"] = "Blocked"
    central.answers.next_transaction_id = 7001
    assert link.call("Authorize", {"idTag": "D40C346D"})["idTagInfo"] == {"status": "Accepted"}
    assert link.call("Authorize", {"idTag": "blocked1"})["idTagInfo"] == {"status": "Blocked"}
    start = {"connectorId": 1, "idTag": "D40C346D", "meterStart": 0, "timestamp": "2026-01-01T00:00:00Z"}
    assert link.call("StartTransaction", start) == {"transactionId": 7001, "idTagInfo": {"status": "Accepted"}}
    assert link.call("StartTransaction", start)["transactionId"] == 7002
    assert [(t.charger_id, t.transaction_id, t.id_tag) for t in central.transactions()] == [
        ("CP1", 7001, "D40C346D"),
        ("CP1", 7002, "D40C346D"),
    ]
    stop = {"transactionId": 7001, "meterStop": 10, "timestamp": "2026-01-01T00:01:00Z", "idTag": "D40C346D"}
    assert link.call("StopTransaction", stop) == {"idTagInfo": {"status": "Accepted"}}


def test_a_call_that_is_not_ocpp_1_6_is_answered_with_a_callerror_and_noted(central):
    raw = RawOcppLink(central.url, "CP1", {}, timeout=2.0)  # an honest link refuses to send it
    raw.connect()
    try:
        raw.send_text(json.dumps([CALL, "bad-1", "BootNotification", {"chargePointVendor": "only the vendor"}]))
        reply = raw.await_reply("bad-1", within=2.0)
        assert reply is not None and reply[0] == CALLERROR and "ProtocolError" in json.dumps(reply)
        assert poll_until(lambda: len(central.violations()) == 1)  # noted once the CALLERROR has gone out
        assert [m.kind for m in central.messages("CP1")] == [CALL, CALLERROR]
    finally:
        raw.shutdown()


def test_its_own_calls_reach_the_charge_point_and_their_answers_come_back(central, link):
    profile = {
        "connectorId": 1,
        "csChargingProfiles": {
            "chargingProfileId": 90,
            "stackLevel": 9,
            "chargingProfilePurpose": "TxProfile",
            "chargingProfileKind": "Absolute",
            "chargingSchedule": {"chargingRateUnit": "A", "chargingSchedulePeriod": [{"startPeriod": 0, "limit": 6}]},
            "transactionId": 7001,
        },
    }
    outcome = central.call("CP1", "SetChargingProfile", profile)
    assert (outcome.status, outcome.error, outcome.message_id) == ("Accepted", None, "cs-1")
    assert outcome.replied_at is not None and outcome.replied_at >= outcome.sent_at
    sent = central.messages("CP1")[0]
    assert (sent.sent, sent.kind, sent.action, sent.payload) == (True, CALL, "SetChargingProfile", profile)
    reply = central.messages("CP1")[1]
    assert (reply.sent, reply.kind, reply.action) == (False, CALLRESULT, "SetChargingProfile")
    assert (
        central.call("CP1", "TriggerMessage", {"requestedMessage": "Heartbeat"}, message_id="LC-x").message_id == "LC-x"
    )


def test_a_call_sent_without_waiting_goes_on_the_connection_given_and_its_answer_is_recorded(central, link):
    [connection] = central.connections("CP1")
    message_id = central.send_call(connection, "TriggerMessage", {"requestedMessage": "Heartbeat"})
    assert poll_until(lambda: any(m.kind == CALLRESULT and m.message_id == message_id for m in central.messages("CP1")))
    link.shutdown()
    assert poll_until(lambda: not connection.open)
    with pytest.raises(AssertionError, match="connection for CP1 is closed"):
        central.send_call(connection, "TriggerMessage", {"requestedMessage": "Heartbeat"})


def test_an_answer_that_is_not_ocpp_1_6_is_kept_and_reported(central, link):
    link.checked = False  # a charger that answers what the schemas forbid
    link.answers["ClearChargingProfile"] = "Rejected"  # OCPP 1.6 allows Accepted or Unknown only
    outcome = central.call("CP1", "ClearChargingProfile", {"id": 3})
    assert outcome.reply == {"status": "Rejected"}
    assert outcome.error is not None and outcome.error.startswith("the reply is not valid OCPP 1.6")
    assert "'Rejected' is not one of" in outcome.error
    assert len(central.violations()) == 1


def test_a_callerror_and_no_answer_are_outcomes_too(central, link):
    error = central.call("CP1", "RemoteStartTransaction", {"idTag": "D40C346D", "connectorId": 1})
    assert (error.reply, error.error) == (
        None,
        "CALLERROR ['NotImplemented', 'RemoteStartTransaction is not supported', {}]",
    )
    with pytest.raises(AssertionError, match="no open connection for CP9"):
        central.call("CP9", "Reset", {"type": "Soft"})


def test_a_silent_central_system_records_but_answers_nothing(central, link):
    central.answers.silent = True
    with pytest.raises(OcppError, match="no reply"):
        link.call("Heartbeat", {}, timeout=0.5)
    assert [(m.sent, m.action) for m in central.messages("CP1")] == [(False, "Heartbeat")]
    central.answers.silent = False
    assert set(link.call("Heartbeat", {})) == {"currentTime"}


def test_a_slow_central_system_answers_after_its_delay(central, link):
    central.answers.reply_delay = 0.3
    started = time.monotonic()
    link.call("Heartbeat", {})
    assert time.monotonic() - started >= 0.3


def test_connections_are_numbered_per_charger_with_their_headers_and_who_closed_them(central):
    first = OcppLink(central.url, "CP2", {})
    first.connect()
    assert poll_until(lambda: bool(central.connections("CP2")))
    first.close()
    assert poll_until(lambda: not central.connections("CP2")[0].open)
    second = OcppLink(central.url, "CP2", {})
    second.connect()
    try:
        assert poll_until(lambda: len(central.connections("CP2")) == 2)  # recorded once the server has the handshake
        assert [c.number for c in central.connections("CP2")] == [1, 2]
        closed = central.connections("CP2")[0]
        assert (closed.closed_by, closed.close_code, closed.subprotocol) == ("balanz", 1000, "ocpp1.6")
        assert central.connections("CP2")[1].open
    finally:
        second.shutdown()


def test_the_authorization_header_is_recorded(central):
    from websockets.sync.client import connect

    header = basic_auth("CP3", "secret")
    with connect(f"{central.url}CP3", subprotocols=["ocpp1.6"], additional_headers={"Authorization": header}):
        assert poll_until(lambda: bool(central.connections("CP3")))
    assert central.connections("CP3")[0].headers["Authorization"] == header


def test_it_can_refuse_connections_go_down_and_come_back_on_the_same_port(central, link):
    port = central.port
    central.refuse_connections()
    with pytest.raises(OcppError, match="cannot connect"):
        OcppLink(central.url, "CP4", {}).connect(open_timeout=1.0)
    assert link.connected  # a connection already open stays
    central.go_down()
    assert poll_until(lambda: not link.connected)
    assert central.connections("CP1")[0].closed_by == "central system"
    assert central.connections("CP1")[0].close_code == 1001
    central.accept_connections()
    assert central.port == port
    again = OcppLink(central.url, "CP4", {})
    again.connect()
    try:
        assert set(again.call("Heartbeat", {})) == {"currentTime"}
    finally:
        again.shutdown()
    assert any("down" in note for note in central.notes)


def test_stop_is_idempotent():
    system = CentralSystem().start()
    system.stop()
    system.stop()
