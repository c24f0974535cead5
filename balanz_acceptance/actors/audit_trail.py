"""balanz's audit log, complete: the entries of a session, of authorization decisions, of an operator's changes
to tags and chargers, and the log read back when balanz starts.

balanz writes its audit entries with the logger AUDIT (model.py, api.py: audit_logger) into its in-memory log,
which GetLogs lists, and into its audit file ([history] audit_file); when it starts it reads the audit file
back into its in-memory log (memory_log_handler.py MemoryLogHandler.parse_log_file), so GetLogs lists the
entries written before a restart with their levels and times.

A feature states the entries of a session with placeholders for what the charger chose: ``<session id>``,
``<start>``, ``<end>``, ``<duration>``. They are filled in from the charger's own StartTransaction and
StopTransaction timestamps (actors/scripted_charger.py), as balanz writes them (model.py
Session.from_transaction: the session id is the charger id and the start's local time; util.py time_str,
duration_str: local time to the second, the duration in whole seconds).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from hamcrest import assert_that, equal_to

from balanz_acceptance.actors.scripted_charger import ScriptedCharger
from balanz_acceptance.sut.balanz_api import BalanzApi


def local_time(epoch: float) -> str:
    """A time as balanz writes it (util.py time_str: local time, to the second)."""
    return datetime.fromtimestamp(epoch).strftime("%Y-%m-%d %H:%M:%S")


def duration_text(seconds: float) -> str:
    """A duration as balanz writes it (util.py duration_str: HH:MM:SS of the whole seconds)."""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}"


def session_id(charger_id: str, started_at: float) -> str:
    """The id balanz gives a session (model.py Session.from_transaction): charger id and local start time."""
    return charger_id + "-" + datetime.fromtimestamp(started_at).strftime("%Y-%m-%d-%H:%M:%S")


def fill_session(text: str, charger: ScriptedCharger) -> str:
    """A feature's audit entry with the placeholders of the charger's latest session filled in."""
    if charger.started_at is None or charger.stopped_at is None:
        raise AssertionError(f"{charger.alias} has not started and stopped a transaction")
    values = {
        "<session id>": session_id(charger.charger_id, charger.started_at),
        "<start>": local_time(charger.started_at),
        "<end>": local_time(charger.stopped_at),
        "<duration>": duration_text(charger.stopped_at - charger.started_at),
    }
    for placeholder, value in values.items():
        text = text.replace(placeholder, value)
    return text


@dataclass
class AuditTrail:
    """balanz's audit log as GetLogs lists it, and what it listed just before a restart."""

    api: BalanzApi
    before_restart: list[dict[str, Any]] = field(default_factory=list)

    def entries(self) -> list[dict[str, Any]]:
        """The audit entries GetLogs lists: level, message, timestamp, logger."""
        return self.api.logs(logger="AUDIT")

    def note_before_restart(self) -> None:
        """Note the entries balanz lists now, just before it is restarted."""
        self.before_restart = self.entries()
        assert self.before_restart, "balanz's audit log is empty before the restart: nothing to read back"

    def listed_again(self) -> None:
        """After the restart balanz lists exactly the entries it listed before it, with their levels and times."""
        keys = ("timestamp", "level", "logger", "message")
        now = [{k: e.get(k) for k in keys} for e in self.entries()]
        before = [{k: e.get(k) for k in keys} for e in self.before_restart]
        assert_that(now, equal_to(before), "balanz's audit log (GetLogs) after the restart vs before it")
