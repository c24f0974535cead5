"""One scenario in its own behave process: its own process group, reports directory and deadline.

The worker is ``python -m behave <location> <the run's arguments> -D reports_dir=<its directory>``: its hooks
write its HTML report, JUnit, rerun file, ``results.json`` and sign-off there (never into the run's reports).
Its output goes to ``output.txt`` there. It runs in a new session, so a Ctrl-C at the terminal reaches only the
runner, and the runner can end it with everything it started: SIGTERM to its process group lets behave mark
the scenario and stop balanz and the simulators; SIGKILL after ``STOP_GRACE`` seconds ends what is left (the
programs behave started die with it: they have a parent-death signal).

The verdict comes from the worker's ``results.json``, never from the exit code alone: passed only if behave
said passed for this very scenario and exited 0. A scenario is reported interrupted only if its behave was still
running when the stop was sent: one that had already ended keeps its own verdict.
"""

from __future__ import annotations

import contextlib
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
        self.command = [
            sys.executable,
            "-m",
            "behave",
            scenario.location,
            *behave_args,
            "-D",
            f"runtime_dir={directory / 'runtime'}",
            "-D",
            f"reports_dir={directory}",
        ]
        self._proc: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()
        self._stopping: str | None = None
        #: True once a stop was sent while behave still ran (it did not end on its own).
        self._ended_by_stop = False

    def run(self) -> Outcome:
        """Run the scenario to its end, its timeout or ``stop``; return its outcome."""
        self.directory.mkdir(parents=True, exist_ok=True)
        start = time.monotonic()
        with (self.directory / OUTPUT).open("wb") as output, self._lock:
            if self._stopping is None:
                self._proc = subprocess.Popen(
                    self.command,
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
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, sig)
                os.killpg(proc.pid, signal.SIGCONT)
            try:
                proc.wait(timeout=wait)
                break
            except subprocess.TimeoutExpired:
                continue
        with contextlib.suppress(ProcessLookupError, PermissionError):  # anything left in its group
            os.killpg(proc.pid, signal.SIGKILL)

    def terminate(self) -> None:
        """Send SIGTERM to the worker's process group now, without waiting (safe in a signal handler)."""
        self._stopping = self._stopping or INTERRUPTED
        proc = self._proc
        if proc is not None and proc.poll() is None:
            self._ended_by_stop = True
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGTERM)
                os.killpg(proc.pid, signal.SIGCONT)

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
