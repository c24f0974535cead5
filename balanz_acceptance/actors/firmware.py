"""Firmware: the operator's firmware list, the firmware balanz offers each charger, and UpdateFirmware.

balanz keeps a list of firmware entries (firmware.py Firmware; GetFirmware; the firmware file [model]
firmware_csv, rewritten whole on CreateFirmware, ModifyFirmware and DeleteFirmware and read again, adding the
entries it does not have, on ReloadFirmware). A charger is offered an entry - its ``fw_options`` in GetChargers,
id and url - when the vendor, the model and the firmware version it reported in its BootNotification match the
entry's vendor, model and upgrade-from versions, each a regular expression matched from the start of the text
(model.py Charger.update_fw_options: re.match; an empty expression matches everything); balanz works the
options out again for every charger after each change to the list and for a charger at each BootNotification.
UpdateFirmware passes the location on to the charger (charge_point_v16.py ChargePoint_v16.update_firmware).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hamcrest import assert_that, contains_inanyorder, equal_to

from balanz_acceptance.actors.operator import Operator
from balanz_acceptance.checks.answers import outcome
from balanz_acceptance.sut.balanz_api import BalanzApi

#: The columns of balanz's firmware file, in its order (firmware.py Firmware.write_csv), which are also the fields
#: of an entry in CreateFirmware, ModifyFirmware and GetFirmware.
COLUMNS = (
    "firmware_id",
    "charge_point_vendor",
    "charge_point_model",
    "firmware_version",
    "meter_type",
    "url",
    "upgrade_from_versions",
)
#: An OCPP 1.6 dateTime (RFC 3339): a date, a time, a zone that is either Z or an offset, not both.
OCPP_DATE_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


@dataclass
class FirmwareList:
    """The firmware entries the scenario's operator made, and balanz's view of them."""

    operator: Operator
    api: BalanzApi
    path: Path
    #: The url of every entry the scenario created, by firmware id.
    urls: dict[str, str] = field(default_factory=dict)

    def create(self, entries: list[dict[str, str]]) -> None:
        """The operator creates these entries (CreateFirmware); balanz must accept each."""
        for entry in entries:
            answer = self.operator.attempt("CreateFirmware", entry)
            assert_that(answer, outcome("Accepted"), f"CreateFirmware {entry['firmware_id']}")
            self.urls[entry["firmware_id"]] = entry["url"]

    def modify(self, firmware_id: str, **changes: str) -> None:
        """The operator changes an entry (ModifyFirmware); balanz must accept it."""
        answer = self.operator.attempt("ModifyFirmware", {"firmware_id": firmware_id, **changes})
        assert_that(answer, outcome("Accepted"), f"ModifyFirmware {firmware_id}")
        self.urls[firmware_id] = changes.get("url", self.urls.get(firmware_id, ""))

    def delete(self, firmware_id: str) -> None:
        """The operator deletes an entry (DeleteFirmware); balanz must accept it."""
        answer = self.operator.attempt("DeleteFirmware", {"firmware_id": firmware_id})
        assert_that(answer, outcome("Accepted"), f"DeleteFirmware {firmware_id}")
        self.urls.pop(firmware_id, None)

    def add_by_hand_and_reload(self, entry: dict[str, str]) -> None:
        """The operator adds an entry to balanz's firmware file by hand, then has balanz reload it."""
        with self.path.open("a", newline="") as handle:
            csv.writer(handle).writerow([entry.get(c, "") for c in COLUMNS])
        self.operator.record.note(f"operator: added firmware {entry['firmware_id']} to {self.path.name} by hand")
        answer = self.operator.attempt("ReloadFirmware", {})
        assert_that(answer, outcome("Accepted"), "ReloadFirmware")
        self.urls[entry["firmware_id"]] = entry["url"]

    def offered(self, charger_id: str, firmware_ids: list[str]) -> None:
        """balanz offers the charger exactly these entries (GetChargers fw_options), each with its url."""
        found = [c for c in self.api.chargers() if c.get("charger_id") == charger_id]
        assert len(found) == 1, f"balanz lists {len(found)} chargers {charger_id}"
        expected = [{"firmware_id": f, "url": self.urls[f]} for f in firmware_ids]
        what = f"the firmware balanz offers {charger_id} (fw_options)"
        assert_that(found[0].get("fw_options"), contains_inanyorder(*expected) if expected else equal_to([]), what)

    def file_is_listing(self) -> None:
        """balanz's firmware file holds exactly the entries balanz lists (GetFirmware), every field."""
        with self.path.open(newline="") as handle:
            rows = [{c: r.get(c, "") for c in COLUMNS} for r in csv.DictReader(handle)]
        listed = [{c: "" if e.get(c) is None else str(e.get(c)) for c in COLUMNS} for e in self.api.call("GetFirmware")]
        assert_that(rows, equal_to(listed), "balanz's firmware file vs the firmware balanz lists (GetFirmware)")


def update_requested(calls: list[dict[str, Any]], location: str) -> dict[str, Any]:
    """balanz's latest UpdateFirmware call to a charger asks it to fetch the firmware at ``location``."""
    assert calls, "balanz sent the charger no UpdateFirmware"
    assert_that(calls[-1].get("location"), equal_to(location), "the location balanz sent the charger")
    return calls[-1]


def retrieve_date_is_not_ocpp(call: dict[str, Any]) -> None:
    """The retrieveDate of balanz's UpdateFirmware is not an OCPP date-time: a UTC offset followed by Z."""
    date = str(call.get("retrieveDate"))
    assert_that(bool(OCPP_DATE_TIME.match(date)), equal_to(False), f"retrieveDate {date} is an OCPP dateTime")
    assert_that(date.endswith("+00:00Z"), equal_to(True), f"retrieveDate {date} ends with +00:00Z")
