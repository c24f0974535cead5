"""Steps about what balanz keeps: its records of ended sessions (GetSessions), its session and model files, its
audit log, and that a misbehaving client left them as they were."""

from _types import column, fields_table
from behave import given, then
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


@then("balanz records the session at {alias:Alias} as stopped with the reason the simulator reports, {reason}")
def step_simulator_stop_reason(context: Context, alias: str, reason: str) -> None:
    context.world.records.stopped_with(alias, reason)


@then("balanz records the session at {alias:Alias} with the energy the charger's meter counted in it")
def step_energy_as_counted(context: Context, alias: str) -> None:
    context.world.records.energy_as_counted(alias)


@then("balanz's live record of the session at {alias:Alias} gives the meter's register as the session's energy")
def step_live_energy_is_register(context: Context, alias: str) -> None:
    context.world.records.live_energy_is_register(alias)


@then(
    "balanz records the session of tag {ended} at {alias:Alias} as ended with tag {stop}, takes connector 1's "
    'transaction up again as a session of tag "Unknown", and keeps the session of tag {left} at connector 2'
)
def step_other_session_ended(context: Context, ended: str, alias: str, stop: str, left: str) -> None:
    context.world.chargers.played_role(alias).other_session_ended(ended, stop, left)


@then("balanz keeps the same record of the session at {alias:Alias} as before the restart")
def step_same_record(context: Context, alias: str) -> None:
    context.world.records.kept_over_restart(alias)


@then("the session file holds the session at {alias:Alias} once, as GetSessions records it")
def step_file_holds_session(context: Context, alias: str) -> None:
    context.world.records.file_holds_session(alias)


@then("balanz has recorded no session at {alias:Alias}, and shows one there for tag {tag}")
def step_session_no_record(context: Context, alias: str, tag: str) -> None:
    context.world.chargers.scripted(alias).shows_session_without_record(context.world.site.tag(tag).id_tag)


@then('balanz has recorded one session at {alias:Alias}: for tag {tag}, stopped with reason "{reason}" and no stop tag')
def step_recorded_replaced(context: Context, alias: str, tag: str, reason: str) -> None:
    context.world.chargers.scripted(alias).recorded_one(context.world.site.tag(tag).id_tag, reason, stop_id_tag=None)


@then("balanz records the session at {alias:Alias} as lasting from the charger's start to its stop")
def step_record_lasts(context: Context, alias: str) -> None:
    context.world.chargers.scripted(alias).record_lasts_its_span()


@then("balanz's record of the session at {alias:Alias} keeps its start and end, but its duration is {seconds:g} s")
def step_record_duration(context: Context, alias: str, seconds: float) -> None:
    context.world.chargers.scripted(alias).record_kept_but_duration(seconds)


@then(
    "the session file's history of the session at {alias:Alias} lists the usages {amps:Items} A, each at the time "
    "balanz received it, then 0 A offered and used at the stop"
)
def step_history_lists(context: Context, alias: str, amps: list[str]) -> None:
    context.world.chargers.scripted(alias).history_lists(amps)


# --- the model files ---------------------------------------------------------------------------------------------
@then("balanz's users file lists {user_id} as a user of type {user_type}")
def step_users_file_lists(context: Context, user_id: str, user_type: str) -> None:
    context.world.records.file_lists("users", user_id, "user_type", user_type)


@then("balanz's users file does not list {user_id}")
def step_users_file_lacks(context: Context, user_id: str) -> None:
    context.world.records.file_lacks("users", user_id)


@then("balanz's users file keeps for {user_id} the sha256 of its user id and the password {password}")
def step_users_file_sha(context: Context, user_id: str, password: str) -> None:
    context.world.records.users_file_keeps_password(user_id, password)


@then("balanz's tags file lists tag {tag} as {status}")
def step_tags_file_status(context: Context, tag: str, status: str) -> None:
    context.world.records.file_lists("tags", tag, "status", status)


@then("balanz's tags file lists tag {tag} with priority {priority}")
def step_tags_file_priority(context: Context, tag: str, priority: str) -> None:
    context.world.records.file_lists("tags", context.world.site.tag(tag).id_tag, "priority", priority)


@then("balanz's tags file lists the new tag {tag:NewTag} as {status}")
def step_tags_file_new_tag(context: Context, tag: str, status: str) -> None:
    context.world.records.file_lists("tags", tag, "status", status)


@then("balanz's tags file does not list tag {tag}")
def step_tags_file_lacks(context: Context, tag: str) -> None:
    context.world.records.file_lacks("tags", context.world.site.tag(tag).id_tag)


@then("balanz's tags file holds exactly the tags balanz lists, one row each")
def step_tags_file_is_listing(context: Context) -> None:
    context.world.records.tags_file_is_listing()


@then('balanz\'s groups file lists group {group} with the maximum "{schedule}"')
def step_groups_file_maximum(context: Context, group: str, schedule: str) -> None:
    context.world.records.file_lists("groups", group, "max_allocation", schedule)


@then("balanz's groups file lists every group but {group} as data/model has it")
def step_groups_file_others(context: Context, group: str) -> None:
    context.world.records.groups_file_keeps_others(group)


@then("balanz's chargers file lists {name} with priority {priority:d}")
def step_chargers_file_priority(context: Context, name: str, priority: int) -> None:
    context.world.records.file_lists("chargers", name, "priority", str(priority))


@then("balanz's chargers file lists {name} in group {group}")
def step_chargers_file_lists(context: Context, name: str, group: str) -> None:
    context.world.records.file_lists("chargers", name, "group_id", group)


@then("balanz's chargers file does not list {name}")
def step_chargers_file_lacks(context: Context, name: str) -> None:
    context.world.records.file_lacks("chargers", name)


@then("balanz's chargers file keeps no key for {alias:Alias}")
def step_no_key(context: Context, alias: str) -> None:
    context.world.records.file_lists("chargers", alias, "auth_sha", "")


# --- the audit log -----------------------------------------------------------------------------------------------
@then("balanz's audit log has these entries, written during the scenario, in this order:")
def step_audit_entries(context: Context) -> None:
    context.world.audit.in_order(column(context.table, "entry"))


@then(
    "balanz's audit log has these entries of the session at {alias:Alias}, written during the scenario, in this order:"
)
def step_session_entries(context: Context, alias: str) -> None:
    context.world.audit.session_in_order(alias, column(context.table, "entry"))


@then("balanz's audit log has no entry mentioning {text}")
def step_audit_lacks(context: Context, text: str) -> None:
    context.world.audit.lacks(text)


@then("balanz's audit entry for the change to {text} names neither the operator's API user nor its user type")
def step_audit_change_names_no_operator(context: Context, text: str) -> None:
    context.world.audit.change_names_no_operator(text)


@then("balanz lists the audit entries written before the restart again, with their levels and times")
def step_audit_listed_again(context: Context) -> None:
    context.world.audit.listed_again()


# --- what a misbehaving client must leave as it was ----------------------------------------------------------------
@given("balanz's records and the session at {alias:Alias} are noted")
def step_note_bystanders(context: Context, alias: str) -> None:
    context.world.bystanders.note([alias])


@then("balanz's records are as they were")
def step_records_unchanged(context: Context) -> None:
    context.world.bystanders.records_unchanged()


@then("balanz keeps and lists exactly what it did before")
def step_unchanged(context: Context) -> None:
    context.world.bystanders.unchanged()
