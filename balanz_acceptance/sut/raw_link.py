"""An OCPP-J link that can also send what no honest charger sends, and keeps everything that came back.

``OcppLink`` (sut/ocpp_link.py) makes well-formed calls and answers the central system's calls. A scenario
about a charger that misbehaves also needs to send frames that are not JSON, not OCPP-J or not OCPP 1.6,
and to see what balanz answers to each - or that it answers nothing. ``RawOcppLink`` adds that:

* ``send_text`` sends any text as one websocket frame;
* every result and error balanz sends is kept in arrival order (``replies``), also those for a message id
  the link never used or gave up waiting for;
* when its connection ends, the close code and the time are kept (``close_code``, ``closed_at``);
* the time of the last frame the link sent - a call, an answer to balanz's call or raw text - is kept
  (``last_sent``): balanz counts any frame from the charger as a sign of life (charge_point_csms_v16.py
  ChargePoint_CSMS_v16.start).

balanz handles a charger's frames one after another on one task (the ocpp package's route_message is
awaited for each), so its answers come in the order of the frames: whatever came back between a frame and
the answer to the call that followed it is the frame's answer.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from balanz_acceptance.sut.ocpp_link import Handler, OcppError, OcppLink
from balanz_acceptance.sut.ocppj import CALLERROR, CALLRESULT


@dataclass(frozen=True)
class Received:
    """A result or error frame from the central system, as decoded, and when it came (time.monotonic)."""

    frame: list[Any]
    at: float

    @property
    def message_id(self) -> str:
        """The message id the frame answers."""
        return str(self.frame[1])


class RawOcppLink(OcppLink):
    """An ``OcppLink`` that can send raw text and keeps every reply, the close code and its last frame's time."""

    def __init__(
        self,
        url: str,
        charger_id: str,
        handlers: Mapping[str, Handler],
        *,
        timeout: float = 10.0,
        on_close: Callable[[], None] | None = None,
        note: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(url, charger_id, handlers, timeout=timeout, on_close=self._closed, note=note)
        self._then_close = on_close
        #: Every result and error balanz sent, in arrival order.
        self.replies: list[Received] = []
        #: Every call balanz made to the charger, in arrival order: (action, payload).
        self.calls_received: list[tuple[str, dict[str, Any]]] = []
        #: When (time.monotonic) the link last sent a frame; None before the first.
        self.last_sent: float | None = None
        #: When (time.monotonic) the last connection ended; None while it is open or before the first.
        self.closed_at: float | None = None
        self._replied = threading.Condition()

    # --- what the base class does, observed -------------------------------------------------------------
    def connect(self, open_timeout: float = 5.0) -> None:
        """Open the connection (see ``OcppLink.connect``); forget the previous connection's close."""
        super().connect(open_timeout)
        self.closed_at = None

    def call(self, action: str, payload: dict[str, Any], *, timeout: float | None = None) -> dict[str, Any]:
        """Send a call (see ``OcppLink.call``), noting when it went out."""
        self.last_sent = time.monotonic()
        return super().call(action, payload, timeout=timeout)

    def _settle(self, frame: list[Any]) -> None:
        with self._replied:
            self.replies.append(Received(frame, time.monotonic()))
            self._replied.notify_all()
        super()._settle(frame)

    def _answer(self, frame: list[Any]) -> tuple[list[Any], Callable[[], object] | None]:
        if len(frame) == 4 and isinstance(frame[2], str) and isinstance(frame[3], dict):
            self.calls_received.append((frame[2], frame[3]))
        self.last_sent = time.monotonic()  # the answer goes out right after this
        return super()._answer(frame)

    def _closed(self) -> None:
        self.closed_at = time.monotonic()
        with self._replied:
            self._replied.notify_all()
        if self._then_close is not None:
            self._then_close()

    # --- what an honest charger does not do --------------------------------------------------------------
    @property
    def close_code(self) -> int | None:
        """The close code balanz sent when it closed the last connection (None while open, or if it sent none)."""
        return None if self.closed_at is None else self.last_close_code

    def send_text(self, text: str) -> None:
        """Send ``text`` as one frame, as it is (OcppError if not connected)."""
        conn = self._conn
        if conn is None:
            raise OcppError(f"{self.charger_id}: cannot send: not connected")
        try:
            with self._call_lock:
                self.last_sent = time.monotonic()
                conn.send(text)
        except OSError as exc:
            raise OcppError(f"{self.charger_id}: sending failed: {exc}") from exc

    def replies_to(self, message_id: str) -> list[list[Any]]:
        """Every frame balanz sent that answers ``message_id``."""
        return [r.frame for r in self.replies if r.message_id == message_id]

    def await_reply(self, message_id: str, within: float) -> list[Any] | None:
        """The first frame answering ``message_id``, waiting up to ``within`` seconds (None: none came, or the
        connection ended)."""
        deadline = time.monotonic() + within
        with self._replied:
            while True:
                found = self.replies_to(message_id)
                if found or self.closed_at is not None:
                    return found[0] if found else None
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self._replied.wait(left)


def is_error(frame: list[Any] | None) -> bool:
    """True for a CALLERROR frame."""
    return bool(frame) and frame[0] == CALLERROR


def is_result(frame: list[Any] | None) -> bool:
    """True for a CALLRESULT frame."""
    return bool(frame) and frame[0] == CALLRESULT


def frame_text(frame: list[Any] | None) -> str:
    """A frame for a message (shortened)."""
    return "no answer" if frame is None else json.dumps(frame)[:300]
