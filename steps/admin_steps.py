"""Steps about what an operator does through balanz's API and what balanz answers and keeps."""

from behave import given, then, when
from behave.runner import Context
from hamcrest import assert_that, equal_to

from balanz_acceptance.actors.api_matrix import ALLOWED, verdict_of
from balanz_acceptance.actors.api_users import token_of
from balanz_acceptance.actors.session_matchers import logged_in_as
from balanz_acceptance.actors.site_admin import BLOCKING_PROFILE_ID, BLOCKING_STACK_LEVEL


@when("the operator starts a session remotely at {alias:Alias} for tag {tag}")
def step_remote_start(context: Context, alias: str, tag: str) -> None:
    context.world.site.tag(tag)
    context.world.site_admin.remote_start(alias, tag)


@when("the operator starts a session remotely at {alias:Alias} for the {kind} tag {tag}")
def step_remote_start_kind(context: Context, alias: str, kind: str, tag: str) -> None:
    context.world.check_tag_kind(tag, kind)
    context.world.site_admin.remote_start(alias, tag)


@when("the operator stops the session at {alias:Alias} remotely")
def step_remote_stop(context: Context, alias: str) -> None:
    context.world.site_admin.remote_stop(alias, context.world.charger(alias).sim_status().transaction_id)


@then("balanz answers the operator {status}")
def step_operator_answer(context: Context, status: str) -> None:
    context.world.site_admin.answered(status)


@then("the tag is accepted at {alias:Alias} with parent tag {parent}")
def step_accepted_with_parent(context: Context, alias: str, parent: str) -> None:
    context.world.charger(alias).tag_accepted_with_parent(parent)


@then("the tag is accepted at {alias:Alias} with no parent tag")
def step_accepted_without_parent(context: Context, alias: str) -> None:
    context.world.charger(alias).tag_accepted_with_parent("")


@given("the operator has set balanz's configuration {section} {key} to {value}")
@when("the operator sets balanz's configuration {section} {key} to {value}")
def step_set_config(context: Context, section: str, key: str, value: str) -> None:
    context.world.site_admin.set_config(section, key, value)


@when("the operator sets the configuration key {key} of {alias:Alias} to {value}")
def step_change_charger_configuration(context: Context, key: str, alias: str, value: str) -> None:
    context.world.site_admin.change_charger_configuration(alias, key, value)


@then("{alias:Alias}'s configuration key {key} reads {value}")
def step_charger_configuration_reads(context: Context, alias: str, key: str, value: str) -> None:
    context.world.site_admin.configuration_reads(alias, key, value)


@then("{alias:Alias} reports the configuration key {key} as unknown")
def step_charger_configuration_unknown(context: Context, alias: str, key: str) -> None:
    context.world.site_admin.configuration_is_unknown(alias, key)


# --- API users ---------------------------------------------------------------------------------------------
@given("the operator has created the API user {user_id} of type {user_type} with password {password}")
@when("the operator creates the API user {user_id} of type {user_type} with password {password}")
def step_create_user(context: Context, user_id: str, user_type: str, password: str) -> None:
    context.world.site_admin.create_user(user_id, user_type, password)


@when("the operator deletes the API user {user_id}")
def step_delete_user(context: Context, user_id: str) -> None:
    context.world.site_admin.delete_user(user_id)


@then("balanz's users file lists {user_id} as a user of type {user_type}")
def step_users_file_lists(context: Context, user_id: str, user_type: str) -> None:
    context.world.site_admin.file_lists("users", "user_id", user_id, "user_type", user_type)


@then("balanz's users file does not list {user_id}")
def step_users_file_lacks(context: Context, user_id: str) -> None:
    context.world.site_admin.file_lacks("users", "user_id", user_id)


@given("a client has logged in as {user_id} with password {password}")
@when("a client logs in as {user_id} with password {password}")
def step_client_logs_in_as_user(context: Context, user_id: str, password: str) -> None:
    context.world.api_client.log_in(token_of(user_id, password))


@then("the client is logged in as an {user_type} user")
@then("the client is logged in as a {user_type} user")
def step_client_logged_in_as(context: Context, user_type: str) -> None:
    assert_that(context.world.api_client.last, logged_in_as(user_type), "balanz's answer to the login")


@when("the client blocks tag {tag} (UpdateTag)")
def step_client_blocks_tag(context: Context, tag: str) -> None:
    context.world.api_client.update_tag(context.world.site.tag(tag).id_tag, status="Blocked")


@then("balanz's tags file lists tag {tag} as {status}")
def step_tags_file_status(context: Context, tag: str, status: str) -> None:
    context.world.site_admin.file_lists("tags", "id_tag", context.world.site.tag(tag).id_tag, "status", status)


@then("the call is carried out")
def step_call_carried_out(context: Context) -> None:
    answer = context.world.api_client.last
    assert_that(verdict_of(answer), equal_to(ALLOWED), f"balanz's answer to {answer.command}")


# --- chargers, restarts and records --------------------------------------------------------------------------
@when("the operator gives charger {alias:Alias} priority {priority:d}")
def step_charger_priority(context: Context, alias: str, priority: int) -> None:
    context.world.site_admin.update_charger(alias, priority=priority)


@then("balanz's chargers file lists {alias:Alias} with priority {priority:d}")
def step_chargers_file_priority(context: Context, alias: str, priority: int) -> None:
    context.world.site_admin.file_lists("chargers", "alias", alias, "priority", str(priority))


@when("balanz is restarted")
def step_restart(context: Context) -> None:
    context.world.site_admin.restart_balanz(context.world.restart_balanz, context.world.profile)


@then("balanz keeps the same record of the session at {alias:Alias} as before the restart")
def step_same_record(context: Context, alias: str) -> None:
    context.world.site_admin.kept_record_over_restart(alias, context.world.session_record(alias).data)


@then("the session file holds the session at {alias:Alias} once, as GetSessions records it")
def step_file_holds_session(context: Context, alias: str) -> None:
    context.world.site_admin.file_holds_session(alias, context.world.session_record(alias).data)


@then("balanz's audit log has these entries, written during the scenario, in this order:")
def step_audit_entries(context: Context) -> None:
    entries = [row["entry"] for row in context.table]
    context.world.site_admin.await_audit_in_order(entries, within=context.world.profile.prompt)


# --- operator commands on chargers ------------------------------------------------------------------------
@when("the operator restarts {alias:Alias}")
def step_reset(context: Context, alias: str) -> None:
    world = context.world
    context.world.site_admin.reset(world.charger(alias), world.session_records)


@then("the session at {alias:Alias} ends and {same:Alias} connects again, Available")
def step_reset_comes_back(context: Context, alias: str, same: str) -> None:
    context.world.site_admin.await_reconnected(alias, context.world.profile)


@when("the operator asks {alias:Alias} to send a {message}")
def step_trigger(context: Context, alias: str, message: str) -> None:
    context.world.site_admin.trigger(alias, message, context.world.profile)


@then("balanz receives a {message} from {alias:Alias} promptly")
def step_trigger_received(context: Context, message: str, alias: str) -> None:
    context.world.site_admin.await_message_from(alias, message, within=context.world.profile.prompt)


@when("the operator sets the charging limit of the session at {alias:Alias} to {amps:g} A")
def step_tx_profile(context: Context, alias: str, amps: float) -> None:
    context.world.site_admin.set_tx_profile(alias, context.world.charger(alias).sim_status().transaction_id, amps)


@when("the operator creates the charger {charger_id} named {name} in group {group} with a limit of {amps:g} A")
def step_create_charger(context: Context, charger_id: str, name: str, group: str, amps: float) -> None:
    context.world.site_admin.create_charger(charger_id, name, group, amps)


@when("the operator deletes the charger named {name}")
def step_delete_charger(context: Context, name: str) -> None:
    context.world.site_admin.delete_charger(name)


@then("balanz's chargers file lists {name} in group {group}")
def step_chargers_file_lists(context: Context, name: str, group: str) -> None:
    context.world.site_admin.file_lists("chargers", "alias", name, "group_id", group)


@then("balanz's chargers file does not list {name}")
def step_chargers_file_lacks(context: Context, name: str) -> None:
    context.world.site_admin.file_lacks("chargers", "alias", name)


@then("balanz lists the charger {name} in group {group}")
def step_balanz_lists_charger(context: Context, name: str, group: str) -> None:
    context.world.site_admin.shows("chargers", "alias", name, "group_id", group)


@then("balanz does not list the charger {name}")
def step_balanz_lacks_charger(context: Context, name: str) -> None:
    context.world.site_admin.does_not_show("chargers", "alias", name)


@given("the operator has changed {column} of {key_column} {key} to {value} in balanz's {name} file")
def step_edit_file(context: Context, column: str, key_column: str, key: str, value: str, name: str) -> None:
    context.world.site_admin.edit_file(name, key_column, key, {column: value})


@when("the operator has balanz reload its {what}")
def step_reload(context: Context, what: str) -> None:
    context.world.site_admin.reload(what)


@then('balanz shows the maximum of group {group} as "{schedule}"')
def step_group_maximum_shown(context: Context, group: str, schedule: str) -> None:
    context.world.site_admin.shows("groups", "group_id", group, "max_allocation", schedule)


@then("balanz shows charger {name} with priority {priority:d}")
def step_charger_priority_shown(context: Context, name: str, priority: int) -> None:
    context.world.site_admin.shows("chargers", "alias", name, "priority", priority)


@then("balanz's audit log has no entry mentioning {text}")
def step_audit_lacks(context: Context, text: str) -> None:
    context.world.site_admin.audit_lacks(text)


@then("balanz's audit log has an entry mentioning {text}")
def step_audit_has(context: Context, text: str) -> None:
    context.world.site_admin.await_audit_mention(text, within=context.world.profile.prompt)


# --- default charging profiles -------------------------------------------------------------------------------
@when("the operator clears the default charging profiles of {alias:Alias}")
def step_clear_default_profiles(context: Context, alias: str) -> None:
    context.world.site_admin.clear_default_profiles(alias)


@when("the operator sets a default charging limit of {amps:g} A at {alias:Alias} in place of balanz's blocking profile")
def step_default_profile_over_blocking(context: Context, amps: float, alias: str) -> None:
    context.world.site_admin.set_default_profile(alias, BLOCKING_PROFILE_ID, 1, BLOCKING_STACK_LEVEL, amps)


@when("the operator clears balanz's blocking default profile at {alias:Alias} by its id")
def step_clear_blocking_profile(context: Context, alias: str) -> None:
    context.world.site_admin.clear_default_profile(alias, BLOCKING_PROFILE_ID)


@then(
    "{alias:Alias} lets an EV draw the minimum of {amps:g} A while balanz offers it nothing, "
    "for {count:g} {interval:Interval}"
)
def step_charger_allows_unoffered(context: Context, alias: str, amps: float, count: float, interval: str) -> None:
    context.world.charger_allows_unoffered(alias, amps, count, interval)


@when("the operator clears the default profile with id {profile_id:d} at {alias:Alias}")
def step_clear_default_profile_by_id(context: Context, profile_id: int, alias: str) -> None:
    context.world.site_admin.clear_default_profile(alias, profile_id)


@then("the EV at {alias:Alias} draws {amps:g} A, the charger's limit, while balanz offers it {offered:g} A")
def step_ev_draws_while_offered(context: Context, alias: str, amps: float, offered: float) -> None:
    world = context.world
    world.site_admin.ev_draws_as_allowed(world.charger(alias), amps, offered=offered, within=world.profile.prompt)


@then("balanz's offer to {alias:Alias} and the charger's limit stay at {amps:g} A for {count:g} {interval:Interval}")
def step_charger_keeps_offer(context: Context, alias: str, amps: float, count: float, interval: str) -> None:
    world = context.world
    context.world.site_admin.charger_keeps_offer(world.charger(alias), amps, count * world.profile.interval(interval))


@when("the operator changes the type of the API user {user_id} to {user_type}")
def step_update_user_type(context: Context, user_id: str, user_type: str) -> None:
    context.world.site_admin.update_user(user_id, user_type=user_type)


# --- a charger created through the API that connects (managed stack) ---------------------------------------
@given(
    "the operator has created the new charger {alias:Alias} with id {charger_id} in group {group} "
    "with priority {priority:d} and a limit of {amps:g} A"
)
def step_create_new_charger(
    context: Context, alias: str, charger_id: str, group: str, priority: int, amps: float
) -> None:
    context.world.create_charger(alias, charger_id, group, priority, amps)


@given("the new charger {alias:Alias} has connected to balanz")
@when("the new charger {alias:Alias} connects to balanz")
def step_new_charger_connects(context: Context, alias: str) -> None:
    context.add_cleanup(context.world.connect_created_charger(alias))
