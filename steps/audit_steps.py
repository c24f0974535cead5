"""Steps about balanz's audit log (actors/audit_trail.py) and the sessions and authorizations it records."""

from behave import given, then, when
from behave.runner import Context


@given("{alias:Alias} has started a transaction for tag {tag} with the meter at {wh:d} Wh")
@when("{alias:Alias} starts a transaction for tag {tag} with the meter at {wh:d} Wh")
def step_start_with_meter(context: Context, alias: str, tag: str, wh: int) -> None:
    context.world.surface.charger(alias).start_transaction(context.world.site.tag(tag).id_tag, meter_start=wh)


@when("{alias:Alias} stops its transaction with the meter at {wh:d} Wh, for tag {tag}, reason {reason}")
def step_stop_with_meter(context: Context, alias: str, wh: int, tag: str, reason: str) -> None:
    context.world.surface.charger(alias).stop_transaction(
        meter_stop=wh, id_tag=context.world.site.tag(tag).id_tag, reason=reason
    )


@when("{alias:Alias} asks balanz to authorize tag {tag}")
def step_authorize(context: Context, alias: str, tag: str) -> None:
    context.world.surface.charger(alias).authorize(context.world.site.tag(tag).id_tag)


@when("{alias:Alias} asks balanz to authorize the unknown tag {tag}")
def step_authorize_unknown(context: Context, alias: str, tag: str) -> None:
    context.world.surface.charger(alias).authorize(context.world.site.tag_of_kind(tag, "unknown"))


@then(
    "balanz's audit log has these entries of the session at {alias:Alias}, written during the scenario, in this order:"
)
def step_session_entries(context: Context, alias: str) -> None:
    context.world.surface.await_session_entries(alias, [row["entry"] for row in context.table])


@given("the operator has created the new tag {tag} for {user}, giving no status")
@when("the operator creates the new tag {tag} for {user}, giving no status")
def step_create_tag_without_status(context: Context, tag: str, user: str) -> None:
    context.world.surface.create_tag_without_status(tag, user)


@when("balanz is restarted, the audit entries it lists noted just before")
def step_restart_noting_audit(context: Context) -> None:
    context.world.surface.restart_noting_audit()


@then("balanz lists the audit entries written before the restart again, with their levels and times")
def step_audit_listed_again(context: Context) -> None:
    context.world.surface.audit.listed_again()
