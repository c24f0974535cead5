"""Matchers for what balanz records: a session's record (GetSessions) against what the harness saw while the
session ran and against the site's data, and the audit log's entries.

What the harness saw as a session ended is a ``SessionEnd``; the energy a record may hold follows from the
simulator's meter (``energy_bounds``); what a record must name follows from data/model (``site_facts``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from hamcrest.core.base_matcher import BaseMatcher
from hamcrest.core.description import Description

from balanz_acceptance.checks.matchers import distinct_offers
from balanz_acceptance.core.site import SiteModel
from balanz_acceptance.sut.balanz_api import END_TIME_ROUNDING, OfferPoint, SessionRecord
from balanz_acceptance.sut.ocppsim_client import SimStatus

#: ocppsim meters the offer on three phases at 230 V (ocppsim.py ``update_energy``).
SIM_VOLTS = 230.0
SIM_PHASES = 3
#: Seconds beyond one meter-value interval for which the simulator may still meter after the harness's
#: reading: the command round trip and the start of its stop sequence.
END_MARGIN = 2.0


@dataclass(frozen=True)
class SessionEnd:
    """What the harness saw just before a session ended, and when it ended it (epoch seconds)."""

    alias: str
    charger_id: str
    sim_before: SimStatus
    live_start: float
    live_offers: list[OfferPoint]
    asked_at: float
    done_at: float
    reply: str

    @property
    def last_offer(self) -> float:
        """The offer (A) the simulator was charging with just before the end."""
        return self.sim_before.offer


def energy_bounds(end: SessionEnd, meter_value_interval: float) -> tuple[float, float]:
    """The energy (Wh) a session's record may hold, given the simulator's reading just before the end.

    ocppsim adds energy to its meter only when it updates it (at least every meter-value interval), and
    it stops metering as its stop sequence begins; it reports the meter in whole Wh. So the record holds
    at least the reading (in whole Wh) and at most the reading plus what one meter-value interval and
    END_MARGIN seconds at the last offer add.
    """
    reading = end.sim_before.energy
    watts = end.last_offer * SIM_VOLTS * SIM_PHASES
    extra = watts * (meter_value_interval + END_MARGIN) / 3600.0
    return float(math.floor(reading)), float(math.ceil(reading + extra))


def site_facts(site: SiteModel, alias: str, tag: str) -> dict[str, str]:
    """What data/model says a record of a session at ``alias`` with ``tag`` must name."""
    charger = site.charger(alias)
    return {
        "charger": charger.charger_id,
        "alias": charger.alias,
        "group": charger.group_id,
        "tag": site.tag(tag).id_tag,
        "user": site.tag(tag).user_name,
    }


class RecordedAs(BaseMatcher[SessionRecord]):
    """Matches a session record whose named fields (balanz_api.RECORD_FIELDS) have these values."""

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


class AuditInOrder(BaseMatcher[list[dict[str, Any]]]):
    """Matches audit entries that hold these messages, in this order, none written before ``not_before``. An entry
    holds a message when it begins with it: what the feature states is what balanz must say, and an entry may say
    more (e.g. who made the change, which balanz leaves out today: lasting_records_known_issues)."""

    def __init__(self, messages: list[str], not_before: str) -> None:
        self.messages = messages
        self.not_before = not_before

    def _problems(self, entries: list[dict[str, Any]]) -> list[str]:
        position, problems = 0, []
        for message in self.messages:
            found = [i for i, e in enumerate(entries) if str(e.get("message")).startswith(message) and i >= position]
            if not found:
                problems.append(f"no entry {message!r} (after the ones before it)")
                continue
            entry = entries[found[0]]
            if str(entry.get("timestamp")) < self.not_before:
                problems.append(f"{message!r} written at {entry.get('timestamp')}, before balanz started")
            position = found[0] + 1
        return problems

    def _matches(self, item: list[dict[str, Any]]) -> bool:
        return not self._problems(item)

    def describe_to(self, description: Description) -> None:
        """Describe the expected entries."""
        description.append_text(f"audit entries written from {self.not_before} on, in order: {self.messages}")

    def describe_mismatch(self, item: list[dict[str, Any]], description: Description) -> None:
        """Say which entry is missing, and show the log."""
        shown = "\n      ".join(f"{e.get('timestamp')} {e.get('message')}" for e in item) or "(empty)"
        description.append_text("; ".join(self._problems(item)) + f"\n    the audit log:\n      {shown}")


def audit_in_order(messages: list[str], not_before: str) -> AuditInOrder:
    """Audit entries holding these messages in order, written from ``not_before`` (balanz's time format) on."""
    return AuditInOrder(messages, not_before)
