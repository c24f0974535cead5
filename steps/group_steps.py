"""Steps about several chargers at once: settled offers, priorities, shares and the group safety watch."""

from behave import step, then
from behave.runner import Context
from hamcrest import (
    assert_that,
    equal_to,
    is_not,
    less_than,
    less_than_or_equal_to,
)

from balanz_acceptance.checks.matchers import charger_state, offers_are, one_offered_rest_zero
from balanz_acceptance.core.waiting import eventually, holds_for


def _table_offers(context: Context) -> dict[str, float]:
    return {row["charger"]: float(row["offer"]) for row in context.table}


def _show_offers(views: dict) -> str:
    return ", ".join(f"{alias} {view.offered:g}" for alias, view in sorted(views.items()))


@step("within {count:g} {interval:Interval} the offers settle at:")
def step_offers_settle(context: Context, count: float, interval: str) -> None:
    world = context.world
    expected = _table_offers(context)
    eventually(
        lambda: world.views(list(expected)),
        offers_are(expected),
        within=world.profile.deadline(count, interval),
        reason="offers as balanz shows them",
        show=_show_offers,
    )
    for alias, amps in expected.items():
        if alias in world.silenced:  # a silent charger cannot tell what it enforces
            continue
        world.charger(alias).await_sim(
            charger_state(offer=amps), within=world.profile.prompt, reason="the charger enforces balanz's offer"
        )


@then("the offers stay for {count:g} {interval:Interval} at:")
def step_offers_stay(context: Context, count: float, interval: str) -> None:
    world = context.world
    expected = _table_offers(context)
    holds_for(
        lambda: world.views(list(expected)),
        offers_are(expected),
        duration=count * world.profile.interval(interval),
        reason="offers as balanz shows them",
        show=_show_offers,
    )


@then("balanz shows these session priorities:")
def step_priorities(context: Context) -> None:
    views = context.world.views([row["charger"] for row in context.table])
    for row in context.table:
        assert_that(views[row["charger"]].priority, equal_to(int(row["priority"])), f"priority of {row['charger']}")


@then("balanz shows an EV limit of {amps:g} A at {alias:Alias}")
def step_ev_limit_shown(context: Context, amps: float, alias: str) -> None:
    view = context.world.charger(alias).view()
    assert_that(view.ev_max_usage, equal_to(amps), f"{alias}: the EV limit balanz fixed for the session")


@then("within {count:g} {interval:Interval} the offer to {alias:Alias} rises to {amps:g} A")
def step_offer_rises_to(context: Context, count: float, interval: str, alias: str, amps: float) -> None:
    profile = context.world.profile
    context.world.charger(alias).await_offer(
        amps, within=profile.deadline(count, interval), reason=f"the offer rises to {amps:g} A"
    )


@then(
    "the sessions at {first:Alias} and {second:Alias} share {total:g} A: one is offered {amps:g} A, "
    "the other 0 A in its transaction"
)
def step_share(context: Context, first: str, second: str, total: float, amps: float) -> None:
    world = context.world
    assert_that(amps, equal_to(total), "the feature's share: one session gets it all")
    eventually(
        lambda: world.views([first, second]),
        one_offered_rest_zero(amps),
        within=world.profile.reaction,
        reason=f"{first} and {second} share {total:g} A",
        show=lambda vs: ", ".join(f"{a} {v}" for a, v in sorted(vs.items())),
    )


@then("{alias:Alias}, which had charged more, gave way first")
def step_gave_way_first(context: Context, alias: str) -> None:
    world = context.world
    charger = world.charger(alias)
    group_id = charger.charger.group_id
    peers = [a for a in world.stack.sims if a != alias and world.site.charger(a).priority == charger.charger.priority]
    watch = world.watch(group_id)
    views = world.views([alias, *peers])
    first_zero = {a: next((p.timestamp for p in v.offer_changes if p.offered == 0), None) for a, v in views.items()}
    squeezed_at = first_zero[alias]
    assert squeezed_at is not None, f"{alias} was never cut to 0 A: {views[alias]}"
    for peer in peers:
        if first_zero[peer] is not None:
            assert_that(first_zero[peer], is_not(less_than(squeezed_at)), f"{peer} gave way before {alias}")
    sample = watch.sample_before(squeezed_at)
    assert sample is not None, "the group watch has no sample before the squeeze"
    for peer in peers:
        assert_that(
            sample.sim_energy[peer],
            less_than_or_equal_to(sample.sim_energy[alias]),
            f"premise: energy (Wh) of {peer} vs {alias} when {alias} gave way",
        )


@then("the group safety watch sees {group} exceed its maximum of {amps:g} A by the minimum offer of {over:g} A")
def step_watch_sees_minimum_excursion(context: Context, group: str, amps: float, over: float) -> None:
    context.world.minimum_offer(over)
    step_watch_sees_excursion(context, group, amps, over)


@then("the group safety watch sees {group} exceed its maximum of {amps:g} A by {over:g} A")
def step_watch_sees_excursion(context: Context, group: str, amps: float, over: float) -> None:
    world = context.world
    context.world.watch(group).acknowledge(world.await_excursion(group, amps, over, within=world.profile.prompt))


@then("within {count:g} {interval:Interval} the offers to group {group} are back within {amps:g} A")
def step_back_within(context: Context, count: float, interval: str, group: str, amps: float) -> None:
    world = context.world
    eventually(
        lambda: sum(v.offered for v in world.api.group_connectors(group)),
        less_than_or_equal_to(amps),
        within=world.profile.deadline(count, interval),
        reason=f"total offers of group {group}",
    )
