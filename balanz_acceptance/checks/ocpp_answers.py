"""Matchers for what balanz answers a charger's OCPP-J frames: an answer a feature names in words
(``ocpp_answer``), a result whose payload matches, and balanz's current time in its answer (BootNotification,
Heartbeat: charge_point_csms_v16.py ChargePoint_CSMS_v16.on_boot_notification, on_heartbeat). The matchers
compare the frames balanz actually sent and show them when they differ. (balanz's answers to its API's calls:
checks/answers.py.)
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from hamcrest import has_entry, matches_regexp
from hamcrest.core.base_matcher import BaseMatcher
from hamcrest.core.description import Description
from hamcrest.core.matcher import Matcher

from balanz_acceptance.core.errors import SetupError
from balanz_acceptance.sut.ocppj import CALLERROR, CALLRESULT
from balanz_acceptance.sut.raw_link import frame_text, is_result
from balanz_acceptance.sut.scripted_charger import Sent

#: Seconds balanz's current time may differ from the harness's: the same machine, one round trip.
CLOCK_TOLERANCE = 2.0
#: An OCPP 1.6 dateTime (RFC 3339): a date, a time, a zone that is either Z or an offset, not both.
OCPP_DATE_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")

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


class AnsweredWithResult(BaseMatcher[Sent]):
    """Matches a frame balanz answered with a result (CALLRESULT) whose payload matches."""

    def __init__(self, payload: Matcher[Any]) -> None:
        self.payload = payload

    def _matches(self, item: Sent) -> bool:
        return is_result(item.answer) and self.payload.matches(item.answer[2])  # type: ignore[index]

    def describe_to(self, description: Description) -> None:
        """Describe the expected result."""
        description.append_text("a result with ").append_description_of(self.payload)

    def describe_mismatch(self, item: Sent, description: Description) -> None:
        """Show what balanz answered."""
        description.append_text(f"balanz answered {item.what} with {frame_text(item.answer)}")


def answered_with_result(payload: Matcher[Any]) -> AnsweredWithResult:
    """A frame balanz answered with a result whose payload matches ``payload``."""
    return AnsweredWithResult(payload)


class CurrentTime(BaseMatcher[Any]):
    """Matches an OCPP currentTime that is balanz's clock when it answered: an ISO date-time with a time zone,
    within ``CLOCK_TOLERANCE`` of ``at`` (epoch s)."""

    def __init__(self, at: float) -> None:
        self.at = at

    def _seconds_off(self, item: Any) -> float | None:
        if not isinstance(item, str):
            return None
        try:
            parsed = datetime.fromisoformat(item.replace("Z", "+00:00"))
        except ValueError:
            return None
        return None if parsed.tzinfo is None else abs(parsed.timestamp() - self.at)

    def _matches(self, item: Any) -> bool:
        off = self._seconds_off(item)
        return off is not None and off <= CLOCK_TOLERANCE

    def describe_to(self, description: Description) -> None:
        """Describe the expected time."""
        description.append_text(f"a date-time with a time zone within {CLOCK_TOLERANCE:g} s of when balanz answered")

    def describe_mismatch(self, item: Any, description: Description) -> None:
        """Show the time and how far off it is."""
        off = self._seconds_off(item)
        shown = "no date-time with a time zone" if off is None else f"{off:.1f} s off"
        description.append_text(f"currentTime was {item!r}: {shown}")


def answered_with_current_time(sent: Sent) -> AnsweredWithResult:
    """``sent`` was answered with a result whose currentTime is balanz's clock when it answered."""
    return answered_with_result(has_entry("currentTime", CurrentTime(sent.answered_at or time.time())))


def ocpp_date_time() -> Matcher[str]:
    """An OCPP 1.6 dateTime (``OCPP_DATE_TIME``)."""
    return matches_regexp(OCPP_DATE_TIME)
