"""An OCPP-J 1.6 connection as a charge point: calls to the central system, and answers to its calls.

OCPP-J frames are JSON arrays: ``[2, id, action, payload]`` a call, ``[3, id, payload]`` its result,
``[4, id, code, description, details]`` its error. This module speaks exactly that over websockets' sync
client, which the harness already uses: the ``ocpp`` package is asyncio-only and would need an event loop
thread beside the harness's threads, for the handful of messages a charger of the suite sends and answers.

A receiver thread reads every frame: results and errors go to the call waiting for them, the central
system's calls go to the ``handlers`` (action → payload → reply payload). A handler runs in the receiver
thread, so it must not make a call itself (its reply could never be read): it hands such work to another
thread.
"""

from __future__ import annotations

import itertools
import json
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from websockets.exceptions import ConnectionClosed, WebSocketException
from websockets.sync.client import ClientConnection, connect

from balanz_acceptance.sut.ws import CLOSE_TIMEOUT

CALL, CALLRESULT, CALLERROR = 2, 3, 4

#: A handler answers a central system's call: its payload in, the reply's payload out.
Handler = Callable[[dict[str, Any]], dict[str, Any]]


class OcppError(Exception):
    """A call was answered with a CALLERROR, got no answer in time, or the connection is gone."""


@dataclass
class _Pending:
    done: threading.Event = field(default_factory=threading.Event)
    reply: Any = None
    error: str | None = None


class OcppLink:
    """One charge point's OCPP-J 1.6 connection to a central system (``<url>/<charger_id>``).

    ``connect`` may be called again after the connection dropped (a charger connecting again);
    ``on_close`` is called (from the receiver thread) whenever an open connection ends.
    """

    def __init__(
        self,
        url: str,
        charger_id: str,
        handlers: Mapping[str, Handler],
        *,
        timeout: float = 10.0,
        on_close: Callable[[], None] | None = None,
    ) -> None:
        self.url = f"{url.rstrip('/')}/{charger_id}"
        self.charger_id = charger_id
        self.handlers = dict(handlers)
        self.timeout = timeout
        self.on_close = on_close
        self._conn: ClientConnection | None = None
        self._pending: dict[str, _Pending] = {}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    @property
    def connected(self) -> bool:
        """True while the connection is open."""
        return self._conn is not None

    def connect(self, open_timeout: float = 5.0) -> None:
        """Open the connection (subprotocol ocpp1.6) and start reading it; OcppError if that fails."""
        try:
            conn = connect(self.url, subprotocols=["ocpp1.6"], open_timeout=open_timeout, close_timeout=CLOSE_TIMEOUT)
        except (OSError, TimeoutError, WebSocketException) as exc:
            raise OcppError(f"{self.charger_id}: cannot connect to {self.url}: {exc}") from exc
        with self._lock:
            self._conn = conn
        threading.Thread(target=self._receive, args=(conn,), name=f"ocpp-{self.charger_id}", daemon=True).start()

    def call(self, action: str, payload: dict[str, Any], *, timeout: float | None = None) -> dict[str, Any]:
        """Send a call and return the central system's reply payload (OcppError on a CALLERROR or no reply)."""
        conn = self._conn
        if conn is None:
            raise OcppError(f"{self.charger_id}: {action}: not connected")
        message_id = f"{self.charger_id}-{next(self._ids)}"
        pending = self._pending[message_id] = _Pending()
        try:
            conn.send(json.dumps([CALL, message_id, action, payload]))
            if not pending.done.wait(timeout or self.timeout):
                raise OcppError(f"{self.charger_id}: {action}: no reply within {timeout or self.timeout:g}s")
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

    def _receive(self, conn: ClientConnection) -> None:
        try:
            for text in conn:
                self._dispatch(conn, json.loads(text))
        except (ConnectionClosed, OSError, ValueError):
            pass
        finally:
            with self._lock:
                if self._conn is conn:
                    self._conn = None
            for pending in list(self._pending.values()):
                pending.error = "connection lost"
                pending.done.set()
            if self.on_close is not None:
                self.on_close()

    def _dispatch(self, conn: ClientConnection, frame: list[Any]) -> None:
        kind, message_id = frame[0], frame[1]
        if kind == CALL:
            conn.send(json.dumps(self._answer(message_id, frame[2], frame[3])))
            return
        pending = self._pending.get(message_id)
        if pending is None:
            return  # an answer to a call that gave up waiting
        if kind == CALLRESULT:
            pending.reply = frame[2]
        else:
            pending.error = f"{frame[2]}: {frame[3]}"
        pending.done.set()

    def _answer(self, message_id: str, action: str, payload: dict[str, Any]) -> list[Any]:
        handler = self.handlers.get(action)
        if handler is None:
            return [CALLERROR, message_id, "NotImplemented", f"{action} is not supported", {}]
        try:
            return [CALLRESULT, message_id, handler(payload)]
        except Exception as exc:  # the central system gets the error; the connection stays
            return [CALLERROR, message_id, "InternalError", f"{type(exc).__name__}: {exc}", {}]
