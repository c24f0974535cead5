"""Run the suite's scenarios in parallel worker processes: ``balanz-acceptance run -j 4 [behave arguments]``.

Run it where behave runs (the project's root). Every scenario gets its own balanz and simulators on free ports,
so scenarios are independent and can run side by side. The runner asks behave which scenarios the arguments
select (balanz_acceptance.runner.listing), keeps ``--jobs`` workers busy with one scenario each, longest
expected first (balanz_acceptance.runner.schedule), and writes the run's reports from the workers'
``results.json``: ``results.json``, ``signoff.md``, ``index.html`` (linking every scenario's own HTML report),
one JUnit file and ``rerun.txt``, in ``reports_dir`` (``-D reports_dir=...``, default ``reports/``); each
worker's own files are under ``parallel/<date>/``.

A scenario passes only if behave said so; a crashed worker, a timeout, a signal and a scenario that did not
run are reported as such. SIGINT/SIGTERM: no new scenario starts, every worker's process group is ended, and
the summary and sign-off are still written with the interrupted scenarios marked. ``--shard K/N`` runs one
CI shard (its reports in ``<reports_dir>/shard-K-of-N``); ``balanz-acceptance merge`` combines the shards.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import queue
import shlex
import signal
import sys
import threading
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path
from types import FrameType

from balanz_acceptance.core.errors import SetupError
from balanz_acceptance.core.settings import PROJECT_ROOT, Settings
from balanz_acceptance.core.site import SiteModel
from balanz_acceptance.core.timing import load_profile
from balanz_acceptance.reporting.outputs import JUNIT_DIR, clear_previous, write_combined_reports
from balanz_acceptance.reporting.results import (
    CRASHED,
    NOT_RUN,
    TIMED_OUT,
    RunFacts,
    RunResults,
    ScenarioResult,
    all_passed,
)
from balanz_acceptance.runner import schedule
from balanz_acceptance.runner.listing import Scenario, list_scenarios
from balanz_acceptance.runner.worker import OUTPUT, Outcome, Worker

#: Memory one scenario needs at most: behave, balanz and up to five simulators (measured about 60 MB each).
MEMORY_PER_JOB = 400 * 2**20
#: Seconds between two worker starts. Starting is the one moment a scenario needs the CPU (behave, balanz and a
#: simulator per charger, each a Python process importing its libraries): spread out, many workers fit on a
#: small machine; started all at once, they starve each other's start-up and balanz's first ticks.
START_SPACING = float(os.environ.get("BALANZ_ACCEPTANCE_START_SPACING", "1.0"))

#: behave options that take a value as the next argument.
_VALUE_OPTIONS = {
    "-D",
    "--define",
    "-t",
    "--tags",
    "-n",
    "--name",
    "-i",
    "--include",
    "-e",
    "--exclude",
    "-f",
    "--format",
    "-o",
    "--outfile",
    "-k",
    "--stage",
    "--lang",
    "-l",
    "--logging-level",
    "--junit-directory",
}


def default_jobs() -> int:
    """Scenarios at a time by default: 12 per usable CPU, as far as the available memory allows.

    A scenario mostly waits for balanz's timers (the fast profile's balancing tick is 1 s): its processes are
    idle nearly all the time, and the runner spaces their start-ups (START_SPACING). Measured on 2 cores: the
    whole default suite used about 1.2 CPUs on average at -j 24 (3.7 min wall, every scenario green) and
    1.1 at -j 16 (4.9 min). Memory is the harder limit: about MEMORY_PER_JOB each.
    """
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    jobs = 12 * cpus
    with contextlib.suppress(OSError, ValueError, StopIteration):
        meminfo = Path("/proc/meminfo").read_text().splitlines()
        available = int(next(line for line in meminfo if line.startswith("MemAvailable:")).split()[1]) * 1024
        jobs = min(jobs, available // MEMORY_PER_JOB)
    return max(1, jobs)


def without_paths(args: list[str], cwd: Path = PROJECT_ROOT) -> list[str]:
    """behave arguments minus the feature paths (a scenario's location replaces them)."""
    kept: list[str] = []
    takes_value = False
    for arg in args:
        is_path = not takes_value and not arg.startswith("-") and (cwd / arg.split(":")[0]).exists()
        if not is_path:
            kept.append(arg)
        takes_value = arg in _VALUE_OPTIONS
    return kept


def parser() -> argparse.ArgumentParser:
    """The options of ``run``; every other argument goes to behave."""
    parsed = argparse.ArgumentParser(
        prog="balanz-acceptance run",
        description=__doc__.splitlines()[0],
        allow_abbrev=False,
        epilog="Any other argument goes to behave unchanged (-D ..., --tags ..., feature paths).",
    )
    parsed.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=None,
        help=f"scenarios run at the same time (default on this machine: {default_jobs()})",
    )
    parsed.add_argument("--shard", metavar="K/N", help="run shard K of N (a CI matrix); see 'merge'")
    parsed.add_argument(
        "--timeout",
        type=float,
        metavar="SECONDS",
        help="kill a scenario after this long (default: derived from the timing profile)",
    )
    return parsed


class ParallelRun:
    """One parallel run: workers, signals, and the reports at the end."""

    def __init__(
        self, scenarios: list[Scenario], behave_args: list[str], jobs: int, run_dir: Path, timeouts: dict[str, float]
    ) -> None:
        self.pending = list(scenarios)
        self.behave_args = behave_args
        self.jobs = max(1, jobs)
        self.run_dir = run_dir
        self.timeouts = timeouts
        self.total = len(scenarios)
        self.running: dict[str, Worker] = {}
        self.outcomes: list[Outcome] = []
        self.signal_name: str | None = None
        self._done: queue.Queue[Outcome] = queue.Queue()
        self._index = 0
        self._next_start = 0.0

    def on_signal(self, signum: int, frame: FrameType | None) -> None:
        """SIGINT/SIGTERM: start nothing more and end every worker's process group (escalation in ``run``)."""
        name = signal.Signals(signum).name
        if self.signal_name is None:
            with contextlib.suppress(OSError):
                os.write(
                    2,
                    f"balanz-acceptance: {name} received: ending {len(self.running)} running "
                    f"scenarios, starting none of {len(self.pending)} queued\n".encode(),
                )
        self.signal_name = self.signal_name or name
        for worker in list(self.running.values()):
            worker.terminate()

    def run(self) -> list[Outcome]:
        """Run every scenario (or until a signal); return the outcomes in the order they finished."""
        escalated = False
        while self.pending or self.running:
            while (
                self.pending
                and len(self.running) < self.jobs
                and self.signal_name is None
                and time.monotonic() >= self._next_start
            ):
                self._start(self.pending.pop(0))
                self._next_start = time.monotonic() + START_SPACING
            if self.signal_name is not None and not escalated:
                escalated = True
                for worker in list(self.running.values()):  # SIGTERM was sent; SIGKILL after the grace
                    threading.Thread(target=worker.stop, daemon=True).start()
            try:
                outcome = self._done.get(timeout=min(0.5, max(0.05, self._next_start - time.monotonic())))
            except queue.Empty:
                continue
            self.running.pop(outcome.scenario.location, None)
            self._finished(outcome)
            if self.signal_name is not None and self.pending:
                for scenario in self.pending:
                    self._finished(self._not_started(scenario))
                self.pending.clear()
        return self.outcomes

    def _start(self, scenario: Scenario) -> None:
        self._index += 1
        directory = self.run_dir / f"{self._index:03d}"
        worker = Worker(scenario, self.behave_args, directory, self.timeouts[scenario.location], Path.cwd())
        self.running[scenario.location] = worker
        threading.Thread(target=lambda: self._done.put(worker.run()), daemon=True).start()

    def _not_started(self, scenario: Scenario) -> Outcome:
        result = ScenarioResult(
            feature=scenario.feature,
            rule=scenario.rule,
            name=scenario.name,
            status=NOT_RUN,
            location=scenario.location,
            tags=frozenset(scenario.tags),
            reason=f"the run was ended by {self.signal_name} before it started",
        )
        return Outcome(scenario, result, 0.0, self.run_dir, None)

    def _finished(self, outcome: Outcome) -> None:
        self.outcomes.append(outcome)
        result = outcome.result
        line = (
            f"[{len(self.outcomes):3d}/{self.total}] {result.status.upper():11s} {outcome.seconds:6.1f}s  "
            f"{result.location}  {result.name}"
        )
        print(line, flush=True)
        if not result.passed:
            print(f"      {result.verdict}" + (f": {result.reason}" if result.outcome == "failed" else ""), flush=True)
            if outcome.returncode is not None and result.status in (CRASHED, TIMED_OUT, "error", NOT_RUN):
                print(f"      --- last lines of {outcome.directory / 'output.txt'} ---", flush=True)
                print("\n".join(f"      {line}" for line in outcome.tail().splitlines()), flush=True)


def run(argv: list[str], command: str = "balanz-acceptance run") -> int:
    """``balanz-acceptance run``: returns the exit code (0 when every selected scenario passed)."""
    own, behave_args = parser().parse_known_args(argv)
    started = time.monotonic()
    try:
        selection = list_scenarios(behave_args, Path.cwd())
        userdata = selection.userdata
        profile = load_profile(
            PROJECT_ROOT / "data", userdata.get("timing", "fast"), float(userdata.get("timeout_factor", "1"))
        )
        site = SiteModel(PROJECT_ROOT / "data" / "model")
        shard = schedule.parse_shard(own.shard) if own.shard else None
    except (SetupError, ValueError) as error:
        print(f"balanz-acceptance: {error}", file=sys.stderr)
        return 2
    reports_dir = Path(userdata.get("reports_dir", Settings.reports_dir)).expanduser().resolve()
    scenarios = selection.scenarios
    estimates = {s.location: schedule.estimate(s, profile) for s in scenarios}
    if shard is not None:
        reports_dir = reports_dir / f"shard-{shard[0]}-of-{shard[1]}"
        scenarios = schedule.shard(scenarios, estimates, *shard)
    measured = schedule.load_durations(reports_dir, profile.name)
    expected = {s.location: measured.get(s.key, estimates[s.location]) for s in scenarios}
    if own.timeout:
        timeouts = {s.location: own.timeout for s in scenarios}
    else:
        timeouts = {s.location: schedule.timeout_for(s, profile, site, measured.get(s.key)) for s in scenarios}
    jobs = own.jobs or default_jobs()
    if userdata.get("stack", "managed") != "managed" and jobs > 1:
        print("An external stack is one site shared by every scenario: running them one at a time (-j 1).")
        jobs = 1
    clear_previous(reports_dir)
    run_dir = _new_directory(reports_dir / "parallel" / time.strftime("%Y%m%d-%H%M%S"))
    shard_text = f" (shard {shard[0]}/{shard[1]})" if shard else ""
    print(f"{len(scenarios)} scenarios{shard_text}, {jobs} at a time; reports in {reports_dir}", flush=True)
    parallel = ParallelRun(
        schedule.longest_first(scenarios, expected), without_paths(behave_args, Path.cwd()), jobs, run_dir, timeouts
    )
    previous = {sig: signal.signal(sig, parallel.on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        outcomes = parallel.run()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    wall = time.monotonic() - started
    order = {s.location: i for i, s in enumerate(scenarios)}
    outcomes.sort(key=lambda o: order[o.scenario.location])
    results = [replace(o.result, seconds=round(o.seconds, 1), report=_relative(o, reports_dir)) for o in outcomes]
    facts = _facts(outcomes, userdata, wall, shlex.join([*command.split(), *argv]))
    combined = RunResults(
        facts, results, [s.location for s in selection.scenarios], f"{shard[0]}/{shard[1]}" if shard else ""
    )
    write_combined_reports(
        reports_dir,
        combined,
        [p for o in outcomes for p in (o.directory / JUNIT_DIR).glob("*.xml") if o.returncode is not None],
        "balanz acceptance: parallel run",
    )
    schedule.save_durations(reports_dir, profile.name, {o.scenario.key: o.seconds for o in outcomes if o.result.passed})
    _summary(results, selection.skipped, wall, jobs)
    print(f"Sign-off summary: {reports_dir / 'signoff.md'}; HTML index: {reports_dir / 'index.html'}", flush=True)
    if parallel.signal_name is not None:
        return 128 + signal.Signals[parallel.signal_name].value
    if not results:
        return 0 if shard else 1  # a shard may get nothing; a run that checks nothing signs nothing off
    return 0 if all_passed(results) else 1


def _new_directory(path: Path) -> Path:
    """``path``, or ``path-2``, ``path-3`` ... if a run in the same second made it (never shared)."""
    candidate, n = path, 1
    while True:
        try:
            candidate.mkdir(parents=True)
            return candidate
        except FileExistsError:
            n += 1
            candidate = path.with_name(f"{path.name}-{n}")


def _relative(outcome: Outcome, reports_dir: Path) -> str:
    """The scenario's own HTML report, relative to the run's reports; its output if it wrote no report."""
    if outcome.returncode is None:
        return ""
    report = outcome.directory / "index.html"
    if not report.is_file() or report.stat().st_size == 0:
        report = outcome.directory / OUTPUT
    return os.path.relpath(report, reports_dir)


def _facts(outcomes: list[Outcome], userdata: dict[str, str], wall: float, command: str) -> RunFacts:
    """The run's facts from the workers' results.json (balanz's version from one that reached balanz)."""
    facts = [RunResults.read(o.directory).facts for o in outcomes if (o.directory / "results.json").is_file()]
    reached = [f for f in facts if not f.balanz_version.startswith("not reached")] or facts
    first = reached[0] if reached else None
    return RunFacts(
        balanz_version=first.balanz_version if first else "not reached (no worker reported)",
        ocppsim_version=first.ocppsim_version if first else "unknown",
        timing=userdata.get("timing", "fast"),
        stack=userdata.get("stack", "managed"),
        command=command,
        wall_seconds=wall,
    )


def _summary(results: list[ScenarioResult], skipped: int, wall: float, jobs: int) -> None:
    """behave-style summary lines, counted from the results (nothing assumed)."""
    by_feature: dict[str, list[ScenarioResult]] = {}
    for result in results:
        by_feature.setdefault(result.location.rsplit(":", 1)[0], []).append(result)
    outcome = Counter(r.outcome for r in results)
    features = Counter(
        "failed"
        if any(r.outcome == "failed" for r in rs)
        else "untested"
        if any(r.outcome == "not run" for r in rs)
        else "passed"
        for rs in by_feature.values()
    )
    details = Counter(r.status.replace("_", " ") for r in results if r.outcome in ("failed", "not run"))
    shown = f" ({', '.join(f'{n} {s}' for s, n in details.items())})" if set(details) - {"failed"} else ""
    plural = "" if outcome["passed"] == 1 else "s"
    print()
    print(
        f"{features['passed']} feature{'' if features['passed'] == 1 else 's'} passed, {features['failed']} failed, "
        f"{features['untested']} untested"
    )
    skipped += outcome["not checked"]  # skipped on purpose by the hooks (e.g. on an external stack)
    print(
        f"{outcome['passed']} scenario{plural} passed, {outcome['failed']} failed, {skipped} skipped, "
        f"{outcome['not run']} untested{shown}"
    )
    print(f"Took {int(wall // 60)}min {wall % 60:.3f}s (wall, parallel, -j {jobs})")
    failing = [r.location for r in results if r.outcome in ("failed", "not run")]
    if failing:
        print("Failing scenarios (also in rerun.txt):\n" + "\n".join(f"  {loc}" for loc in failing))


def main(argv: list[str] | None = None) -> int:
    """``python -m balanz_acceptance.runner.parallel``: the same as ``balanz-acceptance run``."""
    return run(sys.argv[1:] if argv is None else argv, "python -m balanz_acceptance.runner.parallel")


if __name__ == "__main__":
    raise SystemExit(main())
