"""balanz_acceptance.actors.site_admin: answers, the session file row, the audit matcher, configuration answers."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace

import pytest
from hamcrest import assert_that, is_not
from hamcrest.core.string_description import StringDescription

from balanz_acceptance.actors.api_users import ANSWERED, Answer, token_of
from balanz_acceptance.actors.site_admin import (
    SiteAdmin,
    answered_status,
    audit_in_order,
    configuration_unknown,
    configuration_value,
    file_row_of,
    lasting_view,
    local_time,
)


def mismatch(matcher, item) -> str:
    description = StringDescription()
    matcher.describe_mismatch(item, description)
    return str(description)


def test_answered_status_is_the_result_status_or_the_error():
    assert answered_status(Answer("Reset", ANSWERED, {"status": "Accepted"})) == "Accepted"
    assert answered_status(Answer("GetTags", ANSWERED, [])) == ANSWERED
    assert answered_status(Answer("ChangeConfiguration", "NotSupported", {"status": "NotSupported"})) == "NotSupported"


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
    row = file_row_of(RECORD)
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
    import pytest

    from balanz_acceptance.actors.live_changes import edit_csv_row

    path = tmp_path / "tags.csv"
    path.write_text("id_tag,status\nA,Accepted\nB,Accepted\nB,Blocked\n")
    edit_csv_row(path, "id_tag", "A", {"status": "Blocked"})
    assert path.read_text().splitlines() == ["id_tag,status", "A,Blocked", "B,Accepted", "B,Blocked"]
    with pytest.raises(AssertionError, match="2 rows with id_tag B"):
        edit_csv_row(path, "id_tag", "B", {"status": "Accepted"})
    with pytest.raises(AssertionError, match="no column priority"):
        edit_csv_row(path, "id_tag", "A", {"priority": "3"})


class _Api:
    def __init__(self) -> None:
        self.calls: list[tuple[str, dict]] = []

    def call(self, command: str, payload: dict) -> dict:
        self.calls.append((command, payload))
        return {"status": "Accepted"}


class _Record:
    def note(self, text: str) -> None:
        pass


def _admin() -> tuple[SiteAdmin, _Api]:
    api = _Api()
    return SiteAdmin(SimpleNamespace(api=api), None, _Record()), api  # type: ignore[arg-type]


def test_clear_default_profile_names_the_profile_and_connector_only():
    admin, api = _admin()
    admin.clear_default_profile("HQ-14", 2)
    assert api.calls == [("ClearDefaultProfile", {"alias": "HQ-14", "charging_profile_id": 2, "connector_id": 1})]
    admin.answered("Accepted")


def test_a_charger_created_with_a_priority_sends_it_and_one_without_sends_none():
    admin, api = _admin()
    admin.create_charger("ACC0000005", "RR2-05", "RR2", 8.0, priority=2)
    admin.create_charger("ACC0000006", "RR2-06", "RR2", 8.0)
    assert [payload.get("priority", "none") for _, payload in api.calls] == [2, "none"]


def test_a_charger_that_allows_nothing_fails_the_minimum_with_what_it_allows():
    charger = SimpleNamespace(
        alias="HQ-14",
        sim_status=lambda: SimpleNamespace(offer=0.0),
        view=lambda: SimpleNamespace(offered=0.0),
    )
    admin, _ = _admin()
    failure = r"(?s)HQ-14: balanz's offer and the charger's limit: not within 0\.3s.*the charger allows 0 A"
    with pytest.raises(AssertionError, match=failure):
        admin.charger_allows(charger, 6.0, offered=0, within=0.3, seconds=0.3)  # type: ignore[arg-type]
    charger.sim_status = lambda: SimpleNamespace(offer=6.0)
    admin.charger_allows(charger, 6.0, offered=0, within=0.3, seconds=0.3)  # type: ignore[arg-type]


def test_an_ev_that_still_draws_fails_its_draw_with_what_it_draws():
    status = SimpleNamespace(offer=0.0, draw=6.0)
    charger = SimpleNamespace(alias="HQ-14", sim_status=lambda: status, view=lambda: SimpleNamespace(offered=0.0))
    admin, _ = _admin()
    failure = r"(?s)HQ-14: balanz's offer and the charger's limit and the EV's draw: not within 0\.3s.*the EV draws 6 A"
    with pytest.raises(AssertionError, match=failure):
        admin.ev_draws_as_allowed(charger, 0.0, offered=0, within=0.3)  # type: ignore[arg-type]
    status.draw = 0.0
    admin.ev_draws_as_allowed(charger, 0.0, offered=0, within=0.3)  # type: ignore[arg-type]
