"""balanz_acceptance.actors.api_client and the API-answer matchers, against the real users.csv and a fake balanz."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from hamcrest import assert_that, is_not
from hamcrest.core.string_description import StringDescription

from balanz_acceptance.actors.api_client import ApiClient, harmless_calls
from balanz_acceptance.checks.answers import all_answered_with, answered_with, call_verdict, logged_in_as
from balanz_acceptance.core.errors import SetupError
from balanz_acceptance.core.record import ScenarioRecord
from balanz_acceptance.core.site import SiteModel
from balanz_acceptance.core.users import load_api_users, user_of_type
from balanz_acceptance.sut.balanz_api import ANSWERED, Answer, BalanzApi
from tests.fakes import FakeBalanzAccess

USER_TYPES = ["Status", "Analysis", "SessionPriority", "Tags", "Admin"]


def mismatch(matcher, item) -> str:
    description = StringDescription()
    matcher.describe_mismatch(item, description)
    return str(description)


def users_csv(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "users.csv"
    path.write_text("user_id,user_type,description,auth_sha\n" + "\n".join(rows) + "\n")
    return path


def sha(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# --- the site's users -------------------------------------------------------------------------------
def test_the_site_has_one_documented_user_per_user_type(data_dir):
    users = load_api_users(data_dir / "model" / "users.csv")
    for user_type in USER_TYPES:
        user = user_of_type(users, user_type)
        assert user.user_id == "api-" + user_type.lower()
        assert user.token == f"api-{user_type.lower()}-token"
    assert users["acceptance"].token == "acceptance-suite-token"


def test_a_user_without_a_documented_token_cannot_be_used(tmp_path):
    users = load_api_users(users_csv(tmp_path, f"api-status,Status,no token here,{sha('t')}"))
    assert users["api-status"].token is None
    with pytest.raises(SetupError, match="with a documented token"):
        user_of_type(users, "Status")


def test_a_token_that_does_not_match_auth_sha_is_refused(tmp_path):
    path = users_csv(tmp_path, f"x,Status,a user (token right),{sha('wrong')}")
    with pytest.raises(SetupError, match="not the sha256 of its token right"):
        load_api_users(path)


def test_a_missing_user_type_is_named(tmp_path):
    users = load_api_users(users_csv(tmp_path, f"api-status,Analysis,mislabelled (token t),{sha('t')}"))
    with pytest.raises(SetupError, match="no user api-status of type Status"):
        user_of_type(users, "Status")


def test_harmless_calls_name_the_charger_and_absent_tags_and_groups():
    calls = harmless_calls("RR2-04")
    assert calls["SetChargePriority"].payload["alias"] == "RR2-04"
    assert calls["GetChargers"].activity == "look at the chargers"
    assert set(calls) == {
        "GetChargers",
        "GetGroups",
        "GetTags",
        "GetSessions",
        "SetChargePriority",
        "UpdateTag",
        "UpdateGroup",
        "GetStatus",
    }


# --- the client against a fake balanz ----------------------------------------------------------------
@pytest.fixture
def fake_access() -> Iterator[FakeBalanzAccess]:
    balanz = FakeBalanzAccess()
    balanz.users.update({f"api-{t.lower()}-token": t for t in USER_TYPES})
    balanz.start()
    yield balanz
    balanz.stop()


class _NoChargers:
    """A scenario that runs no charger: the client's harmless calls name the site's first, HQ-14."""

    @staticmethod
    def in_scenario() -> list[str]:
        return []


@pytest.fixture
def client(fake_access, data_dir, tmp_path) -> Iterator[ApiClient]:
    record = ScenarioRecord("access", tmp_path / "record")
    site = SiteModel(data_dir / "model")
    client = ApiClient(BalanzApi(fake_access.url, timeout=5), site, None, _NoChargers(), record)  # type: ignore[arg-type]
    assert client.idle_charger == "HQ-14"
    yield client
    client.close()


def test_every_call_before_login_is_not_authorized(client):
    client.connect()
    answers = client.attempt_all([(c.command, c.activity) for c in client.calls.values()])
    assert len(answers) == 8
    assert_that(answers, all_answered_with("NotAuthorized"))


def test_an_unknown_token_is_an_invalid_login_and_the_client_stays_logged_out(client):
    assert_that(client.log_in_with_unknown_token("nobody-has-this"), answered_with("InvalidLogin"))
    assert_that(client.attempt("GetChargers"), answered_with("NotAuthorized"))
    assert "Login → InvalidLogin" in "\n".join(client.record.notes)


def test_a_known_token_is_not_accepted_as_unknown(client):
    with pytest.raises(SetupError, match="api-tags"):
        client.log_in_with_unknown_token("api-tags-token")


@pytest.mark.parametrize(
    ("user_type", "command", "verdict", "status"),
    [
        ("Status", "GetChargers", "allowed", ANSWERED),
        ("Status", "GetTags", "refused", "NotAuthorized"),
        ("SessionPriority", "SetChargePriority", "allowed", "ChargerNotConnected"),
        ("Analysis", "SetChargePriority", "refused", "NotAuthorized"),
        ("Tags", "UpdateTag", "allowed", "NoSuchTag"),
        ("Tags", "UpdateGroup", "refused", "NotAuthorized"),
        ("Admin", "UpdateGroup", "allowed", "NoSuchGroup"),
        ("Admin", "GetStatus", "allowed", ANSWERED),
    ],
)
def test_each_user_type_gets_its_answers(client, user_type, command, verdict, status):
    assert_that(client.log_in_as(user_type), logged_in_as(user_type))
    answer = client.attempt(command, client.calls[command].activity)
    assert answer.status == status
    assert_that(answer, call_verdict(verdict))
    assert client.last is answer


def test_the_features_wording_must_match_the_call(client):
    with pytest.raises(SetupError, match="worded 'look at the chargers'"):
        client.attempt("GetChargers", "look at the groups")
    with pytest.raises(SetupError, match="no harmless call DeleteEverything"):
        client.attempt("DeleteEverything")


def test_last_before_any_call_is_an_assertion(client):
    with pytest.raises(AssertionError, match="not called balanz yet"):
        _ = client.last


# --- matchers ---------------------------------------------------------------------------------------
def test_verdict_matchers_explain_balanz_s_answer():
    refused = Answer("GetTags", "NotAuthorized")
    allowed = Answer("UpdateTag", "NoSuchTag")
    assert_that(refused, call_verdict("refused"))
    assert_that(allowed, call_verdict("allowed"))
    assert_that(allowed, is_not(call_verdict("refused")))
    assert mismatch(call_verdict("allowed"), refused) == "balanz answered GetTags → NotAuthorized"
    with pytest.raises(ValueError, match="verdict"):
        call_verdict("maybe")


def test_all_answered_with_lists_the_odd_ones_and_needs_a_call():
    answers = [Answer("GetChargers", "NotAuthorized"), Answer("GetStatus", ANSWERED)]
    matcher = all_answered_with("NotAuthorized")
    assert not matcher.matches(answers)
    assert mismatch(matcher, answers) == "but GetStatus → answered"
    assert not matcher.matches([])


def test_logged_in_as_shows_the_user_type_balanz_gave():
    matcher = logged_in_as("Tags")
    assert matcher.matches(Answer("Login", ANSWERED, "Tags"))
    assert mismatch(matcher, Answer("Login", ANSWERED, "Status")) == "balanz logged in as Status"
    assert mismatch(matcher, Answer("Login", "InvalidLogin")) == "balanz answered InvalidLogin"
