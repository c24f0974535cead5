"""Steps for how one charger's offer changes over time: ramps, caps, drops, withdrawals and suspensions, and what
the charger lets the EV draw against it."""

from behave import given, step, then
from behave.runner import Context

from balanz_acceptance.core.timing import Duration


@step("the offer to {alias:Alias} rises {offers:Offers} A, no faster than one step per offer-increase interval")
def step_offer_ramp(context: Context, alias: str, offers: list[float]) -> None:
    context.world.charger(alias).rises_through(offers)


@then("the offer to {alias:Alias} stays at {amps:g} A for {duration:Duration}")
def step_offer_stays(context: Context, alias: str, amps: float, duration: Duration) -> None:
    context.world.charger(alias).keeps_offer(amps, duration)


@given("the offer to {alias:Alias} has risen to {amps:g} A")
def step_offer_has_risen(context: Context, alias: str, amps: float) -> None:
    context.world.charger(alias).reaches_offer(amps)


@then("within {within:Duration} the offer to {alias:Alias} drops to the minimum of {amps:g} A")
def step_offer_drops(context: Context, within: Duration, alias: str, amps: float) -> None:
    context.world.charger(alias).drops_to_minimum(amps, within)


@then("within {within:Duration} the offer to {alias:Alias} rises to {amps:g} A")
def step_offer_rises_to(context: Context, within: Duration, alias: str, amps: float) -> None:
    context.world.charger(alias).rises_to(amps, within)


@then(
    "the offer to {alias:Alias} is withdrawn once the unused-offer timeout has passed since its last offer, not before"
)
def step_offer_withdrawn(context: Context, alias: str) -> None:
    context.world.charger(alias).withdrawn_after_unused_offer_timeout()


@then("{alias:Alias} is held for the delayed-start suspension, then offered the minimum of {amps:g} A again")
def step_held_then_reoffered(context: Context, alias: str, amps: float) -> None:
    context.world.charger(alias).held_then_reoffered(amps)


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


@then("balanz suspends {alias:Alias} until half the unused-offer timeout before the next full hour")
def step_suspended_until_top_of_hour(context: Context, alias: str) -> None:
    context.world.charger(alias).suspended_until_top_of_hour()


@then("{alias:Alias} gets no offer when the delayed-start suspension has passed, only after the top of the hour")
def step_no_offer_before_top_of_hour(context: Context, alias: str) -> None:
    context.world.charger(alias).held_until_top_of_hour()


@then(
    "within {within:Duration} {alias:Alias} is offered only its limit of {amps:g} A, which its EV cannot use, "
    "for {hold:Duration}"
)
def step_unusable_limit(context: Context, within: Duration, alias: str, amps: float, hold: Duration) -> None:
    context.world.charger(alias).held_at_unusable_limit(amps, within, hold)


@then("balanz's first offer to {alias:Alias} was the minimum of {amps:g} A, above its limit of {limit:g} A")
def step_first_offer_above_limit(context: Context, alias: str, amps: float, limit: float) -> None:
    context.world.charger(alias).first_offer_above_limit(amps, limit)


@then("{alias:Alias} lets an EV draw the minimum of {amps:g} A while balanz offers it nothing, for {duration:Duration}")
def step_charger_allows_unoffered(context: Context, alias: str, amps: float, duration: Duration) -> None:
    context.world.charger(alias).allows_unoffered(amps, duration)


@then("the idle charger {alias:Alias} lets no EV draw")
def step_allows_nothing(context: Context, alias: str) -> None:
    context.world.chargers.played_role(alias).allows_nothing()


@then("connector {connector:d} of the idle charger {alias:Alias} lets no EV draw")
def step_connector_allows_nothing(context: Context, connector: int, alias: str) -> None:
    context.world.chargers.played_role(alias).allows_nothing(connector)


@then(
    "balanz offers {alias:Alias} the minimum of {amps:g} A by clearing its blocking profile, and the EV starts "
    "charging in a transaction"
)
def step_unblocked_charging(context: Context, alias: str, amps: float) -> None:
    context.world.chargers.played_role(alias).offered_by_unblocking(amps, ev_draws=True)


@then(
    "balanz offers {alias:Alias} the minimum of {amps:g} A by clearing its blocking profile, while the EV stays "
    "suspended with no transaction"
)
def step_unblocked_suspended(context: Context, alias: str, amps: float) -> None:
    context.world.chargers.played_role(alias).offered_by_unblocking(amps, ev_draws=False)


@then(
    "balanz shows the session at connector {connector:d} of {alias:Alias} SuspendedEVSE with 0 A for "
    "{duration:Duration}, while the charger rejects every TxProfile balanz sends it for transaction {named:d}"
)
def step_starved(context: Context, connector: int, alias: str, duration: Duration, named: int) -> None:
    context.world.chargers.played_role(alias).starved(connector, duration, named)


@then("the EV at {alias:Alias} draws {amps:g} A, the charger's limit, while balanz offers it {offered:g} A")
def step_ev_draws_while_offered(context: Context, alias: str, amps: float, offered: float) -> None:
    context.world.charger(alias).draws_as_allowed(amps, offered)


@step("balanz's offer to {alias:Alias} and the charger's limit stay at {amps:g} A for {duration:Duration}")
def step_charger_keeps_offer(context: Context, alias: str, amps: float, duration: Duration) -> None:
    context.world.charger(alias).keeps_offer_and_limit(amps, duration)


@then("within {within:Duration} balanz closes the session at {alias:Alias}")
def step_balanz_closes_session(context: Context, within: Duration, alias: str) -> None:
    context.world.charger(alias).closed_by_balanz(within)


@then(
    "balanz closes the session at {alias:Alias} once the transaction timeout has passed since it last heard "
    "from the charger, not before"
)
def step_silent_session_closed(context: Context, alias: str) -> None:
    context.world.charger(alias).closed_after_transaction_timeout()


@then("balanz goes on balancing: within {within:Duration} the offer to {alias:Alias} rises")
def step_offer_rises_after_noted(context: Context, within: Duration, alias: str) -> None:
    context.world.bystanders.offer_rises(alias, within)
