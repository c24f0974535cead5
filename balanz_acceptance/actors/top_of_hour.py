"""balanz's top-of-hour rule for a first delay (``suspend_top_of_hour``), checked without waiting for the hour.

With the rule on, an EV on its first delay that loses its unused offer is suspended until half the
unused-offer timeout before the next full hour of the local clock (balanz model.py Group.balanz, the
SuspendedEV branch; util.adjust_time_top_of_hour), instead of for the delayed-start suspension.
"""

from __future__ import annotations

import math
import time

from hamcrest import assert_that, greater_than_or_equal_to, is_in

from balanz_acceptance.actors.charger_under_test import ChargerUnderTest
from balanz_acceptance.actors.operator import Operator
from balanz_acceptance.checks.matchers import charger_state
from balanz_acceptance.core.timing import OBSERVATION_TOLERANCE
from balanz_acceptance.core.waiting import holds_for

HOUR = 3600.0
#: Seconds between balanz deciding the withdrawal (when it computes suspend_until) and recording it.
DECISION_TO_RECORD = 2.0


def switch_on(operator: Operator) -> None:
    """Turn the rule on in the running balanz (a live setting: read at every use)."""
    operator.set_config("balanz", "suspend_top_of_hour", "True")


def end_of_suspension(decided_at: float, unused_offer_timeout: float) -> float:
    """When the rule ends a suspension decided at ``decided_at``: the next full hour minus half the timeout."""
    return math.ceil(decided_at / HOUR) * HOUR - unused_offer_timeout / 2


def assert_suspended_until_top_of_hour(charger: ChargerUnderTest) -> float:
    """balanz's suspend_until for the charger follows the rule; returns it (epoch s).

    The withdrawal's recorded time can be a moment after balanz decided it, so the end computed from
    either moment is accepted (they differ only when the hour turned in between).
    """
    withdrawn = charger.withdrawn_at
    assert withdrawn is not None, f"no withdrawal at {charger.alias} was observed before this step"
    view = charger.view()
    assert view.suspend_until is not None, f"{charger.alias}: balanz shows no suspension ({view})"
    timeout = charger.profile.unused_offer_timeout
    allowed = sorted({end_of_suspension(withdrawn - lag, timeout) for lag in (0.0, DECISION_TO_RECORD)})
    assert_that(
        round(float(view.suspend_until), 3),
        is_in([round(a, 3) for a in allowed]),
        f"{charger.alias}: suspend_until vs the next full hour minus half the unused-offer timeout "
        f"({timeout / 2:g}s); withdrawn at {time.strftime('%H:%M:%S', time.localtime(withdrawn))}",
    )
    return float(view.suspend_until)


def assert_held_past_delayed_start(charger: ChargerUnderTest, until: float) -> None:
    """No offer returns when the delayed-start suspension has passed: the charger is held to ``until``.

    Held from now until one full balancing run after the delayed-start suspension would have ended, or
    until shortly before ``until`` if the top of the hour comes sooner; in that case the new offer is
    then awaited and must come after ``until`` (bounded on both sides).
    """
    profile = charger.profile
    withdrawn = charger.withdrawn_at
    assert withdrawn is not None
    hold_end = min(withdrawn + profile.delayed_start_suspension + profile.full_run, until - profile.run_interval)
    holds_for(
        charger.view,
        charger_state(offer=0),
        duration=max(0.0, hold_end - time.time()),
        reason=f"{charger.alias} stays without an offer until the top-of-hour suspension ends",
    )
    if hold_end < withdrawn + profile.delayed_start_suspension + profile.full_run:  # the hour comes first
        charger.await_offer(
            profile.min_allocation,
            within=max(0.0, until - time.time()) + profile.reaction,
            reason="the minimum is offered again once the top-of-hour suspension ends",
        )
        assert charger.offer_made_at is not None
        assert_that(
            charger.offer_made_at,
            greater_than_or_equal_to(until - OBSERVATION_TOLERANCE),
            f"{charger.alias}: the new offer comes after the suspension ends",
        )
