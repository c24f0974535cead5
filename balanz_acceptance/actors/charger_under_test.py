"""A charger under test: its simulator (the EV and driver side) and balanz's view of it."""

from __future__ import annotations

import time
from dataclasses import dataclass

from hamcrest import assert_that, greater_than, has_property, starts_with
from hamcrest.core.matcher import Matcher

from balanz_acceptance.checks.matchers import charger_state
from balanz_acceptance.core.record import ScenarioRecord
from balanz_acceptance.core.site import Charger
from balanz_acceptance.core.timing import TimingProfile
from balanz_acceptance.core.waiting import POLL_EVERY, eventually
from balanz_acceptance.sut.balanz_api import BalanzApi, ConnectorView
from balanz_acceptance.sut.ocppsim_client import OcppsimClient, SimStatus

#: How long the simulator must sit unchanged in SuspendedEVSE with a usable offer before the harness
#: decides it is stuck in the start race. Its own state changes after a profile arrives take milliseconds.
STUCK_AFTER = 1.5


@dataclass
class ChargerUnderTest:
    """One charger of the scenario: actions on its simulator and observations on both sides."""

    charger: Charger
    sim: OcppsimClient
    api: BalanzApi
    profile: TimingProfile
    record: ScenarioRecord
    #: When the current offer was made (epoch s): balanz's own record in a transaction, else first seen.
    offer_made_at: float | None = None
    #: When the last offer was withdrawn (epoch s), same sources.
    withdrawn_at: float | None = None
    #: The simulator's reply to the last tag presented.
    last_tag_reply: str | None = None

    @property
    def alias(self) -> str:
        """The charger's alias, e.g. RR2-01."""
        return self.charger.alias

    # --- what the driver and the EV do ---------------------------------------------------------------
    def act(self, command: str) -> str:
        """Send one simulator command, note it in the scenario log, return the reply."""
        reply = self.sim.command(command)
        self.record.note(f"{self.alias}: {command} -> {reply}")
        return reply

    def present_tag(self, tag: str) -> str:
        """The driver presents an RFID tag; balanz must accept it."""
        reply = self.try_tag(tag)
        assert_that(reply, starts_with("Tag Accepted"), f"{self.alias}: tag {tag} presented")
        return reply

    def try_tag(self, tag: str) -> str:
        """The driver presents an RFID tag, whatever balanz answers; the reply is kept."""
        self.last_tag_reply = self.act(f"tag {tag}")
        return self.last_tag_reply

    def reconnect(self) -> None:
        """The charger restarts (ocppsim ``reset``) and connects to balanz again.

        Done once balanz has logged a new connection for it and both sides show it Available.
        """
        marker = f"Charger {self.charger.charger_id} ({self.alias}) succesfully connected"
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
            if abs(float(point.offered) - amps) <= 0.01:
                return point.timestamp
        return time.time()

    @property
    def timing_tolerance(self) -> float:
        """How late an observed (not balanz-recorded) time can be: one poll plus one round trip."""
        return 2 * POLL_EVERY + 0.5

    # --- session start, with the simulator's start race handled ----------------------------------------
    def settle_session_start(self, *, ev_delays: bool) -> SimStatus:
        """Wait for balanz's first offer to reach the charger and for the simulator to act on it.

        ocppsim can miss balanz's first charging profile when it arrives during the 1 s pause after
        StartTransaction: it then sits in SuspendedEVSE with a usable offer and nothing re-evaluates
        it (ocppsim-reference.md §5). The harness detects exactly that state once it has been stable
        for STUCK_AFTER seconds and nudges the simulator to re-evaluate: ``nodelay`` for an EV that
        wants power (a no-op on its settings), ``suspend`` for a delaying EV (it declares it takes no
        power, keeping the delay). Every nudge is written to the scenario log.
        """
        minimum = self.profile.min_allocation
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
            if stuck_since is not None and now - stuck_since >= STUCK_AFTER:
                nudge = "suspend" if ev_delays else "nodelay"
                self.record.note(
                    f"{self.alias}: START RACE - simulator stuck in {status} for {STUCK_AFTER}s after "
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

    def await_charging_start(self, amps: float) -> None:
        """After a tag: the session starts charging at ``amps`` as both the charger and balanz see it."""
        self.settle_session_start(ev_delays=False)
        assert_that(
            self.sim_status(),
            charger_state(status="Charging", offer=amps, in_transaction=True),
            f"{self.alias} after balanz's first offer",
        )
        self.await_offer(amps, within=self.profile.prompt, reason="balanz shows the first offer")
