"""Run the suite's scenarios in parallel worker processes: ``balanz-acceptance run -j 4 [behave arguments]``.

Run it where behave runs: the features, the test site (``data/``) and the reports are those of the current
directory. Every scenario gets its own balanz and simulators on free ports, so scenarios are independent and can
run side by side. The runner asks behave which scenarios the arguments select (balanz_acceptance.runner.listing),
keeps ``--jobs`` workers busy with one scenario each, longest expected first (balanz_acceptance.runner.schedule),
and writes the run's reports from the workers' ``results.json``: ``results.json``, ``signoff.md``,
``index.html`` (linking every scenario's own HTML report), one JUnit file and ``rerun.txt``, in ``reports_dir``
(``-D reports_dir=...``, default ``reports/``); each worker's own files are under ``parallel/<date>/``.

A scenario passes only if behave said so; a crashed worker, a timeout, a signal and a scenario that did not
run are reported as such. Arguments the runner cannot honour are refused with one line and exit code 2 before
anything starts (balanz_acceptance.runner.arguments), and so are settings behave's hooks would refuse.

SIGINT/SIGTERM at any moment, from the listing to the last report (``Stop``): no new scenario starts, every
running worker's process group is ended (SIGKILL after ``STOP_GRACE`` seconds), every queued scenario is
reported not run, and the summary and reports are still written; a signal during the reports lets them finish.
The runner ends at the latest ``GIVE_UP`` seconds after the signal, plus the time the reports take.
``--shard K/N`` runs one CI shard (its reports in ``<reports_dir>/shard-K-of-N``); ``balanz-acceptance merge``
combines the shards.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import os
import queue
import shlex
import signal
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import FrameType

from balanz_acceptance.core.errors import SetupError
from balanz_acceptance.core.settings import load_settings, reports_dir_of
from balanz_acceptance.core.site import SiteModel
from balanz_acceptance.core.timing import load_profile
from balanz_acceptance.reporting import reactions
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
from balanz_acceptance.runner.arguments import (
    EXIT_BAD_ARGUMENTS,
    VALUE_OPTIONS,
    OneLineParser,
    not_for_parallel,
    positive_int,
    positive_seconds,
    seconds_from_environment,
)
from balanz_acceptance.runner.cpu import CpuGauge
from balanz_acceptance.runner.listing import ListingAbandoned, Scenario, Selection, list_scenarios
from balanz_acceptance.runner.worker import KILL_WAIT, OUTPUT, STOP_GRACE, Outcome, Worker

#: Memory one scenario needs at most: behave, balanz and up to five simulators (measured about 60 MB each).
MEMORY_PER_JOB = 400 * 2**20
#: The environment variable that sets the seconds between two worker starts (default ``START_SPACING``).
#: Starting is the one moment a scenario needs the CPU (behave, balanz and a simulator per charger, each a Python
#: process importing its libraries): spread out, many workers fit on a small machine; started all at once, they
#: starve each other's start-up and balanz's first ticks.
START_SPACING_VARIABLE = "BALANZ_ACCEPTANCE_START_SPACING"
START_SPACING = 0.5
#: A scenario starts only while the CPUs were busy less than this share of the time lately (runner/cpu.py), at
#: least START_SPACING after the one before: start-ups go where the running scenarios leave room.
START_BELOW = 0.9
#: Seconds a start may be held back for want of room; then it starts anyway, and the runner says so once. (Other
#: work on the machine can keep its CPUs busy: the run goes on, slowly, rather than waiting for it.)
HOLD_AT_MOST = 5.0
#: Seconds between starts where the CPUs' load cannot be read (no /proc/stat): the spacing measured before the gate.
BLIND_SPACING = 1.0
#: Seconds after a signal by which the runner stops waiting for anything (the listing, a worker that does not
#: end): a worker's process group gets SIGTERM at once and SIGKILL after STOP_GRACE; this leaves a few seconds
#: more for the kill to be seen.
GIVE_UP = STOP_GRACE + KILL_WAIT + 5.0


def default_jobs() -> int:
    """Scenarios at a time by default: 24 per usable CPU, as far as the available memory allows.

    A scenario mostly waits for balanz's timers (the fast profile's balancing tick is 1 s): its processes are
    idle nearly all the time, and the runner starts one only when the CPUs have room for its start-up
    (START_BELOW, START_SPACING). Measured on 2 cores with 166 scenarios: -j 48 took 3.7 min wall, every
    scenario green, about 2.3 CPU-s per scenario; at -j 32 the slots were the limit (4.0-4.2 min: the long
    scenarios held every slot for a minute while the CPUs idled); at -j 64 three timing-tight scenarios failed.
    Memory is the harder limit: about MEMORY_PER_JOB each.
    """
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    jobs = 24 * cpus
    with contextlib.suppress(OSError, ValueError, StopIteration):
        meminfo = Path("/proc/meminfo").read_text().splitlines()
        available = int(next(line for line in meminfo if line.startswith("MemAvailable:")).split()[1]) * 1024
        jobs = min(jobs, available // MEMORY_PER_JOB)
    return max(1, jobs)


def without_paths(args: list[str], cwd: Path | None = None) -> list[str]:
    """behave arguments minus the feature paths (a scenario's location replaces them)."""
    cwd = cwd or Path.cwd()
    kept: list[str] = []
    takes_value = False
    for arg in args:
        is_path = not takes_value and not arg.startswith("-") and (cwd / arg.split(":")[0]).exists()
        if not is_path:
            kept.append(arg)
        takes_value = arg in VALUE_OPTIONS
    return kept


def parser() -> argparse.ArgumentParser:
    """The options of ``run``; every other argument goes to behave."""
    parsed = OneLineParser(
        prog="balanz-acceptance run",
        description=__doc__.splitlines()[0],
        allow_abbrev=False,
        epilog="Any other argument goes to behave unchanged (-D ..., --tags ..., feature paths).",
    )
    parsed.add_argument(
        "-j",
        "--jobs",
        type=positive_int,
        default=None,
        help=f"scenarios run at the same time, at least 1 (default on this machine: {default_jobs()})",
    )
    parsed.add_argument("--shard", metavar="K/N", help="run shard K of N (a CI matrix); see 'merge'")
    parsed.add_argument(
        "--timeout",
        type=positive_seconds,
        metavar="SECONDS",
        help="kill a scenario after this long, more than 0 (default: derived from the timing profile)",
    )
    return parsed


class Stop:
    """The first SIGINT/SIGTERM of a run, from before the listing to the last report.

    The handler only notes the signal, says what it ends (``doing``) and calls ``on_signal`` (the running
    workers' SIGTERM); each phase of the run looks at ``name`` and starts nothing more once it is set.
    """

    def __init__(self) -> None:
        self.name: str | None = None
        self.at = 0.0
        #: What a signal now ends, for the line the handler writes.
        self.doing: Callable[[], str] = lambda: "starting nothing"
        #: What a signal now does at once (safe in a signal handler).
        self.on_signal: Callable[[], None] = lambda: None

    def handle(self, signum: int, frame: FrameType | None) -> None:
        """The signal handler."""
        name = signal.Signals(signum).name
        if self.name is None:
            self.name, self.at = name, time.monotonic()
            with contextlib.suppress(OSError):
                os.write(2, f"balanz-acceptance: {name} received: {self.doing()}\n".encode())
        self.on_signal()

    def past(self, seconds: float) -> bool:
        """True if a signal came more than ``seconds`` ago."""
        return self.name is not None and time.monotonic() > self.at + seconds

    @property
    def exit_code(self) -> int | None:
        """128 + the signal's number, or None without a signal."""
        return None if self.name is None else 128 + signal.Signals[self.name].value

    @contextlib.contextmanager
    def installed(self) -> Iterator[Stop]:
        """Handle SIGINT and SIGTERM while the block runs; the previous handlers afterwards."""
        previous = {sig: signal.signal(sig, self.handle) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            yield self
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)


class ParallelRun:
    """The workers of one parallel run: started, spaced, stopped on a signal, and their outcomes."""

    def __init__(
        self,
        scenarios: list[Scenario],
        behave_args: list[str],
        jobs: int,
        run_dir: Path,
        timeouts: dict[str, float],
        stop: Stop,
        spacing: float = START_SPACING,
    ) -> None:
        self.pending = list(scenarios)
        self.behave_args = behave_args
        self.jobs = max(1, jobs)
        self.run_dir = run_dir
        self.timeouts = timeouts
        self.stop = stop
        self.spacing = spacing
        self.total = len(scenarios)
        self.running: dict[str, Worker] = {}
        self.outcomes: list[Outcome] = []
        self._done: queue.Queue[Outcome] = queue.Queue()
        self._index = 0
        self._next_start = 0.0
        self._stopping = False
        self._cpu = CpuGauge()
        if not self._cpu.readable:
            self.spacing = max(self.spacing, BLIND_SPACING)
        self._held_since: float | None = None
        self._said_held = False

    def terminate(self) -> None:
        """SIGTERM to every running worker's process group, at once (safe in a signal handler)."""
        for worker in list(self.running.values()):
            worker.terminate()

    def doing(self) -> str:
        """What a signal ends now."""
        return f"ending {len(self.running)} running scenarios, starting none of {len(self.pending)} queued"

    def run(self) -> list[Outcome]:
        """Run every scenario (or until a signal); return the outcomes in the order they finished.

        After a signal every queued scenario is reported not run at once (whether or not a worker runs), the
        running ones are ended, and a worker that has not ended ``GIVE_UP`` seconds after the signal is reported
        interrupted without waiting more.
        """
        self.stop.doing, self.stop.on_signal = self.doing, self.terminate
        while self.pending or self.running:
            if self.stop.name is None:
                self._start_due()
            else:
                self._stop_everything()
                if self.stop.past(GIVE_UP):
                    self._abandon_running()
                    break
            wait = 0.5 if self.stop.name is not None or not self.pending else self._next_start - time.monotonic()
            try:
                outcome = self._done.get(timeout=min(0.5, max(0.05, wait)))
            except queue.Empty:
                continue
            self.running.pop(outcome.scenario.location, None)
            self._finished(outcome)
        return self.outcomes

    def _start_due(self) -> None:
        if not (self.pending and len(self.running) < self.jobs and time.monotonic() >= self._next_start):
            return
        now = time.monotonic()
        if self.running and not self._cpu.has_room(START_BELOW):
            self._held_since = self._held_since or now
            if now - self._held_since < HOLD_AT_MOST:
                self._next_start = now + min(self.spacing, 0.25)  # look again soon
                return
            if not self._said_held:
                self._said_held = True
                print(f"the CPUs stay busy: starting scenarios {HOLD_AT_MOST:g} s apart at most", flush=True)
        self._held_since = None
        self._start(self.pending.pop(0))
        self._next_start = time.monotonic() + self.spacing

    def _stop_everything(self) -> None:
        """Once, after a signal: every queued scenario not run, every running worker stopped (SIGKILL after the
        grace)."""
        if self._stopping:
            return
        self._stopping = True
        for scenario in self.pending:
            self._finished(self._not_started(scenario))
        self.pending.clear()
        for worker in list(self.running.values()):  # SIGTERM was sent by the handler; SIGKILL after the grace
            threading.Thread(target=worker.stop, daemon=True).start()

    def _abandon_running(self) -> None:
        for worker in list(self.running.values()):
            why = f"it did not end within {GIVE_UP:.0f}s of {self.stop.name}; left to the operating system"
            self._finished(worker.abandoned(why, time.monotonic() - self.stop.at))
        self.running.clear()

    def _start(self, scenario: Scenario) -> None:
        self._index += 1
        directory = self.run_dir / f"{self._index:03d}"
        worker = Worker(scenario, self.behave_args, directory, self.timeouts[scenario.location], Path.cwd())
        self.running[scenario.location] = worker
        threading.Thread(target=self._run_worker, args=(worker,), daemon=True).start()

    def _run_worker(self, worker: Worker) -> None:
        """A worker's thread: its outcome, whatever happens (a worker that cannot run is reported crashed)."""
        started = time.monotonic()
        try:
            outcome = worker.run()
        except Exception as error:
            outcome = worker.failed_to_run(error, time.monotonic() - started)
        self._done.put(outcome)

    def _not_started(self, scenario: Scenario) -> Outcome:
        result = ScenarioResult(
            feature=scenario.feature,
            rule=scenario.rule,
            name=scenario.name,
            status=NOT_RUN,
            location=scenario.location,
            tags=frozenset(scenario.tags),
            reason=f"the run was ended by {self.stop.name} before it started",
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


@dataclass
class Plan:
    """What a run will do, decided before anything starts."""

    selection: Selection
    #: The scenarios of this run (a shard's share of the selection), longest expected first.
    scenarios: list[Scenario]
    reports_dir: Path
    timing: str
    stack: str
    timeouts: dict[str, float] = field(default_factory=dict)
    jobs: int = 1
    shard: tuple[int, int] | None = None


def run(argv: list[str], command: str = "balanz-acceptance run") -> int:
    """``balanz-acceptance run``: returns the exit code (0 when every selected scenario passed, 2 for bad input,
    128 + the signal's number after SIGINT/SIGTERM)."""
    own, behave_args = parser().parse_known_args(argv)
    started = time.monotonic()
    try:
        if problem := not_for_parallel(behave_args):
            raise SetupError(problem)
        shard = schedule.parse_shard(own.shard) if own.shard else None
        spacing = seconds_from_environment(START_SPACING_VARIABLE, START_SPACING)
    except (SetupError, ValueError) as error:
        return _refused(error)
    with Stop().installed() as stop:
        stop.doing = lambda: "starting none of the scenarios behave is listing"
        try:
            selection = list_scenarios(behave_args, Path.cwd(), give_up=lambda: stop.past(GIVE_UP))
            plan = _plan(own, selection, shard)
        except ListingAbandoned:
            print(f"balanz-acceptance: behave's listing did not end within {GIVE_UP:.0f}s of {stop.name}", flush=True)
            plan = Plan(Selection([]), [], reports_dir_of(_defines(behave_args)), "", "")
        except (SetupError, ValueError) as error:
            return _refused(error)
        clear_previous(plan.reports_dir)
        outcomes: list[Outcome] = []
        if plan.scenarios or stop.name is None:
            run_dir = _new_directory(plan.reports_dir / "parallel" / time.strftime("%Y%m%d-%H%M%S"))
            shard_text = f" (shard {plan.shard[0]}/{plan.shard[1]})" if plan.shard else ""
            print(
                f"{len(plan.scenarios)} scenarios{shard_text}, {plan.jobs} at a time; reports in {plan.reports_dir}",
                flush=True,
            )
            parallel = ParallelRun(
                plan.scenarios, without_paths(behave_args), plan.jobs, run_dir, plan.timeouts, stop, spacing
            )
            outcomes = parallel.run()
        stop.doing, stop.on_signal = lambda: "writing the reports; the run ends when they are written", lambda: None
        results = _report(plan, outcomes, time.monotonic() - started, shlex.join([*command.split(), *argv]))
    if stop.exit_code is not None:
        return stop.exit_code
    if not results:
        return 0 if plan.shard else 1  # a shard may get nothing; a run that checks nothing signs nothing off
    return 0 if all_passed(results) else 1


def _plan(own: argparse.Namespace, selection: Selection, shard: tuple[int, int] | None) -> Plan:
    """Settings checked as behave's hooks check them, the run's scenarios in order, their timeouts, the jobs.

    SetupError (one line) for anything a worker would refuse, before any worker starts.
    """
    settings = load_settings(selection.userdata)
    profile = load_profile(settings.data_dir, settings.timing, settings.timeout_factor)
    site = SiteModel(settings.data_dir / "model")
    reports_dir = settings.reports_dir
    try:
        reports_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise SetupError(f"reports_dir: cannot write to {reports_dir}: {error.strerror or error}") from None
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
    if not settings.managed and jobs > 1:
        print("An external stack is one site shared by every scenario: running them one at a time (-j 1).")
        jobs = 1
    ordered = schedule.longest_first(scenarios, expected)
    return Plan(selection, ordered, reports_dir, profile.name, settings.stack, timeouts, jobs, shard)


def _report(plan: Plan, outcomes: list[Outcome], wall: float, command: str) -> list[ScenarioResult]:
    """Write the run's reports from its outcomes, print the summary; returns the results."""
    order = {s.location: i for i, s in enumerate(plan.selection.scenarios)}
    outcomes = sorted(outcomes, key=lambda o: order[o.scenario.location])
    results = [replace(o.result, seconds=round(o.seconds, 1), report=_relative(o, plan.reports_dir)) for o in outcomes]
    facts = _facts(outcomes, plan, wall, command)
    shard = f"{plan.shard[0]}/{plan.shard[1]}" if plan.shard else ""
    combined = RunResults(facts, results, [s.location for s in plan.selection.scenarios], shard)
    write_combined_reports(
        plan.reports_dir,
        combined,
        [p for o in outcomes for p in (o.directory / JUNIT_DIR).glob("*.xml") if o.returncode is not None],
        "balanz acceptance: parallel run",
    )
    if plan.timing:
        passed = {o.scenario.key: o.seconds for o in outcomes if o.result.passed}
        schedule.save_durations(plan.reports_dir, plan.timing, passed)
    _summary(results, plan.selection.skipped, wall, plan.jobs)
    for line in reactions.write(sorted({o.directory for o in outcomes}), plan.reports_dir):
        print(line)
    print(f"Sign-off summary: {plan.reports_dir / 'signoff.md'}; HTML index: {plan.reports_dir / 'index.html'}")
    sys.stdout.flush()
    return results


def _refused(error: Exception) -> int:
    """Bad input: one line on stderr, exit code 2 (nothing was started)."""
    line = " ".join(f"balanz-acceptance: {error}".split())
    print(line, file=sys.stderr, flush=True)
    return EXIT_BAD_ARGUMENTS


def _defines(behave_args: list[str]) -> dict[str, str]:
    """The ``-D key=value`` userdata of a command line (when behave's listing could not resolve it)."""
    found: dict[str, str] = {}
    for option, value in itertools.pairwise(behave_args):
        if option in ("-D", "--define"):
            key, _, text = value.partition("=")
            found[key] = text
    for arg in behave_args:
        if arg.startswith("--define="):
            key, _, text = arg.removeprefix("--define=").partition("=")
            found[key] = text
    return found


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


def _facts(outcomes: list[Outcome], plan: Plan, wall: float, command: str) -> RunFacts:
    """The run's facts from the workers' results.json (balanz's version from one that reached balanz)."""
    facts = [RunResults.read(o.directory).facts for o in outcomes if (o.directory / "results.json").is_file()]
    reached = [f for f in facts if not f.balanz_version.startswith("not reached")] or facts
    first = reached[0] if reached else None
    return RunFacts(
        balanz_version=first.balanz_version if first else "not reached (no worker reported)",
        ocppsim_version=first.ocppsim_version if first else "unknown",
        timing=plan.timing or "not known (the run ended before behave listed its scenarios)",
        stack=plan.stack or "not known",
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
