"""A run stays where it starts: started in a second directory, with the package imported from this checkout, the
console script reads that directory's features and test site (``data/``) and writes its reports, durations and
runtime directories there, as behave does with its features and steps.

The second directory has its own feature and its own copy of ``data/`` with a timing profile the repository does
not have (``timing-second.ini``): a run that read the repository's ``data/`` would refuse ``-D timing=second``.
The programs are the stand-ins (tests/standins).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from balanz_acceptance.core.settings import PROJECT_ROOT
from balanz_acceptance.reporting.results import RunResults
from tests.standin_run import SUT_PYTHON, Project, make_project

HERE = """Feature: Only in the second directory
  Scenario: HQ-14 is idle here
    Given HQ-14 is available
"""


def console_script() -> list[str]:
    """``balanz-acceptance`` as installed beside this interpreter; ``python -m balanz_acceptance.runner`` if not."""
    script = Path(sys.executable).parent / "balanz-acceptance"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "balanz_acceptance.runner"]


@pytest.fixture(scope="module")
def second(tmp_path_factory: pytest.TempPathFactory) -> Project:
    project = make_project(tmp_path_factory.mktemp("elsewhere") / "second")
    config = project.own_data() / "config"
    shutil.copy(config / "timing-fast.ini", config / "timing-second.ini")
    project.feature("here", HERE)
    return project


def run_here(project: Project, *args: str) -> subprocess.CompletedProcess[str]:
    """The console script, started in ``project`` (no reports_dir or runtime_dir: the defaults)."""
    return subprocess.run(
        [*console_script(), *args],
        cwd=project.root,
        env=project.env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def parallel_run(second: Project) -> subprocess.CompletedProcess[str]:
    return run_here(second, "run", "-j", "1", "-D", f"sut_python={SUT_PYTHON}", "-D", "timing=second")


def test_the_run_lists_and_runs_the_features_of_the_directory_it_starts_in(second, parallel_run):
    assert parallel_run.returncode == 0, parallel_run.stdout + parallel_run.stderr
    assert f"reports in {second.root / 'reports'}" in parallel_run.stdout
    run = RunResults.read(second.root / "reports")
    assert [(r.location, r.status) for r in run.scenarios] == [("features/here.feature:2", "passed")]
    assert run.facts.timing == "second"  # the second directory's data/config/timing-second.ini


def test_the_reports_durations_and_runtime_directories_are_written_there(second, parallel_run):
    reports = second.root / "reports"
    for name in ("signoff.md", "index.html", "results.json", "rerun.txt", "junit/TESTS-balanz-acceptance.xml"):
        assert (reports / name).is_file(), name
    assert list(json.loads((reports / "durations.json").read_text())) == ["second"]
    logs = list(reports.glob("parallel/*/001/runtime/*-second/*/scenario.log"))
    assert len(logs) == 1, sorted(str(p) for p in reports.rglob("*"))
    assert not list((PROJECT_ROOT / "reports").glob("parallel/*/*/runtime/*-second"))


def test_behave_itself_writes_its_reports_and_runtime_there(second):
    result = subprocess.run(
        [sys.executable, "-m", "behave", "-f", "plain", "-D", f"sut_python={SUT_PYTHON}", "-D", "timing=second"],
        cwd=second.root,
        env=second.env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(list((second.root / "reports" / "runtime").glob("*-second/*/scenario.log"))) == 1
    assert "all rules hold" in (second.root / "reports" / "signoff.md").read_text()


def test_merge_reads_and_writes_the_reports_of_the_directory_it_starts_in(second):
    shard = run_here(second, "run", "--shard", "1/1", "-D", f"sut_python={SUT_PYTHON}", "-D", "timing=second")
    assert shard.returncode == 0, shard.stdout + shard.stderr
    (second.root / "reports" / "signoff.md").unlink()
    merged = run_here(second, "merge")
    assert merged.returncode == 0, merged.stdout + merged.stderr
    assert f"Sign-off summary: {second.root / 'reports' / 'signoff.md'}" in merged.stdout
    assert "all rules hold" in (second.root / "reports" / "signoff.md").read_text()


def test_a_directory_without_a_test_site_is_refused_with_one_line(tmp_path):
    project = make_project(tmp_path / "bare")
    (project.root / "data").unlink()
    project.feature("here", HERE)
    result = run_here(project, "run", "-D", f"sut_python={SUT_PYTHON}")
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.splitlines() == [
        f"balanz-acceptance: {project.root} has no data/model: start the run in the suite's directory "
        "(the one holding features/, steps/ and data/)"
    ]
    assert not (project.root / "reports").exists()
