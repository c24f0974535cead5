"""Restarts mid-session: a charger that reboots or loses power, and balanz restarting.

A reboot is the charger's own reset (ocppsim ``reset``: it stops its transaction, closes its connection
and connects again); a power loss stops the simulator's process and starts it again, with or without its
default charging profiles; a balanz restart stops balanz and starts it with the same runtime directory.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from hamcrest import all_of, assert_that, equal_to, has_properties, has_property

from balanz_acceptance.actors.charger_under_test import ChargerUnderTest
from balanz_acceptance.checks.matchers import charger_state
from balanz_acceptance.core.waiting import eventually

if TYPE_CHECKING:
    from balanz_acceptance.actors.world import World


def await_connected(charger: ChargerUnderTest, within: float) -> None:
    """balanz shows the charger connected again."""
    charger.await_view(has_property("network_connected", True), within=within, reason="balanz sees it connected")


def power_cycle(world: World, alias: str, *, default_profiles: bool) -> None:
    """The charger loses power mid-session and is powered again (with or without its default charging
    profiles); done when balanz shows it connected and Available again."""
    follow_session(world, alias)
    world.stop_simulator(alias)
    world.start_simulator(alias, default_profiles=default_profiles)
    charger = world.charger(alias)
    charger.await_view(
        all_of(has_property("network_connected", True), charger_state(status="Available")),
        within=world.profile.startup,
        reason="balanz sees the charger connected and Available again",
    )


def assert_lost_session_kept(charger: ChargerUnderTest) -> None:
    """balanz keeps the session the charger lost open, with no offer, while the charger shows Available."""
    view = charger.view()
    assert_that(
        view,
        has_properties(status="Available", in_transaction=True, offered=0.0),
        f"{charger.alias}: balanz's view of the session the charger lost",
    )


def follow_session(world: World, alias: str) -> None:
    """Note the session running at the charger, so that balanz's record of it can be found later."""
    charger = world.charger(alias)
    if charger.view().in_transaction:
        world.session_records.follow(charger)


def reboot(world: World, alias: str) -> None:
    """The charger reboots (ocppsim ``reset``); done when both sides show it Available again."""
    follow_session(world, alias)
    world.charger(alias).reconnect()


def present_tag(charger: ChargerUnderTest, tag: str) -> float:
    """The driver presents a tag to start the next session (balanz must accept it); returns when, for
    ``assert_allowed_before_first_offer``."""
    presented = time.time()
    charger.present_tag(tag)
    return presented


def assert_allowed_before_first_offer(world: World, alias: str, amps: float, since: float) -> None:
    """The group safety watch saw the charger allow ``amps`` (its own maximum, ocppsim ``max_offer``) in a
    session after ``since``: before balanz's first offer reached it."""
    own = float(world.profile.ocppsim["charger"]["max_offer"])
    assert_that(amps, equal_to(own), "the feature's amps vs the charger's own maximum (ocppsim max_offer)")
    watch = world.watch(world.site.charger(alias).group_id)
    eventually(
        lambda: max((s.sim_offers.get(alias, 0.0) for s in list(watch.samples) if s.at >= since), default=0.0),
        equal_to(amps),
        within=world.profile.prompt,
        reason=f"{alias}: what the charger allowed in a session, as the group watch sampled it",
    )
    world.record.note(f"{alias}: the charger allowed {amps:g} A in a session before balanz's first offer")


def restart_balanz(world: World, aliases: list[str]) -> None:
    """balanz restarts with the same runtime directory; done when it shows these chargers connected."""
    world.restart_balanz()
    for alias in aliases:
        await_connected(world.charger(alias), world.profile.startup)


def assert_back_without_sessions(world: World, aliases: list[str]) -> None:
    """Each charger is connected to the restarted balanz and Available, with no session on either side
    (ocppsim starts a new charge point object, without its transaction, whenever its connection drops)."""
    idle = charger_state(status="Available", in_transaction=False)
    for alias in aliases:
        charger = world.charger(alias)
        charger.await_view(
            all_of(has_property("network_connected", True), idle),
            within=world.profile.startup,
            reason="the restarted balanz shows it connected and Available",
        )
        charger.await_sim(idle, within=world.profile.prompt, reason="the charger after balanz's restart")
