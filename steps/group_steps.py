"""Steps about several chargers at once: settled and reached offers, priorities, shares, the safety watch.

"settle at" means held: the offers must be reached within the deadline and then hold for one full
balancing run. "reach" is a checkpoint balanz may pass through (a later rule changes it on purpose).
"""

from behave import step, then
from behave.runner import Context

from balanz_acceptance.actors.balancing import offers_table


@step("within {count:g} {interval:Interval} the offers settle at:")
def step_offers_settle(context: Context, count: float, interval: str) -> None:
    world = context.world
    world.balancing.settle(offers_table(context.table), within=world.profile.deadline(count, interval))


@step("within {count:g} {interval:Interval} the offers reach:")
def step_offers_reach(context: Context, count: float, interval: str) -> None:
    world = context.world
    world.balancing.reach(offers_table(context.table), within=world.profile.deadline(count, interval))


@then("the offers stay for {count:g} {interval:Interval} at:")
def step_offers_stay(context: Context, count: float, interval: str) -> None:
    world = context.world
    world.balancing.stay(offers_table(context.table), count * world.profile.interval(interval))


@then("balanz shows these session priorities:")
def step_priorities(context: Context) -> None:
    context.world.balancing.priorities_are({row["charger"]: int(row["priority"]) for row in context.table})


@then(
    "the sessions at {first:Alias} and {second:Alias} share {total:g} A: one is offered {amps:g} A, "
    "the other 0 A in its transaction"
)
def step_share(context: Context, first: str, second: str, total: float, amps: float) -> None:
    context.world.balancing.share([first, second], total, amps)


@then(
    "the {amps:g} A moves between {first:Alias} and {second:Alias} at least {times:d} times "
    "within {count:g} {interval:Interval}"
)
def step_take_turns(
    context: Context, amps: float, first: str, second: str, times: int, count: float, interval: str
) -> None:
    world = context.world
    world.balancing.take_turns([first, second], amps, times, count * world.profile.interval(interval))


@then("{alias:Alias}, which had charged more, gave way first")
def step_gave_way_first(context: Context, alias: str) -> None:
    context.world.gave_way_first(alias)


@then("the group safety watch sees {group} exceed its maximum of {amps:g} A by the minimum offer of {over:g} A")
def step_watch_sees_minimum_excursion(context: Context, group: str, amps: float, over: float) -> None:
    world = context.world
    world.acknowledge_excursion(group, amps, world.minimum_offer(over))


@then("the group safety watch sees {group} exceed its maximum of {amps:g} A by {over:g} A")
def step_watch_sees_excursion(context: Context, group: str, amps: float, over: float) -> None:
    context.world.acknowledge_excursion(group, amps, over)


@then("within {count:g} {interval:Interval} the offers to group {group} are back within {amps:g} A")
def step_back_within(context: Context, count: float, interval: str, group: str, amps: float) -> None:
    world = context.world
    world.group_back_within(group, amps, within=world.profile.deadline(count, interval))
