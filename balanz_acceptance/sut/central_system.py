"""A parent central system the harness plays (OCPP 1.6), for balanz running as a local controller.

With ``[ext-server] server`` set, balanz opens one connection per charger to a parent central system
(``<server><charger id>``), passes the charger's messages on and listens in on them (balanz.py on_connect,
charge_point_lc_v16.py). This is that parent, played by the harness: a websocket server on 127.0.0.1 that

* records every frame it receives and sends, with its time (``Message``), and every connection, with the
  request's headers and how it ended (``Connection``);
* answers the charge point's calls as the scenario says (``Answers``): a tag's authorization status (every
  tag Accepted unless told otherwise), its own transaction ids (counted from ``next_transaction_id``), the
  heartbeat interval, a delay before every answer, or no answer at all (silent);
* sends the charger calls of its own (RemoteStartTransaction, Reset, TriggerMessage, SetChargingProfile,
  ClearChargingProfile, ...) and keeps what came back (``CallOutcome``);
* can stop accepting connections (unreachable) and accept them again on the same port.

It stands on the ``ocpp`` package's central-system side (``ocpp.v16.ChargePoint`` with ``@on`` handlers):
every call it receives and every reply to its own calls is validated against the OCPP 1.6 JSON schemas,
so a message balanz passes on that OCPP 1.6 does not allow is answered with a CALLERROR (a call) or
reported as invalid (a reply), and noted in ``violations``. The ``ocpp`` package is asyncio-only, so the
central system runs its own event loop in a thread of its own; every method here is called from other
threads and is thread-safe.

It does not: keep a local authorization list, reservations, firmware or diagnostics, smart charging of its
own (it only sends the profiles a step gives it), or check that a transaction it did not start exists.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from ocpp.charge_point import camel_to_snake_case
from ocpp.exceptions import OCPPError
from ocpp.routing import on
from ocpp.v16 import ChargePoint, call, call_result
from ocpp.v16.datatypes import IdTagInfo
from ocpp.v16.enums import Action, DataTransferStatus, RegistrationStatus
from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response

from balanz_acceptance.sut.ocppj import CALL, CALLERROR, CALLRESULT

#: Seconds ``start`` waits for the server to listen and ``stop`` for the thread to end.
START_WITHIN = 10.0
#: The ocpp package's own log (every frame at INFO, validation failures with a stack trace) stays out of the
#: console: what matters is in the record (``messages``, ``violations``).
_LOG = logging.getLogger("balanz_acceptance.central_system")
_LOG.addHandler(logging.NullHandler())
_LOG.propagate = False


def _now_iso() -> str:
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")


@dataclass(frozen=True)
class Message:
    """One OCPP-J frame on a connection between balanz and the central system."""

    #: When it was received or sent (time.monotonic()).
    at: float
    charger_id: str
    #: The charger's connection it went over: 1 for its first, 2 for the next ...
    connection: int
    #: True: the central system sent it; False: it came from balanz.
    sent: bool
    #: CALL, CALLRESULT or CALLERROR (sut/ocppj.py); None for a frame that is no OCPP-J message.
    kind: int | None
    message_id: str
    #: A call's action; for a result or an error, the action of the call it answers (if that call was seen).
    action: str | None
    #: A call's or result's payload; an error's [code, description, details].
    payload: Any
    raw: str

    @property
    def is_call(self) -> bool:
        """True for a call (not a reply)."""
        return self.kind == CALL

    def __str__(self) -> str:
        arrow = "->" if self.sent else "<-"
        what = {CALL: "call", CALLRESULT: "result", CALLERROR: "error"}.get(self.kind or 0, "frame")
        return f"{self.charger_id}#{self.connection} {arrow} {what} {self.action} {self.message_id} {self.payload}"


@dataclass
class Connection:
    """One connection balanz opened for a charger."""

    charger_id: str
    number: int
    opened_at: float
    #: The HTTP request's headers as the central system received them (Authorization, User-Agent ...).
    headers: dict[str, str]
    subprotocol: str | None
    closed_at: float | None = None
    close_code: int | None = None
    #: "balanz" (it sent the close frame first), "central system", or "lost" (no closing handshake).
    closed_by: str | None = None

    @property
    def open(self) -> bool:
        """True until the connection has closed."""
        return self.closed_at is None


@dataclass(frozen=True)
class CallOutcome:
    """What came of a call the central system sent a charger (through balanz)."""

    action: str
    message_id: str
    sent_at: float
    #: The reply's payload as it came (also when it is not valid OCPP 1.6); None without a CALLRESULT.
    reply: dict[str, Any] | None
    #: Why the call did not succeed: a CALLERROR, a reply that is not valid OCPP 1.6, or no reply in time.
    error: str | None
    replied_at: float | None = None

    @property
    def status(self) -> str | None:
        """The reply's status field, if it has one."""
        return None if self.reply is None else self.reply.get("status")


@dataclass
class Answers:
    """How the central system answers the charge points' calls; a step may change it at any time."""

    #: The status of a tag the central system has no word for.
    default_tag_status: str = "Accepted"
    #: Tag (upper case) → authorization status (Accepted, Blocked, Expired, Invalid, ConcurrentTx).
    tag_status: dict[str, str] = field(default_factory=dict)
    #: The transaction id the next StartTransaction gets (then counted up, over all chargers).
    next_transaction_id: int = 1001
    #: The heartbeat interval a BootNotification is told (s).
    heartbeat_interval: int = 60
    #: Seconds before every answer (a slow central system).
    reply_delay: float = 0.0
    #: Silent: every frame is received and recorded, nothing is answered or sent.
    silent: bool = False

    def status_of(self, tag: str) -> str:
        """The authorization status the central system gives ``tag``."""
        return self.tag_status.get(tag.upper(), self.default_tag_status)


@dataclass(frozen=True)
class Transaction:
    """A transaction the central system numbered (its StartTransaction answer)."""

    charger_id: str
    transaction_id: int
    id_tag: str
    status: str
    at: float


class CentralSystem:
    """The parent central system: a websocket server in a thread of its own, at ``url`` (``ws://host:port/``).

    ``note`` hears of connections opened and closed and of messages that are not valid OCPP 1.6.
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        answers: Answers | None = None,
        note: Callable[[str], None] | None = None,
        call_timeout: float = 10.0,
    ) -> None:
        self.host = host
        self.port = port
        self.answers = answers or Answers()
        self.note = note
        self.call_timeout = call_timeout
        self._messages: list[Message] = []
        self._connections: list[Connection] = []
        self._transactions: list[Transaction] = []
        self._violations: list[str] = []
        self._live: dict[int, tuple[Connection, ServerConnection, _ParentSide]] = {}
        self._lock = threading.Lock()  # guards the records, the answers' counter and _live
        self._ids = itertools.count(1)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._server: Server | None = None

    # --- life cycle ----------------------------------------------------------------------------------
    @property
    def url(self) -> str:
        """The URL balanz's ``[ext-server] server`` names (balanz appends the charger id)."""
        return f"ws://{self.host}:{self.port}/"

    def start(self) -> CentralSystem:
        """Start the event loop thread and listen (on ``port``; 0: one the OS chooses). Returns self."""
        ready = threading.Event()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run_loop, args=(ready,), name="central-system", daemon=True)
        self._thread.start()
        if not ready.wait(START_WITHIN):
            raise RuntimeError("the central system's event loop did not start")
        self._await(self._listen(), START_WITHIN)
        return self

    def stop(self) -> None:
        """Close every connection and the server, end the thread (idempotent)."""
        loop = self._loop
        if loop is None or not loop.is_running():
            return
        with contextlib.suppress(Exception):
            self._await(self._shutdown(), START_WITHIN)
        loop.call_soon_threadsafe(loop.stop)
        if self._thread is not None:
            self._thread.join(START_WITHIN)

    def refuse_connections(self) -> None:
        """Stop listening: a new connection is refused (connections already open stay)."""
        self._await(self._unlisten(), START_WITHIN)
        self._tell("stopped accepting connections")

    def accept_connections(self) -> None:
        """Listen again, on the same port."""
        self._await(self._listen(), START_WITHIN)
        self._tell("accepting connections again")

    def go_down(self) -> None:
        """An outage: stop listening and close every open connection (code 1001, going away)."""
        self._await(self._shutdown(), START_WITHIN)
        self._tell("down: connections closed, no new ones accepted")

    def _run_loop(self, ready: threading.Event) -> None:
        assert self._loop is not None
        asyncio.set_event_loop(self._loop)
        self._loop.call_soon(ready.set)
        try:
            self._loop.run_forever()
        finally:
            self._loop.close()

    def _await(self, coroutine: Any, within: float) -> Any:
        assert self._loop is not None
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(within)

    async def _listen(self) -> None:
        if self._server is not None:
            return
        self._server = await serve(
            self._serve,
            self.host,
            self.port,
            subprotocols=["ocpp1.6"],  # type: ignore[list-item]
            process_request=self._check_path,
            close_timeout=1,
        )
        self.port = self._server.sockets[0].getsockname()[1]

    async def _unlisten(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            server.close(close_connections=False)

    async def _shutdown(self) -> None:
        await self._unlisten()
        with self._lock:
            live = [ws for _, ws, _ in self._live.values()]
        for ws in live:
            with contextlib.suppress(Exception):
                await ws.close(1001, "central system going away")

    @staticmethod
    def _check_path(connection: ServerConnection, request: Request) -> Response | None:
        if not request.path.strip("/"):
            return connection.respond(404, "no charger id in the path\n")  # type: ignore[arg-type]
        return None

    # --- one connection ------------------------------------------------------------------------------
    async def _serve(self, ws: ServerConnection) -> None:
        charger_id = ws.request.path.strip("/") if ws.request else "?"
        headers = {name: value for name, value in ws.request.headers.raw_items()} if ws.request else {}
        with self._lock:
            number = 1 + sum(1 for c in self._connections if c.charger_id == charger_id)
            connection = Connection(charger_id, number, time.monotonic(), headers, ws.subprotocol)
            self._connections.append(connection)
            side = _ParentSide(self, connection, ws)
            self._live[id(ws)] = (connection, ws, side)
        self._tell(f"{charger_id} connected (connection {number}), Authorization: {headers.get('Authorization')}")
        try:
            async for raw in ws:
                text = raw if isinstance(raw, str) else raw.decode(errors="replace")
                self._record(connection, text, sent=False)
                if self.answers.silent:
                    continue
                await side.route_message(text)
        except ConnectionClosed:
            pass
        finally:
            with self._lock:
                self._live.pop(id(ws), None)
                connection.closed_at = time.monotonic()
                connection.closed_by, connection.close_code = _who_closed(ws)
            self._tell(
                f"{charger_id} connection {number} closed by {connection.closed_by} (code {connection.close_code})"
            )

    def _record(self, connection: Connection, text: str, *, sent: bool) -> Message:
        try:
            frame = json.loads(text)
        except ValueError:
            frame = None
        kind = message_id = action = payload = None
        if isinstance(frame, list) and len(frame) >= 3 and frame[0] in (CALL, CALLRESULT, CALLERROR):
            kind, message_id = frame[0], str(frame[1])
            if kind == CALL and len(frame) == 4:
                action, payload = frame[2], frame[3]
            elif kind == CALLRESULT:
                payload = frame[2]
            else:
                payload = frame[2:]
        with self._lock:
            if kind in (CALLRESULT, CALLERROR):
                asked = [m for m in self._messages if m.is_call and m.message_id == message_id and m.sent != sent]
                action = asked[-1].action if asked else None
            message = Message(
                time.monotonic(), connection.charger_id, connection.number, sent, kind, message_id or "", action,
                payload, text,
            )  # fmt: skip
            self._messages.append(message)
        if kind is None:
            self._violation(f"{connection.charger_id}: a frame that is no OCPP-J message: {text[:120]!r}")
        return message

    def _violation(self, text: str) -> None:
        with self._lock:
            self._violations.append(text)
        self._tell(f"NOT OCPP 1.6: {text}")

    def _tell(self, text: str) -> None:
        if self.note is not None:
            self.note(f"central system: {text}")

    # --- what the central system decides ----------------------------------------------------------------
    def _start_transaction(self, charger_id: str, id_tag: str) -> Transaction:
        with self._lock:
            status = self.answers.status_of(id_tag)
            transaction = Transaction(charger_id, self.answers.next_transaction_id, id_tag, status, time.monotonic())
            self.answers.next_transaction_id += 1
            self._transactions.append(transaction)
        return transaction

    # --- the records -----------------------------------------------------------------------------------
    def messages(self, charger_id: str | None = None) -> list[Message]:
        """Every frame so far (of one charger's connections, if given), in order."""
        with self._lock:
            return [m for m in self._messages if charger_id is None or m.charger_id == charger_id]

    def received_calls(self, charger_id: str | None = None) -> list[Message]:
        """The calls balanz passed on from the charger(s), in order."""
        return [m for m in self.messages(charger_id) if m.is_call and not m.sent]

    def connections(self, charger_id: str | None = None) -> list[Connection]:
        """Every connection so far (of one charger, if given), in order."""
        with self._lock:
            return [c for c in self._connections if charger_id is None or c.charger_id == charger_id]

    def transactions(self, charger_id: str | None = None) -> list[Transaction]:
        """The transactions the central system numbered (of one charger, if given), in order."""
        with self._lock:
            return [t for t in self._transactions if charger_id is None or t.charger_id == charger_id]

    def violations(self) -> list[str]:
        """Every message from balanz that is not valid OCPP 1.6 (or no OCPP-J frame), as one line each."""
        with self._lock:
            return list(self._violations)

    # --- the central system's own calls ---------------------------------------------------------------
    def call(
        self,
        charger_id: str,
        action: str,
        payload: dict[str, Any],
        *,
        timeout: float | None = None,
        message_id: str | None = None,
    ) -> CallOutcome:
        """Send ``action`` (OCPP 1.6 wire names, camelCase payload) to the charger's open connection and wait
        for what comes back; ``message_id`` (default ``cs-<n>``) is the call's message id. AssertionError if the
        charger has no open connection; an OCPP error if the request itself is not valid OCPP 1.6."""
        wait = self.call_timeout if timeout is None else timeout
        with self._lock:
            sides = [side for conn, _, side in self._live.values() if conn.charger_id == charger_id]
        if not sides:
            raise AssertionError(f"the central system has no open connection for {charger_id}")
        side = sides[-1]
        request = getattr(call, action)(**camel_to_snake_case(payload))
        message_id = message_id or f"cs-{next(self._ids)}"
        sent_at = time.monotonic()
        error: str | None = None
        try:
            self._await(side.call(request, suppress=False, unique_id=message_id), wait + 1.0)
        except OCPPError as exc:
            error = _describe(exc)
        except TimeoutError:
            error = f"no reply within {wait:g}s"
        replies = [m for m in self.messages(charger_id) if not m.sent and not m.is_call and m.message_id == message_id]
        reply = replies[0] if replies else None
        if reply is not None and reply.kind == CALLRESULT and error is not None:
            error = f"the reply is not valid OCPP 1.6 ({error})"
            self._violation(f"{charger_id}: {action} answered {reply.payload}: {error}")
        elif reply is not None and reply.kind == CALLERROR:
            error = f"CALLERROR {reply.payload}"
        return CallOutcome(
            action,
            message_id,
            sent_at,
            reply.payload if reply is not None and reply.kind == CALLRESULT else None,
            error,
            reply.at if reply is not None else None,
        )

    def send_call(self, connection: Connection, action: str, payload: dict[str, Any]) -> str:
        """Send ``action`` on ``connection`` (one balanz opened for a charger) and wait for no answer (an answer is
        recorded like any frame); returns the call's message id. AssertionError if that connection is closed."""
        with self._lock:
            sides = [side for conn, _, side in self._live.values() if conn is connection]
        if not sides:
            raise AssertionError(f"the central system's connection for {connection.charger_id} is closed")
        message_id = f"cs-{next(self._ids)}"
        frame = json.dumps([CALL, message_id, action, payload], separators=(",", ":"))
        self._await(sides[-1].send_frame(frame), self.call_timeout)
        return message_id


def _describe(exc: OCPPError) -> str:
    """An OCPP error in one line: its code and the first line of its cause."""
    details = exc.details if isinstance(exc.details, dict) else {}
    cause = str(details.get("cause") or exc.description or "").splitlines()
    return f"{getattr(exc, 'code', type(exc).__name__)}: {cause[0] if cause else type(exc).__name__}"


def _who_closed(ws: ServerConnection) -> tuple[str, int | None]:
    protocol = ws.protocol
    received, sent = protocol.close_rcvd, protocol.close_sent
    if received is not None and (sent is None or protocol.close_rcvd_then_sent):
        return "balanz", received.code
    if sent is not None:
        return "central system", sent.code
    return "lost", None


class _Recording:
    """The connection as the ocpp package sees it: what it sends is recorded first."""

    def __init__(self, central: CentralSystem, connection: Connection, ws: ServerConnection) -> None:
        self._central = central
        self._connection = connection
        self._ws = ws

    async def send(self, text: str) -> None:
        """Record, then send."""
        if self._central.answers.silent:
            return
        self._central._record(self._connection, text, sent=True)
        await self._ws.send(text)

    async def recv(self) -> str:
        """Not used: the central system reads the connection itself (``CentralSystem._serve``)."""
        raise NotImplementedError


class _ParentSide(ChargePoint):
    """The central system's side of one charger's connection: answers as ``Answers`` says."""

    def __init__(self, central: CentralSystem, connection: Connection, ws: ServerConnection) -> None:
        super().__init__(connection.charger_id, _Recording(central, connection, ws), response_timeout=3600, logger=_LOG)
        self._central = central
        self._charger_id = connection.charger_id

    async def send_frame(self, frame: str) -> None:
        """Send a frame as it is (recorded), outside the ocpp package's one call at a time."""
        await self._connection.send(frame)

    async def route_message(self, raw_msg: str) -> None:
        """As the ocpp package routes it; a call it answers with a CALLERROR is noted as not OCPP 1.6."""
        before = len(self._central.messages(self._charger_id))
        await super().route_message(raw_msg)
        answered = self._central.messages(self._charger_id)[before:]
        for message in answered:
            if message.sent and message.kind == CALLERROR:
                self._central._violation(f"{self._charger_id}: {raw_msg[:160]} answered {message.payload}")

    async def _pause(self) -> None:
        delay = self._central.answers.reply_delay
        if delay > 0:
            await asyncio.sleep(delay)

    @on(Action.boot_notification)
    async def on_boot_notification(self, **kwargs: Any) -> call_result.BootNotification:
        await self._pause()
        return call_result.BootNotification(
            current_time=_now_iso(),
            interval=self._central.answers.heartbeat_interval,
            status=RegistrationStatus.accepted,
        )

    @on(Action.heartbeat)
    async def on_heartbeat(self, **kwargs: Any) -> call_result.Heartbeat:
        await self._pause()
        return call_result.Heartbeat(current_time=_now_iso())

    @on(Action.status_notification)
    async def on_status_notification(self, **kwargs: Any) -> call_result.StatusNotification:
        await self._pause()
        return call_result.StatusNotification()

    @on(Action.authorize)
    async def on_authorize(self, id_tag: str, **kwargs: Any) -> call_result.Authorize:
        await self._pause()
        return call_result.Authorize(id_tag_info=IdTagInfo(status=self._central.answers.status_of(id_tag)))

    @on(Action.start_transaction)
    async def on_start_transaction(self, id_tag: str, **kwargs: Any) -> call_result.StartTransaction:
        await self._pause()
        transaction = self._central._start_transaction(self._charger_id, id_tag)
        return call_result.StartTransaction(
            transaction_id=transaction.transaction_id, id_tag_info=IdTagInfo(status=transaction.status)
        )

    @on(Action.stop_transaction)
    async def on_stop_transaction(self, id_tag: str | None = None, **kwargs: Any) -> call_result.StopTransaction:
        await self._pause()
        if id_tag is None:
            return call_result.StopTransaction()
        return call_result.StopTransaction(id_tag_info=IdTagInfo(status=self._central.answers.status_of(id_tag)))

    @on(Action.meter_values)
    async def on_meter_values(self, **kwargs: Any) -> call_result.MeterValues:
        await self._pause()
        return call_result.MeterValues()

    @on(Action.data_transfer)
    async def on_data_transfer(self, **kwargs: Any) -> call_result.DataTransfer:
        await self._pause()
        return call_result.DataTransfer(status=DataTransferStatus.unknown_vendor_id)

    @on(Action.diagnostics_status_notification)
    async def on_diagnostics_status_notification(self, **kwargs: Any) -> call_result.DiagnosticsStatusNotification:
        await self._pause()
        return call_result.DiagnosticsStatusNotification()

    @on(Action.firmware_status_notification)
    async def on_firmware_status_notification(self, **kwargs: Any) -> call_result.FirmwareStatusNotification:
        await self._pause()
        return call_result.FirmwareStatusNotification()
