"""A charger that keeps its transaction and its charging profiles when its connection to balanz drops.

OCPP 1.6 chargers do that: a session goes on while the central system is away, and the charger reports it
(status and meter values with the transaction's id) when it is connected again. ocppsim cannot show it: it
starts a new charge point, without its transaction, whenever its connection drops (ocppsim.py main; the
project's docs/simulator.md#reset-power-loss-and-reconnect). So the harness plays this charger itself, over
OCPP-J (sut/ocpp_link.py).

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

Everything the charger sends goes out from one worker thread, in order: the driver's actions (a step waits
for them), its meter values, connecting again, and what balanz's calls lead to (the message a
TriggerMessage asks for, the status a new limit brings), which start only once the reply has been sent.
So one call is outstanding at a time, and a state is decided and stored in the order it is reported.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

from balanz_acceptance.core.record import ScenarioRecord
from balanz_acceptance.sut.ocpp_link import OcppError, OcppLink, Reply
from balanz_acceptance.sut.ocppsim_client import SimStatus

#: Seconds between two attempts to connect again (a charger's reconnect back-off, not a wait for an outcome).
RETRY_EVERY = 0.5
#: Seconds ``shutdown`` waits for the worker thread: once the link is shut its call fails at once, and a
#: reconnect gives up within one attempt (2 s) or one back-off.
JOIN_WITHIN = 5.0
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

    def __init__(self, charger: PlayedCharger) -> None:
        self.charger = charger

    def status(self) -> SimStatus:
        """The charger's state."""
        return self.charger.sim_status()

    def close(self) -> None:
        """Nothing to close: the charger goes on until the scenario shuts it down."""


T = TypeVar("T")
_Job = tuple[Callable[[], Any], "Future[Any]"]


def _now() -> str:
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")


class PlayedCharger:
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
        #: How often balanz accepted the charger's BootNotification (1 after ``start``).
        self.connections = 0
        #: The messages balanz asked for with TriggerMessage, in the order the charger answered them.
        self.triggers_answered: list[str] = []
        self._lock = threading.RLock()  # guards the charger's state (status, transaction, profiles, energy)
        self._accrued_at = time.monotonic()
        self._stopping = threading.Event()
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._jobs_lock = threading.Lock()  # no job is queued after the worker's last one
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
            note=lambda text: self.record.note(f"{self.alias}: {text}"),
        )
        self._worker = threading.Thread(target=self._work, name=f"charger-{alias}", daemon=True)

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
        with self._lock:
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
        """Connect to balanz and report the charger (BootNotification, Available); OcppError if it cannot."""
        self._worker.start()
        self._run(self._connect_and_announce)

    def shutdown(self) -> None:
        """Stop for good: no more messages, no reconnecting (the end of the scenario); the worker thread is
        waited for up to JOIN_WITHIN seconds."""
        with self._jobs_lock:
            self._stopping.set()
            self._jobs.put(None)
        self._link.shutdown()
        if self._worker.ident is not None and self._worker is not threading.current_thread():
            self._worker.join(JOIN_WITHIN)
            if self._worker.is_alive():
                self.record.note(f"{self.alias}: the charger's worker did not stop within {JOIN_WITHIN:g}s")

    def _connect_and_announce(self) -> None:
        self._link.connect()
        self._announce()

    def _announce(self) -> None:
        """What the charger sends each time it is connected: boot, connector status, meter values."""
        self._link.call(
            "BootNotification", {"chargePointVendor": "balanz-acceptance", "chargePointModel": "PlayedCharger"}
        )
        self.connections += 1
        self._meter_due = time.monotonic() + self.meter_value_interval
        self._send_status(0, "Available")
        with self._lock:
            status, transaction_id = self.status, self.transaction_id
        self._send_status(1, status)
        if transaction_id is not None and self.meter_values_on_connect:
            self._send_meter_values()
        self.record.note(
            f"{self.alias}: connected to balanz (connection {self.connections}), {status}"
            + (f", transaction {transaction_id} open" if transaction_id is not None else "")
        )

    def _on_close(self) -> None:
        if self._stopping.is_set():
            return
        self.record.note(f"{self.alias}: connection to balanz lost; charging goes on at {self.offer:g} A")
        self._later(self._reconnect)

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

    # --- the worker: everything the charger sends, one at a time --------------------------------------
    def _run(self, action: Callable[[], T]) -> T:
        """Run ``action`` on the worker and return its result (its exception is raised here)."""
        return self._submit(action).result()

    def _later(self, action: Callable[[], object]) -> None:
        """Queue ``action`` for the worker without waiting for it; a failed call is noted."""

        def run() -> None:
            try:
                action()
            except OcppError as exc:
                self.record.note(f"{self.alias}: {exc}")

        self._submit(run)

    def _submit(self, action: Callable[[], T]) -> Future[T]:
        future: Future[T] = Future()
        with self._jobs_lock:
            if self._stopping.is_set():
                future.set_exception(OcppError(f"{self.alias}: the charger was shut down"))
            else:
                self._jobs.put((action, future))
        return future

    def _work(self) -> None:
        while True:
            # Not connected: a reconnect is queued (or the charger gave up), so wait for a job alone.
            wait = max(0.0, self._meter_due - time.monotonic()) if self._link.connected else None
            try:
                job = self._jobs.get(timeout=wait)
            except queue.Empty:
                self._meter_tick()
                continue
            if job is None:
                break
            action, future = job
            if future.set_running_or_notify_cancel():
                try:
                    future.set_result(action())
                except Exception as exc:
                    future.set_exception(exc)
        while True:  # jobs queued before the shutdown's sentinel cannot be: they all ran; this is defensive
            try:
                job = self._jobs.get_nowait()
            except queue.Empty:
                return
            if job is not None:
                job[1].set_exception(OcppError(f"{self.alias}: the charger was shut down"))

    def _meter_tick(self) -> None:
        """Every meter-value interval: meter values in a transaction, else a heartbeat."""
        self._meter_due += self.meter_value_interval
        try:
            with self._lock:
                in_transaction = self.transaction_id is not None
            if in_transaction:
                self._send_meter_values()
            else:
                self._link.call("Heartbeat", {})
        except OcppError:
            pass  # the connection dropped meanwhile: the next connection reports again

    # --- what the driver does ------------------------------------------------------------------------
    def present_tag(self, tag: str) -> str:
        """The driver presents a tag: outside a session it starts one if balanz accepts the tag, in a
        session it ends it (reason Local). Returns balanz's authorization status, or "Stopped"."""
        return self._run(lambda: self._present_tag(tag))

    def stop_transaction(self, tag: str | None) -> None:
        """End the session: StopTransaction (with the tag if one was presented), then Available."""
        self._run(lambda: self._stop_transaction(tag))

    def _present_tag(self, tag: str) -> str:
        if self.transaction_id is not None:
            self._stop_transaction(tag)
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

    def _stop_transaction(self, tag: str | None) -> None:
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

    # --- messages (sent from the worker) --------------------------------------------------------------
    def _evaluate(self) -> None:
        """In a transaction the EV charges if the charger allows at least ``min_to_start``: decided and
        stored under one lock, then reported."""
        with self._lock:
            if self.transaction_id is None:
                return
            wanted = "Charging" if self.offer >= self.min_to_start else "SuspendedEVSE"
            if wanted == self.status:
                return
            self._accrue()
            self.status = wanted
        self._report_status(wanted)

    def _set_status(self, status: str) -> None:
        with self._lock:
            self._accrue()
            self.status = status
        self._report_status(status)

    def _report_status(self, status: str) -> None:
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

    def _send_status_of(self, connector_id: int) -> None:
        with self._lock:
            status = self.status if connector_id else "Available"
        self._send_status(connector_id, status)

    # --- balanz's calls (answered in the link's receiver thread; what follows goes to the worker) ------
    def _then(self, action: Callable[[], object]) -> Callable[[], None]:
        return lambda: self._later(action)

    def _on_set_profile(self, payload: dict[str, Any]) -> dict[str, Any] | Reply:
        profile = payload["csChargingProfiles"]
        purpose = profile["chargingProfilePurpose"]
        limit = float(profile["chargingSchedule"]["chargingSchedulePeriod"][0]["limit"])
        key = (int(payload["connectorId"]), int(profile["chargingProfileId"]))
        with self._lock:
            if purpose == "TxProfile" and self.transaction_id is None:
                return {"status": "Rejected"}
            self._accrue()
            self.profiles[key] = Profile(purpose, int(profile["stackLevel"]), limit)
        return Reply({"status": "Accepted"}, then=self._then(self._evaluate))

    def _on_clear_profile(self, payload: dict[str, Any]) -> Reply:
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
        return Reply({"status": "Accepted" if found else "Unknown"}, then=self._then(self._evaluate))

    def _on_trigger(self, payload: dict[str, Any]) -> dict[str, Any] | Reply:
        """TriggerMessage: accepted, and the requested message follows once the reply is sent."""
        requested = payload["requestedMessage"]
        self.triggers_answered.append(requested)
        triggered: dict[str, Callable[[], object]] = {
            "BootNotification": lambda: self._link.call(
                "BootNotification", {"chargePointVendor": "balanz-acceptance", "chargePointModel": "PlayedCharger"}
            ),
            "StatusNotification": lambda: self._send_status_of(int(payload.get("connectorId", 1))),
            "Heartbeat": lambda: self._link.call("Heartbeat", {}),
        }
        if self.meter_values_when_asked:
            triggered["MeterValues"] = lambda: self._send_meter_values("Trigger")
        if requested not in triggered:
            return {"status": "NotImplemented"}
        return Reply({"status": "Accepted"}, then=self._then(triggered[requested]))
