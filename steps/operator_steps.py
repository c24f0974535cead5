"""Steps for what the operator does to balanz (through its API, or by editing its files) and what balanz answers."""

from behave import given, step, then, when
from behave.runner import Context

from balanz_acceptance.core.timing import Duration


@then("balanz answers the operator {status}")
def step_operator_answer(context: Context, status: str) -> None:
    context.world.operator.answered(status)


# --- sessions, groups and their maxima ---------------------------------------------------------------------
@when("the operator {direction:Direction} the priority of the session at {alias:Alias} to {priority:d}")
def step_session_priority(context: Context, direction: str, alias: str, priority: int) -> None:
    context.world.operator.set_session_priority(alias, direction, priority)


@when("the operator suspends balancing for group {group}")
def step_suspend_group(context: Context, group: str) -> None:
    context.world.operator.suspend_group(group, True)


@when("the operator resumes balancing for group {group}")
def step_resume_group(context: Context, group: str) -> None:
    context.world.operator.suspend_group(group, False)


@when('the operator sets the maximum of group {group} to "{schedule}"')
def step_set_group_maximum(context: Context, group: str, schedule: str) -> None:
    context.world.operator.set_group_maximum(group, schedule)


@when(
    "the operator gives group {group} a schedule under which, from the first minute that begins at least "
    "{lead:Duration} from now, for at least {lasting:Duration} (in whole minutes), sessions of priority {low:d} to "
    "{high:d} may use {amps:d} A, the other priorities as usual"
)
def step_time_of_day_window(
    context: Context, group: str, lead: Duration, lasting: Duration, low: int, high: int, amps: int
) -> None:
    context.world.operator.open_window(group, low, high, amps, lead, lasting)


@when("the operator gives group {group} a schedule that leaves out the next {minutes:d} minutes")
def step_leave_out_now(context: Context, group: str, minutes: int) -> None:
    context.world.operator.leave_out_now(group, minutes)


# --- balanz's configuration --------------------------------------------------------------------------------
@when("the operator sets balanz's configuration {section} {key} to {value}")
def step_set_config(context: Context, section: str, key: str, value: str) -> None:
    context.world.operator.set_config(section, key, value)


@given("balanz suspends a first delay until the top of the hour")
def step_top_of_hour_on(context: Context) -> None:
    context.world.operator.suspend_first_delay_until_top_of_hour()


# --- tags ---------------------------------------------------------------------------------------------------
@given("the operator creates the new active tag {tag} for {user}")
def step_create_tag(context: Context, tag: str, user: str) -> None:
    context.world.operator.create_tag(tag, user, status="Activated")


@when("the operator creates the new tag {tag} for {user}, giving no status")
def step_create_tag_without_status(context: Context, tag: str, user: str) -> None:
    context.world.operator.create_tag_without_status(tag, user)


@given("the operator blocks tag {tag}")
def step_block_tag(context: Context, tag: str) -> None:
    context.world.operator.update_tag(tag, status="Blocked")


@given("the operator activates tag {tag}")
def step_activate_tag(context: Context, tag: str) -> None:
    context.world.operator.update_tag(tag, status="Activated")


@given("the operator deletes tag {tag}")
def step_delete_tag(context: Context, tag: str) -> None:
    context.world.operator.delete_tag(tag)


@given("the operator gives tag {tag} priority {priority:d}")
def step_tag_priority(context: Context, tag: str, priority: int) -> None:
    context.world.operator.update_tag(tag, priority=priority)


# --- chargers -----------------------------------------------------------------------------------------------
@when("the operator changes the priority of charger {alias:Alias} to {priority:d}")
def step_charger_priority(context: Context, alias: str, priority: int) -> None:
    context.world.operator.update_charger(alias, priority=priority)


@when("the operator {direction:Direction} the limit of {alias:Alias} to {amps:d} A")
def step_change_limit(context: Context, direction: str, alias: str, amps: int) -> None:
    context.world.operator.change_limit(alias, direction, amps)


@given("the operator has lowered the limit of {alias:Alias} to {amps:g} A, below the minimum offer")
def step_lower_limit(context: Context, alias: str, amps: float) -> None:
    context.world.operator.lower_limit_below_minimum(alias, amps)


@given("the operator has deleted {alias:Alias} and created it again without a priority")
def step_recreate_without_priority(context: Context, alias: str) -> None:
    context.world.operator.recreate_without_priority(alias)


@when("the operator creates the charger {charger_id} named {name} in group {group} with a limit of {amps:g} A")
def step_create_charger(context: Context, charger_id: str, name: str, group: str, amps: float) -> None:
    context.world.operator.create_charger(charger_id, name, group, amps)


@when(
    "the operator creates the charger {charger_id} named {name} in group {group} with priority {priority:d} and "
    "no limit"
)
def step_create_charger_without_limit(context: Context, charger_id: str, name: str, group: str, priority: int) -> None:
    context.world.operator.create_charger(charger_id, name, group, None, priority=priority)


@when("the operator deletes the charger named {name}")
def step_delete_charger(context: Context, name: str) -> None:
    context.world.operator.delete_charger(name)


@given(
    "the operator has created the new charger {alias:Alias} with id {charger_id} in group {group} "
    "with priority {priority:d} and a limit of {amps:g} A"
)
def step_create_new_charger(
    context: Context, alias: str, charger_id: str, group: str, priority: int, amps: float
) -> None:
    context.world.operator.create_new_charger(alias, charger_id, group, priority, amps)


@when("the new charger {alias:Alias} connects to balanz")
def step_new_charger_connects(context: Context, alias: str) -> None:
    context.add_cleanup(context.world.chargers.connect_created(alias))


# --- what balanz passes on to a charger ----------------------------------------------------------------------
@when("the operator starts a session remotely at {alias:Alias} for tag {tag}")
def step_remote_start(context: Context, alias: str, tag: str) -> None:
    context.world.operator.remote_start(alias, tag)


@when("the operator stops the session at {alias:Alias} remotely")
def step_remote_stop(context: Context, alias: str) -> None:
    context.world.operator.remote_stop(alias)


@when("the operator restarts {alias:Alias}")
def step_reset(context: Context, alias: str) -> None:
    context.world.operator.reset(alias)


@then("the session at {alias:Alias} ends and the charger connects again, Available")
def step_reset_comes_back(context: Context, alias: str) -> None:
    context.world.operator.await_reconnected(alias)


@when("the operator asks {alias:Alias} to send a {message}")
def step_trigger(context: Context, alias: str, message: str) -> None:
    context.world.operator.trigger(alias, message)


@then("balanz receives a {message} from {alias:Alias} promptly")
def step_trigger_received(context: Context, message: str, alias: str) -> None:
    context.world.operator.await_message_from(alias, message)


@when("the operator sets the configuration key {key} of {alias:Alias} to {value}")
def step_change_charger_configuration(context: Context, key: str, alias: str, value: str) -> None:
    context.world.operator.change_charger_configuration(alias, key, value)


@then("{alias:Alias}'s configuration key {key} reads {value}")
def step_charger_configuration_reads(context: Context, alias: str, key: str, value: str) -> None:
    context.world.operator.configuration_reads(alias, key, value)


@then("{alias:Alias} reports the configuration key {key} as unknown")
def step_charger_configuration_unknown(context: Context, alias: str, key: str) -> None:
    context.world.operator.configuration_is_unknown(alias, key)


@when("the operator has balanz forget the key of {alias:Alias} (ResetChargerAuth)")
def step_reset_charger_auth(context: Context, alias: str) -> None:
    context.world.operator.reset_charger_auth(alias)


@when("the operator clears the default charging profiles of {alias:Alias}")
def step_clear_default_profiles(context: Context, alias: str) -> None:
    context.world.operator.clear_default_profiles(alias)


@when("the operator clears balanz's blocking default profile at {alias:Alias} by its id")
def step_clear_blocking_profile(context: Context, alias: str) -> None:
    context.world.operator.clear_default_profile(alias)


@when("the operator clears the default profile with id {profile_id:d} at {alias:Alias}")
def step_clear_default_profile_by_id(context: Context, profile_id: int, alias: str) -> None:
    context.world.operator.clear_default_profile(alias, profile_id)


# --- API users -------------------------------------------------------------------------------------------------
@step("the operator creates the API user {user_id} of type {user_type} with password {password}")
def step_create_user(context: Context, user_id: str, user_type: str, password: str) -> None:
    context.world.operator.create_user(user_id, user_type, password)


@when("the operator changes the type of the API user {user_id} to {user_type}")
def step_update_user_type(context: Context, user_id: str, user_type: str) -> None:
    context.world.operator.update_user(user_id, user_type=user_type)


@when("the operator changes the password of the API user {user_id} to {password}")
def step_change_password(context: Context, user_id: str, password: str) -> None:
    context.world.operator.update_user(user_id, password=password)


@when("the operator deletes the API user {user_id}")
def step_delete_user(context: Context, user_id: str) -> None:
    context.world.operator.delete_user(user_id)


# --- balanz's files, balanz itself, its log and its drawing --------------------------------------------------
@step('the operator writes {column} "{value}" for {key} into balanz\'s {name} file')
def step_write_file(context: Context, column: str, value: str, key: str, name: str) -> None:
    context.world.operator.write_file_value(name, key, column, value)


@when("the operator has balanz reload its {what}")
def step_reload(context: Context, what: str) -> None:
    context.world.operator.reload(what)


@when("balanz is restarted")
def step_restart(context: Context) -> None:
    context.world.operator.restart_balanz()


@then("balanz cannot start again: it stops with {error}")
def step_cannot_restart(context: Context, error: str) -> None:
    context.world.operator.restart_fails_with(error)


@when("the operator sets the log level of {component} to {level}")
def step_set_log_level(context: Context, component: str, level: str) -> None:
    context.world.operator.set_log_level(component, level)


@when("the operator draws the site without its history (DrawAll)")
def step_draw_plain(context: Context) -> None:
    context.world.views.draw(historic=False)


@when("the operator draws the site (DrawAll)")
def step_draw(context: Context) -> None:
    context.world.views.draw(historic=None)


@when("the operator tries to set the configuration key {key} of {alias:Alias} to {value}")
def step_try_charger_configuration(context: Context, key: str, alias: str, value: str) -> None:
    context.world.operator.try_charger_configuration(alias, key, value)


@when("the operator tries to set balanz's configuration {section} {key} to {value}")
def step_try_config(context: Context, section: str, key: str, value: str) -> None:
    context.world.operator.set_config(section, key, value, trying=True)


@when("the operator tries to start a session remotely at {alias:Alias} for tag {tag}")
def step_try_remote_start(context: Context, alias: str, tag: str) -> None:
    context.world.operator.remote_start(alias, tag, trying=True)


@when("the operator tries to start a session remotely at {alias:Alias} for the {kind} tag {tag}")
def step_try_remote_start_kind(context: Context, alias: str, kind: str, tag: str) -> None:
    context.world.operator.remote_start(alias, tag, kind=kind, trying=True)


@when("the operator tries to set the charging limit of the session at {alias:Alias} to {amps:g} A")
def step_try_tx_profile(context: Context, alias: str, amps: float) -> None:
    context.world.operator.set_tx_profile(alias, amps, trying=True)


@when(
    "the operator tries to set a default charging limit of {amps:g} A at {alias:Alias} in place of balanz's "
    "blocking profile"
)
def step_try_default_profile_over_blocking(context: Context, amps: float, alias: str) -> None:
    context.world.operator.replace_blocking_profile(alias, amps, trying=True)
