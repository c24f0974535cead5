"""Roles of the world that talk to no real program here: who may connect as a charger (with credentials as a header
or a subprotocol), key provisioning's file, and a charger the harness plays as the steps see it (fakes stand in
for balanz and the charger)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from balanz_acceptance.actors import charger_access as access_module
from balanz_acceptance.actors.charger_access import ChargerAccess
from balanz_acceptance.actors.charger_under_test import ChargerUnderTest
from balanz_acceptance.actors.played import PlayedChargerUnderTest
from balanz_acceptance.actors.provisioning import Provisioning
from balanz_acceptance.core.errors import SetupError
from balanz_acceptance.core.site import ChargerSpec, SiteModel
from balanz_acceptance.core.timing import Duration
from balanz_acceptance.sut.bare_charger import ConnectionOutcome

HQ14 = ChargerSpec("TACW225426G463", "HQ-14", "HQ", 3, 16.0)


class _Record:
    def __init__(self) -> None:
        self.notes: list[str] = []

    def note(self, text: str) -> None:
        self.notes.append(text)


def test_a_charger_connects_as_a_site_alias_or_an_id_with_named_credentials(data_dir, monkeypatch):
    tried: list[tuple[str, str | None]] = []

    def connect(url: str, charger_id: str, key: str | None, *, within: float) -> ConnectionOutcome:
        tried.append((charger_id, key))
        return ConnectionOutcome(False, 1008, "Authentization error")

    monkeypatch.setattr(access_module, "connect_as_charger", connect)
    site = SiteModel(data_dir / "model")
    profile = SimpleNamespace(prompt=1.0)
    access = ChargerAccess(site, SimpleNamespace(balanz_url="ws://x"), None, None, profile, _Record())  # type: ignore[arg-type]
    access.connect_as("HQ-14", "a wrong key")
    access.connect_as("TACW000000X001", "no credentials")
    assert tried == [("TACW225426G463", "not-the-provisioned-key"), ("TACW000000X001", None)]
    access.closed_with(1008)
    with pytest.raises(AssertionError, match=r"the connection \(closed with 1008"):
        access.stays_open()
    with pytest.raises(AssertionError, match="unknown credentials 'a password'"):
        access.connect_as("HQ-14", "a password")


def test_a_charger_sends_its_key_or_a_wrong_one_as_a_subprotocol(monkeypatch):
    offered: list[tuple[str, ...]] = []

    def connect(
        url: str, charger_id: str, key: str | None = None, *, within: float, subprotocols=()
    ) -> ConnectionOutcome:
        offered.append(tuple(subprotocols))
        return ConnectionOutcome(True, None, "still open")

    monkeypatch.setattr(access_module, "connect_as_charger", connect)
    scripted = SimpleNamespace(charger_id="TACW225426G463", authorization_key="k")
    chargers = SimpleNamespace(scripted=lambda alias: scripted)
    profile = SimpleNamespace(prompt=1.0)
    access = ChargerAccess(None, SimpleNamespace(balanz_url="ws://x"), chargers, None, profile, _Record())  # type: ignore[arg-type]
    access.connect_with_subprotocol_key("HQ-14", "its key")
    access.connect_with_subprotocol_key("HQ-14", "a wrong key")
    assert offered == [
        ("ocpp1.6", b"TACW225426G463:k".hex()),
        ("ocpp1.6", b"TACW225426G463:not-the-provisioned-key".hex()),
    ]
    access.stays_open()
    with pytest.raises(SetupError, match="'no key'"):
        access.connect_with_subprotocol_key("HQ-14", "no key")


def test_a_charger_connects_with_a_key_the_feature_names_and_is_turned_away(data_dir, monkeypatch):
    tried: list[tuple[str, str | None]] = []

    def connect(url: str, charger_id: str, key: str | None, *, within: float) -> ConnectionOutcome:
        tried.append((charger_id, key))
        return ConnectionOutcome(False, 1011, "")

    monkeypatch.setattr(access_module, "connect_as_charger", connect)
    site = SiteModel(data_dir / "model")
    api = SimpleNamespace(chargers=lambda: [{"charger_id": "TACW225426G463", "network_connected": False}])
    access = ChargerAccess(
        site,
        SimpleNamespace(balanz_url="ws://x"),
        None,
        SimpleNamespace(api=api),
        SimpleNamespace(prompt=1.0),
        _Record(),
    )  # type: ignore[arg-type]
    access.connect_as("HQ-14", 'the key "lc-key-4711"')
    assert tried == [("TACW225426G463", "lc-key-4711")] and access.connected_as == tried[0]
    access.closed_with(1011, "")
    access.turned_away()
    with pytest.raises(AssertionError, match="how balanz ended the connection"):
        access.closed_with(1011, "Failed to connect to upstream server")


def test_provisioning_reads_the_key_the_simulator_stored(tmp_path):
    charger = SimpleNamespace(charger_id="TACW225426G463")
    provisioning = Provisioning(charger, None, None, tmp_path)  # type: ignore[arg-type]
    assert provisioning.stored_key() is None
    provisioning.conf_file.write_text("HeartbeatInterval=120\nAuthorizationKey=abc\n")
    assert provisioning.stored_key() == "abc"


def _played(reply: str, unplugged: list[int] | None = None) -> PlayedChargerUnderTest:
    unplug = ([] if unplugged is None else unplugged).append
    played = SimpleNamespace(present_tag=lambda tag, connector=1: reply, unplug=unplug)
    return PlayedChargerUnderTest(HQ14, None, None, None, _Record(), played=played)  # type: ignore[arg-type]


def test_a_played_chargers_driver_ends_a_session_with_a_tag_or_unplugs_at_a_connector():
    assert _played("Stopped").end_with_tag("D40C346D") == "Stopped"
    with pytest.raises(AssertionError, match="tag D40C346D ends the session"):
        _played("Accepted").end_with_tag("D40C346D")
    unplugged: list[int] = []
    _played("Stopped", unplugged).unplug()
    _played("Stopped", unplugged).unplug(2)
    assert unplugged == [1, 2]
    with pytest.raises(AssertionError, match="no pickup was seen"):
        _played("Stopped").first_offer_after_pickup(6, Duration(1, "full balancing run"))


def test_a_played_chargers_driver_presents_a_tag_at_a_connector_and_balanz_must_accept_it():
    assert _played("Accepted").present_tag("D40C346D", 2) == "Accepted"
    with pytest.raises(AssertionError, match="HQ-14/2: balanz's answer to tag D40C346D"):
        _played("Invalid").present_tag("D40C346D", 2)


def test_only_a_played_charger_can_show_a_pickup():
    simulator = ChargerUnderTest(HQ14, None, None, None, _Record())  # type: ignore[arg-type]
    with pytest.raises(AssertionError, match="only a charger the harness plays keeps its transaction"):
        simulator.picked_up_as("Unknown", "Unknown")


def test_a_step_about_a_played_charger_refuses_a_simulators():
    simulator = ChargerUnderTest(HQ14, None, None, None, _Record())  # type: ignore[arg-type]
    with pytest.raises(AssertionError, match="HQ-14 is not a charger the harness plays: a step must declare it"):
        PlayedChargerUnderTest.of(simulator)
    played = _played("Accepted")
    assert PlayedChargerUnderTest.of(played) is played
