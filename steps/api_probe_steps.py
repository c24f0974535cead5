"""Steps about API clients that misbehave and logins that should fail (actors/api_probe.py)."""

from behave import given, then, when
from behave.runner import Context


@given("a client has logged in as the suite's Admin user, and balanz's records and lists are noted")
def step_probe_ready(context: Context) -> None:
    context.world.surface.probe.note_site()


@when("the client sends these frames, one after another:")
def step_probe_frames(context: Context) -> None:
    rows = [(row["what"], row["frame"], row["balanz answers"]) for row in context.table]
    context.world.surface.probe.send_rows(rows)


@when("the client makes these calls, one after another:")
def step_probe_calls(context: Context) -> None:
    under = "under the id" if "under the id" in context.table.headings else None
    rows = [(r["command"], r["payload"], r["balanz answers"], r[under] if under else None) for r in context.table]
    context.world.surface.probe.call_rows(rows)


@then("balanz answers each as the table says")
def step_probe_answered(context: Context) -> None:
    context.world.surface.probe.answered_as_table()


@then("the client's connection goes on: balanz answers its GetStatus")
def step_probe_still_served(context: Context) -> None:
    context.world.surface.probe.admin_still_served()


@then("another client is served as usual")
def step_another_client(context: Context) -> None:
    context.world.surface.probe.another_client_is_served()


@then("balanz keeps and lists exactly what it did before")
def step_probe_unchanged(context: Context) -> None:
    context.world.surface.probe.unchanged()


# --- logins -----------------------------------------------------------------------------------------------------
@when("a new client logs in with each of these passwords, then asks for the chargers (GetChargers):")
def step_log_in_rows(context: Context) -> None:
    rows = [(r["user"], r["password"], r["login answered"], r["GetChargers answered"]) for r in context.table]
    context.world.surface.log_in_rows(rows)


@when("the client logs in again on the same connection as the {user_type} user")
def step_log_in_again(context: Context, user_type: str) -> None:
    context.world.api_client.log_in_as(user_type)


@when("the operator changes the password of the API user {user_id} to {password}")
def step_change_password(context: Context, user_id: str, password: str) -> None:
    context.world.operator.update_user(user_id, password=password)


@then("balanz's users file keeps for {user_id} the sha256 of its user id and the password {password}")
def step_users_file_sha(context: Context, user_id: str, password: str) -> None:
    context.world.surface.users_file_keeps_token_of(user_id, password)


@when("a new client logs in as {user_id} with password {password}")
def step_new_client_logs_in(context: Context, user_id: str, password: str) -> None:
    context.world.surface.probe.log_in_with_password(user_id, password)


@then("that login is answered {answer}")
def step_that_login(context: Context, answer: str) -> None:
    context.world.surface.probe.login_answered(answer)


# --- what balanz gets wrong (hostile_operators_known_issues.feature) ----------------------------------------------
@when("a new client sends {frame} as the first frame on its connection")
def step_first_frame(context: Context, frame: str) -> None:
    context.world.surface.probe.send_first(frame, "a first frame")


@then("that frame is answered {answer}")
def step_that_frame(context: Context, answer: str) -> None:
    context.world.surface.probe.answered(answer)


@when("the client asks for balanz's log entries with the filters {filters}")
def step_log_entries(context: Context, filters: str) -> None:
    context.world.surface.probe.log_entries(filters)


@then("balanz lists entries of the levels {levels}")
def step_levels_listed(context: Context, levels: str) -> None:
    context.world.surface.probe.levels_are(levels)


@then("balanz's tags file lists tag {tag} with priority {priority}")
def step_tags_file_priority(context: Context, tag: str, priority: str) -> None:
    context.world.records.file_lists("tags", context.world.site.tag(tag).id_tag, "priority", priority)


@then("balanz cannot start again: it stops with {error}")
def step_cannot_restart(context: Context, error: str) -> None:
    context.world.surface.restart_fails_with(error)
