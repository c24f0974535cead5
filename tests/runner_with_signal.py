"""``balanz-acceptance run`` with a signal at one chosen moment, for tests/test_runner_signals.py.

``python -m tests.runner_with_signal MOMENT SIGNAL <run arguments>`` runs the console script's ``main`` with one
seam of the runner wrapped so that the process sends itself SIGNAL (e.g. SIGTERM) at MOMENT:

* ``listing``: just after behave's listing (the dry run) started, to the whole process group, as a terminal's
  Ctrl-C does (start this in a session of its own);
* ``listing-hangs``: the listing never ends (a process that sleeps stands in for behave's dry run), the signal
  just after it started, and the runner gives up waiting after 1 s instead of ``GIVE_UP``;
* ``between-starts``: once the first worker's scenario runs (its group watch started), while the next waits
  for its start (give a long ``BALANZ_ACCEPTANCE_START_SPACING``);
* ``idle``: just after the first scenario's outcome is reported, while no scenario runs and the next waits for
  its start;
* ``last-ends``: just after the last worker's behave exited, before the runner has its outcome;
* ``reports``: as the runner starts writing the run's reports.

It writes ``signal sent at <time.time()>`` to stderr when it sends the signal.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from typing import Any

from balanz_acceptance.runner import cli, listing, parallel, worker
from tests.fakes import poll_until


def send(sig: signal.Signals, group: bool = False) -> None:
    """Send ``sig`` to this process (or its whole process group) and say when."""
    print(f"signal sent at {time.time()}", file=sys.stderr, flush=True)
    if group:
        os.killpg(0, sig)
    else:
        os.kill(os.getpid(), sig)


def arm(moment: str, sig: signal.Signals) -> None:
    """Wrap the seam of ``moment`` so that it sends ``sig``."""
    if moment in ("listing", "listing-hangs"):
        start_listing = listing.start_listing

        def started(command: list[str], cwd: Any, output: Any) -> subprocess.Popen[bytes]:
            if moment == "listing-hangs":
                command = [sys.executable, "-c", "import time; time.sleep(600)"]
                parallel.GIVE_UP = 1.0
            proc = start_listing(command, cwd, output)
            send(sig, group=True)
            return proc

        listing.start_listing = started
    elif moment in ("between-starts", "last-ends"):
        run = worker.Worker.run

        def running(self: worker.Worker) -> worker.Outcome:
            if moment == "between-starts" and self.directory.name == "001":
                threading.Thread(target=_when_scenario_runs, args=(self, sig), daemon=True).start()
            outcome = run(self)
            if moment == "last-ends":
                send(sig)
            return outcome

        worker.Worker.run = running  # type: ignore[method-assign]
    elif moment == "idle":
        finished = parallel.ParallelRun._finished

        def reported(self: parallel.ParallelRun, outcome: worker.Outcome) -> None:
            finished(self, outcome)
            if len(self.outcomes) == 1:
                send(sig)

        parallel.ParallelRun._finished = reported  # type: ignore[method-assign]
    elif moment == "reports":
        write = parallel.write_combined_reports

        def writing(*args: Any, **kwargs: Any) -> None:
            send(sig)
            write(*args, **kwargs)

        parallel.write_combined_reports = writing
    else:
        raise SystemExit(f"unknown moment {moment!r}")


def _when_scenario_runs(running: worker.Worker, sig: signal.Signals) -> None:
    def watching() -> bool:
        logs = running.directory.glob("runtime/*/*/scenario.log")
        return any("group watch on HQ started" in log.read_text(errors="replace") for log in logs)

    if poll_until(watching, timeout=60, every=0.05):
        send(sig)


def main() -> int:
    """Arm the moment, then run ``balanz-acceptance run`` with the remaining arguments."""
    moment, name, *args = sys.argv[1:]
    arm(moment, signal.Signals[name])
    return cli.main(["run", *args])


if __name__ == "__main__":
    raise SystemExit(main())
