"""Whole behave runs of the repository's environment and steps against the stand-ins in tests/standins.

A test builds a small project in a temporary directory: ``steps``, ``environment.py`` and ``data`` are links to
the repository's (behave looks for the first two next to the features, a run reads its test site from ``data/``
where it starts; ``Project.own_data`` makes a copy to change), ``features/`` holds the test's own feature
files. behave runs there with ``sut_python`` set to the stand-in interpreter, so balanz and ocppsim are
tests/standins/fake_balanz.py and fake_ocppsim.py. Every run carries a unique ``STANDIN_RUN`` token in
its environment, which every process it starts inherits: that is how a test finds what is left over.
"""

from __future__ import annotations

import configparser
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from balanz_acceptance.core.settings import PROJECT_ROOT
from tests.fakes import poll_until

STANDINS = PROJECT_ROOT / "tests" / "standins"
SUT_PYTHON = STANDINS / "python"


@dataclass
class Project:
    """A temporary behave project using the repository's steps and environment.py."""

    root: Path
    token: str = field(default_factory=lambda: uuid.uuid4().hex)

    @property
    def runtime(self) -> Path:
        """Where the runs put their per-scenario runtime directories (``-D runtime_dir``)."""
        return self.root / "runtime"

    @property
    def reports(self) -> Path:
        """Where the runs write their reports (``-D reports_dir``): never the project's reports/."""
        return self.root / "reports"

    def feature(self, name: str, text: str) -> Path:
        """Write ``features/<name>.feature``; returns its path relative to the project."""
        path = self.root / "features" / f"{name}.feature"
        path.write_text(text)
        return path.relative_to(self.root)

    def own_data(self) -> Path:
        """Replace the link to the repository's ``data/`` by a copy of it that the test may change; returns it."""
        data = self.root / "data"
        data.unlink()
        shutil.copytree(PROJECT_ROOT / "data", data)
        return data

    def env(self, **extra: str) -> dict[str, str]:
        """The environment of a run: the stand-ins' switches in ``extra`` (e.g. STANDIN_SIM=...)."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("STANDIN_")}
        env.update(
            PYTHONPATH=os.pathsep.join(filter(None, [str(PROJECT_ROOT), os.environ.get("PYTHONPATH")])),
            STANDIN_REAL_PYTHON=sys.executable,
            STANDIN_RUN=self.token,
        )
        env.update(extra)
        return env

    def args(self, *userdata: str, features: tuple[Path, ...] = ()) -> list[str]:
        """The behave command line: stand-in interpreter, the project's runtime directory, plain output."""
        args = [sys.executable, "-m", "behave", "--format", "plain", "--no-timings"]
        own = (f"sut_python={SUT_PYTHON}", f"runtime_dir={self.runtime}", f"reports_dir={self.reports}")
        for item in (*own, *userdata):
            args += ["-D", item]
        return args + [str(f) for f in features]

    def start(self, *userdata: str, features: tuple[Path, ...] = (), **env: str) -> subprocess.Popen[str]:
        """Start behave; SIGINT is not ignored in it (as it is for a background job of a shell)."""
        return subprocess.Popen(
            self.args(*userdata, features=features),
            cwd=self.root,
            env=self.env(**env),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )

    def run(
        self, *userdata: str, features: tuple[Path, ...] = (), timeout: float = 60, **env: str
    ) -> subprocess.CompletedProcess[str]:
        """Run behave to the end."""
        return subprocess.run(
            self.args(*userdata, features=features),
            cwd=self.root,
            env=self.env(**env),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def scenario_dirs(self) -> list[Path]:
        """The per-scenario runtime directories, in the order the scenarios ran."""
        return sorted(p.parent for p in self.runtime.glob("*/*/scenario.log"))

    def pids(self) -> list[int]:
        """Every pid a stand-in wrote into a runtime directory."""
        return [int(p.read_text()) for p in self.runtime.rglob("*.pid")]

    def ports(self) -> list[int]:
        """Every port the harness configured balanz or a simulator to listen on."""
        ports = []
        for ini in [*self.runtime.rglob("config/balanz.ini"), *self.runtime.rglob("sims/*/ocppsim.ini")]:
            config = configparser.ConfigParser(interpolation=None)
            config.read(ini)
            ports.append(int(config["host"]["port"]))
        return ports

    def processes(self) -> list[int]:
        """Live processes (not zombies) whose environment carries this project's token."""
        return [pid for pid in _pids_with(f"STANDIN_RUN={self.token}") if alive(pid)]

    def assert_nothing_left(self, timeout: float = 5.0) -> None:
        """No process the runs started is alive and no port they configured is held."""
        pids, ports = self.pids(), self.ports()
        assert poll_until(lambda: not any(alive(p) for p in pids) and not self.processes(), timeout=timeout), (
            f"still alive: {[p for p in pids if alive(p)]} (stand-ins), {self.processes()} (with the run's token)"
        )
        assert poll_until(lambda: not any(map(port_is_held, ports)), timeout=timeout), (
            f"ports still held: {[p for p in ports if port_is_held(p)]}"
        )


def make_project(root: Path, environment: str | None = None) -> Project:
    """A project in ``root``: links to the repository's steps, data and environment.py (or ``environment``)."""
    (root / "features").mkdir(parents=True)
    (root / "steps").symlink_to(PROJECT_ROOT / "steps", target_is_directory=True)
    (root / "data").symlink_to(PROJECT_ROOT / "data", target_is_directory=True)
    if environment is None:
        (root / "environment.py").symlink_to(PROJECT_ROOT / "environment.py")
    else:
        (root / "environment.py").write_text(environment)
    return Project(root)


def alive(pid: int) -> bool:
    """True while ``pid`` runs (a zombie waiting for its parent to reap it counts as ended)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True  # no procfs: trust os.kill
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def port_is_held(port: int, host: str = "127.0.0.1") -> bool:
    """True if a socket still has ``port``: it cannot be bound even with SO_REUSEADDR, as servers bind.

    (A plain bind would also fail for connections of an ended process still in TIME_WAIT.)
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return True
        return False


def _pids_with(marker: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            environ = (entry / "environ").read_bytes()
        except OSError:
            continue
        if marker.encode() in environ.split(b"\0"):
            found.append(int(entry.name))
    return found


def wait_for_text(path_glob: tuple[Path, str], text: str, timeout: float = 15.0) -> Path:
    """Wait until a file matching ``path_glob`` (directory, pattern) contains ``text``; return the file."""
    directory, pattern = path_glob
    found: list[Path] = []

    def written() -> bool:
        found[:] = [p for p in directory.glob(pattern) if text in p.read_text(errors="replace")]
        return bool(found)

    assert poll_until(written, timeout=timeout, every=0.05), f"no {pattern} under {directory} with {text!r}"
    return found[0]


def stop_behave(proc: subprocess.Popen[str], sig: int, timeout: float = 30.0) -> tuple[str, str, float]:
    """Send ``sig`` to a running behave and collect its output; returns (stdout, stderr, seconds to end)."""
    start = time.monotonic()
    proc.send_signal(sig)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        raise AssertionError(
            f"behave did not end within {timeout}s of {signal.Signals(sig).name}:\n{out}\n{err}"
        ) from None
    return out, err, time.monotonic() - start
