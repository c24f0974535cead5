"""Steps about tags: who may charge, and operators changing tags."""

from behave import given, then, when
from behave.runner import Context


@when("the driver tries the {kind} tag {tag} at {alias:Alias}")
def step_try_tag(context: Context, kind: str, tag: str, alias: str) -> None:
    context.world.check_tag_kind(tag, kind)
    context.world.charger(alias).try_tag(tag)


@when("the driver presents tag {tag} at {alias:Alias} again")
def step_present_tag_again(context: Context, tag: str, alias: str) -> None:
    context.world.charger(alias).present_tag_again(tag)


@then("the tag is refused as {status} at {alias:Alias}")
@then("the tag is refused at {alias:Alias} as {status}")
def step_tag_refused(context: Context, alias: str, status: str) -> None:
    context.world.charger(alias).tag_refused_as(status)


@then("the tag is accepted at {alias:Alias}")
def step_tag_accepted(context: Context, alias: str) -> None:
    context.world.charger(alias).tag_accepted()


@then("{alias:Alias} stays Available with no session for {count:g} {interval:Interval}")
def step_stays_idle(context: Context, alias: str, count: float, interval: str) -> None:
    world = context.world
    world.charger(alias).stays_without_session(count * world.profile.interval(interval))


@then("balanz records the session at {alias:Alias} for user {user}")
def step_session_user(context: Context, alias: str, user: str) -> None:
    context.world.charger(alias).session_user_is(user)


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
