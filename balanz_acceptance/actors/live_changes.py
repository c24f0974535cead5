"""An operator changes balanz's data while sessions run: session priorities, charger limits and priorities
(API), and groups, chargers and tags edited in balanz's CSV files and reloaded.

Each change is sent at a known moment (returned), so that steps can check what happens before and after it.
"""

from __future__ import annotations

import csv
import time
from pathlib import Path

from balanz_acceptance.actors.operator import Operator
from balanz_acceptance.checks.group_watch import GroupWatch, follow_groups_file
from balanz_acceptance.core.record import ScenarioRecord
from balanz_acceptance.core.site import SiteModel

#: The CSV file of each kind of data balanz reloads, and the column that identifies a row.
CSV_FILES = {
    "groups": ("groups.csv", "group_id"),
    "chargers": ("chargers.csv", "charger_id"),
    "tags": ("tags.csv", "id_tag"),
}


def lower_session_priority(operator: Operator, alias: str, priority: int) -> float:
    """Give the running session at ``alias`` a lower priority (SetChargePriority); returns when it was sent."""
    sent = time.time()
    operator.set_session_priority(alias, priority)
    return sent


def update_charger(operator: Operator, site: SiteModel, alias: str, **changes: float | int) -> float:
    """Change the conn_max or priority of the site's charger ``alias`` (UpdateCharger); returns when it was sent."""
    sent = time.time()
    operator.update_charger(site.charger(alias).charger_id, **changes)
    return sent


def edit_csv_row(path: Path, key_column: str, key: str, changes: dict[str, str]) -> None:
    """Change one row of a CSV file by hand, as an operator editing it: exactly one row has ``key`` in
    ``key_column``, and every column in ``changes`` exists."""
    with path.open(newline="") as handle:
        reader = csv.DictReader(handle)
        columns, rows = list(reader.fieldnames or []), list(reader)
    matching = [row for row in rows if row[key_column] == key]
    assert len(matching) == 1, f"{path}: {len(matching)} rows with {key_column} {key}, not one"
    unknown = [column for column in changes if column not in columns]
    assert not unknown, f"{path}: no column {', '.join(unknown)}"
    matching[0].update(changes)
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


def write_csv_value(site: SiteModel, record: ScenarioRecord, what: str, key: str, column: str, value: str) -> None:
    """Edit one cell of balanz's CSV file of ``what`` (groups, chargers, tags) in the scenario's runtime
    directory, as an operator editing the file would; balanz does not read it until a reload. ``key`` is
    the row's group id or tag, or for chargers the charger's alias (the file's rows are by charger id)."""
    name, key_column = CSV_FILES[what]
    key = site.charger(key).charger_id if what == "chargers" else key
    edit_csv_row(record.directory / "model" / name, key_column, key, {column: value})
    record.note(f"operator: wrote {column}={value!r} for {key} into {name}")


def reload(operator: Operator, what: str, watches: dict[str, GroupWatch], record: ScenarioRecord) -> float:
    """Have balanz read ``what`` (groups, chargers, tags) again from its CSV file; returns when it was sent.

    After ReloadGroups each watched group's watch checks against the maximum in the file from then on.
    """
    sent = time.time()
    operator.reload(what)
    watches_follow_reload(what, watches, record.directory, sent)
    return sent


def watches_follow_reload(what: str, watches: dict[str, GroupWatch], runtime_dir: Path, sent: float) -> None:
    """After balanz reloaded ``what`` (sent at ``sent``): a reloaded groups file's maxima apply to the watches
    of its groups from then on (whoever asked for the reload)."""
    if what == "groups":
        follow_groups_file(watches, runtime_dir / "model" / CSV_FILES["groups"][0], sent)
