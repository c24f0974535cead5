"""Steps for what drivers and EVs do at a charger, and the state a charger is in."""

from behave import given, step, then, when
from behave.runner import Context
from hamcrest import assert_that, equal_to, starts_with

from balanz_acceptance.checks.matchers import charger_state


@given("{alias:Alias} is available")
def step_available(context: Context, alias: str) -> None:
    charger = context.world.charger(alias)
    idle = charger_state(status="Available", in_transaction=False)
    assert_that(charger.sim_status(), idle, f"{alias} as the simulator reports it")
    assert_that(charger.view(), idle, f"{alias} as balanz shows it")


@when("the driver presents tag {tag} at {alias:Alias}")
def step_present_tag(context: Context, tag: str, alias: str) -> None:
    context.world.site.tag(tag)  # a tag the site does not know is a mistake in the feature
    context.world.charger(alias).present_tag(tag)


@then("{alias:Alias} starts charging with the minimum offer of {amps:g} A")
def step_starts_charging(context: Context, alias: str, amps: float) -> None:
    context.world.charger(alias).await_charging_start(context.world.minimum_offer(amps))


@given("the driver has presented tag {tag} at {alias:Alias} and {same:Alias} is charging")
def step_session_charging(context: Context, tag: str, alias: str, same: str) -> None:
    step_present_tag(context, tag, alias)
    context.world.charger(same).await_charging_start(context.world.profile.min_allocation)


@step("sessions are charging at:")
def step_sessions_charging(context: Context) -> None:
    for row in context.table:
        context.world.site.tag(row["tag"])
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
    world = context.world
    charger = world.charger(alias)
    if tx:
        charger.settle_session_start(ev_delays=True)
    charger.await_sim(
        charger_state(status="SuspendedEV", offer=context.world.minimum_offer(amps), in_transaction=tx),
        within=world.profile.prompt,
        reason="the delaying EV is offered the minimum",
    )
    charger.await_offer(amps, within=world.profile.prompt, reason="balanz shows the minimum offer")


@given(
    "the driver has presented tag {tag} at {alias:Alias} and {same:Alias} is offered the minimum of "
    "{amps:g} A while the EV stays suspended, {tx:Transaction}"
)
def step_session_suspended(context: Context, tag: str, alias: str, same: str, amps: float, tx: bool) -> None:
    step_present_tag(context, tag, alias)
    step_offered_while_suspended(context, same, amps, tx)


@when("the EV at {alias:Alias} becomes full")
def step_ev_full(context: Context, alias: str) -> None:
    reply = context.world.charger(alias).act("full")
    assert_that(reply, starts_with("Suspended charging"), f"{alias}: EV full")


@when("the EV at {alias:Alias} resumes charging")
def step_ev_resumes(context: Context, alias: str) -> None:
    context.world.charger(alias).ev_resumes()


@then("{alias:Alias} shows {status} with {amps:g} A, {tx:Transaction}")
def step_shows(context: Context, alias: str, status: str, amps: float, tx: bool) -> None:
    world = context.world
    charger = world.charger(alias)
    expected = charger_state(status=status, offer=amps, in_transaction=tx)
    charger.await_sim(expected, within=world.profile.prompt, reason="as the simulator reports it")
    charger.await_view(
        charger_state(status=status, offer=amps), within=world.profile.prompt, reason="as balanz shows it"
    )


@when("the driver unplugs the EV at {alias:Alias}")
def step_unplug(context: Context, alias: str) -> None:
    reply = context.world.charger(alias).act("unplug")
    assert_that(reply, starts_with("Succesfully stopped transaction"), f"{alias}: unplug ends the transaction")


@then("the session at {alias:Alias} has ended and {same:Alias} is Available with no offer")
def step_session_ended(context: Context, alias: str, same: str) -> None:
    world = context.world
    charger = world.charger(same)
    idle = charger_state(status="Available", offer=0, in_transaction=False)
    charger.await_sim(idle, within=world.profile.prompt, reason="after unplugging, as the simulator reports it")
    charger.await_view(idle, within=world.profile.prompt, reason="after unplugging, as balanz shows it")


@when("{alias:Alias} goes silent")
def step_goes_silent(context: Context, alias: str) -> None:
    context.world.silence(alias)


@then("within {count:g} {interval:Interval} balanz closes the session at {alias:Alias}")
def step_balanz_closes_session(context: Context, count: float, interval: str, alias: str) -> None:
    world = context.world
    world.charger(alias).await_view(
        charger_state(status="Available", in_transaction=False),
        within=world.profile.deadline(count, interval),
        reason="balanz closes the silent charger's session",
    )


@then("balanz records the session at {alias:Alias} as stopped with reason {reason}")
def step_session_stop_reason(context: Context, alias: str, reason: str) -> None:
    record = context.world.last_session_record(alias)
    assert_that(record.get("reason"), equal_to(reason), f"{alias}: stop reason in balanz's record ({record})")
