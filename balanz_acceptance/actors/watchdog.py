"""balanz's connection watchdog: a charger that sends nothing for the silence limit loses its connection.

balanz notes the time of every frame a charger sends - calls and answers to balanz's own calls alike
(charge_point_csms_v16.py ChargePoint_CSMS_v16.start) - and its watchdog wakes every connection check interval
([host] watchdog_interval) after the connection opened; once more than the silence limit ([host] watchdog_stale)
has passed since the last frame, the watchdog ends and balanz closes the connection with 1001, going away
(ChargePoint_CSMS_v16.watchdog; balanz.py on_connect). So the connection is closed more than the silence limit
after the charger's last frame, and at most one check interval later (plus balanz's loop drift and the
harness's reaction latency: ``TimingProfile.deadline``).
"""

from __future__ import annotations

import time

from hamcrest import assert_that, equal_to, greater_than_or_equal_to, is_not, none

from balanz_acceptance.actors.scripted_charger import ScriptedCharger
from balanz_acceptance.core.timing import TimingProfile
from balanz_acceptance.core.waiting import eventually

SILENCE = "charger silence limit"


def keep_talking(charger: ScriptedCharger, every: float, lasting: float) -> None:
    """The charger sends a Heartbeat every ``every`` seconds for ``lasting`` seconds; its connection must stay
    open throughout. (The pauses are the charger's own cadence, not a wait for balanz.)"""
    until = time.monotonic() + lasting
    while time.monotonic() < until:
        charger.heartbeat()
        assert_that(
            charger.link.closed_at, none(), f"{charger.alias}: balanz closed the connection of a talking charger"
        )
        time.sleep(min(every, max(0.0, until - time.monotonic())))
    still_open(charger)


def still_open(charger: ScriptedCharger) -> None:
    """The charger's connection is open."""
    assert_that(charger.connected and charger.link.closed_at is None, equal_to(True), f"{charger.alias}: connected")


def closed_after_silence(charger: ScriptedCharger, profile: TimingProfile, code: int) -> None:
    """balanz closes the silent charger's connection with ``code`` more than the silence limit after the
    charger's last frame and within the silence limit's deadline (one check interval later) of it."""
    last = charger.link.last_sent
    assert last is not None, f"{charger.alias} has sent nothing"
    within = max(0.0, last + profile.deadline(1, SILENCE) - time.monotonic())
    closed_at = eventually(
        lambda: charger.link.closed_at,
        is_not(none()),
        within=within,
        reason=f"balanz closes {charger.alias}'s connection after {profile.charger_silence_limit:g}s of silence",
    )
    assert_that(
        closed_at - last,
        greater_than_or_equal_to(profile.earliest(1, SILENCE)),
        f"{charger.alias}: seconds from its last frame until balanz closed its connection (silence limit "
        f"{profile.charger_silence_limit:g}s)",
    )
    assert_that(charger.link.close_code, equal_to(code), f"the code balanz closed {charger.alias}'s connection with")
    charger.record.note(f"{charger.alias}: connection closed {closed_at - last:.2f}s after its last frame")
