"""balanz_acceptance.core.settings: userdata validation and the system-under-test probe."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from balanz_acceptance.core import settings
from balanz_acceptance.core.errors import SetupError
from balanz_acceptance.core.settings import DEFAULT_SIM_URLS, KNOWN_KEYS, PROJECT_ROOT, load_settings, locate_sut


def _external(**userdata: str) -> dict[str, str]:
    return {"stack": "external", **userdata}


@pytest.fixture
def sut_sources(tmp_path: Path) -> tuple[Path, Path]:
    """Directories that look like balanz and ocppsim checkouts."""
    balanz, ocppsim = tmp_path / "balanz", tmp_path / "ocppsim"
    balanz.mkdir()
    ocppsim.mkdir()
    (balanz / "balanz.py").write_text("")
    (ocppsim / "ocppsim.py").write_text("")
    return balanz, ocppsim


def fake_probe(monkeypatch: pytest.MonkeyPatch, **found: object) -> list[list[str]]:
    """Make the interpreter probe answer ``found`` (over a good Python 3.13); return the calls made."""
    answer = {"version": [3, 13], "balanz": None, "ocppsim": None, "balanz_version": "1.2.3", **found}
    calls: list[list[str]] = []

    def run(args: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
        calls.append(list(args))
        return subprocess.CompletedProcess(args, 0, stdout=json.dumps(answer) + "\n", stderr="")

    monkeypatch.setattr(settings.subprocess, "run", run)
    return calls


# --- userdata keys ----------------------------------------------------------------------------------
def test_unknown_key_is_refused_listing_every_valid_key():
    with pytest.raises(SetupError) as caught:
        load_settings({"no_such_key": "1"})
    message = str(caught.value)
    assert "'no_such_key'" in message
    for key in KNOWN_KEYS:
        assert key in message
    assert "sim.<charger alias>" in message
    assert "\n" not in message


def test_a_simulator_url_key_is_accepted_and_overrides_only_that_charger():
    loaded = load_settings(_external(**{"sim.RR2-01": "ws://sims.example:4001"}))
    assert loaded.sim_urls["RR2-01"] == "ws://sims.example:4001"
    assert loaded.sim_urls["HQ-14"] == DEFAULT_SIM_URLS["HQ-14"]


def test_external_defaults():
    loaded = load_settings(_external(balanz_url="ws://balanz.example:9999/"))
    assert not loaded.managed
    assert loaded.timing == "fast"
    assert loaded.balanz_url == "ws://balanz.example:9999"
    assert loaded.timeout_factor == 1.0
    assert loaded.runtime_dir.is_absolute()


def test_an_unknown_stack_kind_is_refused():
    with pytest.raises(SetupError, match=r"stack: 'remote' is not valid; expected 'managed' or 'external'"):
        load_settings({"stack": "remote"})


# --- timeout_factor -----------------------------------------------------------------------------------
def test_timeout_factor_is_read_as_a_number():
    assert load_settings(_external(timeout_factor="2.5")).timeout_factor == 2.5


def test_a_timeout_factor_that_is_not_a_number_is_refused():
    with pytest.raises(SetupError, match=r"timeout_factor: 'slow' is not a number"):
        load_settings(_external(timeout_factor="slow"))


@pytest.mark.parametrize("value", ["0", "-1"])
def test_a_timeout_factor_that_is_not_positive_is_refused(value):
    with pytest.raises(SetupError, match="must be a positive number"):
        load_settings(_external(timeout_factor=value))


def test_a_timeout_factor_of_nan_is_refused():
    with pytest.raises(SetupError, match="timeout_factor"):
        load_settings(_external(timeout_factor="nan"))


# --- the managed stack's interpreter -------------------------------------------------------------------
def test_a_missing_interpreter_is_named():
    with pytest.raises(SetupError) as caught:
        load_settings({"sut_python": "/nonexistent/python"})
    assert str(caught.value).startswith("sut_python: /nonexistent/python does not exist")
    assert ">= 3.13" in str(caught.value)


def test_an_interpreter_older_than_3_13_is_refused_with_its_version(tmp_path):
    # A real interpreter that reports 3.12: a script that answers the probe as an old Python would.
    old = tmp_path / "python3.12"
    old.write_text(f"#!/bin/sh\nexec {sys.executable} -c 'import json; print(json.dumps({{\"version\": [3, 12]}}))'\n")
    old.chmod(0o755)
    with pytest.raises(SetupError) as caught:
        locate_sut(str(old), None, None)
    assert str(caught.value) == f"sut_python: {old} is Python 3.12; balanz and ocppsim need Python >= 3.13"


def test_the_default_interpreter_is_the_suites_own(monkeypatch):
    calls = fake_probe(monkeypatch, version=[3, 11])
    with pytest.raises(SetupError, match=r"is Python 3\.11"):
        load_settings({})
    assert calls[0][0] == sys.executable


def test_a_file_that_is_not_an_interpreter_is_refused(tmp_path):
    not_python = tmp_path / "python"
    not_python.write_text("#!/bin/sh\necho hello\n")
    not_python.chmod(0o755)
    with pytest.raises(SetupError, match=r"is not a working Python interpreter"):
        locate_sut(str(not_python), None, None)
    not_python.chmod(0o644)  # not executable: OSError inside the probe
    with pytest.raises(SetupError, match=r"is not a working Python interpreter"):
        locate_sut(str(not_python), None, None)


def test_the_external_stack_does_not_probe_the_interpreter(monkeypatch):
    calls = fake_probe(monkeypatch)
    loaded = load_settings(_external(sut_python="/nonexistent/python"))
    assert calls == []
    assert loaded.balanz_src is None and loaded.ocppsim_src is None


def test_given_source_directories_are_checked_and_returned_resolved(monkeypatch, sut_sources):
    fake_probe(monkeypatch)
    balanz, ocppsim = sut_sources
    loaded = load_settings({"sut_python": sys.executable, "balanz_src": str(balanz), "ocppsim_src": str(ocppsim)})
    assert loaded.managed
    assert (loaded.balanz_src, loaded.ocppsim_src) == (balanz.resolve(), ocppsim.resolve())


def test_source_directories_default_to_where_the_interpreter_imports_them_from(monkeypatch, sut_sources):
    balanz, ocppsim = sut_sources
    # a package directory for balanz, a single module file for ocppsim
    fake_probe(monkeypatch, balanz=str(balanz), ocppsim=str(ocppsim / "ocppsim.py"))
    assert locate_sut(sys.executable, None, None)[1:] == (balanz.resolve(), ocppsim.resolve())


def test_a_source_directory_without_its_script_is_refused(monkeypatch, sut_sources, tmp_path):
    fake_probe(monkeypatch)
    _, ocppsim = sut_sources
    with pytest.raises(SetupError, match=rf"balanz_src: {tmp_path} has no balanz\.py"):
        locate_sut(sys.executable, str(tmp_path), str(ocppsim))


def test_an_interpreter_that_cannot_import_balanz_is_refused(monkeypatch):
    fake_probe(monkeypatch)
    with pytest.raises(SetupError, match=r"cannot import balanz; install it there"):
        locate_sut(sys.executable, None, None)


def test_an_interpreter_without_the_balanz_distribution_is_refused(monkeypatch, sut_sources):
    fake_probe(monkeypatch, balanz_version=None)
    balanz, ocppsim = sut_sources
    with pytest.raises(SetupError, match=r"has no installed 'balanz' distribution"):
        locate_sut(sys.executable, str(balanz), str(ocppsim))


def test_a_relative_interpreter_path_is_made_absolute(monkeypatch, tmp_path, sut_sources):
    fake_probe(monkeypatch)
    (tmp_path / "venv" / "bin").mkdir(parents=True)
    (tmp_path / "venv" / "bin" / "python").write_text("")
    (tmp_path / "data").symlink_to(PROJECT_ROOT / "data")  # a run reads data/ where it starts
    monkeypatch.chdir(tmp_path)
    balanz, ocppsim = sut_sources
    loaded = load_settings({"sut_python": "venv/bin/python", "balanz_src": str(balanz), "ocppsim_src": str(ocppsim)})
    assert loaded.sut_python.is_absolute()
    assert loaded.sut_python == tmp_path / "venv" / "bin" / "python"
