"""What a misbehaving client - a charger or an API client - must not touch: the other chargers' sessions and
everything balanz keeps and lists.

Before a scenario's charger or API client misbehaves, ``note`` takes a snapshot of what balanz keeps (its
session records, GetSessions; its model and session files; its audit log), of what it lists of its site (tags,
users, firmware, and the settings of its groups and chargers) and of the sessions running at the other chargers.
Afterwards the records - or the records and the lists - must be exactly as they were, and each other session
must still run at its charger: the same transaction (tag and start), still in a charging state, its offer not
lowered. That the group stays within its maximum meanwhile is the group safety watch's job
(checks/group_watch.py), which runs throughout every scenario.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from hamcrest import assert_that, equal_to, greater_than, greater_than_or_equal_to, is_in

from balanz_acceptance.core.timing import Duration, TimingProfile
from balanz_acceptance.core.waiting import eventually
from balanz_acceptance.sut.balanz_api import BalanzApi, ConnectorView
from balanz_acceptance.sut.balanz_files import FILES, BalanzFiles

#: Connector states of a running session (util.py status_in_transaction).
SESSION_STATES = ("Charging", "SuspendedEV", "SuspendedEVSE")
#: What balanz lists of a charger and of a group that an API call could change: their settings.
CHARGER_SETTINGS = ("charger_id", "alias", "group_id", "priority", "description", "conn_max")
GROUP_SETTINGS = ("group_id", "description", "max_allocation", "chargers")


@dataclass(frozen=True)
class Snapshot:
    """What balanz keeps and lists at one moment: session records, its files (by name, '' if absent), its audit
    log, and its lists of tags, users, firmware, groups and chargers."""

    sessions: list[dict[str, Any]]
    files: dict[str, str]
    audit: list[str]
    listed: dict[str, Any]


class Bystanders:
    """The other chargers' sessions and what balanz keeps and lists, noted before a client misbehaves."""

    def __init__(
        self,
        api: Callable[[], BalanzApi],
        files: BalanzFiles,
        profile: TimingProfile,
        misbehaving: Callable[[], Sequence[str]] = tuple,
    ) -> None:
        self.api = api
        self.files = files
        self.profile = profile
        #: The ids of the chargers the scenario plays message by message (the ones that misbehave): what balanz
        #: audits of a charger's own doings (its connection, its tags) is not another's record.
        self.misbehaving = misbehaving
        self.before: Snapshot | None = None
        self.sessions: dict[str, ConnectorView] = {}

    def snapshot(self) -> Snapshot:
        """What balanz keeps and lists now."""
        api = self.api()
        paths = {name: self.files.path(name) for name in FILES}
        listed = {
            "tags": api.call("GetTags"),
            "users": api.call("GetUsers"),
            "firmware": api.call("GetFirmware"),
            "groups": [{k: g.get(k) for k in GROUP_SETTINGS} for g in api.groups()],
            "chargers": [{k: c.get(k) for k in CHARGER_SETTINGS} for c in api.chargers()],
        }
        return Snapshot(
            sessions=api.sessions(),
            files={name: path.read_text() if path.is_file() else "" for name, path in paths.items()},
            audit=[str(e.get("message", "")) for e in api.logs(logger="AUDIT")],
            listed=listed,
        )

    def note(self, aliases: Sequence[str] = ()) -> None:
        """Note what balanz keeps and lists, and the sessions running at ``aliases``, now."""
        self.before = self.snapshot()
        self.sessions = {alias: self.api().connector(alias) for alias in aliases}
        for alias, view in self.sessions.items():
            assert_that(view.in_transaction, equal_to(True), f"{alias}: a session runs before the misbehaviour")

    def _noted(self) -> Snapshot:
        if self.before is None:
            raise AssertionError("the scenario noted nothing before the misbehaviour")
        return self.before

    def records_unchanged(self, now: Snapshot | None = None) -> None:
        """balanz's session records, files and audit log are exactly as noted."""
        before, now = self._noted(), now or self.snapshot()
        assert_that(now.sessions, equal_to(before.sessions), "balanz's session records (GetSessions)")
        for name, text in before.files.items():
            assert_that(now.files[name], equal_to(text), f"balanz's {name} file")
        ids = tuple(self.misbehaving())
        others = lambda entries: [e for e in entries if not any(i in e for i in ids)]  # noqa: E731
        what = "balanz's audit log" + (f" (but for its entries about {', '.join(ids)} itself)" if ids else "")
        assert_that(others(now.audit), equal_to(others(before.audit)), what)

    def unchanged(self) -> None:
        """balanz keeps and lists exactly what it did when noted."""
        before, now = self._noted(), self.snapshot()
        for name, listed in before.listed.items():
            assert_that(now.listed[name], equal_to(listed), f"balanz's list of {name}")
        self.records_unchanged(now)

    def _noted_session(self, alias: str) -> ConnectorView:
        if alias not in self.sessions:
            raise AssertionError(f"the session at {alias} was not noted before the misbehaviour")
        return self.sessions[alias]

    def session_goes_on(self, alias: str) -> None:
        """The noted session at ``alias`` still runs: same tag and start, a charging state, its offer not lowered."""
        before = self._noted_session(alias)
        now = self.api().connector(alias)
        same = (now.in_transaction, now.id_tag, now.start_time, now.network_connected)
        assert_that(same, equal_to((True, before.id_tag, before.start_time, True)),
                    f"{alias}: its session (in transaction, tag, start, connected) vs before")  # fmt: skip
        assert_that(now.status, is_in(SESSION_STATES), f"{alias}: its connector's state")
        assert_that(now.offered, greater_than_or_equal_to(before.offered), f"{alias}: balanz's offer (A)")

    def offer_rises(self, alias: str, within: Duration) -> None:
        """Within a feature's duration balanz offers the session at ``alias`` more than when it was noted."""
        before = self._noted_session(alias)
        eventually(
            lambda: self.api().connector(alias).offered,
            greater_than(before.offered),
            within=self.profile.within(within),
            reason=f"balanz raises its offer to {alias} above {before.offered:g} A",
        )
