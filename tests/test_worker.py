"""balanz_acceptance.runner.worker: the behave forked from the preloaded fork server, and when it is not."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from balanz_acceptance.runner import worker as worker_module
from balanz_acceptance.runner.listing import list_scenarios
from balanz_acceptance.runner.worker import OUTPUT, Outcome, Worker, fork_context
from tests.fakes import poll_until
from tests.standin_run import SUT_PYTHON, make_project

FEATURE = """Feature: Rules
  Scenario: Nothing to do
    Given nothing
"""
STEPS = """from behave import given


@given("nothing")
def step_nothing(context):
    print("the step ran in", __import__("os").getcwd())
"""


def test_the_worker_is_forked_from_the_preloaded_server_where_the_run_has_no_other_harness(tmp_path: Path):
    assert fork_context(tmp_path) is not None
    other = tmp_path / "checkout"
    (other / "balanz_acceptance").mkdir(parents=True)
    assert fork_context(other) is None  # python -m behave there would import that copy: a subprocess instead
    here = Path(worker_module.__file__).resolve().parents[2]
    assert fork_context(here) is not None  # the checkout the runner imported itself


def test_a_forked_behave_runs_in_the_run_directory_writes_its_output_and_ends_with_behaves_code(tmp_path: Path):
    project = tmp_path / "project"
    (project / "features" / "steps").mkdir(parents=True)
    (project / "features" / "rules.feature").write_text(FEATURE)
    (project / "features" / "steps" / "steps.py").write_text(STEPS)
    context = fork_context(project)
    assert context is not None
    output = tmp_path / OUTPUT
    output.write_text("")
    passed = worker_module._ForkedBehave(context, ["features/rules.feature", "--no-capture"], project, output)
    assert passed.wait(timeout=60) == 0
    assert f"the step ran in {project}" in output.read_text()
    assert os.getpgid(os.getpid()) != passed.pid  # its own session: a Ctrl-C at the terminal is the runner's
    missing = worker_module._ForkedBehave(context, ["features/none.feature"], project, output)
    assert missing.wait(timeout=60) != 0


def test_a_worker_that_has_not_yet_made_its_own_group_is_still_stopped(tmp_path: Path):
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])  # no group of its own
    worker_module._signal_group(child.pid, signal.SIGTERM)
    assert child.wait(timeout=10) == -signal.SIGTERM


@pytest.mark.parametrize("moment", ["as it starts", "while its scenario runs"])
def test_a_forked_worker_stopped_at_any_moment_ends(tmp_path: Path, moment: str):
    project = make_project(tmp_path / "project")
    project.feature("rules", FEATURE.replace("Given nothing", "Given HQ-14 is available"))
    listed = list_scenarios(["features/rules.feature"], project.root).scenarios[0]
    worker = Worker(listed, ["-D", f"sut_python={SUT_PYTHON}"], tmp_path / "w", 60, project.root)
    ran: list[Outcome] = []
    thread = threading.Thread(target=lambda: ran.append(worker.run()))
    thread.start()
    assert poll_until(lambda: worker._proc is not None, timeout=10)
    if moment == "while its scenario runs":
        assert poll_until(lambda: "Scenario" in (tmp_path / "w" / OUTPUT).read_text(), timeout=30)
    started = time.monotonic()
    worker.stop()
    thread.join(30)
    assert ran and ran[0].result.status in {"interrupted", "passed"}, ran
    assert time.monotonic() - started < 20
