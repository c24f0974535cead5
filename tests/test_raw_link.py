"""The raw OCPP-J link, the scripted charger and its role, against a loopback central system (tests/fakes.py
FakeCsms)."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from balanz_acceptance.actors.scripted import ScriptedChargerUnderTest
from balanz_acceptance.core.record import ScenarioRecord
from balanz_acceptance.sut.balanz_files import local_time
from balanz_acceptance.sut.bare_charger import connect_as_charger
from balanz_acceptance.sut.raw_link import RawOcppLink, frame_text, is_error, is_result
from balanz_acceptance.sut.scripted_charger import fill_in
from tests.fakes import FakeCsms, poll_until


@pytest.fixture
def csms():
    server = FakeCsms().start()
    yield server
    server.stop()


@pytest.fixture
def link(csms):
    raw = RawOcppLink(csms.url, "CP0001", {"TriggerMessage": lambda payload: {"status": "Rejected"}})
    raw.connect()
    yield raw
    raw.shutdown()


#: A timing profile whose silence limit is 10 s, its deadline 2 s and its earliest 0 s after the charger's last frame.
PROFILE = SimpleNamespace(
    prompt=2.0, charger_silence_limit=10.0, deadline=lambda count, name: 2.0, earliest=lambda count, name: 0.0
)


@pytest.fixture
def charger(csms, tmp_path):
    record = ScenarioRecord("test", tmp_path / "record")
    scripted = ScriptedChargerUnderTest("RR2-04", "CP0002", csms.url, record, None, PROFILE, None)  # type: ignore[arg-type]
    scripted.connect()
    yield scripted
    scripted.shutdown()


def test_raw_text_is_sent_as_it_is_and_its_reply_kept(csms, link):
    link.send_text('[2, "x1", "Heartbeat", {}]')
    assert link.await_reply("x1", 5.0) == [3, "x1", {"currentTime": "2026-01-01T00:00:00Z"}]
    assert csms.received[-1] == [2, "x1", "Heartbeat", {}]


def test_a_reply_to_an_id_the_link_never_used_is_kept_too(csms, link):
    csms.send_raw('[3, "never-asked", {}]')
    assert poll_until(lambda: link.replies_to("never-asked") == [[3, "never-asked", {}]])


def test_no_reply_is_none_after_the_wait(link):
    assert link.await_reply("nobody-asked", 0.2) is None


def test_the_central_system_s_calls_are_kept_and_answering_them_counts_as_sending(csms, link):
    before = link.last_sent
    assert csms.call("TriggerMessage", {"requestedMessage": "Heartbeat"}) == {"status": "Rejected"}
    assert link.calls_received == [("TriggerMessage", {"requestedMessage": "Heartbeat"})]
    assert link.last_sent is not None and (before is None or link.last_sent > before)


def test_the_close_code_of_a_connection_the_central_system_ended(csms, link):
    assert link.close_code is None
    csms.drop()
    assert poll_until(lambda: link.closed_at is not None)
    assert link.close_code == 1000


def test_a_connection_offering_subprotocols_is_kept_open_or_refused(csms):
    outcome = connect_as_charger(csms.url, "CP0003", within=0.2, subprotocols=["ocpp1.6", "abcd"])
    assert str(outcome) == "accepted"
    assert str(connect_as_charger("ws://127.0.0.1:9", "CP0003", within=0.2)).startswith("closed")


def test_frames_are_read_as_the_features_write_them():
    assert is_result([3, "a", {}]) and not is_result([4, "a", "X", "", {}]) and is_error([4, "a", "X", "", {}])
    assert frame_text(None) == "no answer"
    assert "<now>" not in fill_in('[2, "a", "StartTransaction", {"timestamp": "<now>"}]')


def test_a_scripted_frame_s_answer_is_what_came_before_the_heartbeat_that_follows_it(csms, charger):
    sent = charger.send_frame('[2, "q1", "Authorize", {"idTag": "X"}]', "an Authorize")
    assert sent.answers == [[3, "q1", {"idTagInfo": {"status": "Accepted"}}]]
    assert [f[2] for f in csms.received if f[0] == 2][-2:] == ["Authorize", "Heartbeat"]
    charger.answered("a result with status Accepted")
    with pytest.raises(AssertionError, match="CallError NotSupported"):
        charger.answered("CallError NotSupported")


def test_a_scripted_transaction_keeps_its_id_and_whole_second_times(csms, charger):
    charger.start_transaction("D40C346D", meter_start=100)
    assert charger.transaction_id == 1 and charger.started_at == int(charger.started_at)
    started = json.loads(charger.last.text)[3]["timestamp"]
    assert started.endswith("Z") and "." not in started
    charger.stop_transaction(meter_stop=200, id_tag=None)
    assert charger.stopped_at is not None and charger.stopped_at >= charger.started_at + 1
    assert "idTag" not in csms.calls[-1][1]
    filled = charger.fill_session("<session id> <start> <end> <duration>")
    assert filled.startswith("CP0002-") and local_time(charger.stopped_at) in filled and filled.endswith("00:00:01")


def test_the_usages_a_charger_reported_as_balanz_writes_them(csms, charger):
    charger.report_currents(["10", "10.25"])
    assert [usage for usage, _ in charger.usages_reported()] == ["10.0A", "10.25A"]


def test_a_connection_closed_after_the_silence_limit(csms, charger):
    charger.connection_open()
    charger.heartbeat()
    csms.drop()
    charger.closed_after_silence(1000)
    with pytest.raises(AssertionError, match="connected"):
        charger.connection_open()


def test_a_connection_closed_too_soon_after_the_last_frame(csms, charger):
    charger.heartbeat()
    csms.drop()
    charger.profile = SimpleNamespace(**{**vars(PROFILE), "earliest": lambda count, name: 60.0})
    with pytest.raises(AssertionError, match="seconds from its last frame"):
        charger.closed_after_silence(1000)


def test_a_burst_is_answered_in_order(csms, charger):
    charger.burst(20)
    charger.burst_answered_in_order()


def test_a_refused_action_is_answered_not_implemented(csms, charger):
    charger.refuse("UpdateFirmware")
    assert csms.call("UpdateFirmware", {"location": "x", "retrieveDate": "2026-01-01T00:00:00Z"}) == (
        "error",
        "NotImplemented",
    )
