"""One scenario in its own behave process: its own process group, reports directory and deadline.

The worker is ``python -m behave <location> <the run's arguments> -D reports_dir=<its directory>``: its hooks
write its HTML report, JUnit, rerun file, ``results.json`` and sign-off there (never into the run's reports).
Its output goes to ``output.txt`` there. It runs in a new session, so a Ctrl-C at the terminal reaches only the
runner, and the runner can end it with everything it started: SIGTERM to its process group lets behave mark
the scenario and stop balanz and the simulators; SIGKILL after ``STOP_GRACE`` seconds ends what is left (the
programs behave started die with it: they have a parent-death signal).

The behave process is forked from a server process that has behave and the harness (matplotlib included)
imported already (``multiprocessing``'s forkserver with a preload): importing them is about half of what a short
scenario costs the CPU, and a run starts a behave per scenario. The forked child does what
``python -m behave`` would: a session of its own, its output into ``output.txt``, the run's directory as its
current directory and first on ``sys.path``, behave's exit code as its own (atexit handlers run first). Where
that cannot give the same program - no fork on this platform, or the run's directory holds another copy of the
harness than the runner imported - the worker is ``python -m behave`` in a subprocess, as before.

The verdict comes from the worker's ``results.json``, never from the exit code alone: passed only if behave
said passed for this very scenario and exited 0. A scenario is reported interrupted only if its behave was still
running when the stop was sent: one that had already ended keeps its own verdict.
"""

from __future__ import annotations

import atexit
import contextlib
import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path

from balanz_acceptance.reporting.results import (
    CRASHED,
    INTERRUPTED,
    NOT_RUN,
    TIMED_OUT,
    RunResults,
    ScenarioResult,
)
from balanz_acceptance.runner.listing import Scenario

#: Seconds between SIGTERM and SIGKILL to a worker's process group.
STOP_GRACE = 15.0
#: Seconds to wait for a worker's process group to end after SIGKILL.
KILL_WAIT = 5.0
OUTPUT = "output.txt"
TAIL_LINES = 40
#: What the fork server imports once, so that no scenario's behave imports it again: behave, the hooks and
#: reports environment.py imports (the harness's every layer with them) and matplotlib through the plots.
PRELOAD = ["behave.__main__", "balanz_acceptance.runner.hooks", "balanz_acceptance.reporting.html_report"]


def _behave_child(args: list[str], cwd: str, output: str) -> None:
    """In the forked child: become ``python -m behave <args>`` run in ``cwd`` with its output into ``output``."""
    os.setsid()
    out = os.open(output, os.O_WRONLY | os.O_APPEND)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.dup2(out, 1)
    os.dup2(out, 2)
    os.close(out)
    os.close(devnull)
    os.chdir(cwd)
    sys.path.insert(0, cwd)
    sys.argv = [sys.executable, *args]
    code = 1
    try:
        from behave.__main__ import main

        code = main(args)
    except SystemExit as ended:
        code = ended.code if isinstance(ended.code, int) else 1
    finally:
        with contextlib.suppress(Exception):
            atexit._run_exitfuncs()  # the process stops what it started, as at a normal interpreter exit
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        os._exit(code)


class _ForkedBehave:
    """A behave forked from the fork server, seen through the part of ``subprocess.Popen`` the worker uses."""

    _lock = threading.Lock()

    def __init__(self, context: multiprocessing.context.BaseContext, args: list[str], cwd: Path, output: Path):
        self._process = context.Process(target=_behave_child, args=(args, str(cwd), str(output)), daemon=False)
        with self._lock:
            self._process.start()
        self.pid: int = self._process.pid or 0

    @property
    def returncode(self) -> int | None:
        """The exit code (negative: the signal that ended it), None while it runs."""
        return self._process.exitcode

    def poll(self) -> int | None:
        """The exit code if it ended, else None."""
        return self._process.exitcode

    def wait(self, timeout: float | None = None) -> int:
        """Wait for it to end; ``subprocess.TimeoutExpired`` if it is still running after ``timeout`` seconds."""
        self._process.join(timeout)
        if self._process.exitcode is None:
            raise subprocess.TimeoutExpired("behave", timeout or 0.0)
        return self._process.exitcode


def _signal_group(pid: int, sig: int, resume: bool = True) -> None:
    """Send ``sig`` (and SIGCONT, if ``resume``) to the worker's process group, or to the worker alone if it is
    not yet the leader of a group of its own (a forked behave between its start and its ``setsid``)."""
    for each in (sig, signal.SIGCONT) if resume else (sig,):
        try:
            os.killpg(pid, each)
        except ProcessLookupError:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, each)
        except PermissionError:
            pass


_fork_context: multiprocessing.context.BaseContext | None = None


def fork_context(cwd: Path) -> multiprocessing.context.BaseContext | None:
    """The fork server's context, started with ``PRELOAD`` on first use; None where the worker must be a subprocess."""
    global _fork_context
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return None
    own = Path(__file__).resolve().parents[1]
    other = (cwd / "balanz_acceptance").resolve()
    if other.is_dir() and other != own:  # python -m behave there would import that copy of the harness
        return None
    if _fork_context is None:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
        _fork_context = context
    return _fork_context


@dataclass
class Outcome:
    """What one worker did."""

    scenario: Scenario
    result: ScenarioResult
    seconds: float
    directory: Path
    returncode: int | None

    def tail(self, lines: int = TAIL_LINES) -> str:
        """The last lines of the worker's output."""
        try:
            text = (self.directory / OUTPUT).read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])


class Worker:
    """A behave process running one scenario; ``run`` blocks until it ends, ``stop`` ends it from another thread."""

    def __init__(self, scenario: Scenario, behave_args: list[str], directory: Path, timeout: float, cwd: Path) -> None:
        self.scenario = scenario
        self.directory = directory
        self.timeout = timeout
        self.cwd = cwd
        #: behave's arguments: ``python -m behave <these>``, or a forked behave's ``main(<these>)``.
        self.behave_args = [
            scenario.location,
            *behave_args,
            "-D",
            f"runtime_dir={directory / 'runtime'}",
            "-D",
            f"reports_dir={directory}",
        ]
        self._proc: subprocess.Popen[bytes] | _ForkedBehave | None = None
        self._lock = threading.Lock()
        self._stopping: str | None = None
        #: True once a stop was sent while behave still ran (it did not end on its own).
        self._ended_by_stop = False

    def run(self) -> Outcome:
        """Run the scenario to its end, its timeout or ``stop``; return its outcome."""
        self.directory.mkdir(parents=True, exist_ok=True)
        start = time.monotonic()
        with (self.directory / OUTPUT).open("wb") as output, self._lock:
            context = fork_context(self.cwd)
            if self._stopping is None and context is not None:
                self._proc = _ForkedBehave(context, self.behave_args, self.cwd, self.directory / OUTPUT)
            elif self._stopping is None:
                self._proc = subprocess.Popen(
                    [sys.executable, "-m", "behave", *self.behave_args],
                    cwd=self.cwd,
                    stdout=output,
                    stderr=subprocess.STDOUT,
                    stdin=subprocess.DEVNULL,
                    start_new_session=True,
                )
        timed_out = False
        if self._proc is not None:
            try:
                self._proc.wait(timeout=self.timeout)
            except subprocess.TimeoutExpired:
                timed_out = True
                self.stop(TIMED_OUT)
        seconds = time.monotonic() - start
        returncode = self._proc.returncode if self._proc is not None else None
        result = self._verdict(returncode, timed_out)
        return Outcome(self.scenario, result, seconds, self.directory, returncode)

    def stop(self, why: str = INTERRUPTED) -> None:
        """End the worker and everything in its process group: SIGTERM, then SIGKILL after STOP_GRACE seconds.

        Safe from any thread; a worker not started yet will not start.
        """
        with self._lock:
            if self._stopping is None:
                self._stopping = why
            proc = self._proc
        if proc is None or proc.poll() is not None:
            return
        self._ended_by_stop = True
        for sig, wait in ((signal.SIGTERM, STOP_GRACE), (signal.SIGKILL, KILL_WAIT)):
            _signal_group(proc.pid, sig)
            try:
                proc.wait(timeout=wait)
                break
            except subprocess.TimeoutExpired:
                continue
        _signal_group(proc.pid, signal.SIGKILL, resume=False)  # anything left in its group

    def terminate(self) -> None:
        """Send SIGTERM to the worker's process group now, without waiting (safe in a signal handler)."""
        self._stopping = self._stopping or INTERRUPTED
        proc = self._proc
        if proc is not None and proc.poll() is None:
            self._ended_by_stop = True
            _signal_group(proc.pid, signal.SIGTERM)

    def failed_to_run(self, error: BaseException, seconds: float) -> Outcome:
        """The outcome of a worker the runner could not run to its end (e.g. its process could not be started)."""
        self.stop()
        reason = f"the runner could not run its worker: {type(error).__name__}: {error}"
        result = self._verdict(None, False).with_status(CRASHED, reason)
        return Outcome(self.scenario, result, seconds, self.directory, None)

    def abandoned(self, why: str, seconds: float) -> Outcome:
        """The outcome of a worker the runner stopped waiting for (it did not end within the grace of a stop)."""
        result = self._verdict(None, False).with_status(INTERRUPTED, why)
        return Outcome(self.scenario, result, seconds, self.directory, None)

    def _verdict(self, returncode: int | None, timed_out: bool) -> ScenarioResult:
        scenario = self.scenario
        base = ScenarioResult(
            feature=scenario.feature,
            rule=scenario.rule,
            name=scenario.name,
            status=NOT_RUN,
            location=scenario.location,
            tags=frozenset(scenario.tags),
            report=f"{self.directory.name}/index.html",
        )
        if returncode is None:
            return base.with_status(NOT_RUN, "the run was interrupted before it started")
        if timed_out:
            return base.with_status(TIMED_OUT, f"exceeded its timeout of {self.timeout:.0f}s; killed")
        try:
            results = RunResults.read(self.directory)
        except (OSError, ValueError):
            results = None
        own = next((r for r in results.scenarios if r.location == scenario.location), None) if results else None
        if self._ended_by_stop and self._stopping == INTERRUPTED and not (own and own.passed and returncode == 0):
            return base.with_status(INTERRUPTED, "the run was interrupted while it ran")
        if results is None:
            reason = f"the worker exited with code {returncode} without results; see {self.directory / OUTPUT}"
            return base.with_status(CRASHED, reason)
        if own is None:
            return base.with_status(NOT_RUN, f"behave did not run it (exit code {returncode}); see {OUTPUT}")
        own = replace(own, report=base.report)
        if own.status == "skipped":
            return base.with_status(NOT_RUN, "behave did not select it in its own process (tags, names or paths)")
        if own.passed and returncode != 0:
            return own.with_status("error", f"behave passed it but exited with code {returncode} (hook or clean-up)")
        return own
