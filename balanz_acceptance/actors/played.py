"""A charger the harness plays itself (sut/played_charger.py), as the steps see it.

It is observed like any other charger under test; its driver acts through the played charger (Authorize and
StartTransaction when a tag is presented, StopTransaction when one ends the session) instead of simulator
commands. Only it can keep its transaction while its connection drops, so only it can show balanz picking a
transaction up after a restart (balanz/model.py Charger.meter_values synthesizes a transaction for meter values
of one it does not know). One that can also hang (sut/silenceable_charger.py) shows what balanz does with a charger
that falls silent while its connection stays open, and with a session across the connection balanz closes.

A real charger (declared with its options: core/charger_model.py) is played the same way: the steps reach each of
its connectors, and check what it holds, allows and meters, and the transactions it ran, from its own record
(sut/played_charger.py), never from balanz's answers; balanz is observed as for any charger.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from hamcrest import (
    all_of,
    assert_that,
    contains_exactly,
    empty,
    equal_to,
    greater_than_or_equal_to,
    has_entries,
    has_item,
    has_properties,
    has_property,
    is_not,
    less_than,
    less_than_or_equal_to,
)

from balanz_acceptance.actors.charger_under_test import ChargerUnderTest
from balanz_acceptance.checks.charging_profiles import (
    BASE,
    BLOCKING,
    describe_wanted,
    holds_exactly,
    sets,
    show_held,
    wanted,
)
from balanz_acceptance.checks.group_watch import offers_in_log
from balanz_acceptance.checks.matchers import charger_state, connected
from balanz_acceptance.core.timing import Duration
from balanz_acceptance.core.waiting import eventually, holds_for
from balanz_acceptance.sut.balanz_api import START_RESOLUTION, ConnectorView, SessionRecord
from balanz_acceptance.sut.ocppsim_client import SimStatus
from balanz_acceptance.sut.played_charger import Ev, MeteredSession, PlayedCharger
from balanz_acceptance.sut.silenceable_charger import SilenceableCharger

#: The interval after which balanz's watchdog closes a silent connection (core/timing.py).
SILENCE = "charger silence limit"
#: Watts an EV draws per ampere: three phases at 230 V (sut/played_charger.py meters so).
WATTS_PER_AMP = 230 * 3

#: What the wait for a cut taken back shows once it saw it.
TAKEN_BACK = "the old offer again after the cut, before the charger enforced it"


@dataclass
class PlayedChargerUnderTest(ChargerUnderTest):
    """A charger under test that the harness plays itself."""

    played: PlayedCharger | None = None
    #: When balanz picked the charger's open transaction up after a restart (epoch s), once a step saw it.
    picked_up_at: float | None = None

    @staticmethod
    def of(role: ChargerUnderTest) -> PlayedChargerUnderTest:
        """``role`` as a charger the harness plays (AssertionError if it is a simulator's)."""
        if not isinstance(role, PlayedChargerUnderTest):
            raise AssertionError(f"{role.alias} is not a charger the harness plays: a step must declare it first")
        return role

    @property
    def charger(self) -> PlayedCharger:
        """The played charger."""
        assert self.played is not None, f"{self.alias} is not played by the harness"
        return self.played

    def initialized_at(self, within: float | None = None) -> float:
        """When the running balanz last initialized the charger's profiles (its log, whole seconds, local time);
        waits up to ``within`` (default: the charger-initialization deadline) for the first time."""
        entries = eventually(
            lambda: self.api.profiles_set_up(self.charger_id),
            is_not(empty()),
            within=self.profile.charger_initialization if within is None else within,
            reason=f"balanz initializes {self.alias}",
            show=len,
        )
        return time.mktime(time.strptime(str(entries[-1]["timestamp"])[:19], "%Y-%m-%d %H:%M:%S"))

    def await_ready(self) -> None:
        """balanz shows the charger connected and Available, with its default charging profiles set, and the
        charger has answered what balanz asks a charger that connects (its boot, status and meter values:
        balanz.py balanz_loop, ``requested_status``; the last is the meter values), as the stack waits for its
        simulators."""
        self.await_view(connected(status="Available"), within=self.profile.startup,
                        reason="balanz sees the played charger connected and Available")  # fmt: skip
        self.initialized_at(within=self.profile.startup)
        eventually(
            lambda: self.charger.triggers_answered,
            has_item("MeterValues"),
            within=self.profile.startup + self.profile.full_run,
            reason=f"{self.alias} answered balanz's own requests after connecting",
        )

    # --- a charger that can hang ----------------------------------------------------------------------
    @property
    def hanging_charger(self) -> SilenceableCharger:
        """The played charger, one that can hang."""
        charger = self.charger
        if not isinstance(charger, SilenceableCharger):
            raise AssertionError(f"{self.alias} is not a charger that can hang: a step must declare it one")
        return charger

    def await_session_set_up(self) -> None:
        """In a session, wait until balanz has set it up: the charger has answered the session's first limit (a
        TxProfile: balanz.py balanz_loop, transactions_reset_blocking) and balanz has sent it nothing more for one
        balancing tick (balanz puts its blocking default profile back in the same tick, charge_point_v16.py
        set_blocking_default_profile, where it does so). (A call of balanz cut off by a hang or an outage would
        hold up balanz's balancing of the group until its reply timeout.)"""
        played = self.hanging_charger
        started = played.started_transaction_at
        if played.transaction_id is None or started is None:
            return

        def set_up() -> bool:
            answered = [(at, action, p) for at, action, p in list(played.answered) if at > started]
            first_limit = any(
                action == "SetChargingProfile" and p["csChargingProfiles"]["chargingProfilePurpose"] == "TxProfile"
                for _, action, p in answered
            )
            return first_limit and time.monotonic() - answered[-1][0] >= self.profile.run_interval

        eventually(
            set_up,
            equal_to(True),
            within=self.profile.prompt,
            reason=f"{self.alias} has answered balanz's first limit of the session, and balanz sent nothing more "
            "for a balancing tick",
        )

    def hang(self) -> None:
        """The charger hangs: it sends and answers nothing, its connection stays as it is."""
        self.silent_since = time.monotonic()
        self.hanging_charger.hang()

    def work_again(self) -> None:
        """The charger works again (and connects again if balanz closed its connection)."""
        self.hanging_charger.work_again()
        self.silent_since = None

    def await_cut_off(self, since: float, *, within: float, reason: str) -> tuple[float, int | None]:
        """When (time.monotonic) balanz first closed the charger's connection after ``since``, and with which close
        code; waits up to ``within``."""
        played = self.hanging_charger
        found = eventually(
            lambda: [(t, code) for t, code in zip(played.cut_off, played.close_codes, strict=False) if t > since],
            is_not(empty()),
            within=within,
            reason=f"{self.alias}: {reason}",
            show=len,
        )
        return found[0]

    def closed_after_silence(self, code: int, since: float | None = None, silent: str | None = None) -> None:
        """balanz closed the charger's connection with ``code`` once the charger silence limit had passed since the
        side that fell silent sent its last frame (``since``, time.monotonic; default: the charger itself), not
        before (charge_point_lc_v16.py ChargePoint_LC_v16.watchdog; balanz.py on_connect closes the connection);
        the deadline adds the connection check interval."""
        played = self.hanging_charger
        since = played.last_spoke if since is None else since
        silent = silent or self.alias
        deadline = self.profile.deadline(1, SILENCE)
        cut, close_code = self.await_cut_off(
            since, within=max(1.0, since + deadline - time.monotonic()), reason="balanz closes its connection"
        )
        self.record.note(
            f"{self.alias}: connection closed ({close_code}) {cut - since:.1f}s after {silent}'s last frame"
        )
        assert_that(
            cut - since,
            all_of(
                greater_than_or_equal_to(self.profile.earliest(1, SILENCE, observed=True)),
                less_than_or_equal_to(deadline),
            ),
            f"seconds from {silent}'s last frame until balanz closed {self.alias}'s connection (charger silence "
            f"limit {self.profile.charger_silence_limit:g}s, checked every "
            f"{self.profile.connection_check_interval:g}s)",
        )
        assert_that(close_code, equal_to(code), f"the code balanz closed {self.alias}'s connection with")

    def turned_away_for(self, duration: Duration) -> None:
        """For ``duration`` balanz shows the charger not connected and turns it away each time it connects; it
        tried at least twice."""
        played = self.hanging_charger
        before = played.turned_away
        holds_for(
            lambda: self.view().network_connected,
            equal_to(False),
            duration=self.profile.seconds(duration),
            reason=f"balanz shows {self.alias} not connected",
        )
        assert_that(
            played.turned_away - before, greater_than_or_equal_to(2), f"{self.alias}'s attempts balanz turned away"
        )
        self.record.note(f"{self.alias}: turned away {played.turned_away - before} times")

    # --- what the driver and the EV do ---------------------------------------------------------------
    def _at(self, connector: int) -> str:
        """The charger's alias, with the connector if it is not the first (for failure messages)."""
        return self.alias if connector == 1 else f"{self.alias}/{connector}"

    def present_tag(self, tag: str, connector: int = 1) -> str:
        """The driver presents ``tag`` at ``connector``; balanz must accept it (Authorize). Returns its answer."""
        self.tag_presented_at = time.time()
        answer = self.charger.present_tag(tag, connector)
        assert_that(answer, equal_to("Accepted"), f"{self._at(connector)}: balanz's answer to tag {tag}")
        return answer

    def start_session(self, tag: str, connector: int = 1) -> None:
        """Once balanz shows the charger connected and initialized (a transaction that starts before is allowed
        the charger's own maximum while balanz replaces the default profiles), the driver presents ``tag`` at
        ``connector`` (balanz must accept it); the session starts at the minimum offer, which the charger
        enforces (``await_charging_start``)."""
        self.await_view(connected(), within=self.profile.startup, reason="balanz sees it connected")
        self.initialized_at()
        self.present_tag(tag, connector)
        self.await_charging_start(self.profile.min_allocation, connector, tag=tag)

    def await_charging_start(self, amps: float, connector: int = 1, *, tag: str | None = None) -> None:
        """After a tag: balanz shows the session at ``connector`` (of ``tag``, if given) in its transaction at the
        minimum offer ``amps``, and the charger enforces it: its EV charging, in its transaction."""
        self.profile.the_minimum(amps)
        session = has_properties(in_transaction=True, offered=amps, **({} if tag is None else {"id_tag": tag}))
        of_tag = "" if tag is None else f" of tag {tag}"
        eventually(
            lambda: self.view(connector),
            session,
            within=self.profile.prompt,
            reason=f"{self._at(connector)}: balanz shows the session{of_tag} at the minimum offer",
        )
        eventually(
            lambda: self.sim_status(connector),
            charger_state(status="Charging", offer=amps, in_transaction=True),
            within=self.profile.prompt,
            reason=f"{self._at(connector)}: the charger enforces the minimum offer",
        )

    def begin_session(self, tag: str) -> None:
        """Once balanz shows the charger connected and initialized, the driver presents ``tag`` (balanz must accept
        it); done when balanz shows the session in its transaction, whatever it offers."""
        self.await_view(connected(), within=self.profile.startup, reason="balanz sees it connected")
        self.initialized_at()
        self.present_tag(tag)
        self.await_view(has_properties(in_transaction=True, id_tag=tag), within=self.profile.prompt,
                        reason=f"balanz shows the session of tag {tag}")  # fmt: skip

    def end_with_tag(self, tag: str) -> str:
        """The driver presents ``tag`` to end the session (StopTransaction with the tag, reason Local)."""
        reply = self.charger.present_tag(tag)
        assert_that(reply, equal_to("Stopped"), f"{self.alias}: tag {tag} ends the session")
        return reply

    def unplug(self, connector: int = 1) -> str:
        """The driver unplugs the EV at ``connector``: the charger ends its transaction (EVDisconnected), if one
        runs, and the connector is Available."""
        self.charger.unplug(connector)
        return "unplugged"

    def ev_limit(self, amps: float | None, connector: int = 1) -> None:
        """The EV at ``connector`` draws at most ``amps`` (None: whatever it is allowed)."""
        self._plug_in(Ev(max_draw=amps), connector)

    def ev_will_delay(self, connector: int = 1) -> None:
        """The EV at ``connector`` will not take power when it is offered (delayed charging); whether the charger
        starts the transaction at once or only when the EV draws is the charger's own (core/charger_model.py)."""
        self._plug_in(Ev(delays=True), connector)

    def _plug_in(self, ev: Ev, connector: int) -> None:
        self.charger.set_ev(ev, connector)
        self.record.note(f"{self.alias}/{connector}: EV {ev}")

    def await_charged(self, wh: float, connector: int = 1) -> None:
        """The charger's meter has counted at least ``wh`` in the running session at ``connector`` (deadline:
        charging at the minimum offer all along, plus two meter-value intervals)."""
        watts = self.profile.min_allocation * WATTS_PER_AMP
        eventually(
            lambda: self.charger.sim_status(connector).energy,
            greater_than_or_equal_to(wh),
            within=(wh / watts * 3600 + 2 * self.profile.meter_value_interval) * self.profile.factor,
            reason=f"{self.alias}/{connector}: the session's energy on the charger's meter",
        )

    # --- balanz picks an open transaction up -------------------------------------------------------------
    def picked_up_as(self, tag: str, user: str) -> None:
        """The charger connected again with its transaction still open, and balanz shows it in a session of
        ``tag`` for ``user``, taken up under the charger's transaction id (balanz's log: GetChargers does not show
        the id of a transaction it took up). Keeps when balanz started that session (its pickup)."""
        played = self.charger
        view = self.await_view(
            connected(status="Charging", in_transaction=True),
            within=self.profile.startup,
            reason="balanz picks the open transaction up",
        )
        assert_that(view, has_properties(id_tag=tag, user_name=user), f"{self.alias}: the session balanz picked up")
        assert_that(
            (played.connections, played.transaction_id is not None),
            equal_to((2, True)),
            f"{self.alias}: connected twice, its transaction open throughout",
        )
        assert played.transaction_id is not None
        eventually(
            lambda: self.api.picked_up(played.charger_id, played.transaction_id),
            is_not(empty()),
            within=self.profile.prompt,
            reason=f"{self.alias}: balanz's log says it took up the charger's transaction {played.transaction_id}",
            show=len,
        )
        assert view.start_time is not None
        self.record.note(f"{self.alias}: balanz took transaction {played.transaction_id} up as {view}")
        self.picked_up_at = view.start_time

    def first_offer_after_pickup(self, amps: float, within: Duration) -> None:
        """balanz's first offer in the picked-up session is the minimum ``amps``, made within ``within`` (its
        deadline) of the later of the pickup and balanz initializing the charger again (its balancing run is
        skipped at the tick that initializes a charger; balanz's log has whole seconds: 1 s more), and the
        charger enforces it."""
        picked_up = self.picked_up_at
        assert picked_up is not None, f"{self.alias}: no pickup was seen before this step"
        self.profile.the_minimum(amps)
        deadline = self.profile.within(within)
        initialized = self.initialized_at()
        since = max(picked_up, initialized)
        view = self.await_view(
            has_properties(offer_changes=is_not(empty())),
            within=max(1.0, since + deadline + 1.0 - time.time()),
            reason="balanz's first offer in the picked-up session",
        )
        first = view.offer_changes[0]
        self.record.note(
            f"{self.alias}: picked up at {picked_up:.2f}, initialized again at {initialized:.0f}, first offer "
            f"{first.offered:g} A at {first.timestamp:.2f}"
        )
        assert_that(first.offered, equal_to(amps), f"{self.alias}: balanz's first offer in the picked-up session")
        assert_that(
            first.timestamp - since,
            less_than_or_equal_to(deadline + 1.0),
            f"{self.alias}: seconds from the pickup and the charger's initialization to the first offer",
        )
        self.await_sim(charger_state(status="Charging", offer=amps), within=self.profile.prompt,
                       reason="enforces the first offer after the pickup")  # fmt: skip

    def recorded_from_pickup(self, tag: str) -> None:
        """balanz records the ended session for ``tag`` and its user (data/model), from the moment balanz picked
        the session up, not when the charger started it."""
        picked_up = self.picked_up_at
        assert picked_up is not None, f"{self.alias}: no pickup was seen before this step"
        assert self.site is not None
        owner = self.site.tag(tag)

        def records() -> list[SessionRecord]:
            found = [SessionRecord.from_api(s) for s in self.api.sessions(charger_id=self.charger_id)]
            return [r for r in found if abs(r.start_time - picked_up) < START_RESOLUTION]

        record = eventually(
            records,
            is_not(empty()),
            within=self.profile.prompt,
            reason=f"{self.alias}: balanz's record of a session starting when it picked the session up",
        )[-1]
        self.record.note(f"{self.alias}: record {record}")
        assert_that(
            record.data,
            has_entries(id_tag=owner.id_tag, user_name=owner.user_name),
            f"{self.alias}: balanz's record of the picked-up session ({record})",
        )

    # --- a real charger: its connectors, the profiles it holds, its meters (core/charger_model.py) ----------------
    def view(self, connector: int = 1) -> ConnectorView:
        """What balanz shows for one of the charger's connectors (GetChargers)."""
        return self.api.connector(self.alias, connector)

    def sim_status(self, connector: int = 1) -> SimStatus:
        """What one of the charger's connectors reports (its own record)."""
        return self.charger.sim_status(connector)

    def await_asked_to_set_up(self) -> None:
        """balanz shows the charger connected, and the charger has received balanz's set-up (balanz's request to
        install its base profile, accepted or not): the charger's own record, not balanz's log, says so."""
        self.await_view(has_property("network_connected", True), within=self.profile.startup,
                        reason="balanz sees it connected")  # fmt: skip
        eventually(
            lambda: [c for c in self.charger.calls if sets(c.payload, BASE)],
            is_not(equal_to([])),
            within=self.profile.startup,
            reason=f"{self.alias}: balanz sets up the charger's default profiles",
            show=len,
        )

    def holds_exactly(self, listed: list[tuple[str, int, float | None]], within: Duration) -> None:
        """Within ``within`` the charger holds exactly these profiles (each: balanz's name for it, its connector and
        its limit, None for any: checks/charging_profiles.py), and still does one full balancing run later."""
        profiles = [wanted(name, connector, limit) for name, connector, limit in listed]
        reason = f"{self.alias}: the profiles the charger holds (expected: {describe_wanted(profiles)})"
        eventually(lambda: self.charger.profiles.held, holds_exactly(profiles), within=self.profile.within(within),
                   reason=reason, show=show_held)  # fmt: skip
        holds_for(lambda: self.charger.profiles.held, holds_exactly(profiles), duration=self.profile.settle,
                  reason=reason, show=show_held)  # fmt: skip

    def allows_nothing(self, connector: int = 1) -> None:
        """The idle connector lets no EV draw: the profiles it enforces limit it below the minimum offer; so it stays
        for one full balancing run."""
        holds_for(
            lambda: self.sim_status(connector),
            has_properties(status="Available", offer=less_than(self.profile.min_allocation)),
            duration=self.profile.settle,
            reason=f"{self.alias}/{connector}: idle, and what it allows an EV to draw (A)",
        )

    def offered_by_unblocking(self, amps: float, *, ev_draws: bool) -> None:
        """balanz offers the waiting connector the minimum by clearing its blocking profile (ClearChargingProfile
        id 2 on connector 1, model.py Group.balanz: a session without a transaction); the charger then allows the
        minimum (balanz's base profile). If the EV draws, the charger starts its transaction and balanz shows the
        session at the minimum; else the EV stays suspended without a transaction."""
        self.profile.the_minimum(amps)
        charger = self.charger
        eventually(
            lambda: [
                c for c in charger.calls if c.action == "ClearChargingProfile" and c.payload.get("id") == BLOCKING[0]
            ],
            is_not(equal_to([])),
            within=self.profile.prompt,
            reason=f"{self.alias}: balanz clears the charger's blocking profile",
            show=len,
        )
        status = ("Charging", True) if ev_draws else ("SuspendedEV", False)
        eventually(
            lambda: charger.sim_status(),
            charger_state(status=status[0], offer=amps, in_transaction=status[1]),
            within=self.profile.prompt,
            reason=f"{self.alias}: the charger allows the minimum",
        )
        if ev_draws:
            self.await_view(has_properties(in_transaction=True, offered=amps), within=self.profile.reaction,
                            reason="balanz shows the session at the minimum offer")  # fmt: skip

    def set_up_claimed_but_nothing_held(self) -> None:
        """Known issue: balanz's log says it set the charger's default profiles up, and balanz goes on as if it had,
        while the charger rejected every one (it holds none)."""
        charger = self.charger
        eventually(
            lambda: self.api.profiles_set_up(self.charger_id),
            is_not(equal_to([])),
            within=self.profile.charger_initialization,
            reason=f"{self.alias}: balanz logs that it set up the default profiles",
            show=len,
        )
        rejected = [
            c for c in charger.calls if c.action == "SetChargingProfile" and c.answer.get("status") == "Rejected"
        ]
        assert_that(charger.profiles.held, equal_to(()), f"{self.alias}: the profiles the charger holds")
        assert_that(
            len(rejected), greater_than_or_equal_to(2), f"{self.alias}: SetChargingProfile requests it rejected"
        )

    def enforces_what_it_holds(self) -> None:
        """The charger enforces every profile it holds (it enforces each ``apply_delay`` after accepting it)."""
        charger = self.charger

        def state() -> str:
            held, enforced = set(charger.profiles.held), set(charger.enforced())
            return "all enforced" if held == enforced else f"{len(held - enforced)} of {len(held)} not yet enforced"

        eventually(state, equal_to("all enforced"), within=charger.options.apply_delay + self.profile.prompt,
                   reason=f"{self.alias}: the profiles it holds")  # fmt: skip

    def takes_back_its_cut(self, old: float, cut: float, connector: int = 1) -> None:
        """balanz's offer at ``connector`` goes from ``cut`` back to ``old`` A after the charger accepted balanz's cut
        to ``cut`` A and before it enforced it, although balanz sent it no higher limit in between (the charger's
        own record of balanz's calls). Until it enforces a profile (``apply_delay`` after accepting it) the charger
        reports the limit it still enforces (Current.Offered), and balanz takes that report as its offer (model.py
        Charger.meter_values: "reported offer ... Adjusting it"). balanz's offers are read from its log
        (``offers_in_log``): the old one may come back within the second of the cut, too soon to be polled. The cut
        is due at balanz's next full balancing run."""
        since = time.time()
        delay = self.charger.options.apply_delay
        log = self.record.logs.get("balanz")

        def state() -> str:
            limits = [(answered, limit) for _, answered, limit in self.accepted_tx_limits() if answered >= since]
            cut_at = next((answered for answered, limit in limits if limit == cut), None)
            if cut_at is None:
                return f"no cut to {cut:g} A accepted yet"
            if any(limit > cut for answered, limit in limits if answered > cut_at):
                return f"balanz sent a limit above {cut:g} A after the cut"
            offers = [amps for at, amps in offers_in_log(log, self.spec.charger_id, connector, cut_at)
                      if at <= cut_at + delay]  # fmt: skip
            if cut in offers and old in offers[offers.index(cut) :]:
                return TAKEN_BACK
            shown = " → ".join(f"{amps:g}" for amps in offers) or "none"
            return f"balanz's offers by its log from the cut until the charger enforced it: {shown} A"

        eventually(
            state,
            equal_to(TAKEN_BACK),
            within=self.profile.reaction + delay + self.profile.prompt,
            reason=f"{self.alias}: balanz's offer after a cut from {old:g} to {cut:g} A enforced {delay:g}s late",
        )

    def accepted_tx_limits(self) -> list[tuple[float, float, float]]:
        """(received, answered, limit) of every TxProfile the charger accepted, in order."""
        found = []
        for call in self.charger.calls:
            profile = call.payload.get("csChargingProfiles", {})
            if profile.get("chargingProfilePurpose") == "TxProfile" and call.answer.get("status") == "Accepted":
                found.append(
                    (
                        call.received,
                        call.answered,
                        float(profile["chargingSchedule"]["chargingSchedulePeriod"][0]["limit"]),
                    )
                )
        return found

    # --- its sessions -------------------------------------------------------------------------------------
    def last_session(self, connector: int = 1) -> MeteredSession:
        """The last transaction the charger ran at ``connector``."""
        found = [s for s in self.charger.sessions if s.connector == connector]
        assert found, f"{self.alias}/{connector} ran no transaction"
        return found[-1]

    def session_priority(self, connector: int = 1) -> int:
        """The priority of the last session at ``connector`` from the site's data: its tag's priority if the tag has
        one, else its charger's."""
        assert self.site is not None
        priority = self.site.tag(self.last_session(connector).id_tag).priority
        return priority if priority is not None else self.spec.priority

    def transaction_ids_were(self, ids: list[int]) -> None:
        """The transaction ids balanz gave the charger's transactions (StartTransaction.conf), in order."""
        got = [s.transaction_id for s in self.charger.sessions]
        assert_that(got, equal_to(ids), f"{self.alias}: the transaction ids balanz answered its StartTransactions with")

    def starved(self, connector: int, duration: Duration, transaction_id: int) -> None:
        """Known issue: balanz shows the session at ``connector`` SuspendedEVSE with 0 A for ``duration``, while
        every TxProfile it sends the charger for it names transaction ``transaction_id`` (balanz keys its
        transactions by connector: model.py Charger.start_transaction), which the connector does not run, and is
        rejected."""
        charger = self.charger
        holds_for(
            lambda: (self.view(connector), self.sim_status(connector)),
            contains_exactly(
                has_properties(status="SuspendedEVSE", offered=0.0, in_transaction=True),
                has_properties(status="SuspendedEVSE", offer=0.0),
            ),
            duration=self.profile.seconds(duration),
            reason=f"{self.alias}/{connector}: balanz's view and the charger",
        )
        running = charger.connectors[connector].transaction_id
        sent = [
            c for c in charger.calls if c.action == "SetChargingProfile" and c.payload.get("connectorId") == connector
        ]
        tx = [c for c in sent if c.payload["csChargingProfiles"].get("chargingProfilePurpose") == "TxProfile"]
        assert_that(tx, is_not(equal_to([])), f"{self.alias}/{connector}: TxProfiles balanz sent")
        assert_that(
            sorted({(c.payload["csChargingProfiles"].get("transactionId"), c.answer["status"]) for c in tx}),
            equal_to([(transaction_id, "Rejected")]),
            f"{self.alias}/{connector}: (transaction id, answer) of the TxProfiles balanz sent; the connector runs "
            f"{running}",
        )

    def other_session_ended(self, ended_tag: str, stop_tag: str, left_tag: str) -> None:
        """Known issue: after the session of ``stop_tag`` (connector 2) ended, balanz has recorded the session of
        ``ended_tag`` (connector 1) as ended, with ``stop_tag``; it takes connector 1's transaction up again as a
        session of tag "Unknown", and keeps connector 2 in the session of ``left_tag``."""
        records = eventually(
            lambda: [r for r in self.api.sessions(charger_id=self.charger_id) if r.get("id_tag") == ended_tag],
            is_not(equal_to([])),
            within=self.profile.prompt,
            reason=f"{self.alias}: balanz's record of the session of tag {ended_tag}",
        )
        assert_that(records[-1], has_entries(stop_id_tag=stop_tag), f"{self.alias}: the record of tag {ended_tag}")
        eventually(
            lambda: (self.view(1), self.view(2)),
            contains_exactly(
                has_properties(in_transaction=True, id_tag="Unknown"),
                has_properties(in_transaction=True, id_tag=left_tag, status="Available"),
            ),
            within=self.profile.prompt,
            reason=f"{self.alias}: balanz's view of connectors 1 and 2",
        )
        assert_that(
            self.charger.connectors[1].transaction_id, is_not(None), f"{self.alias}/1: its transaction still runs"
        )
