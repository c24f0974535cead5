"""Steps about what balanz's API reports: GetStatus, SetLogLevel, GetLogs, DrawAll, GetSessions, GetGroups."""

from behave import given, then, when
from behave.runner import Context


@then("balanz's status counts {tags:d} tags, {groups:d} groups, {chargers:d} chargers and {sessions:d} sessions")
def step_status_counts(context: Context, tags: int, groups: int, chargers: int, sessions: int) -> None:
    expected = {"no_tags": tags, "no_groups": groups, "no_chargers": chargers, "no_sessions": sessions}
    context.world.surface.views.status_counts(expected)


@then("balanz's status gives the version of balanz installed and the time it started")
def step_status_version(context: Context) -> None:
    context.world.surface.views.status_version_and_start()


@then("balanz's status gives each logger's level as balanz's configuration has it")
def step_status_levels(context: Context) -> None:
    context.world.surface.views.status_log_levels()


@when("the operator sets the log level of {component} to {level}")
def step_set_log_level(context: Context, component: str, level: str) -> None:
    context.world.surface.set_log_level(component, level)


@then("balanz's status gives the log level of {component} as {level}, every other logger's as configured")
def step_status_changed_level(context: Context, component: str, level: str) -> None:
    s = context.world.surface
    s.views.status_log_levels(s.log_levels_changed)


@given('balanz logs an API client that connects and leaves: its log gains an entry mentioning "{text}"')
def step_leaving_logged(context: Context, text: str) -> None:
    context.world.surface.client_leaving_logged(text, logged=True)


@then('an API client that connects and leaves is not logged: balanz\'s log gains no entry mentioning "{text}"')
def step_leaving_not_logged(context: Context, text: str) -> None:
    context.world.surface.client_leaving_logged(text, logged=False)


@then("balanz's log, asked with each of these filters, lists only such entries and leaves out others:")
def step_logs_filtered(context: Context) -> None:
    for row in context.table:
        context.world.surface.logs_filtered(row["filters"], row["every entry listed is"])


@when("the operator draws the site without its history (DrawAll)")
def step_draw_plain(context: Context) -> None:
    context.world.surface.draw(historic=False)


@when("the operator draws the site (DrawAll)")
def step_draw(context: Context) -> None:
    context.world.surface.draw(historic=None)


@then("the drawing shows every group and every charger of the site, and no ended session")
def step_drawing_plain(context: Context) -> None:
    context.world.surface.drawing_shows(None, None, None)


@then(
    "the drawing shows every group and every charger of the site, and the ended session at {alias:Alias} for tag {tag}"
)
def step_drawing_session(context: Context, alias: str, tag: str) -> None:
    found = context.world.site.tag(tag)
    context.world.surface.drawing_shows(alias, found.id_tag, found.user_name)


@then("balanz lists, with each of these filters (GetSessions), exactly these sessions:")
def step_sessions_table(context: Context) -> None:
    context.world.surface.sessions_as_table([(row["filters"], row["sessions listed"]) for row in context.table])


@then("balanz applies to group {group} now these maxima, highest priority first:")
def step_group_maximum_now(context: Context, group: str) -> None:
    rows = [(int(row["from priority"]), float(row["amperes"])) for row in context.table]
    context.world.surface.group_maximum_now(group, rows)
