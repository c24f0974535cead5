"""Steps about who may do what: API clients logging in and what each user type may call, and chargers connecting
with or without credentials and being provisioned with a key."""

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


@then("balanz closes the connection with code {code:d}")
def step_closed_with(context: Context, code: int) -> None:
    context.world.charger_access.closed_with(code)


@then("the connection stays open")
def step_stays_open(context: Context) -> None:
    context.world.charger_access.stays_open()


@then("{alias:Alias} is given an authorization key after the provisioning delay")
def step_key_given(context: Context, alias: str) -> None:
    context.world.charger_access.provisioning(alias).await_key()


@given("{alias:Alias} has been provisioned with an authorization key")
def step_provisioned(context: Context, alias: str) -> None:
    context.world.charger_access.provisioning(alias).provision()


@then("{alias:Alias} has forgotten its authorization key")
def step_forgot_key(context: Context, alias: str) -> None:
    context.world.charger_access.forgot_key(alias)
