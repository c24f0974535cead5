"""Steps about balanz's records of ended sessions (GetSessions)."""

from behave import then, when
from behave.runner import Context


@when("the driver ends the session at {alias:Alias} by unplugging the EV")
def step_end_by_unplugging(context: Context, alias: str) -> None:
    context.world.end_session(alias, "unplug")


@when("the driver ends the session at {alias:Alias} by presenting tag {tag} again")
def step_end_by_tag(context: Context, alias: str, tag: str) -> None:
    context.world.end_session(alias, "tag", tag)


@then("balanz keeps a record of the session at {alias:Alias}:")
def step_record_kept(context: Context, alias: str) -> None:
    context.world.session_recorded_as(alias, {row["field"]: row["value"] for row in context.table})


@then("the record at {alias:Alias} starts when the charger started the transaction and ends when it stopped it")
def step_record_timed(context: Context, alias: str) -> None:
    context.world.session_timed_as_ended(alias)


@then("the record at {alias:Alias} holds the energy the charger metered")
def step_record_energy(context: Context, alias: str) -> None:
    context.world.session_energy_as_metered(alias)


@then("the record at {alias:Alias} holds the offers {offers:Offers} A, as balanz made them during the session")
def step_record_offers(context: Context, alias: str, offers: list[float]) -> None:
    context.world.session_offers_recorded(alias, offers)
