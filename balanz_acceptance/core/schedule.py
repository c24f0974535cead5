"""Group schedules rendered from the current local time: maxima that change, or stop, a minute or two from now.

balanz reads a group's ``max_allocation`` as ``HH:MM-HH:MM>p=A:p=A;...`` on its local wall clock with
minute resolution: an interval covers its start minute to the end of its end minute (util.py
schedule_value_now; read here by site.Group). A scenario that needs a change "from the next minute"
renders such a schedule from the current time; an interval that would cross midnight is split in two.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from balanz_acceptance.core.site import Group, minute_of_day

DAY = 24 * 60


@dataclass(frozen=True)
class Piece:
    """From ``offset`` minutes after the current minute, ``value`` (``p=A:p=A``; None: no interval)."""

    offset: int
    value: str | None


def minute_start(epoch: float, offset: int) -> float:
    """Epoch seconds at which the local minute ``offset`` minutes after the one holding ``epoch`` begins."""
    local = time.localtime(epoch)
    return epoch - local.tm_sec - (epoch % 1) + 60 * offset


def whole_minutes(seconds: float) -> int:
    """The fewest whole minutes (at least one) that last ``seconds``: a schedule window's length.

    balanz's schedules have minute resolution, so a window meant to last a number of balancing runs is
    rounded up to whole minutes (3 full runs: 1 minute in the fast profile, 3 in the standard one).
    """
    return max(1, math.ceil(seconds / 60 - 1e-9))


def _hhmm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def render(pieces: list[Piece], now: float) -> str:
    """A 24-hour schedule in balanz's format from pieces relative to the minute holding ``now``.

    Pieces are in increasing offset order, the first at offset 0; the last lasts until the first comes
    round again the next day. Pieces whose value is None leave a gap. Intervals are listed from 00:00.
    """
    if not pieces or pieces[0].offset != 0:
        raise ValueError("the first piece must start at offset 0 (the current minute)")
    offsets = [p.offset for p in pieces]
    if offsets != sorted(set(offsets)) or offsets[-1] >= DAY:
        raise ValueError(f"offsets must increase and stay within a day: {offsets}")
    start = minute_of_day(now)
    spans: list[tuple[int, int, str]] = []
    for piece, end in zip(pieces, [*offsets[1:], DAY], strict=True):
        if piece.value is None:
            continue
        first, last = (start + piece.offset) % DAY, (start + end - 1) % DAY
        if first <= last:
            spans.append((first, last, piece.value))
        else:  # crosses midnight
            spans.extend([(first, DAY - 1, piece.value), (0, last, piece.value)])
    merged: list[tuple[int, int, str]] = []
    for first, last, value in sorted(spans):  # adjacent intervals with the same value become one
        if merged and merged[-1][1] + 1 == first and merged[-1][2] == value:
            merged[-1] = (merged[-1][0], last, value)
        else:
            merged.append((first, last, value))
    return ";".join(f"{_hhmm(a)}-{_hhmm(b)}>{value}" for a, b, value in merged)


def all_day_buckets(group: Group) -> dict[int, int]:
    """Priority threshold → amperes of a group whose data/model schedule is one all-day interval."""
    intervals = group.intervals
    if len(intervals) != 1 or (intervals[0].first_minute, intervals[0].last_minute) != (0, DAY - 1):
        raise ValueError(f"group {group.group_id}: not one all-day interval: {group.max_allocation!r}")
    return dict(intervals[0].buckets)


def value_text(buckets: dict[int, int]) -> str:
    """Buckets as a schedule interval's value, lowest priority first: ``0=24:3=40:5=48``."""
    return ":".join(f"{p}={a}" for p, a in sorted(buckets.items()))


@dataclass(frozen=True)
class Window:
    """A stretch of the day in which a group's maximum differs: from ``starts`` to ``ends`` (epoch s), by the
    schedule ``schedule``."""

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


def window_value(group: Group, low: int, high: int, amps: int) -> str:
    """The group's usual maxima with the bucket of priorities ``low``..``high`` set to ``amps``.

    The feature's range must be exactly one bucket of the group's schedule (a premise of the feature's words).
    """
    buckets = all_day_buckets(group)
    thresholds = sorted(buckets)
    if low != next((t for t in reversed(thresholds) if t <= low), None):
        raise AssertionError(f"premise: priority {low} is not the lowest priority of one of {group.group_id}'s buckets")
    above = [t for t in thresholds if t > low]
    if high != (above[0] - 1 if above else high):
        raise AssertionError(f"premise: priorities {low}-{high} do not form one bucket of {group.group_id}")
    buckets[low] = amps
    return value_text(buckets)


def window_from(group: Group, value: str, minutes: int, now: float, lead: float) -> Window:
    """A schedule for the group: its usual maxima, but ``value`` for ``minutes`` from the first minute that begins
    at least ``lead`` seconds after ``now`` (so that "nothing changes before it" can be seen for that long)."""
    usual = value_text(all_day_buckets(group))
    offset = 1
    while minute_start(now, offset) - now < lead:
        offset += 1
    schedule = render([Piece(0, usual), Piece(offset, value), Piece(offset + minutes, usual)], now)
    return Window(group.group_id, schedule, minute_start(now, offset), minute_start(now, offset + minutes))


def gap_from_now(group: Group, minutes: int, now: float) -> str:
    """A schedule for the group with no interval from the minute holding ``now`` for ``minutes``, its usual maxima
    otherwise (balanz cannot balance a group then: util.py schedule_value_now finds no interval)."""
    return render([Piece(0, None), Piece(minutes, value_text(all_day_buckets(group)))], now)
