"""Steps about charger authentication and registration."""

from behave import given, then, when
from behave.runner import Context


@given("balanz requires chargers to authenticate")
def step_require_auth(context: Context) -> None:
    context.world.charger_access.require_authentication()


@given("balanz does not register unknown chargers")
def step_no_autoregister(context: Context) -> None:
    context.world.charger_access.register_unknown(False)


@given("balanz registers unknown chargers")
def step_autoregister(context: Context) -> None:
    context.world.charger_access.register_unknown(True)


@when("{alias:Alias} reconnects")
def step_reconnect(context: Context, alias: str) -> None:
    context.world.charger(alias).reconnect()


@then("{alias:Alias} is given an authorization key after the provisioning delay")
def step_key_given(context: Context, alias: str) -> None:
    context.world.provisioning(alias).await_key()


@given("{alias:Alias} has been provisioned with an authorization key")
def step_provisioned(context: Context, alias: str) -> None:
    context.world.provisioning(alias).provision()


@then("{alias:Alias} is connected and Available")
def step_connected(context: Context, alias: str) -> None:
    context.world.charger(alias).is_connected_and_available()


@when("a charger connects as {who} with {credentials}")
def step_connect_as(context: Context, who: str, credentials: str) -> None:
    context.world.charger_access.connect_as(who, credentials)


@then("balanz closes the connection with code {code:d}")
def step_closed_with(context: Context, code: int) -> None:
    context.world.charger_access.closed_with(code)


@then("the connection stays open")
def step_stays_open(context: Context) -> None:
    context.world.charger_access.stays_open()


@then("balanz lists charger {charger_id} in group {group}, which has no maximum")
def step_listed_in_group(context: Context, charger_id: str, group: str) -> None:
    context.world.charger_access.listed_in_group_without_maximum(charger_id, group)


@when('the operator sets the authorization key of {alias:Alias} to "{key}"')
def step_set_key(context: Context, alias: str, key: str) -> None:
    world = context.world
    world.operator.change_charger_configuration(world.charger(alias).charger_id, "AuthorizationKey", key)


@then("{alias:Alias} has forgotten its authorization key")
def step_forgot_key(context: Context, alias: str) -> None:
    context.world.forgot_key(alias)
