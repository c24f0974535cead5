"""What balanz's API shows an operator of balanz itself and its site: its lists of chargers, groups and tags
(GetChargers, GetGroups, GetTags), its status (GetStatus: version, start, counts, log levels), its log and GetLogs'
filters, its drawing of the site (DrawAll), GetSessions' filters, and a group's maximum now (GetGroups).

Each expected value comes from the site's data (data/model), balanz's rendered configuration or what the
scenario's chargers did; see each method.
"""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Callable
from typing import Any

from hamcrest import (
    assert_that,
    contains_string,
    equal_to,
    greater_than_or_equal_to,
    has_entries,
    has_entry,
    has_item,
    is_not,
    less_than_or_equal_to,
)

from balanz_acceptance.actors.chargers import Chargers
from balanz_acceptance.core.errors import SetupError
from balanz_acceptance.core.record import ScenarioRecord
from balanz_acceptance.core.site import SiteModel
from balanz_acceptance.core.timing import TimingProfile
from balanz_acceptance.core.waiting import eventually, holds_for
from balanz_acceptance.sut.balanz_api import BalanzApi
from balanz_acceptance.sut.balanz_files import epoch_of, session_id
from balanz_acceptance.sut.raw_api import RawApi
from balanz_acceptance.sut.stack import Stack

#: Seconds balanz's start time (whole seconds, written as it starts) may lie before the harness started it.
START_TOLERANCE = 2.0
#: balanz's lists by the name the steps use: the command and the field an item is named by.
LISTS = {"chargers": ("GetChargers", "alias"), "groups": ("GetGroups", "group_id"), "tags": ("GetTags", "id_tag")}


def installed_version(sut_python: Any) -> str:
    """The version of the balanz package installed for ``sut_python``: balanz reports that one
    (balanz.py: importlib.metadata.version("balanz")), not its source's."""
    probe = "import importlib.metadata as m; print(m.version('balanz'))"
    result = subprocess.run([str(sut_python), "-c", probe], capture_output=True, text=True, timeout=30, check=True)
    return result.stdout.strip()


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


class ApiViews:
    """What balanz's API shows of balanz and its site, and the drawing the operator asked it for."""

    def __init__(
        self,
        stack: Stack,
        site: SiteModel,
        profile: TimingProfile,
        chargers: Chargers,
        record: ScenarioRecord,
    ) -> None:
        self.stack = stack
        self.site = site
        self.profile = profile
        self.chargers = chargers
        self.record = record
        #: When (epoch s) the scenario's balanz was started: the record began before it.
        self.started = time.time() - (time.monotonic() - record.start)
        #: The latest drawing of the site (DrawAll).
        self.drawing: str | None = None

    @property
    def api(self) -> BalanzApi:
        """The scenario's Admin API connection (it logs in again after a balanz restart)."""
        assert self.stack.api is not None, "the stack is not started"
        return self.stack.api

    # --- balanz's lists --------------------------------------------------------------------------------------
    def _listed(self, what: str) -> tuple[str, dict[str, dict[str, Any]]]:
        if what not in LISTS:
            raise SetupError(f"balanz lists {', '.join(LISTS)}, not '{what}'")
        command, key = LISTS[what]
        return command, {item[key]: item for item in self.api.call(command)}

    def shows(self, what: str, key: str, column: str, value: object) -> None:
        """balanz's API lists (GetChargers by alias, GetGroups by group id, GetTags by tag) the item ``key``, and
        its ``column`` is ``value``."""
        command, items = self._listed(what)
        assert_that(items, has_entry(key, has_entry(column, value)), f"balanz's {what} ({command})")

    def does_not_show(self, what: str, key: str) -> None:
        """balanz's API lists (GetChargers by alias, GetGroups by group id, GetTags by tag) no item ``key``."""
        command, items = self._listed(what)
        assert_that(list(items), is_not(has_item(key)), f"balanz's {what} ({command})")

    def lists_with_default_limit(self, charger_id: str, amps: float, **fields: Any) -> None:
        """balanz lists the charger with this id (GetChargers) with these fields and, as its limit, the feature's
        default limit, which must be the configured one ([balanz] default_max_allocation)."""
        configured = float(self.profile.balanz["balanz"]["default_max_allocation"])
        assert_that(amps, equal_to(configured), "the feature's default limit vs [balanz] default_max_allocation")
        listed = self.api.listed_charger(charger_id)
        assert_that(listed, has_entries(conn_max=amps, **fields), f"balanz's charger {charger_id} (GetChargers)")

    def listed_in_group_without_maximum(self, charger_id: str, group_id: str) -> None:
        """balanz lists the charger in this group, and the group has no maximum (no smart charging)."""
        listed = self.api.listed_charger(charger_id)
        assert_that(listed, has_entries(charger_id=charger_id, group_id=group_id), "where balanz put it")
        _, groups = self._listed("groups")
        assert_that(groups[group_id], has_entries(max_allocation=None, max_allocation_now=[]), f"group {group_id}")

    def group_maximum_now(self, group_id: str, rows: list[tuple[str, str]]) -> None:
        """balanz applies these maxima (a feature's rows: from priority, amperes) to the group now, highest
        priority first (GetGroups max_allocation_now: [priority, amperes])."""
        _, groups = self._listed("groups")
        assert group_id in groups, f"balanz lists no group {group_id}"
        expected = [[float(p), float(a)] for p, a in rows]
        found = [[float(p), float(a)] for p, a in groups[group_id].get("max_allocation_now") or []]
        assert_that(found, equal_to(expected), f"the maximum balanz applies to {group_id} now (max_allocation_now)")

    # --- its status ------------------------------------------------------------------------------------------
    def status_counts(self, tags: int, groups: int, chargers: int, sessions: int) -> None:
        """GetStatus counts the site's tags, groups and chargers as data/model has them and the feature says, and
        the sessions the feature says."""
        expected = {"no_tags": tags, "no_groups": groups, "no_chargers": chargers, "no_sessions": sessions}
        from_model = {"no_tags": len(self.site.tags), "no_groups": len(self.site.groups)}
        from_model["no_chargers"] = len(self.site.chargers)
        for key, value in from_model.items():
            assert_that(expected.get(key), equal_to(value), f"the feature's {key} vs data/model")
        status = self.api.status()
        found = {key: status.get(key) for key in expected}
        assert_that(found, equal_to(expected), "balanz's counts (GetStatus)")

    def status_version_and_start(self) -> None:
        """GetStatus gives the installed balanz version and the time balanz started (local, to the second)."""
        status = self.api.status()
        version = installed_version(self.stack.settings.sut_python)
        assert_that(status.get("version"), equal_to(version), "balanz's version")
        started = epoch_of(str(status.get("starttime")))
        what = "balanz's start time (GetStatus starttime, epoch s)"
        assert_that(started, greater_than_or_equal_to(int(self.started) - START_TOLERANCE), what)
        assert_that(started, less_than_or_equal_to(time.time()), what)

    def status_log_levels(self, changed: dict[str, str] | None = None) -> None:
        """GetStatus gives each configured logger's level ([logging] of balanz's configuration), but those
        ``changed`` gives (SetLogLevel)."""
        expected = dict(self.profile.balanz["logging"].items())
        expected.update(changed or {})
        assert_that(self.api.status().get("logging"), equal_to(expected), "the log levels balanz shows (GetStatus)")

    # --- its log ---------------------------------------------------------------------------------------------
    def log_count(self, text: str) -> int:
        """How many of balanz's log entries (GetLogs) mention ``text``."""
        return len(self.api.logs(messageSearch=text))

    def client_leaving_logged(self, text: str, logged: bool) -> None:
        """A new API client connects, logs in and leaves; balanz's log gains an entry mentioning ``text`` promptly
        (``logged``), or gains none for as long."""
        before = self.log_count(text)
        client = RawApi(self.stack.balanz_url)
        try:
            client.call("Login", {"token": self.stack.settings.api_token})
        finally:
            client.close()
        expected = equal_to(before + 1) if logged else equal_to(before)
        within = self.profile.prompt
        reason = f"entries of balanz's log mentioning {text!r} after a client left"
        if logged:
            eventually(lambda: self.log_count(text), expected, within=within, reason=reason)
        else:
            holds_for(lambda: self.log_count(text), expected, duration=within, reason=reason)

    def logs_filtered_as_table(self, rows: list[tuple[str, str]]) -> None:
        """``logs_filtered`` for each row of a feature's table (the filters, what every entry listed is)."""
        for filters_text, what in rows:
            self.logs_filtered(filters_text, what)

    def logs_filtered(self, filters_text: str, what: str) -> None:
        """GetLogs with a feature's filters (JSON; ``<balanz's start>`` is balanz's start time) lists some entries,
        each of which is ``what`` ("of the logger X", "mentioning "T"", "written at or before balanz's start"),
        and leaves out at least one entry of the unfiltered log that is not: the filter filtered."""
        start = str(self.api.status()["starttime"])
        filters = json.loads(filters_text.replace("<balanz's start>", start))
        holds = log_predicate(what, start)
        listed = self.api.call("GetLogs", {"filters": filters})["logs"]
        everything = self.api.call("GetLogs", {})["logs"]
        assert listed, f"GetLogs {filters} listed no entry"
        wrong = [e for e in listed if not holds(e)]
        assert not wrong, f"GetLogs {filters} listed entries that are not {what}: {wrong[:3]}"
        assert any(not holds(e) for e in everything), f"every entry of balanz's log is {what}: nothing to leave out"

    # --- its drawing of the site --------------------------------------------------------------------------------
    def draw(self, historic: bool | None) -> None:
        """The operator draws the site (DrawAll, with ``historic`` if given); the drawing is kept."""
        payload = {} if historic is None else {"historic": historic}
        self.drawing = str(self.api.call("DrawAll", payload)["drawing"])
        self.record.note(f"DrawAll historic={historic}:\n{self.drawing}")

    def _drawn(self) -> str:
        """The kept drawing, which shows every group of the site and every charger, by id and alias."""
        assert self.drawing is not None, "the operator has drawn nothing"
        for group_id in self.site.groups:
            assert_that(self.drawing, contains_string(f"Group {group_id} ("), f"the drawing: group {group_id}")
        for charger in self.site.chargers.values():
            what = f"the drawing: charger {charger.alias}"
            assert_that(self.drawing, contains_string(f"|- {charger.charger_id} ({charger.alias})"), what)
        return self.drawing

    def drawing_shows_no_session(self) -> None:
        """The kept drawing shows every group and charger, and no ended session (though a scripted charger of the
        scenario has ended one)."""
        drawing = self._drawn()
        ended = [c for c in self.chargers.scripted_chargers.values() if c.stopped_at is not None]
        assert ended, "premise: a charger the scenario plays has ended a session the drawing could show"
        assert_that(drawing, is_not(contains_string("|-DONE:")), "the drawing's ended sessions")

    def drawing_shows_session(self, alias: str, tag: str) -> None:
        """The kept drawing shows every group and charger, and the ended session at the scripted charger ``alias``
        for the site's ``tag``: its id, the tag and the tag's user (drawmodel.py draw_all)."""
        drawing = self._drawn()
        charger = self.chargers.scripted(alias)
        started, _ = charger.recorded_span()
        found = self.site.tag(tag)
        line = f"|-DONE: {session_id(charger.charger_id, started)}, id_tag {found.id_tag} ({found.user_name})"
        assert_that(drawing, contains_string(line), "the drawing's ended sessions")

    # --- GetSessions' filters -----------------------------------------------------------------------------------
    def sessions_listed(self, filters: dict[str, Any]) -> set[str]:
        """GetSessions with ``filters``, each session as "<alias> for <tag>, ended|running" (the site's aliases)."""
        aliases = {c.charger_id: c.alias for c in self.site.chargers.values()}
        return {
            f"{aliases.get(s['charger_id'], s['charger_id'])} for {s['id_tag']}, "
            + ("ended" if s.get("end_time") is not None else "running")
            for s in self.api.call("GetSessions", filters)
        }

    def sessions_as_table(self, rows: list[tuple[str, str]]) -> None:
        """GetSessions with each row's filters (JSON) lists exactly the sessions its row names ("none", or
        "<alias> for <tag>, ended|running" joined by ";")."""
        wrong = []
        for filters, listed in rows:
            expected = set() if listed == "none" else {p.strip() for p in listed.split(";")}
            found = self.sessions_listed(json.loads(filters))
            if found != expected:
                wrong.append(f"{filters}: expected {sorted(expected)}, balanz listed {sorted(found)}")
        assert not wrong, "GetSessions differs from the table:\n  " + "\n  ".join(wrong)
