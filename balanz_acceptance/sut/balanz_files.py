"""What balanz keeps on disk in a scenario's runtime directory: its model files (groups, chargers, tags, users,
firmware) and its session file, read as balanz wrote them and edited as an operator would edit them by hand; and
how balanz writes what it keeps (times, durations, session ids, empty fields, the session file's history).

balanz reads its model files at start and on a reload (api.py Reload*), rewrites them whenever the API changes
them (model.py Charger.write_csv, Group.write_csv, Tag.write_csv; user.py; firmware.py Firmware.write_csv), and
appends a row to the session file for every ended session (model.py Session.register_csv_file,
Session.from_transaction).

The session file's history column lists a session's charging history: each offer balanz made and each usage the
charger reported that it kept (model.py Charger.meter_values), then 0 A offered and 0 A used at the end
(Charger.stop_transaction), as ``<local time>=<offered>A/<usage>A`` joined by ";" - an offer entry leaves the
usage empty, a usage entry the offer.
"""

from __future__ import annotations

import csv
import re
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

#: The files by the name the features use → (path in the runtime directory, the column that identifies a row).
FILES: dict[str, tuple[str, str]] = {
    "groups": ("model/groups.csv", "group_id"),
    "chargers": ("model/chargers.csv", "charger_id"),
    "tags": ("model/tags.csv", "id_tag"),
    "users": ("model/users.csv", "user_id"),
    "firmware": ("model/firmware.csv", "firmware_id"),
    "sessions": ("history/sessions.csv", "session_id"),
}
#: The model files balanz reads again on a reload (ReloadGroups, ReloadChargers, ReloadTags).
RELOADABLE = ("groups", "chargers", "tags")


#: How balanz writes a time (util.py time_str: local time, to the second).
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
_HISTORY_ENTRY = re.compile(r"^(?P<time>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)=(?P<offered>[^/]*)/(?P<usage>.*)$")


def local_time(timestamp: float) -> str:
    """A time as balanz writes it into its files and logs (util.py time_str: local time, to the second)."""
    return datetime.fromtimestamp(timestamp).strftime(TIME_FORMAT)


def epoch_of(text: str) -> float:
    """Epoch seconds of a time balanz wrote (``local_time``)."""
    return time.mktime(time.strptime(text, TIME_FORMAT))


def duration_text(seconds: float) -> str:
    """A duration as balanz writes it (util.py duration_str: HH:MM:SS of the whole seconds)."""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}"


def session_id(charger_id: str, started_at: float) -> str:
    """The id balanz gives a session (model.py Session.from_transaction): charger id and local start time."""
    return charger_id + "-" + datetime.fromtimestamp(started_at).strftime("%Y-%m-%d-%H:%M:%S")


def as_field(value: Any) -> str:
    """A value as balanz writes it into a model file (model.py _sb: None as an empty field)."""
    return "" if value is None else str(value)


@dataclass(frozen=True)
class HistoryEntry:
    """One entry of the session file's history column."""

    at: float
    offered: str
    usage: str


def history_entries(column: str) -> list[HistoryEntry]:
    """The entries of a session file's history column (AssertionError for one balanz did not write as it should)."""
    entries = []
    for text in filter(None, column.split(";")):
        found = _HISTORY_ENTRY.match(text)
        assert found, f"a history entry balanz wrote is not <time>=<offered>A/<usage>A: {text!r}"
        entries.append(HistoryEntry(epoch_of(found["time"]), found["offered"], found["usage"]))
    return entries


#: A session file column → the GetSessions field it repeats (as text; times and energy are formatted).
SESSION_COLUMNS = {
    "session_id": "session_id",
    "charger_id": "charger_id",
    "charger_alias": "charger_alias",
    "group_id": "group_id",
    "id_tag": "id_tag",
    "user_name": "user_name",
    "stop_id_tag": "stop_id_tag",
    "stop_reason": "reason",
    "energy": "kwh",
}


def session_row_of(record: dict[str, Any]) -> dict[str, str]:
    """The session file row balanz writes for a GetSessions record (model.py Session.from_transaction): its
    fields as text, its times to the second."""
    row = {column: str(record.get(key)) for column, key in SESSION_COLUMNS.items()}
    row["start_time"] = local_time(float(record["start_time"]))
    row["end_time"] = local_time(float(record["end_time"]))
    return row


@dataclass(frozen=True)
class BalanzFiles:
    """The files of one scenario's balanz (its runtime directory)."""

    directory: Path

    def path(self, name: str) -> Path:
        """Where balanz keeps the file the features call ``name`` (groups, chargers, tags, users, sessions)."""
        if name not in FILES:
            raise AssertionError(f"balanz keeps no file called '{name}'; known: {', '.join(FILES)}")
        return self.directory / FILES[name][0]

    def key_column(self, name: str) -> str:
        """The column that identifies a row of the file ``name``."""
        self.path(name)
        return FILES[name][1]

    def rows(self, name: str) -> list[dict[str, str]]:
        """The rows of the file ``name``, as balanz wrote them."""
        with self.path(name).open(newline="") as handle:
            return list(csv.DictReader(handle))

    def row(self, name: str, key: str) -> dict[str, str] | None:
        """The row of the file ``name`` identified by ``key`` (None if there is none)."""
        column = self.key_column(name)
        return next((r for r in self.rows(name) if r[column] == key), None)

    def append(self, name: str, row: dict[str, str]) -> None:
        """Add a row at the end of a file by hand, as an operator would (missing columns left empty); balanz does
        not notice until it reads the file again."""
        path = self.path(name)
        with path.open(newline="") as handle:
            columns = list(csv.DictReader(handle).fieldnames or [])
        unknown = [c for c in row if c not in columns]
        assert not unknown, f"{path}: no column {', '.join(unknown)}"
        with path.open("a", newline="") as handle:
            csv.writer(handle).writerow([row.get(c, "") for c in columns])

    def edit(self, name: str, key: str, changes: dict[str, str]) -> None:
        """Change one row of a file by hand, as an operator editing it: exactly one row has ``key`` in the file's
        key column, and every column in ``changes`` exists. balanz does not notice until it reads the file again.
        """
        path, column = self.path(name), self.key_column(name)
        with path.open(newline="") as handle:
            reader = csv.DictReader(handle)
            columns, rows = list(reader.fieldnames or []), list(reader)
        matching = [row for row in rows if row[column] == key]
        assert len(matching) == 1, f"{path}: {len(matching)} rows with {column} {key}, not one"
        unknown = [c for c in changes if c not in columns]
        assert not unknown, f"{path}: no column {', '.join(unknown)}"
        matching[0].update(changes)
        with path.open("w", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns)
            writer.writeheader()
            writer.writerows(rows)


def lasting_view(record: dict[str, Any]) -> dict[str, str]:
    """What of a GetSessions record survives a restart (balanz reads its session file back at start, model.py
    Session.read_csv, Session.from_csv): the fields the file keeps, and the times to the second."""
    view = {key: str(record.get(key)) for key in SESSION_COLUMNS.values()}
    view["start_time"] = local_time(float(record["start_time"]))
    view["end_time"] = local_time(float(record["end_time"]))
    return view
