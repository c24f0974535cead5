"""An Admin operator whose every answer from balanz the scenario checks, and what balanz keeps on disk.

``Operator`` (operator.py) steers balanz and fails on any error answer; ``SiteAdmin`` keeps the answer of
each call instead (``last``), so that a scenario can state what balanz answers: to commands it passes on
to a charger (remote start and stop, Reset, TriggerMessage, charging profiles, charger configuration),
to changes of users, chargers and configuration, and to a restart. It also reads what balanz writes into
the scenario's runtime directory: the model CSVs and ``history/sessions.csv``.
"""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from hamcrest import (
    all_of,
    assert_that,
    contains_exactly,
    contains_string,
    equal_to,
    greater_than,
    has_entries,
    has_entry,
    has_item,
    has_length,
    has_property,
    is_not,
    starts_with,
)
from hamcrest.core.base_matcher import BaseMatcher
from hamcrest.core.description import Description

from balanz_acceptance.actors.api_users import ANSWERED, Answer
from balanz_acceptance.actors.charger_under_test import ChargerUnderTest
from balanz_acceptance.actors.live_changes import CSV_FILES, edit_csv_row, watches_follow_reload
from balanz_acceptance.actors.sessions import SessionRecords
from balanz_acceptance.checks.group_watch import GroupWatch
from balanz_acceptance.core.record import ScenarioRecord
from balanz_acceptance.core.site import SiteModel
from balanz_acceptance.core.timing import TimingProfile
from balanz_acceptance.core.waiting import eventually, holds_for
from balanz_acceptance.sut.balanz_api import ApiError, BalanzApi
from balanz_acceptance.sut.stack import Stack

#: How long a simulator takes to connect again after balanz restarted or after a Reset closed its connection
#: (s): ocppsim tries again 5 s after it lost its connection, then waits 1 s and sends its start-up
#: notifications (3.2 s).
SIM_RECONNECT = 10.0
#: balanz's blocking default profile: id 2 at stack level 1 on each connector, 0 A (charge_point_v16.py).
BLOCKING_PROFILE_ID, BLOCKING_STACK_LEVEL = 2, 1

#: How long the simulator takes from accepting a Reset to ending its session and closing its connection (s).
RESET_TIME = 10.0

#: The runtime files balanz keeps, by the name the features use.
FILES = {
    "users": "model/users.csv",
    **{what: f"model/{name}" for what, (name, _) in CSV_FILES.items()},
    "sessions": "history/sessions.csv",
}


def answered_status(answer: Answer) -> str:
    """The status balanz answered: a result's ``status`` (e.g. Accepted), or the error's status."""
    if answer.status == ANSWERED:
        return str(answer.detail.get("status", ANSWERED)) if isinstance(answer.detail, dict) else ANSWERED
    return answer.status


@dataclass
class SiteAdmin:
    """An Admin operator on the scenario's API connection; keeps every answer."""

    stack: Stack
    site: SiteModel
    record: ScenarioRecord
    answers: list[Answer] = field(default_factory=list)
    #: The scenario's group safety watches, told of a reloaded group maximum.
    watches: dict[str, GroupWatch] = field(default_factory=dict)
    #: What GetSessions listed just before ``restart_balanz`` restarted balanz (empty until then).
    sessions_before: list[dict[str, Any]] = field(default_factory=list)

    @property
    def api(self) -> BalanzApi:
        """The scenario's Admin API connection (it logs in again after a balanz restart)."""
        assert self.stack.api is not None, "the stack is not started"
        return self.stack.api

    @property
    def last(self) -> Answer:
        """balanz's answer to the latest call."""
        if not self.answers:
            raise AssertionError("the operator has not called balanz yet")
        return self.answers[-1]

    def answered(self, status: str) -> None:
        """balanz answered the latest call with this status (or an error status starting with it)."""
        answer = self.last
        assert_that(answered_status(answer), starts_with(status), f"balanz's answer to {answer.command}")

    def attempt(self, command: str, payload: dict[str, Any]) -> Answer:
        """Call a command; keep and return balanz's answer (a result or an error status)."""
        try:
            answer = Answer(command, ANSWERED, self.api.call(command, payload))
        except ApiError as error:
            answer = Answer(command, str(error.status), error.payload)
        self.answers.append(answer)
        self.record.note(f"operator: {command} {payload} -> {answer.status} {answer.detail!r}"[:400])
        return answer

    # --- commands balanz passes on to a charger ------------------------------------------------------
    def remote_start(self, alias: str, id_tag: str) -> Answer:
        """Ask the charger to start a session for a tag (RemoteStartTransaction)."""
        return self.attempt("RemoteStartTransaction", {"alias": alias, "connector_id": 1, "id_tag": id_tag})

    def remote_stop(self, alias: str, transaction_id: int) -> Answer:
        """Ask the charger to stop a transaction (RemoteStopTransaction)."""
        return self.attempt("RemoteStopTransaction", {"alias": alias, "transaction_id": transaction_id})

    def reset(self, charger: ChargerUnderTest, sessions: SessionRecords, kind: str = "Soft") -> Answer:
        """Restart a charger (Reset); its running session, which the charger will end, is followed in
        ``sessions`` so that its record can be found."""
        sessions.follow(charger)
        return self.attempt("Reset", {"alias": charger.alias, "type": kind})

    def _ocpp_log(self, alias: str) -> list[str]:
        """balanz's log of the OCPP messages it exchanged with ``alias``, in order."""
        return self.api.ocpp_log(self.site.charger(alias).charger_id)

    def messages_from(self, alias: str, message: str) -> int:
        """How many messages of this kind (e.g. StatusNotification) balanz has received from ``alias``."""
        return sum(1 for m in self._ocpp_log(alias) if ": receive message [2," in m and f'"{message}"' in m)

    def own_requests_answered(self, alias: str) -> bool:
        """True once ``alias`` has answered balanz's own post-connection requests (BalanzApi.own_requests_answered)."""
        return self.api.own_requests_answered(self.site.charger(alias).charger_id)

    def trigger(self, alias: str, message: str, profile: TimingProfile) -> Answer:
        """Ask a charger to send a message now (TriggerMessage), once balanz's own requests to it are answered;
        remember how many such messages balanz had received before."""
        eventually(
            lambda: self.own_requests_answered(alias),
            equal_to(True),
            within=profile.charger_initialization,
            reason=f"{alias} answered balanz's own requests after connecting",
        )
        self._received_before = self.messages_from(alias, message)
        return self.attempt("TriggerMessage", {"alias": alias, "requested_message": message, "connector_id": 1})

    def await_message_from(self, alias: str, message: str, *, within: float) -> None:
        """Wait until balanz has received one more message of this kind from ``alias`` than before ``trigger``."""
        eventually(
            lambda: self.messages_from(alias, message),
            greater_than(getattr(self, "_received_before", 0)),
            within=within,
            reason=f"balanz receives a {message} from {alias}",
        )

    def await_reconnected(self, alias: str, profile: TimingProfile) -> None:
        """After a Reset: balanz has seen the charger connect a second time, and shows it connected and Available
        with the session ended."""
        within = RESET_TIME + SIM_RECONNECT + profile.prompt
        eventually(
            lambda: self.api.logs(logger="balanz", messageSearch=f"({alias}) succesfully connected"),
            has_length(2),
            within=within,
            reason=f"balanz sees {alias} connect a second time",
            show=len,
        )
        eventually(
            lambda: self.api.connector(alias),
            all_of(has_property("in_transaction", False), has_property("network_connected", True),
                   has_property("status", "Available")),
            within=profile.prompt,
            reason=f"{alias}: session ended, connected again and Available",
        )  # fmt: skip

    def set_tx_profile(self, alias: str, transaction_id: int, limit: float) -> Answer:
        """Set the session's charging limit at the charger (SetTxProfile)."""
        payload = {"alias": alias, "connector_id": 1, "transaction_id": transaction_id, "limit": limit}
        return self.attempt("SetTxProfile", payload)

    def set_default_profile(
        self, alias: str, profile_id: int, connector_id: int, stack_level: int, limit: float
    ) -> Answer:
        """Set a default charging profile (TxDefaultProfile) at a charger (SetDefaultProfile)."""
        payload = {
            "alias": alias, "charging_profile_id": profile_id, "connector_id": connector_id,
            "stack_level": stack_level, "limit": limit,
        }  # fmt: skip
        return self.attempt("SetDefaultProfile", payload)

    def clear_default_profiles(self, alias: str) -> Answer:
        """Clear every default charging profile of a charger (ClearDefaultProfiles)."""
        return self.attempt("ClearDefaultProfiles", {"alias": alias})

    def clear_default_profile(self, alias: str, profile_id: int, connector_id: int = 1) -> Answer:
        """Clear one charging profile of a charger by its id (ClearDefaultProfile): balanz sends the charger a
        ClearChargingProfile with this id and connector, and no purpose or stack level."""
        payload = {"alias": alias, "charging_profile_id": profile_id, "connector_id": connector_id}
        return self.attempt("ClearDefaultProfile", payload)

    def charger_allows(
        self, charger: ChargerUnderTest, amps: float, *, offered: float, within: float, seconds: float
    ) -> None:
        """Within ``within`` seconds the charger lets an EV draw ``amps`` (its limit) while balanz offers
        ``offered``, and both stay so for ``seconds``."""
        _settles(charger, (offered, amps), within=within, seconds=seconds)

    def ev_draws_as_allowed(self, charger: ChargerUnderTest, amps: float, *, offered: float, within: float) -> None:
        """Within ``within`` seconds balanz offers ``offered`` while the charger lets the EV draw ``amps`` and the
        EV draws that much (SimStatus.draw)."""
        _settles(charger, (offered, amps, amps), within=within, seconds=0)

    def charger_keeps_offer(self, charger: ChargerUnderTest, amps: float, seconds: float) -> None:
        """balanz's offer to the charger's session and what the charger lets the EV draw both stay at ``amps``."""
        _settles(charger, (amps, amps), within=None, seconds=seconds)

    def change_charger_configuration(self, alias: str, key: str, value: str) -> Answer:
        """Set an OCPP configuration key of a charger (ChangeConfiguration)."""
        return self.attempt("ChangeConfiguration", {"alias": alias, "key": key, "value": value})

    def charger_configuration(self, alias: str, key: str) -> Answer:
        """Read one OCPP configuration key of a charger (GetConfiguration)."""
        return self.attempt("GetConfiguration", {"alias": alias, "key": [key]})

    def configuration_reads(self, alias: str, key: str, value: str) -> None:
        """Asked through balanz (GetConfiguration), the charger gives its configuration key this value."""
        answer = self.charger_configuration(alias, key)
        assert_that(answer, configuration_value(key, value), f"{alias}: GetConfiguration {key} through balanz")

    def configuration_is_unknown(self, alias: str, key: str) -> None:
        """Asked through balanz (GetConfiguration), the charger lists its configuration key as unknown."""
        answer = self.charger_configuration(alias, key)
        assert_that(answer, configuration_unknown(key), f"{alias}: GetConfiguration {key} through balanz")

    # --- balanz's own configuration, users and chargers ----------------------------------------------
    def set_config(self, section: str, key: str, value: str) -> Answer:
        """Change a live configuration value (SetConfig)."""
        return self.attempt("SetConfig", {"section": section, "key": key, "value": value})

    def create_user(self, user_id: str, user_type: str, password: str) -> None:
        """Create an API user (CreateUser); balanz must answer Accepted."""
        payload = {"user_id": user_id, "user_type": user_type, "password": password, "description": "scenario"}
        assert_that(answered_status(self.attempt("CreateUser", payload)), equal_to("Accepted"))

    def update_user(self, user_id: str, **changes: str) -> Answer:
        """Change an API user's type, password or description (UpdateUser)."""
        return self.attempt("UpdateUser", {"user_id": user_id, **changes})

    def delete_user(self, user_id: str) -> Answer:
        """Delete an API user (DeleteUser)."""
        return self.attempt("DeleteUser", {"user_id": user_id})

    def update_charger(self, alias: str, **changes: Any) -> Answer:
        """Change a charger of the site (UpdateCharger)."""
        return self.attempt("UpdateCharger", {"charger_id": self.site.charger(alias).charger_id, **changes})

    def create_charger(
        self, charger_id: str, alias: str, group_id: str, conn_max: float, priority: int | None = None
    ) -> Answer:
        """Create a charger (CreateCharger), with a priority if given (without one, balanz stores none)."""
        payload = {"charger_id": charger_id, "alias": alias, "group_id": group_id, "conn_max": conn_max}
        if priority is not None:
            payload["priority"] = priority
        return self.attempt("CreateCharger", payload)

    def charger_id_of(self, alias: str) -> str:
        """The id of the charger balanz's chargers file names ``alias``."""
        found = [r["charger_id"] for r in self.file_rows("chargers") if r["alias"] == alias]
        assert len(found) == 1, f"balanz's chargers file names {len(found)} chargers {alias}"
        return found[0]

    def delete_charger(self, alias: str) -> Answer:
        """Delete the charger balanz's chargers file names ``alias`` (DeleteCharger)."""
        return self.attempt("DeleteCharger", {"charger_id": self.charger_id_of(alias)})

    # --- what balanz keeps ----------------------------------------------------------------------------
    def file_rows(self, name: str) -> list[dict[str, str]]:
        """The rows of one of balanz's runtime files (``FILES``), as balanz wrote them."""
        path: Path = self.record.directory / FILES[name]
        with path.open(newline="") as handle:
            return list(csv.DictReader(handle))

    def file_lists(self, name: str, key_column: str, key: str, column: str, value: str) -> None:
        """balanz's ``name`` file has the row whose ``key_column`` is ``key``, and its ``column`` reads ``value``."""
        rows = {r[key_column]: r for r in self.file_rows(name)}
        assert_that(rows, has_entry(key, has_entry(column, value)), f"balanz's {name} file")

    def file_lacks(self, name: str, key_column: str, key: str) -> None:
        """balanz's ``name`` file has no row whose ``key_column`` is ``key``."""
        keys = [r[key_column] for r in self.file_rows(name)]
        assert_that(keys, is_not(has_item(key)), f"balanz's {name} file")

    def shows(self, what: str, key_column: str, key: str, column: str, value: object) -> None:
        """balanz's API lists (GetChargers or GetGroups, ``what`` chargers or groups) the item whose
        ``key_column`` is ``key``, and its ``column`` is ``value``."""
        command, items = self._listing(what)
        found = {item[key_column]: item for item in items}
        assert_that(found, has_entry(key, has_entry(column, value)), f"balanz's {what} ({command})")

    def does_not_show(self, what: str, key_column: str, key: str) -> None:
        """balanz's API lists (GetChargers or GetGroups) no item whose ``key_column`` is ``key``."""
        command, items = self._listing(what)
        assert_that([item[key_column] for item in items], is_not(has_item(key)), f"balanz's {what} ({command})")

    def _listing(self, what: str) -> tuple[str, list[dict[str, Any]]]:
        listings = {"chargers": ("GetChargers", self.api.chargers), "groups": ("GetGroups", self.api.groups)}
        command, read = listings[what]
        return command, read()

    def edit_file(self, name: str, key_column: str, key: str, changes: dict[str, str]) -> None:
        """Change one row of one of balanz's model files (``FILES``) by hand, as an operator editing it;
        balanz does not notice until it reloads it."""
        edit_csv_row(self.record.directory / FILES[name], key_column, key, changes)
        self.record.note(f"operator: edited {FILES[name]}: {key_column} {key}: {changes}")

    def reload(self, what: str) -> Answer:
        """Have balanz read one of its model files again (ReloadTags, ReloadGroups, ReloadChargers); after
        ReloadGroups the watched groups are checked against the maxima in the file."""
        sent = time.time()
        answer = self.attempt(f"Reload{what.capitalize()}", {})
        watches_follow_reload(what, self.watches, self.record.directory, sent)
        return answer

    def csv_sessions(self) -> list[dict[str, str]]:
        """The session file as balanz's API hands it out (GetCSVSessions), row by row."""
        answer = self.attempt("GetCSVSessions", {})
        if answer.status != ANSWERED:
            raise AssertionError(f"GetCSVSessions answered {answer.status}")
        return list(csv.DictReader(io.StringIO(answer.detail)))

    def audit_entries(self) -> list[dict[str, Any]]:
        """balanz's audit log entries (GetLogs of the AUDIT logger): level, message, timestamp."""
        return self.api.logs(logger="AUDIT")

    def audit_messages(self) -> list[str]:
        """The messages of balanz's audit log entries."""
        return [e.get("message", "") for e in self.audit_entries()]

    def await_audit_in_order(self, messages: list[str], *, within: float) -> None:
        """Within ``within`` seconds balanz's audit log has entries with these messages, written since this
        scenario's balanz started, in this order."""
        matcher = audit_in_order(messages, self.started_at())
        eventually(self.audit_entries, matcher, within=within, reason="balanz's audit log", show=len)

    def await_audit_mention(self, text: str, *, within: float) -> None:
        """Within ``within`` seconds balanz's audit log has an entry whose message mentions ``text``."""
        eventually(self.audit_messages, has_item(contains_string(text)), within=within, reason="balanz's audit log")

    def audit_lacks(self, text: str) -> None:
        """balanz's audit log has no entry whose message mentions ``text``."""
        assert_that(self.audit_messages(), is_not(has_item(contains_string(text))), "balanz's audit log")

    def restart_balanz(self, restart: Callable[[], None], profile: TimingProfile) -> None:
        """Restart balanz with ``restart`` (World.restart_balanz: same port and runtime directory), then wait
        until it sees the scenario's chargers connected, Available and set up again (the simulators
        reconnect by themselves). What GetSessions listed just before is kept in ``sessions_before``.
        """
        self.sessions_before = self.api.sessions()
        restart()
        within = SIM_RECONNECT + profile.charger_initialization
        for alias in self.stack.sims:
            charger_id = self.site.charger(alias).charger_id
            eventually(
                lambda a=alias: self.api.connector(a),
                all_of(has_property("network_connected", True), has_property("status", "Available")),
                within=within,
                reason=f"after the restart balanz sees {alias} connected and Available",
            )
            eventually(
                lambda c=charger_id: self.api.profiles_set_up(c),
                has_length(1),
                within=within,
                reason=f"after the restart balanz set up the default profiles of {alias}",
                show=len,
            )
        self.record.note(f"after the restart balanz sees {', '.join(self.stack.sims) or 'no charger'} again")

    def latest_session_before_restart(self, alias: str) -> dict[str, Any]:
        """The latest session at ``alias`` GetSessions listed just before the restart."""
        found = [s for s in self.sessions_before if s.get("charger_alias") == alias]
        if not found:
            raise AssertionError(f"before the restart balanz listed no session at {alias}")
        return max(found, key=lambda s: s["start_time"])

    def kept_record_over_restart(self, alias: str, record: dict[str, Any]) -> None:
        """balanz's record (GetSessions) of the session at ``alias`` now is, in what lasts, the one from
        before the restart."""
        before = lasting_view(self.latest_session_before_restart(alias))
        what = f"{alias}: balanz's record (GetSessions) after the restart vs before"
        assert_that(lasting_view(record), equal_to(before), what)

    def file_holds_session(self, alias: str, record: dict[str, Any]) -> None:
        """The session file (GetCSVSessions) holds the session of this GetSessions ``record`` once, as recorded."""
        expected = file_row_of(record)
        rows = [r for r in self.csv_sessions() if r["session_id"] == expected["session_id"]]
        assert_that(rows, contains_exactly(has_entries(expected)), f"{alias}: the session file (GetCSVSessions)")

    def started_at(self) -> str:
        """When this scenario's balanz started, as balanz writes times (GetStatus starttime, local time)."""
        return str(self.api.status()["starttime"])


class ConfigurationAnswer(BaseMatcher[Answer]):
    """Matches a GetConfiguration answer that gives ``key`` this value, or (value None) lists it unknown."""

    def __init__(self, key: str, value: str | None) -> None:
        self.key = key
        self.value = value

    def _matches(self, item: Answer) -> bool:
        if item.status != ANSWERED or not isinstance(item.detail, dict):
            return False
        if self.value is None:
            return self.key in (item.detail.get("unknown_key") or [])
        entries = item.detail.get("configuration_key") or []
        return any(e.get("key") == self.key and e.get("value") == self.value for e in entries)

    def describe_to(self, description: Description) -> None:
        """Describe the expected answer."""
        text = "listed as unknown" if self.value is None else f"with the value {self.value}"
        description.append_text(f"the charger's key {self.key} {text}")

    def describe_mismatch(self, item: Answer, description: Description) -> None:
        """Show balanz's answer."""
        description.append_text(f"balanz answered {item.status} {item.detail!r}")


def configuration_value(key: str, value: str) -> ConfigurationAnswer:
    """A GetConfiguration answer giving ``key`` this value."""
    return ConfigurationAnswer(key, value)


def configuration_unknown(key: str) -> ConfigurationAnswer:
    """A GetConfiguration answer listing ``key`` as unknown to the charger."""
    return ConfigurationAnswer(key, None)


# --- what balanz keeps: the session file and the audit log ------------------------------------------------
def local_time(timestamp: float) -> str:
    """A time as balanz writes it into its files and logs (util.py time_str: local time, to the second)."""
    return datetime.fromtimestamp(timestamp).strftime("%Y-%m-%d %H:%M:%S")


#: A session file column → the GetSessions field it repeats (as text; times and energy are formatted).
FILE_COLUMNS = {
    "session_id": "session_id",
    "charger_id": "charger_id",
    "charger_alias": "charger_alias",
    "group_id": "group_id",
    "id_tag": "id_tag",
    "user_name": "user_name",
    "stop_id_tag": "stop_id_tag",
    "stop_reason": "reason",
    "energy": "kwh",
}


def file_row_of(record: dict[str, Any]) -> dict[str, str]:
    """The session file row balanz writes for a GetSessions record (model.py Session.from_transaction)."""
    row = {column: str(record.get(key)) for column, key in FILE_COLUMNS.items()}
    row["start_time"] = local_time(float(record["start_time"]))
    row["end_time"] = local_time(float(record["end_time"]))
    return row


#: The fields of a GetSessions record that must be the same after a restart (times: to the second).
LASTING_FIELDS = (*FILE_COLUMNS.values(),)


def lasting_view(record: dict[str, Any]) -> dict[str, str]:
    """What of a session record survives a restart: its fields and its times to the second (the file's)."""
    view = {key: str(record.get(key)) for key in LASTING_FIELDS}
    view["start_time"] = local_time(float(record["start_time"]))
    view["end_time"] = local_time(float(record["end_time"]))
    return view


class AuditInOrder(BaseMatcher[list[dict[str, Any]]]):
    """Matches audit entries that hold these messages, in this order, none written before ``not_before``."""

    def __init__(self, messages: list[str], not_before: str) -> None:
        self.messages = messages
        self.not_before = not_before

    def _problems(self, entries: list[dict[str, Any]]) -> list[str]:
        position, problems = 0, []
        for message in self.messages:
            found = [i for i, e in enumerate(entries) if e.get("message") == message and i >= position]
            if not found:
                problems.append(f"no entry {message!r} (after the ones before it)")
                continue
            entry = entries[found[0]]
            if str(entry.get("timestamp")) < self.not_before:
                problems.append(f"{message!r} written at {entry.get('timestamp')}, before balanz started")
            position = found[0] + 1
        return problems

    def _matches(self, item: list[dict[str, Any]]) -> bool:
        return not self._problems(item)

    def describe_to(self, description: Description) -> None:
        """Describe the expected entries."""
        description.append_text(f"audit entries written from {self.not_before} on, in order: {self.messages}")

    def describe_mismatch(self, item: list[dict[str, Any]], description: Description) -> None:
        """Say which entry is missing, and show the log."""
        shown = "\n      ".join(f"{e.get('timestamp')} {e.get('message')}" for e in item) or "(empty)"
        description.append_text("; ".join(self._problems(item)) + f"\n    the audit log:\n      {shown}")


def audit_in_order(messages: list[str], not_before: str) -> AuditInOrder:
    """Audit entries holding these messages in order, written from ``not_before`` (balanz's time format) on."""
    return AuditInOrder(messages, not_before)


def _settles(charger: ChargerUnderTest, expected: tuple[float, ...], *, within: float | None, seconds: float) -> None:
    """Within ``within`` seconds (None: at once) balanz's offer, the charger's limit and, if ``expected`` has a
    third value, the EV's draw are ``expected``, and they stay so for ``seconds``."""
    with_draw = len(expected) == 3

    def now() -> tuple[float, ...]:
        sim = charger.sim_status()
        found = (charger.view().offered, sim.offer)
        return (*found, sim.draw) if with_draw else found

    def show(found: tuple[float, ...]) -> str:
        text = f"balanz offers {found[0]:g} A, the charger allows {found[1]:g} A"
        return f"{text}, the EV draws {found[2]:g} A" if with_draw else text

    reason = f"{charger.alias}: balanz's offer and the charger's limit" + (" and the EV's draw" if with_draw else "")
    if within is not None:
        eventually(now, contains_exactly(*expected), within=within, reason=reason, show=show)
    holds_for(now, contains_exactly(*expected), duration=seconds, reason=reason, show=show)
