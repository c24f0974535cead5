"""Steps for how one charger's offer changes over time: ramps, caps, drops, withdrawals and suspensions."""

from behave import given, then
from behave.runner import Context


@then("the offer to {alias:Alias} rises {offers:Offers} A, no faster than one step per offer-increase interval")
def step_offer_ramp(context: Context, alias: str, offers: list[float]) -> None:
    context.world.charger(alias).rises_through(offers)


@then("the offer to {alias:Alias} stays at {amps:g} A for {count:g} {interval:Interval}")
def step_offer_stays(context: Context, alias: str, amps: float, count: float, interval: str) -> None:
    context.world.charger(alias).keeps_offer(amps, count * context.world.profile.interval(interval))


@given("the offer to {alias:Alias} has risen to {amps:g} A")
def step_offer_has_risen(context: Context, alias: str, amps: float) -> None:
    context.world.charger(alias).reaches_offer(amps)


@then("within {count:g} {interval:Interval} the offer to {alias:Alias} drops to the minimum of {amps:g} A")
def step_offer_drops(context: Context, count: float, interval: str, alias: str, amps: float) -> None:
    world = context.world
    world.charger(alias).await_offer(
        world.minimum_offer(amps),
        within=world.profile.deadline(count, interval),
        reason=f"the offer drops to {amps:g} A",
    )


@then("within {count:g} {interval:Interval} the offer to {alias:Alias} rises to {amps:g} A")
def step_offer_rises_to(context: Context, count: float, interval: str, alias: str, amps: float) -> None:
    world = context.world
    world.charger(alias).await_offer(
        amps, within=world.profile.deadline(count, interval), reason=f"the offer rises to {amps:g} A"
    )


@then(
    "the offer to {alias:Alias} is withdrawn once the unused-offer timeout has passed since its last offer, not before"
)
def step_offer_withdrawn(context: Context, alias: str) -> None:
    context.world.charger(alias).withdrawn_after_unused_offer_timeout()


@then("{alias:Alias} is held for the delayed-start suspension, then offered the minimum of {amps:g} A again")
def step_held_then_reoffered(context: Context, alias: str, amps: float) -> None:
    context.world.charger(alias).held_then_reoffered(context.world.minimum_offer(amps))


@then("{alias:Alias} is held for the long suspension")
def step_held_long(context: Context, alias: str) -> None:
    context.world.charger(alias).held_for_long_suspension()


@then(
    "the offer to {alias:Alias} goes {offers:Offers} A, the last change once the usage-monitoring interval has passed"
)
def step_offer_ramp_then_limit(context: Context, alias: str, offers: list[float]) -> None:
    context.world.charger(alias).cut_to_ev_limit(offers)


@then("balanz shows an EV limit of {amps:g} A at {alias:Alias}")
def step_ev_limit_shown(context: Context, amps: float, alias: str) -> None:
    context.world.charger(alias).shows_ev_limit(amps)
