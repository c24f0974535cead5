"""A connection to balanz's API that sends any text and returns balanz's reply as it came.

``BalanzApi`` (sut/balanz_api.py) only makes well-formed calls, checks that each reply carries its call's id
and raises on errors: right for steering balanz, wrong for seeing what balanz answers to a client that
misbehaves (text that is not JSON, a frame that is not a call, a payload of the wrong type) or to a login
that fails. ``RawApi`` keeps nothing of its own: one websocket connection (sut/ws.py ``TextChannel``, with
the ``ocpp1.6`` subprotocol balanz requires on its API too), one frame out, one frame back.
"""

from __future__ import annotations

import itertools
import json
from typing import Any

from balanz_acceptance.sut.ocppj import CALL
from balanz_acceptance.sut.ws import ChannelError, TextChannel

#: Seconds to wait for balanz's reply to one frame: balanz answers every API frame at once.
REPLY_WITHIN = 10.0


class RawApi:
    """One connection to balanz's API (``<url>/api``), opened on first use."""

    def __init__(self, url: str, *, timeout: float = REPLY_WITHIN) -> None:
        self.url = url.rstrip("/") + "/api"
        self._ids = itertools.count(1)
        self._channel = TextChannel(self.url, timeout=timeout, subprotocols=["ocpp1.6"])

    def exchange_text(self, text: str) -> str | None:
        """Send ``text`` as it is; return balanz's reply as it came, or None if no reply came in time or the
        connection ended."""
        try:
            return self._channel.exchange(text)
        except ChannelError:
            return None

    def exchange(self, text: str) -> Any:
        """Send ``text`` as it is; return balanz's reply decoded (its text if it is no JSON), or None if no
        reply came in time or the connection ended."""
        reply = self.exchange_text(text)
        if reply is None:
            return None
        try:
            return json.loads(reply)
        except ValueError:
            return reply

    def next_id(self) -> str:
        """A message id this connection has not used."""
        return f"c{next(self._ids)}"

    def call(self, command: str, payload: Any, message_id: str | None = None) -> Any:
        """Send the call ``[2, id, command, payload]`` (any payload, also one that is not an object); return
        balanz's reply frame as ``exchange`` does."""
        return self.exchange(json.dumps([CALL, message_id or self.next_id(), command, payload]))

    def close(self) -> None:
        """Close the connection."""
        self._channel.close()
