"""Time-of-day maxima: a group schedule whose maximum changes at a minute boundary soon after now.

balanz reads a group's schedule on its local wall clock with minute resolution (util.py
schedule_value_now) at every balancing run, so a new maximum applies at the first full balancing run
after the boundary - not before it. The harness renders the schedule from the current time
(core/schedule.py), gives it to the group through the operator (UpdateGroup, which the group's safety
watch follows) and keeps the boundaries, so that steps can check "not before" and "within" around them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from hamcrest import assert_that, equal_to

from balanz_acceptance.actors.operator import Operator
from balanz_acceptance.checks.matchers import paced_by
from balanz_acceptance.core.schedule import Piece, all_day_buckets, minute_start, render, value_text, whole_minutes
from balanz_acceptance.core.site import Group

if TYPE_CHECKING:
    from balanz_acceptance.actors.world import World


@dataclass(frozen=True)
class Window:
    """A stretch of the day in which a group's maximum differs: from ``starts`` to ``ends`` (epoch s)."""

    group_id: str
    schedule: str
    starts: float
    ends: float

    def describe(self) -> str:
        """The window in local clock time."""
        return (
            f"{time.strftime('%H:%M:%S', time.localtime(self.starts))}-"
            f"{time.strftime('%H:%M:%S', time.localtime(self.ends))}"
        )


def changed_value(group: Group, low: int, high: int, amps: int) -> str:
    """The group's usual maxima with the bucket of priorities ``low``..``high`` set to ``amps``.

    The feature's range must be exactly one bucket of the group's schedule (premise check).
    """
    buckets = all_day_buckets(group)
    thresholds = sorted(buckets)
    assert_that(low, equal_to(next((t for t in reversed(thresholds) if t <= low), None)), "bucket's lowest priority")
    above = [t for t in thresholds if t > low]
    assert_that(high, equal_to(above[0] - 1 if above else high), f"premise: priorities {low}-{high} form one bucket")
    buckets[low] = amps
    return value_text(buckets)


def schedule_window(operator: Operator, group: Group, value: str, minutes: int) -> Window:
    """Give the group a schedule: its usual maxima, but ``value`` from the next minute for ``minutes``."""
    usual = value_text(all_day_buckets(group))
    now = time.time()
    schedule = render([Piece(0, usual), Piece(1, value), Piece(1 + minutes, usual)], now)
    operator.set_group_maximum(group.group_id, schedule)
    window = Window(group.group_id, schedule, minute_start(now, 1), minute_start(now, 1 + minutes))
    operator.record.note(f"time-of-day window for {group.group_id}: {value} during {window.describe()}")
    return window


def open_window(operator: Operator, group: Group, low: int, high: int, amps: int, lasting: float) -> Window:
    """Give the group a schedule under which, from the next minute for at least ``lasting`` seconds (in whole
    minutes), the bucket of priorities ``low``..``high`` may use ``amps``, the other buckets their usual
    maxima."""
    return schedule_window(operator, group, changed_value(group, low, high, amps), whole_minutes(lasting))


#: Seconds before a boundary at which a "not before" hold stops: balanz cannot act on the new minute
#: before it begins, and the hold's last poll must not straddle it.
BEFORE_BOUNDARY = 0.5


def hold_until(world: World, expected: dict[str, float], until: float, what: str) -> None:
    """The offers stay at ``expected`` until just before ``until`` (epoch s): nothing changes before it."""
    world.balancing.stay(expected, max(0.0, until - BEFORE_BOUNDARY - time.time()), reason=f"offers until {what}")


def settle_after(world: World, expected: dict[str, float], since: float, within: float, hold: float) -> None:
    """The offers reach ``expected`` within ``within`` seconds of ``since`` and hold for ``hold`` seconds,
    and every charger enforces its offer."""
    balancing = world.balancing
    since_text = time.strftime("%H:%M:%S", time.localtime(since))
    balancing.reach(
        expected, max(0.0, since + within - time.time()), reason=f"offers within {within:g}s of {since_text}"
    )
    balancing.stay(expected, hold, reason="the offers hold (settled)")
    balancing.enforced(expected)


def assert_paced(world: World, aliases: list[str]) -> None:
    """The offers of these sessions grew by the pacing rule: from 0 A to the minimum, otherwise one step at a
    time, each at least the offer-increase interval after the previous change (checks.matchers.PacedAtLeast)."""
    for alias in aliases:
        assert_that(
            world.charger(alias).view().offer_changes,
            paced_by(world.profile),
            f"{alias}: pace of the offer increases",
        )


def grow_after(world: World, expected: dict[str, float], since: float, within: float, hold: float) -> None:
    """From ``since`` the offers grow again, paced by the offer-increase interval, and settle at ``expected``
    within ``within`` seconds, holding for ``hold`` seconds (``settle_after``, then ``assert_paced``)."""
    settle_after(world, expected, since, within, hold)
    assert_paced(world, list(expected))
