"""Steps about who may do what: API clients logging in, what each user type may call and what balanz answers a
client that misbehaves; chargers connecting with or without credentials (as a header or a websocket subprotocol)
and being provisioned with a key."""

from _types import calls_table, rows_of
from behave import given, step, then, when
from behave.runner import Context


# --- API clients ---------------------------------------------------------------------------------------------
@given("a client is connected to balanz's API and has not logged in")
def step_client_connected(context: Context) -> None:
    context.world.api_client.connect()


@given("a client has logged in to balanz's API as the {user_type} user")
def step_client_logged_in(context: Context, user_type: str) -> None:
    context.world.api_client.has_logged_in_as(user_type)


@when("the client logs in with the token {token}, which no API user has")
def step_client_logs_in(context: Context, token: str) -> None:
    context.world.api_client.log_in_with_unknown_token(token)


@step("a client logs in as {user_id} with password {password}")
def step_client_logs_in_as_user(context: Context, user_id: str, password: str) -> None:
    context.world.api_client.log_in_as_user(user_id, password)


@then("the client is logged in as an {user_type} user")
@then("the client is logged in as a {user_type} user")
def step_client_logged_in_as(context: Context, user_type: str) -> None:
    context.world.api_client.logged_in_as(user_type)


@when("the client tries to {activity} ({command})")
def step_client_tries(context: Context, activity: str, command: str) -> None:
    context.world.api_client.attempt(command, activity)


@when("the client blocks tag {tag} (UpdateTag)")
def step_client_blocks_tag(context: Context, tag: str) -> None:
    context.world.api_client.update_tag(tag, status="Blocked")


@when("the client tries every command of balanz's API")
def step_client_tries_every_command(context: Context) -> None:
    context.world.api_client.try_every_command()


@when("the client tries every command of balanz's API, those for a charger at {alias:Alias}")
def step_client_tries_every_command_at(context: Context, alias: str) -> None:
    context.world.api_client.try_every_command(alias)


@then("the call is answered {status}")
def step_call_answered(context: Context, status: str) -> None:
    context.world.api_client.answered(status)


@then("every call is answered {status}")
def step_every_call_answered(context: Context, status: str) -> None:
    context.world.api_client.all_answered(status)


@then("the call is carried out")
def step_call_carried_out(context: Context) -> None:
    context.world.api_client.carried_out()


@then("balanz answers each command as the {user_type} column of this matrix says:")
def step_answered_as_matrix(context: Context, user_type: str) -> None:
    context.world.api_client.answered_as_table(context.table.headings, context.table.rows, user_type)


@when("the client logs in again on the same connection as the {user_type} user")
def step_log_in_again(context: Context, user_type: str) -> None:
    context.world.api_client.log_in_as(user_type)


# --- logins that should fail, each on a connection of its own ---------------------------------------------
@when("a new client logs in with each of these passwords, then asks for the chargers (GetChargers):")
def step_log_in_rows(context: Context) -> None:
    rows = rows_of(context.table, "user", "password", "login answered", "GetChargers answered")
    context.world.api_probe.log_in_rows(rows)


@when("a new client logs in as {user_id} with password {password}")
def step_new_client_logs_in(context: Context, user_id: str, password: str) -> None:
    context.world.api_probe.log_in_with_password(user_id, password)


@then("that login is answered {answer}")
def step_that_login(context: Context, answer: str) -> None:
    context.world.api_probe.login_answered(answer)


# --- a client that misbehaves ------------------------------------------------------------------------------
@given("a client has logged in as the suite's Admin user, and balanz's records and lists are noted")
def step_probe_ready(context: Context) -> None:
    context.world.bystanders.note()


@when("the client sends these frames, one after another:")
def step_probe_frames(context: Context) -> None:
    context.world.api_probe.send_rows(rows_of(context.table, "what", "frame", "balanz answers"))


@when("the client makes these calls, one after another:")
def step_probe_calls(context: Context) -> None:
    context.world.api_probe.call_rows(calls_table(context.table, context.table.headings))


@then("balanz answers each as the table says")
def step_probe_answered(context: Context) -> None:
    context.world.api_probe.answered_as_table()


@then("the client's connection goes on: balanz answers its GetStatus")
def step_probe_still_served(context: Context) -> None:
    context.world.api_probe.admin_still_served()


@then("another client is served as usual")
def step_another_client(context: Context) -> None:
    context.world.api_probe.another_client_is_served()


@when("a new client sends {frame} as the first frame on its connection")
def step_first_frame(context: Context, frame: str) -> None:
    context.world.api_probe.send_first(frame, "a first frame")


@then("that frame is answered {answer}")
def step_that_frame(context: Context, answer: str) -> None:
    context.world.api_probe.answered(answer)


@when("the client asks for balanz's log entries with the filters {filters}")
def step_log_entries(context: Context, filters: str) -> None:
    context.world.api_probe.log_entries(filters)


@then("balanz lists entries of the levels {levels:Items}")
def step_levels_listed(context: Context, levels: list[str]) -> None:
    context.world.api_probe.levels_are(levels)


@then("balanz's answer to {command} is not valid JSON: it holds {constant}")
def step_reply_not_json(context: Context, command: str, constant: str) -> None:
    context.world.api_probe.reply_is_not_json(command, constant)


# --- chargers connecting -------------------------------------------------------------------------------------
@given("balanz requires chargers to authenticate")
def step_require_auth(context: Context) -> None:
    context.world.charger_access.require_authentication()


@given("balanz does not register unknown chargers")
def step_no_autoregister(context: Context) -> None:
    context.world.charger_access.register_unknown(False)


@given("balanz registers unknown chargers")
def step_autoregister(context: Context) -> None:
    context.world.charger_access.register_unknown(True)


@when("a charger connects as {who} with {credentials}")
def step_connect_as(context: Context, who: str, credentials: str) -> None:
    context.world.charger_access.connect_as(who, credentials)


@when("a charger connecting as {alias:Alias} sends {which} as a websocket subprotocol, and no Authorization header")
def step_connect_with_subprotocol_key(context: Context, alias: str, which: str) -> None:
    context.world.charger_access.connect_with_subprotocol_key(alias, which)


@then("balanz closes the connection with code {code:d}")
def step_closed_with(context: Context, code: int) -> None:
    context.world.charger_access.closed_with(code)


@then("balanz closes the connection with code {code:d} and no reason")
def step_closed_with_no_reason(context: Context, code: int) -> None:
    context.world.charger_access.closed_with(code, "")


@then("balanz turns the charger away: it closes the connection and shows the charger not connected")
def step_turned_away(context: Context) -> None:
    context.world.charger_access.turned_away()


@then("the connection stays open")
def step_stays_open(context: Context) -> None:
    context.world.charger_access.stays_open()


@then("{alias:Alias} is given an authorization key after the provisioning delay")
def step_key_given(context: Context, alias: str) -> None:
    context.world.charger_access.provisioning(alias).await_key()


@when("balanz has given {alias:Alias} an authorization key")
def step_key_given_to_scripted(context: Context, alias: str) -> None:
    context.world.charger_access.await_key_given(alias)


@given("{alias:Alias} has been provisioned with an authorization key")
def step_provisioned(context: Context, alias: str) -> None:
    context.world.charger_access.provisioning(alias).provision()


@then("{alias:Alias} has forgotten its authorization key")
def step_forgot_key(context: Context, alias: str) -> None:
    context.world.charger_access.forgot_key(alias)
