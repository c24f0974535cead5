"""What an operator does through balanz's API: priorities, group state and maxima, tags, configuration."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from balanz_acceptance.checks.group_watch import GroupWatch
from balanz_acceptance.core.record import ScenarioRecord
from balanz_acceptance.sut.balanz_api import BalanzApi


@dataclass
class Operator:
    """An Admin operator working on balanz through its API; every action goes to the scenario log."""

    api: BalanzApi
    record: ScenarioRecord
    #: The scenario's group safety watches: told of every change to a group's maximum or state.
    watches: dict[str, GroupWatch] = field(default_factory=dict)

    def _do(self, command: str, payload: dict[str, Any]) -> Any:
        result = self.api.call(command, payload)
        self.record.note(f"operator: {command} {payload} -> {result}")
        return result

    def set_session_priority(self, alias: str, priority: int) -> None:
        """Give the running session at a charger a new priority (SetChargePriority); its group's watch is told."""
        sent = time.time()
        self._do("SetChargePriority", {"alias": alias, "connector_id": 1, "priority": priority})
        for watch in self.watches.values():
            if alias in watch.aliases.values():
                watch.change_priority(alias, priority, at=sent)

    def suspend_group(self, group_id: str, suspend: bool = True) -> None:
        """Suspend (or resume) balancing for a group (SetBalanzState)."""
        sent = time.time()
        self._do("SetBalanzState", {"group_id": group_id, "suspend": suspend})
        if group_id in self.watches:
            self.watches[group_id].suspend(suspend, at=sent)

    def set_group_maximum(self, group_id: str, max_allocation: str) -> None:
        """Change a group's maximum schedule (UpdateGroup); its watch checks against it from the time sent."""
        sent = time.time()
        self._do("UpdateGroup", {"group_id": group_id, "max_allocation": max_allocation})
        if group_id in self.watches:
            self.watches[group_id].change_maximum(max_allocation, at=sent)

    def set_config(self, section: str, key: str, value: str) -> None:
        """Change a live configuration value (SetConfig; balanz takes strings only)."""
        self._do("SetConfig", {"section": section, "key": key, "value": str(value)})

    def create_tag(self, id_tag: str, user_name: str, status: str = "Activated", priority: int | None = None) -> None:
        """Create a tag (CreateTag; without a status balanz would create it Blocked)."""
        payload: dict[str, Any] = {"id_tag": id_tag, "user_name": user_name, "status": status}
        if priority is not None:
            payload["priority"] = priority
        self._do("CreateTag", payload)

    def update_tag(self, id_tag: str, **changes: Any) -> None:
        """Change a tag's status, priority or user (UpdateTag)."""
        self._do("UpdateTag", {"id_tag": id_tag, **changes})

    def delete_tag(self, id_tag: str) -> None:
        """Delete a tag (DeleteTag)."""
        self._do("DeleteTag", {"id_tag": id_tag})

    def reset_charger_auth(self, charger_id: str) -> None:
        """Forget a charger's credentials so that it is provisioned again (ResetChargerAuth)."""
        self._do("ResetChargerAuth", {"charger_id": charger_id})

    def change_charger_configuration(self, charger_id: str, key: str, value: str) -> None:
        """Set an OCPP configuration key on a charger (ChangeConfiguration pass-through)."""
        self._do("ChangeConfiguration", {"charger_id": charger_id, "key": key, "value": value})

    def charger_configuration(self, charger_id: str, keys: list[str]) -> Any:
        """Read keys of a charger's OCPP configuration (GetConfiguration pass-through).

        Name the keys: ocppsim fails a GetConfiguration without any (its handler lacks a default).
        """
        return self._do("GetConfiguration", {"charger_id": charger_id, "key": keys})

    # --- chargers and reloads (features/live_changes.feature, features/unsafe_data.feature) -------------
    def update_charger(self, charger_id: str, **changes: Any) -> None:
        """Change a charger's priority, conn_max, alias or description (UpdateCharger)."""
        self._do("UpdateCharger", {"charger_id": charger_id, **changes})

    def create_charger(self, charger_id: str, alias: str, group_id: str, **fields: Any) -> None:
        """Create a charger (CreateCharger); fields left out are left to balanz."""
        self._do("CreateCharger", {"charger_id": charger_id, "alias": alias, "group_id": group_id, **fields})

    def delete_charger(self, charger_id: str) -> None:
        """Delete a charger (DeleteCharger)."""
        self._do("DeleteCharger", {"charger_id": charger_id})

    def reload(self, what: str) -> None:
        """Have balanz read groups, chargers or tags again from their CSV files (ReloadGroups/-Chargers/-Tags)."""
        self._do(f"Reload{what.capitalize()}", {})
