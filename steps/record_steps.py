"""Steps about what balanz keeps: its records of ended sessions (GetSessions), its session and model files, and
its audit log."""

from _types import column, fields_table
from behave import then
from behave.runner import Context


@then("balanz keeps a record of the session at {alias:Alias}:")
def step_record_kept(context: Context, alias: str) -> None:
    context.world.records.recorded_as(alias, fields_table(context.table))


@then("the record at {alias:Alias} starts when the charger started the transaction and ends when it stopped it")
def step_record_timed(context: Context, alias: str) -> None:
    context.world.records.timed_as_ended(alias)


@then("the record at {alias:Alias} holds the energy the charger metered")
def step_record_energy(context: Context, alias: str) -> None:
    context.world.records.energy_as_metered(alias)


@then("the record at {alias:Alias} holds the offers {offers:Offers} A, as balanz made them during the session")
def step_record_offers(context: Context, alias: str, offers: list[float]) -> None:
    context.world.records.offers_as_made(alias, offers)


@then("balanz records the session at {alias:Alias} as stopped with reason {reason}")
def step_session_stop_reason(context: Context, alias: str, reason: str) -> None:
    context.world.records.stopped_with(alias, reason)


@then("balanz keeps the same record of the session at {alias:Alias} as before the restart")
def step_same_record(context: Context, alias: str) -> None:
    context.world.records.kept_over_restart(alias)


@then("the session file holds the session at {alias:Alias} once, as GetSessions records it")
def step_file_holds_session(context: Context, alias: str) -> None:
    context.world.records.file_holds_session(alias)


@then("balanz's users file lists {user_id} as a user of type {user_type}")
def step_users_file_lists(context: Context, user_id: str, user_type: str) -> None:
    context.world.records.file_lists("users", user_id, "user_type", user_type)


@then("balanz's users file does not list {user_id}")
def step_users_file_lacks(context: Context, user_id: str) -> None:
    context.world.records.file_lacks("users", user_id)


@then("balanz's tags file lists tag {tag} as {status}")
def step_tags_file_status(context: Context, tag: str, status: str) -> None:
    context.world.records.file_lists("tags", tag, "status", status)


@then("balanz's chargers file lists {name} with priority {priority:d}")
def step_chargers_file_priority(context: Context, name: str, priority: int) -> None:
    context.world.records.file_lists("chargers", name, "priority", str(priority))


@then("balanz's chargers file lists {name} in group {group}")
def step_chargers_file_lists(context: Context, name: str, group: str) -> None:
    context.world.records.file_lists("chargers", name, "group_id", group)


@then("balanz's chargers file does not list {name}")
def step_chargers_file_lacks(context: Context, name: str) -> None:
    context.world.records.file_lacks("chargers", name)


@then("balanz's audit log has these entries, written during the scenario, in this order:")
def step_audit_entries(context: Context) -> None:
    context.world.records.audit_in_order(column(context.table, "entry"))


@then("balanz's audit log has no entry mentioning {text}")
def step_audit_lacks(context: Context, text: str) -> None:
    context.world.records.audit_lacks(text)


@then("balanz's audit log has an entry mentioning {text}")
def step_audit_has(context: Context, text: str) -> None:
    context.world.records.audit_mentions(text)
