"""A real charger, played by the harness over OCPP-J 1.6 (sut/ocpp_link.py): it does what it is told and nothing
on its own, keeps its transactions and charging profiles when its connection drops, and records what it held.

ocppsim idealises a charger: it starts with balanz's default profiles already installed, accepts every profile
at once, starts every transaction with an energy count of 0, has one connector, and starts a new charge point
without its transaction whenever its connection drops (ocppsim.py main; the project's
docs/simulator.md#reset-power-loss-and-reconnect). This charger is configured instead
(core/charger_model.py ``ChargerOptions``):
* its energy meters report their lifetime registers (``meter_wh`` when the scenario starts): StartTransaction's
  meterStart, MeterValues' Energy.Active.Import.Register and StopTransaction's meterStop are registers;
* one or two connectors (data/model/chargers.csv), each with its own transaction, meter and EV;
* OCPP 1.6 charging profiles, as sut/charging_profiles.py keeps them (purposes, stack levels, a TxProfile ends
  with its transaction); it starts with none, and nothing but balanz (or an operator through it) changes them;
  ``apply_delay`` s after accepting a profile it enforces it; ``rejects_profiles``: it accepts none;
* ``reply_latency`` s before it answers a call of balanz; meter values every ``meter_value_interval`` s;
* ``transaction_when_charging``: it starts the transaction only once the EV draws power (balanz offers the
  minimum to such a connector by clearing its blocking profile), else at once when the tag is accepted.

The EV at each connector (``Ev``) draws what the charger allows once that is at least ``min_to_start`` (then
Charging, else SuspendedEVSE), at most ``max_draw``; it is full (SuspendedEV) once it has charged
``full_after_wh`` in the session, and takes nothing while it ``delays``. Energy: three phases at 230 V.

What it sends: a driver presents a tag (Authorize; if accepted, StartTransaction, or SuspendedEVSE until power
comes); presenting it again ends the session (StopTransaction, reason Local), unplugging too (EVDisconnected);
every meter-value interval, counted from each connection, MeterValues for each connector in a transaction
(per-phase Current.Import, the register, Current.Offered unless ``reports_offer`` is off), else a Heartbeat;
when its connection drops it connects again every ``RETRY_EVERY`` s until ``reconnect_within`` has passed, then
sends BootNotification, its connectors' status and, in a transaction, its meter values at once (unless
``meter_values_on_connect`` is off: then after one interval, or when balanz asks, unless
``meter_values_when_asked`` is off too). It answers
SetChargingProfile, ClearChargingProfile, TriggerMessage (BootNotification, StatusNotification, MeterValues,
Heartbeat), GetConfiguration, ChangeConfiguration and Reset (its transactions stopped with reason SoftReset or
HardReset, then it connects again); remote start and stop are rejected.

What it records: every profile change (``profiles``: sut/charging_profiles.py ``ProfileStore.history``), every
call of balanz with when it came and was answered (``calls``), and each connector's state, enforced limit and
draw over time (``timeline``).

Everything the charger sends goes out from one worker thread, in order: the driver's actions (a step waits for
them), its meter values, connecting again, and what balanz's calls lead to, which start only once the reply has
been sent. So one call is outstanding at a time, and a state is decided and stored in the order it is reported.
"""

from __future__ import annotations

import heapq
import itertools
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

from balanz_acceptance.core.charger_model import ChargerOptions
from balanz_acceptance.core.record import ScenarioRecord
from balanz_acceptance.sut.charging_profiles import Held, HeldProfile, ProfileStore, charger_cap, limit_for
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
class Ev:
    """The EV plugged in at a connector: what it draws, when it is full, whether it delays its start."""

    max_draw: float | None = None
    full_after_wh: float | None = None
    delays: bool = False


@dataclass
class Connector:
    """One connector's state (guarded by the charger's lock)."""

    number: int
    register: float  # Wh, the meter's lifetime register
    status: str = "Available"
    transaction_id: int | None = None
    id_tag: str | None = None
    meter_start: float = 0.0
    authorized: bool = False  # a tag was accepted and no transaction runs yet (transaction_when_charging)
    ev: Ev = field(default_factory=Ev)
    allowed: float = 0.0  # A the charger lets the EV draw now (its enforced profiles, its own maximum)

    @property
    def session_energy(self) -> float:
        """Wh charged in the running transaction (0 without one)."""
        return self.register - self.meter_start if self.transaction_id is not None else 0.0

    @property
    def full(self) -> bool:
        """The EV has charged all it wants in this session."""
        return self.ev.full_after_wh is not None and self.session_energy >= self.ev.full_after_wh

    @property
    def draw(self) -> float:
        """What the EV draws now (A)."""
        if self.status != "Charging":
            return 0.0
        return min(self.allowed, self.ev.max_draw) if self.ev.max_draw is not None else self.allowed


@dataclass(frozen=True)
class Moment:
    """One connector's state from ``at`` (epoch s) on."""

    at: float
    connector: int
    status: str
    allowed: float
    draw: float
    transaction_id: int | None
    register: float


@dataclass(frozen=True)
class ReceivedCall:
    """A call of balanz: when it came, its payload, when it was answered and how."""

    received: float
    action: str
    payload: dict[str, Any]
    answered: float
    answer: dict[str, Any]


@dataclass
class MeteredSession:
    """A transaction as the charger ran it: its connector, tag, id and meter readings (Wh), start and end."""

    connector: int
    id_tag: str
    transaction_id: int
    meter_start: int
    started: float
    meter_stop: int | None = None
    stopped: float | None = None
    reason: str | None = None

    @property
    def energy(self) -> int | None:
        """Wh the meter counted in the transaction (once it ended)."""
        return None if self.meter_stop is None else self.meter_stop - self.meter_start


class WatchedSide:
    """The charger as the group safety watch asks it (checks/group_watch.py ``ChargerSide``): one connector."""

    def __init__(self, charger: PlayedCharger, connector: int = 1) -> None:
        self.charger = charger
        self.connector = connector

    def status(self) -> SimStatus:
        """The connector's state."""
        return self.charger.sim_status(self.connector)

    def close(self) -> None:
        """Nothing to close: the charger goes on until the scenario shuts it down."""


T = TypeVar("T")
_Job = tuple[Callable[[], Any], "Future[Any]"]


def _now() -> str:
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")


class PlayedCharger:
    """One real charger, played by the harness (see the module's description)."""

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
        call_timeout: float | None = None,
        options: ChargerOptions | None = None,
        initial_profiles: tuple[HeldProfile, ...] = (),
    ) -> None:
        self.alias = alias
        self.charger_id = charger_id
        self.record = record
        self.options = options or ChargerOptions()
        self.own_maximum = own_maximum
        self.min_to_start = min_to_start
        self.meter_value_interval = self.options.meter_value_interval or meter_value_interval
        self.reconnect_within = reconnect_within
        self.meter_values_on_connect = meter_values_on_connect
        self.meter_values_when_asked = meter_values_when_asked
        count = self.options.connectors or 1
        self.connectors = {n: Connector(n, float(self.options.meter_wh)) for n in range(1, count + 1)}
        #: Every profile the charger held over time (accepted profiles; enforced ``apply_delay`` later).
        self.profiles = ProfileStore(count, held=initial_profiles)
        self._enforced: Held = initial_profiles
        #: Every call of balanz, in order.
        self.calls: list[ReceivedCall] = []
        #: Each connector's state over time, in order.
        self.timeline: list[Moment] = []
        #: Every transaction the charger ran, in the order they started.
        self.sessions: list[MeteredSession] = []
        #: How often balanz accepted the charger's BootNotification (1 after ``start``).
        self.connections = 0
        #: The messages balanz asked for with TriggerMessage, in the order the charger answered them.
        self.triggers_answered: list[str] = []
        self._lock = threading.RLock()  # guards the connectors, the enforced profiles and the records
        self._accrued_at = time.monotonic()
        self._meter_due = time.monotonic() + self.meter_value_interval
        self._timers: list[tuple[float, int, Callable[[], None]]] = []  # (monotonic due, seq, action): the worker's
        self._seq = itertools.count()
        self._stopping = threading.Event()
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._jobs_lock = threading.Lock()  # no job is queued after the worker's last one
        handlers = {
            "SetChargingProfile": self._on_set_profile,
            "ClearChargingProfile": self._on_clear_profile,
            "TriggerMessage": self._on_trigger,
            "GetConfiguration": lambda payload: {"configurationKey": [], "unknownKey": payload.get("key", [])},
            "ChangeConfiguration": lambda payload: {"status": "NotSupported"},
            "Reset": self._on_reset,
            "RemoteStartTransaction": lambda payload: {"status": "Rejected"},
            "RemoteStopTransaction": lambda payload: {"status": "Rejected"},
        }
        self._link = OcppLink(
            balanz_url,
            charger_id,
            {action: self._recorded(action, handler) for action, handler in handlers.items()},
            on_close=self._on_close,
            note=lambda text: self.record.note(f"{self.alias}: {text}"),
            **({} if call_timeout is None else {"timeout": call_timeout}),  # how long it waits for each answer
        )
        self._worker = threading.Thread(target=self._work, name=f"charger-{alias}", daemon=True)
        with self._lock:
            for connector in self.connectors.values():
                self._limit(connector)
                self._moment(connector)

    # --- the single-connector view (connector 1) -------------------------------------------------------
    @property
    def status(self) -> str:
        """Connector 1's status."""
        return self.connectors[1].status

    @property
    def transaction_id(self) -> int | None:
        """Connector 1's transaction id, if one runs."""
        return self.connectors[1].transaction_id

    @property
    def id_tag(self) -> str | None:
        """The tag of connector 1's session."""
        return self.connectors[1].id_tag

    @property
    def offer(self) -> float:
        """What the charger lets connector 1's EV draw now (A)."""
        return self.connectors[1].allowed

    @property
    def draw(self) -> float:
        """What connector 1's EV draws now (A)."""
        return self.connectors[1].draw

    # --- what the charger allows and the EVs draw --------------------------------------------------------
    def _limit(self, connector: Connector) -> None:
        """Set the connector's enforced limit from the enforced profiles (caller holds the lock; accrues first)."""
        own = limit_for(self._enforced, connector.number, connector.transaction_id)
        allowed = self.own_maximum if own is None else min(self.own_maximum, own)
        cap = charger_cap(self._enforced)
        if cap is not None:
            earlier = [c for c in self.connectors.values() if c.number < connector.number]
            others = sum(c.allowed for c in earlier if c.status in SESSION_STATES)
            allowed = max(0.0, min(allowed, cap - others))
        connector.allowed = allowed

    def _moment(self, connector: Connector) -> None:
        moment = Moment(
            time.time(),
            connector.number,
            connector.status,
            connector.allowed,
            connector.draw,
            connector.transaction_id,
            connector.register,
        )
        last = next((m for m in reversed(self.timeline) if m.connector == connector.number), None)
        if last is None or (last.status, last.allowed, last.draw, last.transaction_id) != (
            moment.status,
            moment.allowed,
            moment.draw,
            moment.transaction_id,
        ):
            self.timeline.append(moment)

    def _accrue(self) -> None:
        now = time.monotonic()
        for connector in self.connectors.values():
            connector.register += connector.draw * VOLTAGE * len(PHASES) * (now - self._accrued_at) / 3600
        self._accrued_at = now

    def sim_status(self, connector: int = 1) -> SimStatus:
        """A connector's state in the shape of ocppsim's ``jsonstatus`` (for the group watch); ``energy`` is the
        session's energy (Wh), as ocppsim counts it."""
        with self._lock:
            self._accrue()
            c = self.connectors[connector]
            return SimStatus(
                status=c.status,
                offer=c.allowed,
                usage=c.draw,
                max_usage=c.ev.max_draw,
                last_id_tag=c.id_tag,
                transaction_id=c.transaction_id,
                energy=c.session_energy,
                fullafter=None if c.ev.full_after_wh is None else round(c.ev.full_after_wh),
                delay=c.ev.delays,
            )

    def register(self, connector: int = 1) -> float:
        """A connector's meter register now (Wh)."""
        with self._lock:
            self._accrue()
            return self.connectors[connector].register

    def watched(self, connector: int = 1) -> WatchedSide:
        """One connector of this charger for the group safety watch."""
        return WatchedSide(self, connector)

    def enforced(self) -> Held:
        """The profiles the charger enforces now (those it accepted at least ``apply_delay`` ago)."""
        with self._lock:
            return self._enforced

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
            states = [(c.number, c.status, c.transaction_id) for c in self.connectors.values()]
        for number, status, _ in states:
            self._send_status(number, status)
        if self.meter_values_on_connect:
            for number, _, transaction_id in states:
                if transaction_id is not None:
                    self._send_meter_values(number)
        opened = [f"transaction {t} open on connector {n}" for n, _, t in states if t is not None]
        self.record.note(
            f"{self.alias}: connected to balanz (connection {self.connections}), "
            + ", ".join(f"connector {n} {s}" for n, s, _ in states)
            + (f", {', '.join(opened)}" if opened else "")
        )

    def _on_close(self) -> None:
        if self._stopping.is_set():
            return
        self.record.note(f"{self.alias}: connection to balanz lost; charging goes on at {self.offer:g} A")
        self._later(self._reconnect)

    def _reconnect(self) -> None:
        if self._link.connected:  # connected again already (``_close_and_reconnect``)
            return
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

    def _at(self, due: float, action: Callable[[], None]) -> None:
        """Run ``action`` on the worker at ``due`` (time.monotonic); the worker wakes for it."""
        with self._lock:
            heapq.heappush(self._timers, (due, next(self._seq), action))
        self._later(lambda: None)  # wake the worker so that it waits for the new timer

    def _submit(self, action: Callable[[], T]) -> Future[T]:
        future: Future[T] = Future()
        with self._jobs_lock:
            if self._stopping.is_set():
                future.set_exception(OcppError(f"{self.alias}: the charger was shut down"))
            else:
                self._jobs.put((action, future))
        return future

    def _next_wait(self) -> float | None:
        with self._lock:
            due = [self._timers[0][0]] if self._timers else []
        if self._link.connected:
            due.append(self._meter_due)
        return max(0.0, min(due) - time.monotonic()) if due else None

    def _run_timers(self) -> None:
        while True:
            with self._lock:
                if not self._timers or self._timers[0][0] > time.monotonic():
                    return
                _, _, action = heapq.heappop(self._timers)
            try:
                action()
            except OcppError as exc:
                self.record.note(f"{self.alias}: {exc}")

    def _work(self) -> None:
        while True:
            try:
                job = self._jobs.get(timeout=self._next_wait())
            except queue.Empty:
                job = None if self._stopping.is_set() else (lambda: None, None)
            self._run_timers()
            if self._link.connected and time.monotonic() >= self._meter_due:
                self._meter_tick()
            if job is None:
                break
            action, future = job
            if future is None:
                continue
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
            if job is not None and job[1] is not None:
                job[1].set_exception(OcppError(f"{self.alias}: the charger was shut down"))

    def _meter_tick(self) -> None:
        """Every meter-value interval: meter values for each connector in a transaction, else a heartbeat; and the
        EVs that are full by now stop drawing."""
        self._meter_due += self.meter_value_interval
        try:
            for number in self.connectors:
                self._evaluate(number)
            with self._lock:
                in_transaction = [c.number for c in self.connectors.values() if c.transaction_id is not None]
            for number in in_transaction:
                self._send_meter_values(number)
            if not in_transaction:
                self._link.call("Heartbeat", {})
        except OcppError:
            pass  # the connection dropped meanwhile: the next connection reports again

    # --- what the driver and the EV do ------------------------------------------------------------------
    def set_ev(self, ev: Ev, connector: int = 1) -> None:
        """The EV plugged in at ``connector`` is this one (its session, if any, follows it at once)."""
        with self._lock:
            self._accrue()
            self.connectors[connector].ev = ev
        self._run(lambda: self._evaluate(connector))

    def present_tag(self, tag: str, connector: int = 1) -> str:
        """The driver presents a tag: outside a session it starts one if balanz accepts the tag, in a
        session it ends it (reason Local). Returns balanz's authorization status, or "Stopped"."""
        return self._run(lambda: self._present_tag(tag, connector))

    def stop_transaction(self, tag: str | None, connector: int = 1) -> None:
        """End the session: StopTransaction (with the tag if one was presented), then Available."""
        self._run(lambda: self._stop_transaction(tag, connector))

    def unplug(self, connector: int = 1) -> None:
        """The driver unplugs the EV: a running transaction ends (EVDisconnected); the connector is Available."""
        self._run(lambda: self._unplug(connector))

    def reboot(self) -> None:
        """The charger reboots on its own: every running transaction stops (reason Reboot), its connection closes
        and it connects again (its profiles are kept); returns once it is connected again (or gave up)."""

        def restart() -> None:
            for number in self.connectors:
                self._stop_transaction(None, number, "Reboot")
            self.record.note(f"{self.alias}: rebooting")
            self._close_and_reconnect()

        self._run(restart)

    def drop_connection(self) -> None:
        """The charger's connection drops (its sessions go on) and it connects again at once; returns once it is
        connected again (or gave up): what its driver does next is sent on the new connection, as a real charger
        keeps its messages until it is connected."""
        self.record.note(f"{self.alias}: its connection drops")
        self._run(self._close_and_reconnect)

    def _close_and_reconnect(self) -> None:
        """(On the worker.) Close the connection, see it closed, and connect again in this job; the reconnect
        ``_on_close`` queues then finds the charger connected and does nothing."""
        self._link.close()
        closed = threading.Event()
        deadline = time.monotonic() + JOIN_WITHIN
        while self._link.connected and time.monotonic() < deadline:
            closed.wait(0.05)  # the link's receiver ends the connection within milliseconds of the close
        self._reconnect()

    def _present_tag(self, tag: str, number: int) -> str:
        connector = self.connectors[number]
        if connector.transaction_id is not None:
            self._stop_transaction(tag, number)
            return "Stopped"
        status = self._link.call("Authorize", {"idTag": tag})["idTagInfo"]["status"]
        self.record.note(f"{self.alias}: tag {tag} at connector {number} -> {status}")
        if status != "Accepted":
            return status
        with self._lock:
            connector.id_tag = tag
            connector.authorized = True
        self._set_status(number, "Preparing")
        if not self.options.transaction_when_charging:
            self._start_transaction(number)
        else:
            self._evaluate(number)
        return status

    def _start_transaction(self, number: int) -> None:
        connector = self.connectors[number]
        with self._lock:
            self._accrue()
            tag, meter_start = connector.id_tag, round(connector.register)
        reply = self._link.call(
            "StartTransaction", {"connectorId": number, "idTag": tag, "meterStart": meter_start, "timestamp": _now()}
        )
        with self._lock:
            self._accrue()
            connector.transaction_id = int(reply["transactionId"])
            connector.meter_start = float(meter_start)
            self.sessions.append(MeteredSession(number, str(tag), connector.transaction_id, meter_start, time.time()))
            connector.authorized = False
            self._limit(connector)
            self._moment(connector)
        self.record.note(
            f"{self.alias}: transaction {connector.transaction_id} started on connector {number} for tag {tag}, "
            f"meter {meter_start} Wh"
        )
        self._evaluate(number)

    def _stop_transaction(self, tag: str | None, number: int, reason: str | None = None) -> None:
        connector = self.connectors[number]
        with self._lock:
            self._accrue()
            transaction_id, meter_stop = connector.transaction_id, round(connector.register)
            connector.transaction_id = None
        if transaction_id is None:
            return
        self.profiles.end_transaction(number)
        with self._lock:
            ended = [p for p in self._enforced if p.purpose == "TxProfile" and p.connector == number]
            self._enforced = tuple(p for p in self._enforced if p not in ended)
        self._set_status(number, "Finishing")
        payload: dict[str, Any] = {
            "transactionId": transaction_id,
            "meterStop": meter_stop,
            "timestamp": _now(),
            "reason": reason or ("Local" if tag else "EVDisconnected"),
        }
        stopped_by = tag or connector.id_tag  # an unplugged EV's session ends with the tag that started it
        if stopped_by:
            payload["idTag"] = stopped_by
        self._link.call("StopTransaction", payload)
        with self._lock:
            session = next(s for s in reversed(self.sessions) if s.connector == number)
            session.meter_stop, session.stopped, session.reason = meter_stop, time.time(), payload["reason"]
            connector.id_tag = None
            connector.meter_start = 0.0
        self._set_status(number, "Available")
        self.record.note(
            f"{self.alias}: transaction {transaction_id} on connector {number} stopped ({payload['reason']}, meter "
            f"{meter_stop} Wh)"
        )

    def _unplug(self, number: int) -> None:
        connector = self.connectors[number]
        if connector.transaction_id is not None:
            self._stop_transaction(None, number)
            return
        with self._lock:
            connector.authorized = False
            connector.id_tag = None
        self._set_status(number, "Available")

    # --- messages (sent from the worker) --------------------------------------------------------------
    def _evaluate(self, number: int) -> None:
        """What the connector does with what it is allowed now: decided and stored under one lock, then reported.

        In a transaction the EV charges if the charger allows at least ``min_to_start`` and it wants power (not
        full, not delaying); a connector that waits for power to start its transaction starts it once its EV can
        draw."""
        connector = self.connectors[number]
        with self._lock:
            self._accrue()
            self._limit(connector)
            can_draw = connector.allowed >= self.min_to_start
            wants = not connector.full and not connector.ev.delays
            if connector.transaction_id is None:
                if not connector.authorized:
                    self._moment(connector)
                    return
                if can_draw and wants:
                    start = True
                else:
                    start = False
                    wanted = "SuspendedEV" if can_draw else "SuspendedEVSE"
            else:
                start = False
                wanted = "SuspendedEVSE" if not can_draw else "Charging" if wants else "SuspendedEV"
            if not start and wanted == connector.status:
                self._moment(connector)
                return
            if not start:
                connector.status = wanted
                self._moment(connector)
        if start:
            self._start_transaction(number)
            return
        self._report_status(number, wanted)

    def _set_status(self, number: int, status: str) -> None:
        with self._lock:
            self._accrue()
            connector = self.connectors[number]
            connector.status = status
            self._limit(connector)
            self._moment(connector)
        self._report_status(number, status)

    def _report_status(self, number: int, status: str) -> None:
        if self._link.connected:
            self._send_status(number, status)

    def _send_status(self, connector_id: int, status: str) -> None:
        self._link.call("StatusNotification", {"connectorId": connector_id, "errorCode": "NoError", "status": status})

    def _send_meter_values(self, number: int, context: str = "Sample.Periodic") -> None:
        with self._lock:
            self._accrue()
            c = self.connectors[number]
            draw, offer, register, transaction_id = c.draw, c.allowed, c.register, c.transaction_id
        values = [
            {"value": f"{draw:.1f}", "measurand": "Current.Import", "phase": phase, "unit": "A", "context": context}
            for phase in PHASES
        ]
        values.append({"value": f"{round(register)}", "measurand": "Energy.Active.Import.Register", "unit": "Wh"})
        if self.options.reports_offer:
            values.append({"value": f"{round(offer)}", "measurand": "Current.Offered", "unit": "A"})
        payload: dict[str, Any] = {"connectorId": number, "meterValue": [{"timestamp": _now(), "sampledValue": values}]}
        if transaction_id is not None:
            payload["transactionId"] = transaction_id
        self._link.call("MeterValues", payload)

    def _send_status_of(self, connector_id: int) -> None:
        with self._lock:
            status = self.connectors[connector_id].status if connector_id in self.connectors else "Available"
        self._send_status(connector_id, status)

    # --- balanz's calls (answered in the link's receiver thread; what follows goes to the worker) ------
    def _recorded(self, action: str, handler: Callable[[dict[str, Any]], Any]) -> Callable[[dict[str, Any]], Any]:
        """``handler`` answering after the charger's reply latency, every call recorded."""

        def answer(payload: dict[str, Any]) -> Any:
            received = time.time()
            if self.options.reply_latency:
                self._stopping.wait(self.options.reply_latency)  # the charger's own latency, not a wait for an outcome
            reply = handler(payload)
            body = reply.payload if isinstance(reply, Reply) else reply
            with self._lock:
                self.calls.append(ReceivedCall(received, action, payload, time.time(), body))
            return reply

        return answer

    def _then(self, action: Callable[[], object]) -> Callable[[], None]:
        return lambda: self._later(action)

    def _transactions(self) -> dict[int, int | None]:
        with self._lock:
            return {n: c.transaction_id for n, c in self.connectors.items()}

    def _on_set_profile(self, payload: dict[str, Any]) -> dict[str, Any] | Reply:
        if self.options.rejects_profiles:
            return {"status": self.profiles.refuse(payload, "the charger does no smart charging")}
        status = self.profiles.install(payload, self._transactions())
        if status != "Accepted":
            return {"status": status}
        return Reply({"status": status}, then=self._enforce_later(self.profiles.held))

    def _on_clear_profile(self, payload: dict[str, Any]) -> Reply:
        status = self.profiles.clear(payload)
        return Reply({"status": status}, then=self._enforce_later(self.profiles.held))

    def _enforce_later(self, held: Held) -> Callable[[], None]:
        """What follows a change of profiles: with no apply delay the charger enforces them at once (before its
        reply goes out), else ``apply_delay`` seconds later; its connectors then act on the new limits."""
        delay = self.options.apply_delay
        if not delay:
            self._enforce(held, report=False)
            return self._then(self._evaluate_all)
        due = time.monotonic() + delay
        return lambda: self._at(due, lambda: self._enforce(held, report=True))

    def _enforce(self, held: Held, *, report: bool) -> None:
        with self._lock:
            self._accrue()
            # A TxProfile of a transaction that ended meanwhile is not enforced.
            running = {n: c.transaction_id for n, c in self.connectors.items()}
            self._enforced = tuple(p for p in held if p.purpose != "TxProfile" or running.get(p.connector) is not None)
            for connector in self.connectors.values():
                self._limit(connector)
                self._moment(connector)
        if report:
            self._evaluate_all()

    def _evaluate_all(self) -> None:
        for number in self.connectors:
            self._evaluate(number)

    def _on_reset(self, payload: dict[str, Any]) -> Reply:
        """Reset (OCPP 1.6): accepted; then every running transaction is stopped with reason SoftReset or HardReset,
        and the charger restarts: it closes its connection and connects again (its profiles are kept)."""
        reason = "SoftReset" if payload.get("type") == "Soft" else "HardReset"

        def restart() -> None:
            for number in self.connectors:
                self._stop_transaction(None, number, reason)
            self.record.note(f"{self.alias}: restarting ({reason})")
            self._link.close()  # _on_close connects again

        return Reply({"status": "Accepted"}, then=self._then(restart))

    def _on_trigger(self, payload: dict[str, Any]) -> dict[str, Any] | Reply:
        """TriggerMessage: accepted, and the requested message follows once the reply is sent."""
        requested = payload["requestedMessage"]
        self.triggers_answered.append(requested)
        connector_id = payload.get("connectorId")

        def meter_values() -> None:
            for number, transaction_id in self._transactions().items():
                if transaction_id is not None and connector_id in (None, number):
                    self._send_meter_values(number, "Trigger")

        triggered: dict[str, Callable[[], object]] = {
            "BootNotification": lambda: self._link.call(
                "BootNotification", {"chargePointVendor": "balanz-acceptance", "chargePointModel": "PlayedCharger"}
            ),
            "StatusNotification": lambda: self._send_status_of(int(connector_id or 1)),
            "Heartbeat": lambda: self._link.call("Heartbeat", {}),
        }
        if self.meter_values_when_asked:
            triggered["MeterValues"] = meter_values
        if requested not in triggered:
            return {"status": "NotImplemented"}
        return Reply({"status": "Accepted"}, then=self._then(triggered[requested]))
