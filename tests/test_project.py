"""Project-level checks: every feature step is defined, and the code is lint-clean."""

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_every_feature_step_is_defined():
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "behave",
            "--dry-run",
            "--no-summary",
            "--format",
            "steps.missing",
            "--tags",
            "not @nothing",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "undefined" not in (result.stdout + result.stderr).lower(), result.stdout


def test_dry_run_lists_every_scenario():
    result = subprocess.run(
        [sys.executable, "-m", "behave", "--dry-run", "--format", "plain", "--tags", "not @nothing"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    untested = re.search(r"(\d+) scenarios? passed, 0 failed, 0 skipped, (\d+) untested", result.stdout)
    assert untested and int(untested.group(2)) > 0, result.stdout


def test_ruff_is_clean():
    if importlib.util.find_spec("ruff") is None:
        pytest.fail("ruff is not installed in this interpreter: pip install -e '.[dev]'")
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "."], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _external_skip_table() -> list[list[str]]:
    """The features named in each row of the README's table of scenarios an external stack skips."""
    readme = (ROOT / "README.md").read_text()
    table = readme.split("Scenarios that need a balanz of their own are tagged `@fresh_balanz`", 1)[1]
    rows = re.findall(r"^\| (.+?) \| .+ \|$", table.split("\n\n", 2)[1], flags=re.MULTILINE)
    return [re.findall(r"`(\w+)`", row.split(":", 1)[0]) for row in rows[1:]]


def test_the_readme_lists_every_feature_an_external_stack_skips_once():
    listed = [name for row in _external_skip_table() for name in row]
    tagged = sorted(path.stem for path in (ROOT / "features").glob("*.feature") if "@fresh_balanz" in path.read_text())
    assert sorted(set(listed)) == tagged
    assert len(listed) == len(set(listed)), f"a feature listed twice: {sorted(listed)}"
