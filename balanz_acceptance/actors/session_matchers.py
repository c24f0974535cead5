"""Matchers for balanz's answers to API calls and for its records of ended sessions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from hamcrest.core.base_matcher import BaseMatcher
from hamcrest.core.description import Description

from balanz_acceptance.actors.api_users import ANSWERED, Answer
from balanz_acceptance.actors.sessions import END_TIME_ROUNDING, SessionEnd, SessionRecord
from balanz_acceptance.checks.matchers import distinct_offers

#: The verdicts of the access scenarios: refused = NotAuthorized, allowed = any other answer.
VERDICTS = ("allowed", "refused")


# --- API answers ------------------------------------------------------------------------------------
class CallVerdict(BaseMatcher[Answer]):
    """Matches an answer that permits (``allowed``) or refuses (``refused``) the call."""

    def __init__(self, verdict: str) -> None:
        if verdict not in VERDICTS:
            raise ValueError(f"verdict must be one of {VERDICTS}, not {verdict!r}")
        self.verdict = verdict

    def _matches(self, item: Answer) -> bool:
        return item.refused == (self.verdict == "refused")

    def describe_to(self, description: Description) -> None:
        """Describe the verdict in terms of balanz's answer."""
        description.append_text(
            "the call refused (NotAuthorized)" if self.verdict == "refused" else "the call allowed (not NotAuthorized)"
        )

    def describe_mismatch(self, item: Answer, description: Description) -> None:
        """Show balanz's answer."""
        description.append_text(f"balanz answered {item}")


def call_verdict(verdict: str) -> CallVerdict:
    """An answer that allows or refuses the call, as the feature's verdict says."""
    return CallVerdict(verdict)


class AllAnsweredWith(BaseMatcher[Sequence[Answer]]):
    """Matches a non-empty list of answers that all have this status (e.g. NotAuthorized)."""

    def __init__(self, status: str) -> None:
        self.status = status

    def _matches(self, item: Sequence[Answer]) -> bool:
        return bool(item) and all(a.status == self.status for a in item)

    def describe_to(self, description: Description) -> None:
        """Describe the expected answer."""
        description.append_text(f"every call answered {self.status}")

    def describe_mismatch(self, item: Sequence[Answer], description: Description) -> None:
        """List the answers that differ."""
        others = [str(a) for a in item if a.status != self.status]
        description.append_text("no call was made" if not item else "but " + "; ".join(others))


def all_answered_with(status: str) -> AllAnsweredWith:
    """Answers that all have this status."""
    return AllAnsweredWith(status)


class AnsweredWith(BaseMatcher[Answer]):
    """Matches one answer with this status (e.g. InvalidLogin)."""

    def __init__(self, status: str) -> None:
        self.status = status

    def _matches(self, item: Answer) -> bool:
        return item.status == self.status

    def describe_to(self, description: Description) -> None:
        """Describe the expected answer."""
        description.append_text(f"the call answered {self.status}")

    def describe_mismatch(self, item: Answer, description: Description) -> None:
        """Show balanz's answer."""
        description.append_text(f"balanz answered {item}")


def answered_with(status: str) -> AnsweredWith:
    """An answer with this status."""
    return AnsweredWith(status)


class LoggedInAs(BaseMatcher[Answer]):
    """Matches a Login answer that logged the client in as this user type."""

    def __init__(self, user_type: str) -> None:
        self.user_type = user_type

    def _matches(self, item: Answer) -> bool:
        return item.command == "Login" and item.status == ANSWERED and item.detail == self.user_type

    def describe_to(self, description: Description) -> None:
        """Describe the expected login."""
        description.append_text(f"a login as a {self.user_type} user")

    def describe_mismatch(self, item: Answer, description: Description) -> None:
        """Show balanz's answer."""
        shown = f"logged in as {item.detail}" if item.status == ANSWERED else f"answered {item.status}"
        description.append_text(f"balanz {shown}")


def logged_in_as(user_type: str) -> LoggedInAs:
    """A Login answer for a user of this type."""
    return LoggedInAs(user_type)


# --- session records --------------------------------------------------------------------------------
class RecordedAs(BaseMatcher[SessionRecord]):
    """Matches a session record whose named fields (sessions.FIELDS) have these values."""

    def __init__(self, expected: Mapping[str, str]) -> None:
        self.expected = dict(expected)

    def _differences(self, item: SessionRecord) -> list[str]:
        got = item.fields()
        return [
            f"{name} {got.get(name, '(no such field)')!r} (not {value!r})"
            for name, value in self.expected.items()
            if got.get(name) != value
        ]

    def _matches(self, item: SessionRecord) -> bool:
        return not self._differences(item)

    def describe_to(self, description: Description) -> None:
        """List the expected fields."""
        description.append_text("a record with " + ", ".join(f"{k} {v!r}" for k, v in self.expected.items()))

    def describe_mismatch(self, item: SessionRecord, description: Description) -> None:
        """List the fields that differ."""
        description.append_text("its " + "; ".join(self._differences(item)) + f" in {item}")


def recorded_as(expected: Mapping[str, str]) -> RecordedAs:
    """A record naming these values (feature field names → text)."""
    return RecordedAs(expected)


class TimedAs(BaseMatcher[SessionRecord]):
    """Matches a record that starts when the transaction started and ends when the driver ended it.

    The start must be the start balanz showed while the session ran; the end must fall between the
    moment the harness ended the session and the moment the charger confirmed it (balanz rounds it to
    2 decimals); the duration must be end - start.
    """

    def __init__(self, end: SessionEnd) -> None:
        self.end = end

    def _problems(self, item: SessionRecord) -> list[str]:
        problems = []
        if item.start_time != self.end.live_start:
            problems.append(f"start {item.start_time:.3f} is not the session's start {self.end.live_start:.3f}")
        end_time = item.end_time
        if end_time is None:
            problems.append("it has no end")
        elif not self.end.asked_at - END_TIME_ROUNDING <= end_time <= self.end.done_at + END_TIME_ROUNDING:
            problems.append(
                f"end {end_time:.2f} is not between {self.end.asked_at:.2f} (driver ended it) and "
                f"{self.end.done_at:.2f} (charger confirmed)"
            )
        if end_time is not None and (
            item.duration is None or abs(item.duration - (end_time - item.start_time)) > END_TIME_ROUNDING
        ):
            problems.append(f"duration {item.duration} is not end - start = {end_time - item.start_time:.2f}")
        return problems

    def _matches(self, item: SessionRecord) -> bool:
        return not self._problems(item)

    def describe_to(self, description: Description) -> None:
        """Describe the timing rule."""
        description.append_text(
            "a record starting at the session's start, ending when the driver ended it, lasting end - start"
        )

    def describe_mismatch(self, item: SessionRecord, description: Description) -> None:
        """Name every timing problem."""
        description.append_text("; ".join(self._problems(item)))


def timed_as(end: SessionEnd) -> TimedAs:
    """A record timed as the session that ``end`` describes."""
    return TimedAs(end)


class EnergyBetween(BaseMatcher[SessionRecord]):
    """Matches a record whose energy (its kWh figure) lies within ``low``..``high`` Wh."""

    def __init__(self, low: float, high: float) -> None:
        self.low = low
        self.high = high

    def _matches(self, item: SessionRecord) -> bool:
        return self.low <= item.kwh * 1000.0 <= self.high

    def describe_to(self, description: Description) -> None:
        """Describe the range in kWh."""
        description.append_text(f"energy between {self.low / 1000:.3f} and {self.high / 1000:.3f} kWh")

    def describe_mismatch(self, item: SessionRecord, description: Description) -> None:
        """Show the recorded energy."""
        description.append_text(f"balanz recorded {item.kwh:.3f} kWh")


def energy_between(low: float, high: float) -> EnergyBetween:
    """A record whose energy in kWh lies between ``low`` and ``high`` Wh."""
    return EnergyBetween(low, high)


class OffersRecorded(BaseMatcher[SessionRecord]):
    """Matches a record whose offers went through ``offers`` and hold exactly what was seen live.

    Every offer balanz recorded while the session ran (timestamp and amps) must be in the record, in
    order, followed by nothing but the final 0 A at the session's end.
    """

    def __init__(self, offers: Sequence[float], end: SessionEnd) -> None:
        self.offers = [float(o) for o in offers]
        self.end = end

    def _problems(self, item: SessionRecord) -> list[str]:
        problems = []
        got = distinct_offers(item.offer_changes)
        if got != self.offers:
            problems.append("offers " + (" → ".join(f"{o:g}" for o in got) or "none") + " A")
        live = [(p.timestamp, float(p.offered)) for p in self.end.live_offers]
        recorded = [(p.timestamp, float(p.offered)) for p in item.offer_changes]
        if recorded[: len(live)] != live:
            problems.append(f"the offers seen while the session ran were {live}, the record has {recorded}")
        final = recorded[len(live) :]
        end_time = item.end_time
        if len(final) != 1 or final[0][1] != 0 or end_time is None or abs(final[0][0] - end_time) > END_TIME_ROUNDING:
            problems.append(f"after the offers seen live the record has {final}, not one 0 A at its end {end_time}")
        return problems

    def _matches(self, item: SessionRecord) -> bool:
        return not self._problems(item)

    def describe_to(self, description: Description) -> None:
        """Describe the expected offers."""
        description.append_text(
            "a record with offers " + " → ".join(f"{o:g}" for o in self.offers) + " A: those seen while the "
            "session ran, then 0 A at its end"
        )

    def describe_mismatch(self, item: SessionRecord, description: Description) -> None:
        """Name every difference."""
        description.append_text("; ".join(self._problems(item)))


def offers_recorded(offers: Sequence[float], end: SessionEnd) -> OffersRecorded:
    """A record holding the offers ``offers`` as seen while the session ``end`` describes ran."""
    return OffersRecorded(offers, end)
