"""Who may connect: chargers connecting with or without credentials, where balanz registers them, and how a
charger is provisioned with its authorization key.

With charger authentication on ([host] http_auth), balanz gives a charger without a key one after the
provisioning delay (charge_point_csms_v16.py ChargePoint_CSMS_v16.set_new_authorizationkey: ChangeConfiguration
AuthorizationKey) and keeps the sha256 of its Basic credentials in the chargers file; from then on the charger
must present them. A charger that cannot set an Authorization header - a browser's websocket - may send its
credentials, "<charger id>:<key>" in hexadecimal, as a further websocket subprotocol beside ocpp1.6, when
[host] http_auth_via_protocol is on (balanz.py on_connect: it turns that subprotocol into the Authorization
header). ResetChargerAuth forgets the charger's key (api.py; the chargers file keeps none), so the charger is
accepted without credentials and provisioned again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hamcrest import assert_that, equal_to, has_properties, is_not, none

from balanz_acceptance.actors.chargers import Chargers
from balanz_acceptance.actors.operator import Operator
from balanz_acceptance.actors.provisioning import Provisioning
from balanz_acceptance.core.errors import SetupError
from balanz_acceptance.core.record import ScenarioRecord
from balanz_acceptance.core.site import SiteModel
from balanz_acceptance.core.timing import TimingProfile
from balanz_acceptance.core.waiting import eventually
from balanz_acceptance.sut.bare_charger import ConnectionOutcome, connect_as_charger
from balanz_acceptance.sut.stack import Stack

#: The credentials a feature may name → the key presented (None: no Authorization header).
CREDENTIALS: dict[str, str | None] = {"no credentials": None, "a wrong key": "not-the-provisioned-key"}
#: Credentials that name the key itself: ``the key "lc-key-4711"``.
NAMED_KEY = re.compile(r'the key "(?P<key>[^"]+)"')
#: The keys a feature may name for a subprotocol: the charger's own, or a wrong one.
SUBPROTOCOL_KEYS = ("its key", "a wrong key")


def protocol_credentials(charger_id: str, key: str) -> str:
    """A charger's Basic credentials as balanz reads them from a subprotocol: "<id>:<key>" in hexadecimal."""
    return f"{charger_id}:{key}".encode().hex()


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
    #: Whom the last connection was made as, and the key it presented (None: no Authorization header).
    connected_as: tuple[str, str | None] | None = None

    def require_authentication(self) -> None:
        """balanz requires chargers to authenticate (http_auth, changed live)."""
        self.operator.set_config("host", "http_auth", "True")

    def register_unknown(self, register: bool) -> None:
        """balanz registers unknown chargers, or not (charger_autoregister, changed live)."""
        self.operator.set_config("model", "charger_autoregister", str(register))

    def connect_as(self, who: str, credentials: str) -> ConnectionOutcome:
        """A bare charger connects as ``who`` (a site alias, or a charger id) with ``credentials``: one of
        CREDENTIALS, or ``the key "<key>"`` (HTTP Basic credentials of the charger's id and that key)."""
        charger_id = self.site.chargers[who].charger_id if who in self.site.chargers else who
        named = NAMED_KEY.fullmatch(credentials)
        if credentials not in CREDENTIALS and named is None:
            known = ", ".join([*CREDENTIALS, 'the key "<key>"'])
            raise AssertionError(f"unknown credentials '{credentials}'; known: {known}")
        key = named["key"] if named is not None else CREDENTIALS[credentials]
        self.connected_as = (charger_id, key)
        self.outcome = connect_as_charger(self.stack.balanz_url, charger_id, key, within=self.profile.prompt)
        self.record.note(f"a charger connected as {charger_id} with {credentials}: {self.outcome}")
        return self.outcome

    def _last(self) -> ConnectionOutcome:
        assert self.outcome is not None, "no charger connected earlier in this scenario"
        return self.outcome

    def closed_with(self, code: int, reason: str | None = None) -> None:
        """balanz closed the last connection with this close code (and this reason, if given)."""
        if reason is None:
            assert_that(self._last().close_code, equal_to(code), f"how balanz ended the connection ({self.outcome})")
        else:
            assert_that(self._last(), has_properties(close_code=code, reason=reason),
                        f"how balanz ended the connection ({self.outcome})")  # fmt: skip

    def turned_away(self) -> None:
        """balanz closed the last connection, and shows the charger not connected."""
        assert_that(self._last().accepted, equal_to(False), f"the connection ({self.outcome})")
        assert self.connected_as is not None
        charger_id = self.connected_as[0]
        shown = [c.get("network_connected") for c in self.operator.api.chargers() if c["charger_id"] == charger_id]
        assert_that(shown, equal_to([False]), f"balanz's view of {charger_id} (network_connected)")

    def stays_open(self) -> None:
        """balanz kept the last connection open."""
        assert_that(self._last().accepted, equal_to(True), f"the connection ({self.outcome})")

    def connect_with_subprotocol_key(self, alias: str, which: str) -> ConnectionOutcome:
        """A charger connects as the scripted charger ``alias`` offering ocpp1.6 and, as a further subprotocol, its
        credentials with ``which`` key (its key: the one balanz gave it; a wrong key), and no Authorization header."""
        if which not in SUBPROTOCOL_KEYS:
            raise SetupError(f"'{which}': say {' or '.join(SUBPROTOCOL_KEYS)}")
        charger = self.chargers.scripted(alias)
        key = charger.authorization_key if which == "its key" else CREDENTIALS["a wrong key"]
        assert key is not None, f"balanz has given {alias} no key"
        protocols = ("ocpp1.6", protocol_credentials(charger.charger_id, key))
        self.connected_as = (charger.charger_id, key)
        self.outcome = connect_as_charger(
            self.stack.balanz_url, charger.charger_id, within=self.profile.prompt, subprotocols=protocols
        )
        self.record.note(f"a charger connected as {charger.charger_id} with {which} as a subprotocol: {self.outcome}")
        return self.outcome

    def await_key_given(self, alias: str) -> str:
        """Wait until balanz has given the scripted charger ``alias`` a key, after the provisioning delay, and
        keeps its sha256 in the chargers file."""
        charger = self.chargers.scripted(alias)
        key = eventually(
            lambda: charger.authorization_key,
            is_not(none()),
            within=self.profile.deadline(1, "provisioning delay") + self.profile.prompt,
            reason=f"balanz gives {alias} an authorization key",
        )
        eventually(
            lambda: (self.operator.files.row("chargers", charger.charger_id) or {}).get("auth_sha"),
            is_not(equal_to("")),
            within=self.profile.prompt,
            reason=f"balanz keeps {alias}'s key in its chargers file",
        )
        return str(key)

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
