"""Waiting until a condition holds: poll a probe against a pyhamcrest matcher, with a deadline.

Nothing in the suite sleeps to wait for an outcome; it polls with one of these and, on timeout, fails
with the matcher's description, the last mismatch and the timeline of what was observed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from hamcrest.core.matcher import Matcher
from hamcrest.core.string_description import StringDescription

T = TypeVar("T")

#: Seconds between two polls.
POLL_EVERY = 0.25

#: Called as ``on_wait(reason, elapsed, within, last_value_text)`` about every ``ON_WAIT_EVERY`` seconds
#: of a long wait (the environment points it at balanz_acceptance.core.progress.waiting).
on_wait: Callable[[str, float, float, str], None] | None = None
ON_WAIT_EVERY = 15.0


@dataclass
class Timeline:
    """What a probe returned over time; repeated values are folded into one entry."""

    start: float = field(default_factory=time.monotonic)
    entries: list[tuple[float, float, str, int]] = field(default_factory=list)

    def record(self, value: object, now: float | None = None) -> None:
        """Record an observation (value shown with ``str``)."""
        now = time.monotonic() if now is None else now
        text = str(value)
        if self.entries and self.entries[-1][2] == text:
            first, _, _, count = self.entries[-1]
            self.entries[-1] = (first, now, text, count + 1)
        else:
            self.entries.append((now, now, text, 1))

    def render(self, limit: int = 40) -> str:
        """Human-readable timeline, seconds since the wait began."""
        lines = []
        shown = self.entries if len(self.entries) <= limit else self.entries[-limit:]
        if shown is not self.entries:
            lines.append(f"  ... {len(self.entries) - limit} earlier entries")
        for first, last, text, count in shown:
            span = f"{first - self.start:7.1f}s" + (f"-{last - self.start:.1f}s" if count > 1 else "")
            lines.append(f"  {span:>17}  {text}" + (f"  (x{count})" if count > 1 else ""))
        return "\n".join(lines)


def _describe(matcher: Matcher[Any]) -> str:
    return str(StringDescription().append_description_of(matcher))


def _mismatch(matcher: Matcher[Any], value: object) -> str:
    description = StringDescription()
    matcher.describe_mismatch(value, description)
    return str(description)


def _failure(reason: str, what: str, matcher: Matcher[Any], value: object, timeline: Timeline) -> AssertionError:
    """The failure of a wait: what went wrong, the expectation, the last mismatch and the timeline."""
    return AssertionError(
        f"{reason + ': ' if reason else ''}{what}\n"
        f"Expected: {_describe(matcher)}\n"
        f"     but: {_mismatch(matcher, value)}\n"
        f"Observed:\n{timeline.render()}"
    )


def eventually(
    probe: Callable[[], T],
    matcher: Matcher[Any],
    *,
    within: float,
    reason: str = "",
    every: float = POLL_EVERY,
    show: Callable[[T], object] = lambda value: value,
    clock: Callable[[], float] = time.monotonic,
    pause: Callable[[float], None] = time.sleep,
) -> T:
    """Poll ``probe()`` until its value satisfies ``matcher``; return that value.

    Raises AssertionError after ``within`` seconds, describing the expectation, the last mismatch and
    the timeline of observed values (``show`` chooses how a value is shown in it). Exceptions from the
    probe other than AssertionError propagate at once.
    """
    timeline = Timeline(start=clock())
    deadline = timeline.start + within
    reported = timeline.start
    while True:
        value = probe()
        now = clock()
        timeline.record(show(value), now)
        if matcher.matches(value):
            return value
        if on_wait is not None and now - reported >= ON_WAIT_EVERY:
            reported = now
            on_wait(reason, now - timeline.start, within, str(show(value)))
        if now >= deadline:
            raise _failure(reason, f"not within {within:.1f}s", matcher, value, timeline)
        pause(min(every, max(0.0, deadline - now)))


def holds_for(
    probe: Callable[[], T],
    matcher: Matcher[Any],
    *,
    duration: float,
    reason: str = "",
    every: float = POLL_EVERY,
    show: Callable[[T], object] = lambda value: value,
    clock: Callable[[], float] = time.monotonic,
    pause: Callable[[float], None] = time.sleep,
) -> T:
    """Poll ``probe()`` for ``duration`` seconds; fail at the first value that breaks ``matcher``.

    Returns the last value. The duration is itself the specification ("stays ... for one full run"),
    not a wait for an outcome.
    """
    timeline = Timeline(start=clock())
    end = timeline.start + duration
    while True:
        value = probe()
        now = clock()
        timeline.record(show(value), now)
        if not matcher.matches(value):
            what = f"stopped holding after {now - timeline.start:.1f}s of {duration:.1f}s"
            raise _failure(reason, what, matcher, value, timeline)
        if now >= end:
            return value
        pause(min(every, max(0.0, end - now)))
