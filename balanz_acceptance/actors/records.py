"""What balanz keeps of the site and its history: its records of ended sessions (GetSessions) and its files (the
model files and the session file, sut/balanz_files.py). (Its audit log: actors/audit_log.py; what it shows through
its API: actors/api_views.py.)

When a session ends the harness first notes what it is about to end: balanz's view of the running transaction
(its start and the offers balanz recorded) and the charger's energy reading. It then ends the session and
finds balanz's record of it by its start time, so that the record can be compared with what was seen while
the session ran and with the site's data (checks/records.py).
"""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Callable
from typing import Any

from hamcrest import (
    all_of,
    assert_that,
    contains_exactly,
    contains_string,
    empty,
    equal_to,
    greater_than_or_equal_to,
    has_entries,
    has_entry,
    has_item,
    is_not,
)

from balanz_acceptance.actors.charger_under_test import ChargerUnderTest
from balanz_acceptance.actors.played import PlayedChargerUnderTest
from balanz_acceptance.checks.records import (
    SessionEnd,
    energy_between,
    energy_bounds,
    offers_recorded,
    recorded_as,
    site_facts,
    timed_as,
)
from balanz_acceptance.core.errors import SetupError
from balanz_acceptance.core.events import BalanzRestarting, Event, Events
from balanz_acceptance.core.record import ScenarioRecord
from balanz_acceptance.core.site import ChargerSpec, SiteModel
from balanz_acceptance.core.timing import TimingProfile
from balanz_acceptance.core.users import auth_sha, token_of
from balanz_acceptance.core.waiting import eventually
from balanz_acceptance.sut.balanz_api import ANSWERED, START_RESOLUTION, BalanzApi, ConnectorView, SessionRecord
from balanz_acceptance.sut.balanz_files import BalanzFiles, as_field, lasting_view, session_row_of
from balanz_acceptance.sut.stack import Stack

#: How a driver ends a session.
ENDINGS = ("unplug", "tag")
#: Columns of balanz's tags file and the GetTags field each holds (model.py Tag.write_csv, Tag.external).
TAG_COLUMNS = ("id_tag", "user_name", "parent_id_tag", "description", "status", "priority")


class Records:
    """balanz's records of the scenario's sessions, and its files."""

    def __init__(
        self,
        stack: Stack,
        site: SiteModel,
        spec: Callable[[str], ChargerSpec],
        charger: Callable[[str], ChargerUnderTest],
        profile: TimingProfile,
        record: ScenarioRecord,
        events: Events,
        audit: Callable[[], list[str]],
    ) -> None:
        self.stack = stack
        self.site = site
        #: The charger of an alias: the site's, or one the scenario created; and as a charger under test.
        self.spec = spec
        self.charger = charger
        self.profile = profile
        self.record = record
        self.files = BalanzFiles(record.directory)
        #: The messages of balanz's audit log (actors/audit_log.py AuditLog.messages).
        self.audit = audit
        self.ends: dict[str, SessionEnd] = {}
        self.records: dict[str, SessionRecord] = {}
        #: When each session the scenario follows started, as balanz showed it while it ran (epoch s).
        self.live_starts: dict[str, float] = {}
        #: What GetSessions listed just before balanz last restarted (empty until then).
        self.sessions_before_restart: list[dict[str, Any]] = []
        events.subscribe(self._hear)

    @property
    def api(self) -> BalanzApi:
        """The scenario's Admin API connection (it logs in again after a balanz restart)."""
        assert self.stack.api is not None, "the stack is not started"
        return self.stack.api

    def _hear(self, event: Event) -> None:
        if isinstance(event, BalanzRestarting):
            self.sessions_before_restart = self.api.sessions()

    # --- sessions the scenario ends or follows -----------------------------------------------------------
    def _live(self, charger: ChargerUnderTest) -> tuple[dict[str, Any], dict[str, Any]]:
        """balanz's GetChargers entry of ``charger`` and its running transaction."""
        found = [c for c in self.api.chargers(alias=charger.alias) if c.get("alias") == charger.alias]
        transaction = found[0]["connectors"]["1"].get("transaction") if found else None
        assert transaction is not None, f"{charger.alias}: balanz shows no running session"
        return found[0], transaction

    def follow(self, alias: str) -> None:
        """Note the start of the session running at ``alias`` (a session balanz or the charger itself will end),
        so that its record can be found later; nothing if balanz shows none."""
        charger = self.charger(alias)
        if charger.view().in_transaction:
            _, transaction = self._live(charger)
            self.live_starts[charger.alias] = float(transaction["start_time"])

    def end(self, alias: str, how: str, tag: str | None = None) -> SessionEnd | None:
        """The driver ends the running session at ``alias`` (``how``: unplug, or present ``tag``), noting what
        was seen just before. An EV unplugged where neither side shows a transaction (it never drew, at a charger
        that starts its transaction only then) ends no transaction: nothing to note (a simulator's ``unplug``
        still asserts that it stopped one)."""
        charger = self.charger(alias)
        if how not in ENDINGS:
            raise SetupError(f"no way to end a session called '{how}'; known: {', '.join(ENDINGS)}")
        if how == "unplug" and charger.sim_status().transaction_id is None and not charger.view().in_transaction:
            charger.unplug()
            self.record.note(f"{charger.alias}: EV unplugged with no transaction on either side")
            return None
        entry, transaction = self._live(charger)
        live = ConnectorView.from_charger(entry)
        sim_before = charger.sim_status()
        assert sim_before.transaction_id is not None, f"{charger.alias}: the charger has no session to end"
        asked_at = time.time()
        reply = charger.unplug() if how == "unplug" else charger.end_with_tag(str(tag))
        end = SessionEnd(
            alias=charger.alias,
            charger_id=charger.charger_id,
            sim_before=sim_before,
            live_start=float(transaction["start_time"]),
            live_offers=live.offer_changes,
            asked_at=asked_at,
            done_at=time.time(),
            reply=reply,
        )
        self.record.note(
            f"{charger.alias}: session ended ({how}); just before: charger {sim_before}, "
            f"{sim_before.energy:.1f} Wh; balanz's offers "
            + " → ".join(f"{float(p.offered):g}" for p in end.live_offers)
        )
        self.ends[charger.alias] = end
        self.live_starts[charger.alias] = end.live_start
        return end

    def ended(self, alias: str) -> SessionEnd:
        """What the harness saw as the session at ``alias`` ended."""
        if alias not in self.ends:
            raise AssertionError(f"no session at {alias} was ended by this scenario")
        return self.ends[alias]

    def _records_of(self, charger_id: str, start: float) -> list[SessionRecord]:
        records = [SessionRecord.from_api(s) for s in self.api.sessions(charger_id=charger_id)]
        return [r for r in records if abs(r.start_time - start) < START_RESOLUTION]

    def of(self, alias: str) -> SessionRecord:
        """balanz's record of the session the scenario ended or followed at ``alias`` (GetSessions, found by the
        start time balanz showed while the session ran). The one way the suite finds a session record."""
        if alias in self.records:
            return self.records[alias]
        if alias not in self.live_starts:
            raise AssertionError(f"no session at {alias} was ended or followed by this scenario")
        start = self.live_starts[alias]
        found = eventually(
            lambda: self._records_of(self.spec(alias).charger_id, start),
            is_not(empty()),
            within=self.profile.prompt,
            reason=f"{alias}: balanz keeps a record of the ended session",
            show=lambda records: ", ".join(map(str, records)) or "no record",
        )
        self.records[alias] = found[-1]
        self.record.note(f"{alias}: record {found[-1]}")
        return found[-1]

    # --- what a record holds -------------------------------------------------------------------------
    def recorded_as(self, alias: str, expected: dict[str, str]) -> None:
        """The record of the session ended at ``alias`` has these fields (feature names), which must agree with
        data/model (charger id, alias, group; the tag's user)."""
        facts = site_facts(self.site, alias, expected["tag"])
        assert_that(expected, has_entries(facts), "the feature's record vs data/model")
        assert_that(self.of(alias), recorded_as(expected), f"{alias}: balanz's record of the session")

    def timed_as_ended(self, alias: str) -> None:
        """The record starts when the charger started the transaction and ends when it stopped it."""
        assert_that(self.of(alias), timed_as(self.ended(alias)), f"{alias}: record times")

    def energy_as_metered(self, alias: str) -> None:
        """The record holds the energy the charger metered (checks/records.py energy_bounds)."""
        low, high = energy_bounds(self.ended(alias), self.profile.meter_value_interval)
        assert_that(self.of(alias), energy_between(low, high), f"{alias}: recorded energy vs the meter")

    def energy_as_counted(self, alias: str) -> None:
        """balanz records the last ended session at ``alias``, a charger the harness plays, with the energy its meter
        counted in it (the charger's meterStop − meterStart, Wh; model.py Session.from_transaction): in GetSessions,
        in the session file (kWh, 3 decimals) and in its audit log (the meter start, and the kWh of the session
        history entry)."""
        session = PlayedChargerUnderTest.of(self.charger(alias)).last_session()
        assert session.energy is not None, f"{alias}: the session has not ended"
        charger_id = self.spec(alias).charger_id
        kwh = f"{session.energy / 1000:.3f}"
        self.record.note(f"{alias}: metered {session}; expected {session.energy} Wh ({kwh} kWh)")

        def ended() -> list[SessionRecord]:
            found = [SessionRecord.from_api(s) for s in self.api.sessions(charger_id=charger_id)]
            return [r for r in found if abs(float(r.data.get("end_time") or 0) - (session.stopped or 0)) < 2.0]

        found = eventually(ended, is_not(equal_to([])), within=self.profile.prompt, reason=f"{alias}: its record")[-1]
        assert_that(
            float(found.data["energy_meter"]),
            equal_to(float(session.energy)),
            f"{alias}: the energy (Wh) GetSessions records vs the charger's meter stop {session.meter_stop} "
            f"less its meter start {session.meter_start}",
        )
        rows = [r for r in self.csv_sessions() if r.get("charger_id") == charger_id]
        assert_that([r.get("energy") for r in rows[-1:]], contains_exactly(kwh), f"{alias}: the session file's energy")
        assert_that(
            self.audit(),
            all_of(
                has_item(
                    all_of(contains_string("[SESSION-START]"), contains_string(f"Meter start: {session.meter_start}"))
                ),
                has_item(all_of(contains_string("[SESSION-HIST]"), contains_string(f"kWh: {kwh}"))),
            ),
            f"{alias}: balanz's audit log",
        )

    def live_energy_is_register(self, alias: str) -> None:
        """Known issue: balanz's live record of the running session at ``alias``, a charger the harness plays
        (GetSessions include_live), gives the meter's register as the session's energy: at least the register at
        its start, not what it charged since."""
        charger = PlayedChargerUnderTest.of(self.charger(alias))
        live = [
            s for s in self.api.sessions(charger_id=charger.charger_id, include_live=True) if s.get("end_time") is None
        ]
        assert_that(live, is_not(equal_to([])), f"{alias}: balanz's live session")
        start = charger.last_session().meter_start
        charged = charger.sim_status().energy
        self.record.note(
            f"{alias}: live record {live[-1].get('energy_meter')} Wh; meter start {start}, charged {charged}"
        )
        assert_that(
            float(live[-1]["energy_meter"]),
            greater_than_or_equal_to(float(start)),
            f"{alias}: the live session's energy (Wh) vs the meter's register at the session's start",
        )

    def offers_as_made(self, alias: str, offers: list[float]) -> None:
        """The record holds these offers, exactly as balanz showed them while the session ran, then 0 A."""
        self.profile.the_minimum(offers[0])
        end = self.ended(alias)
        assert_that(self.of(alias), offers_recorded(offers, end), f"{alias}: offers in the record")

    def stopped_with(self, alias: str, reason: str) -> None:
        """The record of the session at ``alias`` names this stop reason."""
        record = self.of(alias)
        assert_that(record.data.get("reason"), equal_to(reason), f"stop reason in balanz's record ({record})")

    # --- the session file and a restart ----------------------------------------------------------------
    def csv_sessions(self) -> list[dict[str, str]]:
        """The session file as balanz's API hands it out (GetCSVSessions), row by row."""
        answer = self.api.answer("GetCSVSessions")
        if answer.status != ANSWERED:
            raise AssertionError(f"GetCSVSessions answered {answer.status}")
        return list(csv.DictReader(io.StringIO(answer.detail)))

    def file_holds_session(self, alias: str) -> None:
        """The session file (GetCSVSessions) holds the session at ``alias`` once, as GetSessions records it."""
        expected = session_row_of(self.of(alias).data)
        rows = [r for r in self.csv_sessions() if r["session_id"] == expected["session_id"]]
        assert_that(rows, contains_exactly(has_entries(expected)), f"{alias}: the session file (GetCSVSessions)")

    def kept_over_restart(self, alias: str) -> None:
        """balanz's record (GetSessions) of the session at ``alias`` now is, in what lasts, the one it listed just
        before the restart."""
        found = [s for s in self.sessions_before_restart if s.get("charger_alias") == alias]
        if not found:
            raise AssertionError(f"before the restart balanz listed no session at {alias}")
        before = lasting_view(max(found, key=lambda s: s["start_time"]))
        what = f"{alias}: balanz's record (GetSessions) after the restart vs before"
        assert_that(lasting_view(self.of(alias).data), equal_to(before), what)

    # --- the model files -------------------------------------------------------------------------------
    def file_lists(self, name: str, key: str, column: str, value: str) -> None:
        """balanz's ``name`` file has the row of ``key`` (for the chargers file: the charger's alias), and its
        ``column`` reads ``value``."""
        rows = {self._key_of(name, r): r for r in self.files.rows(name)}
        assert_that(rows, has_entry(key, has_entry(column, value)), f"balanz's {name} file")

    def file_lacks(self, name: str, key: str) -> None:
        """balanz's ``name`` file has no row of ``key`` (for the chargers file: the charger's alias)."""
        keys = [self._key_of(name, r) for r in self.files.rows(name)]
        assert_that(keys, is_not(has_item(key)), f"balanz's {name} file")

    def _key_of(self, name: str, row: dict[str, str]) -> str:
        return row["alias"] if name == "chargers" else row[self.files.key_column(name)]

    def tags_file_is_listing(self) -> None:
        """balanz's tags file holds exactly the tags it lists (GetTags), one row each, every field (model.py
        Tag.write_csv: it rewrites the file whole from its list whenever an operator changes a tag)."""
        tags = self.api.call("GetTags")
        expected = sorted(({c: as_field(t.get(c)) for c in TAG_COLUMNS} for t in tags), key=lambda r: r["id_tag"])
        rows = self.files.rows("tags")
        found = sorted(({c: r.get(c, "") for c in TAG_COLUMNS} for r in rows), key=lambda r: r["id_tag"])
        assert_that(found, equal_to(expected), "balanz's tags file vs the tags balanz lists (GetTags)")

    def groups_file_keeps_others(self, changed: str) -> None:
        """balanz's groups file lists every group but ``changed`` exactly as data/model's groups file has it."""
        with (self.site.model_dir / "groups.csv").open(newline="") as handle:
            expected = [row for row in csv.DictReader(handle) if row["group_id"] != changed]
        found = [row for row in self.files.rows("groups") if row["group_id"] != changed]
        assert_that(found, equal_to(expected), f"balanz's groups file, but group {changed}")

    def users_file_keeps_password(self, user_id: str, password: str) -> None:
        """balanz's users file keeps, for ``user_id``, the sha256 of its token: its user id and ``password``."""
        self.file_lists("users", user_id, "auth_sha", auth_sha(token_of(user_id, password)))
