"""A charger that keeps its transaction and its charging profiles when its connection to balanz drops.

OCPP 1.6 chargers do that: a session goes on while the central system is away, and the charger reports it
(status and meter values with the transaction's id) when it is connected again. ocppsim cannot show it: it
starts a new charge point, without its transaction, whenever its connection drops (ocppsim-reference.md,
"Reconnect behaviour"). So the harness plays this charger itself, over OCPP-J (sut/ocpp_link.py).

What it does, and no more:
* a driver presents a tag: Authorize; if accepted, StartTransaction at once (its offer may still be 0 A),
  as ocppsim does; a driver presenting the tag again ends the session (StopTransaction, reason Local);
* the EV draws exactly what the charger allows once that is at least ``min_to_start`` (then Charging,
  else SuspendedEVSE); the energy register grows with it (three phases at 230 V);
* what it allows is the limit of its charging profiles, as balanz uses them: in a transaction the
  TxProfile of the highest stack level, else (or without one) the TxDefaultProfile of the highest stack
  level, never more than its own maximum; it starts with the same default profiles as ocppsim
  (6 A at stack level 0, 0 A at stack level 1);
* every meter-value interval, counted from each connection: MeterValues in a transaction (per-phase
  Current.Import, the energy register, Current.Offered), else a Heartbeat;
* when its connection drops it connects again every ``RETRY_EVERY`` seconds until ``reconnect_within`` has
  passed, then sends BootNotification, its connectors' status and, in a transaction, its meter values at
  once (unless ``meter_values_on_connect`` is off: then only after one meter-value interval, or when balanz
  asks for them, unless ``meter_values_when_asked`` is off too);
* it answers balanz's SetChargingProfile, ClearChargingProfile, TriggerMessage (BootNotification,
  StatusNotification, MeterValues, Heartbeat), GetConfiguration and ChangeConfiguration; Reset, remote start
  and stop are rejected (no scenario uses them with this charger).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from balanz_acceptance.core.record import ScenarioRecord
from balanz_acceptance.sut.ocpp_link import OcppError, OcppLink
from balanz_acceptance.sut.ocppsim_client import SimStatus

#: Seconds between two attempts to connect again (a charger's reconnect back-off, not a wait for an outcome).
RETRY_EVERY = 0.5
#: Seconds between two looks at the charger's own clock (when its next meter value is due).
CLOCK_TICK = 0.05
VOLTAGE = 230.0
PHASES = ("L1", "L2", "L3")
SESSION_STATES = ("Charging", "SuspendedEV", "SuspendedEVSE")


@dataclass(frozen=True)
class Profile:
    """A charging profile as the charger keeps it: purpose, stack level and its first period's limit (A)."""

    purpose: str
    stack_level: int
    limit: float


class WatchedSide:
    """The charger as the group safety watch asks it (checks/group_watch.py ``ChargerSide``)."""

    def __init__(self, charger: PersistentCharger) -> None:
        self.charger = charger

    def status(self) -> SimStatus:
        """The charger's state."""
        return self.charger.sim_status()

    def close(self) -> None:
        """Nothing to close: the charger goes on until the scenario shuts it down."""


def _now() -> str:
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")


class PersistentCharger:
    """One charger, played by the harness, that keeps its transaction and profiles across a lost connection."""

    def __init__(
        self,
        alias: str,
        charger_id: str,
        balanz_url: str,
        record: ScenarioRecord,
        *,
        own_maximum: float,
        min_to_start: float,
        meter_value_interval: float,
        reconnect_within: float,
        meter_values_on_connect: bool = True,
        meter_values_when_asked: bool = True,
    ) -> None:
        self.alias = alias
        self.charger_id = charger_id
        self.record = record
        self.own_maximum = own_maximum
        self.min_to_start = min_to_start
        self.meter_value_interval = meter_value_interval
        self.reconnect_within = reconnect_within
        self.meter_values_on_connect = meter_values_on_connect
        self.meter_values_when_asked = meter_values_when_asked
        #: When (time.monotonic) the next periodic meter value (or heartbeat) is due.
        self._meter_due = time.monotonic() + meter_value_interval
        self.status = "Available"
        self.transaction_id: int | None = None
        self.id_tag: str | None = None
        self.energy = 0.0  # Wh, the session's register
        #: (connector id, charging profile id) → profile; the defaults ocppsim starts with.
        self.profiles: dict[tuple[int, int], Profile] = {
            (0, 1): Profile("TxDefaultProfile", 0, 6.0),
            (0, 2): Profile("TxDefaultProfile", 1, 0.0),
        }
        #: How often the charger connected to balanz (1 after ``start``).
        self.connections = 0
        self._lock = threading.RLock()
        self._accrued_at = time.monotonic()
        self._stopping = threading.Event()
        self._link = OcppLink(
            balanz_url,
            charger_id,
            {
                "SetChargingProfile": self._on_set_profile,
                "ClearChargingProfile": self._on_clear_profile,
                "TriggerMessage": self._on_trigger,
                "GetConfiguration": lambda payload: {"configurationKey": [], "unknownKey": payload.get("key", [])},
                "ChangeConfiguration": lambda payload: {"status": "NotSupported"},
                "Reset": lambda payload: {"status": "Rejected"},
                "RemoteStartTransaction": lambda payload: {"status": "Rejected"},
                "RemoteStopTransaction": lambda payload: {"status": "Rejected"},
            },
            on_close=self._on_close,
        )
        self._meter_thread = threading.Thread(target=self._meter_loop, name=f"meter-{alias}", daemon=True)

    # --- what the charger allows and the EV draws ----------------------------------------------------
    @property
    def offer(self) -> float:
        """What the charger allows now (A): its profiles' limit, at most its own maximum."""
        with self._lock:
            purposes = ["TxProfile", "TxDefaultProfile"] if self.transaction_id is not None else ["TxDefaultProfile"]
            for purpose in purposes:
                found = [p for p in self.profiles.values() if p.purpose == purpose]
                if found:
                    return min(self.own_maximum, max(found, key=lambda p: p.stack_level).limit)
            return self.own_maximum

    @property
    def draw(self) -> float:
        """What the EV draws now (A)."""
        return self.offer if self.status == "Charging" else 0.0

    def sim_status(self) -> SimStatus:
        """The charger's state in the shape of ocppsim's ``jsonstatus`` (for the group watch)."""
        with self._lock:
            self._accrue()
            return SimStatus(
                status=self.status,
                offer=self.offer,
                usage=self.draw,
                max_usage=None,
                last_id_tag=self.id_tag,
                transaction_id=self.transaction_id,
                energy=self.energy,
                fullafter=None,
                delay=False,
            )

    def watched(self) -> WatchedSide:
        """This charger for the group safety watch."""
        return WatchedSide(self)

    def _accrue(self) -> None:
        now = time.monotonic()
        self.energy += self.draw * VOLTAGE * len(PHASES) * (now - self._accrued_at) / 3600
        self._accrued_at = now

    # --- life cycle ----------------------------------------------------------------------------------
    def start(self) -> None:
        """Connect to balanz and report the charger (BootNotification, Available)."""
        self._link.connect()
        self._announce()
        self._meter_thread.start()

    def shutdown(self) -> None:
        """Stop for good: no more messages, no reconnecting (the end of the scenario)."""
        self._stopping.set()
        self._link.close()

    def _announce(self) -> None:
        """What the charger sends each time it is connected: boot, connector status, meter values."""
        self.connections += 1
        self._meter_due = time.monotonic() + self.meter_value_interval
        self._link.call(
            "BootNotification", {"chargePointVendor": "balanz-acceptance", "chargePointModel": "PersistentCharger"}
        )
        self._send_status(0, "Available")
        self._send_status(1, self.status)
        if self.transaction_id is not None and self.meter_values_on_connect:
            self._send_meter_values()
        self.record.note(
            f"{self.alias}: connected to balanz (connection {self.connections}), {self.status}"
            + (f", transaction {self.transaction_id} open" if self.transaction_id is not None else "")
        )

    def _on_close(self) -> None:
        if self._stopping.is_set():
            return
        self.record.note(f"{self.alias}: connection to balanz lost; charging goes on at {self.offer:g} A")
        threading.Thread(target=self._reconnect, name=f"reconnect-{self.alias}", daemon=True).start()

    def _reconnect(self) -> None:
        deadline = time.monotonic() + self.reconnect_within
        while not self._stopping.is_set() and time.monotonic() < deadline:
            try:
                self._link.connect(open_timeout=2.0)
            except OcppError:
                self._stopping.wait(RETRY_EVERY)
                continue
            try:
                self._announce()
            except OcppError as exc:
                self.record.note(f"{self.alias}: announcing itself after reconnecting failed: {exc}")
            return
        if not self._stopping.is_set():
            self.record.note(f"{self.alias}: could not connect to balanz again within {self.reconnect_within:g}s")

    def _meter_loop(self) -> None:
        while not self._stopping.wait(CLOCK_TICK):
            if not self._link.connected or time.monotonic() < self._meter_due:
                continue
            self._meter_due += self.meter_value_interval
            try:
                if self.transaction_id is not None:
                    self._send_meter_values()
                else:
                    self._link.call("Heartbeat", {})
            except OcppError:
                pass  # the connection dropped meanwhile: the next connection reports again

    # --- what the driver does ------------------------------------------------------------------------
    def present_tag(self, tag: str) -> str:
        """The driver presents a tag: outside a session it starts one if balanz accepts the tag, in a
        session it ends it (reason Local). Returns balanz's authorization status, or "Stopped"."""
        if self.transaction_id is not None:
            self.stop_transaction(tag)
            return "Stopped"
        status = self._link.call("Authorize", {"idTag": tag})["idTagInfo"]["status"]
        self.record.note(f"{self.alias}: tag {tag} -> {status}")
        if status != "Accepted":
            return status
        self._set_status("Preparing")
        reply = self._link.call(
            "StartTransaction", {"connectorId": 1, "idTag": tag, "meterStart": 0, "timestamp": _now()}
        )
        with self._lock:
            self._accrue()
            self.transaction_id = int(reply["transactionId"])
            self.id_tag = tag
            self.energy = 0.0
        self.record.note(f"{self.alias}: transaction {self.transaction_id} started for tag {tag}")
        self._evaluate()
        return status

    def stop_transaction(self, tag: str | None) -> None:
        """End the session: StopTransaction (with the tag if one was presented), then Available."""
        with self._lock:
            self._accrue()
            transaction_id, meter_stop = self.transaction_id, round(self.energy)
            self.transaction_id = None
            self.profiles = {k: p for k, p in self.profiles.items() if p.purpose != "TxProfile"}
        self._set_status("Finishing")
        payload: dict[str, Any] = {
            "transactionId": transaction_id,
            "meterStop": meter_stop,
            "timestamp": _now(),
            "reason": "Local" if tag else "EVDisconnected",
        }
        if tag:
            payload["idTag"] = tag
        self._link.call("StopTransaction", payload)
        self._set_status("Available")
        self.record.note(f"{self.alias}: transaction {transaction_id} stopped ({payload['reason']}, {meter_stop} Wh)")

    # --- messages ------------------------------------------------------------------------------------
    def _evaluate(self) -> None:
        """In a transaction the EV charges if the charger allows at least ``min_to_start``."""
        with self._lock:
            if self.transaction_id is None:
                return
            wanted = "Charging" if self.offer >= self.min_to_start else "SuspendedEVSE"
        if wanted != self.status:
            self._set_status(wanted)

    def _set_status(self, status: str) -> None:
        with self._lock:
            self._accrue()
            self.status = status
        if self._link.connected:
            self._send_status(1, status)

    def _send_status(self, connector_id: int, status: str) -> None:
        self._link.call("StatusNotification", {"connectorId": connector_id, "errorCode": "NoError", "status": status})

    def _send_meter_values(self, context: str = "Sample.Periodic") -> None:
        with self._lock:
            self._accrue()
            draw, offer, energy, transaction_id = self.draw, self.offer, self.energy, self.transaction_id
        values = [
            {"value": f"{draw:.1f}", "measurand": "Current.Import", "phase": phase, "unit": "A", "context": context}
            for phase in PHASES
        ]
        values.append({"value": f"{round(energy)}", "measurand": "Energy.Active.Import.Register", "unit": "Wh"})
        values.append({"value": f"{round(offer)}", "measurand": "Current.Offered", "unit": "A"})
        payload: dict[str, Any] = {"connectorId": 1, "meterValue": [{"timestamp": _now(), "sampledValue": values}]}
        if transaction_id is not None:
            payload["transactionId"] = transaction_id
        self._link.call("MeterValues", payload)

    def _later(self, action: Any) -> None:
        """Run ``action`` in its own thread: a handler cannot make a call (it runs in the receiver thread)."""

        def run() -> None:
            try:
                action()
            except OcppError as exc:
                self.record.note(f"{self.alias}: {exc}")

        threading.Thread(target=run, daemon=True).start()

    def _on_set_profile(self, payload: dict[str, Any]) -> dict[str, Any]:
        profile = payload["csChargingProfiles"]
        purpose = profile["chargingProfilePurpose"]
        if purpose == "TxProfile" and self.transaction_id is None:
            return {"status": "Rejected"}
        limit = float(profile["chargingSchedule"]["chargingSchedulePeriod"][0]["limit"])
        with self._lock:
            self._accrue()
            key = (int(payload["connectorId"]), int(profile["chargingProfileId"]))
            self.profiles[key] = Profile(purpose, int(profile["stackLevel"]), limit)
        self._later(self._evaluate)
        return {"status": "Accepted"}

    def _on_clear_profile(self, payload: dict[str, Any]) -> dict[str, Any]:
        def cleared(key: tuple[int, int], profile: Profile) -> bool:
            return (
                ("id" not in payload or key[1] == payload["id"])
                and ("connectorId" not in payload or key[0] == payload["connectorId"])
                and payload.get("chargingProfilePurpose", profile.purpose) == profile.purpose
                and payload.get("stackLevel", profile.stack_level) == profile.stack_level
            )

        with self._lock:
            self._accrue()
            before = len(self.profiles)
            self.profiles = {k: p for k, p in self.profiles.items() if not cleared(k, p)}
            found = len(self.profiles) < before
        self._later(self._evaluate)
        return {"status": "Accepted" if found else "Unknown"}

    def _on_trigger(self, payload: dict[str, Any]) -> dict[str, Any]:
        requested = payload["requestedMessage"]
        if requested == "BootNotification":
            self._later(
                lambda: self._link.call(
                    "BootNotification",
                    {"chargePointVendor": "balanz-acceptance", "chargePointModel": "PersistentCharger"},
                )
            )
        elif requested == "StatusNotification":
            self._later(lambda: self._send_status(int(payload.get("connectorId", 1)), self.status))
        elif requested == "MeterValues" and self.meter_values_when_asked:
            self._later(self._send_meter_values)
        elif requested == "Heartbeat":
            self._later(lambda: self._link.call("Heartbeat", {}))
        else:
            return {"status": "NotImplemented"}
        return {"status": "Accepted"}
