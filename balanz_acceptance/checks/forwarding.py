"""Matchers for balanz as a local controller: frames passed on unchanged and in order, and a charger that allows
the EV balanz's offer rather than a central system's limit."""

from __future__ import annotations

from collections.abc import Sequence

from hamcrest.core.base_matcher import BaseMatcher
from hamcrest.core.description import Description

from balanz_acceptance.checks.matchers import same_amps

#: Characters of a frame a mismatch shows.
SHOWN = 100


def first_difference(sent: Sequence[str], received: Sequence[str]) -> str:
    """Where two lists of frames first differ, in words ("none" if they are equal)."""
    for index, (a, b) in enumerate(zip(sent, received, strict=False)):
        if a != b:
            return f"#{index + 1}: sent {a[:SHOWN]} / received {b[:SHOWN]}"
    if len(sent) != len(received):
        shorter = min(len(sent), len(received))
        longer, name = (sent, "sent") if len(sent) > len(received) else (received, "received")
        return f"#{shorter + 1}: only {name}: {longer[shorter][:SHOWN]}"
    return "none"


class UnchangedFrames(BaseMatcher[tuple[Sequence[str], Sequence[str]]]):
    """A pair (frames as one side sent them, frames as the other side received them): the same texts, in the same
    order (and at least one, if ``some``)."""

    def __init__(self, what: str, *, some: bool = False) -> None:
        self.what = what
        self.some = some

    def _matches(self, item: tuple[Sequence[str], Sequence[str]]) -> bool:
        sent, received = item
        return list(sent) == list(received) and (bool(sent) or not self.some)

    def describe_to(self, description: Description) -> None:
        """Describe the expectation."""
        description.append_text(f"every one of the {self.what} received as it was sent, in order")
        if self.some:
            description.append_text(" (at least one)")

    def describe_mismatch(self, item: tuple[Sequence[str], Sequence[str]], description: Description) -> None:
        """How many were sent and received, and where they first differ."""
        sent, received = item
        description.append_text(
            f"{len(sent)} sent, {len(received)} received; first difference {first_difference(sent, received)}"
        )


def unchanged_frames(what: str, *, some: bool = False) -> UnchangedFrames:
    """Frames received exactly as they were sent, in order (``what`` names them in the failure)."""
    return UnchangedFrames(what, some=some)


class AllowsOffer(BaseMatcher[tuple[float, float, float]]):
    """A sample (balanz's offer just before, what the charger allows, balanz's offer just after): the charger
    allows balanz's offer (an offer may change between the two looks at balanz), and never ``never`` A."""

    def __init__(self, never: float | None = None) -> None:
        self.never = never

    def _matches(self, item: tuple[float, float, float]) -> bool:
        before, allowed, after = item
        offered = same_amps(allowed, before) or same_amps(allowed, after)
        return offered and (self.never is None or not same_amps(allowed, self.never))

    def describe_to(self, description: Description) -> None:
        """Describe the expectation."""
        description.append_text("the charger allowing the EV balanz's offer")
        if self.never is not None:
            description.append_text(f", never {self.never:g} A")

    def describe_mismatch(self, item: tuple[float, float, float], description: Description) -> None:
        """What balanz offered and what the charger allowed."""
        before, allowed, after = item
        description.append_text(f"balanz offered {before:g} A, the charger allowed {allowed:g} A, balanz {after:g} A")


def allows_offer(never: float | None = None) -> AllowsOffer:
    """The charger allows the EV what balanz offers it (and never ``never`` A)."""
    return AllowsOffer(never)
