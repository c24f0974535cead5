"""Steps for an operator steering balanz through its API."""

from behave import when
from behave.runner import Context


@when("the operator raises the priority of the session at {alias:Alias} to {priority:d}")
def step_raise_priority(context: Context, alias: str, priority: int) -> None:
    context.world.operator.set_session_priority(alias, priority)


@when("the operator suspends balancing for group {group}")
def step_suspend_group(context: Context, group: str) -> None:
    context.world.operator.suspend_group(group, True)


@when("the operator resumes balancing for group {group}")
def step_resume_group(context: Context, group: str) -> None:
    context.world.operator.suspend_group(group, False)


@when('the operator sets the maximum of group {group} to "{schedule}"')
def step_set_group_maximum(context: Context, group: str, schedule: str) -> None:
    context.world.operator.set_group_maximum(group, schedule)
