"""Storms over a site (core/storm.py makes them): the harness plays the site's chargers itself (threads,
sut/played_charger.py), plays a storm's events on them and on balanz's API at their ticks, and then checks the
invariants the storm feature states, from what balanz shows and what the chargers did.

Throughout, each group's safety watch (checks/group_watch.py) checks every bucket's cap with its own priority
oracle; the watch hears every change the operator makes (actors/operator.py publishes it). At the end:

* ``grows_once_calm``: once the storm has calmed, within the stated number of offer-increase intervals, every
  session that charges and uses all it is offered is offered more, reaches its charger's or EV's limit, or finds
  its priority's bucket or its group full (balanz/model.py Group.balanz: growth, buckets, round robin);
* ``none_below_minimum``: every session is offered at least the minimum, or 0 A by a named rule: withdrawn or held
  (a full EV, a suspension balanz set), its group suspended, or squeezed out (its bucket or group has less than
  the minimum left);
* ``no_offer_outside_sessions``: no charger without a session holds an offer, on balanz's side or its own;
* ``recorded_once``: every session a charger ended is recorded exactly once, with its tag, its user and the
  energy the charger's meter counted in it (balanz/model.py Session.from_transaction);
* ``watch_clean``: no group was above its maximum.

A check that fails raises an AssertionError with the storm's seed, its events as Gherkin steps and, after
shrinking (core/storm.py ``shrink``; each replay on a fresh stack of the same scenario), the shortest event list
found that still fails the same check, as a scenario to paste into a feature.
"""

from __future__ import annotations

import contextlib
import json
import math
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from hamcrest import empty

from balanz_acceptance.actors.chargers import Chargers
from balanz_acceptance.actors.operator import Operator
from balanz_acceptance.checks.watches import Watches
from balanz_acceptance.core.errors import SetupError
from balanz_acceptance.core.events import ChargerSilenced, ChargerWorksAgain
from balanz_acceptance.core.record import ScenarioRecord
from balanz_acceptance.core.site import SiteModel
from balanz_acceptance.core.storm import (
    DRIVERS_ONLY,
    WEIGHTS,
    ShrinkBudget,
    StormEvent,
    StormSite,
    as_gherkin,
    generate,
    parse,
    shrink,
)
from balanz_acceptance.core.timing import Duration, TimingProfile
from balanz_acceptance.core.waiting import eventually
from balanz_acceptance.sut.balanz_api import BalanzApi, ConnectorView, SessionRecord
from balanz_acceptance.sut.ocpp_link import OcppError
from balanz_acceptance.sut.played_charger import Ev, MeteredSession, PlayedCharger
from balanz_acceptance.sut.silenceable_charger import SilenceableCharger

#: Seconds a shrinking may take in all (its replays are also capped by count: ``-D storm_shrink``): within the
#: parallel runner's timeout of a storm scenario (runner/schedule.py timeout_for: about 15 min in the fast profile).
SHRINK_SECONDS = 480.0
#: Seconds between a record's start time in balanz and the charger's own note of its StartTransaction's reply.
START_SLACK = 3.0
#: The kinds of event the charger itself carries out (a silent one cannot).
CHARGER_EVENTS = ("arrive", "ev_limit", "ev_full", "unplug", "reboot", "drop", "silent")
#: The checks, by name: what a failing replay must fail again for shrinking to keep it.
CHECKS = ("grows_once_calm", "none_below_minimum", "no_offer_outside_sessions", "recorded_once", "watch_clean")


@dataclass
class Arrival:
    """A tag presented during the storm, and when (epoch s) the charger was first allowed the minimum after it."""

    alias: str
    tag: str
    at: float
    #: The session the tag began, as the charger ran it (its ``stopped`` once it ended).
    session: MeteredSession | None = None
    offered_at: float | None = None

    def ended_by(self, at: float) -> bool:
        """True if the session had ended by ``at`` (epoch s)."""
        stopped = self.session.stopped if self.session is not None else None
        return stopped is not None and stopped <= at


@dataclass
class Storm:
    """A storm over the site's chargers the harness plays, and the checks after it."""

    site: SiteModel
    profile: TimingProfile
    chargers: Chargers
    operator: Operator
    watches: Watches
    record: ScenarioRecord
    #: The seed every storm uses instead of its own (``-D storm_seed``), replays a failure may use to shrink.
    seed_override: int | None
    shrink_replays: int
    #: A fresh world of the same scenario (a replay), or None.
    renew: Callable[[], Any] | None
    #: The storm's events, in order, and its seed (None: events a scenario's steps play one by one).
    events: list[StormEvent] = field(default_factory=list)
    seed: int | None = None
    #: The steps that set the site up (the group whose chargers are played, None: the site's; the step's words),
    #: for a replay and a shrunk scenario.
    setup_steps: list[tuple[str | None, str]] = field(default_factory=list)
    arrivals: list[Arrival] = field(default_factory=list)
    _started: float | None = None
    _works_again: list[tuple[float, str]] = field(default_factory=list)
    #: Each time a charger went silent: (alias, from, until), epoch s.
    _silences: list[tuple[str, float, float]] = field(default_factory=list)
    #: Seconds from the storm's first event to the check that failed (a replay checks no earlier).
    _failed_after: float = 0.0

    @property
    def api(self) -> BalanzApi:
        """The scenario's API connection."""
        return self.operator.api

    # --- the site ------------------------------------------------------------------------------------------
    def play_chargers(self, group_id: str | None, words: str) -> None:
        """The harness plays every charger of ``group_id`` (None: of the site) as a real charger that can also hang;
        returns once balanz has set each up."""
        aliases = [a for a, c in self.site.simulated().items() if group_id in (None, c.group_id)]
        groups = {self.site.charger(a).group_id for a in aliases}
        aliases = [a for a in aliases if self.site.groups[self.site.charger(a).group_id].is_allocation_group]
        if not aliases:
            raise SetupError(f"no charger of an allocation group in {group_id or 'the site'} ({', '.join(groups)})")
        self.chargers.play_real(aliases, can_hang=True)
        self.setup_steps.append((group_id, words))
        self.record.note(f"storm: the harness plays {len(aliases)} chargers: {', '.join(aliases)}")

    def _played(self, alias: str) -> PlayedCharger:
        if alias not in self.chargers.played:
            raise AssertionError(f"{alias} is not a charger the storm plays")
        return self.chargers.played[alias]

    def storm_site(self) -> StormSite:
        """What the storm may use: the played chargers, the site's active tags, the groups' schedules."""
        chargers = {a: self.site.charger(a).group_id for a in self.chargers.played}
        tags = {t.id_tag: t.priority for t in self.site.tags.values() if t.status == "Activated"}
        schedules = {g: self.site.groups[g].max_allocation for g in dict.fromkeys(chargers.values())}
        return StormSite(chargers, tags, schedules)

    # --- the storm -----------------------------------------------------------------------------------------
    def blow(self, seed: int, events: int, duration: Duration, *, drivers_only: bool = False) -> None:
        """Make a storm of about ``events`` events over ``duration`` from ``seed`` (or ``-D storm_seed``) and play
        it (``drivers_only``: arrivals, EV limits, full EVs and unplugs only); the seed and the events are noted
        before it begins."""
        self.seed = seed if self.seed_override is None else self.seed_override
        ticks = int(self.profile.seconds(duration) / self.profile.run_interval)
        made = generate(self.seed, self.storm_site(), events, ticks, DRIVERS_ONLY if drivers_only else WEIGHTS)
        self.record.note(f"storm: seed {self.seed}, {len(made)} events over {ticks} balancing ticks:\n" + _listed(made))
        self.play(made)

    def play(self, events: list[StormEvent]) -> None:
        """Play ``events`` at their ticks from now (a silent charger works again at its tick)."""
        for event in events:
            self.play_event(event)
        self.finish()

    def play_step(self, text: str) -> None:
        """Play one event a scenario's step states ("at tick 3, RR2-02 reboots") at its tick from the first."""
        self.play_event(parse(text))

    def play_event(self, event: StormEvent) -> None:
        """Play one event at its tick, counted from the storm's first event; what no longer fits does nothing."""
        if self._started is None:
            self._started = time.monotonic()
        due = self._started + event.at * self.profile.run_interval
        self._wake_until(due)
        self._pace_until(due)
        self.events.append(event)
        try:
            self._refuse_if_silent(event)
            self._do(event)
        except (AssertionError, OcppError, TimeoutError) as exc:
            self.record.note(f"storm: {event} did nothing: {exc}"[:400])

    def _refuse_if_silent(self, event: StormEvent) -> None:
        """A charger that hangs does nothing a driver, an EV or the charger itself asks of it until it works again
        (``_do`` would wait for it): such an event does nothing. A storm never makes one (core/storm.py), a list of
        steps may."""
        charger = self.chargers.played.get(event.alias or "")
        if isinstance(charger, SilenceableCharger) and charger.hanging and event.kind in CHARGER_EVENTS:
            raise AssertionError(f"{event.alias} is silent")

    def finish(self) -> None:
        """Every charger that went silent works again (at its tick)."""
        self._wake_until(float("inf"))

    def _pace_until(self, due: float) -> None:
        """The storm's own pace (an input, not a wait for an outcome): until the event's tick."""
        threading.Event().wait(max(0.0, due - time.monotonic()))

    def _wake_until(self, due: float) -> None:
        for at, alias in sorted(w for w in self._works_again if w[0] <= due):
            self._pace_until(at)
            self._works_again.remove((at, alias))
            charger = self._played(alias)
            assert isinstance(charger, SilenceableCharger)
            charger.work_again()
            self._silence_ended(alias)
            self.operator.stack.events.publish(ChargerWorksAgain(alias))

    def _silence_ended(self, alias: str) -> None:
        """The charger's last silence ended now (a storm behind its ticks wakes it later than it planned)."""
        for index in reversed(range(len(self._silences))):
            name, start, until = self._silences[index]
            if name == alias:
                self._silences[index] = (name, start, max(until, time.time()))
                return

    def _do(self, event: StormEvent) -> None:
        kind, alias = event.kind, event.alias
        if kind == "arrive":
            charger = self._played(alias)
            if charger.transaction_id is not None or charger.connectors[1].authorized:
                raise AssertionError(f"{alias} is in a session")
            charger.set_ev(Ev())
            at = time.time()
            status = charger.present_tag(event.tag)
            if status == "Accepted":
                self.arrivals.append(Arrival(alias, event.tag, at, charger.sessions[-1] if charger.sessions else None))
            self.record.note(f"storm: tag {event.tag} at {alias} -> {status}")
        elif kind in ("ev_limit", "ev_full"):
            charger = self._played(alias)
            if charger.transaction_id is None:
                raise AssertionError(f"no session at {alias}")
            ev = charger.connectors[1].ev
            if kind == "ev_limit":
                charger.set_ev(Ev(max_draw=float(event.value), full_after_wh=ev.full_after_wh))
            else:
                charger.set_ev(Ev(max_draw=ev.max_draw, full_after_wh=0.0))
        elif kind == "unplug":
            self._played(alias).unplug()
        elif kind == "reboot":
            self._played(alias).reboot()
        elif kind == "drop":
            self._played(alias).drop_connection()
        elif kind == "silent":
            charger = self._played(alias)
            assert isinstance(charger, SilenceableCharger)
            self.operator.stack.events.publish(ChargerSilenced(alias))
            charger.hang()
            # It works again at its tick (the storm's clock, not this moment: an event played late must not push
            # the charger's next events, which the storm made for that tick on, into its silence).
            assert self._started is not None
            back = self._started + (event.at + event.value) * self.profile.run_interval
            self._works_again.append((back, alias))
            self._silences.append((alias, time.time(), time.time() + max(0.0, back - time.monotonic())))
        elif kind == "session_priority":
            self.operator.try_session_priority(alias, event.value)
        elif kind == "charger_priority":
            self.operator.update_charger(alias, priority=event.value)
        elif kind == "group_maximum":
            self.operator.set_group_maximum(event.group, event.schedule)
        elif kind in ("suspend", "resume"):
            self.operator.suspend_group(event.group, kind == "suspend")

    # --- what balanz and the chargers show -----------------------------------------------------------------
    def _views(self) -> dict[str, ConnectorView]:
        wanted = {self.site.charger(a).charger_id: a for a in self.chargers.played}
        return {wanted[c["charger_id"]]: ConnectorView.from_charger(c) for c in self.api.chargers()
                if c["charger_id"] in wanted}  # fmt: skip

    def _bucket_room(self, views: dict[str, ConnectorView], alias: str, now: float) -> tuple[float, float, bool]:
        """(room left in ``alias``'s priority bucket, room left in its group, group suspended) by balanz's offers
        and the watch's own priorities, besides ``alias``'s own offer."""
        group_id = self.site.charger(alias).group_id
        watch = self.watches.of(group_id)
        state = watch.state_at(now)
        buckets = state.group.buckets_at(now)
        if not buckets:
            return 0.0, 0.0, state.suspended
        top = next(iter(buckets.values()))
        members = [a for a in views if self.site.charger(a).group_id == group_id and a != alias]
        bucket = state.group.bucket_of(watch.priority_at(alias, now), now)
        in_bucket = [a for a in members if state.group.bucket_of(watch.priority_at(a, now), now) == bucket]
        bucket_room = (buckets.get(bucket, 0) if bucket is not None else 0) - sum(views[a].offered for a in in_bucket)
        group_room = top - sum(views[a].offered for a in members)
        return bucket_room - views[alias].offered, group_room - views[alias].offered, state.suspended

    def _could_grow(self, alias: str, view: ConnectorView) -> float | None:
        """The limit the session at ``alias`` could grow to (its charger's, its EV's), if it charges, uses all it is
        offered and is below that limit; else None."""
        charger = self._played(alias)
        connector = charger.connectors[1]
        if not view.in_transaction or connector.status != "Charging" or view.offered < self.profile.min_allocation:
            return None
        limit = min(self.site.charger(alias).conn_max, connector.ev.max_draw or float("inf"))
        margin = float(self.profile.balanz["balanz"]["margin_increase"])
        if view.offered >= limit or connector.draw < view.offered - margin:
            return None
        return limit

    # --- the checks ----------------------------------------------------------------------------------------
    def grows_once_calm(self, within: Duration) -> None:
        """Once the storm has calmed (now), within ``within`` every session that could grow (``_could_grow``) is
        offered more, reaches its limit, or finds its bucket or group full (less than 1 A left)."""
        self._check("grows_once_calm", lambda: self._stuck_after(within))

    def _stuck_after(self, within: Duration) -> list[str]:
        # The calm begins: nothing happens for a full balancing run, in which balanz balances after the storm's last
        # events (a group resumed at its end gets its first offers); the sessions that could grow are taken then.
        self._pace_until(time.monotonic() + self.profile.full_run)
        before = self._views()
        growing = {a: (v.offered, limit) for a, v in before.items() if (limit := self._could_grow(a, v)) is not None}
        self.record.note(f"storm: calm; sessions that could grow: {growing or 'none'}")

        def stuck() -> list[str]:
            now = time.time()
            views = self._views()
            found = []
            for alias, (offered, limit) in growing.items():
                view = views[alias]
                if not view.in_transaction or view.offered > offered or view.offered >= limit:
                    continue
                bucket_room, group_room, suspended = self._bucket_room(views, alias, now)
                if suspended or bucket_room < 1 or group_room < 1:
                    continue
                found.append(f"{alias} still offered {view.offered:g} A (limit {limit:g} A) with {bucket_room:g} A "
                             f"left in its bucket and {group_room:g} A in its group")  # fmt: skip
            return found

        try:
            eventually(stuck, empty(), within=self.profile.within(within), reason="every session that could grow grew",
                       every=1.0)  # fmt: skip
        except AssertionError:
            return stuck() or ["a session stopped growing, then grew at the last moment"]
        return []

    def none_below_minimum(self) -> None:
        """Every session is offered at least the minimum, or 0 A by a named rule (see the module's description),
        once balanz has balanced after the storm (within a full balancing run: a group resumed at the storm's end
        gets its first offers then)."""
        self._check("none_below_minimum", self._below_minimum_after_a_run)

    def _below_minimum_after_a_run(self) -> list[str]:
        try:
            reason = "no session below the minimum"
            eventually(self._below_minimum, empty(), within=self.profile.reaction, reason=reason, every=1.0)
        except AssertionError:
            return self._below_minimum() or ["a session was below the minimum for a full balancing run"]
        return []

    def _below_minimum(self) -> list[str]:
        now = time.time()
        views = self._views()
        minimum = self.profile.min_allocation
        found = []
        for alias, view in views.items():
            if not view.in_transaction or view.offered >= minimum:
                continue
            connector = self._played(alias).connectors[1]
            bucket_room, group_room, suspended = self._bucket_room(views, alias, now)
            if view.offered > 0:
                found.append(f"{alias} offered {view.offered:g} A, between 0 and the minimum {minimum:g} A")
            elif not (
                suspended
                or connector.full
                or view.status == "SuspendedEV"
                or (view.suspend_until or 0) > 0
                or bucket_room < minimum
                or group_room < minimum
            ):
                found.append(
                    f"{alias} offered 0 A ({view.status}) with {bucket_room:g} A left in its bucket and "
                    f"{group_room:g} A in its group, neither withdrawn, held, suspended nor squeezed out"
                )
        return found

    def no_offer_outside_sessions(self) -> None:
        """No charger without a session holds an offer: balanz offers it nothing and it allows nothing."""
        self._check("no_offer_outside_sessions", self._offers_outside)

    def _offers_outside(self) -> list[str]:
        def offers() -> list[str]:
            found = []
            for alias, view in self._views().items():
                charger = self._played(alias)
                if charger.transaction_id is not None or charger.connectors[1].authorized:
                    continue
                if view.offered > 0 or charger.connectors[1].allowed > 0:
                    found.append(f"{alias} without a session: balanz offers {view.offered:g} A, the charger allows "
                                 f"{charger.connectors[1].allowed:g} A")  # fmt: skip
            return found

        try:
            eventually(offers, empty(), within=self.profile.reaction, reason="no offer outside a session")
        except AssertionError:
            return offers() or ["an offer outside a session lasted a full balancing run"]
        return []

    def recorded_once(self) -> None:
        """Every session a charger ended is recorded exactly once with its tag, its user and its meter's energy."""
        self._check("recorded_once", self._records)

    def _records(self) -> list[str]:
        """Each record goes to the ended session of its charger and tag whose start is nearest its own (within
        START_SLACK); every ended session must get exactly one, with its tag's user and its meter's energy. The one
        exception is a known issue (features/storms_known_issues.feature): balanz names a session after its charger
        and its start to the second (balanz/model.py Session.from_transaction) and lists sessions by that name, so of
        two sessions that began at one charger in the same second it lists one."""
        records = [SessionRecord.from_api(r) for r in self.api.sessions()]
        ended = [(alias, s) for alias, charger in self.chargers.played.items() for s in list(charger.sessions)
                 if s.meter_stop is not None]  # fmt: skip
        ids = {alias: self.site.charger(alias).charger_id for alias in self.chargers.played}
        got: dict[int, list[SessionRecord]] = {id(s): [] for _, s in ended}
        found = []
        for record in records:
            mine = [(abs(record.start_time - s.started), id(s)) for alias, s in ended
                    if ids[alias] == record.data.get("charger_id")
                    and s.id_tag.upper() == str(record.data.get("id_tag")).upper()
                    and abs(record.start_time - s.started) <= START_SLACK]  # fmt: skip
            if not mine:
                found.append(f"a record of no session a charger ended: {record}")
                continue
            got[min(mine)[1]].append(record)
        for alias, session in ended:
            kept = got[id(session)]
            what = f"{alias}'s session of tag {session.id_tag} (transaction {session.transaction_id})"
            twins = [s for a, s in ended if a == alias and s is not session and got[id(s)]
                     and int(s.started) == int(session.started)]  # fmt: skip
            if not kept and twins:
                self.record.note(f"storm: {what} began in the same second as another at {alias}: balanz lists one "
                                 "of the two (a known issue)")  # fmt: skip
                continue
            if len(kept) != 1:
                found.append(f"{what} is recorded {len(kept)} times: {'; '.join(map(str, kept)) or 'never'}")
                continue
            record, tag = kept[0], self.site.tag(session.id_tag)
            energy = round(record.kwh * 1000)
            if str(record.data.get("user_name")) != tag.user_name or energy != session.energy:
                found.append(f"{what}: recorded for {record.data.get('user_name')}, {energy} Wh; the charger says "
                             f"{tag.user_name}, {session.energy} Wh")  # fmt: skip
        self.record.note(f"storm: {len(ended)} ended sessions checked against {len(records)} records")
        return found

    def share_one_record(self, alias: str) -> None:
        """Two sessions at ``alias`` began in the same second, and balanz lists one record for the two of them
        (GetSessions), while its session file has a row for each, both with the same session id."""
        charger = self._played(alias)
        ended = [s for s in list(charger.sessions) if s.meter_stop is not None]
        pairs = [(a, b) for i, a in enumerate(ended) for b in ended[i + 1 :] if int(a.started) == int(b.started)]
        assert pairs, f"no two sessions at {alias} began in the same second: {[(s.id_tag, s.started) for s in ended]}"
        first, second = pairs[0]
        charger_id = self.site.charger(alias).charger_id
        listed = [SessionRecord.from_api(r) for r in self.api.sessions() if r.get("charger_id") == charger_id]
        listed = [r for r in listed if r.data.get("id_tag") in (first.id_tag, second.id_tag)
                  and abs(r.start_time - first.started) <= START_SLACK]  # fmt: skip
        shown = "; ".join(map(str, listed))
        assert len(listed) == 1, f"balanz lists {len(listed)} records for the two sessions: {shown}"
        rows = [r for r in self.operator.files.rows("sessions") if r.get("charger_id") == charger_id]
        same = [r for r in rows if r.get("session_id") == listed[0].data.get("session_id")]
        assert len(same) == 2, f"the session file has {len(same)} rows named {listed[0].data.get('session_id')}"
        self.record.note(f"storm: {alias}'s sessions of tags {first.id_tag} and {second.id_tag} share session id "
                         f"{listed[0].data.get('session_id')}; balanz lists one of them")  # fmt: skip

    def watch_clean(self) -> None:
        """No group's safety watch saw a group above its maximum (or lost sight of it) so far."""
        self._check("watch_clean", self._watch_problems)

    def _watch_problems(self) -> list[str]:
        self._accept_first_offers()
        found = []
        for _, watch in self.watches.items():
            found.extend(str(e) for e in watch.unexpected())
        return found

    def _accept_first_offers(self) -> None:
        """Accept the excursions balanz's first offers explain, a known issue (features/rr2_known_issues.feature,
        "RR2-04 arrives while RR2-02 and RR2-01 are offered the whole 48 A": balanz/balanz.py balanz_loop sends a new
        session its first offer, the minimum, before Group.balanz balances the group; a group resumed sends it to
        every session that began while it was suspended): above the limit by at most the minimum per session of the
        group whose first offer came within a full balancing run of it, for at most a full balancing run."""
        minimum, window = self.profile.min_allocation, self.profile.reaction
        first_offers = [(self.site.charger(a.alias).group_id, self._first_offer_at(a)) for a in self.arrivals]
        for group_id, watch in self.watches.items():
            explained = []
            for excursion in watch.unexpected():
                newcomers = [at for group, at in first_offers if group == group_id and at is not None
                             and excursion.start - window <= at <= excursion.end + window]  # fmt: skip
                over = excursion.worst - excursion.limit
                if newcomers and over <= minimum * len(newcomers) and excursion.duration <= window:
                    explained.append(excursion)
            if explained:
                watch.acknowledge(explained)
                self.record.note(f"storm: {len(explained)} excursion(s) of {group_id} are first offers to new sessions "
                                 "(a known issue): " + "; ".join(map(str, explained)))  # fmt: skip

    def _first_offer_at(self, arrival: Arrival) -> float | None:
        """When (epoch s) the charger was first allowed at least the minimum in the session ``arrival`` began (None if
        it never was before that session ended)."""
        minimum = self.profile.min_allocation
        timeline = list(self._played(arrival.alias).timeline)
        return next((m.at for m in timeline if m.at >= arrival.at and not arrival.ended_by(m.at)
                     and m.allowed >= minimum and m.transaction_id is not None), None)  # fmt: skip

    # --- reaction ------------------------------------------------------------------------------------------
    def _held_up(self, arrival: Arrival, bound: float) -> bool:
        """True if balanz could not react to ``arrival`` at once: its group was suspended (balanz.py balanz_loop
        skips a suspended group's runs, first offers included) or a charger of its group was silent (balanz waits
        for its answer before it sends anything else to the group) within ``bound`` of it."""
        group_id = self.site.charger(arrival.alias).group_id
        end = arrival.at + bound
        watch = self.watches.of(group_id)
        states = [s for s in watch.history if s.since <= end]
        suspended = any(s.suspended for s in states if s.since >= arrival.at) or watch.state_at(arrival.at).suspended
        silent = any(self.site.charger(a).group_id == group_id and start <= end and until >= arrival.at
                     for a, start, until in self._silences)  # fmt: skip
        return suspended or silent

    def reactions(self, bound: float = float("inf")) -> list[float]:
        """Seconds from each accepted tag to the charger being first allowed at least the minimum after it (the
        arrivals that never were, and those balanz was held up from (``_held_up`` within ``bound``), are left
        out)."""
        found = []
        for arrival in self.arrivals:
            if self._held_up(arrival, bound):
                continue
            first = self._first_offer_at(arrival)
            if first is not None:
                arrival.offered_at = first
                found.append(first - arrival.at)
        return found

    def reacted_within(self, duration: Duration) -> list[float]:
        """Every accepted arrival was allowed the minimum within ``duration``; returns the reaction times."""
        bound = self.profile.within(duration)

        def late() -> list[Arrival]:  # an arrival whose bound has not passed yet may still be offered
            self.reactions(bound)
            return [a for a in self.arrivals if not self._held_up(a, bound) and not a.ended_by(a.at + bound)
                    and (a.offered_at is None or a.offered_at - a.at > bound)]  # fmt: skip

        last_bound = max((a.at + bound for a in self.arrivals), default=0.0)
        with contextlib.suppress(AssertionError):  # what is still late then is the verdict, below
            eventually(late, empty(), within=max(0.0, last_bound - time.time()), reason="every arrival allowed the "
                       "minimum", every=0.2)  # fmt: skip
        times = self.reactions(bound)
        kept = {"chargers": len(self.chargers.played), "bound": bound, "seconds": [round(t, 3) for t in times]}
        (self.record.directory / "reactions.json").write_text(json.dumps(kept))
        late_ones = late()
        if times:
            self.record.note(f"storm: reaction to {len(times)} arrivals: median {statistics.median(times):.2f} s, "
                             f"max {max(times):.2f} s (bound {bound:.1f} s)")  # fmt: skip
        self._check("reacted", lambda: [f"{a.alias}: tag {a.tag} allowed the minimum "
                                        f"{'never' if a.offered_at is None else f'after {a.offered_at - a.at:.1f} s'}"
                                        for a in late_ones])  # fmt: skip
        return times

    # --- failing, replaying, shrinking ---------------------------------------------------------------------
    def _check(self, name: str, problems: Callable[[], list[str]]) -> None:
        found = problems()
        if not found:
            return
        self._failed_after = time.monotonic() - (self._started or time.monotonic())
        message = [f"the storm failed '{name}':", *[f"  {p}" for p in found]]
        message.append(f"storm seed {self.seed} (replay: -D storm_seed={self.seed}), {len(self.events)} events:")
        message.append(_listed(self.events))
        if name in CHECKS and self.renew is not None and self.shrink_replays > 0 and len(self.events) > 1:
            shrunk = self._shrink(name)
            message.append(f"shrunk to {len(shrunk)} events; as a scenario:")
            message.append(self.as_scenario(shrunk, name))
        text = "\n".join(message)
        self.record.note(text)
        raise AssertionError(text)

    def as_scenario(self, events: list[StormEvent], check: str) -> str:
        """``events`` as a scenario to paste into the storm feature."""
        then = {
            "grows_once_calm": "once the storm has calmed, within 3 offer-increase intervals every session that could "
            "grow grows, reaches its limit or finds its bucket or group full",
            "none_below_minimum": "no session is offered less than the minimum but by a named rule",
            "no_offer_outside_sessions": "no charger outside a session holds an offer",
            "recorded_once": "every ended session is recorded exactly once with its tag, its user and its energy",
            "watch_clean": "no group was above its maximum",
        }
        steps = [then["grows_once_calm"]] if check != "grows_once_calm" else []
        title = f"Storm seed {self.seed}, shrunk to {len(events)} events"
        return as_gherkin(title, [w for _, w in self.setup_steps], self.ending(events), [*steps, then[check]])

    def _shrink(self, check: str) -> list[StormEvent]:
        budget = ShrinkBudget(self.shrink_replays, SHRINK_SECONDS)
        self.record.note(f"storm: shrinking '{check}' with up to {budget.replays} replays")

        def fails(events: list[StormEvent]) -> bool:
            outcome = self.replay(events, check)
            self.record.note(f"storm: replay of {len(events)} events -> {'fails' if outcome else 'passes'}")
            return outcome

        def group_of(event: StormEvent) -> str:
            return event.group or self.site.charger(event.alias).group_id

        # A pasted storm ends with "the storm ends" (as_scenario adds it again): it is no event to shrink away.
        return shrink([e for e in self.events if e.kind != "end"], fails, budget, group_of)

    def ending(self, events: list[StormEvent]) -> list[StormEvent]:
        """``events`` and, last, the storm's end at the tick the failing check came: a replay (and the scenario a
        shrunk storm is printed as) checks no earlier than the storm that failed."""
        tick = math.ceil(self._failed_after / self.profile.run_interval)
        return [*[e for e in events if e.kind != "end"], StormEvent(tick, "end")]

    def replay(self, events: list[StormEvent], check: str) -> bool:
        """Play ``events`` (and the storm's end) on a fresh stack of this scenario, then the calm and ``check``, as
        the scenario a shrunk storm is printed as does; True if it fails."""
        assert self.renew is not None
        world = self.renew()
        try:
            storm = world.storm
            for group_id, words in self.setup_steps:
                storm.play_chargers(group_id, words)
            storm.seed = self.seed
            storm.play(self.ending(events))
            storm.shrink_replays = 0
            try:
                if check != "grows_once_calm":
                    storm._stuck_after(Duration(3, "offer-increase intervals"))
                return bool(
                    {
                        "grows_once_calm": lambda: storm._stuck_after(Duration(3, "offer-increase intervals")),
                        "none_below_minimum": storm._below_minimum_after_a_run,
                        "no_offer_outside_sessions": storm._offers_outside,
                        "recorded_once": storm._records,
                        "watch_clean": storm._watch_problems,
                    }[check]()
                )
            finally:
                world.watches.finish()
        except Exception as exc:  # a replay that breaks otherwise does not fail the same way
            self.record.note(f"storm: a replay broke: {type(exc).__name__}: {exc}"[:400])
            return False
        finally:
            world.close()


def _listed(events: list[StormEvent]) -> str:
    return "\n".join(f"    And {e.describe()}" for e in events)
