"""Client of balanz's websocket API (``/api``): ``[2, id, command, payload]`` calls, typed errors."""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from typing import Any

from balanz_acceptance.sut.ocppj import CALL, CALLERROR, CALLRESULT
from balanz_acceptance.sut.ws import ChannelError, ConnectError, TextChannel


class ApiError(Exception):
    """balanz answered a call with an error frame ``[4, id, payload]``."""

    def __init__(self, command: str, payload: Any) -> None:
        self.command = command
        self.payload = payload
        self.status = payload.get("status") if isinstance(payload, dict) else str(payload)
        super().__init__(f"{command} refused: {self.status}")


class NotAuthorized(ApiError):
    """The call needs a login or a user type that may call it."""


class InvalidLogin(ApiError):
    """The token matched no user."""


class ApiUnavailable(Exception):
    """balanz's API could not be reached or stopped answering."""


class ApiProtocolError(Exception):
    """balanz answered with a frame that is not the reply to the call (e.g. another call's id)."""


#: How balanz's log shows its first own request to a charger that connected (balanz.py balanz_loop).
_ASKED_BOOT = '"TriggerMessage",{"requestedMessage":"BootNotification"'
#: The status of an ``Answer`` to a call that balanz carried out (any result payload).
ANSWERED = "answered"
#: The status of an answer to a call that needs a login, or a user type that may call it.
NOT_AUTHORIZED = "NotAuthorized"


@dataclass(frozen=True)
class Answer:
    """How balanz answered one call: ``answered`` (with the result as ``detail``) or the status of its error
    frame (with the error payload as ``detail``)."""

    command: str
    status: str
    detail: Any = None

    @property
    def refused(self) -> bool:
        """The call was refused for want of a login or a permitted user type."""
        return self.status == NOT_AUTHORIZED

    @property
    def outcome(self) -> str:
        """What balanz answered: a result's own ``status`` (Accepted, Rejected, ...) or ``answered``, else the
        error's status."""
        if self.status == ANSWERED and isinstance(self.detail, dict) and "status" in self.detail:
            return str(self.detail["status"])
        return self.status

    def __str__(self) -> str:
        return f"{self.command} → {self.status}"


#: Commands that only read: repeating one after a lost reply is harmless. Any other command changes state
#: (CreateTag, UpdateGroup, SetChargePriority, ...): balanz may have done it before the reply was lost, so it
#: is never repeated. Login only sets the connection's user.
READ_ONLY = frozenset(
    {
        "Login",
        "GetStatus",
        "GetChargers",
        "GetGroups",
        "GetSessions",
        "GetCSVSessions",
        "GetLogs",
        "GetTags",
        "GetUsers",
        "GetFirmware",
        "GetConfiguration",
    }
)


#: balanz's log line once it has cleared a charger's charging profiles and set its default ones (balanz.py),
#: followed by the charger's id: the charger is initialized.
PROFILES_SET_UP = "Succesfully cleared and set default profiles for"

#: balanz's log line when a meter value names a transaction it does not know at the charger (model.py,
#: Charger.meter_values): it takes the transaction up under that id ("Synthezing" is balanz's spelling).
#: GetChargers does not show that id: the connector's transaction_id stays null.
PICKED_UP = "{charger_id}/{connector_id} not in transaction. Synthezing transaction with id {transaction_id}"

_ERRORS: dict[str, type[ApiError]] = {"NotAuthorized": NotAuthorized, "InvalidLogin": InvalidLogin}


@dataclass(frozen=True)
class OfferPoint:
    """One entry of a session's charging history as balanz records it."""

    timestamp: float
    offered: float | None
    usage: float | None


@dataclass(frozen=True)
class ConnectorView:
    """balanz's view of one connector of a charger (GetChargers), connector 1 unless said otherwise."""

    charger_id: str
    alias: str
    status: str
    offered: float
    priority: int | None
    ev_max_usage: float | None
    suspend_until: float | None
    in_transaction: bool
    id_tag: str | None
    network_connected: bool
    history: list[OfferPoint] = field(default_factory=list)
    user_name: str | None = None
    #: When balanz started the running transaction (epoch s), if there is one.
    start_time: float | None = None

    @classmethod
    def from_charger(cls, charger: dict[str, Any], connector: int = 1) -> ConnectorView:
        """Build from one GetChargers entry (its ``connector``: 1 unless the charger has more)."""
        conn = charger.get("connectors", {}).get(str(connector), {})
        tx = conn.get("transaction")
        history = [
            OfferPoint(float(h["timestamp"]), h.get("offered"), h.get("usage"))
            for h in (tx or {}).get("charging_history", [])
        ]
        return cls(
            charger_id=charger["charger_id"],
            alias=charger["alias"],
            status=str(conn.get("status")),
            offered=float(conn.get("offered") or 0),
            priority=conn.get("priority"),
            ev_max_usage=conn.get("ev_max_usage"),
            suspend_until=conn.get("suspend_until"),
            in_transaction=tx is not None,
            id_tag=(tx or {}).get("id_tag"),
            user_name=(tx or {}).get("user_name"),
            start_time=None if tx is None or tx.get("start_time") is None else float(tx["start_time"]),
            network_connected=bool(charger.get("network_connected")),
            history=history,
        )

    @property
    def offer_changes(self) -> list[OfferPoint]:
        """The offers balanz implemented in this transaction, in order."""
        return [h for h in self.history if h.offered is not None]

    def __str__(self) -> str:
        tx = "in transaction" if self.in_transaction else "no transaction"
        return f"{self.status} offered {self.offered:g} A ({tx})"


class BalanzApi:
    """One API connection. Thread-safe: calls are serialized, as balanz answers them in order.

    After ``login`` the token is kept, and a connection that had to be re-opened logs in again.
    """

    def __init__(self, url: str, *, timeout: float = 40.0) -> None:
        self.url = url.rstrip("/") + "/api"
        self._ids = itertools.count(1)
        self._token: str | None = None
        self._channel = TextChannel(self.url, timeout=timeout, subprotocols=["ocpp1.6"], on_connect=self._relogin)

    @property
    def timeout(self) -> float:
        """Seconds a call waits for its reply."""
        return self._channel.timeout

    @timeout.setter
    def timeout(self, seconds: float) -> None:
        self._channel.timeout = seconds

    def connect(self, open_timeout: float = 5.0) -> None:
        """Open the connection; balanz requires the ocpp1.6 subprotocol on its API too."""
        try:
            self._channel.open(open_timeout)
        except ChannelError as exc:
            raise ApiUnavailable(f"balanz API at {self.url} not reachable: {exc}") from exc

    def _relogin(self, channel: TextChannel) -> None:
        if self._token is not None:
            self._exchange(channel, "Login", {"token": self._token})

    def _exchange(self, channel: TextChannel, command: str, payload: dict[str, Any] | None) -> Any:
        msg_id = str(next(self._ids))
        try:
            frame = json.loads(channel.exchange(json.dumps([CALL, msg_id, command, payload or {}])))
        except ConnectError as exc:
            raise ApiUnavailable(f"balanz API at {self.url} not reachable: {exc}") from exc
        except ChannelError as exc:
            raise ApiUnavailable(f"balanz API at {self.url}: {command} got no answer: {exc}") from exc
        if not isinstance(frame, list) or len(frame) < 3 or frame[0] not in (CALLRESULT, CALLERROR):
            channel.close()
            raise ApiProtocolError(
                f"{command} (id {msg_id}): balanz API at {self.url} sent a frame that is no reply: {frame!r}"
            )
        if str(frame[1]) != msg_id:
            channel.close()  # the replies are out of step with the calls: start afresh
            raise ApiProtocolError(
                f"{command}: balanz API at {self.url} answered request id {msg_id!r} with reply id {frame[1]!r}"
            )
        if frame[0] == CALLRESULT:
            return frame[2]
        error = frame[2] if len(frame) > 2 else frame
        status = error.get("status") if isinstance(error, dict) else None
        raise _ERRORS.get(status or "", ApiError)(command, error)

    def call(self, command: str, payload: dict[str, Any] | None = None) -> Any:
        """Call an API command and return its result payload; error frames raise ApiError.

        A read-only command (``READ_ONLY``) whose connection broke or whose reply did not come is sent once
        more on a new connection (logged in again). A command that changes state is never repeated: balanz
        may have carried it out before the reply was lost, so ApiUnavailable says so instead.
        """
        for attempt in (1, 2):
            try:
                return self._exchange(self._channel, command, payload)
            except ChannelError as exc:  # raised while re-opening the connection
                raise ApiUnavailable(f"balanz API at {self.url} not reachable: {exc}") from exc
            except ApiUnavailable as exc:
                if isinstance(exc.__cause__, ConnectError):
                    raise
                if command not in READ_ONLY:
                    raise ApiUnavailable(
                        f"{exc}; not repeated: {command} changes state and balanz may have carried it out"
                    ) from exc
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def answer(self, command: str, payload: dict[str, Any] | None = None) -> Answer:
        """Call an API command and return balanz's answer, a result or an error frame, as an ``Answer``."""
        try:
            return Answer(command, ANSWERED, self.call(command, payload))
        except ApiError as error:
            return Answer(command, str(error.status), error.payload)

    def login(self, token: str) -> str:
        """Log in; returns the user type. The token is kept for re-connections."""
        user_type = self.call("Login", {"token": token})["user_type"]
        self._token = token
        return user_type

    def status(self) -> dict[str, Any]:
        """GetStatus: version, start time, counts."""
        return self.call("GetStatus")

    def chargers(self, **filters: str) -> list[dict[str, Any]]:
        """GetChargers (optionally for one charger_id/alias or group_id)."""
        return self.call("GetChargers", filters)

    def listed_charger(self, charger_id: str) -> dict[str, Any]:
        """balanz's GetChargers entry of the charger with this id (AssertionError unless it lists exactly one)."""
        found = [c for c in self.chargers() if c.get("charger_id") == charger_id]
        if len(found) != 1:
            raise AssertionError(f"balanz lists {len(found)} chargers {charger_id} (GetChargers)")
        return found[0]

    def connector(self, alias: str, connector: int = 1) -> ConnectorView:
        """balanz's view of one charger's connector (default: 1)."""
        # balanz ignores an alias it does not know and lists every charger: filter here too.
        found = [c for c in self.chargers(alias=alias) if c.get("alias") == alias]
        if not found:
            raise ApiError("GetChargers", {"status": f"no charger with alias {alias}"})
        return ConnectorView.from_charger(found[0], connector)

    def group_connectors(self, group_id: str) -> list[ConnectorView]:
        """balanz's view of every charger of a group."""
        return [ConnectorView.from_charger(c) for c in self.chargers(group_id=group_id)]

    def groups(self) -> list[dict[str, Any]]:
        """GetGroups."""
        return self.call("GetGroups")

    def sessions(self, **filters: Any) -> list[dict[str, Any]]:
        """GetSessions."""
        return self.call("GetSessions", filters)

    def logs(self, **filters: str) -> list[dict[str, Any]]:
        """GetLogs with balanz's filter keys (messageSearch, logger, ...)."""
        return self.call("GetLogs", {"filters": filters})["logs"]

    def profiles_set_up(self, charger_id: str) -> list[dict[str, Any]]:
        """balanz's log entries saying it initialized the charger's charging profiles (``PROFILES_SET_UP``)."""
        return self.logs(messageSearch=f"{PROFILES_SET_UP} {charger_id}")

    def picked_up(self, charger_id: str, transaction_id: int, connector_id: int = 1) -> list[dict[str, Any]]:
        """balanz's log entries saying it took the charger's transaction ``transaction_id`` up (``PICKED_UP``)."""
        return self.logs(
            messageSearch=PICKED_UP.format(
                charger_id=charger_id, connector_id=connector_id, transaction_id=transaction_id
            )
        )

    def ocpp_log(self, charger_id: str) -> list[str]:
        """balanz's log of the OCPP messages it exchanged with one charger, in order."""
        return [e.get("message", "") for e in self.logs(logger="ocpp", messageSearch=f"{charger_id}: ")]

    def own_requests(self, charger_id: str) -> int:
        """How many times balanz has asked the charger for its boot notification after a connection (the first of
        its own requests, ``own_requests_answered``)."""
        return sum(_ASKED_BOOT in m for m in self.ocpp_log(charger_id))

    def own_requests_answered(self, charger_id: str, since: int = 0) -> bool:
        """True once a newly connected charger has answered what balanz asks it for itself.

        balanz asks every charger that (re)connects for a boot notification, the status of each connector and
        its meter values, in that order (balanz.py balanz_loop, ``requested_status``). Until the charger has
        sent all three the charger may still send a status it was asked for: ocppsim then overwrites a session's
        Preparing with the Available it was asked to report, and the session never starts. (ocppsim answers a
        triggered BootNotification with its whole start-up sequence, boot and then each connector's status, so
        its meter values may come before that status.) ``since``: only requests after the first ``since``
        (``own_requests``), i.e. those of a later connection.
        """
        log = self.ocpp_log(charger_id)
        asked = [i for i, m in enumerate(log) if _ASKED_BOOT in m]
        if len(asked) <= since:
            return False
        received = [m for m in log[asked[since] :] if ": receive message [2," in m]
        wanted = ('"BootNotification"', '"StatusNotification",{"connectorId":1', '"MeterValues"')
        return all(any(w in m for m in received) for w in wanted)

    def close(self) -> None:
        """Close the connection."""
        self._channel.close()


#: A record's start time matches the start balanz showed while the session ran to within this (s): balanz's
#: session file keeps whole seconds, so a record read back after a restart has lost the fraction.
START_RESOLUTION = 1.0
#: balanz rounds a session's end time to 2 decimals (model.py ``Session.from_transaction``).
END_TIME_ROUNDING = 0.01

#: The names the features give a record's fields → the keys of balanz's GetSessions entries.
RECORD_FIELDS: dict[str, str] = {
    "charger": "charger_id",
    "alias": "charger_alias",
    "group": "group_id",
    "tag": "id_tag",
    "user": "user_name",
    "stop tag": "stop_id_tag",
    "stop reason": "reason",
}


@dataclass(frozen=True)
class SessionRecord:
    """One ended session as balanz's GetSessions shows it."""

    data: dict[str, Any]
    history: list[OfferPoint] = field(default_factory=list)

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> SessionRecord:
        """Build from one GetSessions entry."""
        history = [
            OfferPoint(float(h["timestamp"]), h.get("offered"), h.get("usage"))
            for h in data.get("charging_history") or []
        ]
        return cls(dict(data), history)

    def fields(self) -> dict[str, str]:
        """The fields the features name (see RECORD_FIELDS), as text."""
        return {name: str(self.data.get(key)) for name, key in RECORD_FIELDS.items()}

    @property
    def start_time(self) -> float:
        """When the charger started the transaction (epoch s)."""
        return float(self.data["start_time"])

    @property
    def end_time(self) -> float | None:
        """When the charger stopped the transaction (epoch s, 2 decimals)."""
        value = self.data.get("end_time")
        return None if value is None else float(value)

    @property
    def duration(self) -> float | None:
        """The recorded duration (s)."""
        value = self.data.get("duration")
        return None if value is None else float(value)

    @property
    def kwh(self) -> float:
        """The recorded energy in kWh (balanz's ``kwh`` text, 3 decimals)."""
        return float(self.data["kwh"])

    @property
    def offer_changes(self) -> list[OfferPoint]:
        """The offers recorded in the session's history, in order (usage entries left out)."""
        return [h for h in self.history if h.offered is not None]

    def __str__(self) -> str:
        offers = " → ".join(f"{float(p.offered):g}" for p in self.offer_changes)
        return (
            f"session {self.data.get('session_id')}: {self.data.get('charger_alias')}, tag {self.data.get('id_tag')}, "
            f"{self.data.get('kwh')} kWh, reason {self.data.get('reason')}, offers {offers or 'none'}"
        )
