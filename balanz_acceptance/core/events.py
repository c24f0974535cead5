"""What happens to a scenario's site, as events: the stack and the operator publish them, the safety watches
(checks/watches.py) and whoever else needs to know subscribe.

One bus per scenario (``Events``). Handlers are called at once, in the publisher's thread, in the order they
subscribed, so a watch knows of a change before the step that made it returns. (A dozen lines of our own
rather than a signal library such as blinker: the events are typed dataclasses dispatched by type, and each
scenario's bus must be its own, never a module-level registry that outlives the scenario.)
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Event:
    """Something that happened to the site, at ``at`` (epoch seconds, when it was sent or done)."""

    at: float = field(default_factory=time.time, kw_only=True)


# --- the chargers (the stack publishes these) ----------------------------------------------------------
@dataclass(frozen=True)
class ChargerSilenced(Event):
    """The charger hangs: it sends nothing more and answers nothing (its simulator's process is frozen, or the
    charger the harness plays hangs)."""

    alias: str


@dataclass(frozen=True)
class ChargerWorksAgain(Event):
    """A charger that hung works again: it sends and answers again (a charger the harness plays can; a frozen
    simulator cannot)."""

    alias: str


@dataclass(frozen=True)
class ChargerStopped(Event):
    """The charger lost power: its simulator's process ended."""

    alias: str


@dataclass(frozen=True)
class ChargerStarted(Event):
    """The charger was powered again (a new simulator process for it answers)."""

    alias: str


@dataclass(frozen=True)
class ChargerAdded(Event):
    """A charger joined the site while the scenario runs (created through the API and connected, or played by
    the harness). ``side`` is how a watch asks the charger its state (checks/group_watch.py ChargerSide)."""

    alias: str
    charger_id: str
    group_id: str
    side: Any


@dataclass(frozen=True)
class ChargerRemoved(Event):
    """A charger the scenario added is gone (its simulator stopped at the scenario's end)."""

    alias: str


@dataclass(frozen=True)
class BalanzRestarting(Event):
    """balanz is stopped on purpose and will start again (only the chargers can be asked meanwhile)."""


@dataclass(frozen=True)
class BalanzRestarted(Event):
    """balanz answers its API again after a restart."""


# --- the operator's changes (the operator publishes these) ---------------------------------------------
@dataclass(frozen=True)
class MaximumChanged(Event):
    """A group's maximum schedule was changed (UpdateGroup, or a groups file reloaded)."""

    group_id: str
    max_allocation: str


@dataclass(frozen=True)
class SuspensionChanged(Event):
    """Balancing of a group was suspended or resumed (SetBalanzState)."""

    group_id: str
    suspended: bool


@dataclass(frozen=True)
class SessionPriorityChanged(Event):
    """The running session at a charger got a new priority (SetChargePriority)."""

    alias: str
    priority: int


@dataclass(frozen=True)
class ChargerChanged(Event):
    """A charger's settings changed in balanz (UpdateCharger, or a chargers file reloaded): ``changes`` holds
    the new values by balanz's column name (priority, conn_max, ...)."""

    alias: str
    changes: dict[str, Any]


@dataclass(frozen=True)
class TagChanged(Event):
    """A tag was created, changed or deleted in balanz (``changes`` empty for a deletion)."""

    id_tag: str
    changes: dict[str, Any]
    deleted: bool = False


@dataclass(frozen=True)
class FileReloaded(Event):
    """balanz read one of its model files again (ReloadGroups, ReloadChargers, ReloadTags): ``path`` is the file
    as balanz read it."""

    what: str
    path: Any


Handler = Callable[[Event], None]


class Events:
    """A scenario's event bus."""

    def __init__(self) -> None:
        self._handlers: list[Handler] = []

    def subscribe(self, handler: Handler) -> None:
        """Call ``handler`` with every event published from now on."""
        self._handlers.append(handler)

    def unsubscribe(self, handler: Handler) -> None:
        """Stop calling ``handler`` (no error if it was not subscribed)."""
        if handler in self._handlers:
            self._handlers.remove(handler)

    def publish(self, event: Event) -> None:
        """Tell every subscriber, in the order they subscribed."""
        for handler in list(self._handlers):
            handler(event)
