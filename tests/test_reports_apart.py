"""Reports kept apart: dry runs and the harness's tests never write the project's reports/; every run writes
under its own ``-D reports_dir`` and never carries over files of an earlier run."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

from balanz_acceptance.core.settings import PROJECT_ROOT
from balanz_acceptance.reporting.results import RunResults
from tests.standin_run import make_project
from tests.test_parallel import run_runner

IDLE = """Feature: Idle
  Scenario: HQ-14 is idle
    Given HQ-14 is available
"""


def _project_like_the_repository(root: Path) -> Path:
    """A copy of the repository's behave setup (pyproject.toml, features, steps, environment.py) in ``root``."""
    root.mkdir()
    (root / "pyproject.toml").write_text((PROJECT_ROOT / "pyproject.toml").read_text())
    for name in ("features", "steps", "environment.py"):
        (root / name).symlink_to(PROJECT_ROOT / name)
    return root


def test_pyproject_names_no_report_file_behave_would_open_in_every_run():
    behave = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["tool"]["behave"]
    assert not {"format", "outfiles", "junit", "junit_directory"} & set(behave), behave


def test_a_dry_run_writes_no_report(tmp_path):
    root = _project_like_the_repository(tmp_path / "project")
    result = subprocess.run(
        [sys.executable, "-m", "behave", "--dry-run", "-f", "plain", "--tags=not @nothing"],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)},  # this checkout's harness, not an installed one
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (root / "reports").exists(), sorted(p.name for p in (root / "reports").rglob("*"))


def test_a_run_writes_its_reports_under_reports_dir_only(tmp_path):
    project = make_project(tmp_path / "project")
    elsewhere = tmp_path / "elsewhere"
    result = project.run(f"reports_dir={elsewhere}", features=(project.feature("idle", IDLE),))
    assert result.returncode == 0, result.stdout + result.stderr
    assert {p.name for p in elsewhere.iterdir()} >= {"index.html", "junit", "signoff.md", "results.json"}
    assert (elsewhere / "junit" / "TESTS-features.idle.xml").is_file()
    assert "all rules hold" in (elsewhere / "signoff.md").read_text()
    assert "Result: all rules hold - 1 scenario passed" in (elsewhere / "index.html").read_text()  # the verdict
    assert not project.reports.exists()
    project.assert_nothing_left()


def test_a_run_removes_what_an_earlier_run_left_in_its_reports(tmp_path):
    project = make_project(tmp_path / "project")
    stale = project.reports / "junit" / "TESTS-features.gone.xml"
    stale.parent.mkdir(parents=True)
    stale.write_text("<testsuite name='gone'/>")
    (project.reports / "signoff.md").write_text("**Result: all rules hold** (an earlier run)")
    result = project.run("no_such_key=1", features=(project.feature("idle", IDLE),))
    assert result.returncode == 2  # refused before anything ran: the earlier sign-off is not this run's
    assert (project.reports / "signoff.md").exists()  # (refused before the outputs were set up)
    result = project.run(features=(project.feature("idle", IDLE),))
    assert result.returncode == 0, result.stdout + result.stderr
    assert not stale.exists()
    assert [p.name for p in (project.reports / "junit").iterdir()] == ["TESTS-features.idle.xml"]


def test_a_parallel_run_merges_no_file_of_an_earlier_run(tmp_path):
    project = make_project(tmp_path / "project")
    old_worker = project.reports / "parallel" / "20200101-000000" / "001" / "junit" / "TESTS-features.old.xml"
    old_worker.parent.mkdir(parents=True)
    old_worker.write_text(
        "<testsuite name='features.old.Old'><testcase classname='features.old.Old' name='Old'/></testsuite>"
    )
    stale = project.reports / "junit" / "TESTS-features.old.xml"
    stale.parent.mkdir(parents=True)
    stale.write_text(old_worker.read_text())
    result = run_runner(project, "-j", "1", str(project.feature("idle", IDLE)))
    assert result.returncode == 0, result.stdout + result.stderr
    assert [p.name for p in (project.reports / "junit").iterdir()] == ["TESTS-balanz-acceptance.xml"]
    merged = (project.reports / "junit" / "TESTS-balanz-acceptance.xml").read_text()
    assert "Old" not in merged and 'tests="1"' in merged
    assert [r.name for r in RunResults.read(project.reports).scenarios] == ["HQ-14 is idle"]
    assert not (PROJECT_ROOT / "reports" / "parallel" / "20200101-000000").exists()


def test_the_runtime_directories_go_with_reports_dir_unless_runtime_dir_is_given(tmp_path):
    from balanz_acceptance.core.settings import load_settings

    settings = load_settings({"stack": "external", "reports_dir": str(tmp_path / "r")})
    assert settings.reports_dir == tmp_path / "r" and settings.runtime_dir == tmp_path / "r" / "runtime"
    settings = load_settings({"stack": "external", "reports_dir": str(tmp_path / "r"), "runtime_dir": str(tmp_path)})
    assert settings.runtime_dir == tmp_path
