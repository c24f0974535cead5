"""balanz_acceptance.run: starting a run, aborting it, and the texts a scenario names chargers in."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from balanz_acceptance import processes, run
from balanz_acceptance.errors import SetupError
from balanz_acceptance.run import EXIT_SETUP_ERROR, abort, scenario_texts, start_run


@pytest.fixture(autouse=True)
def no_signal_handlers(monkeypatch):
    """start_run installs atexit and SIGTERM handlers; not in the test process."""
    monkeypatch.setattr(run.processes, "install_handlers", lambda: None)


def test_start_run_prepares_a_run_directory_and_starts_nothing(tmp_path):
    started = start_run({"stack": "external", "timing": "standard", "runtime_dir": str(tmp_path / "runtime")})
    assert started.profile.name == "standard"
    assert "HQ-14" in started.site.chargers
    assert started.directory.parent == tmp_path / "runtime"
    assert started.directory.is_dir() and started.directory.name.endswith("-standard")
    assert started.count == 0
    assert processes.running() == []


def test_start_run_refuses_an_unknown_timing_profile_before_making_directories(tmp_path):
    with pytest.raises(SetupError, match="timing: 'nope' is not a profile"):
        start_run({"stack": "external", "timing": "nope", "runtime_dir": str(tmp_path / "runtime")})
    assert not (tmp_path / "runtime").exists()


def test_abort_prints_one_line_and_exits_with_the_setup_error_code(capsys, monkeypatch):
    stopped = []
    monkeypatch.setattr(run.processes, "stop_all", lambda: stopped.append(True))

    def fake_exit(code: int) -> None:  # abort leaves the interpreter directly: behave swallows SystemExit
        raise SystemExit(code)

    monkeypatch.setattr(run.os, "_exit", fake_exit)
    with pytest.raises(SystemExit) as caught:
        abort(SetupError("timing: 'nope' is not a profile; expected one of fast, standard"))
    assert caught.value.code == EXIT_SETUP_ERROR == 2
    assert stopped == [True]
    out, err = capsys.readouterr()
    assert out == ""
    assert err == "balanz-acceptance: timing: 'nope' is not a profile; expected one of fast, standard\n"


class _Table:
    def __init__(self, headings: list[str], rows: list[list[str]]) -> None:
        self.headings = headings
        self._rows = [SimpleNamespace(cells=cells) for cells in rows]

    def __iter__(self):
        return iter(self._rows)


def test_scenario_texts_has_the_name_the_steps_and_their_tables():
    scenario = SimpleNamespace(
        name="Two chargers share RR2",
        all_steps=[
            SimpleNamespace(name="HQ-14 is available", table=None),
            SimpleNamespace(
                name="these sessions start",
                table=_Table(["charger", "tag"], [["RR2-01", "D40C346D"], ["RR2-02", "E08CEE18"]]),
            ),
        ],
    )
    assert scenario_texts(scenario) == [
        "Two chargers share RR2",
        "HQ-14 is available",
        "these sessions start",
        "RR2-01 D40C346D",
        "RR2-02 E08CEE18",
        "charger tag",
    ]
