"""Steps about several chargers at once: settled and reached offers, priorities, shares, a time-of-day window's
boundaries, balancing that fails, the group safety watch, and what chargers the harness plays enforced.

"settle at" means held: the offers must be reached within the deadline and then hold for one full
balancing run. "reach" is a checkpoint balanz passes through (a later rule changes it on purpose).
"""

from _types import offers_table, priorities_table
from behave import step, then
from behave.runner import Context

from balanz_acceptance.core.timing import Duration


@step("within {within:Duration} the offers settle at:")
def step_offers_settle(context: Context, within: Duration) -> None:
    context.world.balancing.settle_within(offers_table(context.table), within)


@step("within {within:Duration}, while {alias:Alias}'s session is still open, the offers settle at:")
def step_offers_settle_while_open(context: Context, within: Duration, alias: str) -> None:
    context.world.balancing.settle_while_open(offers_table(context.table), alias, within)


@step("within {within:Duration} the offers reach:")
def step_offers_reach(context: Context, within: Duration) -> None:
    context.world.balancing.reach_within(offers_table(context.table), within)


@then("the offers stay for {duration:Duration} at:")
def step_offers_stay(context: Context, duration: Duration) -> None:
    context.world.balancing.stay_for(offers_table(context.table), duration)


@then("balanz shows these session priorities:")
def step_priorities(context: Context) -> None:
    context.world.balancing.priorities_are(priorities_table(context.table))


@then(
    "the sessions at {first:Alias} and {second:Alias} share {total:g} A: one is offered {amps:g} A, "
    "the other 0 A in its transaction"
)
def step_share(context: Context, first: str, second: str, total: float, amps: float) -> None:
    context.world.balancing.share([first, second], total, amps)


@then("the {amps:g} A moves between {first:Alias} and {second:Alias} at least {times:d} times within {within:Duration}")
def step_take_turns(context: Context, amps: float, first: str, second: str, times: int, within: Duration) -> None:
    context.world.balancing.take_turns([first, second], amps, times, within)


@then("{alias:Alias}, which had charged more, gave way first")
def step_gave_way_first(context: Context, alias: str) -> None:
    context.world.balancing.gave_way_first(alias)


@then("within {within:Duration} the offers to group {group} are back within {amps:g} A")
def step_back_within(context: Context, within: Duration, group: str, amps: float) -> None:
    context.world.balancing.back_within(group, amps, within)


@then("balanz stops balancing: its balancing run fails at each of the next {runs:d} full balancing runs")
def step_balancing_fails(context: Context, runs: int) -> None:
    context.world.balancing.fails_for(runs)


@then("until that minute begins the offers stay at:")
def step_until_window_starts(context: Context) -> None:
    context.world.balancing.stay_until(offers_table(context.table), "starts")


@then("within {within:Duration} of that minute's start the offers settle, and hold for {hold:Duration}, at:")
def step_settle_after_window_start(context: Context, within: Duration, hold: Duration) -> None:
    context.world.balancing.settle_after(offers_table(context.table), "starts", within, hold)


@then("until the window ends the offers stay at:")
def step_until_window_ends(context: Context) -> None:
    context.world.balancing.stay_until(offers_table(context.table), "ends")


@then(
    "from the window's end the offers grow again, no faster than one step per offer-increase interval, "
    "and within {within:Duration} settle, and hold for {hold:Duration}, at:"
)
def step_grow_after_window(context: Context, within: Duration, hold: Duration) -> None:
    context.world.balancing.grow_after_window(offers_table(context.table), within, hold)


@then("the group safety watch sees {group} exceed its maximum of {amps:g} A by the minimum offer of {over:g} A")
def step_watch_sees_minimum_excursion(context: Context, group: str, amps: float, over: float) -> None:
    context.world.watches.excursion(group, amps, over, minimum=True)


@then("the group safety watch sees {group} exceed its maximum of {amps:g} A by {over:g} A")
def step_watch_sees_excursion(context: Context, group: str, amps: float, over: float) -> None:
    context.world.watches.excursion(group, amps, over)


@then(
    "the group safety watch sees balanz give the session at {alias:Alias} priority {shown:d} where the site's data "
    "give {expected:d}"
)
def step_watch_sees_priority_mismatch(context: Context, alias: str, shown: int, expected: int) -> None:
    context.world.watches.priority_mismatch(alias, shown, expected)


# --- what chargers the harness plays enforced, from their own records ---------------------------------------------
@then(
    "each increase balanz made at {raised:Alias} in the same run as a cut at {cut:Alias} reached it only once the "
    "cut had been accepted and the wait after a reduction had passed, at least {count:d} times"
)
def step_cut_first(context: Context, raised: str, cut: str, count: int) -> None:
    context.world.balancing.cut_before_raise(cut, raised, count)


@then("what the chargers {first:Alias} and {second:Alias} allowed never took {group} above its maximum or a cap")
def step_chargers_within_maximum(context: Context, first: str, second: str, group: str) -> None:
    context.world.balancing.chargers_within_maximum(group, [first, second])
