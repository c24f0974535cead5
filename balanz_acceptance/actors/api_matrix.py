"""The API access matrix: every command of balanz's API, a request for each that changes nothing lasting,
and the check of balanz's answers against the matrix a feature states.

balanz checks a logged-in user's type against its permission lists (api.py ``API_ALLOW``; Admin may call
everything) before it looks at the command. A refused call is answered ``NotAuthorized``; an allowed one
is carried out and gets its real answer: a result, and where the command answers a status, ``Accepted``.
To get real answers every request here is valid: it names a charger that is connected and in a session,
a user, charger, tag and firmware entry that the requests themselves create and delete again, and sets
values (log level, configuration keys, default profile) to what they already are. The requests run in
``COMMANDS`` order, which keeps that true: what is created is changed and deleted afterwards, and the
two commands that end the session (RemoteStopTransaction, then Reset) come last.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hamcrest.core.base_matcher import BaseMatcher
from hamcrest.core.description import Description

from balanz_acceptance.actors.api_users import ANSWERED, NOT_AUTHORIZED, Answer
from balanz_acceptance.core.errors import SetupError
from balanz_acceptance.core.site import SiteModel
from balanz_acceptance.core.timing import TimingProfile
from balanz_acceptance.sut.balanz_api import ConnectorView
from balanz_acceptance.sut.ocppsim_client import SimStatus

#: The user types of balanz (user.py ``UserType`` values), in the order of the features' matrix columns.
USER_TYPES = ("Status", "Analysis", "SessionPriority", "Tags", "Admin")
#: The verdicts a matrix cell may hold.
ALLOWED, REFUSED = "allowed", "refused"

#: Every command of balanz's API but Login, in the order the requests are made.
COMMANDS: tuple[str, ...] = (
    "GetStatus", "GetLogs", "SetConfig", "SetLogLevel", "DrawAll",
    "GetUsers", "CreateUser", "UpdateUser", "DeleteUser",
    "GetFirmware", "CreateFirmware", "ModifyFirmware", "DeleteFirmware", "ReloadFirmware",
    "GetGroups", "ReloadGroups", "UpdateGroup", "SetBalanzState",
    "GetChargers", "ReloadChargers", "CreateCharger", "UpdateCharger", "ResetChargerAuth", "DeleteCharger",
    "GetTags", "ReloadTags", "CreateTag", "UpdateTag", "DeleteTag",
    "GetSessions", "GetCSVSessions",
    "SetChargePriority", "GetConfiguration", "ChangeConfiguration", "TriggerMessage",
    "SetTxProfile", "ClearDefaultProfiles", "SetDefaultProfile", "ClearDefaultProfile",
    "RemoteStartTransaction", "UpdateFirmware", "RemoteStopTransaction", "Reset",
)  # fmt: skip

#: Names the requests create and delete again (none is in data/model).
PROBE_USER = "acceptance-probe-user"
PROBE_CHARGER = "ACCEPTANCE-PROBE-CHARGER"
PROBE_TAG = "ACCEPTANCEPROBE"
PROBE_FIRMWARE = "acceptance-probe-firmware"
#: The charger configuration key the requests read and set to its own default value (ocppsim's default).
CHARGER_KEY, CHARGER_KEY_VALUE = "HeartbeatInterval", "120"


@dataclass(frozen=True)
class Probe:
    """What the requests need to know of the site and the running balanz."""

    #: A charger that is connected and has a session (the charger commands' target).
    alias: str
    #: The tag of that session (RemoteStartTransaction at a busy charger starts nothing).
    id_tag: str
    #: The id of that session's transaction (as the charger knows it).
    transaction_id: int
    #: The offer balanz has made to that session (SetTxProfile sets the charger's limit to it).
    offered: float
    #: The charger's configured priority (SetChargePriority gives the session the priority it has).
    priority: int
    #: balanz's min_allocation (its base default profile, id 1 on connector 0 at stack level 0).
    min_allocation: float
    #: balanz's configured level of its ``api`` logger.
    api_log_level: str
    #: A balanz configuration key and the value it has: section, key, value.
    config_entry: tuple[str, str, str]


def make_probe(
    site: SiteModel, profile: TimingProfile, alias: str, view: ConnectorView | None, sim: SimStatus | None
) -> Probe:
    """The probe for requests at ``alias``: its session as balanz (``view``) and the charger (``sim``) see it.

    Without a session (a client that is not logged in is refused before any of this matters) the
    probe names the charger's own priority, the site's first tag and transaction 1.
    """
    logging_levels = profile.balanz["logging"]
    return Probe(
        alias=alias,
        id_tag=(view.id_tag if view and view.id_tag else next(iter(site.tags))),
        transaction_id=(sim.transaction_id if sim and sim.transaction_id is not None else 1),
        offered=(view.offered if view and view.in_transaction else profile.min_allocation),
        priority=site.charger(alias).priority,
        min_allocation=profile.min_allocation,
        api_log_level=logging_levels.get("api", "INFO"),
        config_entry=("balanz", "min_allocation", profile.balanz["balanz"]["min_allocation"]),
    )


def requests(probe: Probe) -> list[tuple[str, dict[str, Any]]]:
    """Every command with a request that changes nothing lasting, in ``COMMANDS`` order."""
    section, key, value = probe.config_entry
    at = {"alias": probe.alias}
    firmware = {
        "firmware_id": PROBE_FIRMWARE,
        "charge_point_vendor": "none",
        "charge_point_model": "none",
        "url": "http://127.0.0.1:9/none",
    }
    by_command: dict[str, dict[str, Any]] = {
        "GetStatus": {},
        "GetLogs": {"filters": {"messageSearch": "API"}},
        "SetConfig": {"section": section, "key": key, "value": value},
        "SetLogLevel": {"component": "api", "loglevel": probe.api_log_level},
        "DrawAll": {"historic": False},
        "GetUsers": {},
        "CreateUser": {"user_id": PROBE_USER, "user_type": "Status", "password": "probe", "description": "probe"},
        "UpdateUser": {"user_id": PROBE_USER, "description": "probe, changed"},
        "DeleteUser": {"user_id": PROBE_USER},
        "GetFirmware": {},
        "CreateFirmware": firmware,
        "ModifyFirmware": {"firmware_id": PROBE_FIRMWARE, "firmware_version": "0"},
        "DeleteFirmware": {"firmware_id": PROBE_FIRMWARE},
        "ReloadFirmware": {},
        "GetGroups": {},
        "ReloadGroups": {},
        "UpdateGroup": {"group_id": "HQ"},  # nothing to change: only the group is named
        "SetBalanzState": {"group_id": "RR2", "suspend": False},
        "GetChargers": {},
        "ReloadChargers": {},
        "CreateCharger": {"charger_id": PROBE_CHARGER, "alias": "probe", "group_id": "Default", "conn_max": 16},
        "UpdateCharger": {"charger_id": PROBE_CHARGER, "description": "probe, changed"},
        "ResetChargerAuth": {"charger_id": PROBE_CHARGER},
        "DeleteCharger": {"charger_id": PROBE_CHARGER},
        "GetTags": {},
        "ReloadTags": {},
        "CreateTag": {"id_tag": PROBE_TAG, "user_name": "Probe", "status": "Blocked"},
        "UpdateTag": {"id_tag": PROBE_TAG, "description": "probe, changed"},
        "DeleteTag": {"id_tag": PROBE_TAG},
        "GetSessions": {},
        "GetCSVSessions": {},
        "SetChargePriority": {**at, "connector_id": 1, "priority": probe.priority},
        "GetConfiguration": {**at, "key": [CHARGER_KEY]},
        "ChangeConfiguration": {**at, "key": CHARGER_KEY, "value": CHARGER_KEY_VALUE},
        "TriggerMessage": {**at, "requested_message": "StatusNotification", "connector_id": 1},
        "SetTxProfile": {**at, "connector_id": 1, "transaction_id": probe.transaction_id, "limit": probe.offered},
        "ClearDefaultProfiles": {**at},
        "SetDefaultProfile": {
            **at, "connector_id": 0, "charging_profile_id": 1, "stack_level": 0, "limit": probe.min_allocation,
        },
        "ClearDefaultProfile": {**at, "connector_id": 1, "charging_profile_id": 2},
        "RemoteStartTransaction": {**at, "connector_id": 1, "id_tag": probe.id_tag},
        "UpdateFirmware": {**at, "location": "http://127.0.0.1:9/none"},
        "RemoteStopTransaction": {**at, "transaction_id": probe.transaction_id},
        "Reset": {**at, "type": "Soft"},
    }  # fmt: skip
    assert tuple(by_command) == COMMANDS, "requests and COMMANDS must list the same commands in the same order"
    return list(by_command.items())


def is_real_answer(answer: Answer) -> bool:
    """balanz carried the call out: a result, and ``Accepted`` where the command answers a status."""
    if answer.status != ANSWERED:
        return False
    return not isinstance(answer.detail, dict) or answer.detail.get("status", "Accepted") == "Accepted"


def verdict_of(answer: Answer) -> str:
    """``allowed`` (the real answer), ``refused`` (NotAuthorized), or what else balanz answered."""
    if answer.status == NOT_AUTHORIZED:
        return REFUSED
    if is_real_answer(answer):
        return ALLOWED
    return f"neither: {answer.status} {answer.detail!r}"[:160]


# --- the matrix a feature states -------------------------------------------------------------------
Matrix = dict[str, dict[str, str]]


def matrix_from_rows(headings: Sequence[str], rows: Iterable[Sequence[str]]) -> Matrix:
    """command → user type → verdict, from a table with a ``command`` column and one column per user type.

    A table that misses a user type, lists a command twice, has a verdict other than allowed/refused,
    or does not list exactly the commands of ``COMMANDS`` is a SetupError naming the difference.
    """
    names = [h.strip() for h in headings]
    missing = [t for t in USER_TYPES if t not in names]
    if "command" not in names or missing:
        raise SetupError(f"the access matrix needs columns command and {', '.join(USER_TYPES)}; missing {missing}")
    matrix: Matrix = {}
    for row in rows:
        cells = dict(zip(names, (c.strip() for c in row), strict=True))
        command = cells["command"]
        if command in matrix:
            raise SetupError(f"the access matrix lists {command} twice")
        bad = {t: cells[t] for t in USER_TYPES if cells[t] not in (ALLOWED, REFUSED)}
        if bad:
            raise SetupError(f"the access matrix: {command}: verdicts must be allowed or refused, not {bad}")
        matrix[command] = {t: cells[t] for t in USER_TYPES}
    extra, absent = sorted(set(matrix) - set(COMMANDS)), sorted(set(COMMANDS) - set(matrix))
    if extra or absent:
        raise SetupError(f"the access matrix must list every command of the API: unknown {extra}, missing {absent}")
    return matrix


class AnsweredAsMatrix(BaseMatcher[Sequence[Answer]]):
    """Matches the answers to every command when each has the verdict the matrix gives the user type."""

    def __init__(self, matrix: Mapping[str, Mapping[str, str]], user_type: str) -> None:
        if user_type not in USER_TYPES:
            raise SetupError(f"unknown user type {user_type}; balanz's are {', '.join(USER_TYPES)}")
        self.expected = {command: verdicts[user_type] for command, verdicts in matrix.items()}
        self.user_type = user_type

    def _differences(self, answers: Sequence[Answer]) -> list[str]:
        got = {a.command: a for a in answers}
        differences = [f"{c}: never tried" for c in self.expected if c not in got]
        differences += [
            f"{c}: {want}, but {verdict_of(got[c])} ({got[c]})"
            for c, want in self.expected.items()
            if c in got and verdict_of(got[c]) != want
        ]
        return differences

    def _matches(self, item: Sequence[Answer]) -> bool:
        return not self._differences(item)

    def describe_to(self, description: Description) -> None:
        """Describe the expectation."""
        allowed = sum(v == ALLOWED for v in self.expected.values())
        description.append_text(
            f"a {self.user_type} user's {len(self.expected)} calls: {allowed} carried out (their real answer), "
            f"{len(self.expected) - allowed} refused (NotAuthorized)"
        )

    def describe_mismatch(self, item: Sequence[Answer], description: Description) -> None:
        """List every command whose answer differs from its verdict."""
        description.append_text("\n    " + "\n    ".join(self._differences(item)))


def answered_as_matrix(matrix: Mapping[str, Mapping[str, str]], user_type: str) -> AnsweredAsMatrix:
    """Answers with the verdicts the matrix gives this user type."""
    return AnsweredAsMatrix(matrix, user_type)


# --- balanz's own permission lists -----------------------------------------------------------------
def allow_lists_from_source(api_py: Path) -> tuple[dict[str, set[str]], set[str]]:
    """balanz's permission lists and its commands, read (not imported) from its ``api.py``.

    Returns (user type → the commands ``API_ALLOW`` names for it, with Admin → every command) and the
    commands its handler answers (every ``command == "X"`` comparison but Login). The user types are
    ``UserType`` member names mapped to their values by user.py's naming (status → Status, ...).
    """
    tree = ast.parse(api_py.read_text())
    member_values = {"status": "Status", "analysis": "Analysis", "session_priority": "SessionPriority",
                     "tag": "Tags", "admin": "Admin"}  # fmt: skip
    allow: dict[str, list[str]] = {}

    def evaluate(node: ast.expr) -> list[str]:
        if isinstance(node, ast.List):
            return [ast.literal_eval(e) for e in node.elts]
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            return evaluate(node.left) + evaluate(node.right)
        if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Attribute):
            return list(allow[member_values[node.slice.attr]])
        raise SetupError(f"{api_py}: cannot read API_ALLOW entry {ast.unparse(node)}")

    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Subscript):
            target = node.targets[0]
            if isinstance(target.value, ast.Name) and target.value.id == "API_ALLOW":
                assert isinstance(target.slice, ast.Attribute)
                allow[member_values[target.slice.attr]] = evaluate(node.value)
    commands = {
        node.comparators[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Compare)
        and isinstance(node.left, ast.Name)
        and node.left.id == "command"
        and isinstance(node.ops[0], ast.Eq)
        and isinstance(node.comparators[0], ast.Constant)
    }
    commands.discard("Login")
    lists = {user_type: set(names) for user_type, names in allow.items()}
    lists["Admin"] = set(commands)
    return lists, commands
