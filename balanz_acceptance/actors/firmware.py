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

from typing import Any

from hamcrest import assert_that, contains_inanyorder, ends_with, equal_to, is_not

from balanz_acceptance.actors.chargers import Chargers
from balanz_acceptance.actors.operator import Operator
from balanz_acceptance.checks.answers import outcome
from balanz_acceptance.checks.ocpp_answers import ocpp_date_time
from balanz_acceptance.sut.balanz_files import BalanzFiles, as_field

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


class Firmware:
    """The firmware entries the scenario's operator made, balanz's view of them, and UpdateFirmware."""

    def __init__(self, operator: Operator, chargers: Chargers, files: BalanzFiles) -> None:
        self.operator = operator
        self.chargers = chargers
        self.files = files
        #: The url of every entry the scenario made, by firmware id.
        self.urls: dict[str, str] = {}

    def _accepted(self, command: str, payload: dict[str, Any], what: str) -> None:
        assert_that(self.operator.attempt(command, payload), outcome("Accepted"), what)

    def create(self, entries: list[dict[str, str]]) -> None:
        """The operator creates these entries (CreateFirmware); balanz must accept each."""
        for entry in entries:
            self._accepted("CreateFirmware", entry, f"CreateFirmware {entry['firmware_id']}")
            self.urls[entry["firmware_id"]] = entry["url"]

    def modify(self, firmware_id: str, **changes: str) -> None:
        """The operator changes an entry (ModifyFirmware); balanz must accept it."""
        self._accepted("ModifyFirmware", {"firmware_id": firmware_id, **changes}, f"ModifyFirmware {firmware_id}")
        self.urls[firmware_id] = changes.get("url", self.urls.get(firmware_id, ""))

    def delete(self, firmware_id: str) -> None:
        """The operator deletes an entry (DeleteFirmware); balanz must accept it."""
        self._accepted("DeleteFirmware", {"firmware_id": firmware_id}, f"DeleteFirmware {firmware_id}")
        self.urls.pop(firmware_id, None)

    def add_by_hand_and_reload(self, entry: dict[str, str]) -> None:
        """The operator adds an entry to balanz's firmware file by hand, then has balanz reload it."""
        self.files.append("firmware", entry)
        self.operator.record.note(f"operator: added firmware {entry['firmware_id']} to balanz's firmware file by hand")
        self._accepted("ReloadFirmware", {}, "ReloadFirmware")
        self.urls[entry["firmware_id"]] = entry["url"]

    def offered(self, alias: str, firmware_ids: list[str]) -> None:
        """balanz offers the charger exactly these entries (GetChargers fw_options), each with its url."""
        charger_id = self.chargers.charger_id(alias)
        listed = self.operator.api.listed_charger(charger_id)
        expected = [{"firmware_id": f, "url": self.urls[f]} for f in firmware_ids]
        what = f"the firmware balanz offers {alias} (fw_options)"
        assert_that(listed.get("fw_options"), contains_inanyorder(*expected) if expected else equal_to([]), what)

    def file_is_listing(self) -> None:
        """balanz's firmware file holds exactly the entries balanz lists (GetFirmware), every field."""
        rows = [{c: r.get(c, "") for c in COLUMNS} for r in self.files.rows("firmware")]
        listed = [{c: as_field(e.get(c)) for c in COLUMNS} for e in self.operator.api.call("GetFirmware")]
        assert_that(rows, equal_to(listed), "balanz's firmware file vs the firmware balanz lists (GetFirmware)")

    def update(self, alias: str, location: str) -> None:
        """The operator asks a charger to update its firmware from ``location`` (UpdateFirmware); the answer is
        kept for the step that checks it."""
        self.operator.attempt("UpdateFirmware", {"charger_id": self.chargers.charger_id(alias), "location": location})

    def _update_requested(self, alias: str) -> dict[str, Any]:
        calls = self.chargers.scripted(alias).calls_from_balanz("UpdateFirmware")
        assert calls, f"balanz sent {alias} no UpdateFirmware"
        return calls[-1]

    def update_requested(self, alias: str, location: str) -> None:
        """balanz's latest UpdateFirmware to the scripted charger asks it to fetch its firmware from ``location``."""
        call = self._update_requested(alias)
        assert_that(call.get("location"), equal_to(location), f"the location balanz sent {alias}")

    def retrieve_date_is_not_ocpp(self, alias: str) -> None:
        """The retrieveDate of balanz's latest UpdateFirmware to the charger is not an OCPP date-time: a UTC offset
        followed by Z."""
        date = str(self._update_requested(alias).get("retrieveDate"))
        assert_that(date, is_not(ocpp_date_time()), f"retrieveDate {date} is an OCPP dateTime")
        assert_that(date, ends_with("+00:00Z"), f"retrieveDate {date} ends with +00:00Z")
