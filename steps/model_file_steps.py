"""Steps about what balanz writes into its model files and its session file (actors/model_files.py)."""

from behave import given, then, when
from behave.runner import Context


@then("balanz lists the new tag {tag} as {status}")
def step_lists_new_tag(context: Context, tag: str, status: str) -> None:
    context.world.surface.lists_tag(tag.upper(), status)


@then("balanz's tags file lists the new tag {tag} as {status}")
def step_tags_file_new_tag(context: Context, tag: str, status: str) -> None:
    context.world.records.file_lists("tags", tag.upper(), "status", status)


@then("balanz's tags file does not list tag {tag}")
def step_tags_file_lacks(context: Context, tag: str) -> None:
    context.world.records.file_lacks("tags", context.world.site.tag(tag).id_tag)


@then("balanz's tags file holds exactly the tags balanz lists, one row each")
def step_tags_file_is_listing(context: Context) -> None:
    context.world.surface.tags_file_is_listing()


@when("{alias:Alias} asks balanz to authorize the new tag {tag}")
def step_authorize_new(context: Context, alias: str, tag: str) -> None:
    context.world.surface.charger(alias).authorize(tag)


@then('balanz\'s groups file lists group {group} with the maximum "{schedule}"')
def step_groups_file_maximum(context: Context, group: str, schedule: str) -> None:
    context.world.records.file_lists("groups", group, "max_allocation", schedule)


@then("balanz's groups file lists every group but {group} as data/model has it")
def step_groups_file_others(context: Context, group: str) -> None:
    context.world.surface.groups_file_keeps_others(group)


@when("the unknown charger {alias:Alias} connects, played by the scenario message by message")
def step_unknown_charger_connects(context: Context, alias: str) -> None:
    context.world.surface.play(alias)


@given("the unknown charger {alias:Alias} has connected and booted, played by the scenario message by message")
def step_unknown_charger_booted(context: Context, alias: str) -> None:
    context.world.surface.play_booted(alias)


@then(
    "balanz has registered {alias:Alias} in group {group}, with priority {priority:d} and the default limit of "
    "{amps:g} A"
)
def step_lists_registered(context: Context, alias: str, group: str, priority: int, amps: float) -> None:
    s = context.world.surface
    s.lists_charger(alias, group_id=group, priority=priority, conn_max=s.default_limit(amps))


@when("the operator creates the charger {charger_id} named {name} in group {group} with priority 1 and no limit")
def step_create_without_limit(context: Context, charger_id: str, name: str, group: str) -> None:
    context.world.surface.create_charger_without_limit(charger_id, name, group)


@then("balanz lists the charger {charger_id} with the default limit of {amps:g} A")
def step_lists_default_limit(context: Context, charger_id: str, amps: float) -> None:
    s = context.world.surface
    s.lists_charger(charger_id, conn_max=s.default_limit(amps))


@given("the site keeps a usage in a session's history once it differs from the last one kept by {amps:g} A or more")
def step_minimum_usage_change(context: Context, amps: float) -> None:
    context.world.surface.minimum_usage_change(amps)


@when("{alias:Alias} reports these currents on every phase, one after another: {amps} A")
def step_report_currents(context: Context, alias: str, amps: str) -> None:
    context.world.surface.report_currents(alias, amps)


@then(
    "the session file's history of the session at {alias:Alias} lists the usages {amps} A, each at the time balanz "
    "received it, then 0 A offered and used at the stop"
)
def step_history_lists(context: Context, alias: str, amps: str) -> None:
    context.world.surface.history_lists_text(alias, amps)


@then("balanz records the session at {alias:Alias} as lasting from the charger's start to its stop")
def step_record_lasts(context: Context, alias: str) -> None:
    context.world.surface.view(alias).record_lasts_its_span()


@then("balanz's record of the session at {alias:Alias} keeps its start and end, but its duration is {seconds:g} s")
def step_record_duration(context: Context, alias: str, seconds: float) -> None:
    context.world.surface.view(alias).record_kept_but_duration(seconds)
