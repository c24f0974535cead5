"""balanz_acceptance.sut.balanz_api against a fake balanz API."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator

import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from balanz_acceptance.sut.balanz_api import (
    ApiError,
    ApiProtocolError,
    ApiUnavailable,
    BalanzApi,
    ConnectorView,
    InvalidLogin,
    NotAuthorized,
    OfferPoint,
)
from balanz_acceptance.sut.processes import free_port
from tests.fakes import FakeBalanz, charger_entry, poll_until

TOKEN = "acceptance-suite-token"

SESSION = {
    "id_tag": "D40C346D",
    "start_time": 1000.0,
    "charging_history": [
        {"timestamp": 1001.0, "offered": 6.0, "usage": None},
        {"timestamp": 1004.0, "offered": None, "usage": 5.8},
        {"timestamp": 1013.0, "offered": 9.0, "usage": None},
    ],
}


@pytest.fixture
def api(fake_balanz: FakeBalanz) -> Iterator[BalanzApi]:
    fake_balanz.chargers = [
        charger_entry(
            "TACW225426G463",
            "HQ-14",
            "HQ",
            status="Charging",
            offered=9.0,
            transaction=SESSION,
            priority=3,
            ev_max_usage=16.0,
        ),
        charger_entry("TACW224317G584", "RR2-01", connected=False),
        charger_entry("TACW224137G670", "RR2-02"),
    ]
    client = BalanzApi(fake_balanz.url + "/", timeout=5)
    yield client
    client.close()


@pytest.fixture
def logged_in(api: BalanzApi) -> BalanzApi:
    api.login(TOKEN)
    return api


# --- the fake is strict about the connection ---------------------------------------------------------
def test_the_fake_refuses_a_connection_without_the_ocpp16_subprotocol(fake_balanz):
    with pytest.raises(InvalidStatus, match="400"):
        connect(fake_balanz.url + "/api", open_timeout=2)
    with pytest.raises(InvalidStatus, match="404"):
        connect(fake_balanz.url + "/other", subprotocols=["ocpp1.6"], open_timeout=2)


def test_the_client_talks_to_api_with_the_subprotocol(fake_balanz, api):
    assert api.url == fake_balanz.url + "/api"
    api.connect()
    assert poll_until(lambda: fake_balanz.negotiated == ["ocpp1.6"])


# --- login ---------------------------------------------------------------------------------------------
def test_login_returns_the_user_type(fake_balanz, api):
    assert api.login(TOKEN) == "Admin"
    assert fake_balanz.received[0] == f'[2, "1", "Login", {{"token": "{TOKEN}"}}]'


def test_a_call_before_login_is_not_authorized(api):
    with pytest.raises(NotAuthorized) as caught:
        api.status()
    error = caught.value
    assert isinstance(error, ApiError)
    assert (error.command, error.status, error.payload) == ("GetStatus", "NotAuthorized", {"status": "NotAuthorized"})
    assert str(error) == "GetStatus refused: NotAuthorized"


def test_a_wrong_token_is_an_invalid_login(api):
    with pytest.raises(InvalidLogin, match="Login refused: InvalidLogin"):
        api.login("wrong-token")
    with pytest.raises(NotAuthorized):
        api.chargers()
    assert api.login(TOKEN) == "Admin"  # same connection, now with the right token


def test_an_error_payload_that_is_not_a_dict_is_a_plain_api_error(logged_in):
    with pytest.raises(ApiError) as caught:
        logged_in.call("NoSuchCommand")
    assert type(caught.value) is ApiError
    assert caught.value.status == "IllegalArguments"


def test_message_ids_count_up(fake_balanz, logged_in):
    logged_in.status()
    logged_in.status()
    assert [frame.split(",")[1].strip() for frame in fake_balanz.received] == ['"1"', '"2"', '"3"']


# --- results ----------------------------------------------------------------------------------------------
def test_status_and_logs(fake_balanz, logged_in):
    assert logged_in.status()["no_chargers"] == 3
    fake_balanz.logs.append(
        {"timestamp": "t", "logger": "model", "message": "Succesfully cleared and set default profiles for X"}
    )
    assert [e["message"] for e in logged_in.logs(messageSearch="default profiles for X")] == [
        "Succesfully cleared and set default profiles for X"
    ]
    assert logged_in.logs(messageSearch="no such line") == []
    assert fake_balanz.received[-1].endswith('"GetLogs", {"filters": {"messageSearch": "no such line"}}]')


def test_connector_parses_a_charger_in_a_transaction(logged_in):
    view = logged_in.connector("HQ-14")
    assert view == ConnectorView(
        charger_id="TACW225426G463",
        alias="HQ-14",
        status="Charging",
        offered=9.0,
        priority=3,
        ev_max_usage=16.0,
        suspend_until=None,
        in_transaction=True,
        id_tag="D40C346D",
        network_connected=True,
        history=[OfferPoint(1001.0, 6.0, None), OfferPoint(1004.0, None, 5.8), OfferPoint(1013.0, 9.0, None)],
        start_time=1000.0,
    )
    assert view.offer_changes == [OfferPoint(1001.0, 6.0, None), OfferPoint(1013.0, 9.0, None)]
    assert str(view) == "Charging offered 9 A (in transaction)"


def test_connector_parses_an_idle_disconnected_charger(logged_in):
    view = logged_in.connector("RR2-01")
    assert (view.charger_id, view.status, view.offered, view.in_transaction, view.id_tag) == (
        "TACW224317G584",
        "Available",
        0.0,
        False,
        None,
    )
    assert view.network_connected is False
    assert view.history == []
    assert str(view) == "Available offered 0 A (no transaction)"


def test_a_charger_without_connectors_reads_as_unknown():
    view = ConnectorView.from_charger({"charger_id": "X", "alias": "X-1"})
    assert (view.status, view.offered, view.in_transaction, view.network_connected) == ("None", 0.0, False, False)


def test_group_connectors(logged_in):
    assert [v.alias for v in logged_in.group_connectors("RR2")] == ["RR2-01", "RR2-02"]
    assert logged_in.group_connectors("NOPE") == []


def test_connector_of_an_unknown_alias_is_an_error(logged_in):
    with pytest.raises(ApiError, match="no charger with alias XX-99"):
        logged_in.connector("XX-99")


def test_connector_when_balanz_lists_no_charger(fake_balanz, logged_in):
    fake_balanz.chargers = []
    with pytest.raises(ApiError, match="GetChargers refused: no charger with alias HQ-14"):
        logged_in.connector("HQ-14")


# --- unreachable and silent ----------------------------------------------------------------------------
def test_an_unreachable_api_raises_api_unavailable():
    api = BalanzApi(f"ws://127.0.0.1:{free_port()}")
    with pytest.raises(ApiUnavailable, match="not reachable"):
        api.connect(open_timeout=2)
    with pytest.raises(ApiUnavailable, match="not reachable"):
        api.login(TOKEN)


def test_a_call_that_gets_no_answer_raises_api_unavailable(fake_balanz, api):
    api.timeout = 0.2
    fake_balanz.silent.add("GetStatus")
    api.login(TOKEN)
    with pytest.raises(ApiUnavailable, match=r"GetStatus got no answer"):
        api.status()
    api.timeout = 5
    assert api.login(TOKEN) == "Admin"  # a new connection is opened for the next call


def test_after_a_lost_connection_the_next_call_is_logged_in_again(fake_balanz, api):
    api.timeout = 0.2
    fake_balanz.silent.add("GetStatus")
    api.login(TOKEN)
    with pytest.raises(ApiUnavailable):
        api.status()
    api.timeout = 5
    assert [c["alias"] for c in api.chargers()] == ["HQ-14", "RR2-01", "RR2-02"]


def test_close_ends_the_connection(fake_balanz, logged_in):
    logged_in.close()
    assert poll_until(lambda: fake_balanz.open_connections == 0)
    logged_in.close()


def test_a_failed_call_closes_its_connection(fake_balanz, api):
    api.timeout = 0.2
    fake_balanz.silent.add("GetStatus")
    api.login(TOKEN)
    with pytest.raises(ApiUnavailable):
        api.status()
    assert poll_until(lambda: fake_balanz.open_connections == 0, timeout=1.5)


# --- no blind retry; replies match calls ---------------------------------------------------------------
def _sent(fake_balanz, command: str) -> int:
    return sum(1 for frame in fake_balanz.received if json.loads(frame)[2] == command)


def test_a_read_only_call_without_answer_is_sent_once_more_on_a_new_connection(fake_balanz, api):
    api.timeout = 0.2
    api.login(TOKEN)
    fake_balanz.silent.add("GetStatus")
    with pytest.raises(ApiUnavailable, match="GetStatus got no answer"):
        api.status()
    assert _sent(fake_balanz, "GetStatus") == 2


@pytest.mark.parametrize("command", ["UpdateGroup", "CreateTag", "SetChargePriority"])
def test_a_call_that_changes_state_is_never_repeated(fake_balanz, api, command):
    api.timeout = 0.2
    api.login(TOKEN)
    fake_balanz.silent.add(command)
    with pytest.raises(ApiUnavailable, match=f"not repeated: {command} changes state"):
        api.call(command, {"group_id": "RR2"})
    assert _sent(fake_balanz, command) == 1


def test_a_reply_to_another_id_is_an_error_naming_both(fake_balanz, logged_in):
    fake_balanz.misnumbered.add("GetStatus")
    mismatch = r"GetStatus: .* answered request id '(?P<id>\d+)' with reply id '(?P=id)7'"
    with pytest.raises(ApiProtocolError, match=mismatch):
        logged_in.status()
    fake_balanz.misnumbered.clear()
    assert logged_in.status()["version"] == "1.2.3"  # a fresh connection, in step again


def test_close_does_not_wait_for_a_call_in_another_thread(fake_balanz, logged_in):
    fake_balanz.silent.add("GetStatus")
    failures: list[Exception] = []

    def call() -> None:
        try:
            logged_in.status()
        except ApiUnavailable as exc:
            failures.append(exc)

    caller = threading.Thread(target=call)
    caller.start()
    assert poll_until(lambda: _sent(fake_balanz, "GetStatus") >= 1)
    started = time.monotonic()
    logged_in.close()
    assert time.monotonic() - started < 2.0  # not the call's 5 s reply timeout
    fake_balanz.silent.clear()
    caller.join(timeout=3)  # the call's connection was closed under it: a read-only call tries once more
    assert not caller.is_alive() and failures == []


def test_a_charger_has_answered_balanz_own_requests_once_it_sent_boot_status_and_meter_values_after_being_asked(
    fake_balanz, logged_in
):
    def ocpp(message: str) -> dict[str, str]:
        return {"timestamp": "2025-01-01 00:00:01", "logger": "ocpp", "message": f"CP1: {message}"}

    fake_balanz.logs.append(ocpp('receive message [2,"5","MeterValues",{"connectorId":1}]'))  # before being asked
    assert not logged_in.own_requests_answered("CP1")
    fake_balanz.logs.append(ocpp('send [2,"8","TriggerMessage",{"requestedMessage":"BootNotification"}]'))
    fake_balanz.logs.append(ocpp('send [2,"9","TriggerMessage",{"requestedMessage":"MeterValues"}]'))
    assert not logged_in.own_requests_answered("CP1")
    fake_balanz.logs.append(ocpp('receive message [2,"6","MeterValues",{"connectorId":1}]'))
    fake_balanz.logs.append(ocpp('receive message [2,"7","BootNotification",{"chargePointModel":"x"}]'))
    assert not logged_in.own_requests_answered("CP1")  # ocppsim's start-up sequence: its status comes last
    fake_balanz.logs.append(
        ocpp('receive message [2,"10","StatusNotification",{"connectorId":1,"status":"Available"}]')
    )
    assert logged_in.own_requests_answered("CP1")
    assert not logged_in.own_requests_answered("CP2")
