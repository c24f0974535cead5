"""balanz_acceptance.sut.stack: the managed stack with the stand-ins of tests/standins: port races, which
process failed, teardown. (The external stack: tests/test_external_stack.py.)"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import ClassVar

import pytest

from balanz_acceptance.actors import chargers as chargers_module
from balanz_acceptance.actors.played import PlayedChargerUnderTest
from balanz_acceptance.actors.world import World
from balanz_acceptance.checks.watches import Watches
from balanz_acceptance.core.events import ChargerAdded, Events
from balanz_acceptance.core.record import ScenarioRecord
from balanz_acceptance.core.settings import load_settings
from balanz_acceptance.core.site import ChargerSpec, SiteModel
from balanz_acceptance.core.timing import load_profile
from balanz_acceptance.sut import processes
from balanz_acceptance.sut import stack as stack_module
from balanz_acceptance.sut.ocppsim_client import OcppsimError
from balanz_acceptance.sut.stack import ManagedStack
from tests.standin_run import SUT_PYTHON, alive

HQ14_ID = "TACW225426G463"


@pytest.fixture
def site(data_dir: Path) -> SiteModel:
    return SiteModel(data_dir / "model")


@pytest.fixture
def record(tmp_path: Path) -> ScenarioRecord:
    return ScenarioRecord("a scenario", tmp_path / "scenario")


@pytest.fixture
def managed(data_dir: Path, site: SiteModel, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ManagedStack]:
    for name in ("STANDIN_BALANZ", "STANDIN_SIM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("STANDIN_REAL_PYTHON", sys.executable)  # the stand-ins run on this interpreter
    settings = load_settings({"sut_python": str(SUT_PYTHON), "runtime_dir": str(tmp_path / "runtime")})
    stack = ManagedStack(settings, site, load_profile(data_dir, "fast"))
    yield stack
    stack.stop()
    processes.stop_all()


# --- managed stack -----------------------------------------------------------------------------------
def test_a_balanz_port_taken_meanwhile_is_tried_again_on_another(managed, record, monkeypatch):
    holder = socket.create_server(("127.0.0.1", 0))  # someone else listens there
    taken = holder.getsockname()[1]
    ports = iter([taken])
    real_free_port = stack_module.free_port
    monkeypatch.setattr(stack_module, "free_port", lambda host: next(ports, None) or real_free_port(host))
    try:
        managed.start(record, [])
    finally:
        holder.close()
    assert f":{taken}" not in managed.balanz_url
    assert any(f"balanz: port {taken} was taken meanwhile" in note for note in record.notes)
    assert managed.api is not None and managed.api.status()["version"] == "1.2.3"


def test_a_port_another_scenarios_balanz_answers_on_is_not_taken_for_this_ones(
    managed, record, data_dir, site, tmp_path, monkeypatch
):
    first = ManagedStack(managed.settings, site, load_profile(data_dir, "fast"))
    first.start(ScenarioRecord("the other scenario", tmp_path / "other"), [])
    try:
        taken = int(first.balanz_url.rsplit(":", 1)[1])  # its balanz answers the API there, with the same token
        ports = iter([taken])
        real_free_port = stack_module.free_port
        monkeypatch.setattr(stack_module, "free_port", lambda host: next(ports, None) or real_free_port(host))
        managed.start(record, [])
        assert f":{taken}" not in managed.balanz_url
        assert any(f"balanz: port {taken} was taken meanwhile" in note for note in record.notes)
    finally:
        first.stop()


def _program(tmp_path: Path, code: str) -> subprocess.Popen[bytes]:
    return processes.spawn([sys.executable, "-c", code], cwd=tmp_path, log_path=tmp_path / "program.log")


def _ended(tmp_path: Path, code: int) -> subprocess.Popen[bytes]:
    proc = _program(tmp_path, f"raise SystemExit({code})")
    proc.wait()
    return proc


def test_exited_names_the_process_started_last_not_the_one_it_replaced(managed, tmp_path):
    log = tmp_path / "sim.log"
    log.write_text("the new one failed\n")
    managed._track(_ended(tmp_path, 0), "simulator HQ-14", tmp_path / "old.log")  # stopped when replaced
    managed._track(_ended(tmp_path, 3), "simulator HQ-14", log)
    assert managed._exited() == f"simulator HQ-14 exited during start-up (exit code 3); last lines of {log}: " + (
        "the new one failed"
    )


def test_a_replaced_process_that_still_runs_is_stopped(managed, tmp_path):
    old = _program(tmp_path, "import time; time.sleep(60)")
    managed._track(old, "balanz", tmp_path / "old.log")
    managed._track(_ended(tmp_path, 0), "balanz", tmp_path / "new.log")
    assert old.poll() is not None
    assert [name for _, name, _ in managed._procs] == ["balanz"]


def test_teardown_with_a_frozen_simulator_ends_at_once_and_leaves_nothing(managed, record, site):
    managed.start(record, [site.charger("HQ-14")])
    pids = [proc.pid for proc, _, _ in managed._procs]
    managed.silence("HQ-14")  # SIGSTOP: a client closing its connection to it would wait for an answer
    started = time.monotonic()
    managed.stop()
    assert time.monotonic() - started < 5.0  # killed first; no 10 s close handshake with a frozen peer
    assert managed.sims == {} and managed.api is None
    assert not any(alive(pid) for pid in pids)


# --- restarts mid-scenario ---------------------------------------------------------------------------
def _pid_file(path: Path) -> int:
    return int(path.read_text())


def test_balanz_restarts_on_its_port_with_the_same_runtime_directory(managed, record, site):
    managed.start(record, [site.charger("HQ-14")])
    url, api, first = managed.balanz_url, managed.api, _pid_file(record.directory / "balanz.pid")
    managed.restart_balanz()
    second = _pid_file(record.directory / "balanz.pid")
    assert second != first and not alive(first)
    assert managed.balanz_url == url
    # the stand-in adds a tag row naming itself to the runtime directory's model at every start
    assert (record.directory / "model" / "tags.csv").read_text().count("balanz stand-in") == 2
    assert managed.api is api and api.status()["version"] == "1.2.3"  # the same client, logged in again
    assert [name for name, _, _ in managed.processes()] == ["balanz", "simulator HQ-14"]
    assert any("balanz started again" in note for note in record.notes)


def test_a_simulator_stopped_and_started_again_without_its_default_profiles(managed, record, site):
    managed.start(record, [site.charger("HQ-14")])
    client = managed.sims["HQ-14"]
    first = _pid_file(record.directory / "sims" / "HQ-14" / "ocppsim.pid")
    managed.stop_simulator("HQ-14")
    assert not alive(first)
    with pytest.raises(OcppsimError):
        client.status()
    managed.start_simulator("HQ-14", default_profiles=False)
    assert _pid_file(record.directory / "sims" / "HQ-14" / "ocppsim.pid") != first
    assert "default_profiles = False" in (record.directory / "sims" / "HQ-14" / "ocppsim.ini").read_text()
    assert managed.sims["HQ-14"] is client and client.status().status == "Available"  # same port, same client
    assert [name for name, _, _ in managed.processes()] == ["balanz", "simulator HQ-14"]


def test_a_simulator_started_again_with_its_default_profiles(managed, record, site):
    managed.start(record, [site.charger("HQ-14")])
    managed.stop_simulator("HQ-14")
    managed.start_simulator("HQ-14")
    assert "default_profiles = True" in (record.directory / "sims" / "HQ-14" / "ocppsim.ini").read_text()


def test_a_running_simulator_is_not_started_twice(managed, record, site):
    managed.start(record, [site.charger("HQ-14")])
    with pytest.raises(AssertionError, match="simulator HQ-14 still runs: stop it first"):
        managed.start_simulator("HQ-14")


NEW_CHARGER = ChargerSpec("ACC0000005", "RR2-05", "RR2", 2, 8.0)


def test_a_charger_created_in_the_scenario_gets_a_simulator_rendered_like_the_others_until_removed(
    managed, record, site
):
    managed.start(record, [site.charger("HQ-14")])
    assert managed.api is not None
    payload = {"charger_id": "ACC0000005", "alias": "RR2-05", "group_id": "RR2", "conn_max": 8.0, "priority": 2}
    managed.api.call("CreateCharger", payload)
    managed.add_simulator(NEW_CHARGER)
    config = (record.directory / "sims" / "RR2-05" / "ocppsim.ini").read_text()
    assert "charger_id = ACC0000005" in config and f"url = {managed.balanz_url}/" in config
    assert managed.sims["RR2-05"].status().status == "Available"
    assert [name for name, _, _ in managed.processes()] == ["balanz", "simulator HQ-14", "simulator RR2-05"]
    pid = _pid_file(record.directory / "sims" / "RR2-05" / "ocppsim.pid")
    managed.remove_simulator("RR2-05")
    assert not alive(pid) and "RR2-05" not in managed.sims
    assert [name for name, _, _ in managed.processes()] == ["balanz", "simulator HQ-14"]
    assert any("simulator RR2-05 removed" in note for note in record.notes)


def test_a_created_charger_balanz_does_not_see_fails_the_step_in_one_line(managed, record, monkeypatch):
    managed.start(record, [])
    monkeypatch.setattr(type(managed.profile), "startup", property(lambda _: 1.0))  # not the real deadline
    with pytest.raises(AssertionError, match="no charger with alias RR2-05") as failure:
        managed.add_simulator(NEW_CHARGER)  # never created: balanz does not list it
    assert "ocppsim-RR2-05.log" in str(failure.value)
    with pytest.raises(AssertionError, match="a simulator for RR2-05 runs already"):
        managed.add_simulator(NEW_CHARGER)


def test_restarts_need_a_started_stack(managed):
    with pytest.raises(AssertionError, match="the stack is not started"):
        managed.restart_balanz()


def test_a_scenario_ends_its_processes_before_it_closes_the_watches_clients(site, data_dir, record, monkeypatch):
    order: list[str] = []

    class _Stack:
        events = Events()
        central_system = None

        def stop(self) -> None:
            order.append("processes stopped, stack clients closed")

    world = World(site, load_profile(data_dir, "fast"), _Stack(), record)  # type: ignore[arg-type]
    monkeypatch.setattr(world.watches, "close", lambda: order.append("watch stopped, its clients closed"))
    world.close()
    assert order == ["processes stopped, stack clients closed", "watch stopped, its clients closed"]


def test_a_created_charger_connects_and_its_clean_up_stops_it(site, data_dir, record):
    calls: list[tuple[str, ...]] = []

    class _Stack:
        events = Events()
        central_system = None
        sims: ClassVar[dict[str, object]] = {}

        def add_simulator(self, spec: ChargerSpec) -> None:
            calls.append(("simulator added", spec.alias))

        def remove_simulator(self, alias: str) -> None:
            calls.append(("simulator removed", alias))

    world = World(site, load_profile(data_dir, "fast"), _Stack(), record)  # type: ignore[arg-type]
    with pytest.raises(AssertionError, match="has not created the charger RR2-05"):
        world.chargers.connect_created("RR2-05")
    with pytest.raises(AssertionError, match="an alias data/model lacks"):
        world.chargers.created_one(ChargerSpec("ACC0000005", "RR2-02", "RR2", 2, 8.0))
    world.chargers.created_one(NEW_CHARGER)  # as the operator records it once balanz accepted it
    clean_up = world.chargers.connect_created("RR2-05")
    assert calls == [("simulator added", "RR2-05")]
    assert world.chargers.spec("RR2-05") is NEW_CHARGER and world.chargers.spec("RR2-02") is site.charger("RR2-02")
    clean_up()
    assert calls[-1] == ("simulator removed", "RR2-05")


def test_a_charger_that_joins_reaches_its_groups_running_watch_or_starts_one(site, data_dir, record, monkeypatch):
    heard: list[object] = []
    events = Events()
    watches = Watches(site, load_profile(data_dir, "fast"), record, events, lambda: None)  # type: ignore[arg-type, return-value]
    watches._watches["RR2"] = SimpleNamespace(hear=heard.append)  # type: ignore[assignment]
    started: list[tuple[str, dict]] = []
    monkeypatch.setattr(watches, "start", lambda group_id, sides: started.append((group_id, sides)))
    joined = ChargerAdded("RR2-05", "ACC0000005", "RR2", "side of RR2-05")
    events.publish(joined)
    assert heard == [joined] and started == []
    events.publish(ChargerAdded("HQ-15", "ACC0000015", "HQ", "side of HQ-15"))
    assert started == [("HQ", {"HQ-15": "side of HQ-15"})]


def test_a_played_charger_is_announced_to_the_watches_and_awaited(site, data_dir, record, monkeypatch):
    calls: list[tuple[str, ...]] = []

    class _Played:
        def __init__(self, alias: str, charger_id: str, *args: object, **kwargs: object) -> None:
            self.alias = alias
            self.connectors = {1: None}

        def start(self) -> None:
            calls.append(("started", self.alias))

        def watched(self, connector: int = 1) -> str:
            return f"side of {self.alias}"

    class _Stack:
        events = Events()
        central_system = None
        balanz_url = "ws://127.0.0.1:1"
        sims: ClassVar[dict[str, object]] = {}
        api = object()

    monkeypatch.setattr(chargers_module, "PlayedCharger", _Played)
    monkeypatch.setattr(PlayedChargerUnderTest, "await_ready", lambda self: calls.append(("ready", self.alias)))
    stack = _Stack()
    stack.events.subscribe(lambda event: calls.append(("heard", event.alias, event.side)))  # type: ignore[attr-defined]
    world = World(site, load_profile(data_dir, "fast"), stack, record)  # type: ignore[arg-type]
    monkeypatch.setattr(world.watches, "start", lambda group_id, sides: None)
    world.chargers.play("RR2-02")
    assert calls == [("started", "RR2-02"), ("heard", "RR2-02", "side of RR2-02"), ("ready", "RR2-02")]
    with pytest.raises(AssertionError, match="already played"):
        world.chargers.play("RR2-02")
