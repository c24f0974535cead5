"""Matchers for balanz's answers to API calls: a status, a login, a charger's configuration passed on, the
access matrix (every command's verdict for a user type), and a reply frame as it came, in the features' words
(``api_answered``). (balanz's answers to a charger's OCPP-J frames: checks/ocpp_answers.py.)"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from hamcrest.core.base_matcher import BaseMatcher
from hamcrest.core.description import Description

from balanz_acceptance.core.errors import SetupError
from balanz_acceptance.sut.api_commands import COMMANDS, USER_TYPES
from balanz_acceptance.sut.balanz_api import ANSWERED, NOT_AUTHORIZED, Answer
from balanz_acceptance.sut.ocppj import CALLERROR

#: The verdicts a matrix cell may hold.
ALLOWED, REFUSED = "allowed", "refused"
#: The verdicts of the access scenarios: refused = NotAuthorized, allowed = any other answer.
VERDICTS = (ALLOWED, REFUSED)


# --- API answers ------------------------------------------------------------------------------------
class CallVerdict(BaseMatcher[Answer]):
    """Matches an answer that permits (``allowed``) or refuses (``refused``) the call."""

    def __init__(self, verdict: str) -> None:
        if verdict not in VERDICTS:
            raise ValueError(f"verdict must be one of {VERDICTS}, not {verdict!r}")
        self.verdict = verdict

    def _matches(self, item: Answer) -> bool:
        return item.refused == (self.verdict == "refused")

    def describe_to(self, description: Description) -> None:
        """Describe the verdict in terms of balanz's answer."""
        description.append_text(
            "the call refused (NotAuthorized)" if self.verdict == "refused" else "the call allowed (not NotAuthorized)"
        )

    def describe_mismatch(self, item: Answer, description: Description) -> None:
        """Show balanz's answer."""
        description.append_text(f"balanz answered {item}")


def call_verdict(verdict: str) -> CallVerdict:
    """An answer that allows or refuses the call, as the feature's verdict says."""
    return CallVerdict(verdict)


class AllAnsweredWith(BaseMatcher[Sequence[Answer]]):
    """Matches a non-empty list of answers that all have this status (e.g. NotAuthorized)."""

    def __init__(self, status: str) -> None:
        self.status = status

    def _matches(self, item: Sequence[Answer]) -> bool:
        return bool(item) and all(a.status == self.status for a in item)

    def describe_to(self, description: Description) -> None:
        """Describe the expected answer."""
        description.append_text(f"every call answered {self.status}")

    def describe_mismatch(self, item: Sequence[Answer], description: Description) -> None:
        """List the answers that differ."""
        others = [str(a) for a in item if a.status != self.status]
        description.append_text("no call was made" if not item else "but " + "; ".join(others))


def all_answered_with(status: str) -> AllAnsweredWith:
    """Answers that all have this status."""
    return AllAnsweredWith(status)


class AnsweredWith(BaseMatcher[Answer]):
    """Matches one answer with this status (e.g. InvalidLogin)."""

    def __init__(self, status: str) -> None:
        self.status = status

    def _matches(self, item: Answer) -> bool:
        return item.status == self.status

    def describe_to(self, description: Description) -> None:
        """Describe the expected answer."""
        description.append_text(f"the call answered {self.status}")

    def describe_mismatch(self, item: Answer, description: Description) -> None:
        """Show balanz's answer."""
        description.append_text(f"balanz answered {item}")


def answered_with(status: str) -> AnsweredWith:
    """An answer with this status."""
    return AnsweredWith(status)


class LoggedInAs(BaseMatcher[Answer]):
    """Matches a Login answer that logged the client in as this user type."""

    def __init__(self, user_type: str) -> None:
        self.user_type = user_type

    def _matches(self, item: Answer) -> bool:
        return item.command == "Login" and item.status == ANSWERED and item.detail == self.user_type

    def describe_to(self, description: Description) -> None:
        """Describe the expected login."""
        description.append_text(f"a login as a {self.user_type} user")

    def describe_mismatch(self, item: Answer, description: Description) -> None:
        """Show balanz's answer."""
        shown = f"logged in as {item.detail}" if item.status == ANSWERED else f"answered {item.status}"
        description.append_text(f"balanz {shown}")


def logged_in_as(user_type: str) -> LoggedInAs:
    """A Login answer for a user of this type."""
    return LoggedInAs(user_type)


class Outcome(BaseMatcher[Answer]):
    """Matches an answer whose outcome (``Answer.outcome``: a result's status, or the error's) starts with this."""

    def __init__(self, status: str) -> None:
        self.status = status

    def _matches(self, item: Answer) -> bool:
        return item.outcome.startswith(self.status)

    def describe_to(self, description: Description) -> None:
        """Describe the expected answer."""
        description.append_text(f"balanz answering {self.status}")

    def describe_mismatch(self, item: Answer, description: Description) -> None:
        """Show balanz's answer."""
        description.append_text(f"it answered {item.outcome} {item.detail!r}"[:300])


def outcome(status: str) -> Outcome:
    """An answer whose outcome is this status (or an error status starting with it)."""
    return Outcome(status)


class ConfigurationAnswer(BaseMatcher[Answer]):
    """Matches a GetConfiguration answer that gives ``key`` this value, or (value None) lists it unknown."""

    def __init__(self, key: str, value: str | None) -> None:
        self.key = key
        self.value = value

    def _matches(self, item: Answer) -> bool:
        if item.status != ANSWERED or not isinstance(item.detail, dict):
            return False
        if self.value is None:
            return self.key in (item.detail.get("unknown_key") or [])
        entries = item.detail.get("configuration_key") or []
        return any(e.get("key") == self.key and e.get("value") == self.value for e in entries)

    def describe_to(self, description: Description) -> None:
        """Describe the expected answer."""
        text = "listed as unknown" if self.value is None else f"with the value {self.value}"
        description.append_text(f"the charger's key {self.key} {text}")

    def describe_mismatch(self, item: Answer, description: Description) -> None:
        """Show balanz's answer."""
        description.append_text(f"balanz answered {item.status} {item.detail!r}")


def configuration_value(key: str, value: str) -> ConfigurationAnswer:
    """A GetConfiguration answer giving ``key`` this value."""
    return ConfigurationAnswer(key, value)


def configuration_unknown(key: str) -> ConfigurationAnswer:
    """A GetConfiguration answer listing ``key`` as unknown to the charger."""
    return ConfigurationAnswer(key, None)


#: Commands whose real answer is the charger's, and the charger refuses: ocppsim has no UpdateFirmware
#: (docs/simulator.md), so balanz carrying it out passes on the charger's refusal as Rejected - or answers Accepted
#: without looking at it, which is the known issue features/firmware_known_issues.feature shows.
CHARGER_REFUSES = {"UpdateFirmware": "Rejected"}


def is_real_answer(answer: Answer) -> bool:
    """balanz carried the call out: a result, and ``Accepted`` where the command answers a status (or the
    charger's refusal where the charger refuses the command: ``CHARGER_REFUSES``)."""
    if answer.status != ANSWERED and answer.command not in CHARGER_REFUSES:
        return False
    if not isinstance(answer.detail, dict):
        return answer.status == ANSWERED
    return answer.detail.get("status", "Accepted") in ("Accepted", CHARGER_REFUSES.get(answer.command))


def verdict_of(answer: Answer) -> str:
    """``allowed`` (the real answer), ``refused`` (NotAuthorized), or what else balanz answered."""
    if answer.status == NOT_AUTHORIZED:
        return REFUSED
    if is_real_answer(answer):
        return ALLOWED
    return f"neither: {answer.status} {answer.detail!r}"[:160]


# --- API replies as they came (a raw connection: actors/api_probe.py) ----------------------------------
def api_answer_text(frame: Any) -> str:
    """A reply of balanz's API in the features' words: the error's status (``[4, id, {"status": S}]`` or
    ``[4, id, "S"]``), a result's status, "logged in as <user type>" (Login), "an empty list", "a list of N",
    "a result"; or "no answer"."""
    if frame is None:
        return "no answer"
    if not isinstance(frame, list) or len(frame) < 3:
        return f"a frame that is no reply: {json.dumps(frame)[:120]}"
    payload = frame[2]
    if frame[0] == CALLERROR:
        return str(payload.get("status")) if isinstance(payload, dict) else str(payload)
    if isinstance(payload, dict) and "status" in payload:
        return str(payload["status"])
    if isinstance(payload, dict) and "user_type" in payload:
        return f"logged in as {payload['user_type']}"
    if isinstance(payload, list):
        return "an empty list" if not payload else f"a list of {len(payload)}"
    return "a result"


class ApiAnswered(BaseMatcher[Any]):
    """Matches one reply frame of balanz's API against the features' words for it (``api_answer_text``)."""

    def __init__(self, expected: str, message_id: str | None = None) -> None:
        self.expected = " ".join(expected.split())
        self.message_id = message_id

    def _matches(self, item: Any) -> bool:
        if api_answer_text(item) != self.expected:
            return False
        return self.message_id is None or (isinstance(item, list) and str(item[1]) == self.message_id)

    def describe_to(self, description: Description) -> None:
        """Describe the expected reply."""
        description.append_text(self.expected + (f" under the id {self.message_id}" if self.message_id else ""))

    def describe_mismatch(self, item: Any, description: Description) -> None:
        """Show the reply."""
        description.append_text(f"balanz answered {json.dumps(item)[:300]} ({api_answer_text(item)})")


def api_answered(expected: str, message_id: str | None = None) -> ApiAnswered:
    """A reply of balanz's API that reads ``expected`` (and, if given, carries ``message_id``)."""
    return ApiAnswered(expected, message_id)


# --- the matrix a feature states -------------------------------------------------------------------
Matrix = dict[str, dict[str, str]]


def matrix_from_rows(headings: Sequence[str], rows: Iterable[Sequence[str]]) -> Matrix:
    """command → user type → verdict, from a table with a ``command`` column and one column per user type.

    A table that misses a user type, lists a command twice, has a verdict other than allowed/refused,
    or does not list exactly the commands of ``COMMANDS`` is a SetupError naming the difference.
    """
    names = [h.strip() for h in headings]
    missing = [t for t in USER_TYPES if t not in names]
    if "command" not in names or missing:
        raise SetupError(f"the access matrix needs columns command and {', '.join(USER_TYPES)}; missing {missing}")
    matrix: Matrix = {}
    for row in rows:
        cells = dict(zip(names, (c.strip() for c in row), strict=True))
        command = cells["command"]
        if command in matrix:
            raise SetupError(f"the access matrix lists {command} twice")
        bad = {t: cells[t] for t in USER_TYPES if cells[t] not in (ALLOWED, REFUSED)}
        if bad:
            raise SetupError(f"the access matrix: {command}: verdicts must be allowed or refused, not {bad}")
        matrix[command] = {t: cells[t] for t in USER_TYPES}
    extra, absent = sorted(set(matrix) - set(COMMANDS)), sorted(set(COMMANDS) - set(matrix))
    if extra or absent:
        raise SetupError(f"the access matrix must list every command of the API: unknown {extra}, missing {absent}")
    return matrix


class AnsweredAsMatrix(BaseMatcher[Sequence[Answer]]):
    """Matches the answers to every command when each has the verdict the matrix gives the user type."""

    def __init__(self, matrix: Mapping[str, Mapping[str, str]], user_type: str) -> None:
        if user_type not in USER_TYPES:
            raise SetupError(f"unknown user type {user_type}; balanz's are {', '.join(USER_TYPES)}")
        self.expected = {command: verdicts[user_type] for command, verdicts in matrix.items()}
        self.user_type = user_type

    def _differences(self, answers: Sequence[Answer]) -> list[str]:
        got = {a.command: a for a in answers}
        differences = [f"{c}: never tried" for c in self.expected if c not in got]
        differences += [
            f"{c}: {want}, but {verdict_of(got[c])} ({got[c]})"
            for c, want in self.expected.items()
            if c in got and verdict_of(got[c]) != want
        ]
        return differences

    def _matches(self, item: Sequence[Answer]) -> bool:
        return not self._differences(item)

    def describe_to(self, description: Description) -> None:
        """Describe the expectation."""
        allowed = sum(v == ALLOWED for v in self.expected.values())
        description.append_text(
            f"a {self.user_type} user's {len(self.expected)} calls: {allowed} carried out (their real answer), "
            f"{len(self.expected) - allowed} refused (NotAuthorized)"
        )

    def describe_mismatch(self, item: Sequence[Answer], description: Description) -> None:
        """List every command whose answer differs from its verdict."""
        description.append_text("\n    " + "\n    ".join(self._differences(item)))


def answered_as_matrix(matrix: Mapping[str, Mapping[str, str]], user_type: str) -> AnsweredAsMatrix:
    """Answers with the verdicts the matrix gives this user type."""
    return AnsweredAsMatrix(matrix, user_type)
