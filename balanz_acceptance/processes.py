"""Child processes of the suite: started in their own process group, always stopped.

Every process the suite starts is registered here. ``stop_all`` ends them (process group, SIGTERM then
SIGKILL); it runs from the environment's hooks, from an ``atexit`` handler and on SIGTERM. On Linux each
child also gets PR_SET_PDEATHSIG, so it dies with the suite even if the suite is killed with SIGKILL.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

_registry: list[subprocess.Popen[bytes]] = []
_lock = threading.Lock()


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
    with log_path.open("ab") as log:
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


def running() -> list[subprocess.Popen[bytes]]:
    """The processes started and not yet stopped."""
    with _lock:
        return [p for p in _registry if p.poll() is None]


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port on ``host`` that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def port_is_free(port: int, host: str = "127.0.0.1") -> bool:
    """True if ``port`` can be bound on ``host``."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((host, port))
        except OSError:
            return False
        return True


def tail(path: Path, lines: int = 15) -> str:
    """The last lines of a log file (empty if it does not exist)."""
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return ""
    return "\n".join(text.splitlines()[-lines:])


def _on_sigterm(signum: int, frame: object) -> None:
    # Turn SIGTERM into the same path as Ctrl-C: behave marks the running scenario, runs the
    # cleanups and after_all; atexit is the last resort.
    raise KeyboardInterrupt(f"terminated by signal {signum}")


def install_handlers() -> None:
    """Stop all children at exit and treat SIGTERM like Ctrl-C (main thread only)."""
    atexit.register(stop_all)
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _on_sigterm)
