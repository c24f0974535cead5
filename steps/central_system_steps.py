"""Steps about balanz as a local controller in front of the site's central system, which the harness plays: the
site, how the central system answers, its calls to a charger and what came of them, what it saw, and what becomes
of a charger's connection and session when the central system is silent or gone.

The sentence "a site whose balanz is a local controller for a central system that ..." is found before the
scenario's stack starts (balanz_acceptance/core/local_controller.py); the step itself checks it is in effect.
"""

from behave import given, then, when
from behave.runner import Context

from balanz_acceptance.core.timing import Duration

# --- the site -------------------------------------------------------------------------------------------------


@given("a site whose balanz is a local controller for a central system that accepts every tag")
def step_local_controller(context: Context) -> None:
    context.world.local_controller.is_local_controller()


@given("a site whose local controller answers the central system's charging profiles itself with {answer}")
def step_answers_profiles(context: Context, answer: str) -> None:
    context.world.local_controller.answers_profiles_with(answer)


@given("a site whose local controller passes the central system's charging profiles on to the chargers")
def step_forwards_profiles(context: Context) -> None:
    context.world.local_controller.answers_profiles_with("Forward")


# --- how the central system answers -------------------------------------------------------------------------


@given("the central system blocks tag {tag}")
def step_central_blocks(context: Context, tag: str) -> None:
    context.world.local_controller.block_tag(tag)


@given("the central system numbers its next transaction {number:d}")
def step_central_numbers(context: Context, number: int) -> None:
    context.world.local_controller.number_next_transaction(number)


@when("the central system falls silent")
def step_central_silent(context: Context) -> None:
    context.world.local_controller.fall_silent()


@when("the central system answers again")
def step_central_answers_again(context: Context) -> None:
    context.world.local_controller.answer_again()


@given("the central system accepts no connections")
def step_central_refuses(context: Context) -> None:
    context.world.local_controller.refuse_connections()


@when("the central system accepts connections again")
def step_central_accepts(context: Context) -> None:
    context.world.local_controller.accept_connections()


@when("the central system goes down")
def step_central_down(context: Context) -> None:
    context.world.local_controller.go_down()


@when("the central system is back")
def step_central_back(context: Context) -> None:
    context.world.local_controller.accept_connections()


# --- the central system's calls -----------------------------------------------------------------------------


@when("the central system sets a charging limit of {amps:g} A for the session at {alias:Alias}")
def step_central_sets_limit(context: Context, amps: float, alias: str) -> None:
    context.world.local_controller.set_limit(alias, amps)


@when("the central system clears its charging limit at {alias:Alias}")
def step_central_clears_limit(context: Context, alias: str) -> None:
    context.world.local_controller.clear_profile(alias)


@when("the central system clears charging profile {profile_id:d} at {alias:Alias}, balanz's own limit for the session")
def step_central_clears_balanz_profile(context: Context, profile_id: int, alias: str) -> None:
    context.world.local_controller.clear_profile(alias, profile_id)


@when("the central system starts a session remotely at {alias:Alias} for tag {tag}")
def step_central_remote_start(context: Context, alias: str, tag: str) -> None:
    context.world.local_controller.remote_start(alias, tag)


@when("the central system resets {alias:Alias}")
def step_central_reset(context: Context, alias: str) -> None:
    context.world.local_controller.reset(alias)


@when("the central system asks {alias:Alias} for its status")
def step_central_trigger(context: Context, alias: str) -> None:
    context.world.local_controller.ask_status(alias)


@when("the central system goes on asking {alias:Alias} for its status every balancing tick")
def step_central_keeps_asking(context: Context, alias: str) -> None:
    context.world.local_controller.keep_asking_status(alias)


@when('the central system asks {alias:Alias} for its status in a call whose message id is "{message_id}"')
def step_central_trigger_with_id(context: Context, alias: str, message_id: str) -> None:
    context.world.local_controller.ask_status(alias, message_id)


# --- what came back -------------------------------------------------------------------------------------------


@then("balanz answers the central system {status} itself, and {alias:Alias} receives nothing of it")
def step_answered_by_balanz(context: Context, status: str, alias: str) -> None:
    context.world.local_controller.answered_by_balanz(alias, status)


@then("{alias:Alias} answers the central system {status}, through balanz")
def step_answered_by_charger(context: Context, alias: str, status: str) -> None:
    context.world.local_controller.answered_by_charger(alias, status)


@then("the central system is answered {status}")
def step_answered(context: Context, status: str) -> None:
    context.world.local_controller.answered(status)


@then("balanz answers the central system {status}, an answer OCPP 1.6 does not allow for it")
def step_answered_invalid(context: Context, status: str) -> None:
    context.world.local_controller.answered_invalid(status)


@then("the central system gets no answer, although {alias:Alias} answered")
def step_no_answer(context: Context, alias: str) -> None:
    context.world.local_controller.got_no_answer(alias)


# --- what the charger allows ---------------------------------------------------------------------------------


@then(
    "for {duration:Duration} {alias:Alias} allows the EV exactly what balanz offers it, never the central system's "
    "{amps:g} A"
)
def step_allows_balanz_offer(context: Context, duration: Duration, alias: str, amps: float) -> None:
    context.world.local_controller.allows_balanz_offer(alias, amps, duration)


@then(
    "{alias:Alias} allows the EV the central system's {amps:g} A, and balanz takes it as its offer once the charger "
    "reports it"
)
def step_allows_central_limit(context: Context, alias: str, amps: float) -> None:
    context.world.local_controller.allows_central_limit(alias, amps)


@then(
    "{alias:Alias} allows the EV balanz's own limit of {amps:g} A again, and balanz takes it as its offer once the "
    "charger reports it"
)
def step_allows_balanz_again(context: Context, alias: str, amps: float) -> None:
    context.world.local_controller.allows_balanz_limit_again(alias, amps)


# --- what the central system saw -----------------------------------------------------------------------------


@then("the central system has received every call {alias:Alias} sent, unchanged and in the order it sent them")
def step_saw_unchanged(context: Context, alias: str) -> None:
    context.world.local_controller.saw_charger_unchanged(alias)


@then("{alias:Alias} has received every answer of the central system, unchanged and in order")
def step_got_answers_unchanged(context: Context, alias: str) -> None:
    context.world.local_controller.got_central_answers_unchanged(alias)


@then(
    "the central system has received none of balanz's own calls to {alias:Alias} and none of the charger's answers "
    "to them"
)
def step_saw_nothing_of_balanz(context: Context, alias: str) -> None:
    context.world.local_controller.saw_nothing_of_balanz(alias)


@then("{alias:Alias} charges in transaction {number:d}, the number the central system gave it")
def step_charges_in_transaction(context: Context, alias: str, number: int) -> None:
    context.world.local_controller.charges_in_transaction(alias, number)


@then("the central system receives {alias:Alias}'s meter values for transaction {number:d}")
def step_meter_values_name(context: Context, alias: str, number: int) -> None:
    context.world.local_controller.meter_values_name(alias, number)


@then("the central system receives {alias:Alias}'s StartTransaction for tag {tag}")
def step_received_start(context: Context, alias: str, tag: str) -> None:
    context.world.local_controller.received_call(alias, "StartTransaction", {"idTag": tag})


@then("after the answer the central system receives {alias:Alias}'s status {status}")
def step_received_status(context: Context, alias: str, status: str) -> None:
    context.world.local_controller.received_status_after_answer(alias, status)


@then("{alias:Alias} restarts: the central system receives its BootNotification on a new connection through balanz")
def step_reconnected_after_reset(context: Context, alias: str) -> None:
    context.world.local_controller.reconnected_after_reset(alias)


@then("the central system receives balanz's connection for the charger with the Authorization header it sent")
def step_central_credentials(context: Context) -> None:
    context.world.local_controller.central_got_credentials()


# --- a charger's connection and session while the central system is silent or gone ---------------------------


@then(
    "balanz closes {alias:Alias}'s connection with code {code:d} once the charger silence limit has passed since the "
    "central system's last frame, not before"
)
def step_closed_central_silent(context: Context, alias: str, code: int) -> None:
    context.world.local_controller.closed_after_central_silence(alias, code)


@then("balanz closes {alias:Alias}'s connection at once")
def step_closed_at_once(context: Context, alias: str) -> None:
    context.world.local_controller.closed_at_once(alias)


@then("{alias:Alias} connects again, and balanz shows its session still open: the same tag, the same start")
def step_connects_again(context: Context, alias: str) -> None:
    context.world.local_controller.connects_again_with_session(alias)


@then(
    "balancing picks up again: within {within:Duration} of {alias:Alias} connecting again balanz raises its offer by "
    "{step:g} A, which the charger enforces"
)
def step_balancing_picks_up(context: Context, within: Duration, alias: str, step: float) -> None:
    context.world.local_controller.balancing_picks_up(alias, step, within)


@then(
    "balanz records the session at {alias:Alias} once, for tag {tag}, from when the charger started it to when it "
    "stopped it"
)
def step_recorded_once(context: Context, alias: str, tag: str) -> None:
    context.world.local_controller.recorded_once(alias, tag)


# --- what balanz does with the central system's numbers and connections (known issues) ------------------------


@then("balanz shows the session at {alias:Alias} as transaction {number:d}")
def step_balanz_numbers(context: Context, alias: str, number: int) -> None:
    context.world.local_controller.balanz_numbers_session(alias, number)


@then("balanz's own charging limits for the session at {alias:Alias} name transaction {number:d}")
def step_balanz_limits_name(context: Context, alias: str, number: int) -> None:
    context.world.local_controller.balanz_limits_name(alias, number)


@then("balanz keeps the session at {alias:Alias} open, with no offer, and has no record of it for {duration:Duration}")
def step_keeps_open(context: Context, alias: str, duration: Duration) -> None:
    context.world.local_controller.keeps_ended_session_open(alias, duration)


@then(
    "balanz records the first session at {alias:Alias} for tag {tag} only now, as ended when the next one started, "
    '"Start transaction without stop transaction"'
)
def step_recorded_at_next_start(context: Context, alias: str, tag: str) -> None:
    context.world.local_controller.recorded_at_next_start(alias, tag)


@then(
    "balanz's first connection to the central system for {alias:Alias} stays open beside its new one for "
    "{duration:Duration}"
)
def step_old_connection_open(context: Context, alias: str, duration: Duration) -> None:
    context.world.local_controller.old_connection_open(alias, duration)
