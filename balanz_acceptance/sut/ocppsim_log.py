"""What an ocppsim sent and received over OCPP, read from its log.

ocppsim logs every OCPP-J frame it sends and receives through the ``ocpp`` package's logger at INFO level
(``ocpp.charge_point.ChargePoint._send``: ``<charger id>: send <frame>``; ``ChargePoint.start``:
``<charger id>: receive message <frame>``), one frame per line, exactly as it went over the wire; the
suite's ocppsim configuration keeps that logger at INFO (data/config/ocppsim.ini ``[logging] ocpp``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from balanz_acceptance.sut.ocppj import CALL

SENT = ": send "
RECEIVED = ": receive message "


@dataclass(frozen=True)
class LoggedFrame:
    """One OCPP-J frame in an ocppsim log."""

    sent: bool
    raw: str

    @property
    def frame(self) -> list[Any]:
        """The frame, parsed."""
        return json.loads(self.raw)

    @property
    def kind(self) -> int:
        """CALL, CALLRESULT or CALLERROR (sut/ocppj.py)."""
        return int(self.frame[0])

    @property
    def message_id(self) -> str:
        """The frame's message id."""
        return str(self.frame[1])


def logged_frames(log: Path, charger_id: str) -> list[LoggedFrame]:
    """Every frame the simulator of ``charger_id`` logged (sent and received), in order; [] without a log."""
    try:
        lines = log.read_text(errors="replace").splitlines()
    except OSError:
        return []
    found = []
    for line in lines:
        for marker, sent in ((f"{charger_id}{SENT}", True), (f"{charger_id}{RECEIVED}", False)):
            at = line.find(marker)
            if at >= 0:
                raw = line[at + len(marker) :]
                if raw.startswith("["):
                    found.append(LoggedFrame(sent, raw))
                break
    return found


#: What balanz asks a charger for after it connects, in order (balanz.py balanz_loop, ``requested_status``), and
#: what the charger must have sent since the first of these requests.
OWN_REQUESTS = ("BootNotification", "StatusNotification", "MeterValues")


def own_requests_answered(frames: list[LoggedFrame]) -> bool:
    """True once the simulator received balanz's TriggerMessage for a BootNotification (balanz's first request
    after a charger connects) and has since sent a BootNotification, the status of connector 1 and its meter
    values: what sut/balanz_api.py BalanzApi.own_requests_answered reads from balanz's log, read from the
    charger's, for a balanz whose log has only what it sends (a local controller)."""
    asked = [
        i
        for i, f in enumerate(frames)
        if not f.sent and f.kind == CALL and f.frame[2:] == ["TriggerMessage", {"requestedMessage": OWN_REQUESTS[0]}]
    ]
    if not asked:
        return False
    sent = [f.frame for f in frames[asked[0] :] if f.sent and f.kind == CALL]
    return (
        any(frame[2] == "BootNotification" for frame in sent)
        and any(frame[2] == "StatusNotification" and frame[3].get("connectorId") == 1 for frame in sent)
        and any(frame[2] == "MeterValues" for frame in sent)
    )
