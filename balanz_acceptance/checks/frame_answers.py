"""Matchers for the frames balanz answers: to a charger's OCPP-J frames, and to an API client's calls.

A feature names an answer in words (see ``ocpp_answer`` and ``api_answer``); the matchers compare the
frames balanz actually sent with it and show those frames when they differ.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from hamcrest.core.base_matcher import BaseMatcher
from hamcrest.core.description import Description

from balanz_acceptance.core.errors import SetupError

CALLRESULT, CALLERROR = 3, 4

_CALLERROR = re.compile(r"^CallError (?P<code>\w+)$")
_RESULT_STATUS = re.compile(r"^a result with status (?P<status>\w+)$")


@dataclass(frozen=True)
class ExpectedOcppAnswer:
    """What a feature expects balanz to answer to one frame: nothing, a result (optionally with a status
    somewhere in it, e.g. idTagInfo), an empty result, or a CALLERROR with an error code."""

    kind: str
    detail: str | None = None

    def matches(self, frames: Sequence[list[Any]]) -> bool:
        """True if ``frames`` (every answer balanz sent to the frame) is this answer."""
        if self.kind == "none":
            return not frames
        if len(frames) != 1:
            return False
        frame = frames[0]
        if self.kind == "error":
            return frame[0] == CALLERROR and len(frame) >= 3 and frame[2] == self.detail
        if frame[0] != CALLRESULT or len(frame) < 3:
            return False
        if self.kind == "empty":
            return frame[2] == {}
        return self.detail is None or _has_status(frame[2], self.detail)

    def __str__(self) -> str:
        texts = {"none": "no answer", "empty": "an empty result", "result": "a result"}
        if self.kind == "error":
            return f"CallError {self.detail}"
        return texts[self.kind] + (f" with status {self.detail}" if self.kind == "result" and self.detail else "")


def _has_status(payload: Any, status: str) -> bool:
    if isinstance(payload, dict):
        return payload.get("status") == status or any(_has_status(v, status) for v in payload.values())
    return False


def ocpp_answer(text: str) -> ExpectedOcppAnswer:
    """A feature's words for an OCPP answer: "no answer", "an empty result", "a result", "a result with
    status <S>" (the payload, or an object in it such as idTagInfo, has that status), "CallError <code>"."""
    text = " ".join(text.split())
    fixed = {"no answer": ExpectedOcppAnswer("none"), "an empty result": ExpectedOcppAnswer("empty")}
    fixed["a result"] = ExpectedOcppAnswer("result")
    if text in fixed:
        return fixed[text]
    if found := _CALLERROR.match(text):
        return ExpectedOcppAnswer("error", found["code"])
    if found := _RESULT_STATUS.match(text):
        return ExpectedOcppAnswer("result", found["status"])
    raise SetupError(
        f"'{text}' is no OCPP answer: say 'no answer', 'an empty result', 'a result', 'a result with status S' "
        "or 'CallError <code>'"
    )


class OcppAnswered(BaseMatcher[Sequence[list[Any]]]):
    """Matches the frames balanz sent in answer to one frame against the expected answer."""

    def __init__(self, expected: ExpectedOcppAnswer) -> None:
        self.expected = expected

    def _matches(self, item: Sequence[list[Any]]) -> bool:
        return self.expected.matches(item)

    def describe_to(self, description: Description) -> None:
        """Describe the expected answer."""
        description.append_text(str(self.expected))

    def describe_mismatch(self, item: Sequence[list[Any]], description: Description) -> None:
        """Show what balanz sent."""
        shown = "; ".join(json.dumps(f)[:240] for f in item) or "nothing"
        description.append_text(f"balanz answered {shown}")


def answered_ocpp(text: str) -> OcppAnswered:
    """The frames answering one frame are what the feature's words say (``ocpp_answer``)."""
    return OcppAnswered(ocpp_answer(text))


# --- the API ---------------------------------------------------------------------------------------------
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
