"""The roles of the scenarios about balanz's whole surface, against a stand-in for balanz's API answered from
memory: what a misbehaving client must leave alone (actors/bystanders.py), the audit log read back after a restart
(actors/audit_log.py), what balanz's API shows (actors/api_views.py) and the firmware it offers
(actors/firmware.py)."""

from __future__ import annotations

import copy
from types import SimpleNamespace
from typing import Any

import pytest

from balanz_acceptance.actors.api_views import ApiViews, log_predicate
from balanz_acceptance.actors.audit_log import AuditLog
from balanz_acceptance.actors.bystanders import Bystanders
from balanz_acceptance.actors.firmware import Firmware
from balanz_acceptance.core.errors import SetupError
from balanz_acceptance.core.events import BalanzRestarting, Events
from balanz_acceptance.core.site import SiteModel
from balanz_acceptance.core.timing import Duration
from balanz_acceptance.sut.balanz_api import Answer, ConnectorView
from balanz_acceptance.sut.balanz_files import BalanzFiles
from tests.fakes import charger_entry


class _Api:
    """balanz's API answered from what the test put in: every list a role reads."""

    def __init__(self) -> None:
        self.lists: dict[str, Any] = {
            "GetTags": [{"id_tag": "D40C346D", "status": "Activated"}],
            "GetUsers": [],
            "GetFirmware": [],
            "GetGroups": [{"group_id": "RR2", "max_allocation": "x", "max_allocation_now": [[5, 40], [0, 20]]}],
            "GetChargers": [
                charger_entry(
                    "TACW225426G463",
                    "HQ-14",
                    "HQ",
                    status="Charging",
                    offered=9.0,
                    transaction={"id_tag": "D40C346D", "start_time": 1000.0},
                )
            ],
            "GetSessions": [],
        }
        self.audit: list[dict[str, Any]] = [{"message": "[TAG-NEW] x", "level": "INFO", "timestamp": "t"}]

    def call(self, command: str, payload: dict[str, Any] | None = None) -> Any:
        return copy.deepcopy(self.lists[command])

    def chargers(self) -> Any:
        return self.call("GetChargers")

    def groups(self) -> Any:
        return self.call("GetGroups")

    def sessions(self) -> Any:
        return self.call("GetSessions")

    def logs(self, logger: str) -> list[dict[str, Any]]:
        return copy.deepcopy(self.audit)

    def connector(self, alias: str) -> ConnectorView:
        return ConnectorView.from_charger(self.chargers()[0])

    def listed_charger(self, charger_id: str) -> dict[str, Any]:
        found = [c for c in self.chargers() if c["charger_id"] == charger_id]
        assert len(found) == 1
        return found[0]


PROFILE = SimpleNamespace(prompt=0.2, within=lambda duration: 0.2, balanz={"balanz": {"default_max_allocation": "32"}})


def test_bystanders_see_a_changed_list_or_file_and_a_lowered_offer(tmp_path):
    api = _Api()
    (tmp_path / "model").mkdir()
    (tmp_path / "model" / "tags.csv").write_text("id_tag\nD40C346D\n")
    bystanders = Bystanders(lambda: api, BalanzFiles(tmp_path), PROFILE)  # type: ignore[arg-type]
    with pytest.raises(AssertionError, match="noted nothing"):
        bystanders.unchanged()
    bystanders.note(["HQ-14"])
    bystanders.unchanged()
    bystanders.session_goes_on("HQ-14")
    api.lists["GetTags"][0]["status"] = "Blocked"
    bystanders.records_unchanged()  # the lists are not records
    with pytest.raises(AssertionError, match="balanz's list of tags"):
        bystanders.unchanged()
    (tmp_path / "model" / "tags.csv").write_text("id_tag\n")
    with pytest.raises(AssertionError, match="balanz's tags file"):
        bystanders.records_unchanged()
    api.lists["GetChargers"][0]["connectors"]["1"]["offered"] = 6.0
    with pytest.raises(AssertionError, match="balanz's offer"):
        bystanders.session_goes_on("HQ-14")
    with pytest.raises(AssertionError, match="raises its offer to HQ-14"):
        bystanders.offer_rises("HQ-14", Duration(1, "offer-increase interval"))


def test_the_audit_log_is_noted_when_balanz_restarts_and_compared_after_it():
    api, events = _Api(), Events()
    audit = AuditLog(SimpleNamespace(api=api), None, None, PROFILE, events)  # type: ignore[arg-type]
    with pytest.raises(AssertionError, match="nothing to read back"):
        audit.listed_again()
    events.publish(BalanzRestarting())
    audit.listed_again()
    api.audit[0]["level"] = "WARNING"
    with pytest.raises(AssertionError, match="after the restart vs before"):
        audit.listed_again()
    audit.lacks("CHARGER-NEW")
    with pytest.raises(AssertionError):
        audit.lacks("TAG-NEW")


def test_what_the_api_shows_of_the_site(data_dir):
    api = _Api()
    site = SiteModel(data_dir / "model")
    record = SimpleNamespace(start=0.0)
    views = ApiViews(SimpleNamespace(api=api), site, PROFILE, None, record)  # type: ignore[arg-type]
    views.shows("tags", "D40C346D", "status", "Activated")
    views.shows("chargers", "HQ-14", "group_id", "HQ")
    views.does_not_show("chargers", "RR2-01")
    with pytest.raises(AssertionError, match=r"balanz's tags \(GetTags\)"):
        views.shows("tags", "D40C346D", "status", "Blocked")
    with pytest.raises(SetupError, match="not 'users'"):
        views.shows("users", "x", "y", "z")
    views.group_maximum_now("RR2", [("5", "40"), ("0", "20")])
    with pytest.raises(AssertionError, match="max_allocation_now"):
        views.group_maximum_now("RR2", [("0", "20")])
    api.lists["GetChargers"][0]["conn_max"] = 32.0
    views.lists_with_default_limit("TACW225426G463", 32, group_id="HQ")
    with pytest.raises(AssertionError, match="default_max_allocation"):
        views.lists_with_default_limit("TACW225426G463", 16)


def test_a_log_filter_in_the_features_words():
    assert log_predicate("of the logger api", "x")({"logger": "api"})
    assert not log_predicate('mentioning "closed"', "x")({"message": "opened"})
    assert log_predicate("written at or before balanz's start", "2026-01-01 10:00:00")(
        {"timestamp": "2026-01-01 09:59:59"}
    )
    with pytest.raises(SetupError):
        log_predicate("of every kind", "x")


def test_firmware_offered_with_the_urls_the_operator_gave(tmp_path):
    api = _Api()
    api.lists["GetChargers"][0]["fw_options"] = [{"firmware_id": "fw-a", "url": "http://a"}]
    answers = [Answer("CreateFirmware", "answered", {"status": "Accepted"})]
    operator = SimpleNamespace(api=api, attempt=lambda command, payload: answers[0])
    chargers = SimpleNamespace(charger_id=lambda alias: "TACW225426G463")
    firmware = Firmware(operator, chargers, BalanzFiles(tmp_path))  # type: ignore[arg-type]
    firmware.create([{"firmware_id": "fw-a", "url": "http://a"}, {"firmware_id": "fw-b", "url": "http://b"}])
    firmware.offered("HQ-14", ["fw-a"])
    with pytest.raises(AssertionError, match="fw_options"):
        firmware.offered("HQ-14", ["fw-a", "fw-b"])
    answers[0] = Answer("DeleteFirmware", "answered", {"status": "Rejected"})
    with pytest.raises(AssertionError, match="DeleteFirmware fw-b"):
        firmware.delete("fw-b")
