"""The actors of the scenarios about balanz's whole surface: chargers the scenario plays message by message,
an API client that misbehaves, the watchdog, the audit log, firmware, balanz's status and model files.

The world (actors/world.py) builds them on first use (``World.surface``) and closes them first when the scenario
ends, so that the scripted chargers' connections and the probe's clients end before balanz stops.
"""

from __future__ import annotations

import csv
import hashlib
import json
import time
from functools import cached_property
from typing import TYPE_CHECKING, Any

from hamcrest import assert_that, equal_to, has_entries, has_entry

from balanz_acceptance.actors import boot, charger_keys, model_files, watchdog
from balanz_acceptance.actors.api_probe import ApiProbe, token_tried
from balanz_acceptance.actors.api_views import ApiViews, log_predicate
from balanz_acceptance.actors.audit_trail import AuditTrail, fill_session
from balanz_acceptance.actors.bystanders import Bystanders
from balanz_acceptance.actors.charger_view import ChargerView
from balanz_acceptance.actors.firmware import FirmwareList, retrieve_date_is_not_ocpp, update_requested
from balanz_acceptance.actors.scripted_charger import ScriptedCharger
from balanz_acceptance.checks.answers import outcome
from balanz_acceptance.core.errors import SetupError
from balanz_acceptance.core.record import tail
from balanz_acceptance.core.users import ApiUser, load_api_users, token_of
from balanz_acceptance.core.waiting import eventually, holds_for
from balanz_acceptance.sut.balanz_api import BalanzApi
from balanz_acceptance.sut.bare_charger import ConnectionOutcome
from balanz_acceptance.sut.raw_link import connect_offering

if TYPE_CHECKING:
    from balanz_acceptance.actors.world import World


class Surface:
    """The scenario's actors for balanz's surface (see the module docstring)."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.chargers: dict[str, ScriptedCharger] = {}
        self._views: dict[str, ChargerView] = {}
        #: The outcome of the latest connection made with a key sent as a subprotocol.
        self.outcome: ConnectionOutcome | None = None
        #: Log levels the scenario's operator changed (SetLogLevel), by component.
        self.log_levels_changed: dict[str, str] = {}
        #: The latest drawing of the site (DrawAll).
        self.drawing: str | None = None

    @property
    def api(self) -> BalanzApi:
        """The scenario's Admin API connection."""
        assert self.world.stack.api is not None, "the stack is not started"
        return self.world.stack.api

    # --- chargers the scenario plays message by message ---------------------------------------------------------
    def charger_id(self, alias: str) -> str:
        """The id a scripted charger connects as: its charger id in data/model, or (a charger the scenario
        declares unknown) the alias itself."""
        if alias in self.world.site.chargers:
            return self.world.site.charger(alias).charger_id
        return alias

    def play(self, alias: str) -> ScriptedCharger:
        """Connect a charger the scenario plays message by message, as ``alias`` (nothing sent yet)."""
        if alias in self.chargers or alias in self.world.stack.sims:
            raise SetupError(f"{alias} is already played in this scenario (a simulator or a scripted charger)")
        charger = ScriptedCharger(alias, self.charger_id(alias), self.world.stack.balanz_url, self.world.record)
        self.chargers[alias] = charger
        charger.connect()
        return charger

    def charger(self, alias: str) -> ScriptedCharger:
        """The scripted charger ``alias`` (the scenario must have connected it)."""
        if alias not in self.chargers:
            raise AssertionError(f"the scenario has not connected {alias} as a charger it plays message by message")
        return self.chargers[alias]

    def play_booted(self, alias: str) -> ScriptedCharger:
        """Connect and boot a scripted charger; wait until balanz has set it up if it is in an allocation group
        (balanz sets its charging profiles at a balancing tick after it connected)."""
        charger = self.play(alias)
        charger.boot()
        charger.status("Available")
        site = self.world.site
        if alias in site.chargers and site.groups[site.charger(alias).group_id].is_allocation_group:
            charger.await_set_up(self.api, self.world.profile)
        return charger

    def view(self, alias: str) -> ChargerView:
        """balanz's view of the scripted charger ``alias``."""
        if alias not in self._views:
            self._views[alias] = ChargerView(self.charger(alias), self.api)
        return self._views[alias]

    @property
    def last_charger(self) -> ScriptedCharger:
        """The scripted charger that sent the latest frame."""
        sending = [c for c in self.chargers.values() if c.sent]
        if not sending:
            raise AssertionError("no charger the scenario plays has sent anything yet")
        return max(sending, key=lambda c: c.last.at)

    def views_answered_as_tables(self) -> None:
        """balanz answered every frame of every charger's table as its row says."""
        for view in self._views.values():
            if view.table:
                view.answered_as_table()

    def burst_answered_in_order(self) -> None:
        """Every call of the latest burst was answered with a result, in order."""
        bursting = [c for c in self.chargers.values() if c.last_burst]
        if not bursting:
            raise AssertionError("no charger the scenario plays has sent a burst")
        max(bursting, key=lambda c: c.last_burst[-1].at).burst_answered_in_order()

    # --- connection, boot and heartbeat -------------------------------------------------------------------------
    def keep_talking(self, alias: str, *, half_limits: float, limits: float) -> None:
        """The charger sends a Heartbeat every ``half_limits`` halves of the silence limit for ``limits`` limits."""
        limit = self.world.profile.charger_silence_limit
        watchdog.keep_talking(self.charger(alias), every=half_limits * limit / 2, lasting=limits * limit)

    def connection_still_open(self, alias: str) -> None:
        """The scripted charger's connection is open."""
        watchdog.still_open(self.charger(alias))

    def closed_after_silence(self, alias: str, code: int) -> None:
        """balanz closes the silent charger's connection with ``code`` once the silence limit has passed: a charger
        the scenario plays message by message, or one the harness plays that hung (actors/played.py)."""
        if alias in self.world.chargers.played:
            self.world.charger(alias).closed_after_silence(code)
            return
        watchdog.closed_after_silence(self.charger(alias), self.world.profile, code)

    def second_connection(self, alias: str) -> None:
        """Another connection as the charger opens and closes at once (the charger's own stays open)."""
        outcome = connect_offering(self.world.stack.balanz_url, self.charger_id(alias), ["ocpp1.6"], within=0.2)
        self.world.record.note(f"a second connection as {alias} opened and closed: {outcome}")

    def boot_accepted(self) -> None:
        """balanz accepted the latest BootNotification with the configured heartbeat interval and its time."""
        interval = int(self.world.profile.balanz["csms"]["heartbeat_interval"])
        boot.accepted(self.last_charger.last, interval)

    def answered_with_current_time(self) -> None:
        """balanz answered the latest frame with its current time (OCPP currentTime)."""
        boot.answered_with_current_time(self.last_charger.last)

    # --- the audit log ----------------------------------------------------------------------------------------
    @cached_property
    def audit(self) -> AuditTrail:
        """balanz's audit log."""
        return AuditTrail(self.api)

    def await_session_entries(self, alias: str, entries: list[str]) -> None:
        """balanz's audit log has these entries (the placeholders of ``alias``'s latest session filled in),
        written since this scenario's balanz started, in this order."""
        filled = [fill_session(entry, self.charger(alias)) for entry in entries]
        self.world.records.audit_in_order(filled)

    def restart_noting_audit(self) -> None:
        """Note the audit entries balanz lists, then restart balanz (same runtime directory)."""
        self.audit.note_before_restart()
        self.world.operator.restart_balanz()

    def create_tag_without_status(self, id_tag: str, user_name: str) -> None:
        """The operator creates a tag giving no status (CreateTag); balanz must answer Accepted."""
        answer = self.world.operator.attempt("CreateTag", {"id_tag": id_tag, "user_name": user_name})
        assert_that(answer, outcome("Accepted"), "balanz's answer to CreateTag")

    # --- model files -----------------------------------------------------------------------------------------
    def lists_tag(self, id_tag: str, status: str) -> None:
        """balanz lists the tag (GetTags) with this status."""
        tags = {t["id_tag"]: t for t in self.api.call("GetTags")}
        assert_that(tags, has_entry(id_tag, has_entry("status", status)), "balanz's tags (GetTags)")

    def tags_file_is_listing(self) -> None:
        """balanz's tags file holds exactly the tags balanz lists (GetTags)."""
        model_files.tags_file_is_listing(self.world.records.files, self.api.call("GetTags"))

    def groups_file_keeps_others(self, changed: str) -> None:
        """balanz's groups file lists every group but ``changed`` exactly as data/model's groups file has it."""
        with (self.world.site.model_dir / "groups.csv").open(newline="") as handle:
            expected = [row for row in csv.DictReader(handle) if row["group_id"] != changed]
        found = [row for row in self.world.records.files.rows("groups") if row["group_id"] != changed]
        assert_that(found, equal_to(expected), f"balanz's groups file, but group {changed}")

    def default_limit(self, amps: float) -> float:
        """A feature's default limit must be the configured default_max_allocation; returns it."""
        configured = float(self.world.profile.balanz["balanz"]["default_max_allocation"])
        assert_that(amps, equal_to(configured), "the feature's default limit vs [balanz] default_max_allocation")
        return amps

    def lists_charger(self, charger_id: str, **fields: Any) -> None:
        """balanz lists the charger with this id (GetChargers) with these fields."""
        chargers = {c["charger_id"]: c for c in self.api.chargers()}
        assert_that(chargers, has_entry(charger_id, has_entries(**fields)), "balanz's chargers (GetChargers)")

    def create_charger_without_limit(self, charger_id: str, alias: str, group_id: str) -> None:
        """The operator creates a charger with priority 1 and no limit (CreateCharger); balanz must accept it."""
        payload = {"charger_id": charger_id, "alias": alias, "group_id": group_id, "priority": 1}
        answer = self.world.operator.attempt("CreateCharger", payload)
        assert_that(answer, outcome("Accepted"), "balanz's answer to CreateCharger")

    def minimum_usage_change(self, amps: float) -> None:
        """A feature's minimum usage change must be the configured [history] minimum_usage_change."""
        configured = float(self.world.profile.balanz["history"]["minimum_usage_change"])
        assert_that(amps, equal_to(configured), "the feature's usage change vs [history] minimum_usage_change")

    def report_currents(self, alias: str, amps: str) -> None:
        """The charger reports each current of a feature's list ("10, 10.25 and 0") in a meter value of its own."""
        for value in amounts(amps):
            self.charger(alias).meter_values(current=value)

    def history_lists_text(self, alias: str, amps: str) -> None:
        """The session file's history of ``alias``'s latest session lists these usages ("10, 10.5 and 0"), each
        as balanz writes it (a float: "10.0A"), then 0 A offered and used."""
        usages = [f"{float(value)}A" for value in amounts(amps)]
        model_files.history_lists(self.world.records.files, self.charger(alias), usages)

    # --- firmware ---------------------------------------------------------------------------------------------
    @cached_property
    def firmware(self) -> FirmwareList:
        """The firmware entries the scenario's operator made."""
        path = self.world.record.directory / "model" / "firmware.csv"
        return FirmwareList(self.world.operator, self.api, path)

    def update_firmware(self, alias: str, location: str) -> None:
        """The operator asks a charger to update its firmware from ``location`` (UpdateFirmware)."""
        self.world.operator.attempt("UpdateFirmware", {"charger_id": self.charger_id(alias), "location": location})

    def update_requested(self, alias: str, location: str) -> None:
        """balanz asked the scripted charger to fetch its firmware from ``location``."""
        update_requested(self.charger(alias).calls_from_balanz("UpdateFirmware"), location)

    def retrieve_date_is_not_ocpp(self, alias: str) -> None:
        """The retrieveDate of balanz's latest UpdateFirmware to the charger is not an OCPP date-time."""
        calls = self.charger(alias).calls_from_balanz("UpdateFirmware")
        assert calls, f"balanz sent {alias} no UpdateFirmware"
        retrieve_date_is_not_ocpp(calls[-1])

    # --- charger keys ------------------------------------------------------------------------------------------
    def await_key(self, alias: str) -> None:
        """Wait until balanz has given the scripted charger a key (and keeps it in its chargers file)."""
        charger_keys.await_key(self.charger(alias), self.world.records.files, self.world.profile)

    def connect_with_protocol_key(self, alias: str, which: str) -> None:
        """A charger connects as ``alias`` with its key ("its key", "a wrong key") or none ("no key") sent as a
        websocket subprotocol; the outcome is kept."""
        keys = {"its key": self.charger(alias).authorization_key, "a wrong key": "not-its-key", "no key": None}
        if which not in keys:
            raise SetupError(f"'{which}': say its key, a wrong key or no key")
        self.outcome = charger_keys.connect_with_protocol_key(
            self.world.stack.balanz_url, self.charger_id(alias), keys[which], self.world.profile, self.world.record
        )

    def connection_accepted(self) -> None:
        """balanz kept the latest such connection open."""
        charger_keys.accepted(self._outcome())

    def connection_closed_with(self, code: int) -> None:
        """balanz closed the latest such connection with ``code``."""
        charger_keys.closed_with(self._outcome(), code)

    def _outcome(self) -> ConnectionOutcome:
        if self.outcome is None:
            raise AssertionError("no charger connected with a subprotocol key in this scenario")
        return self.outcome

    def reset_charger_auth(self, alias: str) -> None:
        """The operator has balanz forget the charger's key (ResetChargerAuth)."""
        self.world.operator.attempt("ResetChargerAuth", {"charger_id": self.charger_id(alias)})

    def chargers_file_holds_no_key(self, alias: str) -> None:
        """balanz's chargers file keeps no key for the charger."""
        self.world.records.file_lists("chargers", alias, "auth_sha", "")

    # --- what balanz's API reports ------------------------------------------------------------------------------
    @cached_property
    def views(self) -> ApiViews:
        """Checks of what balanz's API reports about balanz and its site."""
        record = self.world.record
        started = time.time() - (time.monotonic() - record.start)  # the record began before balanz was started
        settings = self.world.stack.settings
        return ApiViews(self.api, self.world.site, self.world.profile, settings.sut_python, started)

    def set_log_level(self, component: str, level: str) -> None:
        """The operator sets a component's log level (SetLogLevel)."""
        self.world.operator.attempt("SetLogLevel", {"component": component, "loglevel": level})
        self.log_levels_changed[component] = level

    def client_leaving_logged(self, text: str, logged: bool) -> None:
        """A new API client connects, logs in and leaves; balanz's log gains an entry mentioning ``text`` promptly
        (``logged``), or gains none for as long."""
        before = self.views.log_count(text)
        client = self.probe.new_client()
        client.call("Login", {"token": self.world.stack.settings.api_token})
        client.close()
        expected = equal_to(before + 1) if logged else equal_to(before)
        within = self.world.profile.prompt
        reason = f"entries of balanz's log mentioning {text!r} after a client left"
        if logged:
            eventually(lambda: self.views.log_count(text), expected, within=within, reason=reason)
        else:
            holds_for(lambda: self.views.log_count(text), expected, duration=within, reason=reason)

    def logs_filtered(self, filters_text: str, what: str) -> None:
        """GetLogs with a feature's filters lists only entries that are ``what`` ("of the logger X", "mentioning
        "T"", "written at or before balanz's start"), and leaves out some that are not."""
        start = str(self.views.status()["starttime"])
        filters = json.loads(filters_text.replace("<balanz's start>", start))
        holds = log_predicate(what, start)
        self.views.logs_filtered(filters, what, holds)

    def draw(self, historic: bool | None) -> None:
        """The operator draws the site (DrawAll); the drawing is kept."""
        self.drawing = self.views.drawing(historic)
        self.world.record.note(f"DrawAll historic={historic}:\n{self.drawing}")

    def drawing_shows(self, alias: str | None, id_tag: str | None, user: str | None) -> None:
        """The kept drawing shows every group and charger, and ``alias``'s ended session for the tag (or, with
        ``alias`` None, no ended session)."""
        assert self.drawing is not None, "the operator has drawn nothing"
        self.views.drawing_shows_site(self.drawing)
        if alias is None:
            self.views.drawing_session(self.drawing, next(iter(self.chargers.values())), "", "", shown=False)
        else:
            self.views.drawing_session(self.drawing, self.charger(alias), str(id_tag), str(user), shown=True)

    def sessions_as_table(self, rows: list[tuple[str, str]]) -> None:
        """GetSessions with each row's filters lists exactly the sessions its row names."""
        aliases = {c.charger_id: c.alias for c in self.world.site.chargers.values()}
        wrong = []
        for filters, listed in rows:
            expected = set() if listed == "none" else {p.strip() for p in listed.split(";")}
            found = self.views.sessions_listed(json.loads(filters), aliases)
            if found != expected:
                wrong.append(f"{filters}: expected {sorted(expected)}, balanz listed {sorted(found)}")
        assert not wrong, "GetSessions differs from the table:\n  " + "\n  ".join(wrong)

    def group_maximum_now(self, group_id: str, rows: list[tuple[int, float]]) -> None:
        """balanz applies these maxima to the group now, highest priority first (GetGroups max_allocation_now)."""
        expected = [[float(p), float(a)] for p, a in rows]
        found = [[float(p), float(a)] for p, a in self.views.group_maximum_now(group_id)]
        assert_that(found, equal_to(expected), f"the maximum balanz applies to {group_id} now (max_allocation_now)")

    # --- the rest of balanz's surface -------------------------------------------------------------------------
    @cached_property
    def bystanders(self) -> Bystanders:
        """The other chargers' sessions and balanz's records, noted before a client misbehaves."""
        return Bystanders(self.api, self.world.record.directory)

    @cached_property
    def probe(self) -> ApiProbe:
        """An API client that sends what the scenario says (logged in as the suite's Admin when it needs to be)."""
        stack = self.world.stack
        return ApiProbe(
            stack.balanz_url, stack.settings.api_token, self.api, self.world.record.directory, self.world.record
        )

    @cached_property
    def users(self) -> dict[str, ApiUser]:
        """The site's API users (data/model/users.csv), with their documented tokens."""
        return load_api_users(self.world.site.model_dir / "users.csv")

    def user(self, user_id: str) -> ApiUser:
        """One API user of the site."""
        if user_id not in self.users:
            raise SetupError(f"{user_id} is not an API user of data/model/users.csv")
        return self.users[user_id]

    def log_in_rows(self, rows: list[tuple[str, str, str, str]]) -> None:
        """For each row (user id, kind of password, expected login reply, expected GetChargers reply) a new
        client logs in with that user's password of that kind (api_probe.token_tried)."""
        tried = [
            (token_tried(self.user(user_id), kind), f"{user_id} with the {kind} password", login, after)
            for user_id, kind, login, after in rows
        ]
        self.probe.log_in_rows(tried)

    def users_file_keeps_token_of(self, user_id: str, password: str) -> None:
        """balanz's users file keeps, for ``user_id``, the sha256 of its token: its user id and ``password``."""
        digest = hashlib.sha256(token_of(user_id, password).encode()).hexdigest()
        self.world.records.file_lists("users", user_id, "auth_sha", digest)

    def restart_fails_with(self, error: str) -> None:
        """balanz, restarted with the scenario's runtime directory, does not start: its log ends with ``error``."""
        try:
            self.world.stack.restart_balanz()
        except AssertionError as exc:
            log = self.world.record.logs.get("balanz")
            last = tail(log, 40) if log is not None else ""
            self.world.record.note(f"balanz did not start again, as expected: {exc}")
            assert error in last, f"balanz did not start again, but its log does not end with {error!r}:\n{last}"
            return
        raise AssertionError("balanz started again")

    def close(self) -> None:
        """Close every connection the surface's actors opened."""
        for charger in self.chargers.values():
            charger.shutdown()
        if "probe" in self.__dict__:
            self.probe.close()


def amounts(text: str) -> list[str]:
    """The numbers of a feature's list: "10, 10.25 and 0" → ["10", "10.25", "0"]."""
    return [part.strip() for part in text.replace(" and ", ",").split(",") if part.strip()]
