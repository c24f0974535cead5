"""The chargers of a scenario: the site's (data/model), those it creates through the API, those the harness
plays itself and those the scenario plays message by message; each as a charger under test, and what happens to
them as devices (reboot, power, silence).

A charger the steps name as an ``Alias`` has an ocppsim simulator, started with the scenario (runner/hooks.py
chargers_of); one the scenario declares played (core/site.py PLAYED) is played by the harness
(sut/played_charger.py; one that can also hang: sut/silenceable_charger.py) or, message by message, by the
scenario's steps (sut/scripted_charger.py); one it declares new is created through the API and connected by a step.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from hamcrest import equal_to

from balanz_acceptance.actors.charger_under_test import ChargerUnderTest
from balanz_acceptance.actors.played import PlayedChargerUnderTest
from balanz_acceptance.actors.records import Records
from balanz_acceptance.actors.scripted import ScriptedChargerUnderTest
from balanz_acceptance.checks.group_watch import Sample
from balanz_acceptance.checks.matchers import connected
from balanz_acceptance.checks.watches import Watches
from balanz_acceptance.core.charger_model import options_for
from balanz_acceptance.core.errors import SetupError
from balanz_acceptance.core.events import ChargerAdded, ChargerSilenced, ChargerWorksAgain
from balanz_acceptance.core.record import ScenarioRecord
from balanz_acceptance.core.site import ChargerSpec, SiteModel
from balanz_acceptance.core.timing import Duration, TimingProfile
from balanz_acceptance.core.waiting import eventually
from balanz_acceptance.sut.balanz_api import BalanzApi
from balanz_acceptance.sut.played_charger import PlayedCharger
from balanz_acceptance.sut.silenceable_charger import SilenceableCharger
from balanz_acceptance.sut.stack import Stack


class Chargers:
    """The scenario's chargers by alias."""

    def __init__(
        self,
        site: SiteModel,
        profile: TimingProfile,
        stack: Stack,
        record: ScenarioRecord,
        records: Records,
        watches: Watches,
    ) -> None:
        self.site = site
        self.profile = profile
        self.stack = stack
        self.record = record
        self.records = records
        self.watches = watches
        #: Chargers the scenario created through balanz's API (not in data/model), by alias.
        self.created: dict[str, ChargerSpec] = {}
        #: Chargers the harness plays itself, by alias.
        self.played: dict[str, PlayedCharger] = {}
        #: Chargers the scenario plays message by message, by alias.
        self.scripted_chargers: dict[str, ScriptedChargerUnderTest] = {}
        self._roles: dict[str, ChargerUnderTest] = {}

    @property
    def api(self) -> BalanzApi:
        """The scenario's logged-in balanz API connection."""
        assert self.stack.api is not None, "the stack is not started"
        return self.stack.api

    def spec(self, alias: str) -> ChargerSpec:
        """The charger with this alias: one the scenario created, else data/model's (SetupError if neither)."""
        return self.created.get(alias) or self.site.charger(alias)

    def charger_id(self, alias: str) -> str:
        """The id the charger ``alias`` connects as: a scripted charger's own, else its spec's."""
        if alias in self.scripted_chargers:
            return self.scripted_chargers[alias].charger_id
        return self.spec(alias).charger_id

    def __call__(self, alias: str) -> ChargerUnderTest:
        """The charger with this alias as a charger under test: with its simulator (started because the scenario
        names it, or connected by ``connect_created``), or played by the harness."""
        if alias not in self._roles:
            spec = self.spec(alias)
            common = dict(api=self.api, profile=self.profile, record=self.record, site=self.site)
            if alias in self.played:
                played = self.played[alias]
                self._roles[alias] = PlayedChargerUnderTest(spec, played.watched(), played=played, **common)
            elif alias in self.stack.sims:
                self._roles[alias] = ChargerUnderTest(spec, self.stack.sims[alias], **common)
            else:
                raise AssertionError(f"no simulator runs for {alias}: the scenario's steps must name it")
        return self._roles[alias]

    def in_scenario(self) -> list[str]:
        """Every charger the scenario runs: simulators and played chargers."""
        return [*self.stack.sims, *self.played]

    def same_group(self, alias: str) -> list[str]:
        """The other chargers of ``alias``'s group that this scenario runs."""
        group_id = self.spec(alias).group_id
        return [a for a in self.in_scenario() if a != alias and self.spec(a).group_id == group_id]

    def begin_sessions(self, sessions: list[tuple[str, str]]) -> None:
        """Drivers present their tags together: each (alias, tag) is accepted and balanz shows the session, whatever
        it offers (ChargerUnderTest.begin_session); the first failure is raised."""
        chargers = [(self(alias), tag) for alias, tag in sessions]
        with ThreadPoolExecutor(max_workers=max(1, len(chargers))) as pool:
            for future in [pool.submit(charger.begin_session, tag) for charger, tag in chargers]:
                future.result()

    def start_sessions(self, sessions: list[tuple[str, str]]) -> None:
        """Drivers start sessions together: each (alias, tag) is presented and must start at the minimum offer.

        They run in parallel threads, so every session starts within the same balancing tick or two; the first
        failure is raised.
        """
        chargers = [(self(alias), tag) for alias, tag in sessions]
        with ThreadPoolExecutor(max_workers=max(1, len(chargers))) as pool:
            for future in [pool.submit(charger.start_session, tag) for charger, tag in chargers]:
                future.result()

    # --- chargers created through the API --------------------------------------------------------------
    def created_one(self, spec: ChargerSpec) -> None:
        """The scenario created this charger through balanz's API (it is not in data/model)."""
        if spec.alias in self.site.chargers or spec.group_id not in self.site.groups:
            raise AssertionError(
                f"a new charger needs an alias data/model lacks ({spec.alias}) and a group it has ({spec.group_id})"
            )
        self.created[spec.alias] = spec

    def connect_created(self, alias: str) -> Callable[[], None]:
        """A simulator for a charger the scenario created connects to balanz (the stack returns once balanz has it
        set up, and tells the watches). Returns what stops it, for the scenario's clean-up."""
        spec = self.created.get(alias)
        if spec is None:
            raise AssertionError(f"the scenario has not created the charger {alias}")
        self.stack.add_simulator(spec)

        def disconnect() -> None:
            self._roles.pop(alias, None)
            self.stack.remove_simulator(alias)

        return disconnect

    # --- chargers the harness plays ----------------------------------------------------------------------
    def play(
        self,
        alias: str,
        meter_values_every: Duration | None = None,
        *,
        can_hang: bool = False,
        answer_within: Duration | None = None,
    ) -> None:
        """The harness plays ``alias`` as a charger that keeps its transaction when its connection drops (no
        simulator may run for it); done when balanz shows it connected and Available, with its default charging
        profiles set, and the charger has answered balanz's own requests. Its group's safety watch covers it from
        then on.

        By default it sends its meter values every meter-value interval, at once when it connects and when balanz
        asks for them; with ``meter_values_every``: that often instead, counted from each connection, and neither
        at once nor when asked (TriggerMessage MeterValues answered NotImplemented). ``can_hang``: a charger that
        can also hang and work again (``silence``, ``works_again``; sut/silenceable_charger.py). ``answer_within``:
        how long it waits for the answer to each of its calls before it gives up on it (it goes on with its next
        call), instead of the link's default.
        """
        spec = self.site.charger(alias)
        if alias in self.stack.sims or alias in self.played:
            raise AssertionError(f"{alias} is already played (a step names it as a simulator's charger)")
        on_connect = meter_values_every is None
        kind = SilenceableCharger if can_hang else PlayedCharger
        charger = kind(
            alias,
            spec.charger_id,
            self.stack.balanz_url,
            self.record,
            own_maximum=float(self.profile.ocppsim["charger"]["max_offer"]),
            min_to_start=float(self.profile.ocppsim["charger"]["min_to_start"]),
            meter_value_interval=(
                self.profile.meter_value_interval if on_connect else self.profile.seconds(meter_values_every)
            ),
            reconnect_within=self.profile.startup,
            meter_values_on_connect=on_connect,
            meter_values_when_asked=on_connect,
            call_timeout=None if answer_within is None else self.profile.seconds(answer_within),
        )
        self.add_played(alias, charger)
        role = self(alias)
        assert isinstance(role, PlayedChargerUnderTest)
        role.await_ready()

    def add_played(self, alias: str, charger: PlayedCharger) -> None:
        """A charger the harness plays at ``alias`` (no simulator may run for it) connects to balanz; the watches
        hear of it."""
        spec = self.site.charger(alias)
        self.played[alias] = charger
        charger.start()
        for connector in charger.connectors:  # a further connector is watched as <alias>/<n>
            name = alias if connector == 1 else f"{alias}/{connector}"
            self.stack.events.publish(ChargerAdded(name, spec.charger_id, spec.group_id, charger.watched(connector)))

    def play_all(self, aliases: list[str]) -> None:
        """The harness plays each of these chargers as one that keeps its transaction (``play``)."""
        for alias in aliases:
            self.play(alias)

    def play_real(self, aliases: list[str], words: str = "", *, can_hang: bool = False) -> None:
        """The harness plays each of ``aliases`` as a real charger with the options data/model and ``words`` give
        (core/charger_model.py), its own maximum the charger's limit in data/model; each connects to balanz
        (BootNotification, its connectors Available) and is watched with its group. Done when balanz shows each
        connected and each has received balanz's set-up (PlayedChargerUnderTest.await_asked_to_set_up). ``can_hang``:
        chargers that can also hang and work again (sut/silenceable_charger.py)."""
        for alias in aliases:
            if alias in self.stack.sims or alias in self.played:
                raise AssertionError(f"{alias} is already a simulator's or a played charger")
            spec = self.site.charger(alias)
            options = options_for(self.site, alias, words)
            charger = (SilenceableCharger if can_hang else PlayedCharger)(
                alias,
                spec.charger_id,
                self.stack.balanz_url,
                self.record,
                own_maximum=spec.conn_max,
                min_to_start=float(self.profile.ocppsim["charger"]["min_to_start"]),
                meter_value_interval=self.profile.meter_value_interval,
                reconnect_within=self.profile.startup,
                options=options,
            )
            self.record.note(f"{alias}: a real charger ({options.describe()}), own maximum {spec.conn_max:g} A")
            self.add_played(alias, charger)
        for alias in aliases:
            self.played_role(alias).await_asked_to_set_up()

    def played_role(self, alias: str) -> PlayedChargerUnderTest:
        """The charger ``alias`` the harness plays, as the steps see it (a step must have declared it)."""
        return PlayedChargerUnderTest.of(self(alias))

    # --- chargers the scenario plays message by message --------------------------------------------------------
    def script(self, alias: str, *, boot: bool = False, unknown: bool = False) -> ScriptedChargerUnderTest:
        """Connect a charger the scenario plays message by message, as ``alias``: with its charger id in data/model,
        or (a charger data/model does not have, ``unknown``) the alias itself as its id. With ``boot`` it sends a
        BootNotification and its connector's Available, and (a charger of an allocation group) waits until balanz
        has set it up (its charging profiles, set at a balancing tick after it connected)."""
        if alias in self.scripted_chargers or alias in self.stack.sims or alias in self.played:
            raise SetupError(f"{alias} is already played in this scenario (a simulator or a scripted charger)")
        if unknown and alias in self.site.chargers:
            raise SetupError(f"the feature calls {alias} unknown, but it is in data/model/chargers.csv")
        charger_id = self.site.charger(alias).charger_id if alias in self.site.chargers else alias
        charger = ScriptedChargerUnderTest(
            alias, charger_id, self.stack.balanz_url, self.record, self.api, self.profile, self.records.files
        )
        self.scripted_chargers[alias] = charger
        charger.connect()
        if boot:
            charger.boot()
            charger.status("Available")
            if alias in self.site.chargers and self.site.groups[self.site.charger(alias).group_id].is_allocation_group:
                charger.await_set_up()
        return charger

    def scripted(self, alias: str) -> ScriptedChargerUnderTest:
        """The scripted charger ``alias`` (the scenario must have connected it)."""
        if alias not in self.scripted_chargers:
            raise AssertionError(f"the scenario has not connected {alias} as a charger it plays message by message")
        return self.scripted_chargers[alias]

    def role(self, alias: str) -> ScriptedChargerUnderTest | ChargerUnderTest:
        """The charger ``alias`` as the steps see it, whoever plays it: the scenario message by message, or a
        simulator or the harness (a step about a silent charger's connection holds for both kinds)."""
        return self.scripted_chargers[alias] if alias in self.scripted_chargers else self(alias)

    def last_scripted(self) -> ScriptedChargerUnderTest:
        """The scripted charger that sent the latest frame."""
        sending = [c for c in self.scripted_chargers.values() if c.sent]
        if not sending:
            raise AssertionError("no charger the scenario plays has sent anything yet")
        return max(sending, key=lambda c: c.last.at)

    def last_burst(self) -> ScriptedChargerUnderTest:
        """The scripted charger that sent the latest burst."""
        bursting = [c for c in self.scripted_chargers.values() if c.last_burst]
        if not bursting:
            raise AssertionError("no charger the scenario plays has sent a burst")
        return max(bursting, key=lambda c: c.last_burst[-1].at)

    def scripted_answered_as_tables(self) -> None:
        """balanz answered every frame of every scripted charger's table as its row says."""
        for charger in self.scripted_chargers.values():
            if charger.table:
                charger.answered_as_table()

    # --- what happens to a charger as a device --------------------------------------------------------------
    def reboot(self, alias: str) -> None:
        """The charger reboots (ocppsim ``reset``); done when both sides show it Available again. Its running
        session, which the charger ends, is followed so that its record can be found."""
        charger = self(alias)
        self.records.follow(alias)
        charger.reconnect()

    def power_cycle(self, alias: str, *, default_profiles: bool) -> None:
        """The charger loses power mid-session and is powered again (with or without its default charging
        profiles); done when balanz shows it connected and Available again and the charger has answered what balanz
        asks a charger that connects."""
        charger = self(alias)
        asked_before = self.api.own_requests(charger.charger_id)
        self.records.follow(alias)
        self.stack.stop_simulator(alias)
        self.stack.start_simulator(alias, default_profiles=default_profiles)
        charger.await_view(connected(status="Available"), within=self.profile.startup,
                           reason="balanz sees the charger connected and Available again")  # fmt: skip
        # balanz asks a charger that connects for its boot, status and meter values at its first balancing tick
        # after setting up the charger's default profiles (balanz.py balanz_loop: a tick that sets profiles up does
        # nothing else): once they are answered, a balanz that sets profiles up at every connection has done so.
        eventually(
            lambda: self.api.own_requests_answered(charger.charger_id, since=asked_before),
            equal_to(True),
            within=self.profile.startup + self.profile.full_run,
            reason=f"{alias} answered balanz's own requests after it connected again",
        )

    def silence(self, alias: str) -> None:
        """The charger hangs (mid-session): it sends nothing more (the watches hear it and stop asking it). A
        simulator's process is frozen; a charger the harness plays that can hang hangs once balanz has set up its
        session. balanz will end the session, or carry it on: its record is found later."""
        charger = self(alias)
        self.records.follow(alias)
        if isinstance(charger, PlayedChargerUnderTest):
            charger.await_session_set_up()
            self.stack.events.publish(ChargerSilenced(alias))
            charger.hang()
            return
        charger.silent_since = time.monotonic()
        self.stack.silence(alias)

    def works_again(self, alias: str) -> None:
        """A charger the harness plays that hung works again (the watches hear it and ask it again)."""
        charger = self(alias)
        if not isinstance(charger, PlayedChargerUnderTest):
            raise AssertionError(f"{alias}'s simulator stays frozen: only a charger the harness plays works again")
        charger.work_again()
        self.stack.events.publish(ChargerWorksAgain(alias))

    def silent(self) -> set[str]:
        """The chargers that went silent: they cannot be asked what they enforce."""
        return {alias for alias, role in self._roles.items() if role.silent_since is not None}

    def back_without_sessions(self, aliases: list[str]) -> None:
        """Each charger is connected to balanz and Available, with no session on either side."""
        for alias in aliases:
            self(alias).back_without_session()

    def minimum_until_pickup(self, picked: str, aliases: list[str], amps: float) -> None:
        """From when balanz first offered each of these sessions ``amps`` (the minimum offer) and the chargers
        enforced it, until balanz picked the charger ``picked``'s open transaction up, every sample of the group
        safety watch shows exactly that on both sides: balanz counted the charger it had not yet heard at the
        minimum, so it saw room for every newcomer's minimum (balanz/model.py Group.balanz)."""
        self.profile.the_minimum(amps)
        picked_up = self(picked).picked_up_at
        assert picked_up is not None, f"no pickup at {picked} was seen before this step"
        watch = self.watches.of(self.spec(picked).group_id)
        samples = [s for s in list(watch.samples) if s.at < picked_up and s.offers]

        def each_at(sample: Sample) -> bool:
            return all(sample.offers.get(a) == amps and sample.sim_offers.get(a) == amps for a in aliases)

        def show(sample: Sample) -> str:
            at = sample.at - picked_up
            return f"{at:+.1f}s balanz: {sample.describe('balanz')} / chargers: {sample.describe('chargers')}"

        first = next((s for s in samples if each_at(s)), None)
        shown = "\n  ".join(show(s) for s in samples[-12:])
        newcomers = " and ".join(aliases)
        assert first is not None, (
            f"balanz never offered {newcomers} {amps:g} A each (both sides) before it picked {picked}'s transaction "
            f"up; the watch's last samples before the pickup:\n  {shown}"
        )
        broken = [s for s in samples if s.at >= first.at and not each_at(s)]
        assert not broken, f"before the pickup, {newcomers} did not keep {amps:g} A each: {show(broken[0])}"
        held = len([s for s in samples if s.at >= first.at])
        self.record.note(f"{newcomers}: offered {amps:g} A each from {first.at - picked_up:+.1f}s until the pickup "
                         f"({held} samples)")  # fmt: skip

    def allowed_own_maximum(self, alias: str, amps: float) -> None:
        """The group safety watch saw the charger allow ``amps``, its own maximum (ocppsim ``max_offer``), in a
        session after the driver presented the tag: before balanz's first offer reached it."""
        own = float(self.profile.ocppsim["charger"]["max_offer"])
        if amps != own:
            raise AssertionError(
                f"the feature's {amps:g} A is not the charger's own maximum (ocppsim max_offer {own:g})"
            )
        since = self(alias).tag_presented_at
        assert since is not None, f"no tag was presented at {alias} before this step"
        self.watches.allowed_since(self.spec(alias), since, amps)
        self.record.note(f"{alias}: the charger allowed {amps:g} A in a session before balanz's first offer")

    def close(self) -> None:
        """Shut down the chargers the harness and the scenario play (the stack stops the simulators)."""
        for charger in self.played.values():
            charger.shutdown()
        for scripted in self.scripted_chargers.values():
            scripted.shutdown()
