"""What balanz's API tells an operator about balanz itself and its site: GetStatus, SetLogLevel, GetLogs'
filters, DrawAll, GetSessions' filters, and a group's maximum now (GetGroups).

Each expected value comes from the site's data (data/model), balanz's rendered configuration or what the
scenario's chargers did; see each function.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hamcrest import assert_that, contains_string, equal_to, greater_than_or_equal_to, is_not, less_than_or_equal_to

from balanz_acceptance.actors.audit_trail import session_id
from balanz_acceptance.actors.scripted_charger import ScriptedCharger
from balanz_acceptance.core.errors import SetupError
from balanz_acceptance.core.site import SiteModel
from balanz_acceptance.core.timing import TimingProfile
from balanz_acceptance.sut.balanz_api import BalanzApi

#: Seconds balanz's start time (whole seconds, written as it starts) may lie before the harness started it.
START_TOLERANCE = 2.0


def installed_version(sut_python: Path) -> str:
    """The version of the balanz package installed for ``sut_python``: balanz reports that one
    (balanz.py: importlib.metadata.version("balanz")), not its source's."""
    probe = "import importlib.metadata as m; print(m.version('balanz'))"
    result = subprocess.run([str(sut_python), "-c", probe], capture_output=True, text=True, timeout=30, check=True)
    return result.stdout.strip()


def local_epoch(text: str) -> float:
    """Epoch seconds of a time balanz writes (util.py time_str: local time, to the second)."""
    return time.mktime(time.strptime(text, "%Y-%m-%d %H:%M:%S"))


def log_predicate(what: str, start: str) -> Callable[[dict[str, Any]], bool]:
    """A feature's words for the log entries a filter keeps: "of the logger X", "mentioning "T"", "written at or
    before balanz's start" (``start``: balanz's start time as it writes times)."""
    if what.startswith("of the logger "):
        logger = what.removeprefix("of the logger ")
        return lambda e: e.get("logger") == logger
    if what.startswith("mentioning "):
        text = what.removeprefix("mentioning ").strip('"')
        return lambda e: text in str(e.get("message"))
    if what == "written at or before balanz's start":
        return lambda e: str(e.get("timestamp")) <= start
    raise SetupError(f"'{what}': say of the logger X, mentioning \"T\" or written at or before balanz's start")


@dataclass
class ApiViews:
    """Checks of what balanz's API reports."""

    api: BalanzApi
    site: SiteModel
    profile: TimingProfile
    sut_python: Path
    #: When (epoch s) the scenario's balanz was started.
    started: float

    def status(self) -> dict[str, Any]:
        """GetStatus."""
        return self.api.status()

    def status_counts(self, expected: dict[str, int]) -> None:
        """GetStatus counts the site's tags, groups and chargers as data/model has them and ``expected`` says,
        and the sessions ``expected`` says."""
        from_model = {"no_tags": len(self.site.tags), "no_groups": len(self.site.groups)}
        from_model["no_chargers"] = len(self.site.chargers)
        for key, value in from_model.items():
            assert_that(expected.get(key), equal_to(value), f"the feature's {key} vs data/model")
        status = self.status()
        found = {key: status.get(key) for key in expected}
        assert_that(found, equal_to(expected), "balanz's counts (GetStatus)")

    def status_version_and_start(self) -> None:
        """GetStatus gives the installed balanz version and the time balanz started (local, to the second)."""
        status = self.status()
        assert_that(status.get("version"), equal_to(installed_version(self.sut_python)), "balanz's version")
        started = local_epoch(str(status.get("starttime")))
        what = "balanz's start time (GetStatus starttime, epoch s)"
        assert_that(started, greater_than_or_equal_to(int(self.started) - START_TOLERANCE), what)
        assert_that(started, less_than_or_equal_to(time.time()), what)

    def status_log_levels(self, changed: dict[str, str] | None = None) -> None:
        """GetStatus gives each configured logger's level ([logging] of balanz's configuration), but those the
        scenario ``changed``."""
        expected = {name: level for name, level in self.profile.balanz["logging"].items()}
        expected.update(changed or {})
        assert_that(self.status().get("logging"), equal_to(expected), "the log levels balanz shows (GetStatus)")

    def log_count(self, text: str) -> int:
        """How many of balanz's log entries (GetLogs) mention ``text``."""
        return len(self.api.logs(messageSearch=text))

    def logs_filtered(self, filters: dict[str, Any], what: str, holds: Any) -> None:
        """GetLogs with ``filters`` lists some entries, each of which ``holds`` (an entry → bool), and leaves out
        at least one entry of the unfiltered log that does not: the filter filtered."""
        listed = self.api.call("GetLogs", {"filters": filters})["logs"]
        everything = self.api.call("GetLogs", {})["logs"]
        assert listed, f"GetLogs {filters} listed no entry"
        wrong = [e for e in listed if not holds(e)]
        assert not wrong, f"GetLogs {filters} listed entries that are not {what}: {wrong[:3]}"
        assert any(not holds(e) for e in everything), f"every entry of balanz's log is {what}: nothing to leave out"

    def drawing(self, historic: bool | None) -> str:
        """DrawAll (with ``historic`` if given)."""
        payload = {} if historic is None else {"historic": historic}
        return str(self.api.call("DrawAll", payload)["drawing"])

    def drawing_shows_site(self, drawing: str) -> None:
        """The drawing shows every group of the site and every charger, by id and alias."""
        for group_id in self.site.groups:
            assert_that(drawing, contains_string(f"Group {group_id} ("), f"the drawing: group {group_id}")
        for charger in self.site.chargers.values():
            what = f"the drawing: charger {charger.alias}"
            assert_that(drawing, contains_string(f"|- {charger.charger_id} ({charger.alias})"), what)

    def drawing_session(self, drawing: str, charger: ScriptedCharger, id_tag: str, user: str, shown: bool) -> None:
        """The drawing shows (or not) the charger's ended session: its id, tag and the tag's user."""
        assert charger.started_at is not None, f"{charger.alias} has no session"
        line = f"|-DONE: {session_id(charger.charger_id, charger.started_at)}, id_tag {id_tag} ({user})"
        matcher = contains_string(line) if shown else is_not(contains_string("|-DONE:"))
        assert_that(drawing, matcher, "the drawing's ended sessions")

    def sessions_listed(self, filters: dict[str, Any], aliases: dict[str, str]) -> set[str]:
        """GetSessions with ``filters``, each session as "<alias> for <tag>, ended|running" (``aliases``: charger
        id → alias)."""
        sessions = self.api.call("GetSessions", filters)
        return {
            f"{aliases.get(s['charger_id'], s['charger_id'])} for {s['id_tag']}, "
            + ("ended" if s.get("end_time") is not None else "running")
            for s in sessions
        }

    def group_maximum_now(self, group_id: str) -> list[list[float]]:
        """The maximum balanz applies to a group now (GetGroups max_allocation_now: [priority, amperes], highest
        priority first)."""
        groups = {g["group_id"]: g for g in self.api.groups()}
        assert group_id in groups, f"balanz lists no group {group_id}"
        return [list(pair) for pair in groups[group_id].get("max_allocation_now") or []]
