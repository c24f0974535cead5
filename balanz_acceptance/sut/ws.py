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

#: Seconds a client waits for the peer's part of the closing handshake. Short: the peer is often a program
#: that was just stopped or frozen, and closing must not hold up a scenario's teardown.
CLOSE_TIMEOUT = 1.0


class ChannelError(Exception):
    """The peer could not be reached or did not answer."""


class ConnectError(ChannelError):
    """The peer could not be reached at all."""


def open_connection(url: str, *, subprotocols: Sequence[str] | None, open_timeout: float) -> ClientConnection:
    """A long-lived client connection with the harness's policy (keepalive without a pong deadline, no size
    limit, no limit on the frames it buffers - the library reads on, a close frame too, while a handler holds up
    the reader: ocpp_link.OcppLink.closing -, a short closing handshake); ConnectError if the peer is not there."""
    try:
        # Entering the context is what websockets >= 17 expects of a long-lived connection.
        return connect(
            url,
            subprotocols=list(subprotocols) if subprotocols else None,
            open_timeout=open_timeout,
            close_timeout=CLOSE_TIMEOUT,
            **KEEPALIVE,
            max_size=None,
            max_queue=None,
        ).__enter__()
    except (OSError, TimeoutError, WebSocketException) as exc:
        raise ConnectError(f"cannot connect to {url}: {exc}") from exc


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
            self._conn = open_connection(self.url, subprotocols=self.subprotocols, open_timeout=open_timeout)
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
            conn = self._conn  # close() in another thread may drop it meanwhile: then recv fails
            if conn is None:
                raise ChannelError(f"no reply from {self.url}: the connection was closed")
            try:
                conn.send(text)
                return str(conn.recv(timeout=self.timeout if timeout is None else timeout))
            except (OSError, TimeoutError, WebSocketException) as exc:
                if self._conn is conn:
                    self._drop()
                raise ChannelError(f"no reply from {self.url}: {exc}") from exc

    def close(self) -> None:
        """Close the connection, if any, at once: a call waiting for its reply in another thread then
        fails (ChannelError) instead of holding the close up until its timeout."""
        self._drop()

    def _drop(self) -> None:
        conn, self._conn = self._conn, None  # closing a connection twice (two threads) is harmless
        if conn is not None:
            conn.close()
