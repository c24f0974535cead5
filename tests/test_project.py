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
        [sys.executable, "-m", "behave", "--dry-run", "--no-summary", "--format", "steps.missing",
         "--tags", "not @nothing"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "undefined" not in (result.stdout + result.stderr).lower(), result.stdout


def test_dry_run_lists_every_scenario():
    result = subprocess.run(
        [sys.executable, "-m", "behave", "--dry-run", "--format", "plain", "--tags", "not @nothing"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    untested = re.search(r"(\d+) scenarios? passed, 0 failed, 0 skipped, (\d+) untested", result.stdout)
    assert untested and int(untested.group(2)) > 0, result.stdout


def test_ruff_is_clean():
    if importlib.util.find_spec("ruff") is None:
        pytest.fail("ruff is not installed in this interpreter: pip install -e '.[dev]'")
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "."], cwd=ROOT, capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stdout + result.stderr
