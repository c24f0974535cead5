"""Bad input ends a whole behave run within 20 s (beyond what starting behave costs on this machine at the
moment: a dry run of a like project, run just after the cases, measures that): exit code 2, one line on
stderr that starts with ``balanz-acceptance: `` and names the problem, no traceback, nothing left running.
A system under test that does not start fails the scenario that needed it with such a line, and the run goes
on with the next one.

Every case is one ``python -m behave`` run in a temporary project against the stand-ins
(tests/standin_run.py), with behave's default output capture on (as a user runs it). The runs go in
parallel, once for the module; the tests then check their results.
"""

from __future__ import annotations

import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from balanz_acceptance.runner.hooks import EXIT_SETUP_ERROR
from balanz_acceptance.sut.processes import free_port
from tests.standin_run import Project, make_project

DEADLINE = 20.0
IDLE = """Feature: Stand-in idles
  Scenario: HQ-14 is idle
    Given HQ-14 is available
"""
#: Two scenarios: a stack that does not start fails each, and the run goes on from the first to the second.
TWO = (
    IDLE
    + """
  Scenario: HQ-14 is idle again
    Given HQ-14 is available
"""
)


@dataclass(frozen=True)
class Case:
    """One run: what it changes, and the words its error line must hold."""

    expected: tuple[str, ...]
    userdata: tuple[str, ...] = ()
    env: dict[str, str] = field(default_factory=dict)
    feature: str = IDLE
    #: A row appended to the project's copy of data/model/chargers.csv (the run then uses that copy).
    charger_row: str | None = None
    #: The stack does not start: each scenario fails with the line, and the run goes on.
    startup: bool = False


UNKNOWN_PORT = free_port()
CASES: dict[str, Case] = {
    # --- the interpreter and the programs
    "sut_python missing": Case(
        ("sut_python: /nonexistent/python does not exist",), ("sut_python=/nonexistent/python",)
    ),
    "sut_python without balanz": Case(("cannot import balanz", "balanz_src"), env={"STANDIN_PYTHON": "no-balanz"}),
    "sut_python without ocppsim": Case(("cannot import ocppsim", "ocppsim_src"), env={"STANDIN_PYTHON": "no-ocppsim"}),
    "sut_python too old": Case(("is Python 3.11", ">= 3.13"), env={"STANDIN_PYTHON": "old"}),
    "balanz_src without balanz.py": Case(("balanz_src: ", "has no balanz.py"), ("balanz_src={empty}",)),
    "ocppsim_src without ocppsim.py": Case(("ocppsim_src: ", "has no ocppsim.py"), ("ocppsim_src={empty}",)),
    # --- a stack that will not start: each scenario fails, the run goes on
    "balanz exits during start-up": Case(
        ("balanz exited during start-up (exit code 3)", "logs/balanz.log", "cannot open the charger port"),
        env={"STANDIN_BALANZ": "exit-at-start"},
        feature=TWO,
        startup=True,
    ),
    "balanz never answers its API": Case(
        ("balanz did not answer its API at ws://127.0.0.1:", "within 3s"),
        ("timeout_factor=0.3",),  # the deadlines short: each of the two scenarios waits them out
        env={"STANDIN_BALANZ": "no-api"},
        feature=TWO,
        startup=True,
    ),
    "simulator exits during start-up": Case(
        ("simulator HQ-14 exited during start-up (exit code 3)",),
        env={"STANDIN_SIM": "exit-at-start"},
        feature=TWO,
        startup=True,
    ),
    "simulator never Available": Case(
        ("simulator HQ-14 did not become Available within 3s (status Preparing)", "ocppsim-HQ-14.log"),
        ("timeout_factor=0.3",),
        env={"STANDIN_SIM": "never-available"},
        feature=TWO,
        startup=True,
    ),
    "external stack unreachable": Case(
        (f"balanz_url: balanz is not reachable at ws://127.0.0.1:{UNKNOWN_PORT}",),
        ("stack=external", f"balanz_url=ws://127.0.0.1:{UNKNOWN_PORT}"),
        feature=TWO,
        startup=True,
    ),
    # --- configuration
    "unknown userdata key": Case(
        ("unknown userdata key 'no_such_key'", "valid keys are: sut_python, balanz_src"), ("no_such_key=1",)
    ),
    # --- data/ and the features
    "charger in a missing group": Case(
        ("charger RR2-09 names group 'RR9', which is not in groups.csv",),
        charger_row="TACW000000G000,RR2-09,RR9,1,1,a charger of a group nobody defined,16.0,",
    ),
    "duplicate charger id": Case(
        ("charger RR2-09 is listed twice",),
        charger_row="TACW224317G584,RR2-09,RR2,1,1,RR2-01's id again,16.0,",
    ),
    "feature names an unknown charger": Case(
        ("features/bad.feature:6: charger RR2-07 is not in data/model/chargers.csv (known: HQ-14, RR2-01",),
        feature=IDLE + "\n  Scenario: RR2-07\n    Given RR2-07 is available\n",
    ),
    "feature names an unknown tag": Case(
        ("features/bad.feature:6: tag DEADBEE5 is not in data/model/tags.csv",),
        feature=IDLE + "\n  Scenario: A tag\n    When the driver presents tag DEADBEE5 at HQ-14\n",
    ),
    "feature table names an unknown tag": Case(
        ("features/bad.feature:8: tag 0BADC0DE is not in data/model/tags.csv",),
        feature=IDLE + "\n  Scenario: Sessions\n    Given sessions are charging at:\n"
        "      | charger | tag      |\n      | RR2-01  | 0BADC0DE |\n",
    ),
}


@dataclass
class Outcome:
    """What one run did."""

    project: Project
    result: subprocess.CompletedProcess[str]
    seconds: float

    @property
    def output(self) -> str:
        return self.result.stdout + self.result.stderr


def _run(case: Case, root: Path) -> Outcome:
    env = dict(case.env)
    project = make_project(root / "project")
    if case.charger_row is not None:  # the project's own test site, one charger row added
        chargers = project.own_data() / "model" / "chargers.csv"
        chargers.write_text(chargers.read_text().rstrip("\n") + "\n" + case.charger_row + "\n")
    (root / "empty").mkdir()
    userdata = tuple(item.format(empty=root / "empty") for item in case.userdata)
    feature = project.feature("bad", case.feature)
    start = time.monotonic()
    result = project.run(*userdata, features=(feature,), timeout=60, **env)
    return Outcome(project, result, time.monotonic() - start)


def _start_cost(root: Path) -> float:
    """Seconds a dry run of a like project takes: starting Python, importing behave and the harness, parsing."""
    project = make_project(root / "project")
    feature = project.feature("idle", IDLE)
    start = time.monotonic()
    subprocess.run(
        [*project.args(features=(feature,)), "--dry-run"],
        cwd=project.root,
        env=project.env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return time.monotonic() - start


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Outcome]:
    roots = {name: tmp_path_factory.mktemp("setup-error") for name in CASES}
    with ThreadPoolExecutor(max_workers=6) as pool:
        futures = {name: pool.submit(_run, CASES[name], roots[name]) for name in CASES}
        return {name: future.result() for name, future in futures.items()}


@pytest.fixture(scope="module")
def start_cost(tmp_path_factory: pytest.TempPathFactory, outcomes: dict[str, Outcome]) -> float:
    """The cost of starting behave, measured just after the cases ran (under the same load)."""
    return _start_cost(tmp_path_factory.mktemp("start-cost"))


REFUSED = [name for name, case in CASES.items() if not case.startup]
STARTUP = [name for name, case in CASES.items() if case.startup]


@pytest.mark.parametrize("case", REFUSED)
def test_the_error_is_one_line_on_stderr_naming_the_problem(outcomes, case):
    outcome = outcomes[case]
    lines = outcome.result.stderr.splitlines()
    assert len(lines) == 1, outcome.output
    assert lines[0].startswith("balanz-acceptance: "), outcome.output
    for words in CASES[case].expected:
        assert words in lines[0], lines[0]


@pytest.mark.parametrize("case", REFUSED)
def test_the_run_ends_within_20s_with_exit_code_2_and_no_traceback(outcomes, start_cost, case):
    outcome = outcomes[case]
    assert outcome.result.returncode == EXIT_SETUP_ERROR, outcome.output
    assert outcome.seconds < DEADLINE + start_cost, f"took {outcome.seconds:.1f}s (starting behave: {start_cost:.1f}s)"
    assert "Traceback" not in outcome.output
    assert "HOOK-ERROR" not in outcome.output


@pytest.mark.parametrize("case", STARTUP)
def test_a_stack_that_does_not_start_fails_each_scenario_with_one_line_and_the_run_goes_on(outcomes, start_cost, case):
    outcome = outcomes[case]
    lines = outcome.result.stderr.splitlines()
    assert [line.split(" did not start: ")[0] for line in lines] == [
        "balanz-acceptance: scenario 'HQ-14 is idle'",
        "balanz-acceptance: scenario 'HQ-14 is idle again'",
    ], outcome.output
    for line in lines:
        for words in CASES[case].expected:
            assert words in line, line
    assert outcome.result.returncode == 1, outcome.output  # failed scenarios, not a refused run
    assert "0 scenarios passed, 0 failed, 2 hook_error" in outcome.result.stdout, outcome.output
    assert "Traceback" not in outcome.output
    assert outcome.seconds < 2 * DEADLINE + 10 + start_cost, f"took {outcome.seconds:.1f}s"


@pytest.mark.parametrize("case", CASES)
def test_nothing_is_left_running(outcomes, case):
    outcomes[case].project.assert_nothing_left()
