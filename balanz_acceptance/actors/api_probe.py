"""An API client that misbehaves, and logins that should fail: what balanz answers, and that nothing changed.

balanz's API (api.py api_handler) reads one JSON frame ``[2, id, command, payload]`` at a time and answers
``[3, id, result]`` or ``[4, id, error]``. ``ApiProbe`` sends it what a careless or hostile client sends -
text that is not JSON, frames that are not calls, unknown commands, payloads of the wrong type, calls that
leave out what they need or name what does not exist - each on the Admin connection of the probe
(``RawApi``: the reply as it came, whatever its id), and compares the replies with a feature's table. (That such
calls changed nothing balanz keeps or lists: actors/bystanders.py.)

Logins: every attempt is made on a connection of its own (a new client), so that one attempt cannot
inherit another's login; the connection is then asked for GetChargers to show what the login left it.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass, field
from typing import Any

from hamcrest import assert_that, equal_to

from balanz_acceptance.checks.answers import api_answer_text, api_answered
from balanz_acceptance.core.errors import SetupError
from balanz_acceptance.core.record import ScenarioRecord
from balanz_acceptance.core.users import ApiUser, token_of
from balanz_acceptance.sut.raw_api import RawApi

#: How a feature names the password tried for a user whose token is ``user id + password`` (user.py ``User``:
#: balanz keeps sha256(user id + password)): the right one, one with its last character changed, one with
#: its last character left off, or none at all (the user id alone).
PASSWORD_KINDS = ("right", "wrong", "partial", "empty")


def token_tried(user: ApiUser, kind: str) -> str:
    """The token a client sends for ``user`` with the ``kind`` of password (``PASSWORD_KINDS``)."""
    token = user.token
    if token is None or not token.startswith(user.user_id) or len(token) <= len(user.user_id):
        raise SetupError(f"user {user.user_id}: its documented token is not its user id followed by a password")
    if kind == "right":
        return token
    if kind == "wrong":
        return token[:-1] + ("x" if token[-1] != "x" else "y")
    if kind == "partial":
        return token[:-1]
    if kind == "empty":
        return user.user_id
    raise SetupError(f"'{kind}' is no kind of password: say one of {', '.join(PASSWORD_KINDS)}")


@dataclass(frozen=True)
class Exchange:
    """One thing the client sent (as the feature names it) and balanz's reply frame (None: no reply)."""

    what: str
    sent: str
    reply: Any


@dataclass
class ApiProbe:
    """A client of balanz's API that sends what the scenario says, and what it saw."""

    url: str
    admin_token: str
    record: ScenarioRecord
    #: The site's API users (data/model/users.csv), with their documented tokens.
    users: dict[str, ApiUser]
    exchanges: list[Exchange] = field(default_factory=list)
    #: The exchanges of the latest table of frames or calls, with the answer each row expects (and the message
    #: id the answer must carry, where the table says).
    table: list[tuple[Exchange, str, str | None]] = field(default_factory=list)
    _clients: list[RawApi] = field(default_factory=list)
    _admin: RawApi | None = None

    # --- connections ------------------------------------------------------------------------------------
    def new_client(self) -> RawApi:
        """A new connection to balanz's API, not logged in (closed with the probe)."""
        client = RawApi(self.url)
        self._clients.append(client)
        return client

    @property
    def admin(self) -> RawApi:
        """The probe's own connection, logged in as the suite's Admin user (the first time it is used)."""
        if self._admin is None:
            client = self.new_client()
            reply = client.call("Login", {"token": self.admin_token})
            assert_that(reply, api_answered("logged in as Admin"), "the probe's Admin login")
            self._admin = client
        return self._admin

    def close(self) -> None:
        """Close every connection the probe opened."""
        for client in self._clients:
            client.close()

    def _keep(self, what: str, sent: str, reply: Any) -> Exchange:
        exchange = Exchange(what, sent, reply)
        self.exchanges.append(exchange)
        self.record.note(f"API probe: {what}: {sent[:160]} -> {json.dumps(reply)[:200]}")
        return exchange

    # --- what the client sends ---------------------------------------------------------------------------
    def send(self, what: str, text: str, client: RawApi | None = None) -> Exchange:
        """Send ``text`` as it is (on the Admin connection unless ``client`` is given)."""
        return self._keep(what, text, (client or self.admin).exchange(text))

    def call(self, command: str, payload_json: str, client: RawApi | None = None) -> Exchange:
        """Call ``command`` with the payload a feature writes as JSON (any JSON value)."""
        try:
            payload = json.loads(payload_json)
        except ValueError:
            raise SetupError(f"the payload of {command} is not JSON: {payload_json}") from None
        client = client or self.admin
        message_id = client.next_id()
        text = json.dumps([2, message_id, command, payload])
        return self._keep(command, text, client.exchange(text))

    def send_rows(self, rows: list[tuple[str, str, str]]) -> None:
        """Send each row's frame (what, frame, expected reply) on the Admin connection, in turn."""
        self.table = [(self.send(what, text), expected, None) for what, text, expected in rows]

    def call_rows(self, rows: list[tuple[str, str, str, str | None]]) -> None:
        """Make each row's call (command, payload as JSON, expected reply, the id the reply must carry or None)
        on the Admin connection, in turn."""
        self.table = [(self.call(command, payload), expected, mid) for command, payload, expected, mid in rows]

    def send_first(self, text: str, what: str) -> Exchange:
        """A new client sends ``text`` as the first frame on its connection."""
        return self.send(what, text, client=self.new_client())

    def log_in_rows(self, rows: list[tuple[str, str, str, str]]) -> None:
        """For each row (user id, kind of password, expected login reply, expected GetChargers reply) a new client
        logs in with that user's password of that kind (``token_tried``), then asks for the chargers."""
        unknown = [user_id for user_id, *_ in rows if user_id not in self.users]
        if unknown:
            raise SetupError(f"{', '.join(unknown)}: no API user of data/model/users.csv")
        tried = [
            (token_tried(self.users[user_id], kind), f"{user_id} with the {kind} password")
            for user_id, kind, *_ in rows
        ]
        self.table = []
        for (token, what), (*_, login_expected, after_expected) in zip(tried, rows, strict=True):
            login, after = self.log_in_anew(token, what)
            self.table += [(login, login_expected, None), (after, after_expected, None)]

    def answered_as_table(self) -> None:
        """balanz answered every exchange of the latest table as its row expects."""
        self.answers_as_table(self.table)

    def log_in_anew(self, token: str, what: str) -> tuple[Exchange, Exchange]:
        """A new client logs in with ``token``, then asks for the chargers (GetChargers) on that connection."""
        client = self.new_client()
        login = self._keep(what, "Login", client.call("Login", {"token": token}))
        after = self._keep(f"{what}, then GetChargers", "GetChargers", client.call("GetChargers", {}))
        return login, after

    def log_in_with_password(self, user_id: str, password: str) -> tuple[Exchange, Exchange]:
        """A new client logs in as a user with a password (token: user id and password, api_commands.token_of)."""
        return self.log_in_anew(token_of(user_id, password), f"{user_id} with password {password}")

    # --- what balanz answered ------------------------------------------------------------------------------
    @property
    def last(self) -> Exchange:
        """The latest exchange."""
        if not self.exchanges:
            raise AssertionError("the client has sent nothing yet")
        return self.exchanges[-1]

    def answered(self, expected: str, message_id: str | None = None, exchange: Exchange | None = None) -> None:
        """balanz's reply to the latest (or the given) exchange reads ``expected`` (and carries ``message_id``)."""
        exchange = exchange or self.last
        assert_that(exchange.reply, api_answered(expected, message_id), f"balanz's reply to {exchange.what}")

    def answers_as_table(self, rows: list[tuple[Exchange, str, str | None]]) -> None:
        """Each exchange got the reply its row expects (under the id it names, if any); every row is checked,
        the differences listed together."""
        wrong = [
            f"{e.what} ({e.sent[:100]}): expected {expected}"
            + (f" under the id {mid}" if mid else "")
            + f", balanz answered {api_answer_text(e.reply)} {json.dumps(e.reply)[:160]}"
            for e, expected, mid in rows
            if not api_answered(expected, mid).matches(e.reply)
        ]
        assert not wrong, "balanz's replies differ from the table:\n  " + "\n  ".join(wrong)

    def log_entries(self, filters_json: str) -> Exchange:
        """Ask for balanz's log entries with these filters (GetLogs, the filters as a feature writes them)."""
        return self.call("GetLogs", json.dumps({"filters": json.loads(filters_json)}))

    def levels_listed(self) -> set[str]:
        """The levels of the log entries balanz listed in answer to the latest GetLogs."""
        reply = self.last.reply
        assert isinstance(reply, list) and len(reply) > 2 and isinstance(reply[2], dict), f"GetLogs: {reply!r}"
        return {str(entry.get("level")) for entry in reply[2].get("logs", [])}

    def levels_are(self, levels: list[str]) -> None:
        """The latest GetLogs listed entries of exactly these levels."""
        assert_that(self.levels_listed(), equal_to(set(levels)), "the levels of the log entries balanz listed")

    def login_answered(self, expected: str) -> None:
        """balanz answered the latest login as ``expected`` ("InvalidLogin", "logged in as <user type>")."""
        logins = [e for e in self.exchanges if e.sent == "Login"]
        if not logins:
            raise AssertionError("no client has logged in yet")
        self.answered(expected, exchange=logins[-1])

    def admin_still_served(self) -> None:
        """The Admin connection is still open and balanz answers its GetStatus with a result."""
        self.answered("a result", exchange=self.call("GetStatus", "{}"))

    def reply_is_not_json(self, command: str, constant: str) -> None:
        """balanz's reply to ``command`` is not valid JSON (RFC 8259): it holds ``constant`` (NaN, Infinity),
        which Python's json module writes and reads but JSON does not have."""
        text = self.admin.exchange_text(json.dumps([2, self.admin.next_id(), command, {}]))
        self._keep(f"{command} (its text)", command, text)
        assert text is not None, f"balanz did not answer {command}"
        found: list[str] = []

        def refuse(name: str) -> float:
            found.append(name)
            raise ValueError(name)

        with contextlib.suppress(ValueError):
            json.loads(text, parse_constant=refuse)
        assert_that(found, equal_to([constant]), f"what makes balanz's reply to {command} invalid JSON")

    def another_client_is_served(self) -> None:
        """A new client logs in as Admin and gets balanz's status (GetStatus): balanz goes on serving."""
        client = self.new_client()
        self._keep("another client's login", "Login", client.call("Login", {"token": self.admin_token}))
        status = self._keep("another client's GetStatus", "GetStatus", client.call("GetStatus", {}))
        answer = api_answer_text(status.reply)
        assert_that(answer, equal_to("a result"), "balanz's answer to another client's GetStatus")
