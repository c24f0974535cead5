"""The site's data as the scenario has left it: data/model's chargers, tags and groups with every change the
operator made since (core/events.py: changes through balanz's API, and files balanz reloaded), so that an expected
value can come from the site's data and the rule rather than from what balanz reports.
"""

from __future__ import annotations

import csv
import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

from balanz_acceptance.core.events import (
    ChargerChanged,
    Event,
    Events,
    FileReloaded,
    SessionPriorityChanged,
    TagChanged,
)
from balanz_acceptance.core.site import ChargerSpec, SiteModel


class SiteState:
    """data/model's site with the scenario's changes, kept by listening to the scenario's events."""

    def __init__(
        self, site: SiteModel, spec: Callable[[str], ChargerSpec], events: Events, default_priority: int
    ) -> None:
        self.site = site
        #: The charger of an alias before any change: data/model's, or one the scenario created.
        self.spec = spec
        #: The priority of a charger that has none ([balanz] default_priority of the site's configuration).
        self.default_priority = default_priority
        self._charger_changes: dict[str, dict[str, Any]] = {}
        #: Each tag balanz knows, by its id in capitals, and its priority: a driver's tag is the same tag whatever
        #: the case of its letters (balanz authorizes it so: model.py Charger.authorize; that the session then
        #: loses the tag's priority is a known issue, features/tags_known_issues.feature).
        self._tag_priorities: dict[str, int | None] = {t.id_tag.upper(): t.priority for t in site.tags.values()}
        self._session_priorities: dict[str, int] = {}
        events.subscribe(self._hear)

    def _hear(self, event: Event) -> None:
        match event:
            case ChargerChanged(alias=alias, changes=changes):
                self._charger_changes.setdefault(alias, {}).update(changes)
            case TagChanged(id_tag=id_tag, deleted=True):
                self._tag_priorities.pop(id_tag.upper(), None)
            case TagChanged(id_tag=id_tag, changes=changes):
                if "priority" in changes or id_tag.upper() not in self._tag_priorities:
                    self._tag_priorities[id_tag.upper()] = changes.get("priority")
            case SessionPriorityChanged(alias=alias, priority=priority):
                self._session_priorities[alias] = priority
            case FileReloaded(what="chargers", path=path):
                self._reload_chargers(Path(path))
            case FileReloaded(what="tags", path=path):
                self._reload_tags(Path(path))

    def _reload_chargers(self, path: Path) -> None:
        with path.open(newline="") as handle:
            for row in csv.DictReader(handle):
                changes: dict[str, Any] = {}
                if row.get("priority"):
                    changes["priority"] = int(row["priority"])
                if row.get("conn_max"):
                    changes["conn_max"] = float(row["conn_max"])
                self._charger_changes.setdefault(row["alias"], {}).update(changes)

    def _reload_tags(self, path: Path) -> None:
        with path.open(newline="") as handle:
            rows = list(csv.DictReader(handle))
        self._tag_priorities = {r["id_tag"].upper(): int(r["priority"]) if r.get("priority") else None for r in rows}

    def charger(self, alias: str) -> ChargerSpec:
        """The charger as the scenario left it (its priority and limit after the operator's changes)."""
        spec = self.spec(alias)
        changes = self._charger_changes.get(alias, {})
        return dataclasses.replace(
            spec,
            priority=self.charger_priority(changes.get("priority", spec.priority)),
            conn_max=float(changes.get("conn_max", spec.conn_max)),
        )

    def charger_priority(self, priority: int | None) -> int:
        """A charger's priority as the site's data give it: its own, else (CreateCharger without one) the site's
        default_priority (features/unsafe_data_known_issues.feature: balanz leaves it without any)."""
        return self.default_priority if priority is None else int(priority)

    def tag_priority(self, tag: str | None) -> int | None:
        """The priority of a tag, whatever the case it is presented in, as the scenario left it (None: none)."""
        return self._tag_priorities.get((tag or "").upper())

    def session_priority(self, alias: str, tag: str | None) -> int:
        """The priority of the session at ``alias`` started with ``tag``: the operator's own for that session,
        else the tag's if it has one, else the charger's (balanz/model.py Transaction.__init__,
        Connector.conn_priority)."""
        if alias in self._session_priorities:
            return self._session_priorities[alias]
        priority = self.tag_priority(tag)
        return priority if priority is not None else self.charger(alias).priority
