"""A charger under test: what its driver and EV do, what it allows and reports, and balanz's view of it over time.

The charger is an ocppsim simulator, or a charger the harness plays itself (actors/played.py subclasses this
role for it). The steps about one charger call these methods; the rules they check are in the docstrings.
"""

from __future__ import annotations

import itertools
import json
import math
import time
from dataclasses import dataclass

from hamcrest import (
    all_of,
    assert_that,
    close_to,
    contains_exactly,
    empty,
    equal_to,
    greater_than,
    greater_than_or_equal_to,
    has_properties,
    has_property,
    is_in,
    is_not,
    less_than_or_equal_to,
    starts_with,
)
from hamcrest.core.matcher import Matcher

from balanz_acceptance.checks.matchers import (
    BothSides,
    blocked,
    charger_state,
    connected,
    offers_were,
    paced_by,
    same_amps,
)
from balanz_acceptance.core.record import ScenarioRecord
from balanz_acceptance.core.site import ChargerSpec, SiteModel
from balanz_acceptance.core.timing import OBSERVATION_TOLERANCE, REACTION_LATENCY, Duration, TimingProfile
from balanz_acceptance.core.waiting import POLL_EVERY, eventually, holds_for
from balanz_acceptance.sut.balanz_api import BalanzApi, ConnectorView
from balanz_acceptance.sut.ocppsim_client import OcppsimClient, SimStatus
from balanz_acceptance.sut.played_charger import WatchedSide

HOUR = 3600.0
#: Seconds between balanz deciding a withdrawal (when it computes suspend_until) and recording it.
DECISION_TO_RECORD = 2.0


@dataclass
class ChargerUnderTest:
    """One charger of the scenario: actions on its simulator and observations on both sides. A charger the
    harness plays itself (sut/played_charger.py) is observed the same way; it takes no simulator
    commands (its driver acts through the played charger)."""

    spec: ChargerSpec
    sim: OcppsimClient | WatchedSide
    api: BalanzApi
    profile: TimingProfile
    record: ScenarioRecord
    #: When the current offer was made (epoch s): balanz's own record in a transaction, else first seen.
    offer_made_at: float | None = None
    #: When the last offer was withdrawn (epoch s), same sources.
    withdrawn_at: float | None = None
    #: The simulator's reply to the last tag presented.
    last_tag_reply: str | None = None
    #: When (epoch s) the driver last presented a tag to start a session.
    tag_presented_at: float | None = None
    #: When (time.monotonic) the charger went silent, if it did.
    silent_since: float | None = None
    #: The end of the suspension balanz set by the top-of-hour rule (epoch s), once a step checked it.
    suspended_until: float | None = None
    #: The site the charger belongs to (its tags and users), for checks that name them.
    site: SiteModel | None = None

    @property
    def alias(self) -> str:
        """The charger's alias, e.g. RR2-01."""
        return self.spec.alias

    @property
    def charger_id(self) -> str:
        """The charger's id, e.g. TACW225426G463."""
        return self.spec.charger_id

    # --- what the driver and the EV do ---------------------------------------------------------------
    def act(self, command: str) -> str:
        """Send one simulator command, note it in the scenario log, return the reply."""
        if not isinstance(self.sim, OcppsimClient):
            raise AssertionError(f"{self.alias} is a charger the harness plays: no simulator takes {command!r}")
        reply = self.sim.command(command)
        self.record.note(f"{self.alias}: {command} -> {reply}")
        return reply

    def present_tag(self, tag: str) -> str:
        """The driver presents an RFID tag; balanz must accept it."""
        self.tag_presented_at = time.time()
        reply = self.try_tag(tag)
        assert_that(reply, starts_with("Tag Accepted"), f"{self.alias}: tag {tag} presented")
        return reply

    def try_tag_of_kind(self, tag: str, kind: str) -> str:
        """The driver presents a tag the feature calls known, unknown or blocked (checked against data/model:
        core/site.py SiteModel.tag_of_kind), whatever balanz answers; the reply is kept."""
        assert self.site is not None
        return self.try_tag(self.site.tag_of_kind(tag, kind))

    def try_tag(self, tag: str) -> str:
        """The driver presents an RFID tag, whatever balanz answers; the reply is kept."""
        self.last_tag_reply = self.act(f"tag {tag}")
        return self.last_tag_reply

    def tag_accepted(self) -> None:
        """The charger showed the driver that the last tag was accepted."""
        assert_that(
            self.last_tag_reply, starts_with("Tag Accepted"), f"{self.alias}: what the charger shows the driver"
        )

    def tag_accepted_with_parent(self, parent: str) -> None:
        """The charger was told that the last tag was accepted with this parent tag ("" for none)."""
        assert_that(
            self.last_tag_reply,
            starts_with(f"Tag Accepted. Parent: {parent},"),
            f"{self.alias}: what the charger was told",
        )

    def tag_refused_as(self, status: str) -> None:
        """The charger showed the driver that the last tag was refused with this authorization status."""
        assert_that(
            self.last_tag_reply,
            equal_to(f"Tag not accepted. Error: {status}"),
            f"{self.alias}: what the charger shows the driver",
        )

    def stays_without_session(self, duration: Duration) -> None:
        """For ``duration`` neither the charger nor balanz shows a session or an offer."""
        idle = charger_state(status=("Available", "Preparing"), offer=0, in_transaction=False)
        holds_for(
            lambda: (self.sim_status(), self.view()),
            contains_exactly(idle, idle),
            duration=self.profile.seconds(duration),
            reason=f"{self.alias} starts no session",
            show=lambda pair: f"charger: {pair[0]}; balanz: {pair[1]}",
        )

    def start_transaction_answers(self, tag: str) -> list[str]:
        """The tag statuses balanz answered this charger's StartTransactions for ``tag`` with (StartTransaction.conf
        idTagInfo.status, read from balanz's own OCPP log), in order."""
        log = self.api.ocpp_log(self.charger_id)
        calls = [json.loads(m.split("receive message ", 1)[1]) for m in log if '"StartTransaction",{' in m]
        ids = [c[1] for c in calls if c[3].get("idTag", "").upper() == tag.upper()]
        answers = [json.loads(m.split(": send ", 1)[1]) for m in log if ": send [3," in m]
        return [a[2].get("idTagInfo", {}).get("status", "") for i in ids for a in answers if a[1] == i]

    def start_transaction_answered(self, tag: str, status: str) -> None:
        """balanz answered this charger's StartTransaction for ``tag`` with the tag status ``status``: balanz's own
        decision (charge_point_csms_v16.py on_start_transaction), whatever the charger then does with it."""
        answers = eventually(
            lambda: self.start_transaction_answers(tag),
            is_not(empty()),
            within=self.profile.prompt,
            reason=f"{self.alias}: balanz's answer to the StartTransaction for {tag} (its OCPP log)",
        )
        assert_that(
            answers, contains_exactly(status), f"{self.alias}: balanz's tag status for {tag} at StartTransaction"
        )

    def session_user_is(self, user: str) -> None:
        """balanz records the running session for this user."""
        view = self.view()
        assert_that(view.user_name, equal_to(user), f"{self.alias}: the user balanz records for the session ({view})")

    def reconnect(self) -> None:
        """The charger restarts (ocppsim ``reset``: it stops its transaction, closes its connection and connects
        again) and connects to balanz again. Done once balanz has logged a new connection for it and both sides
        show it Available.
        """
        marker = f"Charger {self.charger_id} ({self.alias}) succesfully connected"
        before = len(self.api.logs(messageSearch=marker))
        self.act("reset")
        eventually(
            lambda: len(self.api.logs(messageSearch=marker)),
            greater_than(before),
            within=self.profile.startup,
            reason=f"{self.alias}: balanz sees the charger connect again",
        )
        idle = charger_state(status="Available")
        self.await_sim(idle, within=self.profile.startup, reason="Available after reconnecting")
        self.await_view(idle, within=self.profile.startup, reason="balanz shows it Available after reconnecting")

    def ev_limit(self, amps: float | None) -> None:
        """The EV draws at most ``amps`` (None: whatever it is offered)."""
        self.act(f"max {amps:g}" if amps is not None else "max")

    def ev_delays(self, *, start_transaction: bool) -> None:
        """The EV will not take power when offered (delayed charging), with or without a transaction."""
        self.act("delay")
        self.act("delay_trans" if start_transaction else "delay_notrans")

    def ev_full(self) -> None:
        """The EV is full: it stops drawing (the simulator suspends charging)."""
        assert_that(self.act("full"), starts_with("Suspended charging"), f"{self.alias}: EV full")

    def plug_in_without_tag(self) -> None:
        """An EV is plugged in, but nobody presents a tag."""
        assert_that(self.act("plugin"), starts_with("Cable plugged"), f"{self.alias}: EV plugged in")

    def unplug(self) -> str:
        """The driver unplugs the EV: the charger ends the transaction (once balanz answered its StopTransaction)."""
        reply = self.act("unplug")
        assert_that(reply, starts_with("Succesfully stopped transaction"), f"{self.alias}: unplug ends the transaction")
        return reply

    def end_with_tag(self, tag: str) -> str:
        """The driver presents a tag to end the session: the charger stops its transaction (reason Local)."""
        reply = self.act(f"tag {tag}")
        assert_that(reply, starts_with("Ok, stopping transaction"), f"{self.alias}: tag {tag} ends the session")
        return reply

    def ev_resumes(self) -> None:
        """The delaying EV wants power after all."""
        self.act("nodelay")
        self.act("resume")

    # --- observations ------------------------------------------------------------------------------
    def sim_status(self) -> SimStatus:
        """What the simulated charger reports."""
        return self.sim.status()

    def view(self) -> ConnectorView:
        """What balanz shows for this charger's connector."""
        return self.api.connector(self.alias)

    def is_idle(self) -> None:
        """The charger and balanz both show it Available with no transaction."""
        idle = charger_state(status="Available", in_transaction=False)
        assert_that(self.sim_status(), idle, f"{self.alias} as the simulator reports it")
        assert_that(self.view(), idle, f"{self.alias} as balanz shows it")

    def is_connected_and_available(self) -> None:
        """balanz shows the charger connected and Available."""
        assert_that(self.view(), connected(status="Available"), f"{self.alias} as balanz shows it")

    def back_without_session(self) -> None:
        """The charger is connected to balanz and Available, with no session on either side (ocppsim starts a new
        charge point, without its transaction, whenever its connection drops)."""
        idle = charger_state(status="Available", in_transaction=False)
        self.await_view(connected(status="Available", in_transaction=False), within=self.profile.startup,
                        reason="balanz shows it connected and Available, with no session")  # fmt: skip
        self.await_sim(idle, within=self.profile.prompt, reason="the charger is Available, with no session")

    def lost_session_kept(self) -> None:
        """balanz keeps the session the charger lost open, with no offer, while the charger shows Available."""
        assert_that(
            self.view(),
            has_properties(status="Available", in_transaction=True, offered=0.0),
            f"{self.alias}: balanz's view of the session the charger lost",
        )

    def both_sides(self) -> BothSides:
        """The charger as it reports itself and as balanz shows it, observed together."""
        return BothSides(self.sim_status(), self.view())

    def blocked_for(self, duration: Duration, *, lost_session_open: bool = False) -> None:
        """The charger holds no usable offer for ``duration`` (an EV plugged in draws nothing); balanz shows no
        transaction, or (``lost_session_open``) still the session the charger lost."""
        holds_for(
            self.both_sides,
            blocked(self.profile.min_allocation, lost_session_open=lost_session_open),
            duration=self.profile.seconds(duration),
            reason=f"{self.alias} stays blocked between sessions",
        )

    def new_session_for(self, tag: str) -> None:
        """balanz shows a session for ``tag`` whose only offer so far is the minimum, which the charger enforces."""
        minimum = self.profile.min_allocation
        view = self.view()
        assert_that(view, has_property("id_tag", equal_to(tag)), f"{self.alias}: whose session balanz shows")
        assert_that(view, offers_were([minimum]), f"{self.alias}: offers of the new session")
        assert_that(
            self.sim_status(),
            all_of(charger_state(status="Charging", offer=minimum), has_property("last_id_tag", tag)),
            f"{self.alias}: the charger's limit in the new session",
        )

    def session_ended(self) -> None:
        """After the session ended, the charger and balanz both show it Available with no offer."""
        idle = charger_state(status="Available", offer=0, in_transaction=False)
        self.await_sim(idle, within=self.profile.prompt, reason="after the session, as the simulator reports it")
        self.await_view(idle, within=self.profile.prompt, reason="after the session, as balanz shows it")

    def closed_by_balanz(self, within: Duration) -> ConnectorView:
        """balanz closes the silent charger's session (shows it Available with no transaction) within ``within``."""
        return self.await_view(
            charger_state(status="Available", in_transaction=False),
            within=self.profile.within(within),
            reason="balanz closes the silent charger's session",
        )

    def closed_after_transaction_timeout(self) -> None:
        """balanz closes the silent charger's session once it has heard nothing from it for the transaction
        timeout, at its next transaction check (every csms.transaction_interval, within the deadline). A charging
        simulator sends a meter value every meter-value interval, so balanz last heard from it at most that long
        before it went silent: closing earlier than that breaks the rule."""
        assert self.silent_since is not None, f"{self.alias} was not made silent before this step"
        self.closed_by_balanz(Duration(1, "transaction timeout"))
        earliest = self.profile.transaction_timeout - self.profile.meter_value_interval
        assert_that(
            time.monotonic() - self.silent_since,
            greater_than_or_equal_to(earliest),
            f"{self.alias}: seconds from going silent until balanz closed its session (transaction timeout "
            f"{self.profile.transaction_timeout:g}s, less one meter-value interval)",
        )

    def energy_meter(self) -> float:
        """The energy (Wh) balanz has recorded for the running session (0 without one)."""
        found = [c for c in self.api.chargers(alias=self.alias) if c.get("alias") == self.alias]
        transaction = found[0]["connectors"]["1"].get("transaction") if found else None
        return float((transaction or {}).get("energy_meter") or 0)

    def await_energy_above_threshold(self) -> float:
        """Wait until balanz has recorded more energy for the session than energy_threshold (the EV is then no
        longer on its first delay); the deadline allows charging at the minimum offer all along."""
        threshold = self.profile.energy_threshold
        watts = self.profile.min_allocation * 230 * 3  # ocppsim meters three phases at 230 V
        return eventually(
            self.energy_meter,
            greater_than(threshold),
            within=(threshold / watts * 3600 + 2 * self.profile.meter_value_interval) * self.profile.factor,
            reason=f"{self.alias}: the session charges more than the energy threshold ({threshold:g} Wh)",
        )

    def await_sim(self, matcher: Matcher[SimStatus], *, within: float, reason: str) -> SimStatus:
        """Wait until the simulator's state matches."""
        return eventually(self.sim_status, matcher, within=within, reason=f"{self.alias}: {reason}")

    def await_view(self, matcher: Matcher[ConnectorView], *, within: float, reason: str) -> ConnectorView:
        """Wait until balanz's view of this charger matches."""
        return eventually(self.view, matcher, within=within, reason=f"{self.alias}: {reason}")

    # --- offers over time ---------------------------------------------------------------------------
    def await_offer(self, amps: float, *, within: float, reason: str) -> ConnectorView:
        """Wait until balanz offers ``amps`` to this charger and note when that offer was made."""
        view = self.await_view(charger_state(offer=amps), within=within, reason=reason)
        made_at = self.offer_time(view, amps)
        if amps > 0:
            self.offer_made_at = made_at
        else:
            self.withdrawn_at = made_at
        return view

    def offer_time(self, view: ConnectorView, amps: float) -> float:
        """When balanz made the offer ``amps`` that ``view`` shows.

        In a transaction balanz records every offer with its time; without one the harness uses the
        moment it first saw the offer (at most one poll late, as it polls while waiting for it).
        """
        for point in reversed(view.offer_changes):
            if same_amps(point.offered, amps):
                return point.timestamp
        return time.time()

    def _between(self, seconds: float, low: float, high: float, what: str) -> None:
        assert_that(
            seconds,
            all_of(greater_than_or_equal_to(low), less_than_or_equal_to(high)),
            f"{self.alias}: seconds {what} (allowed {low:.1f}-{high:.1f}s)",
        )

    def rises_through(self, offers: list[float], *, within: float | None = None) -> None:
        """The offer climbs exactly through ``offers``, each increase no sooner than min_offer_increase_interval
        after the previous change and, where the offers only grow, no later than the deadline of one offer-increase
        interval after it (both bounds on every step, a single step too), reaching the last one within ``within``
        (default: as many offer-increase intervals as it has steps); the charger enforces it."""
        steps = len(offers) - 1
        view = self.await_offer(
            offers[-1],
            within=self.profile.deadline(steps, "offer-increase intervals") if within is None else within,
            reason=f"the offer reaches {offers[-1]:g} A",
        )
        assert_that(view, offers_were(offers), f"{self.alias}: the offers balanz made in this session")
        only_growing = all(b > a for a, b in itertools.pairwise(offers))
        assert_that(
            view.offer_changes,
            paced_by(self.profile, unhindered=only_growing),
            f"{self.alias}: pace of the offer increases",
        )
        self.await_sim(
            charger_state(status="Charging", offer=offers[-1]),
            within=self.profile.prompt,
            reason="the charger enforces the offer",
        )

    def shows_ev_limit(self, amps: float) -> None:
        """balanz shows the EV limit it fixed for this session."""
        assert_that(
            self.view().ev_max_usage, equal_to(amps), f"{self.alias}: the EV limit balanz fixed for the session"
        )

    def keeps_offer(self, amps: float, duration: Duration) -> None:
        """balanz's offer stays at ``amps`` for ``duration``."""
        self._keeps_offer(amps, self.profile.seconds(duration))

    def _keeps_offer(self, amps: float, seconds: float) -> None:
        holds_for(self.view, charger_state(offer=amps), duration=seconds, reason=f"{self.alias} keeps its offer")

    def drops_to_minimum(self, amps: float, within: Duration) -> None:
        """balanz lowers its offer to the minimum ``amps`` within ``within``."""
        self.await_offer(self.profile.the_minimum(amps), within=self.profile.within(within),
                         reason=f"the offer drops to {amps:g} A")  # fmt: skip

    def rises_to(self, amps: float, within: Duration) -> None:
        """balanz raises its offer to ``amps`` within ``within``."""
        self.await_offer(amps, within=self.profile.within(within), reason=f"the offer rises to {amps:g} A")

    def reaches_offer(self, amps: float) -> None:
        """The offer of a session that draws all it gets climbs to ``amps`` (as many steps as it takes)."""
        steps = max(1, round((amps - self.profile.min_allocation) / self.profile.max_offer_increase))
        self.await_offer(
            amps,
            within=self.profile.deadline(steps, "offer-increase intervals"),
            reason=f"the offer reaches {amps:g} A",
        )

    def withdrawn_after_unused_offer_timeout(self) -> None:
        """The offer is withdrawn (0 A) once the unused-offer timeout has passed since it was made: not before
        the timeout, not after the next full balancing run after it (plus the reaction latency)."""
        offered_at = self.offer_made_at
        assert offered_at is not None, f"no offer to {self.alias} was observed before this step"
        view = self.await_offer(
            0, within=self.profile.deadline(1, "unused-offer timeout"), reason="the unused offer is withdrawn"
        )
        assert self.withdrawn_at is not None
        self._between(
            self.withdrawn_at - offered_at,
            self.profile.earliest(1, "unused-offer timeout", observed=not view.in_transaction),
            self.profile.deadline(1, "unused-offer timeout"),
            f"from the last offer to its withdrawal (unused-offer timeout {self.profile.unused_offer_timeout:g}s)",
        )

    def _suspension_end(self, name: str) -> float:
        """Check balanz suspends the charger for the named suspension from its withdrawal; return the end."""
        view = self.view()
        seconds = self.profile.interval(name)
        assert self.withdrawn_at is not None, f"no withdrawal at {self.alias} was observed before this step"
        assert view.suspend_until is not None, f"{self.alias}: balanz shows no suspension ({view})"
        assert_that(
            view.suspend_until - self.withdrawn_at,
            close_to(seconds, REACTION_LATENCY + OBSERVATION_TOLERANCE),
            f"{self.alias}: seconds from the withdrawal to the end of the suspension ({name} {seconds:g}s)",
        )
        return float(view.suspend_until)

    def held_then_reoffered(self, amps: float) -> None:
        """After the delayed-start suspension balanz offers the minimum again: not before it ends, and at the
        next full balancing run after it."""
        until = self._suspension_end("delayed-start suspension")
        self.await_offer(
            amps,
            within=max(0.0, until - time.time()) + self.profile.deadline(0, "delayed-start suspension"),
            reason="the minimum is offered again after the suspension",
        )
        assert self.offer_made_at is not None
        self._between(
            self.offer_made_at - until,
            -OBSERVATION_TOLERANCE,
            self.profile.deadline(0, "delayed-start suspension"),
            "from the end of the suspension to the new offer",
        )

    def held_for_long_suspension(self) -> None:
        """balanz holds the charger for the long suspension and offers nothing meanwhile: the suspension it shows
        ends the long suspension after the withdrawal, and nothing is offered until well after the delayed-start
        suspension would have ended (its end, plus the deadline by which balanz re-offers the minimum after it,
        as ``held_then_reoffered`` checks it), and for at least one offer-increase interval. (The long
        suspension itself lasts far longer than any scenario.)"""
        self._suspension_end("long suspension")
        assert self.withdrawn_at is not None
        short_one_over = (
            self.withdrawn_at
            + self.profile.delayed_start_suspension
            + self.profile.deadline(0, "delayed-start suspension")
        )
        self._keeps_offer(0, max(self.profile.offer_increase_interval, short_one_over - time.time()))

    # --- the top-of-hour rule for a first delay (suspend_top_of_hour) --------------------------------------
    def suspended_until_top_of_hour(self) -> float:
        """balanz's suspend_until for the charger follows the top-of-hour rule: an EV on its first delay that
        loses its unused offer is suspended until half the unused-offer timeout before the next whole hour of
        the epoch (balanz/model.py Group.balanz, the SuspendedEV branch; util.py adjust_time_top_of_hour).
        Returns it (epoch s) and keeps it for ``held_until_top_of_hour``.

        The withdrawal's recorded time can be a moment after balanz decided it, so the end computed from either
        moment is accepted (they differ only when the hour turned in between).
        """
        withdrawn = self.withdrawn_at
        assert withdrawn is not None, f"no withdrawal at {self.alias} was observed before this step"
        view = self.view()
        assert view.suspend_until is not None, f"{self.alias}: balanz shows no suspension ({view})"
        timeout = self.profile.unused_offer_timeout
        allowed = sorted({top_of_hour_end(withdrawn - lag, timeout) for lag in (0.0, DECISION_TO_RECORD)})
        assert_that(
            round(float(view.suspend_until), 3),
            is_in([round(a, 3) for a in allowed]),
            f"{self.alias}: suspend_until vs the next full hour minus half the unused-offer timeout "
            f"({timeout / 2:g}s); withdrawn at {time.strftime('%H:%M:%S', time.localtime(withdrawn))}",
        )
        self.suspended_until = float(view.suspend_until)
        return self.suspended_until

    def held_until_top_of_hour(self) -> None:
        """No offer returns when the delayed-start suspension has passed: the charger is held until the end of
        the top-of-hour suspension (``suspended_until_top_of_hour``).

        Held from now until one full balancing run after the delayed-start suspension would have ended, or
        until shortly before the suspension's end if the top of the hour comes sooner; in that case the new
        offer is then awaited and must come after the end (bounded on both sides).
        """
        until = self.suspended_until
        withdrawn = self.withdrawn_at
        assert until is not None and withdrawn is not None, f"{self.alias}: no top-of-hour suspension was checked"
        profile = self.profile
        hold_end = min(withdrawn + profile.delayed_start_suspension + profile.full_run, until - profile.run_interval)
        holds_for(
            self.view,
            charger_state(offer=0),
            duration=max(0.0, hold_end - time.time()),
            reason=f"{self.alias} stays without an offer until the top-of-hour suspension ends",
        )
        if hold_end < withdrawn + profile.delayed_start_suspension + profile.full_run:  # the hour comes first
            self.await_offer(
                profile.min_allocation,
                within=max(0.0, until - time.time()) + profile.reaction,
                reason="the minimum is offered again once the top-of-hour suspension ends",
            )
            assert self.offer_made_at is not None
            assert_that(
                self.offer_made_at,
                greater_than_or_equal_to(until - OBSERVATION_TOLERANCE),
                f"{self.alias}: the new offer comes after the suspension ends",
            )

    # --- a limit below the minimum offer --------------------------------------------------------------
    def _offers_and_state(self) -> tuple[float, float, str | None, bool]:
        """(balanz's offer, the charger's limit, the charger's status, in a transaction on both sides)."""
        view, sim = self.view(), self.sim_status()
        return view.offered, sim.offer, sim.status, view.in_transaction and sim.transaction_id is not None

    def held_at_unusable_limit(self, amps: float, within: Duration, hold: Duration) -> None:
        """The session is offered exactly the charger's limit ``amps`` (below the minimum) within ``within``: the
        EV does not charge (SuspendedEVSE, in its transaction); settled means it holds for ``hold``."""
        expected = equal_to((amps, amps, "SuspendedEVSE", True))
        show = f"{self.alias}: (balanz offer, charger limit, charger status, in a transaction)"
        eventually(self._offers_and_state, expected, within=self.profile.within(within), reason=show)
        holds_for(self._offers_and_state, expected, duration=self.profile.seconds(hold), reason=show)

    def first_offer_above_limit(self, amps: float, limit: float) -> None:
        """balanz's first offer in the session was the minimum ``amps``, above the charger's limit."""
        offers = [float(p.offered) for p in self.view().offer_changes]
        assert offers, f"{self.alias}: balanz recorded no offer in the session"
        assert_that(offers[0], equal_to(self.profile.the_minimum(amps)), f"{self.alias}: first offer ({offers})")
        assert_that(offers[0], greater_than(limit), f"{self.alias}: first offer vs its limit of {limit:g} A")

    # --- what the charger allows, against balanz's offer ---------------------------------------------------
    def _settles(self, expected: tuple[float, ...], *, within: float | None, seconds: float) -> None:
        """Within ``within`` seconds (None: at once) balanz's offer, the charger's limit and, if ``expected`` has a
        third value, the EV's draw are ``expected``, and they stay so for ``seconds``."""
        with_draw = len(expected) == 3

        def now() -> tuple[float, ...]:
            sim = self.sim_status()
            found = (self.view().offered, sim.offer)
            return (*found, sim.draw) if with_draw else found

        def show(found: tuple[float, ...]) -> str:
            text = f"balanz offers {found[0]:g} A, the charger allows {found[1]:g} A"
            return f"{text}, the EV draws {found[2]:g} A" if with_draw else text

        reason = f"{self.alias}: balanz's offer and the charger's limit" + (" and the EV's draw" if with_draw else "")
        if within is not None:
            eventually(now, contains_exactly(*expected), within=within, reason=reason, show=show)
        holds_for(now, contains_exactly(*expected), duration=seconds, reason=reason, show=show)

    def allows_unoffered(self, amps: float, duration: Duration) -> None:
        """Promptly the idle charger lets an EV draw the minimum ``amps`` while balanz offers it nothing, and both
        stay so for ``duration``."""
        self._settles((0, self.profile.the_minimum(amps)), within=self.profile.prompt,
                      seconds=self.profile.seconds(duration))  # fmt: skip

    def draws_as_allowed(self, amps: float, offered: float) -> None:
        """Promptly balanz offers ``offered`` while the charger lets the EV draw ``amps`` and the EV draws that
        much (SimStatus.draw)."""
        self._settles((offered, amps, amps), within=self.profile.prompt, seconds=0)

    def keeps_offer_and_limit(self, amps: float, duration: Duration) -> None:
        """balanz's offer to the charger's session and what the charger lets the EV draw both stay at ``amps``."""
        self._settles((amps, amps), within=None, seconds=self.profile.seconds(duration))

    def cut_to_ev_limit(self, offers: list[float]) -> None:
        """The offer climbs through ``offers[:-1]`` and, once the usage-monitoring interval has passed since the
        last increase, is cut to the EV's limit ``offers[-1]``, which it then keeps (the EV limit holds for
        the rest of the session: checked for one offer-increase interval more)."""
        increases = len(offers) - 2
        view = self.await_offer(
            offers[-1],
            within=self.profile.deadline(increases, "offer-increase intervals")
            + self.profile.deadline(1, "usage-monitoring interval"),
            reason=f"the offer settles at the EV's limit of {offers[-1]:g} A",
        )
        assert_that(view, offers_were(offers), f"{self.alias}: the offers balanz made in this session")
        changes = view.offer_changes
        assert_that(
            changes[:-1],
            paced_by(self.profile),
            f"{self.alias}: pace of the increases",
        )
        peak, cut = changes[-2], changes[-1]
        self._between(
            cut.timestamp - peak.timestamp,
            self.profile.earliest(1, "usage-monitoring interval"),
            self.profile.deadline(1, "usage-monitoring interval"),
            f"from the {peak.offered:g} A offer to the cut to the EV's limit",
        )
        self._keeps_offer(offers[-1], self.profile.offer_increase_interval)

    # --- session start, with the simulator's start race handled ----------------------------------------
    def settle_session_start(self, *, ev_delays: bool) -> SimStatus:
        """Wait for balanz's first offer to reach the charger and for the simulator to act on it.

        ocppsim can miss balanz's first charging profile when it arrives during the 1 s pause after
        StartTransaction: it then sits in SuspendedEVSE with a usable offer and nothing re-evaluates
        it (ocppsim.py ChargePoint.start_transaction sleeps 1 s). The harness detects exactly that state once
        it has been stable for the profile's ``stuck_after`` and nudges the simulator to re-evaluate: ``nodelay``
        for an EV that wants power (a no-op on its settings), ``suspend`` for a delaying EV (it declares it takes no
        power, keeping the delay). Every nudge is written to the scenario log.
        """
        minimum = self.profile.min_allocation
        stuck_after = self.profile.stuck_after
        self.await_sim(
            charger_state(min_offer=minimum, in_transaction=True),
            within=self.profile.prompt,
            reason="balanz's first offer reaches the charger",
        )
        expected = "SuspendedEV" if ev_delays else "Charging"
        deadline = time.monotonic() + self.profile.prompt
        stuck_since: float | None = None
        while True:
            status = self.sim_status()
            if status.status == expected:
                self.record.note(f"{self.alias}: session started without the start race ({status})")
                return status
            stuck = status.status == "SuspendedEVSE" and status.offer >= minimum and status.transaction_id
            now = time.monotonic()
            stuck_since = (stuck_since or now) if stuck else None
            if stuck_since is not None and now - stuck_since >= stuck_after:
                nudge = "suspend" if ev_delays else "nodelay"
                self.record.note(
                    f"{self.alias}: START RACE - simulator stuck in {status} for {stuck_after:g}s after "
                    f"balanz's first offer; nudging it with '{nudge}'"
                )
                self.act(nudge)
                return self.await_sim(
                    has_property("status", expected),
                    within=self.profile.prompt,
                    reason=f"{expected} after the start-race nudge",
                )
            if now > deadline:
                return status  # the step's own assertion reports what was seen
            time.sleep(POLL_EVERY)

    def begin_session(self, tag: str) -> None:
        """The driver presents ``tag`` (balanz must accept it); done when balanz shows the session in its
        transaction, whatever it offers (a later step says)."""
        self.present_tag(tag)
        self.await_view(has_properties(in_transaction=True, id_tag=tag), within=self.profile.prompt,
                        reason=f"balanz shows the session of tag {tag}")  # fmt: skip

    def start_session(self, tag: str) -> None:
        """The driver presents ``tag`` and the session starts charging at the minimum offer."""
        self.present_tag(tag)
        self.await_charging_start(self.profile.min_allocation)

    def offered_while_suspended(self, amps: float, *, in_transaction: bool) -> None:
        """A delaying EV's session is offered the minimum ``amps`` while the EV stays suspended."""
        self.profile.the_minimum(amps)
        if in_transaction:
            self.settle_session_start(ev_delays=True)
        self.await_sim(
            charger_state(status="SuspendedEV", offer=amps, in_transaction=in_transaction),
            within=self.profile.prompt,
            reason="the delaying EV is offered the minimum",
        )
        self.await_offer(amps, within=self.profile.prompt, reason="balanz shows the minimum offer")

    def start_delaying_session(self, tag: str, amps: float, *, in_transaction: bool) -> None:
        """The driver presents ``tag`` to a delaying EV; it is offered the minimum ``amps`` and stays suspended."""
        self.present_tag(tag)
        self.offered_while_suspended(amps, in_transaction=in_transaction)

    def shows(self, status: str, amps: float, *, in_transaction: bool) -> None:
        """The simulator and balanz both show this state (the simulator also the transaction)."""
        self.await_sim(
            charger_state(status=status, offer=amps, in_transaction=in_transaction),
            within=self.profile.prompt,
            reason="as the simulator reports it",
        )
        self.await_view(
            charger_state(status=status, offer=amps), within=self.profile.prompt, reason="as balanz shows it"
        )

    def await_charging_start(self, amps: float) -> None:
        """After a tag: the session starts charging at the minimum ``amps`` as both the charger and balanz see it."""
        self.profile.the_minimum(amps)
        self.settle_session_start(ev_delays=False)
        assert_that(
            self.sim_status(),
            charger_state(status="Charging", offer=amps, in_transaction=True),
            f"{self.alias} after balanz's first offer",
        )
        self.await_offer(amps, within=self.profile.prompt, reason="balanz shows the first offer")

    # --- what only a charger the harness plays can show (actors/played.py) ---------------------------------
    def _not_played(self) -> AssertionError:
        return AssertionError(f"{self.alias} has a simulator: only a charger the harness plays keeps its transaction")

    def picked_up_as(self, tag: str, user: str) -> None:
        """See PlayedChargerUnderTest.picked_up_as."""
        raise self._not_played()

    def first_offer_after_pickup(self, amps: float, within: Duration) -> None:
        """See PlayedChargerUnderTest.first_offer_after_pickup."""
        raise self._not_played()

    def recorded_from_pickup(self, tag: str) -> None:
        """See PlayedChargerUnderTest.recorded_from_pickup."""
        raise self._not_played()

    def closed_after_silence(self, code: int, since: float | None = None, silent: str | None = None) -> None:
        """See PlayedChargerUnderTest.closed_after_silence."""
        raise self._not_played()

    def turned_away_for(self, duration: Duration) -> None:
        """See PlayedChargerUnderTest.turned_away_for."""
        raise self._not_played()


def top_of_hour_end(decided_at: float, unused_offer_timeout: float) -> float:
    """When the top-of-hour rule ends a suspension decided at ``decided_at``: the next whole hour of the epoch (UTC;
    balanz/util.py adjust_time_top_of_hour) minus half the unused-offer timeout."""
    return math.ceil(decided_at / HOUR) * HOUR - unused_offer_timeout / 2
