"""Steps about what balanz shows of its data: its lists of chargers and groups (GetChargers, GetGroups)."""

from behave import then
from behave.runner import Context


@then("balanz lists the charger {name} in group {group}")
def step_balanz_lists_charger(context: Context, name: str, group: str) -> None:
    context.world.records.shows("chargers", name, "group_id", group)


@then("balanz does not list the charger {name}")
def step_balanz_lacks_charger(context: Context, name: str) -> None:
    context.world.records.does_not_show("chargers", name)


@then('balanz shows the maximum of group {group} as "{schedule}"')
def step_group_maximum_shown(context: Context, group: str, schedule: str) -> None:
    context.world.records.shows("groups", group, "max_allocation", schedule)


@then("balanz shows charger {name} with priority {priority:d}")
def step_charger_priority_shown(context: Context, name: str, priority: int) -> None:
    context.world.records.shows("chargers", name, "priority", priority)


@then("balanz lists charger {charger_id} in group {group}, which has no maximum")
def step_listed_in_group(context: Context, charger_id: str, group: str) -> None:
    context.world.charger_access.listed_in_group_without_maximum(charger_id, group)
