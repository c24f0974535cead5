"""Each session's priority from the site's data, over time: the group safety watch's own oracle (it never takes a
session's priority, nor so its bucket, from balanz's answer).

The rule (balanz/model.py Transaction.__init__, Connector.conn_priority): a session's priority is the one an
operator gave it (SetChargePriority, for that session only), else its tag's priority as it was when the session
started (balanz copies it into the transaction, looking the tag up exactly as the charger sent it), else its
charger's priority as it is now (UpdateCharger and a reloaded chargers file apply to running sessions).

The data come from the site as the scenario left it (core/site_state.py: data/model with the operator's changes)
and from the scenario's events (core/events.py), each with its time, so that the watch can accept balanz's
previous bucket for its reaction time after a change. The tag of a session is the charger's: what the charger
reports it started its session with (ocppsim's ``last_id_tag``, the played charger's), never balanz's record.
"""

from __future__ import annotations

import csv
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from balanz_acceptance.core.events import ChargerChanged, Event, FileReloaded, SessionPriorityChanged


@dataclass(frozen=True)
class SessionSeen:
    """A session the watch saw start at a charger (when, with which tag, that tag's priority then), or, with
    ``running`` off, the moment it saw it end."""

    since: float
    tag: str | None
    tag_priority: int | None
    running: bool = True


class PriorityOracle:
    """The priority of each session of a group's chargers, from the site's data (see the module's description).

    ``tag_priority``: a tag's priority now, whatever the case it is presented in (None: none, or no such tag);
    ``charger_priority``: a charger's priority as data/model (or the scenario's CreateCharger) has it, before any
    change the oracle hears of. Chargers are named by alias; a further connector as ``<alias>/<n>``.
    """

    def __init__(
        self,
        tag_priority: Callable[[str | None], int | None],
        charger_priority: Callable[[str], int],
        default_priority: int = 1,
        lag: float = 0.0,
    ):
        self.tag_priority = tag_priority
        self.charger_priority = charger_priority
        #: The priority of a charger the operator left without one ([balanz] default_priority).
        self.default_priority = default_priority
        #: How late the oracle may see a session start (the watch samples the chargers once per sampling round):
        #: the operator's priority for the session at a charger, sent up to this long before the oracle saw the
        #: session start, is that session's (balanz accepts SetChargePriority only for a session it has).
        self.lag = lag
        self._lock = threading.Lock()
        #: alias → the sessions seen there, oldest first.
        self._sessions: dict[str, list[SessionSeen]] = {}
        #: alias → (when, priority) of the operator's own priority for the running session.
        self._overrides: dict[str, list[tuple[float, int]]] = {}
        #: charger alias → (when, priority) of each change of the charger's priority.
        self._charger_changes: dict[str, list[tuple[float, int]]] = {}

    # --- what the oracle hears ----------------------------------------------------------------------
    def hear(self, event: Event) -> None:
        """Take a change of the site's data into account from its time on."""
        match event:
            case SessionPriorityChanged(alias=alias, priority=priority):
                with self._lock:
                    self._overrides.setdefault(alias, []).append((event.at, int(priority)))
            case ChargerChanged(alias=alias, changes={"priority": priority}):
                with self._lock:  # no priority (a charger created without one): the site's default priority
                    priority = self.default_priority if priority is None else int(priority)
                    self._charger_changes.setdefault(alias, []).append((event.at, priority))
            case FileReloaded(what="chargers", path=path):
                with Path(path).open(newline="") as handle:
                    rows = [r for r in csv.DictReader(handle) if r.get("priority")]
                for row in rows:
                    if int(row["priority"]) != self.charger_priority_at(row["alias"], event.at):
                        with self._lock:
                            self._charger_changes.setdefault(row["alias"], []).append((event.at, int(row["priority"])))

    def session(self, alias: str, in_session: bool, tag: str | None, at: float) -> None:
        """What the charger at ``alias`` reports at ``at``: in a session or not, and the session's tag. A session
        that starts (or a new tag) is noted with its tag's priority now."""
        with self._lock:
            seen = self._sessions.setdefault(alias, [])
            last = seen[-1] if seen else None
            if not in_session:
                if last is not None and last.running:
                    seen.append(SessionSeen(at, None, None, running=False))
                return
            if last is None or not last.running or last.tag != tag:
                seen.append(SessionSeen(at, tag, self.tag_priority(tag)))

    # --- the oracle ---------------------------------------------------------------------------------
    def charger_priority_at(self, alias: str, at: float) -> int:
        """The charger's priority at ``at`` (``<alias>/<n>``: its charger's)."""
        charger = alias.split("/")[0]
        with self._lock:
            changes = [p for when, p in self._charger_changes.get(charger, []) if when <= at]
        return changes[-1] if changes else self.charger_priority(charger)

    def _session_at(self, alias: str, at: float) -> SessionSeen | None:
        with self._lock:
            seen = list(self._sessions.get(alias, []))
        before = [s for s in seen if s.since <= at]
        if before:
            return before[-1]
        # A session balanz shows (log times have whole seconds) just before the watch saw the charger start it.
        return next((s for s in seen if s.running), None)

    def priority_at(self, alias: str, at: float) -> int:
        """The priority of the session at ``alias`` at ``at``."""
        return self.explain(alias, at)[0]

    def explain(self, alias: str, at: float) -> tuple[int, str]:
        """The priority of the session at ``alias`` at ``at``, and why (for a mismatch's message)."""
        session = self._session_at(alias, at)
        since = session.since if session is not None else float("-inf")
        with self._lock:
            overrides = [(w, p) for w, p in self._overrides.get(alias, []) if since - self.lag <= w <= at]
        if overrides:
            return overrides[-1][1], f"the operator set it to {overrides[-1][1]}"
        tag = session.tag if session is not None else None
        if session is not None and session.tag_priority is not None:
            return session.tag_priority, f"tag {tag} has priority {session.tag_priority}"
        charger = self.charger_priority_at(alias, at)
        about = f"tag {tag} has no priority" if tag else "no tag known"
        return charger, f"{about}; charger {alias.split('/')[0]} has priority {charger}"

    def changes(self, start: float, end: float) -> list[float]:
        """When a priority changed between ``start`` and ``end`` (moments the watch must check)."""
        with self._lock:
            found = [w for values in self._overrides.values() for w, _ in values]
            found += [w for values in self._charger_changes.values() for w, _ in values]
        return [w for w in found if start < w <= end]
