"""The operator: everything an operator does to balanz, through its API (as the Admin user the suite logs in as)
and by editing its files, keyed by charger alias.

Every call goes one way (``call``): balanz's answer is kept (``answers``, ``last``) and written to the scenario
log, and an error answer fails the step at once, unless the step expects one (``attempt``); a step about the
answer then checks ``last`` (``answered``). Every change that matters to the group safety watches (a maximum, a
suspension, a priority, a reloaded file) is published as an event (core/events.py) at the moment it was sent.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from hamcrest import assert_that, equal_to, greater_than, has_length, less_than

from balanz_acceptance.actors.chargers import Chargers
from balanz_acceptance.actors.records import Records
from balanz_acceptance.checks.answers import configuration_unknown, configuration_value, outcome
from balanz_acceptance.checks.charging_profiles import BLOCKING
from balanz_acceptance.checks.matchers import connected
from balanz_acceptance.core.events import (
    ChargerChanged,
    FileReloaded,
    MaximumChanged,
    SessionPriorityChanged,
    SuspensionChanged,
    TagChanged,
)
from balanz_acceptance.core.record import ScenarioRecord, tail
from balanz_acceptance.core.schedule import Window, gap_from_now, whole_minutes, window_from, window_value
from balanz_acceptance.core.site import ChargerSpec, SiteModel
from balanz_acceptance.core.site_state import SiteState
from balanz_acceptance.core.timing import Duration, TimingProfile
from balanz_acceptance.core.waiting import eventually
from balanz_acceptance.sut.balanz_api import ANSWERED, Answer, BalanzApi
from balanz_acceptance.sut.balanz_files import RELOADABLE, BalanzFiles
from balanz_acceptance.sut.stack import Stack

#: balanz's blocking default profile: id 2 at stack level 1 on each connector, 0 A (checks/charging_profiles.py).
BLOCKING_PROFILE_ID, _, BLOCKING_STACK_LEVEL = BLOCKING
#: Seconds added to a time-of-day window's lead: the steps between sending the schedule and the hold before the
#: boundary (one API round trip each), and the hold's stop half a second before the boundary.
WINDOW_SLACK = 2.0
#: The directions a feature may state for a change: the new value must be above or below the one before.
DIRECTIONS = {"raises": greater_than, "lowers": less_than}


@dataclass
class Operator:
    """The site's operator, acting on the scenario's balanz."""

    stack: Stack
    site: SiteModel
    #: The site's data as the scenario has left it (the operator's own changes included).
    state: SiteState
    chargers: Chargers
    records: Records
    profile: TimingProfile
    record: ScenarioRecord
    answers: list[Answer] = field(default_factory=list)
    #: The time-of-day window the operator gave a group, if any (``open_window``).
    window: Window | None = None
    #: The message counts ``trigger`` saw before it asked a charger for a message: (alias, message) → count.
    _received_before: dict[tuple[str, str], int] = field(default_factory=dict)

    @property
    def api(self) -> BalanzApi:
        """The scenario's Admin API connection (it logs in again after a balanz restart)."""
        assert self.stack.api is not None, "the stack is not started"
        return self.stack.api

    @property
    def files(self) -> BalanzFiles:
        """balanz's files in the scenario's runtime directory."""
        return self.records.files

    def _publish(self, event: Any) -> None:
        self.stack.events.publish(event)

    # --- the one way to call balanz --------------------------------------------------------------------
    def call(self, command: str, payload: dict[str, Any] | None = None) -> Answer:
        """Call a command and keep balanz's answer; an error answer fails the step."""
        answer = self.attempt(command, payload)
        if answer.status != ANSWERED:
            raise AssertionError(f"balanz answered the operator's {command} with {answer.status} {answer.detail!r}")
        return answer

    def send(self, command: str, payload: dict[str, Any] | None = None, *, trying: bool = False) -> Answer:
        """``attempt`` where the step says the operator tries (balanz may refuse: a later step checks its answer),
        else ``call``."""
        return self.attempt(command, payload) if trying else self.call(command, payload)

    def attempt(self, command: str, payload: dict[str, Any] | None = None) -> Answer:
        """Call a command and keep balanz's answer, whatever it is (the step expects it may be an error)."""
        answer = self.api.answer(command, dict(payload or {}))
        self.answers.append(answer)
        self.record.note(f"operator: {command} {payload or {}} -> {answer.status} {answer.detail!r}"[:400])
        return answer

    @property
    def last(self) -> Answer:
        """balanz's answer to the latest call."""
        if not self.answers:
            raise AssertionError("the operator has not called balanz yet")
        return self.answers[-1]

    def answered(self, status: str) -> None:
        """balanz answered the latest call with this status (a result's, or an error status starting with it)."""
        assert_that(self.last, outcome(status), f"balanz's answer to {self.last.command}")

    def _id(self, alias: str) -> str:
        return self.chargers.spec(alias).charger_id

    # --- sessions, groups and their maxima -------------------------------------------------------------
    def set_session_priority(self, alias: str, direction: str, priority: int) -> None:
        """Give the running session at ``alias`` a new priority (SetChargePriority); ``direction`` (raises or
        lowers) must be true of the session's priority by the site's data as the scenario left it."""
        tag = self.chargers(alias).view().id_tag
        before = self.state.session_priority(alias, tag)
        self._premise(direction, before, priority, f"the session at {alias}'s priority")
        sent = time.time()
        self.call("SetChargePriority", {"charger_id": self._id(alias), "connector_id": 1, "priority": priority})
        self._publish(SessionPriorityChanged(alias, priority, at=sent))

    def try_session_priority(self, alias: str, priority: int) -> Answer:
        """Try to give the session at ``alias`` a new priority (SetChargePriority), whatever it had: balanz refuses it
        where no session runs. A change balanz made is published (the safety watch's oracle follows it)."""
        sent = time.time()
        answer = self.attempt("SetChargePriority", {"charger_id": self._id(alias), "connector_id": 1,
                                                    "priority": priority})  # fmt: skip
        if answer.status == ANSWERED:
            self._publish(SessionPriorityChanged(alias, priority, at=sent))
        return answer

    def suspend_group(self, group_id: str, suspend: bool) -> None:
        """Suspend (or resume) balancing for a group (SetBalanzState)."""
        sent = time.time()
        self.call("SetBalanzState", {"group_id": group_id, "suspend": suspend})
        self._publish(SuspensionChanged(group_id, suspend, at=sent))

    def set_group_maximum(self, group_id: str, schedule: str) -> None:
        """Change a group's maximum schedule (UpdateGroup)."""
        sent = time.time()
        self.call("UpdateGroup", {"group_id": group_id, "max_allocation": schedule})
        self._publish(MaximumChanged(group_id, schedule, at=sent))

    def open_window(self, group_id: str, low: int, high: int, amps: int, lead: Duration, lasting: Duration) -> Window:
        """Give the group a schedule under which, from the first minute that begins at least ``lead`` from now,
        for at least ``lasting`` (in whole minutes), the bucket of priorities ``low``..``high`` may use ``amps``,
        the other buckets their usual maxima. The window is kept (``window``) for the steps that check before
        and after its boundaries."""
        group = self.site.groups[group_id]
        minutes = whole_minutes(self.profile.seconds(lasting))
        # The schedule is sent at once: what is held before the boundary is held from (about) now.
        ahead = self.profile.seconds(lead) + WINDOW_SLACK
        window = window_from(group, window_value(group, low, high, amps), minutes, time.time(), ahead)
        self.set_group_maximum(group_id, window.schedule)
        self.record.note(f"time-of-day window for {group_id}: {low}-{high} may use {amps} A during {window.describe()}")
        self.window = window
        return window

    def leave_out_now(self, group_id: str, minutes: int) -> None:
        """Give a group a schedule with a gap from the current minute for ``minutes``, its usual maxima otherwise."""
        self.set_group_maximum(group_id, gap_from_now(self.site.groups[group_id], minutes, time.time()))

    # --- balanz's configuration -------------------------------------------------------------------------
    def set_config(self, section: str, key: str, value: str, *, trying: bool = False) -> None:
        """Change a live configuration value (SetConfig; balanz takes strings only)."""
        self.send("SetConfig", {"section": section, "key": key, "value": str(value)}, trying=trying)

    def set_log_level(self, component: str, level: str) -> None:
        """Try to set a component's log level (SetLogLevel); the answer is kept for the step that checks it."""
        self.attempt("SetLogLevel", {"component": component, "loglevel": level})

    def suspend_first_delay_until_top_of_hour(self) -> None:
        """Turn balanz's top-of-hour rule for a first delay on in the running balanz (a live setting)."""
        self.set_config("balanz", "suspend_top_of_hour", "True")

    # --- tags ---------------------------------------------------------------------------------------------
    def create_tag(
        self, id_tag: str, user_name: str, status: str | None = "Activated", priority: int | None = None
    ) -> None:
        """Create a tag (CreateTag), with this status (None: give none, and balanz creates it Blocked)."""
        payload: dict[str, Any] = {"id_tag": id_tag, "user_name": user_name}
        if status is not None:
            payload["status"] = status
        if priority is not None:
            payload["priority"] = priority
        self.call("CreateTag", payload)
        self._publish(TagChanged(id_tag, payload))

    def create_tag_without_status(self, id_tag: str, user_name: str) -> None:
        """Create a tag giving no status (CreateTag); balanz must answer Accepted."""
        self.create_tag(id_tag, user_name, status=None)
        self.answered("Accepted")

    def update_tag(self, tag: str, **changes: Any) -> None:
        """Change a tag of the site: its status, priority or user (UpdateTag)."""
        id_tag = self.site.tag(tag).id_tag
        self.call("UpdateTag", {"id_tag": id_tag, **changes})
        self._publish(TagChanged(id_tag, changes))

    def delete_tag(self, tag: str) -> None:
        """Delete a tag of the site (DeleteTag)."""
        id_tag = self.site.tag(tag).id_tag
        self.call("DeleteTag", {"id_tag": id_tag})
        self._publish(TagChanged(id_tag, {}, deleted=True))

    # --- chargers ----------------------------------------------------------------------------------------
    def update_charger(self, alias: str, **changes: Any) -> None:
        """Change a charger's priority, conn_max, alias or description (UpdateCharger)."""
        sent = time.time()
        self.call("UpdateCharger", {"charger_id": self._id(alias), **changes})
        self._publish(ChargerChanged(alias, changes, at=sent))

    def change_limit(self, alias: str, direction: str, amps: float) -> None:
        """Raise or lower a charger's limit (conn_max, UpdateCharger); ``direction`` must be true of its limit in
        the site's data as the scenario left it."""
        self._premise(direction, self.state.charger(alias).conn_max, amps, f"{alias}'s limit")
        self.update_charger(alias, conn_max=amps)

    def lower_limit_below_minimum(self, alias: str, amps: float) -> None:
        """Set a charger's limit (conn_max) below the minimum offer (UpdateCharger)."""
        assert_that(self.profile.min_allocation, greater_than(amps), "premise: the new limit is below the minimum")
        self.update_charger(alias, conn_max=amps)

    def create_charger(
        self, charger_id: str, alias: str, group_id: str, conn_max: float | None, priority: int | None = None
    ) -> Answer:
        """Create a charger (CreateCharger), with a limit and a priority if given (without a priority balanz stores
        none; without a limit it gives the charger its default limit)."""
        payload: dict[str, Any] = {"charger_id": charger_id, "alias": alias, "group_id": group_id}
        if conn_max is not None:
            payload["conn_max"] = conn_max
        if priority is not None:
            payload["priority"] = priority
        return self.call("CreateCharger", payload)

    def create_new_charger(self, alias: str, charger_id: str, group_id: str, priority: int, conn_max: float) -> None:
        """Create a charger that data/model does not have (CreateCharger); balanz must accept it. The scenario may
        then connect it (Chargers.connect_created)."""
        self.create_charger(charger_id, alias, group_id, conn_max, priority=priority)
        self.answered("Accepted")
        self.chargers.created_one(ChargerSpec(charger_id, alias, group_id, priority, conn_max))

    def delete_charger(self, name: str) -> None:
        """Delete the charger balanz's chargers file names ``name`` (DeleteCharger)."""
        found = [r["charger_id"] for r in self.files.rows("chargers") if r["alias"] == name]
        assert len(found) == 1, f"balanz's chargers file names {len(found)} chargers {name}"
        self.call("DeleteCharger", {"charger_id": found[0]})

    def recreate_without_priority(self, alias: str) -> None:
        """Delete a charger and create it again through the API with no priority, then let it reconnect (its
        connection belongs to the deleted record until then)."""
        spec = self.chargers.spec(alias)
        self.call("DeleteCharger", {"charger_id": spec.charger_id})
        self.call("CreateCharger", {"charger_id": spec.charger_id, "alias": alias, "group_id": spec.group_id,
                                    "conn_max": spec.conn_max, "description": "no priority"})  # fmt: skip
        self._publish(ChargerChanged(alias, {"priority": None}))  # the site's data: the charger has no priority now
        self.chargers(alias).reconnect()

    def reset_charger_auth(self, alias: str) -> None:
        """Forget a charger's credentials so that it is provisioned again (ResetChargerAuth)."""
        self.call("ResetChargerAuth", {"charger_id": self._id(alias)})

    # --- what balanz passes on to a charger ---------------------------------------------------------------
    def change_charger_configuration(self, alias: str, key: str, value: str) -> None:
        """Set an OCPP configuration key of a charger (ChangeConfiguration); the charger must accept it."""
        self.call("ChangeConfiguration", {"charger_id": self._id(alias), "key": key, "value": value})

    def try_charger_configuration(self, alias: str, key: str, value: str) -> None:
        """Try to set an OCPP configuration key of a charger (ChangeConfiguration), which the charger may refuse:
        balanz passes the charger's refusal on as an error answer, kept for the step that checks it."""
        self.attempt("ChangeConfiguration", {"charger_id": self._id(alias), "key": key, "value": value})

    def charger_configuration(self, alias: str, keys: list[str]) -> Answer:
        """Read keys of a charger's OCPP configuration (GetConfiguration). Name the keys: ocppsim fails a
        GetConfiguration without any (its handler lacks a default)."""
        return self.call("GetConfiguration", {"charger_id": self._id(alias), "key": keys})

    def configuration_reads(self, alias: str, key: str, value: str) -> None:
        """Asked through balanz (GetConfiguration), the charger gives its configuration key this value."""
        answer = self.charger_configuration(alias, [key])
        assert_that(answer, configuration_value(key, value), f"{alias}: GetConfiguration {key} through balanz")

    def configuration_is_unknown(self, alias: str, key: str) -> None:
        """Asked through balanz (GetConfiguration), the charger lists its configuration key as unknown."""
        answer = self.charger_configuration(alias, [key])
        assert_that(answer, configuration_unknown(key), f"{alias}: GetConfiguration {key} through balanz")

    def remote_start(self, alias: str, tag: str, kind: str | None = None, *, trying: bool = False) -> None:
        """Ask the charger to start a session for a tag (RemoteStartTransaction): a tag of the site, or one the
        feature calls known, unknown or blocked (checked against data/model)."""
        if kind is None:
            self.site.tag(tag)
        else:
            self.site.tag_of_kind(tag, kind)
        payload = {"charger_id": self._id(alias), "connector_id": 1, "id_tag": tag}
        self.send("RemoteStartTransaction", payload, trying=trying)

    def remote_stop(self, alias: str) -> None:
        """Ask the charger to stop its running transaction (RemoteStopTransaction), by the id the charger gave it."""
        transaction_id = self.chargers(alias).sim_status().transaction_id
        self.call("RemoteStopTransaction", {"charger_id": self._id(alias), "transaction_id": transaction_id})

    def reset(self, alias: str, kind: str = "Soft") -> None:
        """Restart a charger (Reset); its running session, which the charger will end, is followed so that its
        record can be found."""
        self.records.follow(alias)
        self.call("Reset", {"charger_id": self._id(alias), "type": kind})

    def await_reconnected(self, alias: str) -> None:
        """After a Reset: balanz has seen the charger connect a second time, and shows it connected and Available
        with the session ended."""
        eventually(
            lambda: self.api.logs(logger="balanz", messageSearch=f"({alias}) succesfully connected"),
            has_length(2),
            within=self.profile.charger_reset + self.profile.sim_reconnect + self.profile.prompt,
            reason=f"balanz sees {alias} connect a second time",
            show=len,
        )
        self.chargers(alias).await_view(connected(status="Available", in_transaction=False),
                                        within=self.profile.prompt,
                                        reason="session ended, connected again and Available")  # fmt: skip

    def _messages_from(self, alias: str, message: str) -> int:
        """How many messages of this kind (e.g. StatusNotification) balanz has received from ``alias``."""
        log = self.api.ocpp_log(self._id(alias))
        return sum(1 for m in log if ": receive message [2," in m and f'"{message}"' in m)

    def trigger(self, alias: str, message: str) -> None:
        """Ask a charger to send a message now (TriggerMessage), once balanz's own requests to it are answered
        (balanz_api.own_requests_answered); remember how many such messages balanz had received before."""
        eventually(
            lambda: self.api.own_requests_answered(self._id(alias)),
            equal_to(True),
            within=self.profile.charger_initialization,
            reason=f"{alias} answered balanz's own requests after connecting",
        )
        self._received_before[(alias, message)] = self._messages_from(alias, message)
        self.call("TriggerMessage", {"charger_id": self._id(alias), "requested_message": message, "connector_id": 1})

    def await_message_from(self, alias: str, message: str) -> None:
        """Promptly balanz receives one more message of this kind from ``alias`` than before ``trigger``."""
        eventually(
            lambda: self._messages_from(alias, message),
            greater_than(self._received_before.get((alias, message), 0)),
            within=self.profile.prompt,
            reason=f"balanz receives a {message} from {alias}",
        )

    def set_tx_profile(self, alias: str, amps: float, *, trying: bool = False) -> None:
        """Set the running session's charging limit at the charger (SetTxProfile), for the charger's transaction."""
        transaction_id = self.chargers(alias).sim_status().transaction_id
        self.send("SetTxProfile", {"charger_id": self._id(alias), "connector_id": 1,
                                   "transaction_id": transaction_id, "limit": amps}, trying=trying)  # fmt: skip

    def set_default_profile(
        self, alias: str, profile_id: int, connector_id: int, stack_level: int, amps: float, *, trying: bool = False
    ) -> None:
        """Set a default charging profile (TxDefaultProfile) at a charger (SetDefaultProfile)."""
        self.send("SetDefaultProfile", {"charger_id": self._id(alias), "charging_profile_id": profile_id,
                                        "connector_id": connector_id, "stack_level": stack_level,
                                        "limit": amps}, trying=trying)  # fmt: skip

    def replace_blocking_profile(self, alias: str, amps: float, *, trying: bool = False) -> None:
        """Set a default charging limit at a charger in place of balanz's blocking profile (same id and level)."""
        self.set_default_profile(alias, BLOCKING_PROFILE_ID, 1, BLOCKING_STACK_LEVEL, amps, trying=trying)

    def clear_default_profiles(self, alias: str) -> None:
        """Clear every default charging profile of a charger (ClearDefaultProfiles)."""
        self.call("ClearDefaultProfiles", {"charger_id": self._id(alias)})

    def clear_default_profile(self, alias: str, profile_id: int = BLOCKING_PROFILE_ID) -> None:
        """Clear one charging profile of a charger by its id (ClearDefaultProfile): balanz sends the charger a
        ClearChargingProfile with this id and connector 1, and no purpose or stack level."""
        self.call("ClearDefaultProfile", {"charger_id": self._id(alias), "charging_profile_id": profile_id,
                                          "connector_id": 1})  # fmt: skip

    # --- API users ------------------------------------------------------------------------------------------
    def create_user(self, user_id: str, user_type: str, password: str) -> None:
        """Create an API user (CreateUser); balanz must answer Accepted."""
        self.call("CreateUser", {"user_id": user_id, "user_type": user_type, "password": password,
                                 "description": "scenario"})  # fmt: skip
        self.answered("Accepted")

    def update_user(self, user_id: str, **changes: str) -> None:
        """Change an API user's type, password or description (UpdateUser)."""
        self.call("UpdateUser", {"user_id": user_id, **changes})

    def delete_user(self, user_id: str) -> None:
        """Delete an API user (DeleteUser)."""
        self.call("DeleteUser", {"user_id": user_id})

    # --- balanz's files -------------------------------------------------------------------------------------
    def write_file_value(self, name: str, key: str, column: str, value: str) -> None:
        """Edit one cell of one of balanz's files by hand, as an operator would: the row of ``key`` (a group id,
        a tag, a user id, or for the chargers file a charger's alias). balanz does not notice until it reads the
        file again."""
        row_key = self._id(key) if name == "chargers" else key
        self.files.edit(name, row_key, {column: value})
        self.record.note(f"operator: wrote {column}={value!r} for {key} into balanz's {name} file")

    def reload(self, what: str) -> None:
        """Have balanz read one of its model files again (ReloadGroups, ReloadChargers, ReloadTags); from then on
        what the file says is in force (the watches follow a groups file's maxima)."""
        if what not in RELOADABLE:
            raise AssertionError(f"balanz reloads its {', '.join(RELOADABLE)}, not '{what}'")
        sent = time.time()
        self.call(f"Reload{what.capitalize()}", {})
        self._publish(FileReloaded(what, self.files.path(what), at=sent))

    # --- balanz itself ------------------------------------------------------------------------------------
    def restart_balanz(self) -> None:
        """balanz restarts with the same runtime directory (its configuration, model files, history and audit
        log); done when it shows every charger of the scenario connected again and has set up its default
        charging profiles again (the chargers reconnect by themselves)."""
        self.stack.restart_balanz()
        within = self.profile.sim_reconnect + self.profile.charger_initialization
        for alias in self.chargers.in_scenario():
            charger = self.chargers(alias)
            charger.await_view(connected(), within=within, reason="after the restart balanz sees it connected")
            eventually(
                lambda c=charger.charger_id: self.api.profiles_set_up(c),
                has_length(1),
                within=within,
                reason=f"after the restart balanz set up the default profiles of {alias}",
                show=len,
            )
        for alias in self.stack.sims:  # ocppsim overwrites a session's Preparing with a status balanz asked for
            charger_id = self._id(alias)
            eventually(
                lambda c=charger_id: self.api.own_requests_answered(c),
                equal_to(True),
                within=self.profile.full_run + self.profile.prompt,
                reason=f"after the restart {alias} answered balanz's own requests",
            )
        self.record.note(f"after the restart balanz sees {', '.join(self.chargers.in_scenario()) or 'no charger'}")

    def restart_fails_with(self, error: str) -> None:
        """balanz, restarted with the scenario's runtime directory, does not start: its log ends with ``error``."""
        try:
            self.stack.restart_balanz()
        except AssertionError as exc:
            log = self.record.logs.get("balanz")
            last = tail(log, 40) if log is not None else ""
            self.record.note(f"balanz did not start again, as expected: {exc}")
            assert error in last, f"balanz did not start again, but its log does not end with {error!r}:\n{last}"
            return
        raise AssertionError("balanz started again")

    @staticmethod
    def _premise(direction: str, before: float, after: float, what: str) -> None:
        """The feature's word for a change (raises, lowers) must be true of the value before and after."""
        if direction not in DIRECTIONS:
            raise AssertionError(f"the operator {' or '.join(DIRECTIONS)} a value, not '{direction}'")
        assert_that(after, DIRECTIONS[direction](before), f"premise: the operator {direction} {what}")
