"""balanz as a local controller in front of a central system the harness plays (features/local_controller*.feature).

The scenario states it (core/local_controller.py); the managed stack starts the central system
(sut/central_system.py) before balanz and renders balanz's configuration with ``[ext-server]`` pointing at it.
``LocalController`` is the role the steps talk to: how the central system answers, its calls and what came of
them, what it, the chargers and balanz saw, and what becomes of a charger's connection and session when the
central system or the charger falls silent or goes down.

What is compared with what (balanz.py on_connect; charge_point_lc_v16.py ChargePoint_LC_v16):
* a charger's own messages: what the simulator logged it sent (sut/ocppsim_log.py) against what the central
  system received, frame by frame, as text;
* balanz's own calls to a charger: balanz's OCPP log (every frame it sends, ``<charger id>: send ...``; their
  message ids start with ``LC-``) and the simulator's answers to them, none of which may reach the central
  system;
* whether a call of the central system reached a charger: the simulator's log of what it received.
"""

from __future__ import annotations

import base64
import json
import threading
import time
from datetime import datetime
from typing import Any

from hamcrest import (
    all_of,
    assert_that,
    contains_exactly,
    empty,
    equal_to,
    greater_than,
    has_entries,
    has_item,
    has_length,
    has_properties,
    is_not,
    not_none,
    starts_with,
)
from websockets.exceptions import ConnectionClosed

from balanz_acceptance.actors.charger_access import ChargerAccess
from balanz_acceptance.actors.chargers import Chargers
from balanz_acceptance.actors.played import PlayedChargerUnderTest
from balanz_acceptance.checks.forwarding import allows_offer, unchanged_frames
from balanz_acceptance.checks.group_watch import offers_in_log
from balanz_acceptance.checks.matchers import charger_state, connected, paced_by
from balanz_acceptance.core.events import ChargerSilenced, Event, Events
from balanz_acceptance.core.local_controller import LocalControllerSetting
from balanz_acceptance.core.record import ScenarioRecord
from balanz_acceptance.core.site import SiteModel
from balanz_acceptance.core.timing import Duration, TimingProfile
from balanz_acceptance.core.waiting import eventually, holds_for
from balanz_acceptance.sut.balanz_api import BalanzApi
from balanz_acceptance.sut.bare_charger import basic_auth
from balanz_acceptance.sut.central_system import CallOutcome, CentralSystem, Message
from balanz_acceptance.sut.ocppj import CALL, CALLERROR, CALLRESULT
from balanz_acceptance.sut.ocppsim_log import LoggedFrame, logged_frames
from balanz_acceptance.sut.silenceable_charger import SilenceableCharger
from balanz_acceptance.sut.stack import Stack

#: The charging profile the central system sets: an id and a stack level above balanz's own (ids 1-3, stack
#: levels 0-3: charge_point_v16.py set_base_default_profile, set_blocking_default_profile, set_tx_profile).
CENTRAL_PROFILE_ID = 90
CENTRAL_STACK_LEVEL = 9
#: balanz's own calls to a charger carry message ids that start with this (charge_point_lc_v16.py __init__).
OWN_ID_PREFIX = "LC-"
#: What a charger sends in a session it connects, charges and ends in (saw_charger_unchanged checks they were sent).
SESSION_CALLS = ("BootNotification", "StatusNotification", "StartTransaction", "MeterValues", "StopTransaction")


def _epoch(timestamp: str) -> float:
    """An OCPP timestamp (ISO 8601, "Z" or an offset) in epoch seconds."""
    return datetime.fromisoformat(timestamp.replace("Z", "+00:00")).timestamp()


class LocalController:
    """The scenario's central system, and balanz as a local controller in front of it."""

    def __init__(
        self,
        central: CentralSystem,
        stack: Stack,
        site: SiteModel,
        chargers: Chargers,
        access: ChargerAccess,
        profile: TimingProfile,
        record: ScenarioRecord,
        events: Events,
    ) -> None:
        self.central = central
        self.stack = stack
        self.site = site
        self.chargers = chargers
        self.access = access
        self.profile = profile
        self.record = record
        #: The central system's last call and what came of it.
        self.last: CallOutcome | None = None
        #: When (epoch s) the central system's last call through balanz was sent.
        self.last_call_at = 0.0
        #: When (time.monotonic) the central system fell silent or went down.
        self.quiet_since: float | None = None
        #: A charger's session as balanz showed it before its connection was closed: alias → (tag, start).
        self.kept: dict[str, tuple[str | None, float | None]] = {}
        #: balanz's offer to a charger when it connected again: alias → (when, offer).
        self.reconnected: dict[str, tuple[float, float]] = {}
        #: How many connections the central system had seen for a charger before its connection ended.
        self.kept_connections: dict[str, int] = {}
        #: How often a charger the harness plays had been accepted (its BootNotification answered) by then.
        self.kept_boots: dict[str, int] = {}
        events.subscribe(self._hear)

    def _hear(self, event: Event) -> None:
        """A charger the harness plays that goes silent: note its session and connections before balanz ends them."""
        if isinstance(event, ChargerSilenced) and event.alias in self.chargers.played:
            self._keep(event.alias)

    @property
    def api(self) -> BalanzApi:
        """The scenario's logged-in balanz API connection."""
        return self.chargers.api

    def _charger_id(self, alias_or_id: str) -> str:
        return self.site.charger(alias_or_id).charger_id if alias_or_id in self.site.chargers else alias_or_id

    def _played(self, alias: str) -> PlayedChargerUnderTest:
        role = self.chargers(alias)
        if not isinstance(role, PlayedChargerUnderTest):
            raise AssertionError(f"{alias} is not a charger the harness plays: a step must declare it one")
        return role

    def _hanging(self) -> list[str]:
        """The chargers the harness plays that can hang."""
        return [a for a, charger in self.chargers.played.items() if isinstance(charger, SilenceableCharger)]

    def _frames_at_charger(self, alias: str) -> list[LoggedFrame]:
        log = self.record.logs.get(f"ocppsim {alias}")
        if log is None:
            raise AssertionError(f"{alias} has no simulator log: a step must name it as a simulator's charger")
        return logged_frames(log, self._charger_id(alias))

    # --- the site ---------------------------------------------------------------------------------------
    def is_local_controller(self) -> None:
        """balanz runs with the central system as its parent, and has connected to it for every charger."""
        server = LocalControllerSetting.server_of(self.stack.balanz_config())
        assert_that(server, equal_to(self.central.url), "balanz's [ext-server] server vs the central system")
        for alias in self.stack.sims:
            charger_id = self._charger_id(alias)
            eventually(
                lambda cid=charger_id: [c for c in self.central.connections(cid) if c.open],
                is_not(empty()),
                within=self.profile.prompt,
                reason=f"balanz has a connection to the central system for {alias}",
                show=len,
            )

    def answers_profiles_with(self, answer: str) -> None:
        """balanz answers the central system's charging profiles with ``answer`` (Forward: passes them on)."""
        assert_that(
            LocalControllerSetting.charging_call_of(self.stack.balanz_config()),
            equal_to(answer),
            "balanz's [ext-server] server_charging_call",
        )

    # --- how the central system answers -------------------------------------------------------------------
    def block_tag(self, tag: str) -> None:
        """The central system answers Blocked for ``tag`` (Authorize and StartTransaction)."""
        self.central.answers.tag_status[tag.upper()] = "Blocked"
        self.record.note(f"central system: blocks tag {tag}")

    def number_next_transaction(self, number: int) -> None:
        """The central system gives the next transaction this id (and counts on from it)."""
        self.central.answers.next_transaction_id = number
        self.record.note(f"central system: numbers its next transaction {number}")

    def fall_silent(self) -> None:
        """The central system keeps its connections but answers and sends nothing."""
        for alias in self._hanging():
            self._keep(alias)
        self.central.answers.silent = True
        self.quiet_since = time.monotonic()
        self.record.note("central system: falls silent")

    def answer_again(self) -> None:
        """The central system answers again (what arrived while it was silent stays unanswered)."""
        self.central.answers.silent = False
        self.record.note("central system: answers again")

    def refuse_connections(self) -> None:
        """The central system cannot be reached: no new connection is accepted."""
        self.central.refuse_connections()

    def accept_connections(self) -> None:
        """The central system can be reached again."""
        self.central.accept_connections()

    def go_down(self) -> None:
        """An outage: the central system closes its connections and accepts no new ones (once balanz has set up
        the sessions of the chargers the harness plays, and just after such a charger sent its latest message: its
        next one is then a meter-value interval away, so none can fall between the outage and balanz closing the
        charger's connection at once; ``closed_at_once``)."""
        for alias in self._hanging():
            self._played(alias).await_session_set_up()
            self._keep(alias)
        for alias in self._hanging():
            calls = self._played(alias).hanging_charger.called_at
            made = len(calls)
            next_message = self.profile.deadline(1, "meter-value interval")
            eventually(lambda calls=calls: len(calls), greater_than(made), within=next_message,
                       reason=f"{alias} sends its next message")  # fmt: skip
        self.quiet_since = time.monotonic()
        self.central.go_down()

    def _last_spoke(self) -> float:
        """When the central system last sent anything (a reply or a call) before it fell silent."""
        assert self.quiet_since is not None, "the central system did not fall silent earlier in this scenario"
        sent = [m.at for m in self.central.messages() if m.sent and m.at <= self.quiet_since]
        return max(sent, default=min(c.opened_at for c in self.central.connections()))

    # --- the central system's calls to a charger (through balanz) -----------------------------------------
    def _offers_in_log(self, alias: str, since: float) -> list[float]:
        """The offers balanz held for ``alias`` from ``since`` (epoch s) on, by balanz's log (``offers_in_log``): a
        session may grow in the same second, so an offer held briefly is not always there to poll."""
        return [amps for _, amps in offers_in_log(self.record.logs.get("balanz"), self._charger_id(alias), 1, since)]

    def _call(self, alias: str, action: str, payload: dict[str, Any], message_id: str | None = None) -> CallOutcome:
        self.last_call_at = time.time()
        self.last = self.central.call(self._charger_id(alias), action, payload, message_id=message_id)
        self.record.note(f"central system: {action} to {alias} -> {self.last}")
        return self.last

    def transaction_of(self, alias: str) -> int:
        """The id the central system gave the latest transaction at ``alias``."""
        found = self.central.transactions(self._charger_id(alias))
        if not found:
            raise AssertionError(f"the central system has numbered no transaction at {alias}")
        return found[-1].transaction_id

    def set_limit(self, alias: str, amps: float) -> CallOutcome:
        """The central system sets a charging limit for the running transaction at ``alias`` (a TxProfile of its
        own, CENTRAL_PROFILE_ID at CENTRAL_STACK_LEVEL)."""
        profile = {
            "chargingProfileId": CENTRAL_PROFILE_ID,
            "stackLevel": CENTRAL_STACK_LEVEL,
            "chargingProfilePurpose": "TxProfile",
            "chargingProfileKind": "Absolute",
            "chargingSchedule": {
                "chargingRateUnit": "A",
                "chargingSchedulePeriod": [{"startPeriod": 0, "limit": amps}],
            },
            "transactionId": self.transaction_of(alias),
        }
        return self._call(alias, "SetChargingProfile", {"connectorId": 1, "csChargingProfiles": profile})

    def clear_profile(self, alias: str, profile_id: int = CENTRAL_PROFILE_ID) -> CallOutcome:
        """The central system clears the charging profile with this id at ``alias`` (default: its own)."""
        return self._call(alias, "ClearChargingProfile", {"id": profile_id})

    def remote_start(self, alias: str, tag: str) -> CallOutcome:
        """RemoteStartTransaction for ``tag`` at connector 1 of ``alias``."""
        return self._call(alias, "RemoteStartTransaction", {"idTag": tag, "connectorId": 1})

    def reset(self, alias: str) -> CallOutcome:
        """A soft Reset of ``alias``."""
        self._keep(alias)
        return self._call(alias, "Reset", {"type": "Soft"})

    def keep_asking_status(self, alias: str) -> None:
        """From now on the central system asks the charger for its status every balancing tick on the connection
        it has for it now, without waiting for the answers, until that connection closes: it goes on talking
        while the charger is silent."""
        open_now = [c for c in self.central.connections(self._charger_id(alias)) if c.open]
        assert open_now, f"balanz has no open connection to the central system for {alias}"
        connection = open_now[-1]
        payload = {"requestedMessage": "StatusNotification", "connectorId": 1}

        def ask() -> None:
            while connection.open:
                try:
                    self.central.send_call(connection, "TriggerMessage", payload)
                except (AssertionError, ConnectionClosed, TimeoutError):
                    return  # the connection closed meanwhile
                time.sleep(self.profile.run_interval)

        threading.Thread(target=ask, name=f"central system asks {alias}", daemon=True).start()
        self.record.note(f"central system: asks {alias} for its status every balancing tick")

    def ask_status(self, alias: str, message_id: str | None = None) -> CallOutcome:
        """TriggerMessage: the status of connector 1 of ``alias`` (with this message id, if given)."""
        return self._call(
            alias, "TriggerMessage", {"requestedMessage": "StatusNotification", "connectorId": 1}, message_id
        )

    # --- what came back, and what reached the charger --------------------------------------------------------
    def _last_call(self) -> CallOutcome:
        assert self.last is not None, "the central system made no call earlier in this scenario"
        return self.last

    def answered(self, status: str) -> CallOutcome:
        """The central system's last call was answered ``status``, in valid OCPP 1.6."""
        outcome = self._last_call()
        assert_that(
            (outcome.status, outcome.error),
            equal_to((status, None)),
            f"the answer to the central system's {outcome.action} (status, what was wrong with it)",
        )
        return outcome

    def answered_by_balanz(self, alias: str, status: str) -> None:
        """balanz answered the central system's last call ``status`` itself: the charger never received it,
        for one full balancing run."""
        outcome = self.answered(status)
        holds_for(
            lambda: [f.raw for f in self._frames_at_charger(alias) if f.message_id == outcome.message_id],
            empty(),
            duration=self.profile.settle,
            reason=f"{alias} receives nothing of the central system's {outcome.action} {outcome.message_id}",
            show=len,
        )

    def answered_by_charger(self, alias: str, status: str) -> None:
        """The charger received the central system's last call as the central system sent it, and its answer
        (``status``) reached the central system as the charger sent it."""
        outcome = self.answered(status)
        sent = [
            m.raw
            for m in self.central.messages(self._charger_id(alias))
            if m.sent and m.message_id == outcome.message_id
        ]
        frames = eventually(
            lambda: [f for f in self._frames_at_charger(alias) if f.message_id == outcome.message_id],
            has_length(2),
            within=self.profile.prompt,
            reason=f"{alias}'s log shows the central system's {outcome.action} received and answered",
            show=lambda found: [f.raw[:80] for f in found],
        )
        received, answer = frames
        assert_that((received.sent, received.raw), equal_to((False, sent[0])), f"{outcome.action} as {alias} got it")
        assert_that(answer.sent, equal_to(True), f"{alias} answered the {outcome.action}")
        assert_that(answer.frame[2], equal_to(outcome.reply), f"{alias}'s answer vs what reached the central system")

    def answered_invalid(self, status: str) -> None:
        """The central system's last call was answered ``status``, which OCPP 1.6 does not allow for it."""
        outcome = self._last_call()
        assert_that(outcome.status, equal_to(status), f"the answer to the central system's {outcome.action}")
        assert_that(
            outcome.error or "",
            starts_with("the reply is not valid OCPP 1.6"),
            f"what the central system made of the answer to its {outcome.action}",
        )

    def got_no_answer(self, alias: str) -> None:
        """The central system's last call got no answer at all, although the charger answered it (its log)."""
        outcome = self._last_call()
        assert_that(outcome.reply, equal_to(None), f"the answer to the central system's {outcome.action}")
        answered = [f for f in self._frames_at_charger(alias) if f.sent and f.message_id == outcome.message_id]
        assert_that(answered, is_not(empty()), f"{alias}'s answer to the central system's {outcome.action}")

    # --- what a charger allows the EV ------------------------------------------------------------------------
    def _offered_allowed_offered(self, alias: str) -> tuple[float, float, float]:
        """balanz's offer, what the charger allows, balanz's offer again (an offer may change meanwhile)."""
        charger = self.chargers(alias)
        before = charger.view().offered
        allowed = charger.sim_status().offer
        return before, allowed, charger.view().offered

    def allows_balanz_offer(self, alias: str, not_amps: float, duration: Duration) -> None:
        """For ``duration`` the charger allows the EV exactly balanz's offer (as balanz shows it just before or just
        after), and never ``not_amps``."""
        holds_for(
            lambda: self._offered_allowed_offered(alias),
            allows_offer(never=not_amps),
            duration=self.profile.seconds(duration),
            reason=f"{alias}: what the charger allows the EV vs balanz's offer",
        )

    def allows_central_limit(self, alias: str, amps: float) -> None:
        """The charger allows the EV the central system's ``amps`` and keeps doing so for one full balancing run,
        whatever balanz offers; balanz takes the ``amps`` the charger reports as its offer (model.py
        Charger.meter_values: a reported Current.Offered replaces balanz's own) within a meter-value interval."""
        charger = self.chargers(alias)
        charger.await_sim(charger_state(offer=amps), within=self.profile.prompt, reason="what it allows the EV")
        charger.await_view(
            charger_state(offer=amps),
            within=self.profile.deadline(1, "meter-value interval"),
            reason="balanz takes the offer the charger reports",
        )
        holds_for(
            lambda: charger.sim_status().offer,
            equal_to(amps),
            duration=self.profile.settle,
            reason=f"{alias}: what the charger allows the EV",
        )

    def allows_balanz_limit_again(self, alias: str, amps: float) -> None:
        """The charger allows the EV balanz's own limit (``amps``, its last TxProfile) again, balanz takes it as its
        offer once the charger reports it, or had offered it itself (within a meter-value interval, by its log:
        ``_offers_in_log``; balanz's growth may send the same limit in the second of the clearing), and
        for one full balancing run the charger allows exactly balanz's offer (as balanz shows it just before or just
        after: an increase may come meanwhile)."""
        charger = self.chargers(alias)
        charger.await_sim(charger_state(offer=amps), within=self.profile.prompt, reason="what it allows the EV")
        eventually(
            lambda: self._offers_in_log(alias, self.last_call_at),
            has_item(amps),
            within=self.profile.deadline(1, "meter-value interval"),
            reason=f"{alias}: the offers balanz held since the clearing (taken from the charger's reports or its own)",
        )
        holds_for(
            lambda: self._offered_allowed_offered(alias),
            allows_offer(),
            duration=self.profile.settle,
            reason=f"{alias}: what the charger allows the EV vs balanz's offer",
        )

    # --- what the central system saw ------------------------------------------------------------------------
    def saw_charger_unchanged(self, alias: str) -> None:
        """Every call the charger sent reached the central system, as the charger sent it and in its order."""
        charger_id = self._charger_id(alias)

        def both() -> tuple[list[str], list[str]]:
            sent = [f.raw for f in self._frames_at_charger(alias) if f.sent and f.kind == CALL]
            return sent, [m.raw for m in self.central.received_calls(charger_id)]

        sent, _ = eventually(
            both,
            unchanged_frames(f"calls {alias} sent"),
            within=self.profile.prompt,
            reason=f"the calls {alias} sent vs the calls the central system received from {alias}",
            show=lambda pair: f"{len(pair[0])} sent, {len(pair[1])} received",
        )
        actions = {json.loads(raw)[2] for raw in sent}
        assert_that(
            sorted(actions), all_of(*(has_item(a) for a in SESSION_CALLS)), f"what {alias} sent in the scenario"
        )
        self.record.note(f"{alias}: {len(sent)} calls sent, all received by the central system unchanged, in order")

    def got_central_answers_unchanged(self, alias: str) -> None:
        """Every answer the central system sent the charger reached it, as the central system sent it and in its
        order (and no other answer came to the charger but those to balanz's own calls)."""
        charger_id = self._charger_id(alias)

        def both() -> tuple[list[str], list[str]]:
            answers = [m.raw for m in self.central.messages(charger_id) if m.sent and not m.is_call]
            got = [
                f.raw
                for f in self._frames_at_charger(alias)
                if not f.sent and f.kind != CALL and not f.message_id.startswith(OWN_ID_PREFIX)
            ]
            return answers, got

        answers, _ = eventually(
            both,
            unchanged_frames(f"answers of the central system to {alias}", some=True),
            within=self.profile.prompt,
            reason=f"the answers the central system sent {alias} vs the answers {alias} received",
            show=lambda pair: f"{len(pair[0])} sent, {len(pair[1])} received",
        )
        self.record.note(f"{alias}: {len(answers)} answers of the central system received unchanged, in order")

    def saw_nothing_of_balanz(self, alias: str) -> None:
        """None of balanz's own calls to the charger, and none of the charger's answers to them, reached the
        central system; it received no answer to a call it did not make."""
        charger_id = self._charger_id(alias)
        own_calls = [line for line in self.api.ocpp_log(charger_id) if f'send [2,"{OWN_ID_PREFIX}' in line]
        answers = [f for f in self._frames_at_charger(alias) if f.sent and f.kind in (CALLRESULT, CALLERROR)]
        own_answers = [f for f in answers if f.message_id.startswith(OWN_ID_PREFIX)]
        assert_that(own_calls, is_not(empty()), f"balanz's own calls to {alias} (its OCPP log)")
        assert_that(own_answers, is_not(empty()), f"{alias}'s answers to balanz's own calls (its log)")
        mine = {m.message_id for m in self.central.messages(charger_id) if m.sent and m.is_call}
        received = [m for m in self.central.messages(charger_id) if not m.sent]
        assert_that(
            [str(m) for m in received if m.message_id.startswith(OWN_ID_PREFIX)],
            empty(),
            f"frames with balanz's own message ids the central system received from {alias}",
        )
        assert_that(
            [str(m) for m in received if not m.is_call and m.message_id not in mine],
            empty(),
            f"answers the central system received from {alias} to calls it did not make",
        )
        self.record.note(
            f"{alias}: balanz made {len(own_calls)} calls of its own, {alias} answered {len(own_answers)}; "
            "none reached the central system"
        )

    def charges_in_transaction(self, alias: str, number: int) -> None:
        """The charger runs its session in transaction ``number``, which the central system gave it."""
        assert_that(
            self.transaction_of(alias), equal_to(number), f"the transaction the central system numbered at {alias}"
        )
        assert_that(self.chargers(alias).sim_status().transaction_id, equal_to(number), f"{alias}'s transaction")

    def meter_values_name(self, alias: str, number: int) -> None:
        """The central system receives the charger's meter values for transaction ``number``."""
        eventually(
            lambda: [
                m.payload.get("transactionId")
                for m in self.central.received_calls(self._charger_id(alias))
                if m.action == "MeterValues"
            ],
            has_item(number),
            within=self.profile.deadline(1, "meter-value interval"),
            reason=f"the central system receives {alias}'s meter values for transaction {number}",
        )

    def received_call(self, alias: str, action: str, fields: dict[str, Any], after_last_call: bool = False) -> Message:
        """The central system receives the charger's ``action`` with these payload fields (after the answer to its
        own last call, if ``after_last_call``)."""
        since = (self._last_call().replied_at or 0.0) if after_last_call else 0.0
        found = eventually(
            lambda: [
                m
                for m in self.central.received_calls(self._charger_id(alias))
                if m.action == action and m.at >= since and all(m.payload.get(k) == v for k, v in fields.items())
            ],
            is_not(empty()),
            within=self.profile.prompt,
            reason=f"the central system receives {alias}'s {action} {fields}",
            show=len,
        )
        return found[0]

    def received_status_after_answer(self, alias: str, status: str) -> Message:
        """After answering the central system's last call, the charger's status of connector 1 reaches it."""
        return self.received_call(
            alias, "StatusNotification", {"connectorId": 1, "status": status}, after_last_call=True
        )

    def reconnected_after_reset(self, alias: str) -> None:
        """The charger restarted: the central system receives its BootNotification on a new connection through
        balanz, and balanz shows it connected and Available."""
        charger_id = self._charger_id(alias)
        before = self.kept_connections.get(alias, 1)
        eventually(
            lambda: [
                m
                for m in self.central.received_calls(charger_id)
                if m.action == "BootNotification" and m.connection > before
            ],
            is_not(empty()),
            within=self.profile.startup + 2 * self.profile.prompt,
            reason=f"the central system receives {alias}'s BootNotification on a new connection",
            show=len,
        )
        self.chargers(alias).await_view(
            connected(status="Available"), within=self.profile.prompt, reason="balanz shows it connected, Available"
        )

    def _keep(self, alias: str) -> None:
        """Note a charger's session and connections before its connection ends."""
        self.kept_connections[alias] = len(self.central.connections(self._charger_id(alias)))
        played = self.chargers.played.get(alias)
        if played is not None:
            self.kept_boots[alias] = played.connections
        if alias in self.chargers.in_scenario():
            view = self.chargers(alias).view()
            self.kept[alias] = (view.id_tag, view.start_time)

    # --- a charger's credentials --------------------------------------------------------------------------
    def central_got_credentials(self) -> None:
        """The central system received balanz's connection for the bare charger with the Authorization header the
        charger sent: ``Basic`` and base64 of the charger's id and key."""
        assert self.access.connected_as is not None, "no charger connected earlier in this scenario"
        charger_id, key = self.access.connected_as
        assert key is not None, "the charger connected without credentials"
        connections = self.central.connections(charger_id)
        assert_that(connections, is_not(empty()), f"the central system's connections for {charger_id}")
        header = connections[-1].headers.get("Authorization")
        assert_that(header, equal_to(basic_auth(charger_id, key)), f"the Authorization header for {charger_id}")
        decoded = base64.b64decode(header.split()[1]).decode() if header else ""
        self.record.note(f"central system: {charger_id} connected with Authorization {header} ({decoded})")

    # --- a charger's connection and session when one side is silent or gone ---------------------------------
    def closed_after_central_silence(self, alias: str, code: int) -> None:
        """balanz closed the charger's connection with ``code`` once the charger silence limit had passed since the
        central system's last frame, not before (charge_point_lc_v16.py ChargePoint_LC_v16.watchdog)."""
        since = self._last_spoke()
        self._played(alias).closed_after_silence(code, since, "the central system")

    def closed_at_once(self, alias: str) -> None:
        """balanz closed the charger's connection at once after the central system went down: before the charger
        made another call (start_lc_down ends; not only once start_lc_up fails to pass a call on)."""
        assert self.quiet_since is not None, "the central system did not go down earlier in this scenario"
        role = self._played(alias)
        cut, _ = role.await_cut_off(
            self.quiet_since - 1e-6,
            within=self.profile.prompt,
            reason="balanz closes its connection when the central system goes down",
        )
        assert_that(
            [round(t - self.quiet_since, 2) for t in role.hanging_charger.called_at if self.quiet_since < t < cut],
            empty(),
            f"{alias}'s calls (s after the central system went down) before balanz closed its connection "
            f"{cut - self.quiet_since:.2f}s after",
        )

    def connects_again_with_session(self, alias: str) -> None:
        """The charger connects again (a new connection from balanz reaches the central system, and the charger's
        BootNotification is answered on it: a connection balanz closes again while the central system is still
        silent does not count) with its session still open, and balanz shows the same session: its tag and
        start, connected."""
        charger_id = self._charger_id(alias)
        before = self.kept_connections.get(alias, 1)
        role = self._played(alias)
        played = role.hanging_charger
        boots = self.kept_boots.get(alias, 1)
        eventually(
            lambda: (
                played.connections > boots,
                [c.number for c in self.central.connections(charger_id) if c.number > before and c.open],
            ),
            contains_exactly(True, is_not(empty())),
            within=self.profile.startup + self.profile.deadline(1, "charger silence limit"),
            reason=f"{alias} connects again (BootNotification answered), and balanz opens a new connection to the "
            "central system for it",
        )
        tag, start = self.kept.get(alias, (None, None))
        assert_that(tag, not_none(), f"{alias}'s session before its connection ended")
        assert_that(played.transaction_id, not_none(), f"{alias} keeps its transaction")
        view = role.await_view(
            all_of(connected(in_transaction=True), has_properties(id_tag=tag, start_time=start)),
            within=self.profile.prompt,
            reason="balanz shows the charger connected, in the same session",
        )
        self.reconnected[alias] = (time.monotonic(), view.offered)
        self.record.note(f"{alias}: connected again, balanz offers {view.offered:g} A in the same session")

    def balancing_picks_up(self, alias: str, step: float, within: Duration) -> None:
        """Within ``within`` of the charger connecting again balanz raises its offer by ``step`` (at most to the
        charger's limit), which the charger enforces; not before the pacing rule allows (the session's offers
        grow by at most max_offer_increase, each at least the configured offer-increase interval after the
        previous change: checks/matchers.py paced_by)."""
        assert alias in self.reconnected, f"{alias} did not connect again earlier in this scenario"
        since, offered = self.reconnected[alias]
        expected = min(offered + step, self.site.charger(alias).conn_max)
        charger = self.chargers(alias)
        eventually(
            lambda: (charger.view().offered, charger.sim_status().offer),
            equal_to((expected, expected)),
            within=max(1.0, since + self.profile.within(within) - time.monotonic()),
            reason=f"{alias}: balanz raises its offer from {offered:g} A to {expected:g} A, the charger enforces it",
        )
        assert_that(charger.view().offer_changes, paced_by(self.profile), f"{alias}: balanz's offers in the session")

    def recorded_once(self, alias: str, tag: str) -> None:
        """balanz records the charger's session once: for ``tag``, from the charger's StartTransaction to its
        StopTransaction (their timestamps, as the central system received them)."""
        charger_id = self._charger_id(alias)
        calls = self.central.received_calls(charger_id)
        starts = [m for m in calls if m.action == "StartTransaction"]
        stops = [m for m in calls if m.action == "StopTransaction"]
        assert_that((len(starts), len(stops)), equal_to((1, 1)), f"{alias}'s StartTransaction and StopTransaction")
        start, end = _epoch(starts[0].payload["timestamp"]), _epoch(stops[0].payload["timestamp"])
        records = eventually(
            lambda: self.api.sessions(charger_id=charger_id),
            is_not(empty()),
            within=self.profile.prompt,
            reason=f"balanz's record of the session at {alias}",
            show=len,
        )
        holds_for(
            lambda: self.api.sessions(charger_id=charger_id),
            has_length(1),
            duration=self.profile.settle,
            reason=f"balanz's records of sessions at {alias}",
            show=lambda found: [(r.get("id_tag"), r.get("start_time")) for r in found],
        )
        record = records[0]
        assert_that(record, has_entries(id_tag=tag), f"balanz's record of the session at {alias}")
        assert_that(
            (round(float(record["start_time"]) - start, 1), round(float(record["end_time"]) - end, 1)),
            equal_to((0.0, 0.0)),
            f"the record's start and end vs the charger's StartTransaction and StopTransaction ({record})",
        )

    # --- balanz's numbering of a session (known issues) ----------------------------------------------------
    def balanz_numbers_session(self, alias: str, number: int) -> None:
        """balanz shows the running session at ``alias`` under transaction id ``number`` (GetChargers)."""
        found = [c for c in self.api.chargers() if c["alias"] == alias]
        assert_that(found, has_length(1), f"GetChargers entry of {alias}")
        assert_that(
            found[0]["connectors"]["1"].get("transaction_id"),
            equal_to(number),
            f"the transaction id balanz shows for the session at {alias}",
        )

    def balanz_limits_name(self, alias: str, number: int) -> None:
        """balanz's own charging limits for the session (TxProfiles, its OCPP log) name transaction ``number``."""

        def named() -> list[Any]:
            ids = []
            for line in self.api.ocpp_log(self._charger_id(alias)):
                at = line.find(f'send [2,"{OWN_ID_PREFIX}')
                if at < 0 or '"SetChargingProfile"' not in line:
                    continue
                profile = json.loads(line[at + len("send ") :])[3]["csChargingProfiles"]
                if profile.get("chargingProfilePurpose") == "TxProfile":
                    ids.append(profile.get("transactionId"))
            return ids

        ids = eventually(named, is_not(empty()), within=self.profile.prompt, reason=f"balanz's limits for {alias}")
        assert_that(sorted(set(ids)), contains_exactly(number), f"the transaction balanz's TxProfiles at {alias} name")

    def keeps_ended_session_open(self, alias: str, duration: Duration) -> None:
        """After the charger ended its session, balanz keeps it open (in transaction, no offer) and has no record
        of it, for ``duration``."""
        charger_id = self._charger_id(alias)
        holds_for(
            lambda: (self.chargers(alias).view(), len(self.api.sessions(charger_id=charger_id))),
            contains_exactly(charger_state(status="Available", offer=0, in_transaction=True), equal_to(0)),
            duration=self.profile.seconds(duration),
            reason=f"balanz's view of the ended session at {alias}, and its records",
        )

    def recorded_at_next_start(self, alias: str, tag: str) -> None:
        """balanz records the ended session only when the next one starts: ended then, with reason "Start
        transaction without stop transaction" and no stop tag."""
        charger_id = self._charger_id(alias)
        starts = [m for m in self.central.received_calls(charger_id) if m.action == "StartTransaction"]
        assert_that(starts, has_length(2), f"{alias}'s StartTransactions")
        second = _epoch(starts[1].payload["timestamp"])
        records = eventually(
            lambda: self.api.sessions(charger_id=charger_id),
            has_length(1),
            within=self.profile.prompt,
            reason=f"balanz's record of the first session at {alias}",
        )
        assert_that(
            records[0],
            has_entries(id_tag=tag, reason="Start transaction without stop transaction", stop_id_tag=None),
            f"balanz's record of the first session at {alias}",
        )
        assert_that(
            round(float(records[0]["end_time"]) - second, 1), equal_to(0.0), "the record's end vs the next start"
        )

    # --- connections that stay open (known issues) -----------------------------------------------------------
    def old_connection_open(self, alias: str, duration: Duration) -> None:
        """balanz's first connection to the central system for the charger stays open for ``duration``, beside
        the one it opened when the charger connected again."""
        charger_id = self._charger_id(alias)
        eventually(
            lambda: [c for c in self.central.connections(charger_id) if c.number >= 2 and c.open],
            is_not(empty()),
            within=self.profile.startup + 2 * self.profile.prompt,
            reason=f"balanz opens a second connection to the central system for {alias}",
            show=len,
        )
        holds_for(
            lambda: [c.number for c in self.central.connections(charger_id) if c.open],
            has_item(1),
            duration=self.profile.seconds(duration),
            reason=f"balanz's connections to the central system for {alias} that are open",
        )
