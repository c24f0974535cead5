"""balanz's audit log: the entries of a session, of authorization decisions, of an operator's changes to tags and
chargers, and the log read back when balanz starts.

balanz writes its audit entries with the logger AUDIT (model.py, api.py: audit_logger) into its in-memory log,
which GetLogs lists, and into its audit file ([history] audit_file); when it starts it reads the audit file
back into its in-memory log (memory_log_handler.py MemoryLogHandler.parse_log_file), so GetLogs lists the
entries written before a restart with their levels and times. The audit log hears the scenario's events: just
before balanz restarts it notes what balanz lists.

A feature states the entries of a session at a charger the scenario plays message by message with placeholders
for what the charger chose: ``<session id>``, ``<start>``, ``<end>``, ``<duration>``, filled in from the
charger's own StartTransaction and StopTransaction times (sut/scripted_charger.py ScriptedCharger.fill_session).
"""

from __future__ import annotations

from typing import Any

from hamcrest import assert_that, contains_string, empty, equal_to, has_item, is_not

from balanz_acceptance.actors.chargers import Chargers
from balanz_acceptance.checks.records import audit_in_order
from balanz_acceptance.core.events import BalanzRestarting, Event, Events
from balanz_acceptance.core.site import SiteModel
from balanz_acceptance.core.timing import TimingProfile
from balanz_acceptance.core.users import load_api_users
from balanz_acceptance.core.waiting import eventually
from balanz_acceptance.sut.balanz_api import BalanzApi
from balanz_acceptance.sut.stack import Stack

#: What of an entry balanz reads back from its audit file.
KEPT = ("timestamp", "level", "logger", "message")


class AuditLog:
    """balanz's audit log as GetLogs lists it, and what it listed just before balanz last restarted."""

    def __init__(
        self, stack: Stack, site: SiteModel, chargers: Chargers, profile: TimingProfile, events: Events
    ) -> None:
        self.stack = stack
        self.site = site
        self.chargers = chargers
        self.profile = profile
        #: The entries balanz listed just before it last restarted (empty until then).
        self.before_restart: list[dict[str, Any]] = []
        events.subscribe(self._hear)

    def _hear(self, event: Event) -> None:
        if isinstance(event, BalanzRestarting):
            self.before_restart = self.entries()

    def api(self) -> BalanzApi:
        """The scenario's Admin API connection (it logs in again after a balanz restart)."""
        assert self.stack.api is not None, "the stack is not started"
        return self.stack.api

    def entries(self) -> list[dict[str, Any]]:
        """balanz's audit log entries (GetLogs of the AUDIT logger): level, message, timestamp, logger."""
        return self.api().logs(logger="AUDIT")

    def messages(self) -> list[str]:
        """The messages of balanz's audit log entries."""
        return [e.get("message", "") for e in self.entries()]

    def in_order(self, messages: list[str]) -> None:
        """Promptly balanz's audit log has entries with these messages, written since this scenario's balanz
        started (GetStatus starttime, balanz's local time), in this order."""
        matcher = audit_in_order(messages, str(self.api().status()["starttime"]))
        eventually(self.entries, matcher, within=self.profile.prompt, reason="balanz's audit log", show=len)

    def session_in_order(self, alias: str, entries: list[str]) -> None:
        """``in_order``, the placeholders of the latest session at the scripted charger ``alias`` filled in."""
        charger = self.chargers.scripted(alias)
        self.in_order([charger.fill_session(entry) for entry in entries])

    def change_names_no_operator(self, mention: str) -> None:
        """balanz's audit entries mentioning ``mention`` (an operator's change) name neither the operator's API user
        id nor its user type (data/model/users.csv: the user whose token is the suite's)."""
        users = load_api_users(self.site.model_dir / "users.csv").values()
        found = [u for u in users if u.token == self.stack.settings.api_token]
        assert found, "data/model/users.csv documents no user with the suite's API token"
        entries = eventually(
            lambda: [m for m in self.messages() if mention in m],
            is_not(empty()),
            within=self.profile.prompt,
            reason=f"balanz's audit entry mentioning {mention}",
        )
        for word in (found[0].user_id, found[0].user_type):
            assert_that(entries, is_not(has_item(contains_string(word))), f"the audit entries of the change ({word})")

    def lacks(self, text: str) -> None:
        """balanz's audit log has no entry whose message mentions ``text``."""
        assert_that(self.messages(), is_not(has_item(contains_string(text))), "balanz's audit log")

    def listed_again(self) -> None:
        """After a restart balanz lists exactly the entries it listed just before it, with their levels and
        times."""
        assert self.before_restart, "balanz's audit log was empty before the restart: nothing to read back"
        now = [{k: e.get(k) for k in KEPT} for e in self.entries()]
        before = [{k: e.get(k) for k in KEPT} for e in self.before_restart]
        assert_that(now, equal_to(before), "balanz's audit log (GetLogs) after the restart vs before it")
