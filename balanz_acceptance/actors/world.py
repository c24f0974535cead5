"""The per-scenario world the steps talk to: the site, the timing profile, the stack, the record."""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property

from hamcrest import (
    assert_that,
    contains_exactly,
    empty,
    equal_to,
    greater_than_or_equal_to,
    has_entries,
    is_not,
    less_than_or_equal_to,
)

from balanz_acceptance.actors import api_matrix
from balanz_acceptance.actors.api_users import Answer, ApiClient, harmless_calls, load_api_users
from balanz_acceptance.actors.balancing import Balancing
from balanz_acceptance.actors.charger_access import ChargerAccess
from balanz_acceptance.actors.charger_under_test import ChargerUnderTest
from balanz_acceptance.actors.operator import Operator
from balanz_acceptance.actors.provisioning import Provisioning
from balanz_acceptance.actors.session_matchers import energy_between, offers_recorded, recorded_as, timed_as
from balanz_acceptance.actors.sessions import SessionEnd, SessionRecord, SessionRecords, site_facts
from balanz_acceptance.actors.site_admin import SiteAdmin
from balanz_acceptance.checks.group_watch import ChargerSide, Excursion, GroupWatch, reaction_time
from balanz_acceptance.checks.matchers import charger_state
from balanz_acceptance.core.record import ScenarioRecord
from balanz_acceptance.core.site import ChargerSpec, SiteModel
from balanz_acceptance.core.timing import TimingProfile
from balanz_acceptance.core.waiting import eventually
from balanz_acceptance.sut.balanz_api import BalanzApi, ConnectorView
from balanz_acceptance.sut.played_charger import PlayedCharger
from balanz_acceptance.sut.stack import Stack


@dataclass
class World:
    """Everything a step needs, created fresh for every scenario."""

    site: SiteModel
    profile: TimingProfile
    stack: Stack
    record: ScenarioRecord
    watches: dict[str, GroupWatch] = field(default_factory=dict)
    #: Chargers the scenario made silent: their simulators cannot be asked anything.
    silenced: set[str] = field(default_factory=set)
    #: When (time.monotonic) each silent charger went silent.
    silenced_at: dict[str, float] = field(default_factory=dict)
    #: Chargers the harness plays itself (sut/played_charger.py), by alias.
    persistent: dict[str, PlayedCharger] = field(default_factory=dict)
    #: Chargers the scenario created through balanz's API (not in data/model), by alias.
    created: dict[str, ChargerSpec] = field(default_factory=dict)
    _chargers: dict[str, ChargerUnderTest] = field(default_factory=dict)

    @property
    def api(self) -> BalanzApi:
        """The scenario's logged-in balanz API connection."""
        assert self.stack.api is not None, "the stack is not started"
        return self.stack.api

    def spec(self, alias: str) -> ChargerSpec:
        """The charger with this alias: one the scenario created, else data/model's (SetupError if neither)."""
        return self.created.get(alias) or self.site.charger(alias)

    def charger(self, alias: str) -> ChargerUnderTest:
        """The charger with this alias, with its simulator (started because the scenario names it, or connected
        by ``connect_created_charger``), or the charger the harness plays at it."""
        if alias not in self._chargers:
            spec = self.spec(alias)
            played = self.persistent.get(alias)
            sim = played.watched() if played is not None else self.stack.sims.get(alias)
            if sim is None:
                raise AssertionError(f"no simulator runs for {alias}: the scenario's steps must name it")
            self._chargers[alias] = ChargerUnderTest(spec, sim, self.api, self.profile, self.record)
        return self._chargers[alias]

    def watch_groups(self, aliases: list[str]) -> None:
        """Start a safety watch on every allocation group these chargers belong to."""
        for group_id in dict.fromkeys(self.spec(a).group_id for a in aliases):
            sims: dict[str, ChargerSide] = {
                alias: self.stack.new_sim_client(alias) for alias in aliases if self.spec(alias).group_id == group_id
            }
            self._start_watch(group_id, sims)

    def _start_watch(self, group_id: str, sims: dict[str, ChargerSide]) -> None:
        group = self.site.groups[group_id]
        if not group.is_allocation_group:
            return
        watch = GroupWatch(
            group,
            self.stack.new_api(),
            sims,
            self.record,
            full_run=self.profile.full_run * self.profile.factor,
            reaction=reaction_time(self.profile),
        )
        watch.log_path = self.record.logs.get("balanz")
        everyone = [*self.site.chargers.values(), *self.created.values()]
        watch.aliases = {c.charger_id: c.alias for c in everyone if c.group_id == group_id}
        watch.start()
        self.watches[group_id] = watch

    def play_persistent_charger(
        self, alias: str, *, meter_value_interval: float | None = None, meter_values_on_connect: bool = True
    ) -> PlayedCharger:
        """The harness plays the charger ``alias`` itself, as one that keeps its transaction when its connection
        drops (no simulator may run for it); connected to balanz and watched with its group. Its meter values
        come every ``meter_value_interval`` (default: the profile's, as ocppsim's) and, unless
        ``meter_values_on_connect`` is off, at once when it connects and whenever balanz asks for them."""
        spec = self.site.charger(alias)
        if alias in self.stack.sims or alias in self.persistent:
            raise AssertionError(f"{alias} is already played (a step names it as a simulator's charger)")
        charger = PlayedCharger(
            alias,
            spec.charger_id,
            self.stack.balanz_url,
            self.record,
            own_maximum=float(self.profile.ocppsim["charger"]["max_offer"]),
            min_to_start=float(self.profile.ocppsim["charger"]["min_to_start"]),
            meter_value_interval=meter_value_interval or self.profile.meter_value_interval,
            reconnect_within=self.profile.startup,
            meter_values_on_connect=meter_values_on_connect,
            meter_values_when_asked=meter_values_on_connect,
        )
        self.add_played_charger(alias, charger)
        return charger

    def add_played_charger(self, alias: str, charger: PlayedCharger) -> None:
        """A charger the harness plays at ``alias`` (no simulator runs for it) connects to balanz and is watched
        with its group: each connector after the first as ``<alias>/<connector>``."""
        spec = self.site.charger(alias)
        self.persistent[alias] = charger
        charger.start()
        for connector in charger.connectors:
            name = alias if connector == 1 else f"{alias}/{connector}"
            side = charger.watched(connector)
            if spec.group_id in self.watches:
                self.watches[spec.group_id].add_charger(spec.charger_id, name, side)
            else:
                self._start_watch(spec.group_id, {name: side})

    def watch(self, group_id: str) -> GroupWatch:
        """The running safety watch of a group."""
        if group_id not in self.watches:
            raise AssertionError(f"group {group_id} is not watched: the scenario names none of its chargers")
        return self.watches[group_id]

    def finish_watches(self) -> list[str]:
        """Stop every watch; return why the watches cannot vouch for the scenario: the excursions no step
        acknowledged, and any watch that did not observe its group throughout (empty if all is well)."""
        found = []
        for watch in self.watches.values():
            watch.stop()
            found.extend(watch.problems())
            found.extend(str(e) for e in watch.unexpected())
        return found

    def close(self) -> None:
        """Stop the stack's processes first, then the watches and every client (idempotent): a client of a
        program that is gone closes at once. (after_scenario has judged the watches before this runs.)"""
        try:
            for charger in self.persistent.values():
                charger.shutdown()
            self.stack.stop()
        finally:
            for watch in self.watches.values():
                watch.stop()
            self.close_api_client()

    def start_sessions(self, sessions: list[tuple[str, str]]) -> None:
        """Start sessions together: each (alias, tag) is presented and must start at the minimum offer.

        They run in parallel threads, so every session starts within the same balancing tick or two;
        the first failure is raised.
        """
        chargers = [(self.charger(alias), tag) for alias, tag in sessions]
        with ThreadPoolExecutor(max_workers=max(1, len(chargers))) as pool:
            for future in [pool.submit(charger.start_session, tag) for charger, tag in chargers]:
                future.result()

    @property
    def balancing(self) -> Balancing:
        """The offers of several chargers at once (settled, reached, shared)."""
        return Balancing(self.views, self.charger, self.profile, self.silenced)

    def same_group_sessions(self, alias: str) -> list[str]:
        """The other chargers of ``alias``'s group that this scenario runs."""
        group_id = self.spec(alias).group_id
        return [a for a in self.stack.sims if a != alias and self.spec(a).group_id == group_id]

    def gave_way_first(self, alias: str) -> None:
        """The session at ``alias`` gave way first among its group's sessions of equal session priority."""
        self.balancing.gave_way_first(alias, self.same_group_sessions(alias), self.watch(self.spec(alias).group_id))

    def group_back_within(self, group_id: str, amps: float, within: float) -> None:
        """balanz's offers to a group add up to at most ``amps`` within ``within`` seconds."""
        eventually(
            lambda: sum(v.offered for v in self.api.group_connectors(group_id)),
            less_than_or_equal_to(amps),
            within=within,
            reason=f"total offers of group {group_id}",
        )

    def acknowledge_excursion(self, group_id: str, amps: float, over: float) -> None:
        """A known-issue scenario expects its group's offers above ``amps`` by ``over``: wait for it, accept it."""
        self.watch(group_id).acknowledge(self.await_excursion(group_id, amps, over, within=self.profile.prompt))

    def views(self, aliases: list[str]) -> dict[str, ConnectorView]:
        """balanz's view of these chargers, from one consistent GetChargers snapshot."""
        wanted = set(aliases)
        views = [ConnectorView.from_charger(c) for c in self.api.chargers()]
        return {v.alias: v for v in views if v.alias in wanted}

    @property
    def operator(self) -> Operator:
        """An Admin operator acting through the scenario's API connection."""
        return Operator(self.api, self.record, self.watches)

    @cached_property
    def charger_access(self) -> ChargerAccess:
        """Bare connections as a charger and balanz's settings for who may connect."""
        return ChargerAccess(self.site, self.stack.balanz_url, self.api, self.operator, self.profile, self.record)

    def forgot_key(self, alias: str) -> None:
        """The simulator at ``alias`` has no authorization key stored (after reading its file again)."""
        provisioning = self.provisioning(alias)
        self.operator.charger_configuration(provisioning.charger.charger_id, ["AuthorizationKey"])  # ocppsim reads
        assert_that(provisioning.stored_key(), equal_to(None), f"the key in {provisioning.conf_file}")

    def provisioning(self, alias: str) -> Provisioning:
        """Key provisioning of a charger; reads the simulator's files, so only with the managed stack."""
        if not self.stack.settings.managed:
            raise AssertionError("charger authentication scenarios read the simulator's files: use -D stack=managed")
        return Provisioning(self.charger(alias), self.operator, self.profile, self.record.directory / "sims" / alias)

    def check_tag_kind(self, tag: str, kind: str) -> None:
        """Check a feature's word for a tag against data/model: "unknown" ones must not be there, "blocked"
        ones must be there and blocked ("known" ones may also have been created during the scenario)."""
        known = {t.id_tag.upper(): t for t in self.site.tags.values()}
        entry = known.get(tag.upper())
        if kind == "unknown":
            assert entry is None, f"the feature calls tag {tag} unknown, but it is in data/model/tags.csv"
        elif kind == "blocked":
            assert entry is not None and entry.status == "Blocked", f"tag {tag} is not blocked in data/model/tags.csv"

    # --- API access (features/api_access.feature) ----------------------------------------------------
    @cached_property
    def api_client(self) -> ApiClient:
        """A further API connection of this scenario that starts logged out (closed by ``close``).

        Its harmless SetChargePriority names a charger of the site that has no simulator in this scenario.
        """
        users = load_api_users(self.site.model_dir / "users.csv")
        return ApiClient(BalanzApi(self.stack.balanz_url), users, harmless_calls(self.idle_charger), self.record)

    @property
    def idle_charger(self) -> str:
        """A charger of the site that has no simulator in this scenario (the first charger if all have one)."""
        return next((a for a in self.site.chargers if a not in self.stack.sims), next(iter(self.site.chargers)))

    def try_every_command(self, alias: str | None = None) -> list[Answer]:
        """The API client calls every command of balanz's API (api_matrix.COMMANDS, in order).

        The charger commands address ``alias``, whose session must be running; without ``alias`` they
        address a charger that has no simulator in this scenario (for a client that is not logged in).
        """
        if alias is None:
            probe = api_matrix.make_probe(self.site, self.profile, self.idle_charger, None, None)
        else:
            probe = api_matrix.make_probe(
                self.site, self.profile, alias, self.api.connector(alias), self.charger(alias).sim.status()
            )
        client = self.api_client
        return [client.call(command, payload) for command, payload in api_matrix.requests(probe)]

    def close_api_client(self) -> None:
        """Close the further API connection, if one was opened."""
        client = self.__dict__.pop("api_client", None)
        if client is not None:
            client.close()

    # --- operator answers, balanz's files and restarts (site_admin.py) --------------------------------
    @cached_property
    def site_admin(self) -> SiteAdmin:
        """An Admin operator on the scenario's API connection whose answers the scenario checks."""
        return SiteAdmin(self.stack, self.site, self.record, watches=self.watches)

    # --- chargers created through the API (features/managed_users_and_chargers.feature) ---------------
    def create_charger(self, alias: str, charger_id: str, group_id: str, priority: int, conn_max: float) -> None:
        """The operator creates a charger that data/model does not have (CreateCharger); balanz must accept it.

        The scenario may then connect it (``connect_created_charger``).
        """
        if alias in self.site.chargers or group_id not in self.site.groups:
            raise AssertionError(
                f"a new charger needs an alias data/model lacks ({alias}) and a group it has ({group_id})"
            )
        self.site_admin.create_charger(charger_id, alias, group_id, conn_max, priority=priority)
        self.site_admin.answered("Accepted")
        self.created[alias] = ChargerSpec(charger_id, alias, group_id, priority, conn_max)

    def connect_created_charger(self, alias: str) -> Callable[[], None]:
        """A simulator for a charger the scenario created connects to balanz (ManagedStack.add_simulator: once
        balanz has it set up), and its group's safety watch covers it from then on. Returns what stops it,
        for the scenario's clean-up."""
        spec = self.created.get(alias)
        if spec is None:
            raise AssertionError(f"the scenario has not created the charger {alias}")
        self.stack.add_simulator(spec)
        if spec.group_id in self.watches:
            self.watches[spec.group_id].add_charger(spec.charger_id, alias, self.stack.new_sim_client(alias))
        else:
            self.watch_groups([alias])
        return lambda: self.disconnect_created_charger(alias)

    def disconnect_created_charger(self, alias: str) -> None:
        """Stop the simulator of a charger the scenario created and connected; the watches stop asking it."""
        for watch in self.watches.values():
            watch.silenced.add(alias)
        self._chargers.pop(alias, None)
        self.stack.remove_simulator(alias)

    # --- session records (features/session_records.feature) ------------------------------------------
    @cached_property
    def session_records(self) -> SessionRecords:
        """The sessions this scenario ended and balanz's records of them."""
        return SessionRecords(self.api, self.profile, self.record)

    def end_session(self, alias: str, how: str, tag: str | None = None) -> SessionEnd:
        """The driver ends the session at ``alias`` (``how``: unplug or tag); see SessionRecords.end."""
        return self.session_records.end(self.charger(alias), how, tag)

    def session_record(self, alias: str) -> SessionRecord:
        """balanz's record of the session this scenario ended or followed at ``alias``."""
        return self.session_records.await_record(self.charger(alias))

    def session_recorded_as(self, alias: str, expected: dict[str, str]) -> None:
        """The record of the session ended at ``alias`` has these fields (feature names), which must agree
        with data/model (charger id, alias, group; the tag's user)."""
        assert_that(
            expected, has_entries(site_facts(self.site, alias, expected["tag"])), "the feature's record vs data/model"
        )
        assert_that(self.session_record(alias), recorded_as(expected), f"{alias}: balanz's record of the session")

    def session_timed_as_ended(self, alias: str) -> None:
        """The record starts when the charger started the transaction and ends when it stopped it."""
        ended = self.session_records.ended(alias)
        assert_that(self.session_record(alias), timed_as(ended), f"{alias}: record times")

    def session_energy_as_metered(self, alias: str) -> None:
        """The record holds the energy the charger metered (see sessions.energy_bounds)."""
        low, high = self.session_records.energy_bounds(alias)
        assert_that(self.session_record(alias), energy_between(low, high), f"{alias}: recorded energy vs the meter")

    def session_offers_recorded(self, alias: str, offers: list[float]) -> None:
        """The record holds these offers, exactly as balanz showed them while the session ran, then 0 A."""
        self.minimum_offer(offers[0])
        ended = self.session_records.ended(alias)
        assert_that(self.session_record(alias), offers_recorded(offers, ended), f"{alias}: offers in the record")

    def silence(self, alias: str) -> None:
        """The charger hangs mid-session: it sends nothing more, and the safety watch stops asking it."""
        self.session_records.follow(self.charger(alias))  # balanz will end this session: find its record later
        self.silenced.add(alias)
        self.silenced_at[alias] = time.monotonic()
        for watch in self.watches.values():
            watch.silenced.add(alias)
        self.stack.silence(alias)
        self.record.note(f"{alias}: charger made silent (process frozen)")

    def check_silent_session_closed(self, alias: str) -> None:
        """Wait until balanz closes a silent charger's session; check it waited out the transaction timeout.

        balanz closes a session once it has heard nothing from its charger for the transaction timeout,
        at its next transaction check (every csms.transaction_interval, within the deadline).
        A charging simulator sends a meter value every meter-value interval, so balanz last heard from it
        at most that long before it went silent: closing earlier than that breaks the rule.
        """
        silent_since = self.silenced_at.get(alias)
        assert silent_since is not None, f"{alias} was not made silent before this step"
        self.charger(alias).await_view(
            charger_state(status="Available", in_transaction=False),
            within=self.profile.deadline(1, "transaction timeout"),
            reason="balanz closes the silent charger's session",
        )
        earliest = self.profile.transaction_timeout - self.profile.meter_value_interval
        assert_that(
            time.monotonic() - silent_since,
            greater_than_or_equal_to(earliest),
            f"{alias}: seconds from going silent until balanz closed its session (transaction timeout "
            f"{self.profile.transaction_timeout:g}s, less one meter-value interval)",
        )

    def expect_setting(self, setting: str, count: float, interval: str) -> None:
        """Check that this scenario's balanz runs with ``setting`` = ``count`` × ``interval`` (an overlay).

        The overlay itself is applied before the scenario's stack starts (balanz_acceptance.core.overlays).
        """
        assert_that(
            self.profile.interval(setting),
            equal_to(count * self.profile.interval(interval)),
            f"the scenario's {setting} (seconds) vs {count:g} × {interval}",
        )

    # --- restarts mid-scenario (managed stack) -----------------------------------------------------------
    def restart_balanz(self) -> None:
        """balanz restarts with the same runtime directory; meanwhile the watches sample the chargers only."""
        for watch in self.watches.values():
            watch.balanz_restarting = True
        try:
            self.stack.restart_balanz()
        finally:
            for watch in self.watches.values():
                watch.balanz_restarting = False

    def stop_simulator(self, alias: str) -> None:
        """The charger loses power: its simulator process ends; the watches stop asking it."""
        for watch in self.watches.values():
            watch.silenced.add(alias)
        self.stack.stop_simulator(alias)

    def start_simulator(self, alias: str, *, default_profiles: bool = True) -> None:
        """The charger is powered again (with or without its default charging profiles); watched again
        once it answers."""
        self.stack.start_simulator(alias, default_profiles=default_profiles)
        for watch in self.watches.values():
            if alias in watch.sims:
                watch.sims[alias].close()  # its connection was to the stopped process: a new one on next use
            if alias not in self.silenced:
                watch.silenced.discard(alias)

    def await_excursion(self, group_id: str, amps: float, over: float, *, within: float) -> list[Excursion]:
        """Wait until the watch of a group has seen its offers above the ``amps`` limit; check by how much.

        Returns those excursions (balanz side and charger side) so that a known-issue scenario can
        acknowledge them.
        """
        watch = self.watch(group_id)
        excursions = eventually(
            lambda: [e for e in watch.current_excursions() if e.limit == amps],
            is_not(empty()),
            within=within,
            reason=f"the watch sees {group_id} above {amps:g} A",
            show=len,
        )
        assert_that(
            sorted({round(e.worst - e.limit, 2) for e in excursions}),
            contains_exactly(over),
            f"how far {group_id} went above {amps:g} A",
        )
        return excursions

    @staticmethod
    def same_charger(alias: str, same: str) -> str:
        """A step that names one charger twice ("... at RR2-02 and RR2-02 is charging") must name the same one."""
        assert alias == same, f"the step names {alias} and then {same}: it means one charger"
        return alias

    def charger_allows_unoffered(self, alias: str, amps: float, count: float, interval: str) -> None:
        """Promptly the idle charger lets an EV draw the minimum ``amps`` while balanz offers it nothing, and both
        stay so for ``count`` of the named interval."""
        self.site_admin.charger_allows(
            self.charger(alias), self.minimum_offer(amps), offered=0, within=self.profile.prompt,
            seconds=count * self.profile.interval(interval),
        )  # fmt: skip

    def minimum_offer(self, amps: float) -> float:
        """A feature's "minimum offer" must be the configured min_allocation; returns it."""
        assert_that(amps, equal_to(self.profile.min_allocation), "the feature's minimum offer vs min_allocation")
        return amps
