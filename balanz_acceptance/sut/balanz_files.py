"""What balanz keeps on disk in a scenario's runtime directory: its model files (groups, chargers, tags, users)
and its session file, read as balanz wrote them and edited as an operator would edit them by hand.

balanz reads its model files at start and on a reload (api.py Reload*), rewrites them whenever the API changes
them (model.py Charger.write_csv, Group.write_csv, Tag.write_csv; user.py), and appends a row to the session file
for every ended session (model.py Session.register_csv_file, Session.from_transaction).
"""

from __future__ import annotations

import csv
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
    "sessions": ("history/sessions.csv", "session_id"),
}
#: The model files balanz reads again on a reload (ReloadGroups, ReloadChargers, ReloadTags).
RELOADABLE = ("groups", "chargers", "tags")


def local_time(timestamp: float) -> str:
    """A time as balanz writes it into its files and logs (util.py time_str: local time, to the second)."""
    return datetime.fromtimestamp(timestamp).strftime("%Y-%m-%d %H:%M:%S")


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
