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


def test_ci_runs_exactly_the_readmes_test_command():
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Test (the harness's own tests; what CI runs)", 1)[1]
    command = re.search(r"```sh\n(.*?)```", section, flags=re.S).group(1).splitlines()
    script = (ROOT / ".ci" / "run").read_text().splitlines()
    ci = script[script.index('cd "$(dirname "$0")/.."') + 1 :]
    assert ci == command


def _pins_in_pyproject() -> dict[str, tuple[str, str]]:
    """Program → (repository, commit) of the ``sut`` extra, each for Python >= 3.13 only."""
    import tomllib

    extra = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]["sut"]
    pins = {}
    for requirement in extra:
        found = re.fullmatch(r'(\w+) @ git\+(https://\S+)@([0-9a-f]{40}) ; python_version >= "3\.13"', requirement)
        assert found, f"not a git URL at a full commit id with the Python 3.13 marker: {requirement}"
        pins[found.group(1)] = (found.group(2), found.group(3))
    return pins


def test_the_readme_names_the_commits_the_sut_extra_pins():
    readme = (ROOT / "README.md").read_text()
    rows = re.findall(r"^\| (\w+) \| (https://github\.com/\S+) \| `([0-9a-f]{40})` \|$", readme, flags=re.MULTILINE)
    assert {name: (url, commit) for name, url, commit in rows} == _pins_in_pyproject()
    assert set(_pins_in_pyproject()) == {"balanz", "ocppsim"}
