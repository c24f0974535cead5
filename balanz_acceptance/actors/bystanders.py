"""What a misbehaving client must not touch: the other chargers' sessions and everything balanz keeps.

Before a scenario's charger or API client misbehaves, ``note`` takes a snapshot of what balanz keeps (its
session records, GetSessions; its model and session files; its audit log) and of the sessions running at
the other chargers. Afterwards ``records_unchanged`` and ``session_goes_on`` compare: the records must be
exactly as they were, and each other session must still run at its charger - the same transaction (tag and
start), still in a charging state, its offer not lowered. That the group stays within its maximum meanwhile
is the group safety watch's job (checks/group_watch.py), which runs throughout every scenario.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hamcrest import assert_that, equal_to, greater_than, greater_than_or_equal_to, is_in

from balanz_acceptance.core.waiting import eventually
from balanz_acceptance.sut.balanz_api import BalanzApi, ConnectorView

#: The files balanz keeps in its runtime directory, relative to it (config/balanz.ini: [model], [api], [history]).
KEPT_FILES = (
    "model/groups.csv",
    "model/chargers.csv",
    "model/tags.csv",
    "model/users.csv",
    "model/firmware.csv",
    "history/sessions.csv",
)
#: Connector states of a running session (util.py status_in_transaction).
SESSION_STATES = ("Charging", "SuspendedEV", "SuspendedEVSE")


@dataclass(frozen=True)
class Records:
    """What balanz keeps at one moment: session records, its files, its audit log."""

    sessions: list[dict[str, Any]]
    files: dict[str, str]
    audit: list[str]


def records_now(api: BalanzApi, directory: Path) -> Records:
    """balanz's records now: GetSessions, the files it keeps (``KEPT_FILES``; '' if absent), the audit log."""
    files = {name: (directory / name).read_text() if (directory / name).is_file() else "" for name in KEPT_FILES}
    audit = [str(e.get("message", "")) for e in api.logs(logger="AUDIT")]
    return Records(api.sessions(), files, audit)


@dataclass
class Bystanders:
    """The other chargers' sessions and balanz's records, noted before a client misbehaves."""

    api: BalanzApi
    directory: Path
    records: Records | None = None
    sessions: dict[str, ConnectorView] | None = None

    def note(self, aliases: list[str]) -> None:
        """Note balanz's records and the sessions running at ``aliases`` now."""
        self.records = records_now(self.api, self.directory)
        self.sessions = {alias: self.api.connector(alias) for alias in aliases}
        for alias, view in self.sessions.items():
            assert_that(view.in_transaction, equal_to(True), f"{alias}: a session runs before the misbehaviour")

    def _noted(self) -> tuple[Records, dict[str, ConnectorView]]:
        if self.records is None or self.sessions is None:
            raise AssertionError("the scenario noted nothing before the misbehaviour")
        return self.records, self.sessions

    def records_unchanged(self) -> None:
        """balanz's session records, files and audit log are exactly as noted."""
        before, _ = self._noted()
        now = records_now(self.api, self.directory)
        assert_that(now.sessions, equal_to(before.sessions), "balanz's session records (GetSessions)")
        for name in KEPT_FILES:
            assert_that(now.files[name], equal_to(before.files[name]), f"balanz's file {name}")
        assert_that(now.audit, equal_to(before.audit), "balanz's audit log")

    def _noted_session(self, alias: str) -> ConnectorView:
        _, sessions = self._noted()
        if alias not in sessions:
            raise AssertionError(f"the session at {alias} was not noted before the misbehaviour")
        return sessions[alias]

    def session_goes_on(self, alias: str) -> None:
        """The noted session at ``alias`` still runs: same tag and start, a charging state, its offer not lowered."""
        before = self._noted_session(alias)
        now = self.api.connector(alias)
        same = (now.in_transaction, now.id_tag, now.start_time, now.network_connected)
        assert_that(same, equal_to((True, before.id_tag, before.start_time, True)),
                    f"{alias}: its session (in transaction, tag, start, connected) vs before")  # fmt: skip
        assert_that(now.status, is_in(SESSION_STATES), f"{alias}: its connector's state")
        assert_that(now.offered, greater_than_or_equal_to(before.offered), f"{alias}: balanz's offer (A)")

    def offer_rises(self, alias: str, *, within: float) -> None:
        """Within ``within`` seconds balanz offers the session at ``alias`` more than when it was noted."""
        before = self._noted_session(alias)
        eventually(
            lambda: self.api.connector(alias).offered,
            greater_than(before.offered),
            within=within,
            reason=f"balanz raises its offer to {alias} above {before.offered:g} A",
        )
