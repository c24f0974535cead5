"""Steps about time and change: consecutive sessions, time-of-day maxima, live changes, restarts, unsafe data."""

from behave import given, then, when
from behave.runner import Context

from balanz_acceptance.actors import session_sequence, top_of_hour


# --- consecutive sessions (features/consecutive_sessions.feature) -------------------------------------
@when("the next EV is plugged in at {alias:Alias} without a tag")
def step_plug_in_without_tag(context: Context, alias: str) -> None:
    session_sequence.plug_in_without_tag(context.world.charger(alias))


@then("{alias:Alias} holds no usable offer for {count:g} {interval:Interval}: the EV draws nothing")
def step_blocked_between_sessions(context: Context, alias: str, count: float, interval: str) -> None:
    world = context.world
    session_sequence.assert_blocked_for(world.charger(alias), count * world.profile.interval(interval))


@then("balanz shows a new session at {alias:Alias} for tag {tag}, offered only the minimum so far")
def step_new_session(context: Context, alias: str, tag: str) -> None:
    session_sequence.assert_new_session(context.world.charger(alias), tag)


# --- suspend_top_of_hour (features/suspend_top_of_hour.feature) ----------------------------------------
@given("balanz suspends a first delay until the top of the hour")
def step_top_of_hour_on(context: Context) -> None:
    top_of_hour.switch_on(context.world.operator)


@then("balanz suspends {alias:Alias} until half the unused-offer timeout before the next full hour")
def step_suspended_until_top_of_hour(context: Context, alias: str) -> None:
    context.suspend_until = top_of_hour.assert_suspended_until_top_of_hour(context.world.charger(alias))


@then("{alias:Alias} gets no offer when the delayed-start suspension has passed, only after the top of the hour")
def step_no_offer_before_top_of_hour(context: Context, alias: str) -> None:
    top_of_hour.assert_held_past_delayed_start(context.world.charger(alias), context.suspend_until)
