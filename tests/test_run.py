"""balanz_acceptance.runner.hooks: starting a run, aborting it, and the texts a scenario names chargers in."""

from __future__ import annotations

import sys
from contextlib import nullcontext
from types import SimpleNamespace

import pytest
from behave import register_type
from behave.matchers import Match
from behave.parser import parse_file
from behave.step_registry import StepRegistry
from parse import with_pattern

from balanz_acceptance.core.errors import SetupError
from balanz_acceptance.core.settings import PROJECT_ROOT
from balanz_acceptance.core.site import ALIAS_PATTERN, ChargerAlias, SiteModel
from balanz_acceptance.runner import hooks as run
from balanz_acceptance.runner.hooks import EXIT_SETUP_ERROR, abort, chargers_at_start, chargers_of, start_run
from balanz_acceptance.sut import processes


@pytest.fixture(autouse=True)
def no_signal_handlers(monkeypatch):
    """start_run installs atexit and SIGTERM handlers; not in the test process."""
    monkeypatch.setattr(run.processes, "install_handlers", lambda **_: None)


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


def test_abort_prints_one_line_and_exits_with_the_setup_error_code(capfd, monkeypatch):
    stopped = []
    monkeypatch.setattr(run.processes, "stop_all", lambda: stopped.append(True))

    def fake_exit(code: int) -> None:  # abort leaves the interpreter directly: behave swallows SystemExit
        raise SystemExit(code)

    monkeypatch.setattr(run.os, "_exit", fake_exit)
    with pytest.raises(SystemExit) as caught:
        abort(SetupError("timing: 'nope' is not a profile; expected one of fast, standard"))
    assert caught.value.code == EXIT_SETUP_ERROR == 2
    assert stopped == [True]
    out, err = capfd.readouterr()  # written to file descriptor 2: behave's capture of sys.stderr is bypassed
    assert out == ""
    assert err == "balanz-acceptance: timing: 'nope' is not a profile; expected one of fast, standard\n"


class _Table:
    def __init__(self, headings: list[str], rows: list[list[str]]) -> None:
        self.headings = headings
        self._rows = [SimpleNamespace(cells=cells) for cells in rows]

    def __iter__(self):
        return iter(self._rows)


def test_chargers_of_a_scenario_are_its_alias_parameters_and_charger_columns():
    """The simulators a scenario starts come from behave's step matching: Alias parameters and charger columns."""
    register_type(Alias=with_pattern(ALIAS_PATTERN)(ChargerAlias))
    registry = StepRegistry()
    registry.add_step_definition("given", "{alias:Alias} is available", lambda context, alias: None)
    registry.add_step_definition("given", "the group {group} is named", lambda context, group: None)
    registry.add_step_definition("given", "these sessions start", lambda context: None)
    steps = [
        SimpleNamespace(step_type="given", name="HQ-14 is available", table=None),
        SimpleNamespace(step_type="given", name="the group RR2-04 is named", table=None),  # free text: no charger
        SimpleNamespace(
            step_type="given",
            name="these sessions start",
            table=_Table(["charger", "tag"], [["RR2-02", "D40C346D"], ["RR2-01", "E08CEE18"]]),
        ),
        SimpleNamespace(step_type="given", name="HQ-14 is available", table=None),
    ]
    assert chargers_of(SimpleNamespace(all_steps=steps), registry) == ["HQ-14", "RR2-02", "RR2-01"]


def test_a_charger_the_scenario_declares_new_is_started_by_the_step_that_connects_it_not_with_the_stack(site):
    texts = ["the operator has created the new charger RR2-05 with id ACC0000005 in group RR2", "sessions start"]
    started = chargers_at_start(site, ["RR2-05", "RR2-02", "HQ-14"], texts)
    assert [c.alias for c in started] == ["HQ-14", "RR2-02"]


def test_a_charger_data_model_lacks_that_no_step_declares_new_is_refused(site):
    with pytest.raises(SetupError, match=r"charger 'RR2-05' is not in data/model/chargers\.csv"):
        chargers_at_start(site, ["RR2-05"], ["RR2-05 is available"])


# --- the features' names -----------------------------------------------------------------------------------
def _features(tmp_path, text: str) -> list:
    path = tmp_path / "names.feature"
    path.write_text(text)
    return [parse_file(str(path))]


@pytest.fixture
def site():
    return SiteModel(PROJECT_ROOT / "data" / "model")


def test_check_features_accepts_the_repositorys_features(site):
    run.check_features(site, [parse_file(str(p)) for p in sorted((PROJECT_ROOT / "features").glob("*.feature"))])


def test_check_features_names_the_file_and_line_of_an_unknown_charger(site, tmp_path):
    features = _features(
        tmp_path,
        "Feature: F\n  Background:\n    Given RR2-07 is available\n\n"
        "  Scenario: A\n    Given HQ-14 is available\n\n  Scenario: B\n    Given RR2-01 is available\n",
    )
    with pytest.raises(SetupError) as caught:
        run.check_features(site, features)
    assert str(caught.value).endswith(  # behave names the file relative to the working directory
        f"{tmp_path.name}/names.feature:3: charger RR2-07 is not in data/model/chargers.csv "
        "(known: HQ-14, RR2-01, RR2-02, RR2-03, RR2-04, TW-01)"
    )  # the background counts once


def test_check_features_counts_further_problems(site, tmp_path):
    features = _features(
        tmp_path,
        "Feature: F\n  Scenario: A\n    When the driver presents tag DEADBEE5 at HQ-14\n"
        "    Then the offer to XY-1 stays at 0 A for 1 balancing tick\n",
    )
    with pytest.raises(SetupError, match=r"names\.feature:3: tag DEADBEE5 is not in .*tags\.csv \(and 1 more\)$"):
        run.check_features(site, features)


def test_check_features_points_at_the_example_row_of_an_outline(site, tmp_path):
    features = _features(
        tmp_path,
        "Feature: F\n  Scenario Outline: O\n    When the driver presents tag <tag> at HQ-14\n\n"
        "    Examples:\n      | tag      |\n      | D40C346D |\n      | 1234ABCD |\n",
    )
    with pytest.raises(SetupError, match=r"names\.feature:8: tag 1234ABCD is not"):
        run.check_features(site, features)


def test_check_features_reads_a_tag_column(site, tmp_path):
    features = _features(
        tmp_path,
        "Feature: F\n  Scenario: A\n    Given sessions are charging at:\n"
        "      | charger | tag      |\n      | RR2-01  | D40C346D |\n      | RR2-02  | 99999999 |\n",
    )
    with pytest.raises(SetupError, match=r"names\.feature:6: tag 99999999 is not"):
        run.check_features(site, features)


def test_check_features_allows_what_a_scenario_introduces_as_new_or_unknown(site, tmp_path):
    features = _features(
        tmp_path,
        "Feature: F\n  Scenario: A\n    Given the operator creates the new active tag 5EED0001 for Nina New\n"
        "    When the driver tries the known tag 5eed0001 at HQ-14\n"
        "    And the driver tries the unknown tag 0BADC0DE at HQ-14\n"
        "    Then the tag is refused at HQ-14 as Invalid\n",
    )
    run.check_features(site, features)


def test_in_step_is_true_only_inside_a_step_run_by_behave():
    seen = []
    Match(lambda context: seen.append(run.in_step(sys._getframe())), arguments=[]).run(
        SimpleNamespace(use_with_user_mode=nullcontext)
    )
    assert seen == [True]
    assert run.in_step(sys._getframe()) is False
    assert run.in_step(None) is False
