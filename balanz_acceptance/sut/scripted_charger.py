"""A charger the scenario plays message by message: each OCPP call it makes, and frames no honest charger sends.

ocppsim and the played charger (sut/played_charger.py) behave like real chargers: they decide themselves
what to send and when. A scenario about what balanz does with a charger's messages - a BootNotification's
answer, the audit entries of a session, a frame that breaks the protocol - needs to say exactly what the
charger sends, with which values, and see exactly what balanz answers. ``ScriptedCharger`` does only what
the steps tell it, over a ``RawOcppLink`` (sut/raw_link.py), and keeps every answer; what balanz's answers
must be is the steps' role's to say (actors/scripted.py).

It answers balanz's own calls as a plain charger would: it accepts charging profiles (it enforces nothing:
no EV is behind it), rejects TriggerMessage, Reset, remote start and stop, stores an AuthorizationKey balanz
sets (ChangeConfiguration; other keys are rejected) and accepts UpdateFirmware (both kept for the steps).
"""

from __future__ import annotations

import itertools
import json
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from balanz_acceptance.core.record import ScenarioRecord
from balanz_acceptance.sut.balanz_files import duration_text, local_time, session_id
from balanz_acceptance.sut.ocppj import CALL
from balanz_acceptance.sut.raw_link import RawOcppLink, frame_text, is_result

#: Seconds balanz has to answer one of the charger's frames: it answers at once.
ANSWER_WITHIN = 5.0
#: What the charger reports in its BootNotification unless a step says otherwise.
DEFAULT_BOOT = {"chargePointVendor": "balanz-acceptance", "chargePointModel": "ScriptedCharger"}


def ocpp_now(offset: float = 0.0) -> str:
    """The time ``offset`` seconds from now as an OCPP date-time (UTC, ``Z``)."""
    return datetime.fromtimestamp(time.time() + offset, UTC).isoformat().replace("+00:00", "Z")


def ocpp_whole_second() -> tuple[float, str]:
    """The current whole second (epoch s, rounded down) and it as an OCPP date-time."""
    whole = float(int(time.time()))
    return whole, datetime.fromtimestamp(whole, UTC).isoformat().replace("+00:00", "Z")


def fill_in(text: str) -> str:
    """A frame as a feature writes it, with ``<now>`` replaced by the current time (an OCPP date-time)."""
    return text.replace("<now>", ocpp_now())


@dataclass
class Sent:
    """One frame the charger sent and every frame balanz answered to it (in order)."""

    what: str
    text: str
    answers: list[list[Any]] = field(default_factory=list)
    #: When (epoch s) the first answer came.
    answered_at: float | None = None
    #: When (time.monotonic) it was sent.
    at: float = field(default_factory=time.monotonic)

    @property
    def answer(self) -> list[Any] | None:
        """The first answer, if any."""
        return self.answers[0] if self.answers else None


class ScriptedCharger:
    """One charger connected to balanz as ``charger_id``, sending only what the steps tell it."""

    def __init__(self, alias: str, charger_id: str, balanz_url: str, record: ScenarioRecord) -> None:
        self.alias = alias
        self.charger_id = charger_id
        self.record = record
        self.sent: list[Sent] = []
        #: The AuthorizationKey balanz gave the charger (ChangeConfiguration), if any.
        self.authorization_key: str | None = None
        self.transaction_id: int | None = None
        #: When (epoch s) the charger says its latest transaction started and stopped (its timestamps).
        self.started_at: float | None = None
        self.stopped_at: float | None = None
        #: The meter register at the latest transaction's start and stop (Wh).
        self.meter_start: int | None = None
        self.meter_stop: int | None = None
        #: The latest burst of Heartbeats (``burst``).
        self.last_burst: list[Sent] = []
        self._ids = itertools.count(1)
        self.link = RawOcppLink(
            balanz_url,
            charger_id,
            {
                "SetChargingProfile": lambda payload: {"status": "Accepted"},
                "ClearChargingProfile": lambda payload: {"status": "Accepted"},
                "TriggerMessage": lambda payload: {"status": "Rejected"},
                "ChangeConfiguration": self._on_change_configuration,
                "GetConfiguration": lambda payload: {"configurationKey": [], "unknownKey": payload.get("key") or []},
                "UpdateFirmware": lambda payload: {},
                "Reset": lambda payload: {"status": "Rejected"},
                "RemoteStartTransaction": lambda payload: {"status": "Rejected"},
                "RemoteStopTransaction": lambda payload: {"status": "Rejected"},
            },
            note=lambda text: record.note(f"{alias}: {text}"),
        )

    # --- connection ----------------------------------------------------------------------------------------
    def connect(self) -> None:
        """Open the charger's connection to balanz (nothing is sent)."""
        self.link.connect()
        self.record.note(f"{self.alias}: connected to balanz as {self.charger_id} (scripted charger)")

    def shutdown(self) -> None:
        """Close the connection for good (the end of the scenario)."""
        self.link.shutdown()

    @property
    def connected(self) -> bool:
        """True while the connection is open."""
        return self.link.connected

    # --- frames ------------------------------------------------------------------------------------------------
    def call(self, action: str, payload: dict[str, Any], what: str | None = None) -> Sent:
        """Make one well-formed call and wait for balanz's answer (kept, whatever it is)."""
        message_id = f"{self.alias}-{next(self._ids)}"
        text = json.dumps([CALL, message_id, action, payload])
        sent = Sent(what or action, text)
        self.sent.append(sent)
        self.link.send_text(text)
        answer = self.link.await_reply(message_id, ANSWER_WITHIN)
        if answer is not None:
            sent.answers.append(answer)
            sent.answered_at = time.time()
        self.record.note(f"{self.alias}: {action} {json.dumps(payload)[:160]} -> {frame_text(answer)}")
        return sent

    def send_frame(self, text: str, what: str) -> Sent:
        """Send ``text`` as it is (``<now>`` filled in), then a Heartbeat; balanz answers a charger's frames in
        order, so what it sent back before the Heartbeat's answer is its whole answer to the frame (nothing
        if none). The Heartbeat's own answer must come, unless balanz closed the connection."""
        text = fill_in(text)
        mark = len(self.link.replies)
        sent = Sent(what, text)
        self.sent.append(sent)
        self.link.send_text(text)
        probe = self.call("Heartbeat", {}, what="heartbeat after a frame")
        probe_id = json.loads(probe.text)[1]
        sent.answers = [r.frame for r in self.link.replies[mark:] if r.message_id != probe_id]
        self.record.note(f"{self.alias}: sent {what}: {text[:160]} -> {[frame_text(f) for f in sent.answers]}")
        return sent

    def repeat(self, action: str) -> Sent:
        """Send the charger's latest call of ``action`` again, the same payload under a new message id."""
        earlier = [s for s in self.sent if s.what == action]
        if not earlier:
            raise AssertionError(f"{self.alias} has sent no {action} to repeat")
        return self.call(action, json.loads(earlier[-1].text)[3])

    def burst(self, count: int) -> list[Sent]:
        """Send ``count`` Heartbeats at once, without waiting for answers; then wait for all answers."""
        ids = [f"{self.alias}-burst-{i}" for i in range(count)]
        batch = [Sent("Heartbeat", json.dumps([CALL, message_id, "Heartbeat", {}])) for message_id in ids]
        for sent in batch:
            self.link.send_text(sent.text)
        for message_id, sent in zip(ids, batch, strict=True):
            answer = self.link.await_reply(message_id, ANSWER_WITHIN)
            if answer is not None:
                sent.answers.append(answer)
        self.sent.extend(batch)
        self.last_burst = batch
        self.record.note(f"{self.alias}: burst of {count} Heartbeats, {sum(1 for s in batch if s.answers)} answered")
        return batch

    @property
    def last(self) -> Sent:
        """The latest frame the charger sent (but the heartbeats that only probe for an answer)."""
        found = [s for s in self.sent if s.what != "heartbeat after a frame"]
        if not found:
            raise AssertionError(f"{self.alias} has not sent anything yet")
        return found[-1]

    # --- what an honest charger sends ------------------------------------------------------------------------
    def boot(self, **fields: str) -> Sent:
        """BootNotification with these fields (OCPP names, e.g. firmwareVersion) over ``DEFAULT_BOOT``."""
        return self.call("BootNotification", {**DEFAULT_BOOT, **fields})

    def status(self, status: str, connector_id: int = 1) -> Sent:
        """StatusNotification of a connector."""
        return self.call("StatusNotification", {"connectorId": connector_id, "errorCode": "NoError", "status": status})

    def authorize(self, id_tag: str) -> Sent:
        """Authorize a tag."""
        return self.call("Authorize", {"idTag": id_tag})

    def start_transaction(self, id_tag: str, meter_start: int) -> Sent:
        """StartTransaction on connector 1, dated the current whole second (a second after the charger's previous
        start if that was in the same second: a new transaction is a later one); the transaction id balanz gives
        is kept."""
        started, timestamp = ocpp_whole_second()
        if self.started_at is not None and started <= self.started_at:
            started = self.started_at + 1
            timestamp = datetime.fromtimestamp(started, UTC).isoformat().replace("+00:00", "Z")
        self.started_at = started
        self.meter_start = meter_start
        payload = {"connectorId": 1, "idTag": id_tag, "meterStart": meter_start, "timestamp": timestamp}
        sent = self.call("StartTransaction", payload)
        if is_result(sent.answer):
            self.transaction_id = sent.answer[2].get("transactionId")
        return sent

    def stop_transaction(self, meter_stop: int, id_tag: str | None, reason: str | None = None) -> Sent:
        """StopTransaction of the charger's transaction, dated the current whole second, at least one second after
        its start (without idTag if ``id_tag`` is None)."""
        if self.transaction_id is None:
            raise AssertionError(f"{self.alias} has no transaction to stop")
        while self.started_at is not None and time.time() < self.started_at + 1:
            time.sleep(0.05)  # a session lasts at least into the second after its start (the charger's own clock)
        self.stopped_at, timestamp = ocpp_whole_second()
        self.meter_stop = meter_stop
        payload: dict[str, Any] = {
            "transactionId": self.transaction_id,
            "meterStop": meter_stop,
            "timestamp": timestamp,
        }
        if id_tag is not None:
            payload["idTag"] = id_tag
        if reason is not None:
            payload["reason"] = reason
        return self.call("StopTransaction", payload)

    def meter_values(
        self, current: str | None = None, register: str | None = None, timestamp: str | None = None
    ) -> Sent:
        """MeterValues of the charger's transaction: ``current`` as Current.Import of each phase (L1-L3),
        ``register`` as Energy.Active.Import.Register (Wh), both as the charger writes them (text)."""
        values: list[dict[str, str]] = []
        if current is not None:
            values += [
                {"value": current, "measurand": "Current.Import", "phase": p, "unit": "A"} for p in ("L1", "L2", "L3")
            ]
        if register is not None:
            values.append({"value": register, "measurand": "Energy.Active.Import.Register", "unit": "Wh"})
        payload = {
            "connectorId": 1,
            "transactionId": self.transaction_id,
            "meterValue": [{"timestamp": timestamp or ocpp_now(), "sampledValue": values}],
        }
        return self.call("MeterValues", payload)

    def heartbeat(self) -> Sent:
        """Heartbeat."""
        return self.call("Heartbeat", {})

    # --- balanz's calls --------------------------------------------------------------------------------------
    def refuse(self, action: str) -> None:
        """From now on the charger does not support ``action``: balanz's calls of it are answered NotImplemented."""
        self.link.handlers.pop(action, None)

    # --- balanz's calls (kept) --------------------------------------------------------------------------------------
    def _on_change_configuration(self, payload: dict[str, Any]) -> dict[str, Any]:
        if payload.get("key") == "AuthorizationKey":
            self.authorization_key = str(payload.get("value"))
            return {"status": "Accepted"}
        return {"status": "Rejected"}

    def calls_from_balanz(self, action: str) -> list[dict[str, Any]]:
        """The payloads of balanz's calls of this action to the charger, in order."""
        return [payload for name, payload in self.link.calls_received if name == action]

    # --- what the charger's latest session was --------------------------------------------------------------
    def fill_session(self, text: str) -> str:
        """A feature's text with the placeholders of the charger's latest ended session filled in as balanz writes
        them: ``<session id>`` (model.py Session.from_transaction: the charger id and the start's local time),
        ``<start>``, ``<end>`` (util.py time_str) and ``<duration>`` (duration_str), from the charger's own
        StartTransaction and StopTransaction times."""
        if self.started_at is None or self.stopped_at is None:
            raise AssertionError(f"{self.alias} has not started and stopped a transaction")
        values = {
            "<session id>": session_id(self.charger_id, self.started_at),
            "<start>": local_time(self.started_at),
            "<end>": local_time(self.stopped_at),
            "<duration>": duration_text(self.stopped_at - self.started_at),
        }
        for placeholder, value in values.items():
            text = text.replace(placeholder, value)
        return text

    def usages_reported(self) -> list[tuple[str, float]]:
        """The usage each of the charger's answered MeterValues reported, as balanz writes it ("10.5A": the largest
        Current.Import of its phases, model.py Charger.meter_values), and when balanz answered it (epoch s)."""
        found = []
        for sent in self.sent:
            if sent.what != "MeterValues" or sent.answered_at is None:
                continue
            values = json.loads(sent.text)[3]["meterValue"][0]["sampledValue"]
            currents = [float(v["value"]) for v in values if v.get("measurand") == "Current.Import"]
            if currents:
                found.append((f"{max(currents)}A", sent.answered_at))
        return found
