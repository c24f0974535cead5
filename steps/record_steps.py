"""Steps about balanz's records of ended sessions (GetSessions)."""

from behave import then, when
from behave.runner import Context
from hamcrest import assert_that, has_entries

from balanz_acceptance.actors.session_matchers import energy_between, offers_recorded, recorded_as, timed_as


@when("the driver ends the session at {alias:Alias} by unplugging the EV")
def step_end_by_unplugging(context: Context, alias: str) -> None:
    context.world.end_session(alias, "unplug")


@when("the driver ends the session at {alias:Alias} by presenting tag {tag} again")
def step_end_by_tag(context: Context, alias: str, tag: str) -> None:
    context.world.end_session(alias, "tag", tag)


@then("balanz keeps a record of the session at {alias:Alias}:")
def step_record_kept(context: Context, alias: str) -> None:
    world = context.world
    expected = {row["field"]: row["value"] for row in context.table}
    assert_that(
        expected, has_entries(world.session_site_facts(alias, expected["tag"])), "the feature's record vs data/model"
    )
    assert_that(world.session_record(alias), recorded_as(expected), f"{alias}: balanz's record of the session")


@then("the record at {alias:Alias} starts when the charger started the transaction and ends when it stopped it")
def step_record_timed(context: Context, alias: str) -> None:
    world = context.world
    assert_that(world.session_record(alias), timed_as(world.session_records.ended(alias)), f"{alias}: record times")


@then("the record at {alias:Alias} holds the energy the charger metered")
def step_record_energy(context: Context, alias: str) -> None:
    world = context.world
    low, high = world.session_records.energy_bounds(alias)
    assert_that(world.session_record(alias), energy_between(low, high), f"{alias}: recorded energy vs the meter")


@then("the record at {alias:Alias} holds the offers {offers:Offers} A, as balanz made them during the session")
def step_record_offers(context: Context, alias: str, offers: list[float]) -> None:
    world = context.world
    world.minimum_offer(offers[0])
    assert_that(
        world.session_record(alias),
        offers_recorded(offers, world.session_records.ended(alias)),
        f"{alias}: offers in the record",
    )
