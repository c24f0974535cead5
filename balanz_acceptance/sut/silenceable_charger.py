"""A played charger (sut/played_charger.py) that can hang, and that notes when it spoke and when it was cut off.

A hung charger keeps its connection open (its websocket layer still answers pings) but sends nothing and
answers nothing: a charger whose software stopped. ocppsim can be frozen as a whole (its process stopped), but
it forgets its transaction whenever its connection drops; this charger keeps it, so a scenario can follow one
session across the connection balanz closes and the one the charger opens again. A call that arrives while it
hangs is lost: once the charger works again it is answered with a CALLERROR (if its connection is still
open) and has no effect.

Between two connection attempts it waits ``RETRY_EVERY`` seconds, also when balanz accepts the websocket and
then closes it at once (as balanz does when it cannot reach its central system): a charger's back-off, and
no stream of attempts.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from balanz_acceptance.sut.ocpp_link import Handler, Reply
from balanz_acceptance.sut.played_charger import RETRY_EVERY, PlayedCharger


class LostWhileHanging(Exception):
    """A call that arrived while the charger hung: it is not carried out."""


class SilenceableCharger(PlayedCharger):
    """A charger the harness plays that can hang and work again; see the module's description."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._awake = threading.Event()
        self._awake.set()
        #: When (time.monotonic) the charger last sent a frame: a call, or its answer to one.
        self.last_spoke = time.monotonic()
        #: When (time.monotonic) each of its connections ended, in order, and with which close code.
        self.cut_off: list[float] = []
        self.close_codes: list[int | None] = []
        #: Connections that ended before the charger's BootNotification was answered on them (turned away).
        self.turned_away = 0
        #: The calls the charger answered: (when, action, payload), in order.
        self.answered: list[tuple[float, str, dict[str, Any]]] = []
        #: When (time.monotonic) the charger sent each of its calls, in order.
        self.called_at: list[float] = []
        #: When (time.monotonic) the charger last sent a StartTransaction.
        self.started_transaction_at: float | None = None
        self._booted_at_close = 0
        link = self._link
        link.handlers = {action: self._held(action, handler) for action, handler in link.handlers.items()}
        call = link.call

        def spoken_call(action: str, payload: dict[str, Any], *, timeout: float | None = None) -> dict[str, Any]:
            self.last_spoke = time.monotonic()
            self.called_at.append(self.last_spoke)
            if action == "StartTransaction":
                self.started_transaction_at = self.last_spoke
            return call(action, payload, timeout=timeout)

        link.call = spoken_call  # type: ignore[method-assign]

    @property
    def hanging(self) -> bool:
        """True while the charger hangs."""
        return not self._awake.is_set()

    def hang(self) -> None:
        """From now on nothing is sent (no meter values, heartbeats or status) and no call is answered, until
        ``work_again``; the connection itself stays as it is."""
        self._awake.clear()
        self._later(self._awake.wait)  # the worker, which sends everything, waits
        self.record.note(f"{self.alias}: the charger hangs (sends and answers nothing)")

    def work_again(self) -> None:
        """Stop hanging: the charger sends again (and connects again if balanz closed its connection)."""
        self._meter_due = time.monotonic()  # one meter value now, not every one it missed
        self._awake.set()
        self.record.note(f"{self.alias}: the charger works again")

    def shutdown(self) -> None:
        """As PlayedCharger.shutdown; a hanging charger stops hanging first."""
        self._awake.set()
        super().shutdown()

    def _held(self, action: str, handler: Handler) -> Callable[[dict[str, Any]], dict[str, Any] | Reply]:
        def answer(payload: dict[str, Any]) -> dict[str, Any] | Reply:
            if not self._awake.is_set():
                # held until the charger works again, or until its connection closes (the reader, held up here,
                # then notes the close at once)
                while not self._awake.wait(0.1) and not self._link.closing:
                    pass
                raise LostWhileHanging("the call arrived while the charger hung")
            reply = handler(payload)
            self.last_spoke = time.monotonic()
            self.answered.append((self.last_spoke, action, payload))
            return reply

        return answer

    def _on_close(self) -> None:
        self.cut_off.append(time.monotonic())
        self.close_codes.append(self._link.last_close_code)
        if self.connections == self._booted_at_close:
            self.turned_away += 1
        self._booted_at_close = self.connections
        if not self._stopping.wait(RETRY_EVERY):
            super()._on_close()
