"""balanz_acceptance.sut.ocppsim_client against a fake ocppsim command port."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from balanz_acceptance.sut.ocppsim_client import OcppsimClient, OcppsimError, SimStatus
from balanz_acceptance.sut.processes import free_port
from tests.fakes import FakeOcppsim, poll_until


@pytest.fixture
def client(fake_ocppsim: FakeOcppsim) -> Iterator[OcppsimClient]:
    sim = OcppsimClient(fake_ocppsim.url, "HQ-14", timeout=5)
    yield sim
    sim.close()


def test_status_parses_jsonstatus(fake_ocppsim, client):
    fake_ocppsim.status.update(
        status="Charging",
        offer=9.0,
        usage=8.7,
        max_usage=16.0,
        last_id_tag="D40C346D",
        transaction_id=42,
        energy=1234.5,
        fullafter=600,
        _delay=False,
    )
    assert client.status() == SimStatus(
        status="Charging",
        offer=9.0,
        usage=8.7,
        max_usage=16.0,
        last_id_tag="D40C346D",
        transaction_id=42,
        energy=1234.5,
        fullafter=600,
        delay=False,
    )
    assert fake_ocppsim.received == ["jsonstatus"]


def test_the_ev_draws_its_usage_while_charging_and_nothing_in_any_other_state():
    charging = SimStatus("Charging", 9.0, 8.7, None, "D40C346D", 42, 0.0, None, False)
    assert charging.draw == 8.7
    assert SimStatus("SuspendedEVSE", 0.0, 8.7, None, "D40C346D", 42, 0.0, None, False).draw == 0.0
    assert SimStatus("Charging", 9.0, None, None, "D40C346D", 42, 0.0, None, False).draw == 0.0


def test_status_of_an_idle_charger(client):
    status = client.status()
    assert (status.status, status.offer, status.transaction_id, status.energy, status.delay) == (
        "Available",
        0.0,
        None,
        0.0,
        False,
    )
    assert str(status) == "Available 0 A (no transaction)"


def test_status_tolerates_null_and_missing_fields():
    status = SimStatus.from_json(json.dumps({"status": "SuspendedEV", "offer": None, "_delay": True}))
    assert (status.offer, status.energy, status.usage, status.delay) == (0.0, 0.0, None, True)
    assert str(status) == "SuspendedEV 0 A (no transaction, EV delays)"


def test_command_returns_the_reply_and_state_follows(fake_ocppsim, client):
    assert client.command("tag D40C346D") == "Tag Accepted. Parent: , new status: SuspendedEVSE"
    assert client.status().status == "SuspendedEVSE"
    assert client.status().last_id_tag == "D40C346D"
    assert fake_ocppsim.received == ["tag D40C346D", "jsonstatus", "jsonstatus"]
    assert fake_ocppsim.open_connections == 1  # one connection, reused


def test_an_error_reply_raises_ocppsim_error(client):
    with pytest.raises(OcppsimError, match=r"^HQ-14: command 'foo' failed: Error: Unknown command foo$"):
        client.command("foo")
    assert client.command("jsonstatus").startswith("{")  # the connection is still usable


@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_an_empty_command_is_refused_before_sending(fake_ocppsim, client, text):
    with pytest.raises(ValueError, match="empty command"):
        client.command(text)
    assert fake_ocppsim.received == []


def test_an_unreachable_simulator_raises_ocppsim_error():
    url = f"ws://127.0.0.1:{free_port()}"
    client = OcppsimClient(url, "RR2-01")
    with pytest.raises(OcppsimError, match=rf"^RR2-01: cannot reach the simulator at {url}"):
        client.connect(open_timeout=2)
    with pytest.raises(OcppsimError, match="cannot reach"):
        client.command("jsonstatus")


def test_a_reply_that_never_comes_raises_and_the_next_command_reconnects(fake_ocppsim, client):
    fake_ocppsim.silent.add("wait")
    with pytest.raises(OcppsimError, match=r"^HQ-14: command 'wait 5' got no reply"):
        client.command("wait 5", timeout=0.2)
    assert client.status().status == "Available"


def test_a_failed_command_closes_its_connection(fake_ocppsim, client):
    fake_ocppsim.silent.add("wait")
    with pytest.raises(OcppsimError):
        client.command("wait 5", timeout=0.2)
    assert poll_until(lambda: fake_ocppsim.open_connections == 0, timeout=1.5)


def test_close_closes_and_a_later_command_reconnects(fake_ocppsim, client):
    client.status()
    client.close()
    assert poll_until(lambda: fake_ocppsim.open_connections == 0)
    client.close()  # closing twice is harmless
    assert client.status().status == "Available"
    assert fake_ocppsim.open_connections == 1
