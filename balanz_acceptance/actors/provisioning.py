"""Charger authentication: how a charger gets its authorization key, with ocppsim's "=" bug handled."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from hamcrest import greater_than_or_equal_to, not_none

from balanz_acceptance.actors.charger_under_test import ChargerUnderTest
from balanz_acceptance.actors.operator import Operator
from balanz_acceptance.core.timing import TimingProfile
from balanz_acceptance.core.waiting import eventually

KEY_NAME = "AuthorizationKey"
#: Each new key contains "=" with probability ~0.16; eight in a row would be a 1-in-2-million event.
MAX_ATTEMPTS = 8


@dataclass
class Provisioning:
    """Watches one charger being provisioned with a key, as balanz and the simulator record it."""

    charger: ChargerUnderTest
    operator: Operator
    profile: TimingProfile
    sim_dir: Path

    @property
    def conf_file(self) -> Path:
        """The simulator's per-charger configuration file (``<conf_dir>/<charger id>.conf``)."""
        return self.sim_dir / f"{self.charger.charger.charger_id}.conf"

    def stored_key(self) -> str | None:
        """The key the simulator has stored (the raw text after ``AuthorizationKey=``), if any."""
        try:
            lines = self.conf_file.read_text().splitlines()
        except OSError:
            return None
        return next((line.split("=", 1)[1] for line in lines if line.startswith(f"{KEY_NAME}=")), None)

    def keys_set(self) -> int:
        """How many times balanz has logged setting a key on this charger."""
        marker = f"Succesfully set {KEY_NAME} for {self.charger.charger.charger_id}"
        return len(self.charger.api.logs(messageSearch=marker))

    def await_key(self) -> str:
        """Wait until balanz has set a key the simulator can keep, re-provisioning past ocppsim's "=" bug.

        ocppsim cannot read back a key containing "=" (it empties its configuration, ocppsim-reference.md
        §2). When balanz generates such a key, the charger's credentials are reset through the API and it
        is provisioned again; every such round is written to the scenario log as a known issue.
        """
        deadline = self.profile.deadline(1, "provisioning delay")
        for attempt in range(1, MAX_ATTEMPTS + 1):
            eventually(
                self.keys_set,
                greater_than_or_equal_to(attempt),
                within=deadline,
                reason=f"{self.charger.alias}: balanz sets an authorization key",
            )
            key = eventually(
                self.stored_key, not_none(), within=self.profile.prompt, reason="the charger stores its key"
            )
            if "=" not in key:
                return key
            self.charger.record.note(
                f"KNOWN ISSUE (ocppsim): {self.charger.alias} was given a key containing '=', which ocppsim "
                "cannot read back; resetting its credentials to provision a new key"
            )
            self.operator.reset_charger_auth(self.charger.charger.charger_id)
            self.charger.reconnect()
        raise AssertionError(f"{self.charger.alias}: {MAX_ATTEMPTS} keys in a row contained '='")
