"""Steps about firmware: the operator's firmware list, what balanz offers a charger, UpdateFirmware."""

from _types import row_dicts
from behave import given, then, when
from behave.runner import Context


@given("the operator has added these firmware entries:")
@when("the operator adds these firmware entries:")
def step_add_firmware(context: Context) -> None:
    context.world.firmware.create(row_dicts(context.table, context.table.headings))


@given("balanz offers {alias:Alias} the firmware {firmware:Items}")
@then("balanz offers {alias:Alias} the firmware {firmware:Items}")
def step_offers(context: Context, alias: str, firmware: list[str]) -> None:
    context.world.firmware.offered(alias, firmware)


@then("balanz's firmware file holds exactly the firmware balanz lists")
def step_firmware_file(context: Context) -> None:
    context.world.firmware.file_is_listing()


@when("the operator changes firmware {firmware_id} to the model {model} and the upgrade-from versions {versions}")
def step_modify_firmware(context: Context, firmware_id: str, model: str, versions: str) -> None:
    context.world.firmware.modify(firmware_id, charge_point_model=model, upgrade_from_versions=versions)


@when("the operator changes the url of firmware {firmware_id} to {url}, and nothing else")
def step_modify_url(context: Context, firmware_id: str, url: str) -> None:
    context.world.firmware.modify(firmware_id, url=url)


@when("the operator deletes firmware {firmware_id}")
def step_delete_firmware(context: Context, firmware_id: str) -> None:
    context.world.firmware.delete(firmware_id)


@when("the operator adds this firmware entry to balanz's firmware file by hand and has balanz reload its firmware:")
def step_reload_firmware(context: Context) -> None:
    context.world.firmware.add_by_hand_and_reload(row_dicts(context.table, context.table.headings)[0])


@when("the operator asks {alias:Alias} to update its firmware from {url}")
def step_update_firmware(context: Context, alias: str, url: str) -> None:
    context.world.firmware.update(alias, url)


@then("balanz asks {alias:Alias} to fetch its firmware from {url}")
def step_update_requested(context: Context, alias: str, url: str) -> None:
    context.world.firmware.update_requested(alias, url)


@then("the date balanz gives {alias:Alias} to fetch it is no OCPP date-time: it ends with +00:00Z")
def step_retrieve_date(context: Context, alias: str) -> None:
    context.world.firmware.retrieve_date_is_not_ocpp(alias)
