"""Steps for how offers change over time: ramps, caps, drops and withdrawals."""

from behave import given, then
from behave.runner import Context
from hamcrest import assert_that, close_to, greater_than, greater_than_or_equal_to

from balanz_acceptance.checks.matchers import charger_state, increases_paced_at_least, offers_were
from balanz_acceptance.core.waiting import holds_for


@then("the offer to {alias:Alias} rises {offers:Offers} A, no faster than one step per offer-increase interval")
def step_offer_ramp(context: Context, alias: str, offers: list[float]) -> None:
    world, profile = context.world, context.world.profile
    charger = world.charger(alias)
    steps = len(offers) - 1
    charger.await_offer(
        offers[-1],
        within=profile.deadline(steps, "offer-increase intervals"),
        reason=f"the offer reaches {offers[-1]:g} A",
    )
    view = charger.view()
    assert_that(view, offers_were(offers), f"{alias}: the offers balanz made in this session")
    assert_that(
        view.offer_changes,
        increases_paced_at_least(profile.min_offer_increase_interval),
        f"{alias}: pace of the offer increases",
    )
    assert_that(
        charger.sim_status(), charger_state(status="Charging", offer=offers[-1]), f"{alias} as the simulator reports it"
    )


@then("the offer to {alias:Alias} stays at {amps:g} A for {count:g} {interval:Interval}")
def step_offer_stays(context: Context, alias: str, amps: float, count: float, interval: str) -> None:
    world = context.world
    charger = world.charger(alias)
    holds_for(
        charger.view,
        charger_state(offer=amps),
        duration=count * world.profile.interval(interval),
        reason=f"{alias} keeps its offer",
    )


@given("the offer to {alias:Alias} has risen to {amps:g} A")
def step_offer_has_risen(context: Context, alias: str, amps: float) -> None:
    profile = context.world.profile
    steps = max(1, round((amps - profile.min_allocation) / profile.max_offer_increase))
    context.world.charger(alias).await_offer(
        amps, within=profile.deadline(steps, "offer-increase intervals"), reason=f"the offer reaches {amps:g} A"
    )


@then("within {count:g} {interval:Interval} the offer to {alias:Alias} drops to the minimum of {amps:g} A")
def step_offer_drops(context: Context, count: float, interval: str, alias: str, amps: float) -> None:
    profile = context.world.profile
    context.world.minimum_offer(amps)
    context.world.charger(alias).await_offer(
        amps, within=profile.deadline(count, interval), reason=f"the offer drops to {amps:g} A"
    )


@then(
    "the offer to {alias:Alias} is withdrawn once the unused-offer timeout has passed since its last offer, not before"
)
def step_offer_withdrawn(context: Context, alias: str) -> None:
    profile = context.world.profile
    charger = context.world.charger(alias)
    offered_at = charger.offer_made_at
    assert offered_at is not None, f"no offer to {alias} was observed before this step"
    view = charger.await_offer(
        0, within=profile.deadline(1, "unused-offer timeout"), reason="the unused offer is withdrawn"
    )
    tolerance = 0.0 if view.in_transaction else charger.timing_tolerance
    assert charger.withdrawn_at is not None
    assert_that(
        charger.withdrawn_at - offered_at,
        greater_than_or_equal_to(profile.unused_offer_timeout - tolerance),
        f"{alias}: seconds from the last offer to its withdrawal (unused-offer timeout "
        f"{profile.unused_offer_timeout:g}s)",
    )


@then("{alias:Alias} is held for the delayed-start suspension, then offered the minimum of {amps:g} A again")
def step_held_then_reoffered(context: Context, alias: str, amps: float) -> None:
    profile = context.world.profile
    charger = context.world.charger(alias)
    until = _assert_held_for(charger, profile.delayed_start_suspension, "delayed-start suspension")
    charger.await_offer(
        amps,
        within=profile.deadline(1, "delayed-start suspension"),
        reason="the minimum is offered again after the suspension",
    )
    assert charger.offer_made_at is not None
    assert_that(
        charger.offer_made_at,
        greater_than(until - charger.timing_tolerance),
        f"{alias}: the new offer comes after the suspension ends",
    )


@then("{alias:Alias} is held for the long suspension")
def step_held_long(context: Context, alias: str) -> None:
    _assert_held_for(context.world.charger(alias), context.world.profile.long_suspension, "long suspension")


def _assert_held_for(charger, seconds: float, name: str) -> float:  # noqa: ANN001
    """Assert balanz suspends the charger for ``seconds`` from the withdrawal; return the end (epoch s)."""
    view = charger.view()
    assert charger.withdrawn_at is not None, f"no withdrawal at {charger.alias} was observed before this step"
    assert view.suspend_until is not None, f"{charger.alias}: balanz shows no suspension ({view})"
    assert_that(
        view.suspend_until - charger.withdrawn_at,
        close_to(seconds, charger.timing_tolerance + 1.0),
        f"{charger.alias}: seconds from the withdrawal to the end of the suspension ({name})",
    )
    return float(view.suspend_until)


@then(
    "the offer to {alias:Alias} goes {offers:Offers} A, the last change once the usage-monitoring interval has passed"
)
def step_offer_ramp_then_limit(context: Context, alias: str, offers: list[float]) -> None:
    profile = context.world.profile
    charger = context.world.charger(alias)
    increases = len(offers) - 2
    view = charger.await_offer(
        offers[-1],
        within=profile.deadline(increases, "offer-increase intervals")
        + profile.deadline(1, "usage-monitoring interval"),
        reason=f"the offer settles at the EV's limit of {offers[-1]:g} A",
    )
    assert_that(view, offers_were(offers), f"{alias}: the offers balanz made in this session")
    changes = view.offer_changes
    assert_that(
        changes[:-1], increases_paced_at_least(profile.min_offer_increase_interval), f"{alias}: pace of the increases"
    )
    peak, cut = changes[-2], changes[-1]
    assert_that(
        cut.timestamp - peak.timestamp,
        greater_than(profile.usage_monitoring_interval),
        f"{alias}: seconds from the {peak.offered:g} A offer to the cut to the EV's limit",
    )
