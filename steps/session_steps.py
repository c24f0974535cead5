"""Steps for what drivers and EVs do at a charger, and the state a charger is in."""

from behave import given, step, then, when
from behave.runner import Context


@given("{alias:Alias} is available")
def step_available(context: Context, alias: str) -> None:
    context.world.charger(alias).is_idle()


@when("the driver presents tag {tag} at {alias:Alias}")
def step_present_tag(context: Context, tag: str, alias: str) -> None:
    context.world.charger(alias).present_tag(tag)


@then("{alias:Alias} starts charging with the minimum offer of {amps:g} A")
def step_starts_charging(context: Context, alias: str, amps: float) -> None:
    context.world.charger(alias).await_charging_start(context.world.minimum_offer(amps))


@given("the driver has presented tag {tag} at {alias:Alias} and {same:Alias} is charging")
def step_session_charging(context: Context, tag: str, alias: str, same: str) -> None:
    context.world.charger(context.world.same_charger(alias, same)).start_session(tag)


@step("sessions are charging at:")
def step_sessions_charging(context: Context) -> None:
    context.world.start_sessions([(row["charger"], row["tag"]) for row in context.table])


@given("the EV at {alias:Alias} draws at most {amps:g} A")
def step_ev_limit(context: Context, alias: str, amps: float) -> None:
    context.world.charger(alias).ev_limit(amps)


@given("the EV at {alias:Alias} will delay charging and starts its transaction at once")
def step_ev_delays_with_transaction(context: Context, alias: str) -> None:
    context.world.charger(alias).ev_delays(start_transaction=True)


@given("the EV at {alias:Alias} will delay charging and starts its transaction when it charges")
def step_ev_delays_without_transaction(context: Context, alias: str) -> None:
    context.world.charger(alias).ev_delays(start_transaction=False)


@then("{alias:Alias} is offered the minimum of {amps:g} A while the EV stays suspended, {tx:Transaction}")
def step_offered_while_suspended(context: Context, alias: str, amps: float, tx: bool) -> None:
    context.world.charger(alias).offered_while_suspended(context.world.minimum_offer(amps), in_transaction=tx)


@given(
    "the driver has presented tag {tag} at {alias:Alias} and {same:Alias} is offered the minimum of "
    "{amps:g} A while the EV stays suspended, {tx:Transaction}"
)
def step_session_suspended(context: Context, tag: str, alias: str, same: str, amps: float, tx: bool) -> None:
    world = context.world
    world.minimum_offer(amps)
    world.charger(world.same_charger(alias, same)).start_delaying_session(tag, in_transaction=tx)


@when("the EV at {alias:Alias} becomes full")
def step_ev_full(context: Context, alias: str) -> None:
    context.world.charger(alias).ev_full()


@when("the EV at {alias:Alias} resumes charging")
def step_ev_resumes(context: Context, alias: str) -> None:
    context.world.charger(alias).ev_resumes()


@given("the session at {alias:Alias} has charged more than the energy threshold")
def step_charged_above_threshold(context: Context, alias: str) -> None:
    context.world.charger(alias).await_energy_above_threshold()


@then("{alias:Alias} shows {status} with {amps:g} A, {tx:Transaction}")
def step_shows(context: Context, alias: str, status: str, amps: float, tx: bool) -> None:
    context.world.charger(alias).shows(status, amps, in_transaction=tx)


@when("the driver unplugs the EV at {alias:Alias}")
def step_unplug(context: Context, alias: str) -> None:
    context.world.charger(alias).unplug()


@then("the session at {alias:Alias} has ended and {same:Alias} is Available with no offer")
def step_session_ended(context: Context, alias: str, same: str) -> None:
    context.world.charger(context.world.same_charger(alias, same)).session_ended()


@when("{alias:Alias} goes silent")
def step_goes_silent(context: Context, alias: str) -> None:
    context.world.silence(alias)


@then("within {count:g} {interval:Interval} balanz closes the session at {alias:Alias}")
def step_balanz_closes_session(context: Context, count: float, interval: str, alias: str) -> None:
    world = context.world
    world.charger(alias).closed_by_balanz(within=world.profile.deadline(count, interval))


@then("balanz records the session at {alias:Alias} as stopped with reason {reason}")
def step_session_stop_reason(context: Context, alias: str, reason: str) -> None:
    context.world.session_record(alias).stopped_with(reason)
