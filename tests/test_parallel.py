"""The parallel runner (``balanz-acceptance run``) end to end against the stand-ins: verdicts of every kind,
a crashed worker, a timeout, SIGINT/SIGTERM, durations, and CI shards merged.

Each test runs ``python -m balanz_acceptance.runner`` in a temporary project (tests/standin_run.py) whose
environment.py is the repository's, with faults added by tag: ``@watch_fails`` makes after_scenario fail as
the group safety watch does (behave: ``hook_error``), ``@cleanup_fails`` adds a failing clean-up
(``cleanup_error``), ``@crashes`` ends the worker with ``os._exit`` before the scenario (no results written).
"""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from balanz_acceptance.core.settings import PROJECT_ROOT
from balanz_acceptance.reporting.results import RunResults
from tests.fakes import poll_until
from tests.standin_run import SUT_PYTHON, Project, alive, make_project, wait_for_text

FAULTS_ENVIRONMENT = f'''"""Test project: the repository's hooks, with faults chosen by tag."""
import importlib.util
import os

_spec = importlib.util.spec_from_file_location("repository_environment", "{PROJECT_ROOT / "environment.py"}")
_hooks = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_hooks)
globals().update({{name: getattr(_hooks, name) for name in dir(_hooks) if name.startswith(("before_", "after_"))}})


def before_scenario(context, scenario):
    if "crashes" in scenario.effective_tags:
        os.write(1, b"the worker dies here on purpose\\n")
        os._exit(3)
    _hooks.before_scenario(context, scenario)
    if "cleanup_fails" in scenario.effective_tags:
        def fail():
            raise RuntimeError("a clean-up failed on purpose")
        context.add_cleanup(fail)


def after_scenario(context, scenario):
    _hooks.after_scenario(context, scenario)
    if "watch_fails" in scenario.effective_tags:
        raise AssertionError("the group watch could not observe HQ (on purpose)")
'''

EVERY_STATUS = """Feature: Every verdict
  Rule: An idle charger is offered nothing
    Scenario: HQ-14 is idle
      Given HQ-14 is available

    @watch_fails
    Scenario: The watch fails after the steps passed
      Given HQ-14 is available

  Rule: A stand-in never offers 16 A
    Scenario: HQ-14 is never offered 16 A by the stand-in
      Given HQ-14 is available
      Then the offer to HQ-14 stays at 16 A for 1 balancing tick

    @cleanup_fails
    Scenario: A clean-up fails
      Given HQ-14 is available

    @crashes
    Scenario: The worker dies
      Given HQ-14 is available

    @known_issue
    Scenario: A known issue is demonstrated
      Given HQ-14 is available
"""
IDLE = """Feature: Idle
  Scenario: HQ-14 is idle
    Given HQ-14 is available
"""
LONG = """Feature: Stand-in runs long
  Scenario: HQ-14 stays idle for a long time
    Given HQ-14 is available
    Then the offer to HQ-14 stays at 0 A for 100 offer-increase intervals

  Scenario: HQ-14 stays idle for a long time again
    Given HQ-14 is available
    Then the offer to HQ-14 stays at 0 A for 100 offer-increase intervals

  Scenario: HQ-14 stays idle once more
    Given HQ-14 is available
    Then the offer to HQ-14 stays at 0 A for 100 offer-increase intervals
"""
SHARDS = """Feature: Shards
  Rule: Idle chargers
    Scenario: One
      Given HQ-14 is available

    Scenario: Two, naming 3 offer-increase intervals it does not wait for
      Given HQ-14 is available

    Scenario: Three
      Given HQ-14 is available
      Then the offer to HQ-14 stays at 16 A for 1 balancing tick

    Scenario: Four, naming the unused-offer timeout it does not wait for
      Given HQ-14 is available
"""


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return make_project(tmp_path / "project", FAULTS_ENVIRONMENT)


def runner_args(project: Project, *args: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "balanz_acceptance.runner",
        "run",
        "-D",
        f"sut_python={SUT_PYTHON}",
        "-D",
        f"reports_dir={project.reports}",
        *args,
    ]


def run_runner(project: Project, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        runner_args(project, *args),
        cwd=project.root,
        env=project.env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def results(directory: Path) -> dict[str, str]:
    """Scenario name → status, from a run's results.json."""
    return {r.name: r.status for r in RunResults.read(directory).scenarios if r.selected}


def summary(stdout: str) -> str:
    found = re.search(r"^\d+ scenarios? passed.*$", stdout, re.MULTILINE)
    assert found, stdout
    return found.group(0)


def leftovers(project: Project) -> list[int]:
    """Stand-in processes (pid files anywhere under the project) still alive, and processes with its token."""
    pids = [int(p.read_text()) for p in project.root.rglob("*.pid")]
    return [p for p in pids if alive(p)] + project.processes()


# --- verdicts ---------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def every_status(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, subprocess.CompletedProcess[str]]:
    project = make_project(tmp_path_factory.mktemp("parallel") / "project", FAULTS_ENVIRONMENT)
    feature = project.feature("every", EVERY_STATUS)
    return project, run_runner(project, "-j", "3", "--tags=not @nothing", str(feature))


def test_only_what_behave_passed_counts_as_passed(every_status):
    project, result = every_status
    assert result.returncode == 1, result.stdout + result.stderr
    assert results(project.reports) == {
        "HQ-14 is idle": "passed",
        "The watch fails after the steps passed": "hook_error",
        "HQ-14 is never offered 16 A by the stand-in": "failed",
        "A clean-up fails": "cleanup_error",
        "The worker dies": "crashed",
        "A known issue is demonstrated": "passed",
    }
    assert summary(result.stdout) == (
        "2 scenarios passed, 4 failed, 0 skipped, 0 untested (1 hook error, 1 failed, 1 cleanup error, 1 crashed)"
    )


def test_the_signoff_names_the_rules_that_did_not_hold(every_status):
    project, _ = every_status
    page = (project.reports / "signoff.md").read_text()
    headline = page.splitlines()[2]
    assert headline.startswith("**Result: NOT SIGNED OFF: rules that did not hold: "), headline
    assert "Every verdict: An idle charger is offered nothing" in headline
    assert "Every verdict: A stand-in never offers 16 A" in headline
    assert "all rules hold" not in page
    assert "| An idle charger is offered nothing | 2 | 1 failed (hook error), 1 passed |" in page
    assert "1 failed (cleanup error)" in page and "1 failed (crashed)" in page
    assert "1 known issue demonstrated" in page
    assert "(feature)" not in page
    assert "| balanz version (GetStatus) | 1.2.3 |" in page  # the workers' facts, read from their results.json


def test_a_crashed_worker_is_reported_with_the_tail_of_its_output(every_status):
    project, result = every_status
    assert "CRASHED" in result.stdout
    assert "the worker dies here on purpose" in result.stdout  # the tail of its output
    crashed = [r for r in RunResults.read(project.reports).scenarios if r.status == "crashed"]
    assert crashed and "without results" in crashed[0].reason


def test_the_merged_junit_fails_every_scenario_that_did_not_pass(every_status):
    project, _ = every_status
    files = list((project.reports / "junit").glob("*.xml"))
    assert [f.name for f in files] == ["TESTS-balanz-acceptance.xml"]
    text = files[0].read_text()
    assert 'tests="6" failures="2" errors="2"' in text  # hook and clean-up errors are behave's <error>s
    assert 'name="The worker dies" status="crashed"' in text


def test_the_index_shows_every_verdict_and_links_the_scenarios_reports(every_status):
    project, _ = every_status
    page = (project.reports / "index.html").read_text()
    for words in ("failed (hook error)", "failed (cleanup error)", "failed (crashed)", "known issue demonstrated"):
        assert words in page
    links = re.findall(r"href='([^']+)'", page)
    assert len(links) == 6 and all((project.reports / link).is_file() for link in links)
    assert sum(link.endswith("/output.txt") for link in links) == 1  # the crashed worker's: it wrote no report


def test_workers_write_only_their_own_reports(every_status):
    project, _ = every_status
    run_dir = next((project.reports / "parallel").iterdir())
    own = sorted(p.name for p in (run_dir / "001").iterdir())
    assert {"index.html", "junit", "output.txt", "results.json", "signoff.md", "rerun.txt"} <= set(own)
    assert (project.reports / "rerun.txt").read_text().count("features/every.feature:") == 4
    assert not (project.root / "reports" / "parallel" / "index.html").exists()


def test_the_summary_counts_what_the_selection_left_out(project):
    feature = project.feature("two", IDLE + "\n  @other\n  Scenario: Left out\n    Given HQ-14 is available\n")
    result = run_runner(project, "-j", "1", "--tags=not @other", str(feature))
    assert result.returncode == 0, result.stdout + result.stderr
    assert summary(result.stdout) == "1 scenario passed, 0 failed, 1 skipped, 0 untested"


# --- timeout and signals ------------------------------------------------------------------------------------
def test_a_scenario_over_its_timeout_is_killed_and_reported_timed_out(project):
    feature = project.feature("idle", IDLE)
    long = project.feature("long", LONG.split("\n\n  Scenario: HQ-14 stays idle for a long time again")[0] + "\n")
    started = time.monotonic()
    result = run_runner(project, "-j", "2", "--timeout", "6", str(feature), str(long))
    took = time.monotonic() - started
    assert result.returncode == 1, result.stdout + result.stderr
    assert results(project.reports) == {"HQ-14 is idle": "passed", "HQ-14 stays idle for a long time": "timed_out"}
    assert took < 60, f"took {took:.0f}s"
    assert "exceeded its timeout of 6s" in (project.reports / "signoff.md").read_text()
    assert poll_until(lambda: not leftovers(project), timeout=10), leftovers(project)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=lambda s: s.name)
def test_a_signal_ends_every_worker_and_still_writes_the_reports(project, sig):
    feature = project.feature("long", LONG)
    runner = subprocess.Popen(
        runner_args(project, "-j", "2", str(feature)),
        cwd=project.root,
        env=project.env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        for n in (1, 2):
            wait_for_text((project.reports, f"parallel/*/00{n}/runtime/*/*/scenario.log"), "group watch on HQ started")
        runner.send_signal(sig)
        out, err = runner.communicate(timeout=40)
    finally:
        if runner.poll() is None:
            runner.kill()
            runner.communicate()
    assert runner.returncode == 128 + sig.value, out + err
    assert f"balanz-acceptance: {sig.name} received" in err
    assert results(project.reports) == {
        "HQ-14 stays idle for a long time": "interrupted",
        "HQ-14 stays idle for a long time again": "interrupted",
        "HQ-14 stays idle once more": "not_run",
    }
    assert summary(out) == "0 scenarios passed, 0 failed, 0 skipped, 3 untested (2 interrupted, 1 not run)"
    page = (project.reports / "signoff.md").read_text()
    assert "NOT SIGNED OFF" in page and f"the run was ended by {sig.name} before it started" in page
    assert len(list((project.reports / "parallel").glob("*/*/output.txt"))) == 2  # the third never started
    assert poll_until(lambda: not leftovers(project), timeout=10), leftovers(project)


# --- durations ---------------------------------------------------------------------------------------------
def test_durations_are_kept_and_the_longest_starts_first(project):
    passing = SHARDS.replace("      Then the offer to HQ-14 stays at 16 A for 1 balancing tick\n", "")
    feature = project.feature("shards", passing)
    first = run_runner(project, "-j", "1", str(feature))
    assert first.returncode == 0, first.stdout + first.stderr
    started = re.findall(r"^\[ *\d+/4\] PASSED .*  (.*)$", first.stdout, re.MULTILINE)
    # A fresh checkout orders by the estimates from the intervals a scenario names (runner/schedule.py): in the
    # fast profile 3 offer-increase intervals are 36 s, the unused-offer timeout 30 s, the others name none.
    assert started[:2] == [
        "Two, naming 3 offer-increase intervals it does not wait for",
        "Four, naming the unused-offer timeout it does not wait for",
    ], started
    kept = json.loads((project.reports / "durations.json").read_text())["fast"]
    assert set(kept) == {f"features/shards.feature::{name}" for name in started}
    kept["features/shards.feature::Three"] = 1000.0  # measured long: now it goes first
    (project.reports / "durations.json").write_text(json.dumps({"fast": kept}))
    second = run_runner(project, "-j", "1", str(feature))
    assert re.findall(r"^\[ *\d+/4\] PASSED .*  (.*)$", second.stdout, re.MULTILINE)[0] == "Three"


# --- shards -----------------------------------------------------------------------------------------------
def test_two_shards_merged_give_the_verdicts_of_one_run(project):
    feature = str(project.feature("shards", SHARDS))
    whole = run_runner(project, "-j", "2", "-D", f"reports_dir={project.root / 'whole'}", feature)
    assert whole.returncode == 1, whole.stdout + whole.stderr
    for k in (1, 2):
        shard = run_runner(project, "-j", "2", "--shard", f"{k}/2", feature)
        assert f"(shard {k}/2)" in shard.stdout
    shards = sorted(p.name for p in project.reports.glob("shard-*"))
    assert shards == ["shard-1-of-2", "shard-2-of-2"]
    assert set(results(project.reports / "shard-1-of-2")).isdisjoint(results(project.reports / "shard-2-of-2"))
    merged = subprocess.run(
        [
            sys.executable,
            "-m",
            "balanz_acceptance.runner",
            "merge",
            "--into",
            str(project.root / "merged"),
            *(str(project.reports / s) for s in shards),
        ],
        cwd=project.root,
        env=project.env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert merged.returncode == 1, merged.stdout + merged.stderr
    assert (
        results(project.root / "merged")
        == results(project.root / "whole")
        == {
            "One": "passed",
            "Two, naming 3 offer-increase intervals it does not wait for": "passed",
            "Three": "failed",
            "Four, naming the unused-offer timeout it does not wait for": "passed",
        }
    )
    headline = (project.root / "merged" / "signoff.md").read_text().splitlines()[2]
    assert headline == (project.root / "whole" / "signoff.md").read_text().splitlines()[2]
    assert "Shards: Idle chargers" in headline
    junit = (project.root / "merged" / "junit" / "TESTS-balanz-acceptance.xml").read_text()
    assert 'tests="4" failures="1"' in junit
    links = re.findall(r"href='([^']+)'", (project.root / "merged" / "index.html").read_text())
    assert len(links) == 4 and all((project.root / "merged" / link).is_file() for link in links)


def test_a_merge_with_a_shard_missing_reports_its_scenarios_not_run(project):
    feature = str(project.feature("shards", SHARDS))
    run_runner(project, "-j", "2", "--shard", "1/2", feature)
    merged = subprocess.run(
        [
            sys.executable,
            "-m",
            "balanz_acceptance.runner",
            "merge",
            "--into",
            str(project.root / "merged"),
            str(project.reports / "shard-1-of-2"),
        ],
        cwd=project.root,
        env=project.env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert merged.returncode == 1
    statuses = results(project.root / "merged")
    assert len(statuses) == 4 and list(statuses.values()).count("not_run") == 2
    assert "missing shard results: 2 of 2" in (project.root / "merged" / "signoff.md").read_text()


def _readme_workflow() -> str:
    readme = (PROJECT_ROOT / "README.md").read_text()
    blocks = re.findall(r"```yaml\n(.*?)```", readme, flags=re.S)
    workflows = [b for b in blocks if "balanz-acceptance merge" in b]
    assert len(workflows) == 1, "the README has one GitHub Actions example with a merge job"
    return workflows[0]


def test_the_readme_workflow_names_the_shards_and_directories_the_runner_writes():
    workflow = _readme_workflow()
    shards = [int(k) for k in re.search(r"shard: \[([\d, ]+)\]", workflow).group(1).split(",")]
    total = len(shards)
    assert shards == list(range(1, total + 1))
    assert f"balanz-acceptance run --shard ${{{{ matrix.shard }}}}/{total}" in workflow
    assert f"path: reports/shard-${{{{ matrix.shard }}}}-of-{total}" in workflow
    assert 'with: {path: reports, pattern: "shard-*"}' in workflow
    assert "- run: balanz-acceptance merge reports/shard-*" in workflow


def test_the_readme_workflow_merges_downloaded_artifacts_into_the_verdicts_of_one_run(project):
    """The example's data flow with stand-ins: each shard's reports directory is uploaded as artifact
    ``shard-K`` and downloaded into ``reports/shard-K`` (download-artifact puts each artifact in a folder of
    its name); the merge job merges ``reports/shard-*`` into ``reports``."""
    import shutil

    feature = str(project.feature("shards", SHARDS))
    whole = run_runner(project, "-j", "2", "-D", f"reports_dir={project.root / 'whole'}", feature)
    assert whole.returncode == 1, whole.stdout + whole.stderr
    merge_job = project.root / "merge-job" / "reports"
    for k in (1, 2):
        run_runner(project, "-j", "2", "--shard", f"{k}/2", feature)
        shutil.copytree(project.reports / f"shard-{k}-of-2", merge_job / f"shard-{k}")
    merged = subprocess.run(
        [
            sys.executable,
            "-m",
            "balanz_acceptance.runner",
            "merge",
            "--into",
            str(merge_job),
            *(str(p) for p in sorted(merge_job.glob("shard-*"))),
        ],
        cwd=project.root,
        env=project.env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert merged.returncode == 1, merged.stdout + merged.stderr
    assert results(merge_job) == results(project.root / "whole")
    headline = (merge_job / "signoff.md").read_text().splitlines()[2]
    assert headline == (project.root / "whole" / "signoff.md").read_text().splitlines()[2]
    links = re.findall(r"href='([^']+)'", (merge_job / "index.html").read_text())
    assert len(links) == 4 and all((merge_job / link).is_file() for link in links)
