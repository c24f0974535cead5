"""Steps of storms: the site's chargers played by the harness, a storm made from a seed or played event by event,
and the invariants after it (balanz_acceptance/actors/storm.py)."""

from behave import given, then, when
from behave.runner import Context

from balanz_acceptance.core.timing import Duration


@given("the chargers of {group_id:w} are real chargers the harness plays")
def step_group_played(context: Context, group_id: str) -> None:
    context.world.storm.play_chargers(group_id, f"the chargers of {group_id} are real chargers the harness plays")


@given("the site of {count:d} chargers in {groups}, every charger a real charger the harness plays")
def step_site_played(context: Context, count: int, groups: str) -> None:
    words = f"the site of {count} chargers in {groups}, every charger a real charger the harness plays"
    context.world.storm.play_chargers(None, words)


@when("a storm from seed {seed:d} of {events:d} events blows over the site for {duration:Duration}")
def step_storm(context: Context, seed: int, events: int, duration: Duration) -> None:
    context.world.storm.blow(seed, events, duration)


@when(
    "a storm of drivers and EVs only, from seed {seed:d} of {events:d} events, blows over the site for "
    "{duration:Duration}"
)
def step_drivers_storm(context: Context, seed: int, events: int, duration: Duration) -> None:
    context.world.storm.blow(seed, events, duration, drivers_only=True)


@when("at tick {tick:d}, {event}")
def step_storm_event(context: Context, tick: int, event: str) -> None:
    context.world.storm.play_step(f"at tick {tick}, {event}")


@then(
    "once the storm has calmed, within {duration:Duration} every session that could grow grows, reaches its limit "
    "or finds its bucket or group full"
)
def step_grows_once_calm(context: Context, duration: Duration) -> None:
    context.world.storm.grows_once_calm(duration)


@then("no session is offered less than the minimum but by a named rule")
def step_none_below_minimum(context: Context) -> None:
    context.world.storm.none_below_minimum()


@then("no charger outside a session holds an offer")
def step_no_offer_outside(context: Context) -> None:
    context.world.storm.no_offer_outside_sessions()


@then("every ended session is recorded exactly once with its tag, its user and its energy")
def step_recorded_once(context: Context) -> None:
    context.world.storm.recorded_once()


@then("no group was above its maximum")
def step_watch_clean(context: Context) -> None:
    context.world.storm.watch_clean()


@then("every accepted arrival was allowed the minimum within {duration:Duration}")
def step_reacted(context: Context, duration: Duration) -> None:
    context.world.storm.reacted_within(duration)


@then("balanz lists one record for the two sessions at {alias} that began in the same second")
def step_share_one_record(context: Context, alias: str) -> None:
    context.world.storm.share_one_record(alias)
