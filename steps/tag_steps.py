"""Steps about tags: who may charge, and operators changing tags."""

from behave import given, then, when
from behave.runner import Context
from hamcrest import assert_that, contains_exactly, equal_to, starts_with

from balanz_acceptance.checks.matchers import charger_state
from balanz_acceptance.core.waiting import holds_for


@when("the driver tries the {kind} tag {tag} at {alias:Alias}")
def step_try_tag(context: Context, kind: str, tag: str, alias: str) -> None:
    context.world.check_tag_kind(tag, kind)
    context.world.charger(alias).try_tag(tag)


@when("the driver presents tag {tag} at {alias:Alias} again")
def step_present_tag_again(context: Context, tag: str, alias: str) -> None:
    reply = context.world.charger(alias).act(f"tag {tag}")
    assert_that(reply, starts_with("Ok, stopping transaction"), f"{alias}: tag {tag} presented during its session")


@then("the tag is refused as {status} at {alias:Alias}")
@then("the tag is refused at {alias:Alias} as {status}")
def step_tag_refused(context: Context, alias: str, status: str) -> None:
    reply = context.world.charger(alias).last_tag_reply
    assert_that(reply, equal_to(f"Tag not accepted. Error: {status}"), f"{alias}: what the charger shows the driver")


@then("the tag is accepted at {alias:Alias}")
def step_tag_accepted(context: Context, alias: str) -> None:
    reply = context.world.charger(alias).last_tag_reply
    assert_that(reply, starts_with("Tag Accepted"), f"{alias}: what the charger shows the driver")


@then("{alias:Alias} stays Available with no session for {count:g} {interval:Interval}")
def step_stays_idle(context: Context, alias: str, count: float, interval: str) -> None:
    world = context.world
    charger = world.charger(alias)
    idle = charger_state(status=("Available", "Preparing"), offer=0, in_transaction=False)
    holds_for(
        lambda: (charger.sim_status(), charger.view()),
        contains_exactly(idle, idle),
        duration=count * world.profile.interval(interval),
        reason=f"{alias} starts no session",
        show=lambda pair: f"charger: {pair[0]}; balanz: {pair[1]}",
    )


@then("balanz records the session at {alias:Alias} for user {user}")
def step_session_user(context: Context, alias: str, user: str) -> None:
    view = context.world.charger(alias).view()
    assert_that(view.user_name, equal_to(user), f"{alias}: the user balanz records for the session ({view})")


@given("the operator creates the new active tag {tag} for {user}")
def step_create_tag(context: Context, tag: str, user: str) -> None:
    context.world.operator.create_tag(tag, user, status="Activated")


@given("the operator blocks tag {tag}")
def step_block_tag(context: Context, tag: str) -> None:
    context.world.operator.update_tag(context.world.site.tag(tag).id_tag, status="Blocked")


@given("the operator activates tag {tag}")
def step_activate_tag(context: Context, tag: str) -> None:
    context.world.operator.update_tag(context.world.site.tag(tag).id_tag, status="Activated")


@given("the operator deletes tag {tag}")
def step_delete_tag(context: Context, tag: str) -> None:
    context.world.operator.delete_tag(context.world.site.tag(tag).id_tag)


@given("the operator gives tag {tag} priority {priority:d}")
def step_tag_priority(context: Context, tag: str, priority: int) -> None:
    context.world.operator.update_tag(context.world.site.tag(tag).id_tag, priority=priority)
