"""Client of ocppsim's command interface: one text command, one text reply."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from balanz_acceptance.sut.ws import ChannelError, ConnectError, TextChannel


class OcppsimError(Exception):
    """ocppsim answered a command with ``Error: ...`` or could not be reached."""


@dataclass(frozen=True)
class SimStatus:
    """What a simulated charger reports about itself (``jsonstatus``)."""

    status: str | None
    offer: float
    usage: float | None
    max_usage: float | None
    last_id_tag: str | None
    transaction_id: int | None
    energy: float
    fullafter: int | None
    delay: bool

    @classmethod
    def from_json(cls, text: str) -> SimStatus:
        """Parse a ``jsonstatus`` reply."""
        data: dict[str, Any] = json.loads(text)
        return cls(
            status=data.get("status"),
            offer=float(data.get("offer") or 0),
            usage=data.get("usage"),
            max_usage=data.get("max_usage"),
            last_id_tag=data.get("last_id_tag"),
            transaction_id=data.get("transaction_id"),
            energy=float(data.get("energy") or 0),
            fullafter=data.get("fullafter"),
            delay=bool(data.get("_delay")),
        )

    @property
    def draw(self) -> float:
        """Amperes the EV draws: its usage while Charging, else 0 (ocppsim updates ``usage`` only while Charging,
        and meters 0 in every other state)."""
        return float(self.usage or 0.0) if self.status == "Charging" else 0.0

    def __str__(self) -> str:
        tx = "in transaction" if self.transaction_id is not None else "no transaction"
        delay = ", EV delays" if self.delay else ""
        return f"{self.status} {self.offer:g} A ({tx}{delay})"


class OcppsimClient:
    """A connection to one simulator's command port. Thread-safe: one command at a time."""

    def __init__(self, url: str, name: str, *, timeout: float = 30.0) -> None:
        self.url = url
        self.name = name
        self._channel = TextChannel(url, timeout=timeout)

    def connect(self, open_timeout: float = 5.0) -> None:
        """Open the command connection (keepalive pings run in the background)."""
        try:
            self._channel.open(open_timeout)
        except ChannelError as exc:
            raise OcppsimError(f"{self.name}: cannot reach the simulator at {self.url}: {exc}") from exc

    def command(self, text: str, *, timeout: float | None = None) -> str:
        """Send one command and return its reply; ``Error: ...`` replies raise OcppsimError."""
        if not text.strip():
            raise ValueError("an empty command makes ocppsim close the connection")
        try:
            reply = self._channel.exchange(text, timeout=timeout)
        except ConnectError as exc:
            raise OcppsimError(f"{self.name}: cannot reach the simulator at {self.url}: {exc}") from exc
        except ChannelError as exc:
            raise OcppsimError(f"{self.name}: command '{text}' got no reply: {exc}") from exc
        if reply.startswith("Error:"):
            raise OcppsimError(f"{self.name}: command '{text}' failed: {reply}")
        return reply

    def status(self) -> SimStatus:
        """The simulator's current state."""
        return SimStatus.from_json(self.command("jsonstatus"))

    def close(self) -> None:
        """Close the command connection (the simulator keeps running)."""
        self._channel.close()
