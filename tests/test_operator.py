"""balanz_acceptance.actors.operator (one call path, answers, payloads), what balanz keeps on disk
(sut/balanz_files.py), the audit and configuration matchers, and a charger's limit against balanz's offer."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace

import pytest
from hamcrest import assert_that, is_not
from hamcrest.core.string_description import StringDescription

from balanz_acceptance.actors.charger_under_test import ChargerUnderTest
from balanz_acceptance.actors.operator import Operator
from balanz_acceptance.checks.answers import configuration_unknown, configuration_value
from balanz_acceptance.checks.records import audit_in_order
from balanz_acceptance.core.events import Events
from balanz_acceptance.core.site import ChargerSpec
from balanz_acceptance.core.timing import Duration
from balanz_acceptance.core.users import token_of
from balanz_acceptance.sut.balanz_api import ANSWERED, Answer
from balanz_acceptance.sut.balanz_files import BalanzFiles, lasting_view, local_time, session_row_of


def mismatch(matcher, item) -> str:
    description = StringDescription()
    matcher.describe_mismatch(item, description)
    return str(description)


def test_an_answers_outcome_is_the_result_status_or_the_error():
    assert Answer("Reset", ANSWERED, {"status": "Accepted"}).outcome == "Accepted"
    assert Answer("GetTags", ANSWERED, []).outcome == ANSWERED
    assert Answer("ChangeConfiguration", "NotSupported", {"status": "NotSupported"}).outcome == "NotSupported"


def test_a_created_users_token_is_its_id_followed_by_its_password():
    # balanz: auth_sha = sha256(user_id + password); login: sha256(token) == auth_sha
    assert token_of("new-analyst", "s3cret") == "new-analysts3cret"


RECORD = {
    "session_id": "TACW225426G463-2026-11-29-09:35:38",
    "charger_id": "TACW225426G463",
    "charger_alias": "HQ-14",
    "group_id": "HQ",
    "id_tag": "D40C346D",
    "user_name": "John Jones",
    "stop_id_tag": "D40C346D",
    "reason": "EVDisconnected",
    "kwh": "0.012",
    "start_time": datetime(2026, 11, 29, 9, 35, 38, 400000).timestamp(),
    "end_time": datetime(2026, 11, 29, 9, 35, 50, 900000).timestamp(),
}


def test_the_file_row_repeats_the_record_with_times_to_the_second():
    row = session_row_of(RECORD)
    assert row["stop_reason"] == "EVDisconnected" and row["energy"] == "0.012"
    assert row["start_time"] == "2026-11-29 09:35:38" and row["end_time"] == "2026-11-29 09:35:50"
    assert local_time(RECORD["start_time"]) == "2026-11-29 09:35:38"


def test_a_record_read_back_from_the_file_is_the_same_to_the_second():
    read_back = {**RECORD, "start_time": datetime(2026, 11, 29, 9, 35, 38).timestamp()}
    assert lasting_view(read_back) == lasting_view(RECORD)
    assert lasting_view({**RECORD, "user_name": "Unknown"}) != lasting_view(RECORD)


def test_audit_entries_in_order_written_during_the_scenario():
    entries = [
        {"timestamp": "2026-11-29 09:00:00", "message": "[AUTH-OK] old"},
        {"timestamp": "2026-11-29 10:00:01", "message": "[AUTH-REJECT] b"},
        {"timestamp": "2026-11-29 10:00:02", "message": "[AUTH-OK] a"},
    ]
    assert_that(entries, audit_in_order(["[AUTH-REJECT] b", "[AUTH-OK] a"], "2026-11-29 10:00:00"))
    wrong_order = audit_in_order(["[AUTH-OK] a", "[AUTH-REJECT] b"], "2026-11-29 10:00:00")
    assert_that(entries, is_not(wrong_order))
    assert "no entry '[AUTH-REJECT] b'" in mismatch(wrong_order, entries)
    too_early = audit_in_order(["[AUTH-OK] old"], "2026-11-29 10:00:00")
    assert "before balanz started" in mismatch(too_early, entries)


def test_configuration_answers():
    answer = Answer("GetConfiguration", ANSWERED, {
        "configuration_key": [{"key": "HeartbeatInterval", "value": "60", "readonly": False}],
        "unknown_key": ["NoSuchKey"],
    })  # fmt: skip
    assert_that(answer, configuration_value("HeartbeatInterval", "60"))
    assert_that(answer, is_not(configuration_value("HeartbeatInterval", "120")))
    assert_that(answer, configuration_unknown("NoSuchKey"))
    assert_that(answer, is_not(configuration_unknown("HeartbeatInterval")))
    refused = Answer("GetConfiguration", "NotSupported")
    assert "balanz answered NotSupported" in mismatch(configuration_unknown("X"), refused)


def test_a_hand_edit_changes_exactly_one_row_of_an_existing_column(tmp_path):
    (tmp_path / "model").mkdir()
    path = tmp_path / "model" / "tags.csv"
    path.write_text("id_tag,status\nA,Accepted\nB,Accepted\nB,Blocked\n")
    files = BalanzFiles(tmp_path)
    files.edit("tags", "A", {"status": "Blocked"})
    assert path.read_text().splitlines() == ["id_tag,status", "A,Blocked", "B,Accepted", "B,Blocked"]
    with pytest.raises(AssertionError, match="2 rows with id_tag B"):
        files.edit("tags", "B", {"status": "Accepted"})
    with pytest.raises(AssertionError, match="no column priority"):
        files.edit("tags", "A", {"priority": "3"})
    with pytest.raises(AssertionError, match="no file called 'audit'"):
        files.rows("audit")
    files.append("tags", {"id_tag": "C"})
    assert path.read_text().splitlines()[-1] == "C,"
    with pytest.raises(AssertionError, match="no column priority"):
        files.append("tags", {"id_tag": "D", "priority": "3"})


# --- the operator's one call path ----------------------------------------------------------------------------
class _Api:
    def __init__(self, answer: Answer | None = None) -> None:
        self.calls: list[tuple[str, dict]] = []
        self.reply = answer

    def answer(self, command: str, payload: dict) -> Answer:
        self.calls.append((command, payload))
        return self.reply or Answer(command, ANSWERED, {"status": "Accepted"})


class _Record:
    def __init__(self) -> None:
        self.notes: list[str] = []

    def note(self, text: str) -> None:
        self.notes.append(text)


def _operator(answer: Answer | None = None) -> tuple[Operator, _Api]:
    api = _Api(answer)
    chargers = SimpleNamespace(spec=lambda alias: ChargerSpec(f"id-{alias}", alias, "HQ", 3, 16.0))
    stack = SimpleNamespace(api=api, events=Events())
    return Operator(stack, None, None, chargers, None, None, _Record()), api  # type: ignore[arg-type]


def test_clear_default_profile_names_the_charger_the_profile_and_connector_only():
    operator, api = _operator()
    operator.clear_default_profile("HQ-14", 2)
    assert api.calls == [
        ("ClearDefaultProfile", {"charger_id": "id-HQ-14", "charging_profile_id": 2, "connector_id": 1})
    ]
    operator.answered("Accepted")


def test_a_charger_created_with_a_priority_sends_it_and_one_without_sends_none():
    operator, api = _operator()
    operator.create_charger("ACC0000005", "RR2-05", "RR2", 8.0, priority=2)
    operator.create_charger("ACC0000006", "RR2-06", "RR2", 8.0)
    assert [payload.get("priority", "none") for _, payload in api.calls] == [2, "none"]


def test_an_error_answer_fails_the_call_unless_the_step_expects_one():
    operator, _ = _operator(Answer("UpdateTag", "NoSuchTag", {"status": "NoSuchTag"}))
    with pytest.raises(AssertionError, match="answered the operator's UpdateTag with NoSuchTag"):
        operator.call("UpdateTag", {"id_tag": "X"})
    assert operator.attempt("UpdateTag", {"id_tag": "X"}).status == "NoSuchTag"
    operator.answered("NoSuchTag")
    assert len(operator.answers) == 2 and "UpdateTag" in operator.record.notes[0]


def test_a_result_status_is_kept_for_the_step_that_checks_it():
    operator, _ = _operator(Answer("ChangeConfiguration", ANSWERED, {"status": "Rejected"}))
    operator.change_charger_configuration("HQ-14", "HeartbeatInterval", "60")
    operator.answered("Rejected")
    with pytest.raises(AssertionError, match="balanz answering Accepted"):
        operator.answered("Accepted")


def test_the_features_direction_of_a_change_must_be_true():
    with pytest.raises(AssertionError, match="premise: the operator raises"):
        Operator._premise("raises", 16.0, 8.0, "HQ-14's limit")
    Operator._premise("lowers", 16.0, 8.0, "HQ-14's limit")


# --- a charger's limit against balanz's offer ------------------------------------------------------------------
class _Profile:
    prompt = 0.3
    min_allocation = 6.0

    def seconds(self, duration: Duration) -> float:
        return duration.count

    def the_minimum(self, amps: float) -> float:
        return amps


def _charger(offer: float, draw: float = 0.0) -> tuple[ChargerUnderTest, SimpleNamespace]:
    status = SimpleNamespace(offer=offer, draw=draw)
    sim = SimpleNamespace(status=lambda: status)
    api = SimpleNamespace(connector=lambda alias: SimpleNamespace(offered=0.0))
    spec = ChargerSpec("TACW225426G463", "HQ-14", "HQ", 3, 16.0)
    return ChargerUnderTest(spec, sim, api, _Profile(), _Record()), status  # type: ignore[arg-type]


def test_a_charger_that_allows_nothing_fails_the_minimum_with_what_it_allows():
    charger, status = _charger(offer=0.0)
    failure = r"(?s)HQ-14: balanz's offer and the charger's limit: not within 0\.3s.*the charger allows 0 A"
    with pytest.raises(AssertionError, match=failure):
        charger.allows_unoffered(6.0, Duration(0.3, "seconds"))
    status.offer = 6.0
    charger.allows_unoffered(6.0, Duration(0.3, "seconds"))


def test_an_ev_that_still_draws_fails_its_draw_with_what_it_draws():
    charger, status = _charger(offer=0.0, draw=6.0)
    failure = r"(?s)HQ-14: balanz's offer and the charger's limit and the EV's draw: not within 0\.3s.*the EV draws 6 A"
    with pytest.raises(AssertionError, match=failure):
        charger.draws_as_allowed(0.0, offered=0)
    status.draw = 0.0
    charger.draws_as_allowed(0.0, offered=0)
