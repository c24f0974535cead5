"""The system under test for one scenario: balanz plus one ocppsim per charger the scenario names (and, for a
balanz that is a local controller, the parent central system the harness plays).

``ManagedStack`` starts everything itself on free 127.0.0.1 ports in a fresh runtime directory and
stops it afterwards; ``ExternalStack`` attaches to a running balanz and simulators and brings the
simulators back to a clean state instead.
"""

from __future__ import annotations

import configparser
import os
import shutil
import signal
import subprocess
import time
from abc import ABC, abstractmethod
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from hamcrest import all_of, empty, equal_to, has_property, none, not_

from balanz_acceptance.core.errors import SetupError
from balanz_acceptance.core.events import (
    BalanzRestarted,
    BalanzRestarting,
    ChargerAdded,
    ChargerRemoved,
    ChargerSilenced,
    ChargerStarted,
    ChargerStopped,
    Events,
)
from balanz_acceptance.core.local_controller import LocalControllerSetting
from balanz_acceptance.core.overlays import copy_config
from balanz_acceptance.core.record import ScenarioRecord, tail
from balanz_acceptance.core.settings import Settings
from balanz_acceptance.core.site import ChargerSpec, SiteModel
from balanz_acceptance.core.timing import TimingProfile
from balanz_acceptance.core.waiting import eventually
from balanz_acceptance.sut.balanz_api import ApiError, ApiUnavailable, BalanzApi
from balanz_acceptance.sut.central_system import Answers, CentralSystem
from balanz_acceptance.sut.ocppsim_client import OcppsimClient, OcppsimError, SimStatus
from balanz_acceptance.sut.ocppsim_log import logged_frames, own_requests_answered
from balanz_acceptance.sut.processes import free_port, listens_on, spawn, stop

HOST = "127.0.0.1"
#: How often the external stack ends a transaction only balanz shows (see ExternalStack._end_phantom_transaction).
PHANTOM_ATTEMPTS = 3
#: How often a simulator is started again when its command port was taken before it could bind it.
PORT_ATTEMPTS = 3


def _first_line(exc: BaseException) -> str:
    """The first line of an error's message (its type's name if it has none), for a one-line SetupError."""
    return (str(exc).splitlines() or [type(exc).__name__])[0]


class Stack(ABC):
    """balanz and the simulators one scenario uses."""

    def __init__(self, settings: Settings, site: SiteModel, profile: TimingProfile) -> None:
        self.settings = settings
        self.site = site
        self.profile = profile
        self.api: BalanzApi | None = None
        self.sims: dict[str, OcppsimClient] = {}
        self.balanz_url = ""
        #: What happens to the site: the stack publishes what it does to balanz and the chargers.
        self.events = Events()
        #: The parent central system the harness plays, if balanz is a local controller (managed stack only).
        self.central_system: CentralSystem | None = None

    @abstractmethod
    def start(self, record: ScenarioRecord, chargers: list[ChargerSpec]) -> None:
        """Make balanz and the simulators of ``chargers`` ready, in a clean state."""

    @abstractmethod
    def stop(self) -> None:
        """Release what ``start`` took; safe to call more than once and after a failed start."""

    def new_api(self) -> BalanzApi:
        """A further, logged-in API connection (e.g. for a background watch)."""
        api = BalanzApi(self.balanz_url)
        api.login(self.settings.api_token)
        return api

    def silence(self, alias: str) -> None:
        """Make a charger go silent mid-session (it hangs: its connection stays, nothing is sent)."""
        raise AssertionError("making a charger go silent needs the managed stack (-D stack=managed)")

    def balanz_config(self) -> configparser.ConfigParser:
        """balanz's configuration as the stack rendered it for the running balanz (managed stack only)."""
        raise AssertionError("only the managed stack renders balanz's configuration (-D stack=managed)")

    def restart_balanz(self) -> None:
        """Stop balanz and start it again with the same runtime directory (managed stack only)."""
        raise AssertionError("restarting balanz needs the managed stack (-D stack=managed)")

    def stop_simulator(self, alias: str) -> None:
        """Stop one charger's simulator process: the charger loses power (managed stack only)."""
        raise AssertionError("stopping a simulator needs the managed stack (-D stack=managed)")

    def start_simulator(self, alias: str, *, default_profiles: bool = True) -> None:
        """Start a stopped simulator again (managed stack only)."""
        raise AssertionError("starting a simulator needs the managed stack (-D stack=managed)")

    def add_simulator(self, charger: ChargerSpec) -> None:
        """Start a simulator for a charger that is not in data/model (the scenario created it; managed stack only)."""
        raise AssertionError("a charger created in a scenario connects on the managed stack only (-D stack=managed)")

    def remove_simulator(self, alias: str) -> None:
        """Stop and forget the simulator ``add_simulator`` started (managed stack only)."""
        raise AssertionError("removing a simulator needs the managed stack (-D stack=managed)")

    def new_sim_client(self, alias: str) -> OcppsimClient:
        """A further connection to a simulator's command port (ocppsim serves several at once)."""
        return OcppsimClient(self.sims[alias].url, alias)

    def _close_clients(self) -> None:
        for client in self.sims.values():
            client.close()
        self.sims = {}
        if self.api is not None:
            self.api.close()
            self.api = None

    def _await_balanz_sees(self, chargers: list[ChargerSpec], within: float, see: str) -> None:
        """Wait until balanz shows every charger connected, Available and initialized.

        A charger balanz does not show in time is a SetupError (one line; ``see`` says where to look).
        """
        try:
            self._await_chargers_initialized(chargers, within)
        except (AssertionError, ApiError, ApiUnavailable, OcppsimError) as exc:
            raise SetupError(f"{_first_line(exc)}; see {see}") from None

    def _await_own_requests_answered(self, chargers: list[ChargerSpec], within: float, see: str) -> None:
        """Wait until every charger has answered what a fresh balanz asks it for itself after it connects.

        Only a balanz started for the scenario: a long-running one may no longer hold those log lines.
        """
        try:
            for charger in chargers:
                eventually(
                    lambda c=charger: self._own_requests_answered(c),
                    equal_to(True),
                    within=within,
                    reason=f"{charger.alias} answered balanz's own requests after connecting",
                )
        except (AssertionError, ApiError, ApiUnavailable) as exc:
            raise SetupError(f"{_first_line(exc)}; see {see}") from None

    def _own_requests_answered(self, charger: ChargerSpec) -> bool:
        """True once the charger has answered what balanz asked it for after it connected (balanz's log)."""
        assert self.api is not None
        return self.api.own_requests_answered(charger.charger_id)

    def _await_chargers_initialized(self, chargers: list[ChargerSpec], within: float) -> None:
        assert self.api is not None
        api = self.api
        for charger in chargers:
            eventually(
                lambda c=charger: api.connector(c.alias),
                all_of(has_property("network_connected", True), has_property("status", "Available")),
                within=within,
                reason=f"balanz sees {charger.alias} connected and Available",
            )
            eventually(
                lambda c=charger: api.profiles_set_up(c.charger_id),
                not_(empty()),
                within=within,
                reason=f"balanz initialized the charging profiles of {charger.alias}",
                show=len,
            )


@dataclass(frozen=True)
class FixedPorts:
    """Ports chosen by the user (a test site on the seed's layout) instead of free ones."""

    balanz: int
    #: charger alias → the command port of its simulator.
    sims: dict[str, int]


class ManagedStack(Stack):
    """Starts balanz and one ocppsim per charger for each scenario, in its own runtime directory.

    By default on free ports of 127.0.0.1; ``host`` and ``ports`` place it elsewhere (``balanz-acceptance site``).
    With ``local_controller`` balanz is a local controller: the central system the harness plays is started first
    (on a free port of ``host``) and balanz's configuration names it as its parent (core/local_controller.py).
    """

    def __init__(
        self,
        settings: Settings,
        site: SiteModel,
        profile: TimingProfile,
        *,
        host: str = HOST,
        ports: FixedPorts | None = None,
        local_controller: LocalControllerSetting | None = None,
    ) -> None:
        super().__init__(settings, site, profile)
        self.host = host
        self.ports = ports
        self.local_controller = local_controller
        if local_controller is not None:
            # It tells the chargers the heartbeat interval balanz itself would ([csms] heartbeat_interval).
            answers = Answers(heartbeat_interval=int(profile.balanz["csms"]["heartbeat_interval"]))
            self.central_system = CentralSystem(host=host, answers=answers)
        #: Every process this scenario started: (process, name, log).
        self._procs: list[tuple[subprocess.Popen[bytes], str, Path]] = []
        self._record: ScenarioRecord | None = None

    def render(self, root: Path, chargers: list[ChargerSpec]) -> list[Path]:
        """Write what ``start`` would run in ``root`` without starting it: balanz's configuration and data
        (``config/balanz.ini``, ``model/``, ``history/``) and each simulator's ``sims/<alias>/ocppsim.ini``.

        Needs fixed ports (the configurations name them). Returns the configuration files written.
        """
        assert self.ports is not None, "rendering a site needs fixed ports"
        self._render_balanz(root)
        written = [self._write_config(self._balanz_config(self.ports.balanz), root / "config" / "balanz.ini")]
        for charger in chargers:
            config = self._ocppsim_config(self.ports.balanz, self.ports.sims[charger.alias], charger)
            written.append(self._write_config(config, root / "sims" / charger.alias / "ocppsim.ini"))
        return written

    def processes(self) -> list[tuple[str, int, Path]]:
        """(name, pid, log) of every process this stack started and that still runs."""
        return [(name, proc.pid, log) for proc, name, log in self._procs if proc.poll() is None]

    def exited(self) -> str | None:
        """A one-line account of the first process of this stack that has ended, if any."""
        return self._exited()

    def start(self, record: ScenarioRecord, chargers: list[ChargerSpec]) -> None:
        """Render the runtime directory, start the central system (for a local controller), balanz, then the
        simulators, and wait until ready."""
        self._record = record
        root = record.directory
        self._render_balanz(root)
        self._start_central_system(record)
        log = root / "logs" / "balanz.log"
        record.add_log("balanz", log)
        port = self._start_balanz(record, log)

        sims = [(charger, *self._spawn_sim(record, charger, port)) for charger in chargers]
        deadline = time.monotonic() + self.profile.process_ready  # the simulators start together
        for charger, proc, sim_log in sims:
            for attempt in range(1, PORT_ATTEMPTS + 1):
                try:
                    self._await_sim(charger, proc, sim_log, deadline)
                    break
                except SetupError:
                    # Another program took the command port between our check and the simulator's bind.
                    taken = "address already in use" in tail(sim_log, 5).lower()
                    if attempt == PORT_ATTEMPTS or not taken or self.ports is not None:
                        raise
                    record.note(f"{charger.alias}: its command port was taken meanwhile; starting it on another")
                    proc, sim_log = self._spawn_sim(record, charger, port)
                    deadline = time.monotonic() + self.profile.process_ready
        try:
            # Start-up is no rule under test: the generous start-up deadline, not the charger-initialization one
            # (many scenarios starting at once on a small machine can take longer than balanz's own timing).
            self._await_balanz_sees(chargers, self.profile.startup, see=str(log))
            # balanz asks a charger for its status at its first full balancing run after initializing it.
            self._await_own_requests_answered(chargers, self.profile.startup + self.profile.full_run, see=str(log))
        except SetupError as error:
            raise SetupError(self._exited() or str(error)) from None
        record.note(f"ready: balanz and simulators {', '.join(c.alias for c in chargers) or '(none)'}")

    def _start_central_system(self, record: ScenarioRecord) -> None:
        """Start the parent central system, if balanz is to be a local controller (before balanz: balanz connects
        to it for every charger that connects, and turns the charger away if it cannot)."""
        if self.central_system is None or self.local_controller is None:
            return
        self.central_system.note = record.note
        try:
            self.central_system.start()
        except (OSError, RuntimeError, TimeoutError) as exc:
            raise SetupError(f"the central system did not start: {_first_line(exc)}") from None
        config = copy_config(self.profile.balanz)
        self.local_controller.configure(config, self.central_system.url)
        record.note(f"local controller: {self.local_controller.describe(config)}")

    def balanz_config(self) -> configparser.ConfigParser:
        """balanz's configuration as this stack renders it for the running balanz."""
        return self._balanz_config(self._balanz_port())

    def _start_balanz(self, record: ScenarioRecord, log: Path) -> int:
        """Start balanz on a free port (or the fixed one) and wait until it answers its API; returns the port.

        Like a simulator's, balanz's free port may be taken between our check and its bind: then it exits
        with "address already in use" and is started again on another port.
        """
        assert self.settings.balanz_src is not None and self.settings.ocppsim_src is not None
        for attempt in range(1, PORT_ATTEMPTS + 1):
            port = self.ports.balanz if self.ports else free_port(self.host)
            self.balanz_url = f"ws://{self.host}:{port}"
            self._write_config(self._balanz_config(port), record.directory / "config" / "balanz.ini")
            command = [str(self.settings.sut_python), str(self.settings.balanz_src / "balanz.py")]
            config = ["--config", "config/balanz.ini"]
            balanz = spawn([*command, *config], cwd=record.directory, log_path=log, env=self._env())
            self._track(balanz, "balanz", log)
            record.note(f"balanz started (pid {balanz.pid}) on {self.balanz_url}, timing '{self.profile.name}'")
            try:
                self.api = self._await_api(log, balanz, port)
                return port
            except SetupError:
                taken = balanz.poll() is not None and "address already in use" in tail(log, 20).lower()
                if attempt == PORT_ATTEMPTS or not taken or self.ports is not None:
                    raise
                record.note(f"balanz: port {port} was taken meanwhile; starting it on another")
        raise AssertionError("unreachable")

    def _track(self, proc: subprocess.Popen[bytes], name: str, log: Path) -> None:
        """Remember a process of this scenario; one started again under the same name replaces (and stops)
        the earlier one, so that start-up checks look at the process that runs now."""
        for index, (old, old_name, _) in enumerate(self._procs):
            if old_name == name:
                stop(old)
                self._procs[index] = (proc, name, log)
                return
        self._procs.append((proc, name, log))

    def silence(self, alias: str) -> None:
        """Freeze the simulator's process (SIGSTOP): a hung charger. stop() still ends it (SIGCONT first).
        ChargerSilenced is published first, so that nobody asks the frozen simulator anything."""
        proc, _ = self._process(f"simulator {alias}")
        self.events.publish(ChargerSilenced(alias))
        os.killpg(proc.pid, signal.SIGSTOP)
        self._started().note(f"{alias}: charger made silent (process frozen)")

    def _spawn_sim(
        self,
        record: ScenarioRecord,
        charger: ChargerSpec,
        balanz_port: int,
        *,
        cmd_port: int | None = None,
        default_profiles: bool | None = None,
    ) -> tuple[subprocess.Popen[bytes], Path]:
        """Start the simulator of one charger; returns the process and its log.

        On a free command port (or the fixed one), unless ``cmd_port`` names the one to use again;
        ``default_profiles`` overrides the profile's ``[charger] default_profiles``. The simulator's
        directory (its configuration and the key it keeps) is kept between starts, like a real charger's.
        """
        assert self.settings.ocppsim_src is not None
        sim_dir = record.directory / "sims" / charger.alias
        sim_dir.mkdir(parents=True, exist_ok=True)
        if cmd_port is None:
            cmd_port = self.ports.sims[charger.alias] if self.ports else free_port(self.host)
        config = self._ocppsim_config(balanz_port, cmd_port, charger)
        if default_profiles is not None:
            config["charger"]["default_profiles"] = str(default_profiles)
        self._write_config(config, sim_dir / "ocppsim.ini")
        sim_log = record.directory / "logs" / f"ocppsim-{charger.alias}.log"
        record.add_log(f"ocppsim {charger.alias}", sim_log)
        proc = spawn(
            [
                str(self.settings.sut_python),
                str(self.settings.ocppsim_src / "ocppsim.py"),
                "--config",
                "ocppsim.ini",
                "--id",
                charger.charger_id,
                "--port",
                str(cmd_port),
            ],
            cwd=sim_dir,
            log_path=sim_log,
            env=self._env(),
        )
        self._track(proc, f"simulator {charger.alias}", sim_log)
        url = f"ws://{self.host}:{cmd_port}"
        if charger.alias in self.sims and self.sims[charger.alias].url == url:
            self.sims[charger.alias].close()  # the same client (steps hold it) connects again on its next command
        else:
            if charger.alias in self.sims:
                self.sims[charger.alias].close()
            self.sims[charger.alias] = OcppsimClient(url, charger.alias)
        return proc, sim_log

    # --- restarts mid-scenario ------------------------------------------------------------------------
    def _process(self, name: str) -> tuple[subprocess.Popen[bytes], Path]:
        for proc, proc_name, log in self._procs:
            if proc_name == name:
                return proc, log
        raise AssertionError(f"no {name} process in this scenario")

    def _started(self) -> ScenarioRecord:
        if self._record is None or self.api is None:
            raise AssertionError("the stack is not started")
        return self._record

    def restart_balanz(self) -> None:
        """Stop balanz and start it again on the same port with the same runtime directory: its configuration,
        model CSVs and history as the scenario left them. Returns once it answers its API again.

        The scenario's API connections (the steps', the watches') are re-opened and logged in again on their
        next call. The simulators reconnect by themselves: ocppsim tries again 5 s after losing its
        connection (and gives up if balanz is not back by then).
        """
        record = self._started()
        proc, log = self._process("balanz")
        self.events.publish(BalanzRestarting())
        try:
            self._restart(record, proc, log)
        finally:
            self.events.publish(BalanzRestarted())

    def _restart(self, record: ScenarioRecord, proc: subprocess.Popen[bytes], log: Path) -> None:
        stop(proc)
        record.note(f"balanz stopped (pid {proc.pid}, exit code {proc.returncode}) to be restarted")
        assert self.settings.balanz_src is not None
        command = [str(self.settings.sut_python), str(self.settings.balanz_src / "balanz.py")]
        balanz = spawn([*command, "--config", "config/balanz.ini"], cwd=record.directory, log_path=log, env=self._env())
        self._track(balanz, "balanz", log)
        try:
            self._await_api(log, balanz, urlsplit(self.balanz_url).port or 0).close()
        except SetupError as error:  # mid-scenario: the scenario fails
            raise AssertionError(f"balanz did not start again: {error}") from None
        assert self.api is not None
        self.api.close()  # its next call opens a new connection and logs in again
        record.note(f"balanz started again (pid {balanz.pid}) on {self.balanz_url} with the same runtime directory")

    def stop_simulator(self, alias: str) -> None:
        """Stop one charger's simulator process (the charger loses power); its client stays, unconnected."""
        record = self._started()
        proc, _ = self._process(f"simulator {alias}")
        self.events.publish(ChargerStopped(alias))
        stop(proc)
        self.sims[alias].close()
        record.note(f"simulator {alias} stopped (pid {proc.pid}): the charger lost power")

    def start_simulator(self, alias: str, *, default_profiles: bool = True) -> None:
        """Start a stopped simulator again on the same command port, with or without its default charging
        profiles (ocppsim ``[charger] default_profiles``); returns once it reports Available.

        With them, the charger's offer is 0 A until balanz sets one; without them, the charger's own
        maximum (``[charger] max_offer``) applies until then: a charger that lost its profiles.
        """
        record = self._started()
        charger = self.site.charger(alias)
        proc, _ = self._process(f"simulator {alias}")
        if proc.poll() is None:
            raise AssertionError(f"simulator {alias} still runs: stop it first")
        cmd_port = int(self.sims[alias].url.rsplit(":", 1)[1])
        proc, log = self._spawn_sim(
            record, charger, self._balanz_port(), cmd_port=cmd_port, default_profiles=default_profiles
        )
        try:
            self._await_sim(charger, proc, log, time.monotonic() + self.profile.process_ready)
        except SetupError as error:  # mid-scenario: the scenario fails
            raise AssertionError(str(error)) from None
        profiles = "with" if default_profiles else "without"
        record.note(f"simulator {alias} started again (pid {proc.pid}) {profiles} its default profiles")
        self.events.publish(ChargerStarted(alias))

    def add_simulator(self, charger: ChargerSpec) -> None:
        """Start a simulator for a charger the scenario created through balanz's API (it is not in data/model),
        rendered and started like every other (``_spawn_sim``) on a free command port; returns once balanz sees
        it connected, Available and set up, and it has answered balanz's own requests (as ``start`` waits).

        It runs until ``remove_simulator`` (the scenario's clean-up) or ``stop``.
        """
        record = self._started()
        if charger.alias in self.sims:
            raise AssertionError(f"a simulator for {charger.alias} runs already")
        proc, log = self._spawn_sim(record, charger, self._balanz_port(), cmd_port=free_port(self.host))
        see = f"{log} and {record.logs.get('balanz', 'balanz.log')}"
        try:
            self._await_sim(charger, proc, log, time.monotonic() + self.profile.process_ready)
            self._await_balanz_sees([charger], self.profile.startup, see=see)
            self._await_own_requests_answered([charger], self.profile.startup + self.profile.full_run, see=see)
        except SetupError as error:  # mid-scenario: the scenario fails
            raise AssertionError(str(error)) from None
        record.note(f"simulator {charger.alias} ({charger.charger_id}) added (pid {proc.pid}): balanz sees it set up")
        side = self.new_sim_client(charger.alias)
        self.events.publish(ChargerAdded(charger.alias, charger.charger_id, charger.group_id, side))

    def remove_simulator(self, alias: str) -> None:
        """Stop the simulator ``add_simulator`` started and forget it (its process and its client)."""
        record = self._started()
        proc, _ = self._process(f"simulator {alias}")
        self.events.publish(ChargerRemoved(alias))
        stop(proc)
        self._procs = [entry for entry in self._procs if entry[0] is not proc]
        client = self.sims.pop(alias, None)
        if client is not None:
            client.close()
        record.note(f"simulator {alias} removed (pid {proc.pid})")

    def _own_requests_answered(self, charger: ChargerSpec) -> bool:
        """As Stack's; a local controller logs only what it sends, so here the simulator's own log of what it
        received and sent tells (sut/ocppsim_log.py own_requests_answered)."""
        if self.central_system is None:
            return super()._own_requests_answered(charger)
        _, log = self._process(f"simulator {charger.alias}")
        return own_requests_answered(logged_frames(log, charger.charger_id))

    def _balanz_port(self) -> int:
        """The port balanz listens on (the simulators connect there)."""
        return int(self.balanz_url.rsplit(":", 1)[1])

    def stop(self) -> None:
        """Stop every process of this scenario, then close the clients (a client of a frozen or dead
        program then closes at once instead of waiting for its close handshake)."""
        for proc, _, _ in reversed(self._procs):
            stop(proc)
        self._procs = []
        if self.central_system is not None:
            self.central_system.stop()
        self._close_clients()

    # --- runtime directory -------------------------------------------------------------------------
    def _render_balanz(self, root: Path) -> None:
        (root / "model").mkdir(parents=True, exist_ok=True)
        for csv_file in self.site.model_dir.glob("*.csv"):
            shutil.copy2(csv_file, root / "model" / csv_file.name)
        (root / "history").mkdir(exist_ok=True)
        (root / "config").mkdir(exist_ok=True)

    def _balanz_config(self, port: int) -> configparser.ConfigParser:
        config = copy_config(self.profile.balanz)
        config["host"]["addr"] = self.host
        config["host"]["port"] = str(port)
        if self.local_controller is not None and self.central_system is not None:
            self.local_controller.configure(config, self.central_system.url)
        return config

    def _ocppsim_config(self, balanz_port: int, cmd_port: int, charger: ChargerSpec) -> configparser.ConfigParser:
        config = copy_config(self.profile.ocppsim)
        config["host"]["addr"] = self.host
        config["host"]["port"] = str(cmd_port)
        config["server"]["url"] = f"ws://{self.host}:{balanz_port}/"
        config["charger"]["charger_id"] = charger.charger_id
        config["charger"]["conf_dir"] = "."
        return config

    @staticmethod
    def _write_config(config: configparser.ConfigParser, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w") as handle:
            config.write(handle)
        return path

    @staticmethod
    def _env() -> dict[str, str]:
        env = dict(os.environ)
        env.pop("BALANZ_SERVER_URL", None)  # would override the simulators' configured balanz URL
        return env

    # --- readiness ---------------------------------------------------------------------------------
    def _exited(self) -> str | None:
        """A one-line account of the first process of this scenario that has ended, if any (of each program,
        the process started last: one started again replaces the earlier)."""
        for proc, name, log in self._procs:
            if proc.poll() is not None:
                return (
                    f"{name} exited during start-up (exit code {proc.returncode}); last lines of {log}: "
                    + " | ".join(tail(log, 4).splitlines())
                )
        return None

    def _await_api(self, log: Path, balanz: subprocess.Popen[bytes], port: int) -> BalanzApi:
        """Wait until balanz answers its API, and the answer is this balanz's: not another scenario's that took
        the port first (then this one exits with "address already in use" and is started again elsewhere)."""
        within = self.profile.process_ready
        deadline = time.monotonic() + within
        while True:
            if exited := self._exited():
                raise SetupError(exited)
            # A short reply timeout while probing, so that a balanz that accepts but never answers
            # is reported within the deadline; the scenario's own connection gets the usual one.
            probe = BalanzApi(self.balanz_url, timeout=max(1.0, min(5.0, deadline - time.monotonic())))
            try:
                probe.connect(open_timeout=2.0)
                probe.login(self.settings.api_token)
                if listens_on(balanz.pid, port) is not False:
                    return self.new_api()
            except ApiUnavailable:
                pass
            except ApiError as exc:
                raise SetupError(
                    f"balanz refused the suite's API login ({exc.status}); check api_token and data/model/users.csv"
                ) from None
            finally:
                probe.close()
            if time.monotonic() > deadline:
                raise SetupError(f"balanz did not answer its API at {self.balanz_url} within {within:.0f}s; see {log}")
            time.sleep(0.2)  # poll interval while a process starts

    def _await_sim(self, charger: ChargerSpec, proc: subprocess.Popen[bytes], log: Path, deadline: float) -> None:
        client = self.sims[charger.alias]
        last = "no answer on its command port"
        while True:
            if proc.poll() is not None:
                raise SetupError(
                    f"simulator {charger.alias} exited during start-up (exit code {proc.returncode}); "
                    f"last lines of {log}: " + " | ".join(tail(log, 3).splitlines())
                )
            remaining = max(1.0, deadline - time.monotonic())
            try:
                if last.startswith("no answer"):
                    client.connect(open_timeout=min(2.0, remaining))
                status = SimStatus.from_json(client.command("jsonstatus", timeout=min(5.0, remaining)))
                if status.status != "Available":
                    last = f"status {status.status}"
                elif listens_on(proc.pid, urlsplit(client.url).port or 0) is False:
                    last = "another program answers on its command port"  # it exits: address already in use
                else:
                    return
            except (OcppsimError, ValueError):  # ValueError: a reply that is not a JSON status
                client.close()
                last = "no answer on its command port"
            if time.monotonic() > deadline:
                raise SetupError(
                    f"simulator {charger.alias} did not become Available within {self.profile.process_ready:.0f}s "
                    f"({last}); see {log}"
                )
            time.sleep(0.2)  # poll interval while a process starts


class ExternalStack(Stack):
    """Attaches to a balanz and simulators started by someone else (``-D stack=external``).

    The site is shared by every scenario, so each scenario must leave it as it found it: before and after
    each scenario every simulator of the site (not only those the scenario names) is brought back to rest
    (``reset_site``) and balanz must show every charger Available with no session and no offer.
    """

    #: The EV settings a scenario may change, and the commands that clear them (ocppsim.py's command interface;
    #: docs/simulator.md#delaying-and-full-evs).
    CLEAR_EV_SETTINGS = ("max", "delay_trans", "nodelay", "fullafter", "clock")

    def __init__(self, settings: Settings, site: SiteModel, profile: TimingProfile) -> None:
        super().__init__(settings, site, profile)
        #: A command connection to every simulator of the site.
        self._site_sims: dict[str, OcppsimClient] = {}
        self._record: ScenarioRecord | None = None

    def start(self, record: ScenarioRecord, chargers: list[ChargerSpec]) -> None:
        """Connect, log in, bring the whole site to rest, and check balanz sees the scenario's chargers."""
        self._record = record
        self.balanz_url = self.settings.balanz_url
        try:
            self.api = self.new_api()
        except ApiUnavailable:
            raise SetupError(f"balanz_url: balanz is not reachable at {self.balanz_url}") from None
        except ApiError as exc:
            raise SetupError(f"api_token: balanz refused the login at {self.balanz_url} ({exc.status})") from None
        self._connect_site()
        self.sims = {c.alias: OcppsimClient(self._site_sims[c.alias].url, c.alias) for c in chargers}
        for client in self.sims.values():
            client.connect()
        see = f"balanz at {self.balanz_url} (it must use this project's data/model)"
        try:
            self.reset_site(record)
        except (AssertionError, OcppsimError) as exc:
            raise SetupError(f"the external site is not at rest: {_first_line(exc)}; see {see}") from None
        self._await_balanz_sees(chargers, self.profile.startup, see=see)

    def stop(self) -> None:
        """Bring the site back to rest (every session ended, EV settings cleared), then close the clients.

        The external processes keep running. A site that does not come to rest is noted in the scenario's
        log; the next scenario's start then refuses to run on it.
        """
        try:
            if self._record is not None and self.api is not None and self._site_sims:
                self.reset_site(self._record)
        except (AssertionError, OcppsimError, ApiError, ApiUnavailable) as exc:
            if self._record is not None:
                self._record.note(f"the external site did not come to rest after the scenario: {exc}")
        finally:
            self._close_clients()
            for client in self._site_sims.values():
                client.close()
            self._site_sims = {}
            self._record = None

    def _connect_site(self) -> None:
        """A command connection to the simulator of every charger of the site."""
        for alias in self.site.chargers:
            url = self.settings.sim_urls.get(alias)
            if not url:
                raise SetupError(f"sim.{alias}: no simulator command URL for {alias} (every charger of the site)")
            client = OcppsimClient(url, alias)
            try:
                client.connect()
            except OcppsimError:
                raise SetupError(f"sim.{alias}: simulator not reachable at {url}") from None
            self._site_sims[alias] = client

    def reset_site(self, record: ScenarioRecord) -> None:
        """Every simulator of the site at rest, and balanz showing each charger Available with no session.

        Each simulator's session is ended (unplug; ``reset`` if that does not bring it back to Available)
        and its EV settings are cleared, all simulators at once; then balanz must show every charger
        connected and Available, with no transaction and no offer, within a prompt reaction.
        """
        with ThreadPoolExecutor(max_workers=max(1, len(self._site_sims))) as pool:
            for future in [pool.submit(self._reset_sim, record, a, c) for a, c in self._site_sims.items()]:
                future.result()
        for alias in self._site_sims:
            for attempt in range(1, PHANTOM_ATTEMPTS + 1):
                try:
                    self._await_at_rest(alias)
                    break
                except AssertionError:
                    if attempt == PHANTOM_ATTEMPTS or not self._phantom_transaction(alias):
                        raise
                    self._end_phantom_transaction(record, alias)

    def _await_at_rest(self, alias: str) -> None:
        assert self.api is not None
        api = self.api
        eventually(
            lambda: api.connector(alias),
            all_of(
                has_property("network_connected", True),
                has_property("status", "Available"),
                has_property("in_transaction", False),
                has_property("offered", 0.0),
            ),
            within=self.profile.reaction,
            reason=f"balanz shows {alias} at rest (Available, no session, no offer)",
        )

    def _phantom_transaction(self, alias: str) -> bool:
        """balanz shows a transaction at a charger whose simulator is Available and has none."""
        assert self.api is not None
        sim = self._site_sims[alias].status()
        return self.api.connector(alias).in_transaction and sim.status == "Available" and sim.transaction_id is None

    def _end_phantom_transaction(self, record: ScenarioRecord, alias: str) -> None:
        """End a transaction only balanz has, with a real session of the site's first active tag.

        KNOWN ISSUE: a meter value that ocppsim sends just after its StopTransaction makes balanz synthesize
        a new transaction (tag Unknown) at the now Available connector; it never ends while the charger keeps
        sending heartbeats. A new StartTransaction makes balanz stop it; unplugging then ends the new one.
        """
        tag = next(t.id_tag for t in self.site.tags.values() if t.status == "Activated" and t.priority is None)
        record.note(
            f"KNOWN ISSUE {alias}: balanz shows a transaction its charger does not have (a meter value after "
            f"StopTransaction); ending it with a session of tag {tag}"
        )
        client = self._site_sims[alias]
        client.command(f"tag {tag}")
        eventually(
            client.status,
            has_property("transaction_id", not_(none())),
            within=self.profile.prompt,
            reason=f"{alias} starts a transaction to replace the one only balanz has",
        )
        client.command("unplug")

    def _reset_sim(self, record: ScenarioRecord, alias: str, client: OcppsimClient) -> None:
        if client.status().status != "Available":
            record.note(f"{alias}: ending what the simulator still had open (unplug)")
            client.command("unplug")
        for command in self.CLEAR_EV_SETTINGS:
            client.command(command)
        if client.status().status != "Available":
            record.note(f"{alias}: still not Available after unplug; resetting the simulator")
            client.command("reset", timeout=30)
            eventually(
                client.status,
                has_property("status", "Available"),
                within=self.profile.startup,
                reason=f"{alias} Available after reset",
            )


def make_stack(
    settings: Settings, site: SiteModel, profile: TimingProfile, local_controller: LocalControllerSetting | None = None
) -> Stack:
    """The stack kind the settings ask for; with ``local_controller`` balanz is a local controller for a central
    system the harness plays (managed stack only)."""
    if settings.managed:
        return ManagedStack(settings, site, profile, local_controller=local_controller)
    if local_controller is not None:
        raise SetupError("balanz as a local controller needs the managed stack (-D stack=managed)")
    return ExternalStack(settings, site, profile)
