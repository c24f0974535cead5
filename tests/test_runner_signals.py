"""A signal at any moment of a parallel run ends it within the grace, with its reports and every queued scenario
marked not run: during the listing, between two starts, while no scenario runs, while the last one ends and
during the reports (while scenarios run: tests/test_parallel.py).

Each test runs the runner against the stand-ins in a temporary project with one seam wrapped so that the
signal comes at exactly that moment (tests/runner_with_signal.py), in a session of its own.
"""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass

import pytest

from balanz_acceptance.reporting.results import RunResults
from balanz_acceptance.runner.worker import STOP_GRACE
from tests.fakes import poll_until
from tests.standin_run import SUT_PYTHON, Project, make_project
from tests.test_parallel import FAULTS_ENVIRONMENT, IDLE, LONG, leftovers, results, summary

TWO_IDLE = IDLE + "\n  Scenario: HQ-14 is idle again\n    Given HQ-14 is available\n"
#: Seconds the runner may take after the signal: the grace of a worker's stop (stand-ins end at once on SIGTERM).
WITHIN = STOP_GRACE


@dataclass
class Ended:
    """How the runner ended after the signal."""

    result: subprocess.CompletedProcess[str]
    seconds_after_signal: float

    @property
    def output(self) -> str:
        return self.result.stdout + self.result.stderr


@pytest.fixture
def project(tmp_path) -> Project:
    return make_project(tmp_path / "project", FAULTS_ENVIRONMENT)


def run_with_signal(project: Project, moment: str, sig: signal.Signals, *args: str, spacing: str = "0") -> Ended:
    command = [
        sys.executable,
        "-m",
        "tests.runner_with_signal",
        moment,
        sig.name,
        "-D",
        f"sut_python={SUT_PYTHON}",
        "-D",
        f"reports_dir={project.reports}",
        *args,
    ]
    env = project.env(BALANZ_ACCEPTANCE_START_SPACING=spacing)
    proc = subprocess.Popen(
        command,
        cwd=project.root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # the listing's signal goes to the runner's process group, not to pytest's
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        out, err = proc.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        raise AssertionError(f"the runner did not end:\n{out}\n{err}") from None
    ended = time.time()
    sent = re.search(r"signal sent at ([\d.]+)", err)
    assert sent, out + err
    result = subprocess.CompletedProcess(command, proc.returncode, out, err)
    return Ended(result, ended - float(sent.group(1)))


def assert_ended_with_reports(project: Project, ended: Ended, sig: signal.Signals) -> None:
    """Exit code of the signal, within the grace, every report written, nothing left running."""
    assert ended.result.returncode == 128 + sig.value, ended.output
    assert ended.seconds_after_signal < WITHIN, f"{ended.seconds_after_signal:.1f}s after the signal\n{ended.output}"
    assert f"balanz-acceptance: {sig.name} received" in ended.result.stderr
    for name in ("results.json", "signoff.md", "index.html", "rerun.txt", "junit/TESTS-balanz-acceptance.xml"):
        assert (project.reports / name).is_file(), f"no {name}\n{ended.output}"
    assert "Traceback" not in ended.output
    assert poll_until(lambda: not leftovers(project), timeout=10), leftovers(project)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=lambda s: s.name)
def test_during_the_listing_every_selected_scenario_is_not_run(project, sig):
    feature = project.feature("two", TWO_IDLE)
    ended = run_with_signal(project, "listing", sig, "-j", "2", str(feature))
    assert_ended_with_reports(project, ended, sig)
    assert results(project.reports) == {"HQ-14 is idle": "not_run", "HQ-14 is idle again": "not_run"}
    assert summary(ended.result.stdout) == "0 scenarios passed, 0 failed, 0 skipped, 2 untested (2 not run)"
    assert not list(project.reports.glob("parallel/*/*/output.txt"))  # no worker started
    assert f"the run was ended by {sig.name} before it started" in (project.reports / "signoff.md").read_text()


def test_a_listing_that_does_not_end_is_given_up_and_the_reports_still_written(project):
    feature = project.feature("two", TWO_IDLE)
    ended = run_with_signal(project, "listing-hangs", signal.SIGTERM, str(feature))
    assert_ended_with_reports(project, ended, signal.SIGTERM)
    assert "behave's listing did not end within 1s of SIGTERM" in ended.result.stdout
    assert RunResults.read(project.reports).scenarios == []
    assert "NOT SIGNED OFF" in (project.reports / "signoff.md").read_text()


def test_between_two_starts_the_running_scenario_is_interrupted_and_the_queued_not_run(project):
    feature = project.feature("long", LONG)
    ended = run_with_signal(project, "between-starts", signal.SIGTERM, "-j", "2", str(feature), spacing="1000")
    assert_ended_with_reports(project, ended, signal.SIGTERM)
    assert sorted(results(project.reports).values()) == ["interrupted", "not_run", "not_run"]
    untested = "3 untested (1 interrupted, 2 not run)"
    assert summary(ended.result.stdout) == f"0 scenarios passed, 0 failed, 0 skipped, {untested}"
    assert "ending 1 running scenarios, starting none of 2 queued" in ended.result.stderr


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=lambda s: s.name)
def test_while_no_scenario_runs_the_queued_are_not_run_and_the_run_ends(project, sig):
    """The issue's reproduction (-j 2, a long start spacing, the signal after the first scenario passed)."""
    feature = project.feature("two", TWO_IDLE)
    ended = run_with_signal(project, "idle", sig, "-j", "2", str(feature), spacing="1000")
    assert_ended_with_reports(project, ended, sig)
    assert results(project.reports) == {"HQ-14 is idle": "passed", "HQ-14 is idle again": "not_run"}
    assert "ending 0 running scenarios, starting none of 1 queued" in ended.result.stderr
    assert len(list(project.reports.glob("parallel/*/*/output.txt"))) == 1


def test_while_the_last_scenario_ends_its_own_verdict_stands(project):
    feature = project.feature("idle", IDLE)
    ended = run_with_signal(project, "last-ends", signal.SIGTERM, "-j", "1", str(feature))
    assert_ended_with_reports(project, ended, signal.SIGTERM)
    assert results(project.reports) == {"HQ-14 is idle": "passed"}  # it had ended: not "interrupted"


def test_while_the_last_failing_scenario_ends_it_is_reported_failed_not_interrupted(project):
    feature = project.feature(
        "fails",
        "Feature: Fails\n  Scenario: Never 16 A\n    Given HQ-14 is available\n"
        "    Then the offer to HQ-14 stays at 16 A for 1 balancing tick\n",
    )
    ended = run_with_signal(project, "last-ends", signal.SIGTERM, "-j", "1", str(feature))
    assert_ended_with_reports(project, ended, signal.SIGTERM)
    assert results(project.reports) == {"Never 16 A": "failed"}


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=lambda s: s.name)
def test_during_the_reports_they_are_finished(project, sig):
    feature = project.feature("two", TWO_IDLE)
    ended = run_with_signal(project, "reports", sig, "-j", "2", str(feature))
    assert_ended_with_reports(project, ended, sig)
    assert results(project.reports) == {"HQ-14 is idle": "passed", "HQ-14 is idle again": "passed"}
    assert "writing the reports" in ended.result.stderr
    assert "all rules hold" in (project.reports / "signoff.md").read_text()
    assert "HQ-14 is idle again" in (project.reports / "index.html").read_text()
