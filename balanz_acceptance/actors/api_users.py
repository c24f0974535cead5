"""API access: the site's API users, harmless calls to try, and a client that records balanz's answers.

balanz lets a logged-in user call only what its user type permits (api.py ``API_ALLOW``) and answers
anything else ``NotAuthorized``. The access scenarios log in as one user per user type and try calls
whose payloads change nothing: a call that is permitted then answers with a result or a harmless error
(``NoSuchTag``, ``ChargerNotConnected``, ...), one that is not answers ``NotAuthorized``.
"""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from balanz_acceptance.core.errors import SetupError
from balanz_acceptance.core.record import ScenarioRecord
from balanz_acceptance.sut.balanz_api import ApiError, BalanzApi

#: The users of the access scenarios are ``api-<user type in lower case>`` in data/model/users.csv.
USER_ID_PREFIX = "api-"

#: The answer of a call that balanz carried out (any result payload).
ANSWERED = "answered"
#: The answer of a call that needs a login, or a user type that may call it.
NOT_AUTHORIZED = "NotAuthorized"

#: An id_tag and a group_id that are not in the site, so that the calls changing them change nothing.
ABSENT_TAG = "NOT-A-SITE-TAG"
ABSENT_GROUP = "NOT-A-SITE-GROUP"

_TOKEN = re.compile(r"\(token (\S+)\)")


def token_of(user_id: str, password: str) -> str:
    """The login token of a user created with a password: balanz keeps sha256(user id + password) as its
    ``auth_sha`` (user.py ``User``) and logs in whoever's token has that sha256 (``check_auth``)."""
    return user_id + password


@dataclass(frozen=True)
class ApiUser:
    """One user of balanz's API (data/model/users.csv); its description may document its token."""

    user_id: str
    user_type: str
    token: str | None


def load_api_users(users_csv: Path) -> dict[str, ApiUser]:
    """The users of ``users.csv`` by user id, with the token a description documents as ``(token T)``.

    A documented token must be the one whose sha256 is the user's ``auth_sha``: balanz logs a user in
    when sha256(token) equals it (user.py ``check_auth``).
    """
    if not users_csv.is_file():
        raise SetupError(f"{users_csv}: file missing")
    users: dict[str, ApiUser] = {}
    with users_csv.open(newline="") as handle:
        for row in csv.DictReader(handle):
            user_id = row.get("user_id") or ""
            found = _TOKEN.search(row.get("description") or "")
            token = found.group(1) if found else None
            if token is not None and hashlib.sha256(token.encode()).hexdigest() != (row.get("auth_sha") or "").strip():
                raise SetupError(f"{users_csv}: user {user_id}: auth_sha is not the sha256 of its token {token}")
            users[user_id] = ApiUser(user_id, row.get("user_type") or "", token)
    return users


def user_of_type(users: dict[str, ApiUser], user_type: str) -> ApiUser:
    """The access scenarios' user of this type: ``api-<type in lower case>``, of exactly that type."""
    user_id = USER_ID_PREFIX + user_type.lower()
    user = users.get(user_id)
    if user is None or user.user_type != user_type or user.token is None:
        raise SetupError(f"data/model/users.csv has no user {user_id} of type {user_type} with a documented token")
    return user


@dataclass(frozen=True)
class ApiCall:
    """A call the access scenarios try: what it means for a user, and a payload that changes nothing."""

    command: str
    activity: str
    payload: dict[str, Any] = field(default_factory=dict)


def harmless_calls(charger_alias: str) -> dict[str, ApiCall]:
    """The calls the access scenarios try, by command.

    ``charger_alias`` names a charger of the site that is not connected (the scenarios start no
    simulator), so SetChargePriority answers ChargerNotConnected when it is permitted.
    """
    calls = [
        ApiCall("GetChargers", "look at the chargers"),
        ApiCall("GetGroups", "look at the groups"),
        ApiCall("GetTags", "look at the tags"),
        ApiCall("GetSessions", "look at the session records"),
        ApiCall("SetChargePriority", "change a session's priority", {"alias": charger_alias, "priority": 10}),
        ApiCall("UpdateTag", "change a tag", {"id_tag": ABSENT_TAG, "description": "never stored"}),
        ApiCall("UpdateGroup", "change a group", {"group_id": ABSENT_GROUP, "description": "never stored"}),
        ApiCall("GetStatus", "look at balanz's status"),
    ]
    return {call.command: call for call in calls}


@dataclass(frozen=True)
class Answer:
    """How balanz answered one call: ``answered`` (a result) or the status of its error."""

    command: str
    status: str
    detail: Any = None

    @property
    def refused(self) -> bool:
        """The call was refused for want of a login or a permitted user type."""
        return self.status == NOT_AUTHORIZED

    def __str__(self) -> str:
        return f"{self.command} → {self.status}"


class ApiClient:
    """A further connection to balanz's API that starts logged out; it keeps every answer it got."""

    def __init__(
        self, api: BalanzApi, users: dict[str, ApiUser], calls: dict[str, ApiCall], record: ScenarioRecord
    ) -> None:
        self.api = api
        self.users = users
        self.calls = calls
        self.record = record
        self.answers: list[Answer] = []

    def connect(self) -> None:
        """Open the connection now (without logging in)."""
        self.api.connect()

    @property
    def last(self) -> Answer:
        """The answer to the latest call."""
        if not self.answers:
            raise AssertionError("the client has not called balanz yet")
        return self.answers[-1]

    def _answer(self, command: str, payload: dict[str, Any]) -> Answer:
        try:
            result = self.api.call(command, payload)
            answer = Answer(command, ANSWERED, result)
        except ApiError as error:
            answer = Answer(command, str(error.status), error.payload)
        self.answers.append(answer)
        self.record.note(f"API client: {answer}")
        return answer

    def call(self, command: str, payload: dict[str, Any]) -> Answer:
        """Make one call with this payload; return (and keep) balanz's answer."""
        return self._answer(command, payload)

    def log_in(self, token: str) -> Answer:
        """Log in with a token; on success the answer's detail is the user type.

        A successful login is kept by the connection, which logs in again if it has to reconnect.
        """
        try:
            answer = Answer("Login", ANSWERED, self.api.login(token))
        except ApiError as error:
            answer = Answer("Login", str(error.status), error.payload)
        self.answers.append(answer)
        self.record.note(f"API client: {answer}" + (f" as {answer.detail}" if answer.status == ANSWERED else ""))
        return answer

    def log_in_as(self, user_type: str) -> Answer:
        """Log in with the token of the site's user of this type."""
        token = user_of_type(self.users, user_type).token
        assert token is not None
        return self.log_in(token)

    def log_in_with_unknown_token(self, token: str) -> Answer:
        """Log in with a token that, as the feature says, belongs to no user of the site."""
        owners = [u.user_id for u in self.users.values() if u.token == token]
        if owners:
            raise SetupError(f"token {token} is not unknown: it is the token of {', '.join(owners)}")
        return self.log_in(token)

    def attempt(self, command: str, activity: str | None = None) -> Answer:
        """Try one of the harmless calls; ``activity`` must be its wording in the features."""
        call = self.calls.get(command)
        if call is None:
            raise SetupError(f"no harmless call {command} is defined; known: {', '.join(self.calls)}")
        if activity is not None and activity != call.activity:
            raise SetupError(f"{command} is worded '{call.activity}' in the features, not '{activity}'")
        return self._answer(command, dict(call.payload))

    def update_tag(self, id_tag: str, **changes: Any) -> Answer:
        """Change a tag of the site for real (UpdateTag), e.g. ``status="Blocked"``; the answer is kept."""
        return self._answer("UpdateTag", {"id_tag": id_tag, **changes})

    def attempt_all(self, calls: list[tuple[str, str]]) -> list[Answer]:
        """Try several harmless calls, given as (command, activity); return their answers."""
        return [self.attempt(command, activity) for command, activity in calls]

    def close(self) -> None:
        """Close the connection."""
        self.api.close()
