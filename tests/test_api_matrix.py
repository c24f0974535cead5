"""The API access matrix: the feature's table against balanz's own permission lists, the requests, the matcher."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
from behave.parser import parse_file
from hamcrest import assert_that, is_not
from hamcrest.core.string_description import StringDescription

from balanz_acceptance.actors.api_matrix import Probe, requests
from balanz_acceptance.checks.answers import answered_as_matrix, matrix_from_rows, verdict_of
from balanz_acceptance.core.errors import SetupError
from balanz_acceptance.core.settings import PROJECT_ROOT
from balanz_acceptance.sut.api_commands import COMMANDS, USER_TYPES, allow_lists_from_source
from balanz_acceptance.sut.balanz_api import ANSWERED, Answer

FEATURE = PROJECT_ROOT / "features" / "api_access.feature"


def feature_matrix() -> dict[str, dict[str, str]]:
    """The matrix of features/api_access.feature (the table of its matrix step)."""
    feature = parse_file(str(FEATURE))
    tables = [
        step.table
        for scenario in feature.walk_scenarios(with_outlines=True)
        for step in scenario.steps
        if step.table is not None and "command" in step.table.headings and "Admin" in step.table.headings
    ]
    assert tables, "features/api_access.feature has no matrix"
    return matrix_from_rows(tables[0].headings, (row.cells for row in tables[0]))


def balanz_api_py() -> Path | None:
    spec = importlib.util.find_spec("balanz")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "api.py"
    return path if path.is_file() else None


def probe() -> Probe:
    return Probe("HQ-14", "D40C346D", 7, 9.0, 3, 6.0, "INFO", ("balanz", "min_allocation", "6"))


def mismatch(matcher, item) -> str:
    description = StringDescription()
    matcher.describe_mismatch(item, description)
    return str(description)


# --- the feature's matrix -----------------------------------------------------------------------------
def test_the_features_matrix_lists_every_command_for_every_user_type():
    matrix = feature_matrix()
    assert list(matrix) == list(COMMANDS)
    assert all(set(v) == set(USER_TYPES) for v in matrix.values())
    assert all(v["Admin"] == "allowed" for v in matrix.values())


@pytest.mark.skipif(balanz_api_py() is None, reason="balanz is not installed in this interpreter")
def test_the_features_matrix_is_balanz_s_permission_lists():
    api_py = balanz_api_py()
    assert api_py is not None
    lists, commands = allow_lists_from_source(api_py)
    assert commands == set(COMMANDS), "balanz's API has other commands than the matrix"
    matrix = feature_matrix()
    for user_type in USER_TYPES:
        allowed = {c for c, v in matrix.items() if v[user_type] == "allowed"}
        # API_ALLOW also names WriteTags, which balanz does not implement (the feature says so).
        assert allowed == lists[user_type] & set(commands), user_type
    assert lists["Tags"] - commands == {"WriteTags"}


def test_allow_lists_are_read_from_source_without_importing_it(tmp_path):
    api_py = tmp_path / "api.py"
    api_py.write_text(
        "API_ALLOW = {}\n"
        'API_ALLOW[UserType.status] = ["GetGroups"]\n'
        'API_ALLOW[UserType.analysis] = API_ALLOW[UserType.status] + ["GetTags"]\n'
        'API_ALLOW[UserType.session_priority] = ["GetGroups"]\n'
        'API_ALLOW[UserType.tag] = API_ALLOW[UserType.analysis] + ["UpdateTag", "Gone"]\n'
        "def api_handler(command):\n"
        '    if command == "Login": pass\n'
        '    elif command == "GetGroups": pass\n'
        '    elif not result and command == "GetTags": pass\n'
        '    elif not result and command == "UpdateTag": pass\n'
    )
    lists, commands = allow_lists_from_source(api_py)
    assert commands == {"GetGroups", "GetTags", "UpdateTag"}
    assert lists["Analysis"] == {"GetGroups", "GetTags"}
    assert lists["Tags"] == {"GetGroups", "GetTags", "UpdateTag", "Gone"}
    assert lists["Admin"] == commands


def test_a_matrix_that_misses_a_command_or_has_a_bad_verdict_is_refused():
    headings = ["command", *USER_TYPES]
    rows = [[c, *["allowed"] * 5] for c in COMMANDS]
    with pytest.raises(SetupError, match=re.escape("missing ['GetStatus']")):
        matrix_from_rows(headings, rows[1:])
    with pytest.raises(SetupError, match="twice"):
        matrix_from_rows(headings, [*rows, rows[0]])
    with pytest.raises(SetupError, match=re.escape("not {'Status': 'maybe'}")):
        matrix_from_rows(headings, [[rows[0][0], "maybe", *rows[0][2:]], *rows[1:]])
    with pytest.raises(SetupError, match=re.escape("missing ['Admin']")):
        matrix_from_rows(headings[:-1], [r[:-1] for r in rows])


# --- the requests ----------------------------------------------------------------------------------------
def test_every_command_has_a_request_in_a_safe_order():
    made = requests(probe())
    order = [c for c, _ in made]
    assert order == list(COMMANDS)
    for create, *later in (
        ("CreateUser", "UpdateUser", "DeleteUser"),
        ("CreateFirmware", "ModifyFirmware", "DeleteFirmware"),
        ("CreateCharger", "UpdateCharger", "ResetChargerAuth", "DeleteCharger"),
        ("CreateTag", "UpdateTag", "DeleteTag"),
        ("ClearDefaultProfiles", "SetDefaultProfile"),
    ):
        assert all(order.index(create) < order.index(c) for c in later)
    assert order[-2:] == ["RemoteStopTransaction", "Reset"]
    payloads = dict(made)
    assert payloads["SetTxProfile"]["limit"] == 9.0 and payloads["SetTxProfile"]["transaction_id"] == 7
    assert payloads["SetDefaultProfile"] == {
        "alias": "HQ-14", "connector_id": 0, "charging_profile_id": 1, "stack_level": 0, "limit": 6.0,
    }  # fmt: skip
    assert payloads["SetConfig"] == {"section": "balanz", "key": "min_allocation", "value": "6"}


# --- verdicts and the matcher -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("answer", "verdict"),
    [
        (Answer("GetTags", "NotAuthorized"), "refused"),
        (Answer("GetTags", ANSWERED, []), "allowed"),
        (Answer("UpdateTag", ANSWERED, {"status": "Accepted"}), "allowed"),
        (Answer("Reset", ANSWERED, {"status": "Rejected"}), "neither: answered {'status': 'Rejected'}"),
        (Answer("UpdateFirmware", ANSWERED, {"status": "Accepted"}), "allowed"),
        (Answer("UpdateFirmware", "Rejected", {"status": "Rejected"}), "allowed"),  # the charger's refusal, passed on
        (
            Answer("UpdateFirmware", "InternalError", {"status": "InternalError"}),
            "neither: InternalError {'status': 'InternalError'}",
        ),
        (Answer("UpdateTag", "NoSuchTag", {"status": "NoSuchTag"}), "neither: NoSuchTag {'status': 'NoSuchTag'}"),
        (Answer("WriteTags", "Invalid Command WriteTags"), "neither: Invalid Command WriteTags None"),
        (Answer("Reset", "Unexpected Error"), "neither: Unexpected Error None"),
    ],
)
def test_allowed_means_the_real_answer(answer, verdict):
    assert verdict_of(answer) == verdict


def test_the_matcher_lists_every_command_with_another_verdict():
    matrix = {c: dict.fromkeys(USER_TYPES, "allowed") for c in COMMANDS}
    matrix["GetStatus"]["Status"] = "refused"
    answers = [Answer(c, ANSWERED, {}) for c in COMMANDS]
    assert_that(answers, answered_as_matrix(matrix, "Admin"))
    matcher = answered_as_matrix(matrix, "Status")
    assert_that(answers, is_not(matcher))
    answers[1] = Answer("GetLogs", "Unexpected Error")
    text = mismatch(matcher, answers[:-1])
    assert "Reset: never tried" in text
    assert "GetStatus: refused, but allowed (GetStatus → answered)" in text
    assert "GetLogs: allowed, but neither: Unexpected Error" in text
    with pytest.raises(SetupError, match="unknown user type Root"):
        answered_as_matrix(matrix, "Root")
