"""The per-scenario world the steps talk to: a registry of the site, the timing profile, the stack, the record,
the safety watches and the roles (the chargers, the operator, balanz's records and audit log, what its API shows,
the offers of several chargers, further API clients, who may connect as a charger, firmware, the bystanders of a
misbehaving client, the central system balanz is a local controller for). It holds no logic of its own: each role
keeps its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from balanz_acceptance.actors.api_client import ApiClient
from balanz_acceptance.actors.api_probe import ApiProbe
from balanz_acceptance.actors.api_views import ApiViews
from balanz_acceptance.actors.audit_log import AuditLog
from balanz_acceptance.actors.balancing import Balancing
from balanz_acceptance.actors.bystanders import Bystanders
from balanz_acceptance.actors.charger_access import ChargerAccess
from balanz_acceptance.actors.charger_under_test import ChargerUnderTest
from balanz_acceptance.actors.chargers import Chargers
from balanz_acceptance.actors.firmware import Firmware
from balanz_acceptance.actors.local_controller import LocalController
from balanz_acceptance.actors.operator import Operator
from balanz_acceptance.actors.records import Records
from balanz_acceptance.actors.storm import Storm
from balanz_acceptance.checks.watches import Watches
from balanz_acceptance.core.record import ScenarioRecord
from balanz_acceptance.core.site import ChargerSpec, SiteModel
from balanz_acceptance.core.site_state import SiteState
from balanz_acceptance.core.timing import TimingProfile
from balanz_acceptance.core.users import load_api_users
from balanz_acceptance.sut.balanz_api import BalanzApi
from balanz_acceptance.sut.stack import Stack


@dataclass
class World:
    """Everything a step needs, created fresh for every scenario."""

    site: SiteModel
    profile: TimingProfile
    stack: Stack
    record: ScenarioRecord
    watches: Watches = field(init=False)
    state: SiteState = field(init=False)
    records: Records = field(init=False)
    chargers: Chargers = field(init=False)
    operator: Operator = field(init=False)
    balancing: Balancing = field(init=False)
    audit: AuditLog = field(init=False)
    _local_controller: LocalController | None = field(init=False, default=None)
    #: Starts a fresh world for the same scenario (a storm replays its events on one: actors/storm.py); the run
    #: sets it.
    renew: Callable[[], World] | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        events = self.stack.events
        # The site's data first: the watches take each session's priority from it, not from balanz.
        self.state = SiteState(
            self.site, self._spec, events, default_priority=self.profile.balanz.getint("balanz", "default_priority")
        )
        self.watches = Watches(self.site, self.profile, self.record, events, lambda: self.stack.new_api(), self.state)
        # The chargers are made with the records: the records find a charger through them when asked (and the
        # audit log's messages through the audit log, made later).
        self.records = Records(self.stack, self.site, self._spec, self.charger, self.profile, self.record, events,
                               audit=lambda: self.audit.messages())  # fmt: skip
        self.chargers = Chargers(self.site, self.profile, self.stack, self.record, self.records, self.watches)
        self.operator = Operator(
            self.stack, self.site, self.state, self.chargers, self.records, self.profile, self.record
        )
        self.balancing = Balancing(self._api, self.chargers, self.profile, self.operator, self.watches, self.record)
        self.audit = AuditLog(self.stack, self.site, self.chargers, self.profile, events)
        if self.stack.central_system is not None:  # made now: it hears what happens to the chargers from the start
            self._local_controller = LocalController(
                self.stack.central_system, self.stack, self.site, self.chargers, self.charger_access, self.profile,
                self.record, events,
            )  # fmt: skip

    def _api(self) -> BalanzApi:
        assert self.stack.api is not None, "the stack is not started"
        return self.stack.api

    def _spec(self, alias: str) -> ChargerSpec:
        return self.chargers.spec(alias)

    def charger(self, alias: str) -> ChargerUnderTest:
        """The charger with this alias, as a charger under test."""
        return self.chargers(alias)

    def watch_groups(self, aliases: list[str]) -> None:
        """Start a safety watch on every allocation group these chargers (with simulators) belong to."""
        for group_id in dict.fromkeys(self.chargers.spec(a).group_id for a in aliases):
            sides = {a: self.stack.new_sim_client(a) for a in aliases if self.chargers.spec(a).group_id == group_id}
            self.watches.start(group_id, sides)

    @cached_property
    def storm(self) -> Storm:
        """Storms over the site's chargers, played by the harness, and the checks after them."""
        settings = self.stack.settings
        return Storm(self.site, self.profile, self.chargers, self.operator, self.watches, self.record,
                     settings.storm_seed, settings.storm_shrink, self.renew)  # fmt: skip

    @cached_property
    def api_client(self) -> ApiClient:
        """A further API connection of this scenario that starts logged out (closed by ``close``)."""
        return ApiClient(BalanzApi(self.stack.balanz_url), self.site, self.profile, self.chargers, self.record)

    @cached_property
    def api_probe(self) -> ApiProbe:
        """An API client that misbehaves as the scenario says, and logins that should fail (closed by ``close``)."""
        users = load_api_users(self.site.model_dir / "users.csv")
        return ApiProbe(self.stack.balanz_url, self.stack.settings.api_token, self.record, users)

    @cached_property
    def views(self) -> ApiViews:
        """What balanz's API shows of balanz and its site."""
        return ApiViews(self.stack, self.site, self.profile, self.chargers, self.record)

    @cached_property
    def bystanders(self) -> Bystanders:
        """What a misbehaving client must not touch: the other sessions, what balanz keeps and lists."""
        return Bystanders(
            self._api,
            self.records.files,
            self.profile,
            lambda: [c.charger_id for c in self.chargers.scripted_chargers.values()],
        )

    @cached_property
    def firmware(self) -> Firmware:
        """The operator's firmware list, what balanz offers each charger, UpdateFirmware."""
        return Firmware(self.operator, self.chargers, self.records.files)

    @cached_property
    def charger_access(self) -> ChargerAccess:
        """Bare connections as a charger, balanz's settings for who may connect, and key provisioning."""
        return ChargerAccess(self.site, self.stack, self.chargers, self.operator, self.profile, self.record)

    @property
    def local_controller(self) -> LocalController:
        """The central system the harness plays and balanz as a local controller in front of it."""
        if self._local_controller is None:
            raise AssertionError(
                "balanz is no local controller here: no step says 'a site whose balanz is a local ...'"
            )
        return self._local_controller

    def close(self) -> None:
        """Stop the chargers and the stack's processes first, then the watches and every client (idempotent): a
        client of a program that is gone closes at once. (after_scenario has judged the watches before this.)"""
        try:
            probe = self.__dict__.pop("api_probe", None)
            if probe is not None:
                probe.close()  # its connections end before balanz does
            self.chargers.close()  # so do the scripted chargers'
            self.stack.stop()
        finally:
            self.watches.close()
            client = self.__dict__.pop("api_client", None)
            if client is not None:
                client.close()
