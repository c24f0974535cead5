"""Steps about a charger the scenario plays message by message (actors/scripted_charger.py): what it sends, what
balanz answers, shows and records, and that the other sessions and balanz's records are left alone."""

from behave import given, then, when
from behave.runner import Context

from balanz_acceptance.core.timing import Duration


# --- connecting ---------------------------------------------------------------------------------------------------
@given("{alias:Alias} is a charger the scenario plays message by message, connected, booted and set up by balanz")
def step_play_booted(context: Context, alias: str) -> None:
    context.world.surface.play_booted(alias)


@given("{alias:Alias} is a charger the scenario plays message by message, connected but not booted")
@when("{alias:Alias} connects as a charger the scenario plays message by message, without booting")
def step_play_unbooted(context: Context, alias: str) -> None:
    context.world.surface.play(alias)


# --- frames -------------------------------------------------------------------------------------------------------
@when("{alias:Alias} sends these frames, one after another:")
def step_send_frames(context: Context, alias: str) -> None:
    rows = [(row["what"], row["frame"], row["balanz answers"]) for row in context.table]
    context.world.surface.view(alias).send_frames(rows)


@then("balanz answered each frame as the table says")
def step_answered_as_table(context: Context) -> None:
    context.world.surface.views_answered_as_tables()


@then("{alias:Alias}'s connection goes on: balanz answers its Heartbeat")
def step_still_connected(context: Context, alias: str) -> None:
    context.world.surface.charger(alias).still_connected()


@when("{alias:Alias} sends {count:d} Heartbeats at once")
def step_burst(context: Context, alias: str, count: int) -> None:
    context.world.surface.charger(alias).burst(count)


@then("balanz answers every one of them with a result, in the order they were sent")
def step_burst_answered(context: Context) -> None:
    context.world.surface.burst_answered_in_order()


@then("balanz answers it with {answer}")
def step_answered(context: Context, answer: str) -> None:
    context.world.surface.last_charger.answered(answer)


# --- transactions ---------------------------------------------------------------------------------------------------
@given("{alias:Alias} has started a transaction for tag {tag}")
@when("{alias:Alias} starts a transaction for tag {tag}")
def step_start_transaction(context: Context, alias: str, tag: str) -> None:
    context.world.surface.charger(alias).start_transaction(context.world.site.tag(tag).id_tag, meter_start=0)


@when("{alias:Alias} starts another transaction, for tag {tag}, without stopping the first")
def step_start_another(context: Context, alias: str, tag: str) -> None:
    context.world.surface.charger(alias).start_transaction(context.world.site.tag(tag).id_tag, meter_start=0)


@when("{alias:Alias} sends the same StartTransaction again")
def step_repeat_start(context: Context, alias: str) -> None:
    context.world.surface.charger(alias).repeat("StartTransaction")


@then("balanz has recorded no session at {alias:Alias}, and shows one there for tag {tag}")
def step_session_no_record(context: Context, alias: str, tag: str) -> None:
    context.world.surface.view(alias).shows_session_without_record(context.world.site.tag(tag).id_tag)


@then("balanz shows a session at {alias:Alias} for tag {tag}")
def step_shows_session(context: Context, alias: str, tag: str) -> None:
    context.world.surface.view(alias).shows_session_of(context.world.site.tag(tag).id_tag)


@then('balanz has recorded one session at {alias:Alias}: for tag {tag}, stopped with reason "{reason}" and no stop tag')
def step_recorded_replaced(context: Context, alias: str, tag: str, reason: str) -> None:
    context.world.surface.view(alias).recorded_one(context.world.site.tag(tag).id_tag, reason, stop_id_tag=None)


# --- meter values ---------------------------------------------------------------------------------------------------
@when("{alias:Alias} reports a current of {amps} A on every phase")
def step_report_current(context: Context, alias: str, amps: str) -> None:
    context.world.surface.charger(alias).meter_values(current=amps)


@when("{alias:Alias} reports a current of {amps} A on every phase, dated {timestamp}")
def step_report_current_dated(context: Context, alias: str, amps: str, timestamp: str) -> None:
    context.world.surface.charger(alias).meter_values(current=amps, timestamp=timestamp)


@when("{alias:Alias} reports an energy register of {wh} Wh")
def step_report_register(context: Context, alias: str, wh: str) -> None:
    context.world.surface.charger(alias).meter_values(register=wh)


@then("balanz shows a usage of {amps:g} A at {alias:Alias}")
def step_shows_usage(context: Context, amps: float, alias: str) -> None:
    context.world.surface.view(alias).shows_usage(amps)


@then("balanz shows an energy register of {wh:g} Wh at {alias:Alias}")
def step_shows_energy(context: Context, wh: float, alias: str) -> None:
    context.world.surface.view(alias).shows_energy(wh)


@then("balanz records the usage of {amps:g} A at {alias:Alias} at the time it received it")
def step_usage_at_receipt(context: Context, amps: float, alias: str) -> None:
    context.world.surface.view(alias).usage_recorded_at_receipt(amps)


# --- the bystanders -------------------------------------------------------------------------------------------------
@given("balanz's records and the session at {alias:Alias} are noted")
def step_note_bystanders(context: Context, alias: str) -> None:
    context.world.surface.bystanders.note([alias])


@then("the session at {alias:Alias} goes on as before")
def step_session_goes_on(context: Context, alias: str) -> None:
    context.world.surface.bystanders.session_goes_on(alias)


@then("balanz's records are as they were")
def step_records_unchanged(context: Context) -> None:
    context.world.surface.bystanders.records_unchanged()


@then("balanz goes on balancing: within {duration:Duration} the offer to {alias:Alias} rises")
def step_offer_rises(context: Context, duration: Duration, alias: str) -> None:
    context.world.surface.bystanders.offer_rises(alias, within=context.world.profile.within(duration))


# --- what balanz gets wrong (hostile_chargers_known_issues.feature) ----------------------------------------------
@when("{alias:Alias} stops its transaction without a tag")
def step_stop_without_tag(context: Context, alias: str) -> None:
    context.world.surface.charger(alias).stop_transaction(meter_stop=100, id_tag=None, reason="EVDisconnected")


@then("balanz closes {alias:Alias}'s connection with code {code:d}")
def step_connection_closed(context: Context, alias: str, code: int) -> None:
    context.world.surface.view(alias).connection_closed_with(code, within=context.world.profile.prompt)


@then("balanz shows {alias:Alias} not connected, its session for tag {tag} still open")
def step_disconnected_with_session(context: Context, alias: str, tag: str) -> None:
    context.world.surface.view(alias).shows_disconnected_with_session_of(context.world.site.tag(tag).id_tag)


@then("balanz's answer to {command} is not valid JSON: it holds {constant}")
def step_reply_not_json(context: Context, command: str, constant: str) -> None:
    context.world.surface.probe.reply_is_not_json(command, constant)
