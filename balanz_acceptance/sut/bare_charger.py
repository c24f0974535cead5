"""A bare charger connection to balanz, to see how balanz answers a charger's credentials: sent as an
Authorization header, as a further websocket subprotocol, or not at all."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass

from websockets.exceptions import ConnectionClosed, WebSocketException
from websockets.sync.client import connect


@dataclass(frozen=True)
class ConnectionOutcome:
    """How balanz treated a charger connection: kept open, or closed with a code."""

    accepted: bool
    close_code: int | None
    reason: str

    def __str__(self) -> str:
        return "accepted" if self.accepted else f"closed with {self.close_code} ({self.reason})"


def basic_auth(charger_id: str, key: str) -> str:
    """The Authorization header value a charger sends: ``Basic base64(id:key)``."""
    return "Basic " + base64.b64encode(f"{charger_id}:{key}".encode()).decode()


def connect_as_charger(
    balanz_url: str,
    charger_id: str,
    key: str | None = None,
    *,
    within: float,
    subprotocols: Sequence[str] = ("ocpp1.6",),
) -> ConnectionOutcome:
    """Connect as ``charger_id`` offering these websocket subprotocols, with HTTP Basic credentials if ``key`` is
    given (else no Authorization header); see if balanz closes.

    balanz accepts the websocket handshake and rejects afterwards with a close frame, so the
    connection counts as accepted if it is still open ``within`` seconds later.
    """
    headers = {"Authorization": basic_auth(charger_id, key)} if key is not None else None
    try:
        with connect(
            f"{balanz_url}/{charger_id}",
            subprotocols=list(subprotocols),  # type: ignore[arg-type]
            additional_headers=headers,
            open_timeout=5,
        ) as conn:
            try:
                conn.recv(timeout=within)
            except TimeoutError:
                return ConnectionOutcome(True, None, "still open")
            except ConnectionClosed as closed:
                received = closed.rcvd
                return ConnectionOutcome(
                    False, received.code if received else None, received.reason if received else ""
                )
            return ConnectionOutcome(True, None, "balanz sent a message")
    except WebSocketException as exc:
        return ConnectionOutcome(False, None, f"handshake refused: {exc}")
    except (OSError, TimeoutError) as exc:
        return ConnectionOutcome(False, None, f"cannot connect: {exc}")
