"""Steps for what drivers and EVs do at a charger, and what the charger shows them. A step that names a connector
("at connector 2 of TW-01") is about a charger the harness plays; every other names the charger's connector 1."""

from _types import sessions_table
from behave import given, step, then, when
from behave.runner import Context

from balanz_acceptance.core.timing import Duration


@given("{alias:Alias} is available")
def step_available(context: Context, alias: str) -> None:
    context.world.charger(alias).is_idle()


@when("the driver presents tag {tag} at {alias:Alias}")
def step_present_tag(context: Context, tag: str, alias: str) -> None:
    context.world.charger(alias).present_tag(tag)


@when("the driver presents tag {tag} at connector {connector:d} of {alias:Alias}")
def step_present_tag_at(context: Context, tag: str, connector: int, alias: str) -> None:
    context.world.chargers.played_role(alias).present_tag(tag, connector)


@when("the driver tries the {kind} tag {tag} at {alias:Alias}")
def step_try_tag(context: Context, kind: str, tag: str, alias: str) -> None:
    context.world.charger(alias).try_tag_of_kind(tag, kind)


@then("{alias:Alias} starts charging with the minimum offer of {amps:g} A")
def step_starts_charging(context: Context, alias: str, amps: float) -> None:
    context.world.charger(alias).await_charging_start(amps)


@then("connector {connector:d} of {alias:Alias} starts charging with the minimum offer of {amps:g} A")
def step_starts_charging_at(context: Context, connector: int, alias: str, amps: float) -> None:
    context.world.chargers.played_role(alias).await_charging_start(amps, connector)


@given("the driver has presented tag {tag} at {alias:Alias}, which is charging")
def step_session_charging(context: Context, tag: str, alias: str) -> None:
    context.world.charger(alias).start_session(tag)


@given("the driver has presented tag {tag} at connector {connector:d} of {alias:Alias}, which is charging")
def step_session_charging_at(context: Context, tag: str, connector: int, alias: str) -> None:
    context.world.chargers.played_role(alias).start_session(tag, connector)


@step("sessions are charging at:")
def step_sessions_charging(context: Context) -> None:
    context.world.chargers.start_sessions(sessions_table(context.table))


@then("the tag is accepted at {alias:Alias}")
def step_tag_accepted(context: Context, alias: str) -> None:
    context.world.charger(alias).tag_accepted()


@then("the tag is accepted at {alias:Alias} with parent tag {parent}")
def step_accepted_with_parent(context: Context, alias: str, parent: str) -> None:
    context.world.charger(alias).tag_accepted_with_parent(parent)


@then("the tag is accepted at {alias:Alias} with no parent tag")
def step_accepted_without_parent(context: Context, alias: str) -> None:
    context.world.charger(alias).tag_accepted_with_parent("")


@then("the tag is refused at {alias:Alias} as {status}")
def step_tag_refused(context: Context, alias: str, status: str) -> None:
    context.world.charger(alias).tag_refused_as(status)


@then("{alias:Alias} stays Available with no session for {duration:Duration}")
def step_stays_idle(context: Context, alias: str, duration: Duration) -> None:
    context.world.charger(alias).stays_without_session(duration)


@then("balanz shows no session at {alias:Alias} for {duration:Duration}, and the refused simulator stays Available")
def step_refused_no_session(context: Context, alias: str, duration: Duration) -> None:
    context.world.charger(alias).stays_without_session(duration)


@then("balanz records the session at {alias:Alias} for user {user}")
def step_session_user(context: Context, alias: str, user: str) -> None:
    context.world.charger(alias).session_user_is(user)


@given("the EV at {alias:Alias} draws at most {amps:g} A")
def step_ev_limit(context: Context, alias: str, amps: float) -> None:
    context.world.charger(alias).ev_limit(amps)


@given("the EV at {alias:Alias} will delay charging and starts its transaction at once")
def step_ev_delays_with_transaction(context: Context, alias: str) -> None:
    context.world.charger(alias).ev_delays(start_transaction=True)


@given("the EV at {alias:Alias} will delay charging and starts its transaction when it charges")
def step_ev_delays_without_transaction(context: Context, alias: str) -> None:
    context.world.charger(alias).ev_delays(start_transaction=False)


@given("the EV at {alias:Alias} will delay charging")
def step_ev_delays_at_played(context: Context, alias: str) -> None:
    context.world.chargers.played_role(alias).ev_will_delay()


@then("{alias:Alias} is offered the minimum of {amps:g} A while the EV stays suspended, {tx:Transaction}")
def step_offered_while_suspended(context: Context, alias: str, amps: float, tx: bool) -> None:
    context.world.charger(alias).offered_while_suspended(amps, in_transaction=tx)


@given(
    "the driver has presented tag {tag} at {alias:Alias}, which is offered the minimum of {amps:g} A while the EV "
    "stays suspended, {tx:Transaction}"
)
def step_session_suspended(context: Context, tag: str, alias: str, amps: float, tx: bool) -> None:
    context.world.charger(alias).start_delaying_session(tag, amps, in_transaction=tx)


@when("the EV at {alias:Alias} becomes full")
def step_ev_full(context: Context, alias: str) -> None:
    context.world.charger(alias).ev_full()


@when("the EV at {alias:Alias} resumes charging")
def step_ev_resumes(context: Context, alias: str) -> None:
    context.world.charger(alias).ev_resumes()


@given("the session at {alias:Alias} has charged more than the energy threshold")
def step_charged_above_threshold(context: Context, alias: str) -> None:
    context.world.charger(alias).await_energy_above_threshold()


@step("the session at {alias:Alias} has charged {wh:Wh} Wh on its meter")
def step_charged_on_meter(context: Context, alias: str, wh: int) -> None:
    context.world.chargers.played_role(alias).await_charged(wh)


@then("{alias:Alias} shows {status} with {amps:g} A, {tx:Transaction}")
def step_shows(context: Context, alias: str, status: str, amps: float, tx: bool) -> None:
    context.world.charger(alias).shows(status, amps, in_transaction=tx)


@when("the driver unplugs the EV at {alias:Alias}")
def step_unplug(context: Context, alias: str) -> None:
    context.world.records.end(alias, "unplug")


@when("the driver unplugs the EV at connector {connector:d} of {alias:Alias}")
def step_unplug_at(context: Context, connector: int, alias: str) -> None:
    context.world.chargers.played_role(alias).unplug(connector)


@when("the driver ends the session at {alias:Alias} by presenting tag {tag}")
def step_end_by_tag(context: Context, alias: str, tag: str) -> None:
    context.world.records.end(alias, "tag", tag)


@then("the session at {alias:Alias} has ended, and the charger is Available with no offer")
def step_session_ended(context: Context, alias: str) -> None:
    context.world.charger(alias).session_ended()


@when("the next EV is plugged in at {alias:Alias} without a tag")
def step_plug_in_without_tag(context: Context, alias: str) -> None:
    context.world.charger(alias).plug_in_without_tag()


@when("drivers present their tags at these chargers at once:")
def step_present_tags_at_once(context: Context) -> None:
    context.world.chargers.begin_sessions(sessions_table(context.table))


@then("balanz answers {alias:Alias}'s StartTransaction for tag {tag} with the tag status {status}")
def step_start_transaction_answer(context: Context, alias: str, tag: str, status: str) -> None:
    context.world.charger(alias).start_transaction_answered(tag, status)


@then("balanz answered the StartTransactions of {alias:Alias} with transaction ids {ids:Numbers}")
def step_transaction_ids(context: Context, alias: str, ids: list[int]) -> None:
    context.world.chargers.played_role(alias).transaction_ids_were(ids)


@then("the session at {alias:Alias} goes on as before")
def step_session_goes_on(context: Context, alias: str) -> None:
    context.world.bystanders.session_goes_on(alias)
