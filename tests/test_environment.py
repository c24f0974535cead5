"""environment.py through behave itself: bad input ends the run with one clear line and exit code 2.

Each case runs ``python -m behave`` once (cached for the module); the checks are split so that what
works is asserted even where the exit status is wrong.
"""

from __future__ import annotations

import subprocess
import sys
from functools import cache

import pytest

from balanz_acceptance.core.settings import PROJECT_ROOT
from balanz_acceptance.runner.hooks import EXIT_SETUP_ERROR

CASES = {
    "unknown key": (["no_such_key=1"], "no_such_key"),
    "missing interpreter": (["sut_python=/nonexistent/python"], "/nonexistent/python"),
    # The external stack skips the interpreter probe, which on a machine without a Python 3.13
    # balanz/ocppsim would otherwise be the first complaint.
    "unknown timing profile": (["stack=external", "timing=nope"], "'nope'"),
}


@cache
def run_behave(case: str) -> subprocess.CompletedProcess[str]:
    userdata, _ = CASES[case]
    args = [sys.executable, "-m", "behave", "--no-capture"]
    for item in userdata:
        args += ["-D", item]
    return subprocess.run(args, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=20, check=False)


@pytest.mark.parametrize("case", CASES)
def test_bad_input_is_named_on_stderr_without_a_traceback(case):
    result = run_behave(case)
    _, named = CASES[case]
    first = result.stderr.splitlines()[0] if result.stderr else ""
    assert first.startswith("balanz-acceptance: ") and named in first, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert result.returncode != 0


@pytest.mark.parametrize("case", CASES)
def test_no_scenario_runs_after_bad_input(case):
    result = run_behave(case)
    assert "scenario" not in result.stdout.lower(), result.stdout


@pytest.mark.parametrize("case", CASES)
def test_bad_input_ends_the_run_with_exit_code_2_and_one_line(case):
    result = run_behave(case)
    _, named = CASES[case]
    assert result.returncode == EXIT_SETUP_ERROR, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    assert named in lines[0]
