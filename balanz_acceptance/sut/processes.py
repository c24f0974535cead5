"""Child processes of the suite: started in their own process group, always stopped.

Every process the suite starts is registered here. ``stop_all`` ends them (process group, SIGTERM then
SIGKILL); it runs from the environment's hooks and from an ``atexit`` handler. On Linux each child also
gets PR_SET_PDEATHSIG, so it dies with the suite even if the suite is killed with SIGKILL.

SIGTERM and SIGINT end the run: the handler sends SIGTERM to every child at once and raises
KeyboardInterrupt where behave turns it into a failed step or hook (inside a step, or an
``interruptible`` section such as starting the stack). Anywhere else (behave's own bookkeeping, the
after-scenario hook, clean-ups) a KeyboardInterrupt would escape behave's handling and leave the scenario
unmarked and its clean-ups skipped, so the signal is kept until the next safe point calls ``raise_pending``.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import random
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import FrameType

_registry: list[subprocess.Popen[bytes]] = []
_lock = threading.Lock()

#: Names of the signals received (SIGTERM, SIGINT), in order.
_received: list[str] = []
#: A received signal not yet raised as KeyboardInterrupt (see raise_pending).
_pending: str | None = None
#: Depth of ``interruptible`` sections, and of sections where a signal must wait (spawning).
_interruptible = 0
_held = 0
#: Where, besides ``interruptible`` sections, a signal may raise KeyboardInterrupt at once (None: anywhere).
_may_interrupt: Callable[[FrameType | None], bool] | None = None


#: Run by the suite's own interpreter in the child: ask Linux to SIGKILL this process when the suite
#: dies, then exec the real program (a death signal survives exec). Doing it here instead of in a
#: preexec_fn keeps spawning safe while the websocket clients' threads run.
_EXEC_WITH_DEATH_SIGNAL = (
    "import ctypes, os, sys\n"
    "if sys.platform.startswith('linux'):\n"
    "    try:\n"
    "        ctypes.CDLL(None, use_errno=True).prctl(1, 9)\n"
    "    except (OSError, AttributeError):\n"
    "        pass\n"
    "    if os.getppid() != int(sys.argv[1]):\n"
    "        sys.exit(1)\n"
    "os.execv(sys.argv[2], sys.argv[2:])\n"
)


def spawn(
    args: Sequence[str], *, cwd: Path, log_path: Path, env: dict[str, str] | None = None
) -> subprocess.Popen[bytes]:
    """Start a program in its own process group, stdout and stderr into ``log_path``."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    child_env = dict(os.environ if env is None else env)
    child_env.setdefault("PYTHONUNBUFFERED", "1")
    with _signals_held(), log_path.open("ab") as log:  # a signal now must not leave it unregistered
        proc = subprocess.Popen(
            [sys.executable, "-c", _EXEC_WITH_DEATH_SIGNAL, str(os.getpid()), *args],
            cwd=cwd,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=child_env,
            start_new_session=True,
        )
        with _lock:
            _registry.append(proc)
    return proc


def stop(proc: subprocess.Popen[bytes], grace: float = 3.0) -> None:
    """Stop a spawned process and its process group: SIGTERM, then SIGKILL after ``grace`` seconds."""
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5.0)):
        if proc.poll() is not None:
            break
        try:
            os.killpg(proc.pid, sig)
            os.killpg(proc.pid, signal.SIGCONT)  # a stopped (SIGSTOP) program handles SIGTERM only when resumed
        except ProcessLookupError:
            break
        try:
            proc.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            continue
    with contextlib.suppress(ProcessLookupError, PermissionError):  # anything the program left in its group
        os.killpg(proc.pid, signal.SIGKILL)
    with _lock:
        if proc in _registry:
            _registry.remove(proc)


def stop_all() -> None:
    """Stop every process the suite started and has not stopped yet."""
    with _lock:
        procs = list(_registry)
    for proc in procs:
        stop(proc, grace=2.0)


def terminate_all() -> None:
    """Send SIGTERM to every registered process group now, without waiting (safe in a signal handler)."""
    for proc in list(_registry):
        if proc.returncode is None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGTERM)
                os.killpg(proc.pid, signal.SIGCONT)


def running() -> list[subprocess.Popen[bytes]]:
    """The processes started and not yet stopped."""
    with _lock:
        return [p for p in _registry if p.poll() is None]


def _ephemeral_range() -> tuple[int, int]:
    try:
        low, high = Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()
        return int(low), int(high)
    except (OSError, ValueError):
        return 32768, 60999


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port on ``host`` that nothing listens on right now, chosen outside the ephemeral range.

    A port from the ephemeral range (what binding port 0 gives) can be taken as the source port of any
    outgoing connection - the suite's own websocket clients included - before the program that is meant
    to listen on it starts. Below that range only listeners compete, and the choice is random so that
    parallel runs rarely pick the same port.
    """
    low, _ = _ephemeral_range()
    candidates = range(max(1024, low - 12000), low) if low > 13024 else range(1024, low)
    for port in random.sample(candidates, min(200, len(candidates))):
        if port_is_free(port, host):
            return port
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:  # everything below taken: any free port
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def port_is_free(port: int, host: str = "127.0.0.1") -> bool:
    """True if ``port`` can be bound on ``host`` by a server, i.e. nothing listens on it.

    With SO_REUSEADDR, as balanz's and ocppsim's servers bind (asyncio's default on Unix): connections of an
    earlier server on the port that linger in TIME_WAIT do not make it look taken.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
        return True


def listens_on(pid: int, port: int) -> bool | None:
    """Whether the process ``pid`` holds a listening TCP socket on ``port`` (Linux: /proc/net/tcp* and the
    process's file descriptors); None where that cannot be told.

    Two scenarios may pick the same free port at the same moment: the second program to bind it exits with
    "address already in use", and until it has, whoever answers on the port is the other scenario's program.
    """
    inodes: set[str] = set()
    try:
        for table in ("/proc/net/tcp", "/proc/net/tcp6"):
            with contextlib.suppress(FileNotFoundError), open(table) as handle:
                for line in list(handle)[1:]:
                    fields = line.split()
                    if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:  # 0A: LISTEN
                        inodes.add(f"socket:[{fields[9]}]")
        held = {link for each in _with_descendants(pid) for link in _descriptors(each)}
    except FileNotFoundError:
        return False if Path("/proc/net/tcp").exists() else None  # the process is gone / no /proc here
    except (OSError, IndexError, ValueError):
        return None
    return bool(inodes & held)


def _with_descendants(pid: int) -> list[int]:
    """``pid`` and every process below it (a ``sut_python`` wrapper may start the program as its child)."""
    found, queue = [], [pid]
    while queue:
        each = queue.pop()
        found.append(each)
        with contextlib.suppress(OSError):
            for task in os.listdir(f"/proc/{each}/task"):
                with open(f"/proc/{each}/task/{task}/children") as handle:
                    queue.extend(int(child) for child in handle.read().split())
    return found


def _descriptors(pid: int) -> set[str]:
    """What the open file descriptors of ``pid`` point to (``socket:[inode]`` for a socket)."""
    held = set()
    for fd in os.listdir(f"/proc/{pid}/fd"):
        with contextlib.suppress(OSError):
            held.add(os.readlink(f"/proc/{pid}/fd/{fd}"))
    return held


def _on_signal(signum: int, frame: FrameType | None) -> None:
    global _pending
    name = signal.Signals(signum).name
    if not _received:
        with contextlib.suppress(OSError):
            os.write(2, f"balanz-acceptance: {name} received: stopping balanz and the simulators\n".encode())
    _received.append(name)
    terminate_all()
    if _held == 0 and _may_raise(frame):
        _pending = None
        raise KeyboardInterrupt(f"interrupted by {name}")
    _pending = name


def _may_raise(frame: FrameType | None) -> bool:
    return _interruptible > 0 or _may_interrupt is None or _may_interrupt(frame)


def interrupted() -> str | None:
    """The name of the first SIGTERM/SIGINT the run received, or None."""
    return _received[0] if _received else None


def take_pending() -> str | None:
    """Forget the signal that is waiting for a safe point, and return its name (None: none waits)."""
    global _pending
    name, _pending = _pending, None
    return name


def raise_pending() -> None:
    """At a safe point: raise the KeyboardInterrupt of a signal that arrived where it had to wait."""
    if (name := take_pending()) is not None:
        raise KeyboardInterrupt(f"interrupted by {name}")


@contextlib.contextmanager
def interruptible() -> Iterator[None]:
    """A section a SIGTERM/SIGINT may interrupt at once, e.g. starting the stack in a behave hook."""
    global _interruptible
    _interruptible += 1
    try:
        raise_pending()
        yield
    finally:
        _interruptible -= 1


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """A section a signal must not interrupt; its KeyboardInterrupt comes after it, if allowed there."""
    global _held
    _held += 1
    try:
        yield
    finally:
        _held -= 1
    if _pending is not None:
        terminate_all()  # the process started while the signal waited
        if _held == 0 and _may_raise(sys._getframe()):
            raise_pending()


def install_handlers(may_interrupt: Callable[[FrameType | None], bool] | None = None) -> None:
    """Stop all children at exit; on SIGTERM or SIGINT stop them at once and end the run (main thread only).

    The signal raises KeyboardInterrupt inside ``interruptible`` sections and wherever ``may_interrupt``
    (given the interrupted frame) allows; elsewhere it waits for ``raise_pending``. A SIGINT that was
    ignored when the suite started (a background job) stays ignored.
    """
    global _may_interrupt
    atexit.register(stop_all)
    _may_interrupt = may_interrupt
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _on_signal)
        if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
            signal.signal(signal.SIGINT, _on_signal)
