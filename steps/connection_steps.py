"""Steps about a charger's connection: BootNotification and Heartbeat, and balanz's connection watchdog."""

from behave import then, when
from behave.runner import Context


@when("{alias:Alias} sends a Heartbeat every half charger silence limit for {count:g} charger silence limits")
def step_keep_talking(context: Context, alias: str, count: float) -> None:
    context.world.surface.keep_talking(alias, half_limits=1, limits=count)


@when("{alias:Alias} falls silent")
def step_falls_silent(context: Context, alias: str) -> None:
    context.world.surface.charger(alias).record.note(f"{alias}: falls silent")


@then("{alias:Alias}'s connection is still open")
def step_still_open(context: Context, alias: str) -> None:
    context.world.surface.connection_still_open(alias)


@then(
    "balanz closes {alias:Alias}'s connection with code {code:d} once the charger silence limit has passed since "
    "its last frame, not before"
)
def step_closed_after_silence(context: Context, alias: str, code: int) -> None:
    context.world.surface.closed_after_silence(alias, code)


@then("balanz shows {alias:Alias} as not connected")
def step_shows_not_connected(context: Context, alias: str) -> None:
    context.world.surface.view(alias).shows_connected(False, within=context.world.profile.prompt)


@then("balanz shows {alias:Alias} as connected again")
def step_shows_connected_again(context: Context, alias: str) -> None:
    context.world.surface.view(alias).shows_connected(True, within=context.world.profile.prompt)


@when("a second connection as {alias:Alias} opens and closes at once")
def step_second_connection(context: Context, alias: str) -> None:
    context.world.surface.second_connection(alias)


@then("balanz shows {alias:Alias} as connected, {status}, with no vendor or model")
def step_shows_unbooted(context: Context, alias: str, status: str) -> None:
    context.world.surface.view(alias).shows_unbooted(status)


# --- BootNotification and Heartbeat -------------------------------------------------------------------------------
@when("{alias:Alias} boots, reporting:")
def step_boot(context: Context, alias: str) -> None:
    context.world.surface.charger(alias).boot(**{row["field"]: row["value"] for row in context.table})


@then("balanz accepts the boot with the site's heartbeat interval and its current time")
def step_boot_accepted(context: Context) -> None:
    context.world.surface.boot_accepted()


@then("balanz shows {alias:Alias} with:")
def step_shows_fields(context: Context, alias: str) -> None:
    context.world.surface.view(alias).shows_fields({row["field"]: row["value"] for row in context.table})


@when("{alias:Alias} sends a Heartbeat")
def step_heartbeat(context: Context, alias: str) -> None:
    context.world.surface.charger(alias).heartbeat()


@then("balanz answers with its current time")
def step_answers_time(context: Context) -> None:
    context.world.surface.answered_with_current_time()
