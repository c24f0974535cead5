"""balanz_acceptance.sut.processes: child processes that are always stopped, ports, log tails.

The stand-in programs are short Python scripts run by this interpreter (spawn execs args[0] with
os.execv, so it must be an absolute path: sys.executable).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from balanz_acceptance.core.record import tail
from balanz_acceptance.core.settings import PROJECT_ROOT
from balanz_acceptance.sut import processes
from balanz_acceptance.sut.processes import free_port, port_is_free, running, spawn, stop, stop_all
from tests.fakes import poll_until

#: Starts a grandchild in its own process group, writes the grandchild's pid to argv[1], then sleeps.
WITH_GRANDCHILD = (
    "import pathlib, subprocess, sys, time\n"
    "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])\n"
    "pathlib.Path(sys.argv[1]).write_text(str(child.pid))\n"
    "time.sleep(60)\n"
)
#: Ignores SIGTERM, then says so in argv[1] and sleeps.
IGNORES_SIGTERM = (
    "import pathlib, signal, sys, time\n"
    "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
    "pathlib.Path(sys.argv[1]).write_text('ready')\n"
    "time.sleep(60)\n"
)
SLEEPER = [sys.executable, "-c", "import time; time.sleep(60)"]


def alive(pid: int) -> bool:
    """True while ``pid`` runs (a zombie waiting for its parent to reap it counts as ended)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True  # no procfs: trust os.kill
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def gone(pid: int, timeout: float = 5.0) -> bool:
    return poll_until(lambda: not alive(pid), timeout=timeout)


def read_when_written(path: Path, timeout: float = 5.0) -> str:
    assert poll_until(lambda: path.exists() and path.read_text() != "", timeout=timeout), f"{path} never written"
    return path.read_text()


@pytest.fixture(autouse=True)
def no_leftovers() -> Iterator[None]:
    """Every test starts and ends with no registered process."""
    stop_all()
    yield
    stop_all()
    assert processes._registry == []


def test_spawn_starts_the_program_in_its_own_process_group(tmp_path):
    proc = spawn(SLEEPER, cwd=tmp_path, log_path=tmp_path / "logs" / "sleeper.log")
    assert running() == [proc]
    assert poll_until(lambda: "time.sleep" in Path(f"/proc/{proc.pid}/cmdline").read_text())  # exec'd
    assert os.getpgid(proc.pid) == proc.pid != os.getpgid(0)
    assert (tmp_path / "logs" / "sleeper.log").exists()


def test_stop_ends_the_program_and_its_process_group(tmp_path):
    proc = spawn(
        [sys.executable, "-c", WITH_GRANDCHILD, str(tmp_path / "grandchild.pid")],
        cwd=tmp_path,
        log_path=tmp_path / "child.log",
    )
    grandchild = int(read_when_written(tmp_path / "grandchild.pid"))
    assert alive(grandchild) and os.getpgid(grandchild) == proc.pid
    stop(proc)
    assert proc.returncode == -signal.SIGTERM
    assert gone(proc.pid)
    assert gone(grandchild), "the grandchild outlived stop()"
    assert running() == []


def test_stop_kills_a_program_that_ignores_sigterm(tmp_path):
    proc = spawn(
        [sys.executable, "-c", IGNORES_SIGTERM, str(tmp_path / "ready")],
        cwd=tmp_path,
        log_path=tmp_path / "stubborn.log",
    )
    read_when_written(tmp_path / "ready")
    stop(proc, grace=0.2)
    assert proc.returncode == -signal.SIGKILL


def test_stop_ends_a_stopped_program_without_waiting_for_the_grace_period(tmp_path):
    proc = spawn(SLEEPER, cwd=tmp_path, log_path=tmp_path / "sleeper.log")
    os.kill(proc.pid, signal.SIGSTOP)  # e.g. a scenario froze a simulator
    start = time.monotonic()
    stop(proc, grace=10.0)
    assert proc.returncode == -signal.SIGTERM
    assert time.monotonic() - start < 5.0


def test_stop_of_a_program_that_already_ended_is_harmless(tmp_path):
    proc = spawn([sys.executable, "-c", "pass"], cwd=tmp_path, log_path=tmp_path / "quick.log")
    proc.wait(timeout=10)
    stop(proc)
    stop(proc)
    assert proc.returncode == 0
    assert processes._registry == []


def test_stop_all_ends_everything_registered(tmp_path):
    procs = [
        spawn(SLEEPER, cwd=tmp_path, log_path=tmp_path / "one.log"),
        spawn(
            [sys.executable, "-c", WITH_GRANDCHILD, str(tmp_path / "grandchild.pid")],
            cwd=tmp_path,
            log_path=tmp_path / "two.log",
        ),
    ]
    grandchild = int(read_when_written(tmp_path / "grandchild.pid"))
    assert running() == procs
    stop_all()
    assert running() == [] and processes._registry == []
    assert all(p.returncode is not None for p in procs)
    assert gone(grandchild)


def test_output_goes_to_the_log_with_the_given_environment_and_directory(tmp_path):
    script = (
        "import os\n"
        "print('cwd', os.getcwd())\n"
        "print('greeting', os.environ['GREETING'], os.environ['PYTHONUNBUFFERED'])\n"
        "raise SystemExit('bye on stderr')\n"
    )
    log = tmp_path / "logs" / "out.log"
    log.parent.mkdir()
    log.write_text("an earlier line\n")
    proc = spawn(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        log_path=log,
        env={"GREETING": "hello", "PATH": os.environ.get("PATH", "")},
    )
    assert proc.wait(timeout=10) == 1
    assert log.read_text().splitlines() == ["an earlier line", f"cwd {tmp_path}", "greeting hello 1", "bye on stderr"]


def test_a_program_dies_with_the_suite(tmp_path):
    suite = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from pathlib import Path\n"
            "from balanz_acceptance.sut.processes import spawn\n"
            "proc = spawn(sys.argv[1:], cwd=Path.cwd(), log_path=Path('child.log'))\n"
            "print(proc.pid, flush=True)\n"
            "time.sleep(60)\n",
            *SLEEPER,
        ],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)},
    )
    try:
        child = int(suite.stdout.readline())
        assert poll_until(lambda: "time.sleep" in Path(f"/proc/{child}/cmdline").read_text())
        suite.kill()  # SIGKILL: no atexit handler, no cleanup; only the death signal remains
        suite.wait(timeout=10)
        assert gone(child), "the child outlived the suite"
    finally:
        suite.kill()
        suite.wait(timeout=10)
        suite.stdout.close()


# --- ports and logs ---------------------------------------------------------------------------------------
def test_free_port_is_free_until_someone_listens_on_it():
    port = free_port()
    assert 0 < port < 65536
    assert port_is_free(port)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", port))
        listener.listen()
        assert not port_is_free(port)
    assert port_is_free(port)


def test_a_port_whose_last_server_left_connections_in_time_wait_is_free():
    # A site stopped a moment ago: its server closed an accepted connection first, which leaves that
    # connection in TIME_WAIT on the port for a minute. A server binding with SO_REUSEADDR (as balanz and
    # ocppsim do) can have the port at once, so it must not look taken.
    port = free_port()
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", port))
        listener.listen()
        client = socket.create_connection(("127.0.0.1", port))
        accepted, _ = listener.accept()
        accepted.close()  # the server's side closes first: it goes to TIME_WAIT
        client.recv(1)
        client.close()
    assert port_is_free(port)


def test_tail_returns_the_last_lines(tmp_path):
    log = tmp_path / "program.log"
    log.write_text("".join(f"line {n}\n" for n in range(1, 31)))
    assert tail(log, 3) == "line 28\nline 29\nline 30"
    assert tail(log).splitlines() == [f"line {n}" for n in range(16, 31)]
    assert tail(log, 100).count("\n") == 29


def test_tail_of_a_missing_or_odd_file(tmp_path):
    assert tail(tmp_path / "missing.log") == ""
    assert tail(tmp_path) == ""  # a directory
    (tmp_path / "binary.log").write_bytes(b"ok\n\xff\xfe broken\n")
    assert tail(tmp_path / "binary.log", 1) == "\ufffd\ufffd broken"


# --- signals ---------------------------------------------------------------------------------------------
@pytest.fixture
def signal_state() -> Iterator[None]:
    """Signal handlers as install_handlers leaves them, undone after the test."""
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM, signal.SIGINT)}
    yield
    for sig, handler in saved.items():
        signal.signal(sig, handler)
    processes._received.clear()
    processes.take_pending()
    processes._may_interrupt = None


def deliver(sig: signal.Signals) -> None:
    """Send ``sig`` to this process; its handler runs before the next line."""
    os.kill(os.getpid(), sig)
    for _ in range(100):  # a few bytecodes: the handler runs at one of them
        pass


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=lambda s: s.name)
def test_a_signal_where_it_may_not_interrupt_waits_for_a_safe_point(signal_state, sig):
    processes.install_handlers(may_interrupt=lambda frame: False)
    deliver(sig)
    assert processes.interrupted() == sig.name
    with pytest.raises(KeyboardInterrupt, match=f"interrupted by {sig.name}"):
        processes.raise_pending()
    processes.raise_pending()  # raised once only
    assert processes.interrupted() == sig.name


def test_a_signal_interrupts_at_once_where_allowed(signal_state):
    processes.install_handlers(may_interrupt=lambda frame: True)
    with pytest.raises(KeyboardInterrupt, match="interrupted by SIGTERM"):
        deliver(signal.SIGTERM)
    processes.raise_pending()  # nothing left waiting


def test_a_signal_interrupts_an_interruptible_section_at_once(signal_state):
    processes.install_handlers(may_interrupt=lambda frame: False)
    with pytest.raises(KeyboardInterrupt), processes.interruptible():
        deliver(signal.SIGINT)
    deliver(signal.SIGINT)  # outside the section it waits again
    with pytest.raises(KeyboardInterrupt), processes.interruptible():  # and comes as the next section begins
        pass


def test_a_signal_stops_the_children_at_once(signal_state, tmp_path):
    processes.install_handlers(may_interrupt=lambda frame: False)
    proc = spawn(SLEEPER, cwd=tmp_path, log_path=tmp_path / "sleeper.log")
    deliver(signal.SIGTERM)
    assert proc.wait(timeout=5) == -signal.SIGTERM  # without stop(): the handler sent it
    processes.take_pending()


def test_a_signal_while_spawning_comes_after_the_process_is_registered(signal_state, tmp_path):
    processes.install_handlers(may_interrupt=lambda frame: False)
    with pytest.raises(KeyboardInterrupt), processes.interruptible(), processes._signals_held():
        deliver(signal.SIGTERM)  # e.g. between Popen and the registration
        proc = spawn(SLEEPER, cwd=tmp_path, log_path=tmp_path / "sleeper.log")
    assert proc in processes._registry
    assert proc.wait(timeout=5) == -signal.SIGTERM


def test_a_sigint_ignored_at_start_stays_ignored(signal_state):
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    processes.install_handlers()
    assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    assert signal.getsignal(signal.SIGTERM) is processes._on_signal


def test_a_port_is_told_apart_by_the_process_that_listens_on_it():
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    try:
        assert processes.listens_on(os.getpid(), port) is True
        other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
        try:
            assert processes.listens_on(other.pid, port) is False  # it answers nothing there: someone else does
        finally:
            other.kill()
            other.wait()
        assert processes.listens_on(other.pid, port) is False  # gone
    finally:
        server.close()
    assert processes.listens_on(os.getpid(), port) is False


LISTENING_CHILD = """
import socket, subprocess, sys
listen = "import socket, time; s = socket.create_server(('127.0.0.1', 0)); print(s.getsockname()[1], flush=True)"
listen += "; time.sleep(30)"
subprocess.run([sys.executable, "-c", listen])
"""


def test_a_port_its_child_listens_on_counts_for_a_wrapper():
    wrapper = subprocess.Popen(
        [sys.executable, "-c", LISTENING_CHILD], stdout=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        port = int(wrapper.stdout.readline())  # type: ignore[union-attr]
        assert processes.listens_on(wrapper.pid, port) is True
    finally:
        os.killpg(wrapper.pid, signal.SIGKILL)
        wrapper.wait()
