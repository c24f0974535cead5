"""The API access matrix's requests: every command of balanz's API, with a request for each that changes nothing
lasting (the answers are checked against the matrix a feature states by checks/answers.py).

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

from dataclasses import dataclass
from typing import Any

from balanz_acceptance.core.site import SiteModel
from balanz_acceptance.core.timing import TimingProfile
from balanz_acceptance.sut.api_commands import COMMANDS
from balanz_acceptance.sut.balanz_api import ConnectorView
from balanz_acceptance.sut.ocppsim_client import SimStatus

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
