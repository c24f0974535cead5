"""What balanz writes into its model files when an operator changes the site, and the session file's history.

balanz rewrites a model file whole from its in-memory lists whenever an operator changes one of its items
through the API: the tags file on CreateTag, UpdateTag and DeleteTag (api.py; model.py Tag.write_csv), the
groups file on UpdateGroup (Group.write_csv), the chargers file on CreateCharger, UpdateCharger, DeleteCharger
and ResetChargerAuth (Charger.write_csv). So the file always holds exactly what balanz lists, one row per item,
an absent value as an empty field (model.py _sb).

The session file ([history] session_csv) gets one row per ended session (model.py Session.from_transaction);
its history column lists the session's charging history: each offer balanz made and each usage the charger
reported that differs from the last one kept by at least [history] minimum_usage_change (model.py
Charger.meter_values), then 0 A offered and 0 A used at the end (Charger.stop_transaction), as
``<local time>=<offered>A/<usage>A`` joined by ";" - an offer entry leaves the usage empty, a usage entry the
offer.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from typing import Any

from hamcrest import assert_that, close_to, contains_exactly, equal_to

from balanz_acceptance.actors.audit_trail import session_id
from balanz_acceptance.actors.scripted_charger import ScriptedCharger
from balanz_acceptance.sut.balanz_files import BalanzFiles

#: Columns of balanz's tags file and the GetTags field each holds (model.py Tag.write_csv, Tag.external).
TAG_COLUMNS = ("id_tag", "user_name", "parent_id_tag", "description", "status", "priority")
#: Seconds by which the harness's time of a meter value's answer may differ from balanz's time of receipt, which
#: the history has to the second.
HISTORY_TOLERANCE = 1.5
_ENTRY = re.compile(r"^(?P<time>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)=(?P<offered>[^/]*)/(?P<usage>.*)$")


def as_field(value: Any) -> str:
    """A value as balanz writes it into a model file (model.py _sb: None as an empty field)."""
    return "" if value is None else str(value)


def tags_file_is_listing(files: BalanzFiles, tags: list[dict[str, Any]]) -> None:
    """balanz's tags file holds exactly the tags it lists (GetTags ``tags``), one row each, every field."""
    rows = files.rows("tags")
    expected = sorted(({c: as_field(t.get(c)) for c in TAG_COLUMNS} for t in tags), key=lambda r: r["id_tag"])
    found = sorted(({c: r.get(c, "") for c in TAG_COLUMNS} for r in rows), key=lambda r: r["id_tag"])
    assert_that(found, equal_to(expected), "balanz's tags file vs the tags balanz lists (GetTags)")


@dataclass(frozen=True)
class HistoryEntry:
    """One entry of the session file's history column."""

    at: float
    offered: str
    usage: str


def history_entries(column: str) -> list[HistoryEntry]:
    """The entries of a session file's history column."""
    entries = []
    for text in filter(None, column.split(";")):
        found = _ENTRY.match(text)
        assert found, f"a history entry balanz wrote is not <time>=<offered>A/<usage>A: {text!r}"
        at = time.mktime(time.strptime(found["time"], "%Y-%m-%d %H:%M:%S"))
        entries.append(HistoryEntry(at, found["offered"], found["usage"]))
    return entries


def history_lists(files: BalanzFiles, charger: ScriptedCharger, usages: list[str]) -> None:
    """The session file's row of the charger's latest session lists, in its history column, these usages (as
    balanz writes them, e.g. "10.5A"), each at the time balanz received the meter value that reported it, then
    0 A offered and 0 A used at the charger's stop time."""
    assert charger.started_at is not None and charger.stopped_at is not None, f"{charger.alias}: no ended session"
    wanted = session_id(charger.charger_id, charger.started_at)
    rows = [r for r in files.rows("sessions") if r["session_id"] == wanted]
    assert_that(len(rows), equal_to(1), f"rows of session {wanted} in balanz's session file")
    entries = history_entries(rows[0]["history"])
    kinds = [(e.offered, e.usage) for e in entries]
    assert_that(kinds, contains_exactly(*[("", u) for u in usages], ("0A", "0A")), f"{wanted}: the history column")
    reported = dict(_usages_reported(charger))  # usage as balanz writes it → when balanz answered its meter value
    for entry in entries[:-1]:
        received = reported.get(entry.usage)
        assert received is not None, f"{wanted}: balanz recorded a usage {entry.usage} no meter value reported"
        what = f"{wanted}: when balanz recorded the usage {entry.usage} (epoch s) vs when it received it"
        assert_that(entry.at, close_to(received, HISTORY_TOLERANCE), what)
    assert_that(entries[-1].at, equal_to(charger.stopped_at), f"{wanted}: the time of the final entry vs the stop")


def _usages_reported(charger: ScriptedCharger) -> list[tuple[str, float]]:
    """The usage each of the charger's answered MeterValues reported, as balanz writes it ("10.5A": the largest
    Current.Import of its phases), and when balanz answered it (epoch s)."""
    found = []
    for sent in charger.sent:
        if sent.what != "MeterValues" or sent.answered_at is None:
            continue
        values = json.loads(sent.text)[3]["meterValue"][0]["sampledValue"]
        currents = [float(v["value"]) for v in values if v.get("measurand") == "Current.Import"]
        if currents:
            found.append((f"{max(currents)}A", sent.answered_at))
    return found
