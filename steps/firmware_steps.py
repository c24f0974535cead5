"""Steps about firmware: the operator's firmware list, what balanz offers a charger, UpdateFirmware."""

from behave import given, then, when
from behave.runner import Context


@given("{alias:Alias} has booted, reporting:")
def step_has_booted(context: Context, alias: str) -> None:
    context.world.surface.charger(alias).boot(**{row["field"]: row["value"] for row in context.table})


@given("the operator has added these firmware entries:")
@when("the operator adds these firmware entries:")
def step_add_firmware(context: Context) -> None:
    context.world.surface.firmware.create([{h: row[h] for h in context.table.headings} for row in context.table])


@given("balanz offers {alias:Alias} the firmware {firmware}")
@then("balanz offers {alias:Alias} the firmware {firmware}")
def step_offers(context: Context, alias: str, firmware: str) -> None:
    s = context.world.surface
    names = [] if firmware == "none" else [f.strip() for f in firmware.replace(" and ", ",").split(",")]
    s.firmware.offered(s.charger_id(alias), names)


@then("balanz's firmware file holds exactly the firmware balanz lists")
def step_firmware_file(context: Context) -> None:
    context.world.surface.firmware.file_is_listing()


@when("the operator changes firmware {firmware_id} to the model {model} and the upgrade-from versions {versions}")
def step_modify_firmware(context: Context, firmware_id: str, model: str, versions: str) -> None:
    context.world.surface.firmware.modify(firmware_id, charge_point_model=model, upgrade_from_versions=versions)


@when("the operator changes the url of firmware {firmware_id} to {url}, and nothing else")
def step_modify_url(context: Context, firmware_id: str, url: str) -> None:
    context.world.surface.firmware.modify(firmware_id, url=url)


@when("the operator deletes firmware {firmware_id}")
def step_delete_firmware(context: Context, firmware_id: str) -> None:
    context.world.surface.firmware.delete(firmware_id)


@when("the operator adds this firmware entry to balanz's firmware file by hand and has balanz reload its firmware:")
def step_reload_firmware(context: Context) -> None:
    row = context.table[0]
    context.world.surface.firmware.add_by_hand_and_reload({h: row[h] for h in context.table.headings})


@when("the operator asks {alias:Alias} to update its firmware from {url}")
def step_update_firmware(context: Context, alias: str, url: str) -> None:
    context.world.surface.update_firmware(alias, url)


@then("balanz asks {alias:Alias} to fetch its firmware from {url}")
def step_update_requested(context: Context, alias: str, url: str) -> None:
    context.world.surface.update_requested(alias, url)


@given("{alias:Alias} does not support {action}")
def step_does_not_support(context: Context, alias: str, action: str) -> None:
    context.world.surface.charger(alias).refuse(action)


@then("the date balanz gives {alias:Alias} to fetch it is no OCPP date-time: it ends with +00:00Z")
def step_retrieve_date(context: Context, alias: str) -> None:
    context.world.surface.retrieve_date_is_not_ocpp(alias)
