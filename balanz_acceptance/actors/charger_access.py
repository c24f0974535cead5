"""Who may connect: chargers connecting with or without credentials, where balanz registers them, and how a
charger is provisioned with its authorization key."""

from __future__ import annotations

from dataclasses import dataclass

from hamcrest import assert_that, contains_exactly, equal_to, has_entries

from balanz_acceptance.actors.chargers import Chargers
from balanz_acceptance.actors.operator import Operator
from balanz_acceptance.actors.provisioning import Provisioning
from balanz_acceptance.core.record import ScenarioRecord
from balanz_acceptance.core.site import SiteModel
from balanz_acceptance.core.timing import TimingProfile
from balanz_acceptance.sut.bare_charger import ConnectionOutcome, connect_as_charger
from balanz_acceptance.sut.stack import Stack

#: The credentials a feature may name → the key presented (None: no Authorization header).
CREDENTIALS: dict[str, str | None] = {"no credentials": None, "a wrong key": "not-the-provisioned-key"}


@dataclass
class ChargerAccess:
    """Bare connections made as a charger, balanz's settings for who may connect, and key provisioning."""

    site: SiteModel
    stack: Stack
    chargers: Chargers
    operator: Operator
    profile: TimingProfile
    record: ScenarioRecord
    #: The outcome of the last connection made.
    outcome: ConnectionOutcome | None = None

    def require_authentication(self) -> None:
        """balanz requires chargers to authenticate (http_auth, changed live)."""
        self.operator.set_config("host", "http_auth", "True")

    def register_unknown(self, register: bool) -> None:
        """balanz registers unknown chargers, or not (charger_autoregister, changed live)."""
        self.operator.set_config("model", "charger_autoregister", str(register))

    def connect_as(self, who: str, credentials: str) -> ConnectionOutcome:
        """A bare charger connects as ``who`` (a site alias, or a charger id) with ``credentials``."""
        charger_id = self.site.chargers[who].charger_id if who in self.site.chargers else who
        if credentials not in CREDENTIALS:
            raise AssertionError(f"unknown credentials '{credentials}'; known: {', '.join(CREDENTIALS)}")
        self.outcome = connect_as_charger(
            self.stack.balanz_url, charger_id, CREDENTIALS[credentials], within=self.profile.prompt
        )
        self.record.note(f"a charger connected as {charger_id} with {credentials}: {self.outcome}")
        return self.outcome

    def _last(self) -> ConnectionOutcome:
        assert self.outcome is not None, "no charger connected earlier in this scenario"
        return self.outcome

    def closed_with(self, code: int) -> None:
        """balanz closed the last connection with this close code."""
        assert_that(self._last().close_code, equal_to(code), f"how balanz ended the connection ({self.outcome})")

    def stays_open(self) -> None:
        """balanz kept the last connection open."""
        assert_that(self._last().accepted, equal_to(True), f"the connection ({self.outcome})")

    def listed_in_group_without_maximum(self, charger_id: str, group_id: str) -> None:
        """balanz lists the charger in this group, and the group has no maximum (no smart charging)."""
        api = self.operator.api
        listed = [c for c in api.chargers() if c["charger_id"] == charger_id]
        assert_that(
            listed, contains_exactly(has_entries(charger_id=charger_id, group_id=group_id)), "where balanz put it"
        )
        groups = {g["group_id"]: g for g in api.groups()}
        assert_that(groups[group_id], has_entries(max_allocation=None, max_allocation_now=[]), f"group {group_id}")

    def provisioning(self, alias: str) -> Provisioning:
        """Key provisioning of a charger; reads the simulator's files, so only with the managed stack."""
        if not self.stack.settings.managed:
            raise AssertionError("charger authentication scenarios read the simulator's files: use -D stack=managed")
        charger = self.chargers(alias)
        return Provisioning(charger, self.operator, self.profile, self.record.directory / "sims" / alias)

    def forgot_key(self, alias: str) -> None:
        """The simulator at ``alias`` has no authorization key stored (once it has read its file again: ocppsim
        reads it when asked for its configuration)."""
        provisioning = self.provisioning(alias)
        self.operator.charger_configuration(alias, ["AuthorizationKey"])
        assert_that(provisioning.stored_key(), equal_to(None), f"the key in {provisioning.conf_file}")
