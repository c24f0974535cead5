"""Steps about charger authentication and registration."""

from behave import given, then, when
from behave.runner import Context
from hamcrest import assert_that, contains_exactly, equal_to, has_entries, has_property

from balanz_acceptance.checks.matchers import charger_state
from balanz_acceptance.sut.bare_charger import connect_as_charger


@given("balanz requires chargers to authenticate")
def step_require_auth(context: Context) -> None:
    context.world.operator.set_config("host", "http_auth", "True")


@given("balanz does not register unknown chargers")
def step_no_autoregister(context: Context) -> None:
    context.world.operator.set_config("model", "charger_autoregister", "False")


@given("balanz registers unknown chargers")
def step_autoregister(context: Context) -> None:
    context.world.operator.set_config("model", "charger_autoregister", "True")


@when("{alias:Alias} reconnects")
def step_reconnect(context: Context, alias: str) -> None:
    context.world.charger(alias).reconnect()


@then("{alias:Alias} is given an authorization key after the provisioning delay")
def step_key_given(context: Context, alias: str) -> None:
    context.world.provisioning(alias).await_key()


@given("{alias:Alias} has been provisioned with an authorization key")
def step_provisioned(context: Context, alias: str) -> None:
    context.world.charger(alias).reconnect()
    context.world.provisioning(alias).await_key()


@then("{alias:Alias} is connected and Available")
def step_connected(context: Context, alias: str) -> None:
    charger = context.world.charger(alias)
    assert_that(charger.view(), has_property("network_connected", True), f"{alias} as balanz shows it")
    assert_that(charger.view(), charger_state(status="Available"), f"{alias} as balanz shows it")


@when("a charger connects as {who} with {credentials}")
def step_connect_as(context: Context, who: str, credentials: str) -> None:
    world = context.world
    charger_id = world.site.chargers[who].charger_id if who in world.site.chargers else who
    key = {"no credentials": None, "a wrong key": "not-the-provisioned-key"}[credentials]
    context.connection = connect_as_charger(world.stack.balanz_url, charger_id, key, within=world.profile.prompt)
    world.record.note(f"a charger connected as {charger_id} with {credentials}: {context.connection}")


@then("balanz closes the connection with code {code:d}")
def step_closed_with(context: Context, code: int) -> None:
    assert_that(
        context.connection.close_code, equal_to(code), f"how balanz ended the connection ({context.connection})"
    )


@then("the connection stays open")
def step_stays_open(context: Context) -> None:
    assert_that(context.connection.accepted, equal_to(True), f"the connection ({context.connection})")


@then("balanz lists charger {charger_id} in group {group}, which has no maximum")
def step_listed_in_group(context: Context, charger_id: str, group: str) -> None:
    api = context.world.api
    listed = [c for c in api.chargers() if c["charger_id"] == charger_id]
    assert_that(listed, contains_exactly(has_entries(charger_id=charger_id, group_id=group)), "where balanz put it")
    groups = {g["group_id"]: g for g in api.groups()}
    assert_that(groups[group], has_entries(max_allocation=None, max_allocation_now=[]), f"group {group}")


@when('the operator sets the authorization key of {alias:Alias} to "{key}"')
def step_set_key(context: Context, alias: str, key: str) -> None:
    world = context.world
    world.operator.change_charger_configuration(world.site.charger(alias).charger_id, "AuthorizationKey", key)


@then("{alias:Alias} has forgotten its authorization key")
def step_forgot_key(context: Context, alias: str) -> None:
    world = context.world
    provisioning = world.provisioning(alias)
    charger_id = world.site.charger(alias).charger_id
    world.operator.charger_configuration(charger_id, ["AuthorizationKey"])  # makes ocppsim read its file
    assert_that(provisioning.stored_key(), equal_to(None), f"the key in {provisioning.conf_file}")
