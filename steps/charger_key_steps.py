"""Steps about a charger's key: provisioned, sent as a websocket subprotocol, reset (actors/charger_keys.py)."""

from behave import then, when
from behave.runner import Context


@when("balanz has given {alias:Alias} an authorization key")
def step_key_given(context: Context, alias: str) -> None:
    context.world.surface.await_key(alias)


@when("a charger connecting as {alias:Alias} sends {which} as a websocket subprotocol, and no Authorization header")
def step_connect_with_protocol_key(context: Context, alias: str, which: str) -> None:
    context.world.surface.connect_with_protocol_key(alias, which)


@when("a charger connecting as {alias:Alias} sends no credentials at all")
def step_connect_without_credentials(context: Context, alias: str) -> None:
    context.world.surface.connect_with_protocol_key(alias, "no key")


@then("balanz accepts that connection")
def step_connection_accepted(context: Context) -> None:
    context.world.surface.connection_accepted()


@then("balanz closes that connection with code {code:d}")
def step_connection_closed(context: Context, code: int) -> None:
    context.world.surface.connection_closed_with(code)


@when("the operator has balanz forget the key of {alias:Alias} (ResetChargerAuth)")
def step_reset_charger_auth(context: Context, alias: str) -> None:
    context.world.surface.reset_charger_auth(alias)


@then("balanz's chargers file keeps no key for {alias:Alias}")
def step_no_key(context: Context, alias: str) -> None:
    context.world.surface.chargers_file_holds_no_key(alias)
