"""Arguments the runner cannot honour get one line and exit code 2 before any scenario starts: non-positive or
non-numeric ``-j`` and ``--timeout``, a bad shard or start spacing, behave options that make no sense for
scenarios run side by side, and settings every worker would refuse (checked once, by the runner)."""

from __future__ import annotations

import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.standin_run import SUT_PYTHON, Project, make_project
from tests.test_parallel import IDLE

#: Seconds a refusal may take: starting Python, and for settings behave's listing (a dry run) first.
QUICK = 20.0

CASES: dict[str, tuple[list[str], dict[str, str], str]] = {
    # name: (arguments after "run", environment, words the one line holds)
    "-j 0": (["-j", "0"], {}, "argument -j/--jobs: 0 is not a positive number (at least 1)"),
    "-j -3": (["-j", "-3"], {}, "argument -j/--jobs: -3 is not a positive number"),
    "-j two": (["--jobs", "two"], {}, "argument -j/--jobs: 'two' is not a whole number"),
    "--timeout -5": (["--timeout", "-5"], {}, "argument --timeout: -5 is not a positive number of seconds"),
    "--timeout 0": (["--timeout=0"], {}, "argument --timeout: 0 is not a positive number of seconds"),
    "--timeout nan": (["--timeout", "nan"], {}, "argument --timeout: nan is not a positive number of seconds"),
    "--timeout inf": (["--timeout", "inf"], {}, "argument --timeout: inf is not a positive number of seconds"),
    "--timeout soon": (["--timeout", "soon"], {}, "argument --timeout: 'soon' is not a number of seconds"),
    "-j without a value": (["-j"], {}, "argument -j/--jobs: expected one argument"),
    "--shard 3/2": (["--shard", "3/2"], {}, "--shard '3/2': expected K/N with 1 <= K <= N"),
    "--dry-run": (["--dry-run"], {}, "-d/--dry-run: the parallel runner runs the scenarios"),
    "--stop": (["--stop"], {}, "--stop: scenarios run side by side"),
    "--wip": (["-w"], {}, "-w/--wip:"),
    "--outfile": (["-o", "out.txt"], {}, "-o/--outfile: every worker would write the same file"),
    "--parallel": (["--parallel", "2"], {}, "--parallel: behave's own parallel option is not used"),
    "spacing -1": ([], {"BALANZ_ACCEPTANCE_START_SPACING": "-1"}, "BALANZ_ACCEPTANCE_START_SPACING='-1': expected"),
    "spacing x": ([], {"BALANZ_ACCEPTANCE_START_SPACING": "x"}, "BALANZ_ACCEPTANCE_START_SPACING='x': expected"),
    "unknown key": (["-D", "no_such_key=1"], {}, "unknown userdata key 'no_such_key'"),
    "timeout_factor": (["-D", "timeout_factor=abc"], {}, "timeout_factor: 'abc' is not a number"),
    "stack": (["-D", "stack=bogus"], {}, "stack: 'bogus' is not valid"),
    "timing": (["-D", "timing=slowest"], {}, "timing: 'slowest' is not a profile"),
    "sut_python": (["-D", "sut_python=/nonexistent/python"], {}, "sut_python: /nonexistent/python does not exist"),
    "unknown feature": (["features/none.feature"], {}, "behave refused the arguments"),
    "reports_dir a file": (["-D", "reports_dir={file}"], {}, "reports_dir: cannot write to"),
}


Refused = tuple[Project, subprocess.CompletedProcess[str], float]


def _run(root: Path, args: list[str], env: dict[str, str]) -> Refused:
    project = make_project(root)
    feature = project.feature("idle", IDLE)
    (root / "a-file").write_text("")
    args = [str(feature), *(a.format(file=root / "a-file") for a in args)]
    start = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "balanz_acceptance.runner", "run", "-D", f"sut_python={SUT_PYTHON}", *args],
        cwd=root,
        env=project.env(**env),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return project, result, time.monotonic() - start


@pytest.fixture(scope="module")
def refused(
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, tuple[Project, subprocess.CompletedProcess[str], float]]:
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = {
            name: pool.submit(_run, tmp_path_factory.mktemp("refused") / "project", args, env)
            for name, (args, env, _) in CASES.items()
        }
        return {name: future.result() for name, future in futures.items()}


@pytest.mark.parametrize("case", CASES)
def test_one_line_and_exit_code_2_before_anything_starts(refused, case):
    project, result, seconds = refused[case]
    output = result.stdout + result.stderr
    assert result.returncode == 2, output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("balanz-acceptance"), output
    assert CASES[case][2] in lines[0], lines[0]
    assert "Traceback" not in output
    assert result.stdout == "", output  # not even the run's first line: nothing started
    assert not (project.root / "reports" / "parallel").exists()
    assert seconds < QUICK, f"took {seconds:.1f}s"


def test_the_console_script_refuses_an_unknown_command_with_one_line():
    result = subprocess.run(
        [sys.executable, "-m", "balanz_acceptance.runner", "rum"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert (
        result.stderr.splitlines()
        == ["balanz-acceptance: argument command: invalid choice: 'rum' (choose from run, merge, site) (see --help)"]
        or len(result.stderr.splitlines()) == 1
    ), result.stderr
