"""A charger the harness plays itself (sut/played_charger.py), as the steps see it.

It is observed like any other charger under test; its driver acts through the played charger (Authorize and
StartTransaction when a tag is presented, StopTransaction when one ends the session) instead of simulator
commands. Only it can keep its transaction while its connection drops, so only it can show balanz picking a
transaction up after a restart (balanz/model.py Charger.meter_values synthesizes a transaction for meter values
of one it does not know). One that can also hang (sut/silenceable_charger.py) shows what balanz does with a charger
that falls silent while its connection stays open, and with a session across the connection balanz closes.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from hamcrest import (
    all_of,
    assert_that,
    empty,
    equal_to,
    greater_than_or_equal_to,
    has_entries,
    has_item,
    has_properties,
    is_not,
    less_than_or_equal_to,
)

from balanz_acceptance.actors.charger_under_test import ChargerUnderTest
from balanz_acceptance.checks.matchers import charger_state, connected
from balanz_acceptance.core.timing import Duration
from balanz_acceptance.core.waiting import eventually, holds_for
from balanz_acceptance.sut.balanz_api import START_RESOLUTION, SessionRecord
from balanz_acceptance.sut.played_charger import PlayedCharger
from balanz_acceptance.sut.silenceable_charger import SilenceableCharger

#: The interval after which balanz's watchdog closes a silent connection (core/timing.py).
SILENCE = "charger silence limit"


@dataclass
class PlayedChargerUnderTest(ChargerUnderTest):
    """A charger under test that the harness plays itself."""

    played: PlayedCharger | None = None
    #: When balanz picked the charger's open transaction up after a restart (epoch s), once a step saw it.
    picked_up_at: float | None = None

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

    # --- what the driver does ------------------------------------------------------------------------
    def start_session(self, tag: str) -> None:
        """Once balanz shows the charger connected and initialized (a transaction that starts before is allowed
        the charger's own maximum while balanz replaces the default profiles), the driver presents ``tag``
        (balanz must accept it); the session starts at the minimum offer, which the charger enforces."""
        amps = self.profile.min_allocation
        self.await_view(connected(), within=self.profile.startup, reason="balanz sees it connected")
        self.initialized_at()
        self.tag_presented_at = time.time()
        assert_that(self.charger.present_tag(tag), equal_to("Accepted"), f"{self.alias}: balanz's answer to tag {tag}")
        self.await_view(has_properties(in_transaction=True, id_tag=tag, offered=amps), within=self.profile.prompt,
                        reason=f"balanz shows the session of tag {tag} at the minimum offer")  # fmt: skip
        self.await_sim(charger_state(status="Charging", offer=amps), within=self.profile.prompt,
                       reason="charges at the minimum")  # fmt: skip

    def begin_session(self, tag: str) -> None:
        """Once balanz shows the charger connected and initialized, the driver presents ``tag`` (balanz must accept
        it); done when balanz shows the session in its transaction, whatever it offers."""
        self.await_view(connected(), within=self.profile.startup, reason="balanz sees it connected")
        self.initialized_at()
        self.tag_presented_at = time.time()
        assert_that(self.charger.present_tag(tag), equal_to("Accepted"), f"{self.alias}: balanz's answer to tag {tag}")
        self.await_view(has_properties(in_transaction=True, id_tag=tag), within=self.profile.prompt,
                        reason=f"balanz shows the session of tag {tag}")  # fmt: skip

    def end_with_tag(self, tag: str) -> str:
        """The driver presents ``tag`` to end the session (StopTransaction with the tag, reason Local)."""
        reply = self.charger.present_tag(tag)
        assert_that(reply, equal_to("Stopped"), f"{self.alias}: tag {tag} ends the session")
        return reply

    def unplug(self) -> str:
        """The played charger has no cable to unplug: its sessions end with a tag."""
        raise AssertionError(f"{self.alias} is played by the harness: its driver ends a session with a tag")

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
