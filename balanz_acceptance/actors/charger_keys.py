"""A charger's key: provisioned by balanz, sent as a websocket subprotocol, and reset by an operator.

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

from hamcrest import assert_that, equal_to, is_not, none

from balanz_acceptance.actors.scripted_charger import ScriptedCharger
from balanz_acceptance.core.record import ScenarioRecord
from balanz_acceptance.core.timing import TimingProfile
from balanz_acceptance.core.waiting import eventually
from balanz_acceptance.sut.balanz_files import BalanzFiles
from balanz_acceptance.sut.bare_charger import ConnectionOutcome
from balanz_acceptance.sut.raw_link import connect_offering


def await_key(charger: ScriptedCharger, files: BalanzFiles, profile: TimingProfile) -> str:
    """Wait until balanz has given the scripted charger a key and keeps its sha256 in the chargers file."""
    key = eventually(
        lambda: charger.authorization_key,
        is_not(none()),
        within=profile.deadline(1, "provisioning delay") + profile.prompt,
        reason=f"balanz gives {charger.alias} an authorization key",
    )
    eventually(
        lambda: (files.row("chargers", charger.charger_id) or {}).get("auth_sha"),
        is_not(equal_to("")),
        within=profile.prompt,
        reason=f"balanz keeps {charger.alias}'s key in its chargers file",
    )
    return str(key)


def protocol_credentials(charger_id: str, key: str) -> str:
    """A charger's Basic credentials as balanz reads them from a subprotocol: "<id>:<key>" in hexadecimal."""
    return f"{charger_id}:{key}".encode().hex()


def connect_with_protocol_key(
    balanz_url: str, charger_id: str, key: str | None, profile: TimingProfile, record: ScenarioRecord
) -> ConnectionOutcome:
    """Connect as ``charger_id`` offering ocpp1.6 and the credentials with ``key`` as a subprotocol (none if
    ``key`` is None), with no Authorization header."""
    protocols = ["ocpp1.6"] + ([protocol_credentials(charger_id, key)] if key is not None else [])
    outcome = connect_offering(balanz_url, charger_id, protocols, within=profile.prompt)
    record.note(f"a charger connected as {charger_id} offering {len(protocols)} subprotocol(s): {outcome}")
    return outcome


def accepted(outcome: ConnectionOutcome) -> None:
    """balanz kept the connection open."""
    assert_that(str(outcome), equal_to("accepted"), "how balanz treated the connection")


def closed_with(outcome: ConnectionOutcome, code: int) -> None:
    """balanz closed the connection with ``code``."""
    assert_that(outcome.close_code, equal_to(code), f"how balanz ended the connection ({outcome})")
