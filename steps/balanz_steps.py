"""Steps about what balanz shows through its API: its lists of chargers, groups and tags (GetChargers, GetGroups,
GetTags), what it shows of a charger the scenario plays message by message, its status (GetStatus), its log
(GetLogs), its drawing of the site (DrawAll), GetSessions' filters, and a group's maximum now."""

from _types import fields_table, rows_of
from behave import given, then
from behave.runner import Context


# --- its lists ------------------------------------------------------------------------------------------------
@then("balanz lists the charger {name} in group {group}")
def step_balanz_lists_charger(context: Context, name: str, group: str) -> None:
    context.world.views.shows("chargers", name, "group_id", group)


@then("balanz does not list the charger {name}")
def step_balanz_lacks_charger(context: Context, name: str) -> None:
    context.world.views.does_not_show("chargers", name)


@then('balanz shows the maximum of group {group} as "{schedule}"')
def step_group_maximum_shown(context: Context, group: str, schedule: str) -> None:
    context.world.views.shows("groups", group, "max_allocation", schedule)


@then("balanz shows charger {name} with priority {priority:d}")
def step_charger_priority_shown(context: Context, name: str, priority: int) -> None:
    context.world.views.shows("chargers", name, "priority", priority)


@then("balanz lists charger {charger_id} in group {group}, which has no maximum")
def step_listed_in_group(context: Context, charger_id: str, group: str) -> None:
    context.world.views.listed_in_group_without_maximum(charger_id, group)


@then(
    "balanz has registered {alias:Alias} in group {group}, with priority {priority:d} and the default limit of "
    "{amps:g} A"
)
def step_lists_registered(context: Context, alias: str, group: str, priority: int, amps: float) -> None:
    context.world.views.lists_with_default_limit(alias, amps, group_id=group, priority=priority)


@then("balanz lists the charger {charger_id} with the default limit of {amps:g} A")
def step_lists_default_limit(context: Context, charger_id: str, amps: float) -> None:
    context.world.views.lists_with_default_limit(charger_id, amps)


@then("balanz lists the new tag {tag:NewTag} as {status}")
def step_lists_new_tag(context: Context, tag: str, status: str) -> None:
    context.world.views.shows("tags", tag, "status", status)


@then("balanz applies to group {group} now these maxima, highest priority first:")
def step_group_maximum_now(context: Context, group: str) -> None:
    context.world.views.group_maximum_now(group, rows_of(context.table, "from priority", "amperes"))


# --- a charger the scenario plays message by message --------------------------------------------------------
@then("balanz shows {alias:Alias} with:")
def step_shows_fields(context: Context, alias: str) -> None:
    context.world.chargers.scripted(alias).shows_fields(fields_table(context.table))


@then("balanz shows {alias:Alias} as connected, {status}, with no vendor or model")
def step_shows_unbooted(context: Context, alias: str, status: str) -> None:
    context.world.chargers.scripted(alias).shows_unbooted(status)


@then("balanz shows {alias:Alias} as not connected")
def step_shows_not_connected(context: Context, alias: str) -> None:
    context.world.chargers.scripted(alias).shows_connected(False)


@then("balanz shows {alias:Alias} as connected again")
def step_shows_connected_again(context: Context, alias: str) -> None:
    context.world.chargers.scripted(alias).shows_connected(True)


@then("balanz shows {alias:Alias} not connected, its session for tag {tag} still open")
def step_disconnected_with_session(context: Context, alias: str, tag: str) -> None:
    context.world.chargers.scripted(alias).shows_disconnected_with_session_of(context.world.site.tag(tag).id_tag)


@then("balanz shows a session at {alias:Alias} for tag {tag}")
def step_shows_session(context: Context, alias: str, tag: str) -> None:
    context.world.chargers.scripted(alias).shows_session_of(context.world.site.tag(tag).id_tag)


@then("balanz shows a usage of {amps:g} A at {alias:Alias}")
def step_shows_usage(context: Context, amps: float, alias: str) -> None:
    context.world.chargers.scripted(alias).shows_usage(amps)


@then("balanz shows an energy register of {wh:g} Wh at {alias:Alias}")
def step_shows_energy(context: Context, wh: float, alias: str) -> None:
    context.world.chargers.scripted(alias).shows_energy(wh)


@then("balanz records the usage of {amps:g} A at {alias:Alias} at the time it received it")
def step_usage_at_receipt(context: Context, amps: float, alias: str) -> None:
    context.world.chargers.scripted(alias).usage_recorded_at_receipt(amps)


# --- its status and its log ------------------------------------------------------------------------------------
@then("balanz's status counts {tags:d} tags, {groups:d} groups, {chargers:d} chargers and {sessions:d} sessions")
def step_status_counts(context: Context, tags: int, groups: int, chargers: int, sessions: int) -> None:
    context.world.views.status_counts(tags, groups, chargers, sessions)


@then("balanz's status gives the version of balanz installed and the time it started")
def step_status_version(context: Context) -> None:
    context.world.views.status_version_and_start()


@then("balanz's status gives each logger's level as balanz's configuration has it")
def step_status_levels(context: Context) -> None:
    context.world.views.status_log_levels()


@then("balanz's status gives the log level of {component} as {level}, every other logger's as configured")
def step_status_changed_level(context: Context, component: str, level: str) -> None:
    context.world.views.status_log_levels({component: level})


@given('balanz logs an API client that connects and leaves: its log gains an entry mentioning "{text}"')
def step_leaving_logged(context: Context, text: str) -> None:
    context.world.views.client_leaving_logged(text, logged=True)


@then('an API client that connects and leaves is not logged: balanz\'s log gains no entry mentioning "{text}"')
def step_leaving_not_logged(context: Context, text: str) -> None:
    context.world.views.client_leaving_logged(text, logged=False)


@then("balanz's log, asked with each of these filters, lists only such entries and leaves out others:")
def step_logs_filtered(context: Context) -> None:
    context.world.views.logs_filtered_as_table(rows_of(context.table, "filters", "every entry listed is"))


# --- its drawing of the site and GetSessions' filters -------------------------------------------------------------
@then("the drawing shows every group and every charger of the site, and no ended session")
def step_drawing_plain(context: Context) -> None:
    context.world.views.drawing_shows_no_session()


@then(
    "the drawing shows every group and every charger of the site, and the ended session at {alias:Alias} for tag {tag}"
)
def step_drawing_session(context: Context, alias: str, tag: str) -> None:
    context.world.views.drawing_shows_session(alias, tag)


@then("balanz lists, with each of these filters (GetSessions), exactly these sessions:")
def step_sessions_table(context: Context) -> None:
    context.world.views.sessions_as_table(rows_of(context.table, "filters", "sessions listed"))
