"""A scenario whose balanz is a local controller in front of a central system the harness plays.

balanz runs as a local controller when its configuration names a parent central system (``[ext-server]
server``, balanz.py on_connect): chargers connect to balanz, and balanz opens a connection per charger to
``<server><charger id>``. How balanz answers the central system's SetChargingProfile and ClearChargingProfile
is ``[ext-server] server_charging_call`` (charge_point_lc_v16.py start_lc_down): ``Accepted`` or ``Rejected``
(balanz answers itself and the charger gets nothing), or ``Forward`` (passed on to the charger, whose answer
goes back). A scenario states this in the feature's words, as steps::

    Given a site whose balanz is a local controller for a central system that accepts every tag
    And a site whose local controller answers the central system's charging profiles itself with Rejected

Before the scenario's stack starts, the harness finds these sentences (``local_controller_in``); the managed
stack then starts the central system (sut/central_system.py) before balanz and renders balanz's configuration
with ``[ext-server]`` pointing at it (``LocalControllerSetting.configure``). Without the second sentence balanz
answers ``Accepted``, the value of data/config/balanz.ini. Such a scenario needs a balanz of its own (tag
``@fresh_balanz``).
"""

from __future__ import annotations

import configparser
import re
from dataclasses import dataclass

#: The sentence that makes balanz a local controller. The central system's answer to a tag it has no word
#: for: "accepts every tag" (a step may block single tags later).
SENTENCE = re.compile(r"\ba site whose balanz is a local controller for a central system that accepts every tag$")
#: The sentence that says how balanz answers the central system's charging profiles.
CHARGING_SENTENCE = re.compile(
    r"\ba site whose local controller (?:answers the central system's charging profiles itself with "
    r"(?P<answer>Accepted|Rejected)|(?P<forward>passes the central system's charging profiles on to the chargers))$"
)
#: balanz's configuration section and keys for the parent central system.
SECTION, SERVER_KEY, CHARGING_KEY = "ext-server", "server", "server_charging_call"


@dataclass(frozen=True)
class LocalControllerSetting:
    """balanz as a local controller: how it answers the central system's charging profiles (None: as
    data/config/balanz.ini says)."""

    charging_call: str | None = None

    def configure(self, balanz: configparser.ConfigParser, server_url: str) -> None:
        """Make the rendered configuration ``balanz`` name ``server_url`` as its parent central system."""
        if not balanz.has_section(SECTION):
            balanz.add_section(SECTION)
        balanz[SECTION][SERVER_KEY] = server_url
        if self.charging_call is not None:
            balanz[SECTION][CHARGING_KEY] = self.charging_call

    @staticmethod
    def server_of(balanz: configparser.ConfigParser) -> str | None:
        """The parent central system a rendered configuration names (None: balanz is the central system)."""
        return balanz.get(SECTION, SERVER_KEY, fallback=None)

    @staticmethod
    def charging_call_of(balanz: configparser.ConfigParser) -> str:
        """How a balanz with this rendered configuration answers the central system's charging profiles."""
        return balanz.get(SECTION, CHARGING_KEY, fallback="(not set)")

    def describe(self, balanz: configparser.ConfigParser) -> str:
        """One line for the scenario's log, about a configuration ``configure`` made."""
        return (
            f"balanz [{SECTION}] {SERVER_KEY} = {self.server_of(balanz)}, {CHARGING_KEY} = "
            f"{self.charging_call_of(balanz)} (a local controller)"
        )


def local_controller_in(texts: list[str]) -> LocalControllerSetting | None:
    """The local-controller setting these step texts state, or None if balanz is no local controller here."""
    stripped = [text.strip() for text in texts]
    if not any(SENTENCE.search(text) for text in stripped):
        return None
    call = None
    for text in stripped:
        if match := CHARGING_SENTENCE.search(text):
            call = "Forward" if match["forward"] else match["answer"]
    return LocalControllerSetting(call)
