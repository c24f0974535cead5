"""How features name balanz's answers (checks/answers.py, checks/ocpp_answers.py), and how balanz writes what it
keeps (sut/balanz_files.py), as the roles of the surface scenarios use them."""

from __future__ import annotations

import time

import pytest
from hamcrest import assert_that, has_entries
from hamcrest.core.string_description import StringDescription

from balanz_acceptance.actors.api_probe import token_tried
from balanz_acceptance.actors.charger_access import protocol_credentials
from balanz_acceptance.checks.answers import api_answer_text, api_answered
from balanz_acceptance.checks.ocpp_answers import (
    answered_ocpp,
    answered_with_current_time,
    answered_with_result,
    ocpp_answer,
    ocpp_date_time,
)
from balanz_acceptance.core.errors import SetupError
from balanz_acceptance.core.users import ApiUser
from balanz_acceptance.sut.balanz_files import (
    as_field,
    duration_text,
    epoch_of,
    history_entries,
    local_time,
    session_id,
)
from balanz_acceptance.sut.scripted_charger import Sent


@pytest.mark.parametrize(
    ("words", "frames", "matches"),
    [
        ("no answer", [], True),
        ("no answer", [[3, "a", {}]], False),
        ("an empty result", [[3, "a", {}]], True),
        ("an empty result", [[3, "a", {"status": "Accepted"}]], False),
        ("a result", [[3, "a", {"x": 1}]], True),
        ("a result with status Accepted", [[3, "a", {"idTagInfo": {"status": "Accepted"}}]], True),
        ("a result with status Blocked", [[3, "a", {"idTagInfo": {"status": "Accepted"}}]], False),
        ("CallError NotSupported", [[4, "a", "NotSupported", "", {}]], True),
        ("CallError NotSupported", [[4, "a", "NotImplemented", "", {}]], False),
        ("CallError NotSupported", [[4, "a", "NotSupported", "", {}], [3, "a", {}]], False),
    ],
)
def test_an_ocpp_answer_in_words(words, frames, matches):
    assert ocpp_answer(words).matches(frames) is matches


def test_an_answer_the_steps_cannot_check_is_refused():
    with pytest.raises(SetupError, match="is no OCPP answer"):
        ocpp_answer("something")


def test_a_mismatch_shows_what_balanz_sent():
    description = StringDescription()
    answered_ocpp("no answer").describe_mismatch([[4, "a", "InternalError", "", {}]], description)
    assert "InternalError" in str(description)


@pytest.mark.parametrize(
    ("frame", "words"),
    [
        ([4, "007", "Unexpected Error"], "Unexpected Error"),
        ([4, "1", {"status": "NoSuchTag"}], "NoSuchTag"),
        ([3, "1", {"status": "Accepted"}], "Accepted"),
        ([3, "1", {"user_type": "Tags"}], "logged in as Tags"),
        ([3, "1", []], "an empty list"),
        ([3, "1", [{}, {}]], "a list of 2"),
        ([3, "1", {"logs": []}], "a result"),
        (None, "no answer"),
    ],
)
def test_an_api_reply_in_words(frame, words):
    assert api_answer_text(frame) == words


def test_an_api_reply_under_an_id():
    assert_that([4, "007", "Unexpected Error"], api_answered("Unexpected Error", "007"))
    assert not api_answered("Unexpected Error", "007").matches([4, "c1", "Unexpected Error"])


def test_the_passwords_a_feature_names():
    user = ApiUser("api-status", "Status", "api-status-token")
    assert [token_tried(user, k) for k in ("right", "wrong", "partial", "empty")] == [
        "api-status-token",
        "api-status-tokex",
        "api-status-toke",
        "api-status",
    ]
    with pytest.raises(SetupError):
        token_tried(ApiUser("x", "Status", "other-token"), "wrong")


def test_times_ids_and_fields_as_balanz_writes_them():
    now = float(int(time.time()))
    assert local_time(now) == time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(now))
    assert duration_text(3725.9) == "01:02:05"
    assert session_id("CP1", now) == "CP1-" + time.strftime("%Y-%m-%d-%H:%M:%S", time.localtime(now))
    assert as_field(None) == "" and as_field(3) == "3"
    assert epoch_of(local_time(now)) == now
    assert protocol_credentials("CP1", "k") == b"CP1:k".hex()


def test_a_history_column_is_read_entry_by_entry():
    entries = history_entries("2026-12-06 20:18:24=/10.0A;2026-12-06 20:18:31=0A/0A")
    assert [(e.offered, e.usage) for e in entries] == [("", "10.0A"), ("0A", "0A")]
    assert entries[1].at - entries[0].at == 7
    with pytest.raises(AssertionError):
        history_entries("nonsense")


def _answered(frame, at):
    sent = Sent("BootNotification", "[]", answers=[frame])
    sent.answered_at = at
    return sent


def test_a_result_and_balanz_s_current_time_in_it():
    now = time.time()
    stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now))
    sent = _answered([3, "a", {"status": "Accepted", "interval": 60, "currentTime": stamp}], now)
    assert_that(sent, answered_with_result(has_entries(status="Accepted", interval=60)))
    assert_that(sent, answered_with_current_time(sent))
    assert not answered_with_result(has_entries(interval=30)).matches(sent)
    late = _answered([3, "a", {"currentTime": stamp}], now + 10)
    assert not answered_with_current_time(late).matches(late)
    no_zone = _answered([3, "a", {"currentTime": stamp.removesuffix("Z")}], now)
    assert not answered_with_current_time(no_zone).matches(no_zone)
    description = StringDescription()
    answered_with_result(has_entries(interval=30)).describe_mismatch(
        _answered([4, "a", "NotSupported", "", {}], now), description
    )
    assert "NotSupported" in str(description)


def test_an_ocpp_date_time_has_one_zone():
    assert ocpp_date_time().matches("2026-01-01T10:00:00Z")
    assert ocpp_date_time().matches("2026-01-01T10:00:00.5+01:00")
    assert not ocpp_date_time().matches("2026-01-01T10:00:00+00:00Z")
