"""Whole behave runs against the stand-ins: nothing is left running, signals fail the scenario they hit,
and every scenario has its own runtime directory.

Each test runs ``python -m behave`` on a small feature in a temporary project (tests/standin_run.py).
"""

from __future__ import annotations

import re
import signal
import time
from pathlib import Path

import pytest

from balanz_acceptance.core.settings import PROJECT_ROOT
from tests.standin_run import Project, make_project, stop_behave, wait_for_text

IDLE = """Feature: Stand-in idles
  Scenario: HQ-14 is idle
    Given HQ-14 is available
"""
FAILS = """Feature: Stand-in fails
  Scenario: HQ-14 is never offered 16 A by the stand-in
    Given HQ-14 is available
    Then the offer to HQ-14 stays at 16 A for 1 balancing tick
"""
#: The second step holds for 100 offer-increase intervals (20 minutes): a signal always finds it running.
LONG = """Feature: Stand-in runs long
  Scenario: HQ-14 stays idle for a long time
    Given HQ-14 is available
    Then the offer to HQ-14 stays at 0 A for 100 offer-increase intervals
"""
TWO = """Feature: Two scenarios
  Scenario: First
    Given HQ-14 is available

  Scenario: Second
    Given HQ-14 is available
"""
SIGNALS = [signal.SIGINT, signal.SIGTERM]


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return make_project(tmp_path / "project")


def summary(stdout: str, kind: str = "scenario") -> str:
    """behave's summary line for scenarios (or steps, features)."""
    found = re.search(rf"^\d+ {kind}s? passed.*$", stdout, re.MULTILINE)
    assert found, stdout
    return found.group(0)


# --- no orphans ----------------------------------------------------------------------------------------
def test_a_passing_run_leaves_no_process_and_no_port(project):
    result = project.run(features=(project.feature("idle", IDLE),))
    assert result.returncode == 0, result.stdout + result.stderr
    assert summary(result.stdout) == "1 scenario passed, 0 failed, 0 skipped"
    assert len(project.pids()) == 2 and len(project.ports()) == 2  # balanz and HQ-14's simulator ran
    project.assert_nothing_left()


def test_a_failing_run_leaves_no_process_and_no_port(project):
    result = project.run(features=(project.feature("fails", FAILS),))
    assert result.returncode == 1, result.stdout + result.stderr
    assert summary(result.stdout) == "0 scenarios passed, 1 failed, 0 skipped"
    assert "Harness notes:" in result.stdout  # the failure report
    assert len(project.pids()) == 2
    project.assert_nothing_left()


@pytest.mark.parametrize("sig", SIGNALS, ids=lambda s: s.name)
def test_a_signal_during_a_step_fails_the_scenario_and_leaves_nothing(project, sig):
    behave = project.start(features=(project.feature("long", LONG),))
    try:
        wait_for_text((project.runtime, "*/*/scenario.log"), "group watch on HQ started")
        time.sleep(1.0)  # the first step takes milliseconds; the second runs for 20 minutes
    finally:
        out, err, took = stop_behave(behave, sig)
    assert took < 15, f"behave took {took:.1f}s to end"
    assert behave.returncode != 0
    assert summary(out) == "0 scenarios passed, 0 failed, 1 error, 0 skipped", out
    assert "ABORTED: By user (KeyboardInterrupt)." in out  # the step behave was running
    assert "HQ-14 stays idle for a long time" in out.split("Errored scenarios:")[1]
    assert "Harness notes:" in out  # the failure report still came
    assert f"balanz-acceptance: {sig.name} received" in err
    assert "Traceback" not in out + err
    project.assert_nothing_left()


@pytest.mark.parametrize("sig", SIGNALS, ids=lambda s: s.name)
def test_a_signal_while_the_stack_starts_fails_the_scenario_and_leaves_nothing(project, sig):
    # The simulator never becomes Available: the harness is still waiting for it in before_scenario.
    behave = project.start(features=(project.feature("idle", IDLE),), STANDIN_SIM="never-available")
    try:
        wait_for_text((project.runtime, "*/*/logs/ocppsim-HQ-14.log"), "command port on")
    finally:
        out, err, took = stop_behave(behave, sig)
    assert took < 15
    assert behave.returncode != 0
    assert summary(out) == "0 scenarios passed, 0 failed, 1 hook_error, 0 skipped", out
    assert "Traceback" not in out + err
    project.assert_nothing_left()


def test_a_signal_during_clean_up_lets_the_clean_up_finish(project):
    # This balanz ignores SIGTERM, so stopping it takes the grace period and then SIGKILL; the signal to
    # behave arrives in that window, after the scenario passed. The clean-up must not be cut short.
    behave = project.start(features=(project.feature("idle", IDLE),), STANDIN_BALANZ="slow-stop")
    try:
        wait_for_text((project.runtime, "*/*/logs/balanz.log"), "SIGTERM ignored")
    finally:
        out, err, took = stop_behave(behave, signal.SIGTERM)
    assert took < 15
    assert behave.returncode != 0  # the run was ended by a signal
    assert summary(out) == "1 scenario passed, 0 failed, 0 skipped", out
    assert "ABORTED: By user." in out
    assert "Traceback" not in out + err
    project.assert_nothing_left()


def test_a_signal_between_scenarios_runs_no_further_scenario(project):
    behave = project.start(features=(project.feature("two", TWO),), STANDIN_BALANZ="slow-stop")
    try:
        wait_for_text((project.runtime, "*/001-*/logs/balanz.log"), "SIGTERM ignored")
    finally:
        out, err, _ = stop_behave(behave, signal.SIGINT)
    assert behave.returncode != 0
    assert "Traceback" not in out + err
    assert summary(out) == "1 scenario passed, 0 failed, 0 skipped, 1 untested", out
    assert len(project.scenario_dirs()) == 1  # nothing was started for the second scenario
    project.assert_nothing_left()


# --- isolation ------------------------------------------------------------------------------------------
def test_every_scenario_gets_its_own_runtime_directory_and_a_fresh_model(project):
    # Each stand-in balanz appends a tag row naming its pid to its model/tags.csv as it starts.
    result = project.run(features=(project.feature("two", TWO),))
    assert result.returncode == 0, result.stdout + result.stderr
    first, second = project.scenario_dirs()
    assert first.name.startswith("001-") and second.name.startswith("002-")
    for directory in (first, second):
        pid = (directory / "balanz.pid").read_text()
        tags = (directory / "model" / "tags.csv").read_text()
        assert re.findall(r"^STANDIN\d+", tags, re.MULTILINE) == [f"STANDIN{pid}"], tags
        assert (directory / "history").is_dir()
        assert (directory / "sims" / "HQ-14" / "ocppsim.pid").is_file()
    assert (first / "balanz.pid").read_text() != (second / "balanz.pid").read_text()
    assert "STANDIN" not in (PROJECT_ROOT / "data" / "model" / "tags.csv").read_text()
    project.assert_nothing_left()
