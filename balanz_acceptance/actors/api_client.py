"""A further API client: the site's API users, harmless calls to try, and a client that logs in as one of them and
records balanz's answers (the operator is the suite's own Admin connection, actors/operator.py).

balanz lets a logged-in user call only what its user type permits (api.py ``API_ALLOW``) and answers
anything else ``NotAuthorized``. The access scenarios log in as one user per user type and try calls
whose payloads change nothing: a call that is permitted then answers with a result or a harmless error
(``NoSuchTag``, ``ChargerNotConnected``, ...), one that is not answers ``NotAuthorized``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from hamcrest import assert_that, equal_to

from balanz_acceptance.actors.api_matrix import make_probe, requests
from balanz_acceptance.actors.chargers import Chargers
from balanz_acceptance.checks.answers import (
    ALLOWED,
    all_answered_with,
    answered_as_matrix,
    answered_with,
    logged_in_as,
    matrix_from_rows,
    verdict_of,
)
from balanz_acceptance.core.errors import SetupError
from balanz_acceptance.core.record import ScenarioRecord
from balanz_acceptance.core.site import SiteModel
from balanz_acceptance.core.timing import TimingProfile
from balanz_acceptance.core.users import load_api_users, token_of, user_of_type
from balanz_acceptance.sut.balanz_api import ANSWERED, Answer, ApiError, BalanzApi

#: An id_tag and a group_id that are not in the site, so that the calls changing them change nothing.
ABSENT_TAG = "NOT-A-SITE-TAG"
ABSENT_GROUP = "NOT-A-SITE-GROUP"


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


class ApiClient:
    """A further connection to balanz's API that starts logged out; it keeps every answer it got.

    Its harmless calls name ``idle_charger``, a charger of the site that has no simulator in the scenario.
    """

    def __init__(
        self,
        api: BalanzApi,
        site: SiteModel,
        profile: TimingProfile,
        chargers: Chargers,
        record: ScenarioRecord,
    ) -> None:
        self.api = api
        self.site = site
        self.profile = profile
        self.chargers = chargers
        self.record = record
        self.users = load_api_users(site.model_dir / "users.csv")
        running = set(chargers.in_scenario())
        self.idle_charger = next((a for a in site.chargers if a not in running), next(iter(site.chargers)))
        self.calls = harmless_calls(self.idle_charger)
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
        answer = self.api.answer(command, payload)
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

    def has_logged_in_as(self, user_type: str) -> None:
        """Log in with the token of the site's user of this type; balanz must log the client in as that type."""
        self.log_in_as(user_type)
        self.logged_in_as(user_type)

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

    def log_in_as_user(self, user_id: str, password: str) -> Answer:
        """Log in as a user created with a password: balanz keeps sha256(user id + password) as its ``auth_sha``
        (user.py User) and logs in whoever's token has that sha256 (``check_auth``)."""
        return self.log_in(token_of(user_id, password))

    def logged_in_as(self, user_type: str) -> None:
        """The latest login logged the client in as a user of this type."""
        assert_that(self.last, logged_in_as(user_type), "balanz's answer to the login")

    def answered(self, status: str) -> None:
        """balanz answered the latest call with this status."""
        assert_that(self.last, answered_with(status), "balanz's answer")

    def all_answered(self, status: str) -> None:
        """balanz answered every call so far with this status."""
        assert_that(self.answers, all_answered_with(status), "balanz's answers")

    def carried_out(self) -> None:
        """balanz carried the latest call out (its real answer, not NotAuthorized)."""
        assert_that(verdict_of(self.last), equal_to(ALLOWED), f"balanz's answer to {self.last.command}")

    def answered_as_table(self, headings: Sequence[str], rows: Iterable[Sequence[str]], user_type: str) -> None:
        """balanz answered each command as the column for ``user_type`` of the feature's matrix (a ``command``
        column and one per user type: checks/answers.py matrix_from_rows) says."""
        matrix = matrix_from_rows(headings, rows)
        assert_that(self.answers, answered_as_matrix(matrix, user_type), "balanz's answers")

    def update_tag(self, tag: str, **changes: Any) -> Answer:
        """Change a tag of the site for real (UpdateTag), e.g. ``status="Blocked"``; the answer is kept."""
        return self._answer("UpdateTag", {"id_tag": self.site.tag(tag).id_tag, **changes})

    def try_every_command(self, alias: str | None = None) -> list[Answer]:
        """Call every command of balanz's API (sut/api_commands.py COMMANDS, in order) with a request that changes
        nothing lasting (actors/api_matrix.py requests).

        The charger commands address ``alias``, whose session must be running; without ``alias`` they address a
        charger that has no simulator in this scenario (for a client that is not logged in).
        """
        if alias is None:
            probe = make_probe(self.site, self.profile, self.idle_charger, None, None)
        else:
            charger = self.chargers(alias)
            probe = make_probe(self.site, self.profile, alias, charger.view(), charger.sim_status())
        return [self.call(command, payload) for command, payload in requests(probe)]

    def attempt_all(self, calls: list[tuple[str, str]]) -> list[Answer]:
        """Try several harmless calls, given as (command, activity); return their answers."""
        return [self.attempt(command, activity) for command, activity in calls]

    def close(self) -> None:
        """Close the connection."""
        self.api.close()
