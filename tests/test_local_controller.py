"""balanz as a local controller: the scenario's sentence, the stack that starts the central system and renders
balanz's configuration, the watchdog intervals, ocppsim's OCPP log, the charger that can hang and what the watches
hear of it, the matchers, and the role's checks against a loopback central system (no balanz here)."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from hamcrest import assert_that
from websockets.sync.client import connect

from balanz_acceptance.actors.local_controller import LocalController
from balanz_acceptance.checks.forwarding import allows_offer, unchanged_frames
from balanz_acceptance.checks.group_watch import GroupWatch
from balanz_acceptance.core.errors import SetupError
from balanz_acceptance.core.events import ChargerSilenced, ChargerWorksAgain, Events
from balanz_acceptance.core.local_controller import LocalControllerSetting, local_controller_in
from balanz_acceptance.core.overlays import Overlay, apply_overlays, copy_config, overlays_in
from balanz_acceptance.core.record import ScenarioRecord
from balanz_acceptance.core.settings import load_settings
from balanz_acceptance.core.site import ChargerSpec, Group, SiteModel
from balanz_acceptance.core.timing import load_profile
from balanz_acceptance.runner.hooks import Run
from balanz_acceptance.sut.bare_charger import basic_auth
from balanz_acceptance.sut.ocppj import CALL, CALLRESULT
from balanz_acceptance.sut.ocppsim_log import logged_frames, own_requests_answered
from balanz_acceptance.sut.silenceable_charger import SilenceableCharger
from balanz_acceptance.sut.stack import ManagedStack, make_stack
from tests.fakes import FakeCsms, poll_until
from tests.standin_run import SUT_PYTHON

LC = "a site whose balanz is a local controller for a central system that accepts every tag"
HQ14 = ChargerSpec("TACW225426G463", "HQ-14", "HQ", 3, 16.0)


# --- the scenario's sentences and balanz's configuration -------------------------------------------------------
def test_a_scenario_without_the_sentence_has_no_local_controller():
    assert local_controller_in(["a site whose transaction timeout is 5 full balancing runs"]) is None


def test_the_sentence_makes_balanz_a_local_controller_answering_as_its_configuration_says():
    assert local_controller_in(["Background text", LC]) == LocalControllerSetting(None)


@pytest.mark.parametrize(
    ("sentence", "call"),
    [
        (
            "a site whose local controller answers the central system's charging profiles itself with Rejected",
            "Rejected",
        ),
        (
            "a site whose local controller answers the central system's charging profiles itself with Accepted",
            "Accepted",
        ),
        ("a site whose local controller passes the central system's charging profiles on to the chargers", "Forward"),
    ],
)
def test_a_second_sentence_says_how_balanz_answers_the_central_systems_charging_profiles(sentence, call):
    assert local_controller_in([LC, sentence]) == LocalControllerSetting(call)
    assert local_controller_in([sentence]) is None  # not without the first


def test_balanz_is_rendered_with_the_central_system_as_its_parent(data_dir: Path):
    fast = load_profile(data_dir, "fast")
    rendered = copy_config(fast.balanz)
    LocalControllerSetting("Forward").configure(rendered, "ws://127.0.0.1:4711/")
    assert LocalControllerSetting.server_of(rendered) == "ws://127.0.0.1:4711/"
    assert LocalControllerSetting.charging_call_of(rendered) == "Forward"
    assert LocalControllerSetting.server_of(fast.balanz) is None  # the profile itself stays as it is
    default = copy_config(fast.balanz)
    LocalControllerSetting(None).configure(default, "ws://127.0.0.1:4711/")
    assert LocalControllerSetting.charging_call_of(default) == "Accepted"  # data/config/balanz.ini
    assert "server_charging_call = Accepted" in LocalControllerSetting(None).describe(default)


def test_the_managed_stack_starts_the_central_system_only_for_a_local_controller(
    data_dir: Path, tmp_path: Path, managed_settings
):
    settings = managed_settings
    site, fast = SiteModel(data_dir / "model"), load_profile(data_dir, "fast")
    assert ManagedStack(settings, site, fast).central_system is None
    stack = ManagedStack(settings, site, fast, local_controller=LocalControllerSetting("Rejected"))
    assert stack.central_system is not None
    assert stack.central_system.answers.heartbeat_interval == int(fast.balanz["csms"]["heartbeat_interval"])
    record = ScenarioRecord("s", tmp_path / "s")
    try:
        stack._start_central_system(record)
        stack.balanz_url = "ws://127.0.0.1:9"
        config = stack.balanz_config()
        assert LocalControllerSetting.server_of(config) == stack.central_system.url
        assert LocalControllerSetting.charging_call_of(config) == "Rejected"
        assert any(note.endswith("(a local controller)") for note in record.notes)
        with connect(f"{stack.central_system.url}CP1", subprotocols=["ocpp1.6"]) as ws:  # type: ignore[list-item]
            assert ws.subprotocol == "ocpp1.6"
    finally:
        stack.stop()
    assert stack.central_system.connections("CP1")[0].closed_at is not None


@pytest.fixture
def managed_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Settings of a managed stack on the stand-in interpreter (tests/standins): no balanz needed here."""
    monkeypatch.setenv("STANDIN_REAL_PYTHON", sys.executable)
    return load_settings({"sut_python": str(SUT_PYTHON), "runtime_dir": str(tmp_path)})


def test_an_external_stack_does_not_run_a_local_controller_scenario(data_dir: Path, tmp_path: Path):
    settings = load_settings({"stack": "external", "runtime_dir": str(tmp_path)})
    site, fast = SiteModel(data_dir / "model"), load_profile(data_dir, "fast")
    run = Run(settings, site, fast, tmp_path)
    assert "local controller" in (run.skip_reason("s", [], [LC]) or "")
    with pytest.raises(SetupError, match="needs the managed stack"):
        make_stack(settings, site, fast, LocalControllerSetting(None))


# --- the silence limit: a scenario's own setting ----------------------------------------------------------------------
def test_a_short_charger_silence_limit_checked_every_tick_is_a_scenarios_own_setting(data_dir: Path):
    fast = load_profile(data_dir, "fast")
    assert (fast.interval("charger silence limit"), fast.interval("connection check interval")) == (50, 10)
    assert fast.cadence("charger silence limit") == 10
    texts = [
        "a site whose charger silence limit is 1 full balancing run",
        "a site whose connection check interval is 1 balancing tick",
    ]
    shorter = apply_overlays(fast, overlays_in(texts))
    assert overlays_in(texts)[0] == Overlay("charger silence limit", 1, "full balancing run")
    assert (shorter.balanz["host"]["watchdog_stale"], shorter.balanz["host"]["watchdog_interval"]) == ("6", "1")


# --- ocppsim's OCPP log ---------------------------------------------------------------------------------------
def test_the_frames_ocppsim_logged_are_read_as_they_went_over_the_wire(tmp_path: Path):
    log = tmp_path / "ocppsim.log"
    log.write_text(
        '2026-01-01 00:00:00 INFO ocpp: CP1: send [2,"1","Heartbeat",{}]\n'
        "2026-01-01 00:00:00 DEBUG ocppsim: something else\n"
        '2026-01-01 00:00:01 INFO ocpp: CP1: receive message [3,"1",{"currentTime":"x"}]\n'
        '2026-01-01 00:00:01 INFO ocpp: CP2: send [2,"7","Heartbeat",{}]\n'
    )
    frames = logged_frames(log, "CP1")
    assert [(f.sent, f.kind, f.message_id, f.raw) for f in frames] == [
        (True, CALL, "1", '[2,"1","Heartbeat",{}]'),
        (False, CALLRESULT, "1", '[3,"1",{"currentTime":"x"}]'),
    ]
    assert logged_frames(tmp_path / "missing.log", "CP1") == []


def _log_lines(*frames: tuple[str, list]) -> str:
    verbs = {"send": "send", "receive": "receive message"}
    return "".join(f"2026-01-01 00:00:00 INFO ocpp: CP1: {verbs[v]} {json.dumps(f)}\n" for v, f in frames)


def test_a_charger_answered_balanzs_own_requests_once_it_sent_boot_status_and_meter_values_after_the_first(
    tmp_path: Path,
):
    """What the stack waits for, read from the simulator's log (a local controller's log has only what it sends)."""
    log = tmp_path / "ocppsim.log"
    boot = ("send", [2, "1", "BootNotification", {}])
    ask = ("receive", [2, "LC-1", "TriggerMessage", {"requestedMessage": "BootNotification"}])
    status = ("send", [2, "2", "StatusNotification", {"connectorId": 1, "status": "Available"}])
    meter = ("send", [2, "3", "MeterValues", {"connectorId": 1, "meterValue": []}])
    log.write_text(_log_lines(boot, status, meter))
    assert not own_requests_answered(logged_frames(log, "CP1"))  # its own start-up: balanz did not ask yet
    log.write_text(_log_lines(boot, status, ask, meter, boot))
    assert not own_requests_answered(logged_frames(log, "CP1"))  # the status of connector 1 is still due
    log.write_text(_log_lines(boot, status, ask, meter, boot, status))
    assert own_requests_answered(logged_frames(log, "CP1"))


def test_the_managed_stack_of_a_local_controller_asks_the_simulators_log(
    data_dir: Path, tmp_path: Path, managed_settings
):
    settings = managed_settings
    site, fast = SiteModel(data_dir / "model"), load_profile(data_dir, "fast")
    stack = ManagedStack(settings, site, fast, local_controller=LocalControllerSetting(None))
    log = tmp_path / "ocppsim-HQ-14.log"
    log.write_text(
        _log_lines(
            ("receive", [2, "LC-1", "TriggerMessage", {"requestedMessage": "BootNotification"}]),
            ("send", [2, "1", "BootNotification", {}]),
            ("send", [2, "2", "StatusNotification", {"connectorId": 1, "status": "Available"}]),
            ("send", [2, "3", "MeterValues", {"connectorId": 1, "meterValue": []}]),
        ).replace("CP1", HQ14.charger_id)
    )
    stack._procs = [(SimpleNamespace(), "simulator HQ-14", log)]  # type: ignore[list-item]
    stack.api = SimpleNamespace(own_requests_answered=lambda charger_id: False)  # type: ignore[assignment]
    stack._await_own_requests_answered([HQ14], 1.0, see="x")  # the simulator's log, not balanz's, tells


# --- a charger that can hang ---------------------------------------------------------------------------------
@pytest.fixture
def csms():
    server = FakeCsms().start()
    yield server
    server.stop()


@pytest.fixture
def hanging(csms, tmp_path):
    charger = SilenceableCharger(
        "HQ-14",
        "CP1",
        csms.url,
        ScenarioRecord("t", tmp_path / "t"),
        own_maximum=16.0,
        min_to_start=6.0,
        meter_value_interval=0.2,
        reconnect_within=5.0,
    )
    charger.start()
    yield charger
    charger.shutdown()


def test_a_hanging_charger_sends_and_answers_nothing_until_it_works_again(csms, hanging):
    assert poll_until(lambda: csms.actions().count("Heartbeat") >= 1)
    hanging.hang()
    time.sleep(0.3)  # the worker finishes what it was sending
    sent = len(csms.calls)
    spoke = hanging.last_spoke
    time.sleep(0.6)  # three meter-value intervals: a working charger would have sent heartbeats
    assert (len(csms.calls), hanging.last_spoke, hanging.hanging) == (sent, spoke, True)
    hanging.work_again()
    assert poll_until(lambda: len(csms.calls) > sent)
    assert hanging.last_spoke > spoke


def test_a_call_that_arrives_while_it_hangs_is_lost(csms, hanging):
    assert poll_until(lambda: csms.actions().count("Heartbeat") >= 1)
    assert csms.call("TriggerMessage", {"requestedMessage": "Heartbeat"}) == {"status": "Accepted"}
    assert hanging.triggers_answered == ["Heartbeat"]
    before = hanging.offer
    hanging.hang()
    schedule = {"chargingRateUnit": "A", "chargingSchedulePeriod": [{"startPeriod": 0, "limit": 8}]}
    profile = {
        "chargingProfileId": 2,
        "stackLevel": 1,
        "chargingProfilePurpose": "TxDefaultProfile",
        "chargingProfileKind": "Absolute",
        "chargingSchedule": schedule,
    }
    csms.send_raw(json.dumps([2, "h1", "SetChargingProfile", {"connectorId": 0, "csChargingProfiles": profile}]))
    time.sleep(0.3)
    hanging.work_again()
    answer = csms.result("h1")
    assert answer[0] == 4 and answer[2] == "InternalError"
    assert hanging.offer == before != 8  # what it allowed before stayed: the lost call had no effect
    assert [a for _, a, _ in hanging.answered] == ["TriggerMessage"]


def test_a_connection_closed_before_its_boot_counts_as_turned_away_and_the_charger_backs_off(csms, hanging):
    assert hanging.connections == 1
    csms.held.add("BootNotification")  # from now on no connection gets as far as its boot
    csms.drop()
    assert poll_until(lambda: len(csms.connections) >= 2, timeout=5)
    csms.drop()
    assert poll_until(lambda: hanging.turned_away >= 1, timeout=5)
    assert len(hanging.cut_off) >= 2
    assert hanging.cut_off[1] - hanging.cut_off[0] >= 0.5  # the back-off between attempts
    assert hanging.close_codes[0] == 1000  # the code the central system closed it with


def test_it_notes_when_it_last_started_a_transaction(csms, hanging):
    assert hanging.started_transaction_at is None
    assert hanging.present_tag("D40C346D") == "Accepted"
    assert hanging.started_transaction_at is not None and hanging.transaction_id is not None


class _Record:
    def __init__(self) -> None:
        self.notes: list[str] = []

    def note(self, text: str) -> None:
        self.notes.append(text)


class _Side:
    def __init__(self) -> None:
        self.asked = 0

    def status(self):
        self.asked += 1
        return SimpleNamespace(status="Charging", offer=6.0, energy=0.0, draw=6.0)

    def close(self) -> None:
        pass


def test_the_watch_stops_asking_a_charger_that_hangs_and_asks_it_again_once_it_works_again():
    side = _Side()
    group = Group("HQ", "00:00-23:59>0=100")
    watch = GroupWatch(group, api=None, sims={"HQ-14": side}, record=_Record())  # type: ignore[arg-type]
    watch.hear(ChargerSilenced("HQ-14"))
    assert watch._sample_chargers()[0] == {}
    watch.hear(ChargerWorksAgain("HQ-14"))
    assert watch._sample_chargers()[0] == {"HQ-14": 6.0} and side.asked == 1


# --- the matchers ------------------------------------------------------------------------------------------------
def test_frames_passed_on_unchanged_say_where_they_first_differ():
    matcher = unchanged_frames("calls HQ-14 sent")
    assert matcher.matches((["a", "b"], ["a", "b"]))
    assert not unchanged_frames("answers", some=True).matches(([], []))
    with pytest.raises(AssertionError, match=r"2 sent, 2 received; first difference #2: sent b / received c"):
        assert_that((["a", "b"], ["a", "c"]), matcher)
    with pytest.raises(AssertionError, match=r"first difference #2: only sent: b"):
        assert_that((["a", "b"], ["a"]), matcher)


def test_a_charger_allows_balanzs_offer_before_or_after_and_never_the_central_systems_limit():
    assert allows_offer(never=16).matches((6.0, 6.0, 9.0))
    assert allows_offer(never=16).matches((6.0, 9.0, 9.0))  # balanz raised it between the two looks
    assert not allows_offer().matches((6.0, 16.0, 9.0))
    with pytest.raises(AssertionError, match="balanz offered 16 A, the charger allowed 16 A, balanz 16 A"):
        assert_that((16.0, 16.0, 16.0), allows_offer(never=16))


# --- the role against a loopback central system ------------------------------------------------------------------
class _Chargers:
    """The scenario's chargers as the role asks them: HQ-14 played, in a session of D40C346D."""

    def __init__(self) -> None:
        self.played = {"HQ-14": SimpleNamespace(connections=1)}

    def __call__(self, alias: str) -> SimpleNamespace:
        return SimpleNamespace(view=lambda: SimpleNamespace(id_tag="D40C346D", start_time=1000.0))

    def in_scenario(self) -> list[str]:
        return list(self.played)


@pytest.fixture
def role(data_dir, tmp_path):
    from balanz_acceptance.sut.central_system import CentralSystem

    central = CentralSystem().start()
    events = Events()
    access = SimpleNamespace(connected_as=None)
    lc = LocalController(
        central,
        SimpleNamespace(),  # type: ignore[arg-type]
        SiteModel(data_dir / "model"),
        _Chargers(),  # type: ignore[arg-type]
        access,  # type: ignore[arg-type]
        load_profile(data_dir, "fast"),
        ScenarioRecord("s", tmp_path / "s"),
        events,
    )
    yield SimpleNamespace(lc=lc, central=central, events=events, access=access)
    central.stop()


def test_the_role_notes_a_played_chargers_session_and_connections_when_it_goes_silent(role):
    role.events.publish(ChargerSilenced("HQ-14"))
    assert role.lc.kept["HQ-14"] == ("D40C346D", 1000.0)
    assert (role.lc.kept_boots["HQ-14"], role.lc.kept_connections["HQ-14"]) == (1, 0)
    role.events.publish(ChargerSilenced("RR2-01"))  # a simulator: nothing to keep across a lost connection
    assert "RR2-01" not in role.lc.kept


def test_the_central_system_receives_the_authorization_header_the_charger_sent(role):
    charger_id = "TACW225426G470"
    header = basic_auth(charger_id, "lc-key-4711")
    role.access.connected_as = (charger_id, "lc-key-4711")
    with connect(
        f"{role.central.url}{charger_id}",
        subprotocols=["ocpp1.6"],  # type: ignore[list-item]
        additional_headers={"Authorization": header},
    ):
        assert poll_until(lambda: bool(role.central.connections(charger_id)))
    role.lc.central_got_credentials()
    role.access.connected_as = (charger_id, "another-key")
    with pytest.raises(AssertionError, match="the Authorization header"):
        role.lc.central_got_credentials()


def test_a_step_about_the_central_systems_answer_needs_its_call(role):
    with pytest.raises(AssertionError, match="the central system made no call earlier"):
        role.lc.answered("Accepted")
    with pytest.raises(AssertionError, match="did not fall silent earlier"):
        role.lc.closed_after_central_silence("HQ-14", 1001)
