"""A request/reply text channel over a websocket, shared by the ocppsim and balanz clients."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

import websockets
from websockets.exceptions import WebSocketException
from websockets.sync.client import ClientConnection, connect

#: Keepalive: a ping every 10 s keeps connections alive between steps, however long a step waits. No pong
#: deadline: balanz can be slow to answer while it waits on a silent charger, and every reply has its own
#: timeout anyway. The sync client sends pings from websockets 15 on; with 14.x (balanz's and ocppsim's pin
#: is ``<15``) it has no keepalive of its own but still answers the server's pings, which keeps it open.
KEEPALIVE: dict[str, float | None] = (
    {"ping_interval": 10.0, "ping_timeout": None} if int(websockets.__version__.split(".")[0]) >= 15 else {}
)


class ChannelError(Exception):
    """The peer could not be reached or did not answer."""


class ConnectError(ChannelError):
    """The peer could not be reached at all."""


class TextChannel:
    """Send one text message, receive one reply; thread-safe, (re)connects on demand.

    ``on_connect`` runs on every new connection before it is used (e.g. to log in again).
    """

    def __init__(
        self,
        url: str,
        *,
        timeout: float,
        subprotocols: Sequence[str] | None = None,
        on_connect: Callable[[TextChannel], None] | None = None,
    ) -> None:
        self.url = url
        self.timeout = timeout
        self.subprotocols = list(subprotocols) if subprotocols else None
        self.on_connect = on_connect
        self._conn: ClientConnection | None = None
        self._lock = threading.RLock()

    def open(self, open_timeout: float = 5.0) -> None:
        """Connect now (and run ``on_connect``); ChannelError if the peer is not there."""
        with self._lock:
            self._drop()
            try:
                # Entering the context is what websockets >= 17 expects of a long-lived connection.
                self._conn = connect(
                    self.url,
                    subprotocols=self.subprotocols,
                    open_timeout=open_timeout,
                    **KEEPALIVE,
                    max_size=None,
                ).__enter__()
            except (OSError, TimeoutError, WebSocketException) as exc:
                raise ConnectError(f"cannot connect to {self.url}: {exc}") from exc
            if self.on_connect is not None:
                try:
                    self.on_connect(self)
                except BaseException:
                    self._drop()
                    raise

    def exchange(self, text: str, *, timeout: float | None = None) -> str:
        """Send ``text`` and return the reply."""
        with self._lock:
            if self._conn is None:
                self.open()
            assert self._conn is not None
            try:
                self._conn.send(text)
                return str(self._conn.recv(timeout=timeout or self.timeout))
            except (OSError, TimeoutError, WebSocketException) as exc:
                self._drop()
                raise ChannelError(f"no reply from {self.url}: {exc}") from exc

    def close(self) -> None:
        """Close the connection, if any."""
        with self._lock:
            self._drop()

    def _drop(self) -> None:
        if self._conn is not None:
            conn, self._conn = self._conn, None
            conn.close()
