"""Session records: ending a session at a charger and reading balanz's record of it (GetSessions).

When a session ends the harness first notes what it is about to end: balanz's view of the running
transaction (its start and the offers balanz recorded) and the simulator's energy reading. It then ends
the session and finds balanz's record of it by its start time, so that the record can be compared with
what was seen while the session ran.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import Any

from hamcrest import assert_that, empty, equal_to, is_not, starts_with

from balanz_acceptance.actors.charger_under_test import ChargerUnderTest
from balanz_acceptance.core.errors import SetupError
from balanz_acceptance.core.record import ScenarioRecord
from balanz_acceptance.core.site import SiteModel
from balanz_acceptance.core.timing import TimingProfile
from balanz_acceptance.core.waiting import eventually
from balanz_acceptance.sut.balanz_api import BalanzApi, ConnectorView, OfferPoint
from balanz_acceptance.sut.ocppsim_client import SimStatus

#: ocppsim meters the offer on three phases at 230 V (ocppsim.py ``update_energy``).
SIM_VOLTS = 230.0
SIM_PHASES = 3
#: Seconds beyond one meter-value interval for which the simulator may still meter after the harness's
#: reading: the command round trip and the start of its stop sequence.
END_MARGIN = 2.0
#: A record's start time matches the start balanz showed while the session ran to within this (s): balanz's
#: session file keeps whole seconds, so a record read back after a restart has lost the fraction.
START_RESOLUTION = 1.0
#: balanz rounds a session's end time to 2 decimals (model.py ``Session.from_transaction``).
END_TIME_ROUNDING = 0.01

#: How a driver ends a session: the simulator command and the start of its reply once balanz has
#: answered the StopTransaction.
ENDINGS: dict[str, tuple[str, str]] = {
    "unplug": ("unplug", "Succesfully stopped transaction"),
    "tag": ("tag {tag}", "Ok, stopping transaction"),
}

#: The names the features give a record's fields → the keys of balanz's GetSessions entries.
FIELDS: dict[str, str] = {
    "charger": "charger_id",
    "alias": "charger_alias",
    "group": "group_id",
    "tag": "id_tag",
    "user": "user_name",
    "stop tag": "stop_id_tag",
    "stop reason": "reason",
}


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


@dataclass(frozen=True)
class SessionRecord:
    """One ended session as balanz's GetSessions shows it."""

    data: dict[str, Any]
    history: list[OfferPoint] = field(default_factory=list)

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> SessionRecord:
        """Build from one GetSessions entry."""
        history = [
            OfferPoint(float(h["timestamp"]), h.get("offered"), h.get("usage"))
            for h in data.get("charging_history") or []
        ]
        return cls(dict(data), history)

    def fields(self) -> dict[str, str]:
        """The fields the features name (see FIELDS), as text."""
        return {name: str(self.data.get(key)) for name, key in FIELDS.items()}

    @property
    def start_time(self) -> float:
        """When the charger started the transaction (epoch s)."""
        return float(self.data["start_time"])

    @property
    def end_time(self) -> float | None:
        """When the charger stopped the transaction (epoch s, 2 decimals)."""
        value = self.data.get("end_time")
        return None if value is None else float(value)

    @property
    def duration(self) -> float | None:
        """The recorded duration (s)."""
        value = self.data.get("duration")
        return None if value is None else float(value)

    @property
    def kwh(self) -> float:
        """The recorded energy in kWh (balanz's ``kwh`` text, 3 decimals)."""
        return float(self.data["kwh"])

    @property
    def offer_changes(self) -> list[OfferPoint]:
        """The offers recorded in the session's history, in order (usage entries left out)."""
        return [h for h in self.history if h.offered is not None]

    def stopped_with(self, reason: str) -> None:
        """The record names this stop reason."""
        assert_that(self.data.get("reason"), equal_to(reason), f"stop reason in balanz's record ({self})")

    def __str__(self) -> str:
        offers = " → ".join(f"{float(p.offered):g}" for p in self.offer_changes)
        return (
            f"session {self.data.get('session_id')}: {self.data.get('charger_alias')}, tag {self.data.get('id_tag')}, "
            f"{self.data.get('kwh')} kWh, reason {self.data.get('reason')}, offers {offers or 'none'}"
        )


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


class SessionRecords:
    """The sessions a scenario ended and balanz's records of them, by charger alias."""

    def __init__(self, api: BalanzApi, profile: TimingProfile, record: ScenarioRecord) -> None:
        self.api = api
        self.profile = profile
        self.record = record
        self.ends: dict[str, SessionEnd] = {}
        self.records: dict[str, SessionRecord] = {}
        #: When each session the scenario follows started, as balanz showed it while it ran (epoch s).
        self.live_starts: dict[str, float] = {}

    def _live(self, charger: ChargerUnderTest) -> tuple[dict[str, Any], dict[str, Any]]:
        """balanz's GetChargers entry of ``charger`` and its running transaction."""
        found = [c for c in self.api.chargers(alias=charger.alias) if c.get("alias") == charger.alias]
        transaction = found[0]["connectors"]["1"].get("transaction") if found else None
        assert transaction is not None, f"{charger.alias}: balanz shows no running session"
        return found[0], transaction

    def follow(self, charger: ChargerUnderTest) -> float:
        """Note the start of the session running at ``charger`` (a session balanz itself will end), so that
        its record can be found later; returns the start (epoch s)."""
        _, transaction = self._live(charger)
        self.live_starts[charger.alias] = float(transaction["start_time"])
        return self.live_starts[charger.alias]

    def end(self, charger: ChargerUnderTest, how: str, tag: str | None = None) -> SessionEnd:
        """End the running session at ``charger`` (``how``: a key of ENDINGS), noting what was seen just before."""
        if how not in ENDINGS:
            raise SetupError(f"no way to end a session called '{how}'; known: {', '.join(ENDINGS)}")
        command, reply_start = ENDINGS[how]
        entry, transaction = self._live(charger)
        live = ConnectorView.from_charger(entry)
        sim_before = charger.sim_status()
        assert sim_before.transaction_id is not None, f"{charger.alias}: the simulator has no session to end"
        asked_at = time.time()
        reply = charger.act(command.format(tag=tag))
        done_at = time.time()
        assert_that(reply, starts_with(reply_start), f"{charger.alias}: the driver ends the session ({how})")
        end = SessionEnd(
            alias=charger.alias,
            charger_id=charger.charger_id,
            sim_before=sim_before,
            live_start=float(transaction["start_time"]),
            live_offers=live.offer_changes,
            asked_at=asked_at,
            done_at=done_at,
            reply=reply,
        )
        self.record.note(
            f"{charger.alias}: session ended ({how}); just before: simulator {sim_before}, "
            f"{sim_before.energy:.1f} Wh; balanz's offers "
            + " → ".join(f"{float(p.offered):g}" for p in end.live_offers)
        )
        self.ends[charger.alias] = end
        self.live_starts[charger.alias] = end.live_start
        return end

    def ended(self, alias: str) -> SessionEnd:
        """What the harness saw as the session at ``alias`` ended."""
        if alias not in self.ends:
            raise AssertionError(f"no session at {alias} was ended by this scenario")
        return self.ends[alias]

    def _records_of(self, charger_id: str, start: float) -> list[SessionRecord]:
        records = [SessionRecord.from_api(s) for s in self.api.sessions(charger_id=charger_id)]
        return [r for r in records if abs(r.start_time - start) < START_RESOLUTION]

    def await_record(self, charger: ChargerUnderTest) -> SessionRecord:
        """balanz's record of the session the scenario ended or followed at ``charger`` (GetSessions, found by
        the start time balanz showed while the session ran). The one way the suite finds a session record."""
        alias = charger.alias
        if alias in self.records:
            return self.records[alias]
        if alias not in self.live_starts:
            raise AssertionError(f"no session at {alias} was ended or followed by this scenario")
        start = self.live_starts[alias]
        found = eventually(
            lambda: self._records_of(charger.charger_id, start),
            is_not(empty()),
            within=self.profile.prompt,
            reason=f"{alias}: balanz keeps a record of the ended session",
            show=lambda records: ", ".join(map(str, records)) or "no record",
        )
        self.records[alias] = found[-1]
        self.record.note(f"{alias}: record {found[-1]}")
        return found[-1]

    def energy_bounds(self, alias: str) -> tuple[float, float]:
        """The energy (Wh) the record of the session ended at ``alias`` may hold (see ``energy_bounds``)."""
        return energy_bounds(self.ended(alias), self.profile.meter_value_interval)
