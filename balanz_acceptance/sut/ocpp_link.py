"""An OCPP-J 1.6 connection as a charge point: calls to the central system, and answers to its calls.

OCPP-J frames (sut/ocppj.py) go over websockets' sync client, opened as every connection of the harness is
(sut/ws.py ``open_connection``): the ``ocpp`` package's ChargePoint is asyncio-only and would need an event loop
thread beside the harness's threads (and a second copy of the played charger's state machine on it), for the
handful of messages a charger of the suite sends and answers; its schemas are used instead (below).

A receiver thread reads every frame: results and errors go to the call waiting for them, the central
system's calls go to the ``handlers`` (action → payload → reply payload, or a ``Reply`` with work to do once
the reply is sent). A handler runs in the receiver thread, so it must not make a call itself (its reply
could never be read): it hands such work on. One call is outstanding at a time (OCPP-J: a sender SHOULD NOT
send a call before the previous one is answered). A frame that is not a well-formed OCPP-J message is
answered with a CALLERROR where it has a message id to answer, else ignored (and noted); the connection
stays.

Every message is checked against the OCPP 1.6 JSON schemas (sut/ocpp_schemas.py), both ways: a call of the
central system that breaks them is answered with the CALLERROR the schema violation calls for, and noted; a
result of the central system that breaks them fails the call (OcppError) and is noted; a call or result of the
charger's own that breaks them is a fault of the harness (OcppError, InternalError), never sent.
"""

from __future__ import annotations

import itertools
import json
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from websockets.exceptions import ConnectionClosed
from websockets.protocol import State
from websockets.sync.client import ClientConnection

from balanz_acceptance.sut.ocpp_schemas import problem
from balanz_acceptance.sut.ocppj import CALL, CALLERROR, CALLRESULT
from balanz_acceptance.sut.ws import ConnectError, open_connection

#: Seconds ``shutdown`` waits for the receiver thread to end (it ends as soon as its connection is closed).
JOIN_WITHIN = 5.0


@dataclass(frozen=True)
class Reply:
    """A handler's reply payload, with work to start once the reply is sent (OCPP 1.6: the message a
    TriggerMessage asks for follows its TriggerMessage.conf). ``then`` runs in the receiver thread right
    after the reply went out: it must only hand the work to another thread, as a handler must."""

    payload: dict[str, Any]
    then: Callable[[], object] | None = None


#: A handler answers a central system's call: its payload in, the reply's payload (or a ``Reply``) out.
Handler = Callable[[dict[str, Any]], "dict[str, Any] | Reply"]


class OcppError(Exception):
    """A call was answered with a CALLERROR, got no answer in time, or the connection is gone."""


@dataclass
class _Pending:
    action: str = ""
    done: threading.Event = field(default_factory=threading.Event)
    reply: Any = None
    error: str | None = None


class OcppLink:
    """One charge point's OCPP-J 1.6 connection to a central system (``<url>/<charger_id>``).

    ``connect`` may be called again after the connection dropped (a charger connecting again), never while
    it is open; ``on_close`` is called (from the receiver thread) whenever an open connection ends; ``note``
    hears of frames the link could not make sense of. After ``shutdown`` it connects no more.
    """

    def __init__(
        self,
        url: str,
        charger_id: str,
        handlers: Mapping[str, Handler],
        *,
        timeout: float = 10.0,
        on_close: Callable[[], None] | None = None,
        note: Callable[[str], None] | None = None,
        checked: bool = True,
    ) -> None:
        self.url = f"{url.rstrip('/')}/{charger_id}"
        #: Whether every message is checked against the OCPP 1.6 schemas both ways (off only where a test needs a
        #: charger that sends what the schemas forbid).
        self.checked = checked
        self.charger_id = charger_id
        self.handlers = dict(handlers)
        self.timeout = timeout
        self.on_close = on_close
        self.note = note
        self._conn: ClientConnection | None = None
        #: The close code of the connection that ended last (the one balanz sent, or 1006 if it sent none); None
        #: before a connection ended.
        self.last_close_code: int | None = None
        self._receiver: threading.Thread | None = None
        self._shut = False
        self._pending: dict[str, _Pending] = {}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()  # guards _conn, _receiver and _shut
        self._call_lock = threading.Lock()  # one outstanding call at a time

    def _problem(self, kind: int, action: str, payload: Any) -> tuple[str, str] | None:
        """What breaks the OCPP 1.6 schema (sut/ocpp_schemas.py problem), unless the link is not checked."""
        return problem(kind, action, payload) if self.checked else None

    @property
    def connected(self) -> bool:
        """True while the connection is open."""
        return self._conn is not None

    @property
    def closing(self) -> bool:
        """True once the open connection's closing handshake has begun: the library's own thread sees a close
        frame even while a handler holds up the reader."""
        conn = self._conn
        return conn is not None and conn.protocol.state is not State.OPEN

    def connect(self, open_timeout: float = 5.0) -> None:
        """Open the connection (subprotocol ocpp1.6) and start reading it; OcppError if that fails, if the
        connection is open already, or if the link was shut down (also while it was connecting)."""
        if self._shut:
            raise OcppError(f"{self.charger_id}: the link is shut down")
        try:
            conn = open_connection(self.url, subprotocols=["ocpp1.6"], open_timeout=open_timeout)
        except ConnectError as exc:
            raise OcppError(f"{self.charger_id}: {exc}") from exc
        with self._lock:
            refused = "the link was shut down" if self._shut else "it is connected already" if self._conn else None
            if refused is None:
                self._conn = conn
                self._receiver = threading.Thread(
                    target=self._receive, args=(conn,), name=f"ocpp-{self.charger_id}", daemon=True
                )
                self._receiver.start()
        if refused is not None:
            conn.close()
            raise OcppError(f"{self.charger_id}: connection to {self.url} not kept: {refused}")

    def call(self, action: str, payload: dict[str, Any], *, timeout: float | None = None) -> dict[str, Any]:
        """Send a call and return the central system's reply payload (OcppError on a CALLERROR or no reply).
        A call made while another is outstanding waits for it (within the same timeout)."""
        wait = self.timeout if timeout is None else timeout
        if not self._call_lock.acquire(timeout=wait):
            raise OcppError(f"{self.charger_id}: {action}: another call still awaited its reply after {wait:g}s")
        try:
            return self._call(action, payload, wait)
        finally:
            self._call_lock.release()

    def _call(self, action: str, payload: dict[str, Any], wait: float) -> dict[str, Any]:
        conn = self._conn
        if conn is None:
            raise OcppError(f"{self.charger_id}: {action}: not connected")
        invalid = self._problem(CALL, action, payload)
        if invalid is not None:
            raise OcppError(f"{self.charger_id}: {action}: the charger's own call is not valid OCPP 1.6: {invalid[1]}")
        message_id = f"{self.charger_id}-{next(self._ids)}"
        pending = self._pending[message_id] = _Pending(action)
        try:
            conn.send(json.dumps([CALL, message_id, action, payload]))
            if not pending.done.wait(wait):
                raise OcppError(f"{self.charger_id}: {action}: no reply within {wait:g}s")
        except (ConnectionClosed, OSError) as exc:
            raise OcppError(f"{self.charger_id}: {action}: connection lost ({exc})") from exc
        finally:
            self._pending.pop(message_id, None)
        if pending.error is not None:
            raise OcppError(f"{self.charger_id}: {action}: {pending.error}")
        return pending.reply

    def close(self) -> None:
        """Close the connection, if open (``on_close`` is called as for any other end)."""
        conn = self._conn
        if conn is not None:
            conn.close()

    def shutdown(self) -> None:
        """Close the connection for good (a ``connect`` under way does not keep its connection) and wait,
        up to JOIN_WITHIN seconds, for the receiver thread to end."""
        with self._lock:
            self._shut = True
            receiver = self._receiver
        self.close()
        if receiver is not None and receiver is not threading.current_thread():
            receiver.join(JOIN_WITHIN)

    def _tell(self, text: str) -> None:
        if self.note is not None:
            self.note(f"{self.charger_id}: {text}")

    def _receive(self, conn: ClientConnection) -> None:
        try:
            for text in conn:
                try:
                    self._dispatch(conn, text)
                except (ConnectionClosed, OSError):
                    raise
                except Exception as exc:  # one bad frame must not end the connection
                    self._tell(f"could not handle the frame {str(text)[:120]!r}: {type(exc).__name__}: {exc}")
        except (ConnectionClosed, OSError):
            pass
        finally:
            conn.close()  # whatever ended the loop, the socket goes with it
            self.last_close_code = conn.close_code
            with self._lock:
                if self._conn is conn:
                    self._conn = None
            for pending in list(self._pending.values()):
                pending.error = "connection lost"
                pending.done.set()
            if self.on_close is not None:
                self.on_close()

    def _dispatch(self, conn: ClientConnection, text: str | bytes) -> None:
        try:
            frame = json.loads(text)
        except ValueError:
            self._tell(f"ignored a frame that is not JSON: {str(text)[:120]!r}")
            return
        if not isinstance(frame, list) or len(frame) < 2 or not isinstance(frame[1], str):
            self._tell(f"ignored a frame that is no OCPP-J message (no message id): {str(text)[:120]!r}")
            return
        kind, message_id = frame[0], frame[1]
        if kind == CALL:
            reply, then = self._answer(frame)
            conn.send(json.dumps(reply))
            if then is not None:
                then()
        elif kind in (CALLRESULT, CALLERROR):
            self._settle(frame)
        else:  # OCPP-J: a message of an unknown type is ignored
            self._tell(f"ignored a frame of unknown message type {kind!r} (id {message_id})")

    def _settle(self, frame: list[Any]) -> None:
        pending = self._pending.get(frame[1])
        if pending is None:
            return  # an answer to a call that gave up waiting
        if frame[0] == CALLRESULT and len(frame) == 3:
            pending.reply = frame[2]
            invalid = self._problem(CALLRESULT, pending.action, frame[2])
            if invalid is not None:
                pending.error = f"the central system's reply is not valid OCPP 1.6: {invalid[1]}"
                self._tell(f"{pending.action}: {pending.error}: {frame[2]!r}")
        elif frame[0] == CALLERROR and len(frame) >= 4:
            pending.error = f"{frame[2]}: {frame[3]}"
        else:
            pending.error = f"malformed answer {frame!r}"
        pending.done.set()

    def _answer(self, frame: list[Any]) -> tuple[list[Any], Callable[[], object] | None]:
        message_id = frame[1]
        if len(frame) != 4 or not isinstance(frame[2], str):
            return [CALLERROR, message_id, "ProtocolError", "a call is [2, id, action, payload]", {}], None
        action, payload = frame[2], frame[3]
        if not isinstance(payload, dict):
            return [CALLERROR, message_id, "FormationViolation", f"{action}: the payload is no object", {}], None
        handler = self.handlers.get(action)
        if handler is None:
            return [CALLERROR, message_id, "NotImplemented", f"{action} is not supported", {}], None
        invalid = self._problem(CALL, action, payload)
        if invalid is not None:
            self._tell(f"the central system's {action} is not valid OCPP 1.6: {invalid[1]}: {payload!r}")
            return [CALLERROR, message_id, invalid[0], invalid[1], {}], None
        try:
            answer = handler(payload)
        except Exception as exc:  # the central system gets the error; the connection stays
            return [CALLERROR, message_id, "InternalError", f"{type(exc).__name__}: {exc}", {}], None
        reply = answer if isinstance(answer, Reply) else Reply(answer)
        invalid = self._problem(CALLRESULT, action, reply.payload)
        if invalid is not None:  # the harness's fault: never sent as it is
            self._tell(f"its own answer to {action} is not valid OCPP 1.6: {invalid[1]}")
            return [CALLERROR, message_id, "InternalError", f"invalid answer: {invalid[1]}", {}], None
        return [CALLRESULT, message_id, reply.payload], reply.then
