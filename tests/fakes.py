"""Small loopback stand-ins for ocppsim's command port and balanz's websocket API.

Both run a ``websockets`` sync server on 127.0.0.1 (an OS-chosen port) in a background thread and keep
their state in plain attributes, so a test scripts them by assigning to those attributes.
"""

from __future__ import annotations

import http
import json
import threading
import time
from collections.abc import Callable
from typing import Any, ClassVar, Self

from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response
from websockets.sync.server import Server, ServerConnection, serve


class _LoopbackServer:
    """A websockets server on 127.0.0.1 served from a daemon thread; counts its open connections."""

    subprotocols: ClassVar[list[str] | None] = None
    path = "/"

    def __init__(self) -> None:
        self.received: list[str] = []  # every text frame, in order
        self.negotiated: list[str | None] = []  # the subprotocol of every connection, in order
        self.open_connections = 0
        self._lock = threading.Lock()
        self._server: Server | None = None
        self._thread: threading.Thread | None = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    def start(self, host: str = "127.0.0.1", port: int = 0) -> Self:
        """Listen on ``host``:``port`` (0: a port the OS chooses) and serve from a daemon thread."""
        self._server = serve(
            self._serve_connection,
            host,
            port,
            subprotocols=self.subprotocols,  # a client offering none of these is refused with HTTP 400
            process_request=self._check_path,
            close_timeout=1,
        )
        self.port = self._server.socket.getsockname()[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _check_path(self, connection: ServerConnection, request: Request) -> Response | None:
        if request.path != self.path:
            return connection.respond(http.HTTPStatus.NOT_FOUND, f"no websocket at {request.path}\n")
        return None

    def _serve_connection(self, connection: ServerConnection) -> None:
        with self._lock:
            self.open_connections += 1
            self.negotiated.append(connection.subprotocol)
        try:
            self.serve(connection)
        except ConnectionClosed:
            pass
        finally:
            with self._lock:
                self.open_connections -= 1

    def serve(self, connection: ServerConnection) -> None:
        """Serve one connection until it closes: every text frame is kept and answered (``answer``)."""
        state: dict[str, Any] = {}
        for message in connection:
            self.received.append(str(message))
            reply = self.answer(str(message), state)
            if reply is not None:
                connection.send(reply)

    def answer(self, message: str, state: dict[str, Any]) -> str | None:
        """The reply to one frame (None: no reply); ``state`` lives as long as the connection."""
        raise NotImplementedError


class FakeOcppsim(_LoopbackServer):
    """ocppsim's command port: one text command in, one text reply out."""

    def __init__(self) -> None:
        super().__init__()
        #: What ``jsonstatus`` reports; tests change it freely.
        self.status: dict[str, Any] = {
            "status": "Available",
            "offer": 0.0,
            "usage": 0.0,
            "max_usage": None,
            "last_id_tag": None,
            "transaction_id": None,
            "energy": 0,
            "fullafter": None,
            "_delay": False,
        }
        #: Fixed replies for further commands (first word), e.g. {"unplug": "Succesfully stopped ..."}.
        self.replies: dict[str, str] = {}
        #: Commands (first word) that get no reply at all.
        self.silent: set[str] = set()

    def answer(self, message: str, state: dict[str, Any]) -> str | None:
        words = message.split()
        command = words[0] if words else ""
        if command in self.silent:
            return None
        if command == "jsonstatus":
            return json.dumps(self.status)
        if command == "tag" and len(words) > 1:
            self.status["last_id_tag"] = words[1]
            self.status["status"] = "SuspendedEVSE"
            return "Tag Accepted. Parent: , new status: SuspendedEVSE"
        if command in self.replies:
            return self.replies[command]
        return f"Error: Unknown command {command}"


class FakeBalanz(_LoopbackServer):
    """balanz's API at ``/api`` (subprotocol ocpp1.6 required): ``[2, id, cmd, payload]`` calls."""

    subprotocols: ClassVar[list[str] | None] = ["ocpp1.6"]
    path = "/api"

    def __init__(self, token: str = "acceptance-suite-token") -> None:
        super().__init__()
        self.token = token
        self.user_type = "Admin"
        #: GetChargers entries, shaped like balanz's Charger.external().
        self.chargers: list[dict[str, Any]] = []
        #: GetLogs entries; ``messageSearch`` filters on ``message``.
        self.logs: list[dict[str, Any]] = [
            {"timestamp": "2025-01-01 00:00:00", "logger": "balanz", "message": "balanz started"},
        ]
        self.status: dict[str, Any] = {"version": "1.2.3", "starttime": "2025-01-01 00:00:00"}
        #: Commands (name) that get no answer at all.
        self.silent: set[str] = set()
        #: Commands (name) answered with another message id than the call's.
        self.misnumbered: set[str] = set()

    def answer(self, message: str, state: dict[str, Any]) -> str | None:
        call = json.loads(message)
        if len(call) != 4 or call[0] != 2:
            return json.dumps([4, "007", {"status": "ProtocolError"}])
        _, msg_id, command, payload = call
        if command in self.silent:
            return None
        if command in self.misnumbered:
            return json.dumps([3, f"{msg_id}7", {}])
        if command == "Login":
            if payload.get("token") != self.token:
                return self._error(msg_id, "InvalidLogin")
            state["logged_in"] = True
            return json.dumps([3, msg_id, {"user_type": self.user_type}])
        if not state.get("logged_in"):
            return self._error(msg_id, "NotAuthorized")
        if command == "GetStatus":
            return json.dumps([3, msg_id, {**self.status, "no_chargers": len(self.chargers)}])
        if command == "GetChargers":
            return json.dumps([3, msg_id, self._get_chargers(payload)])
        if command == "GetLogs":
            search = (payload.get("filters") or {}).get("messageSearch", "")
            return json.dumps([3, msg_id, {"logs": [e for e in self.logs if search in e["message"]]}])
        return json.dumps([4, msg_id, "IllegalArguments"])  # balanz's error payload is not always a dict

    def _get_chargers(self, payload: dict[str, Any]) -> list[dict[str, Any]]:
        # As balanz does: an alias naming exactly one charger becomes its charger_id; an unknown alias
        # is ignored, so the call then lists every charger (of the group, if one is given).
        charger_id = payload.get("charger_id")
        alias = payload.get("alias")
        if alias and not charger_id:
            ids = [c["charger_id"] for c in self.chargers if c["alias"] == alias]
            charger_id = ids[0] if len(ids) == 1 else None
        group_id = payload.get("group_id")
        return [
            c
            for c in self.chargers
            if (not charger_id or c["charger_id"] == charger_id) and (not group_id or c["group_id"] == group_id)
        ]

    @staticmethod
    def _error(msg_id: str, status: str) -> str:
        return json.dumps([4, msg_id, {"status": status}])


def charger_entry(
    charger_id: str,
    alias: str,
    group_id: str = "RR2",
    *,
    status: str = "Available",
    offered: float | None = None,
    transaction: dict[str, Any] | None = None,
    connected: bool = True,
    **connector: Any,
) -> dict[str, Any]:
    """One GetChargers entry as balanz sends it (connector 1 under the key "1")."""
    conn: dict[str, Any] = {
        "transaction_id": 1 if transaction else None,
        "offered": offered,
        "status": status,
        "priority": 1,
        "ev_max_usage": None,
        "suspend_until": None,
        **connector,
    }
    if transaction is not None:
        conn["transaction"] = transaction
    return {
        "charger_id": charger_id,
        "alias": alias,
        "group_id": group_id,
        "network_connected": connected,
        "connectors": {"1": conn},
    }


def poll_until(predicate: Callable[[], bool], *, timeout: float = 5.0, every: float = 0.02) -> bool:
    """Poll ``predicate`` until it is true or ``timeout`` seconds have passed; return its last value."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            return False
        time.sleep(every)
    return True


class FakeBalanzAccess(FakeBalanz):
    """FakeBalanz with several users, balanz's permission lists (api.py API_ALLOW) and session records.

    The commands a role may call but that FakeBalanz does not know answer as balanz does for the
    harmless payloads of balanz_acceptance.actors.api_client (no charger connected, no such tag or group).
    """

    ALLOW: ClassVar[dict[str, list[str]]] = {
        "Status": ["GetGroups", "GetChargers"],
        "Analysis": ["GetGroups", "GetChargers", "GetTags", "DrawAll", "GetSessions"],
        "SessionPriority": ["GetGroups", "GetChargers", "SetChargePriority"],
        "Tags": [
            "GetGroups",
            "GetChargers",
            "GetTags",
            "DrawAll",
            "GetSessions",
            "SetChargePriority",
            "WriteTags",
            "UpdateTag",
            "CreateTag",
            "DeleteTag",
        ],
    }
    HARMLESS: ClassVar[dict[str, Any]] = {
        "GetGroups": [],
        "GetTags": [],
        "SetChargePriority": {"status": "ChargerNotConnected"},
        "UpdateTag": {"status": "NoSuchTag"},
        "UpdateGroup": {"status": "NoSuchGroup"},
    }

    def __init__(self, token: str = "acceptance-suite-token") -> None:
        super().__init__(token)
        #: Login token → user type.
        self.users: dict[str, str] = {token: "Admin"}
        #: GetSessions entries, shaped like balanz's Session.external().
        self.sessions: list[dict[str, Any]] = []

    def answer(self, message: str, state: dict[str, Any]) -> str | None:
        call = json.loads(message)
        if len(call) != 4 or call[0] != 2:
            return super().answer(message, state)
        _, msg_id, command, payload = call
        if command == "Login":
            user_type = self.users.get(payload.get("token") or "")
            if user_type is None:
                return self._error(msg_id, "InvalidLogin")
            state["logged_in"], state["user_type"] = True, user_type
            return json.dumps([3, msg_id, {"user_type": user_type}])
        if not state.get("logged_in"):
            return self._error(msg_id, "NotAuthorized")
        if state["user_type"] != "Admin" and command not in self.ALLOW[state["user_type"]]:
            return self._error(msg_id, "NotAuthorized")
        if command == "GetSessions":
            charger_id = payload.get("charger_id")
            found = [s for s in self.sessions if not charger_id or s["charger_id"] == charger_id]
            return json.dumps([3, msg_id, found])
        if command in self.HARMLESS:
            result = self.HARMLESS[command]
            is_error = isinstance(result, dict) and "status" in result
            return json.dumps([4 if is_error else 3, msg_id, result])
        return super().answer(message, state)


class FakeCsms(_LoopbackServer):
    """A central system a charger connects to at ``/<charger id>`` (OCPP-J 1.6): answers the charger's calls
    from ``answers`` (action → reply payload), records them, and makes calls to the charger (``call``)."""

    subprotocols: ClassVar[list[str] | None] = ["ocpp1.6"]

    def __init__(self) -> None:
        super().__init__()
        #: (action, payload) of every call the charger made, in order.
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.answers: dict[str, dict[str, Any]] = {
            "BootNotification": {"currentTime": "2026-01-01T00:00:00Z", "interval": 10, "status": "Accepted"},
            "StatusNotification": {},
            "Heartbeat": {"currentTime": "2026-01-01T00:00:00Z"},
            "Authorize": {"idTagInfo": {"status": "Accepted"}},
            "StartTransaction": {"transactionId": 1, "idTagInfo": {"status": "Accepted"}},
            "MeterValues": {},
            "StopTransaction": {},
        }
        #: The charger ids of every connection, in order.
        self.connections: list[str] = []
        #: Every frame the charger sent, decoded, in the order received.
        self.received: list[list[Any]] = []  # type: ignore[assignment]
        #: Actions whose calls are answered only on ``release`` (to see a second call wait for the first).
        self.held: set[str] = set()
        self._held: list[tuple[ServerConnection, list[Any]]] = []
        self._conn: ServerConnection | None = None
        self._results: dict[str, list[Any]] = {}
        self._ids = 0

    @property
    def live(self) -> int:
        """How many connections are open now."""
        return self.open_connections

    def _check_path(self, connection: ServerConnection, request: Request) -> Response | None:
        return None  # every path: a charger connects at /<its charger id>

    def drop(self) -> None:
        """Close the charger's connection (as a central system that stops does), once the server has taken it."""
        self._connected().close()

    def actions(self) -> list[str]:
        return [action for action, _ in self.calls]

    def held_calls(self) -> int:
        return len(self._held)

    def release(self) -> None:
        """Answer the held calls."""
        held, self._held = self._held, []
        for connection, frame in held:
            connection.send(json.dumps([3, frame[1], self.answers.get(frame[2], {})]))

    def _connected(self, timeout: float = 5.0) -> Any:
        """The charger's connection, once the server has taken it (a client's connect returns a little earlier)."""
        assert poll_until(lambda: self._conn is not None, timeout=timeout), "no charger connected"
        return self._conn

    def send_raw(self, text: str) -> None:
        """Send the charger a frame as it is (well-formed or not)."""
        self._connected().send(text)

    def result(self, message_id: str, timeout: float = 5.0) -> list[Any]:
        """The charger's answer to the call ``message_id`` (sent with ``send_raw``)."""
        assert poll_until(lambda: message_id in self._results, timeout=timeout), f"no answer to {message_id}"
        return self._results.pop(message_id)

    def call(self, action: str, payload: dict[str, Any], timeout: float = 5.0) -> Any:
        """Call the charger; returns its result payload, or ("error", code) for a CALLERROR."""
        conn = self._connected(timeout)
        self._ids += 1
        message_id = f"cs-{self._ids}"
        conn.send(json.dumps([2, message_id, action, payload]))
        assert poll_until(lambda: message_id in self._results, timeout=timeout), f"no reply to {action}"
        frame = self._results.pop(message_id)
        return frame[2] if frame[0] == 3 else ("error", frame[2])

    def serve(self, connection: ServerConnection) -> None:
        """Answer the charger's calls (or hold them) and keep its answers to ours, until it disconnects."""
        self.connections.append(connection.request.path.lstrip("/") if connection.request else "")
        self._conn = connection
        for text in connection:
            frame = json.loads(text)
            self.received.append(frame)
            if frame[0] == 2 and frame[2] in self.held:
                self.calls.append((frame[2], frame[3]))
                self._held.append((connection, frame))
            elif frame[0] == 2:
                self.calls.append((frame[2], frame[3]))
                connection.send(json.dumps([3, frame[1], self.answers.get(frame[2], {})]))
            else:
                self._results[frame[1]] = frame
