"""The charging profiles an OCPP 1.6 charger holds, and what they let each connector draw.

OCPP 1.6 (section 3.13, SetChargingProfile, ClearChargingProfile), as a charger applies it:
* three purposes: ``ChargePointMaxProfile`` (connector 0 only: a cap on the whole charger),
  ``TxDefaultProfile`` (connector 0: every connector's default; or one connector's own) and ``TxProfile`` (one
  connector's running transaction only; rejected without a transaction there, or for another transaction id);
* a new profile replaces the one the connector holds with the same ``chargingProfileId``, or with the same
  purpose and ``stackLevel``; else it is added (the charger keeps profiles per connector, as e.g. the widely
  used firmware library MicroOcpp does: the same id on two connectors names two profiles);
* ClearChargingProfile removes every profile that matches all the criteria given (id, connector, purpose, stack
  level; none given: all), and answers Unknown if none did;
* a connector's limit is the highest stack level's TxProfile of its transaction, else the highest stack level's
  TxDefaultProfile of its own or of connector 0 (its own on a tie), else none (the charger's own maximum); a
  ChargePointMaxProfile caps what all connectors draw together;
* a TxProfile ends with its transaction; every other profile stays until the central system changes it.

A schedule's first period gives the limit (balanz sends profiles of one period that starts at once); a limit in
W is taken as three phases at 230 V. Every change is kept with its time (``ProfileStore.history``): what the
charger held, over time, is the record scenarios check.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any

VOLTAGE = 230.0
PHASES = 3
PURPOSES = ("ChargePointMaxProfile", "TxDefaultProfile", "TxProfile")


@dataclass(frozen=True)
class HeldProfile:
    """One charging profile as the charger holds it."""

    connector: int
    profile_id: int
    purpose: str
    stack_level: int
    limit: float
    transaction_id: int | None = None

    def __str__(self) -> str:
        tx = f" for transaction {self.transaction_id}" if self.transaction_id is not None else ""
        return (
            f"{self.purpose} #{self.profile_id} on connector {self.connector}, stack level {self.stack_level}, "
            f"{self.limit:g} A{tx}"
        )

    @classmethod
    def from_request(cls, payload: dict[str, Any]) -> HeldProfile:
        """The profile a SetChargingProfile request installs (its payload, as OCPP-J sends it)."""
        profile = payload["csChargingProfiles"]
        schedule = profile["chargingSchedule"]
        limit = float(schedule["chargingSchedulePeriod"][0]["limit"])
        if schedule.get("chargingRateUnit") == "W":
            limit = limit / (VOLTAGE * PHASES)
        transaction = profile.get("transactionId")
        return cls(
            connector=int(payload["connectorId"]),
            profile_id=int(profile["chargingProfileId"]),
            purpose=str(profile["chargingProfilePurpose"]),
            stack_level=int(profile["stackLevel"]),
            limit=limit,
            transaction_id=None if transaction is None else int(transaction),
        )


#: What a charger holds at one moment: its profiles, in a stable order.
Held = tuple[HeldProfile, ...]


def _ordered(profiles: list[HeldProfile] | tuple[HeldProfile, ...]) -> Held:
    return tuple(sorted(profiles, key=lambda p: (p.connector, PURPOSES.index(p.purpose), p.stack_level)))


def limit_for(held: Held, connector: int, transaction_id: int | None) -> float | None:
    """What ``held`` lets ``connector`` draw (A), before the charge point's cap and the charger's own maximum;
    None if no profile limits it. ``transaction_id``: the connector's running transaction, if any."""
    if transaction_id is not None:
        own = [p for p in held if p.purpose == "TxProfile" and p.connector == connector]
        own = [p for p in own if p.transaction_id in (None, transaction_id)]
        if own:
            return max(own, key=lambda p: p.stack_level).limit
    defaults = [p for p in held if p.purpose == "TxDefaultProfile" and p.connector in (0, connector)]
    if defaults:
        return max(defaults, key=lambda p: (p.stack_level, p.connector != 0)).limit
    return None


def charger_cap(held: Held) -> float | None:
    """The ChargePointMaxProfile cap on all connectors together (A), if the charger holds one."""
    caps = [p for p in held if p.purpose == "ChargePointMaxProfile"]
    return max(caps, key=lambda p: p.stack_level).limit if caps else None


@dataclass(frozen=True)
class ProfileChange:
    """One change of what the charger holds: when (epoch s), why, and what it held afterwards."""

    at: float
    why: str
    held: Held


@dataclass
class ProfileStore:
    """The charging profiles of one charger with ``connectors`` connectors, and every change of them over time.

    Thread-safe; ``install`` and ``clear`` take the requests' payloads and return the status to answer."""

    connectors: int
    held: Held = ()
    history: list[ProfileChange] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.history.append(ProfileChange(time.time(), "the charger starts", self.held))

    def install(self, payload: dict[str, Any], transactions: dict[int, int | None]) -> str:
        """SetChargingProfile: "Accepted" (the profile is held from now on) or "Rejected".

        ``transactions``: each connector's running transaction id (None without one)."""
        profile = HeldProfile.from_request(payload)
        refused = self._refusal(profile, transactions)
        if refused:
            with self._lock:
                self.history.append(ProfileChange(time.time(), f"rejected {profile}: {refused}", self.held))
            return "Rejected"
        with self._lock:
            kept = [
                p
                for p in self.held
                if p.connector != profile.connector
                or not (
                    p.profile_id == profile.profile_id
                    or (p.purpose == profile.purpose and p.stack_level == profile.stack_level)
                )
            ]
            self.held = _ordered([*kept, profile])
            self.history.append(ProfileChange(time.time(), f"installed {profile}", self.held))
        return "Accepted"

    def _refusal(self, profile: HeldProfile, transactions: dict[int, int | None]) -> str | None:
        if profile.purpose not in PURPOSES:
            return "unknown purpose"
        if not 0 <= profile.connector <= self.connectors:
            return f"the charger has no connector {profile.connector}"
        if profile.purpose == "ChargePointMaxProfile" and profile.connector != 0:
            return "a ChargePointMaxProfile belongs to connector 0"
        if profile.purpose == "TxProfile":
            running = transactions.get(profile.connector)
            if profile.connector == 0 or running is None:
                return "no transaction runs on that connector"
            if profile.transaction_id is not None and profile.transaction_id != running:
                return f"the connector's transaction is {running}, not {profile.transaction_id}"
        return None

    def clear(self, criteria: dict[str, Any]) -> str:
        """ClearChargingProfile: "Accepted" if a profile matched every criterion given (and is gone), else
        "Unknown"."""

        def matches(p: HeldProfile) -> bool:
            return (
                criteria.get("id", p.profile_id) == p.profile_id
                and criteria.get("connectorId", p.connector) == p.connector
                and criteria.get("chargingProfilePurpose", p.purpose) == p.purpose
                and criteria.get("stackLevel", p.stack_level) == p.stack_level
            )

        with self._lock:
            gone = [p for p in self.held if matches(p)]
            if gone:
                self.held = _ordered([p for p in self.held if not matches(p)])
                self.history.append(ProfileChange(time.time(), f"cleared {'; '.join(map(str, gone))}", self.held))
        return "Accepted" if gone else "Unknown"

    def end_transaction(self, connector: int) -> None:
        """The transaction on ``connector`` ended: its TxProfiles end with it."""
        with self._lock:
            gone = [p for p in self.held if p.purpose == "TxProfile" and p.connector == connector]
            if gone:
                self.held = _ordered([p for p in self.held if p not in gone])
                self.history.append(
                    ProfileChange(time.time(), f"transaction ended: {'; '.join(map(str, gone))}", self.held)
                )

    def refuse(self, payload: dict[str, Any], why: str) -> str:
        """SetChargingProfile refused whatever it holds (a charger without smart charging): "Rejected", noted."""
        profile = HeldProfile.from_request(payload)
        with self._lock:
            self.history.append(ProfileChange(time.time(), f"rejected {profile}: {why}", self.held))
        return "Rejected"

    def held_at(self, at: float) -> Held:
        """What the charger held at epoch ``at`` (nothing before it started)."""
        with self._lock:
            found = [c.held for c in self.history if c.at <= at]
        return found[-1] if found else ()

    def changes(self) -> list[ProfileChange]:
        """Every change so far, oldest first."""
        with self._lock:
            return list(self.history)
