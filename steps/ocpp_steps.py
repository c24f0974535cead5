"""Steps about a charger's OCPP messages, one at a time: what a charger the scenario plays message by message sends
(honest calls and frames no honest charger sends), what balanz answers, and what balanz does with its connection
(the watchdog, a second connection)."""

from _types import fields_table, rows_of
from behave import given, then, when
from behave.runner import Context


# --- connecting ---------------------------------------------------------------------------------------------------
@given("{alias:Alias} is a charger the scenario plays message by message, connected, booted and set up by balanz")
def step_play_booted(context: Context, alias: str) -> None:
    context.world.chargers.script(alias, boot=True)


@given("{alias:Alias} is a charger the scenario plays message by message, connected but not booted")
def step_play_unbooted(context: Context, alias: str) -> None:
    context.world.chargers.script(alias)


@when("the unknown charger {alias:Alias} connects, played by the scenario message by message")
def step_unknown_charger_connects(context: Context, alias: str) -> None:
    context.world.chargers.script(alias, unknown=True)


@given("the unknown charger {alias:Alias} has connected and booted, played by the scenario message by message")
def step_unknown_charger_booted(context: Context, alias: str) -> None:
    context.world.chargers.script(alias, boot=True, unknown=True)


@given("{alias:Alias} has booted, reporting:")
@when("{alias:Alias} boots, reporting:")
def step_boot(context: Context, alias: str) -> None:
    context.world.chargers.scripted(alias).boot(**fields_table(context.table))


@then("balanz accepts the boot with the site's heartbeat interval and its current time")
def step_boot_accepted(context: Context) -> None:
    context.world.chargers.last_scripted().boot_accepted()


@when("{alias:Alias} sends a Heartbeat")
def step_heartbeat(context: Context, alias: str) -> None:
    context.world.chargers.scripted(alias).heartbeat()


@then("balanz answers with its current time")
def step_answers_time(context: Context) -> None:
    context.world.chargers.last_scripted().answered_with_current_time()


# --- frames and what balanz answers -------------------------------------------------------------------------------
@when("{alias:Alias} sends these frames, one after another:")
def step_send_frames(context: Context, alias: str) -> None:
    context.world.chargers.scripted(alias).send_frames(rows_of(context.table, "what", "frame", "balanz answers"))


@then("balanz answered each frame as the table says")
def step_answered_as_table(context: Context) -> None:
    context.world.chargers.scripted_answered_as_tables()


@then("balanz answers it with {answer}")
def step_answered(context: Context, answer: str) -> None:
    context.world.chargers.last_scripted().answered(answer)


@when("{alias:Alias} sends {count:d} Heartbeats at once")
def step_burst(context: Context, alias: str, count: int) -> None:
    context.world.chargers.scripted(alias).burst(count)


@then("balanz answers every one of them with a result, in the order they were sent")
def step_burst_answered(context: Context) -> None:
    context.world.chargers.last_burst().burst_answered_in_order()


@given("{alias:Alias} does not support {action}")
def step_does_not_support(context: Context, alias: str, action: str) -> None:
    context.world.chargers.scripted(alias).refuse(action)


# --- tags and transactions ------------------------------------------------------------------------------------------
@when("{alias:Alias} asks balanz to authorize tag {tag}")
def step_authorize(context: Context, alias: str, tag: str) -> None:
    context.world.chargers.scripted(alias).authorize(context.world.site.tag(tag).id_tag)


@when("{alias:Alias} asks balanz to authorize the unknown tag {tag}")
def step_authorize_unknown(context: Context, alias: str, tag: str) -> None:
    context.world.chargers.scripted(alias).authorize(context.world.site.tag_of_kind(tag, "unknown"))


@when("{alias:Alias} asks balanz to authorize the new tag {tag}")
def step_authorize_new(context: Context, alias: str, tag: str) -> None:
    context.world.chargers.scripted(alias).authorize(tag)


# (the steps with the meter first: behave takes the first step whose words match, and {tag} takes any words)
@given("{alias:Alias} has started a transaction for tag {tag} with the meter at {wh:d} Wh")
@when("{alias:Alias} starts a transaction for tag {tag} with the meter at {wh:d} Wh")
def step_start_with_meter(context: Context, alias: str, tag: str, wh: int) -> None:
    context.world.chargers.scripted(alias).start_transaction(context.world.site.tag(tag).id_tag, meter_start=wh)


@given("{alias:Alias} has started a transaction for tag {tag}")
@when("{alias:Alias} starts a transaction for tag {tag}")
@when("{alias:Alias} starts another transaction, for tag {tag}, without stopping the first")
def step_start_transaction(context: Context, alias: str, tag: str) -> None:
    context.world.chargers.scripted(alias).start_transaction(context.world.site.tag(tag).id_tag, meter_start=0)


@when("{alias:Alias} sends the same StartTransaction again")
def step_repeat_start(context: Context, alias: str) -> None:
    context.world.chargers.scripted(alias).repeat("StartTransaction")


@when("{alias:Alias} stops its transaction with the meter at {wh:d} Wh, for tag {tag}, reason {reason}")
def step_stop_with_meter(context: Context, alias: str, wh: int, tag: str, reason: str) -> None:
    context.world.chargers.scripted(alias).stop_transaction(wh, context.world.site.tag(tag).id_tag, reason)


@when("{alias:Alias} stops its transaction without a tag")
def step_stop_without_tag(context: Context, alias: str) -> None:
    context.world.chargers.scripted(alias).stop_transaction(meter_stop=100, id_tag=None, reason="EVDisconnected")


# --- meter values ---------------------------------------------------------------------------------------------------
@when("{alias:Alias} reports a current of {amps} A on every phase")
def step_report_current(context: Context, alias: str, amps: str) -> None:
    context.world.chargers.scripted(alias).meter_values(current=amps)


@when("{alias:Alias} reports a current of {amps} A on every phase, dated {timestamp}")
def step_report_current_dated(context: Context, alias: str, amps: str, timestamp: str) -> None:
    context.world.chargers.scripted(alias).meter_values(current=amps, timestamp=timestamp)


@when("{alias:Alias} reports an energy register of {wh} Wh")
def step_report_register(context: Context, alias: str, wh: str) -> None:
    context.world.chargers.scripted(alias).meter_values(register=wh)


@when("{alias:Alias} reports these currents on every phase, one after another: {amps:Items} A")
def step_report_currents(context: Context, alias: str, amps: list[str]) -> None:
    context.world.chargers.scripted(alias).report_currents(amps)


# --- its connection ---------------------------------------------------------------------------------------------
@then("{alias:Alias}'s connection goes on: balanz answers its Heartbeat")
def step_still_connected(context: Context, alias: str) -> None:
    context.world.chargers.scripted(alias).still_connected()


@when("{alias:Alias} sends a Heartbeat every half charger silence limit for {count:g} charger silence limits")
def step_keep_talking(context: Context, alias: str, count: float) -> None:
    context.world.chargers.scripted(alias).talk_for(count)


@when("{alias:Alias} falls silent")
def step_falls_silent(context: Context, alias: str) -> None:
    context.world.chargers.scripted(alias).fall_silent()


@then("{alias:Alias}'s connection is still open")
def step_still_open(context: Context, alias: str) -> None:
    context.world.chargers.scripted(alias).connection_open()


@then(
    "balanz closes {alias:Alias}'s connection with code {code:d} once the charger silence limit has passed since "
    "its last frame, not before"
)
def step_closed_after_silence(context: Context, alias: str, code: int) -> None:
    context.world.chargers.role(alias).closed_after_silence(code)


@then("balanz closes {alias:Alias}'s connection with code {code:d}")
def step_connection_closed(context: Context, alias: str, code: int) -> None:
    context.world.chargers.scripted(alias).connection_closed_with(code)


@when("a second connection as {alias:Alias} opens and closes at once")
def step_second_connection(context: Context, alias: str) -> None:
    context.world.chargers.scripted(alias).open_second_connection()
