"""balanz's API as a surface: its user types and commands, and its permission lists read from its own code.

balanz checks a logged-in user's type against its permission lists (api.py ``API_ALLOW``; Admin may call
everything) before it looks at the command; the access scenarios state the same lists as a matrix.
"""

from __future__ import annotations

import ast
from pathlib import Path

from balanz_acceptance.core.errors import SetupError

#: The user types of balanz (user.py ``UserType`` values), in the order of the features' matrix columns.
USER_TYPES = ("Status", "Analysis", "SessionPriority", "Tags", "Admin")
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
