"""Restarts mid-session: a charger that reboots or loses power, and balanz restarting.

A reboot is the charger's own reset (ocppsim ``reset``: it stops its transaction, closes its connection
and connects again); a power loss stops the simulator's process and starts it again, with or without its
default charging profiles; a balanz restart stops balanz and starts it with the same runtime directory.
A charger that keeps its transaction across the restart is one the harness plays itself
(sut/played_charger.py): balanz picks its transaction up from its meter values.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from hamcrest import (
    all_of,
    assert_that,
    empty,
    equal_to,
    has_entries,
    has_properties,
    has_property,
    is_not,
    less_than_or_equal_to,
)

from balanz_acceptance.actors.charger_under_test import ChargerUnderTest
from balanz_acceptance.actors.sessions import START_RESOLUTION, SessionRecord
from balanz_acceptance.checks.matchers import charger_state
from balanz_acceptance.core.waiting import eventually, holds_for
from balanz_acceptance.sut.played_charger import PlayedCharger

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


# --- a charger that keeps its transaction while balanz restarts (sut/played_charger.py) ----------------
def play_persistent_charger(world: World, alias: str, *, meter_values_every: float | None = None) -> None:
    """The harness plays ``alias`` as a charger that keeps its transaction when its connection drops; done when
    balanz shows it connected and Available, with its default charging profiles set.

    By default it sends its meter values every meter-value interval, at once when it connects and when balanz
    asks for them; ``meter_values_every`` (s): that often instead, counted from each connection, and neither
    at once nor when asked (TriggerMessage MeterValues answered NotImplemented).
    """
    world.play_persistent_charger(
        alias, meter_value_interval=meter_values_every, meter_values_on_connect=meter_values_every is None
    )
    world.charger(alias).await_view(
        all_of(has_property("network_connected", True), charger_state(status="Available")),
        within=world.profile.startup,
        reason="balanz sees the played charger connected and Available",
    )
    _initialized_at(world, alias, within=world.profile.startup)


def play_persistent_charger_every(world: World, alias: str, count: float, interval: str) -> None:
    """``play_persistent_charger`` with its meter values every ``count`` of the named interval."""
    play_persistent_charger(world, alias, meter_values_every=count * world.profile.interval(interval))


def play_persistent_chargers(world: World, aliases: list[str]) -> None:
    """The harness plays each of these chargers as one that keeps its transaction (``play_persistent_charger``)."""
    for alias in aliases:
        play_persistent_charger(world, alias)


def persistent(world: World, alias: str) -> PlayedCharger:
    """The charger the harness plays at ``alias``."""
    if alias not in world.persistent:
        raise AssertionError(f"{alias} is not a charger the harness plays: a step must make it one first")
    return world.persistent[alias]


def start_persistent_session(world: World, alias: str, tag: str, amps: float) -> None:
    """Once balanz shows the charger connected and initialized, the driver presents ``tag`` (balanz must accept
    it); the session starts at the minimum offer ``amps``, which the charger enforces."""
    world.minimum_offer(amps)
    played = persistent(world, alias)
    charger = world.charger(alias)
    # Just after balanz restarted: a session must start at a charger balanz has initialized (a transaction
    # that starts before is allowed the charger's own maximum while balanz replaces the default profiles).
    await_connected(charger, world.profile.startup)
    _initialized_at(world, alias)
    assert_that(played.present_tag(tag), equal_to("Accepted"), f"{alias}: balanz's answer to tag {tag}")
    charger.await_view(
        has_properties(in_transaction=True, id_tag=tag, offered=amps),
        within=world.profile.prompt,
        reason=f"balanz shows the session of tag {tag} at the minimum offer",
    )
    charger.await_sim(
        charger_state(status="Charging", offer=amps), within=world.profile.prompt, reason="charges at the minimum"
    )


def start_persistent_sessions(world: World, rows: Iterable[Mapping[str, str]], amps: float) -> None:
    """Drivers present their tags at once at the chargers of a feature's table (columns ``played charger`` and
    ``tag``; a ``charger`` column would start simulators for them): ``start_persistent_session`` each."""
    sessions = [(row["played charger"], row["tag"]) for row in rows]
    with ThreadPoolExecutor(max_workers=max(1, len(sessions))) as pool:
        for future in [pool.submit(start_persistent_session, world, a, t, amps) for a, t in sessions]:
            future.result()


def assert_offers_rise(world: World, alias: str, offers: list[float], within: float) -> None:
    """In the session balanz shows at ``alias`` its offers go exactly ``offers`` within ``within``, the increases
    paced by the offer-increase interval; the charger enforces the last, and it holds for one full balancing run."""
    charger = world.charger(alias)
    charger.rises_through(offers, within=within)
    holds_for(
        lambda: (charger.view().offered, charger.sim_status().offer),
        equal_to((offers[-1], offers[-1])),
        duration=world.profile.settle,
        reason=f"{alias}: balanz's offer and the charger's limit stay at {offers[-1]:g} A",
    )


def assert_picked_up(world: World, alias: str, tag: str, user: str) -> float:
    """The charger connected again with its transaction still open, and balanz shows it in a session of ``tag``
    for ``user``, taken up under the charger's transaction id (balanz's log: GetChargers does not show the id
    of a transaction it took up); returns when balanz started that session (its pickup,
    epoch s)."""
    played = persistent(world, alias)
    view = world.charger(alias).await_view(
        all_of(
            has_property("network_connected", True),
            has_properties(status="Charging", in_transaction=True, id_tag=tag, user_name=user),
        ),
        within=world.profile.startup,
        reason="balanz picks the open transaction up",
    )
    assert_that(
        (played.connections, played.transaction_id is not None),
        equal_to((2, True)),
        f"{alias}: connected twice, its transaction open throughout",
    )
    assert played.transaction_id is not None
    eventually(
        lambda: world.api.picked_up(played.charger_id, played.transaction_id),
        is_not(empty()),
        within=world.profile.prompt,
        reason=f"{alias}: balanz's log says it took up the charger's transaction {played.transaction_id}",
        show=len,
    )
    assert view.start_time is not None
    world.record.note(f"{alias}: balanz took transaction {played.transaction_id} up as {view} at {view.start_time:.2f}")
    return view.start_time


def assert_first_offer_after_pickup(
    world: World, alias: str, same: str, amps: float, picked_up: float, count: float, interval: str
) -> None:
    """balanz's first offer in the picked-up session is ``amps`` (the minimum offer), made within ``count`` of the
    named interval (its deadline) of the later of the pickup and balanz initializing the charger again (its
    balancing run is skipped at the tick that initializes a charger; balanz's log has whole seconds: 1 s more),
    and the charger enforces it. The step names the charger twice (``same``)."""
    alias = world.same_charger(alias, same)
    world.minimum_offer(amps)
    within = world.profile.deadline(count, interval)
    charger = world.charger(alias)
    initialized = _initialized_at(world, alias)
    since = max(picked_up, initialized)
    view = charger.await_view(
        has_property("offer_changes", is_not(empty())),
        within=max(1.0, since + within + 1.0 - time.time()),
        reason="balanz's first offer in the picked-up session",
    )
    first = view.offer_changes[0]
    world.record.note(
        f"{alias}: picked up at {picked_up:.2f}, initialized again at {initialized:.0f}, first offer "
        f"{first.offered:g} A at {first.timestamp:.2f}"
    )
    assert_that(first.offered, equal_to(amps), f"{alias}: balanz's first offer in the picked-up session")
    assert_that(
        first.timestamp - since,
        less_than_or_equal_to(within + 1.0),
        f"{alias}: seconds from the pickup and the charger's initialization to the first offer",
    )
    charger.await_sim(
        charger_state(status="Charging", offer=amps),
        within=world.profile.prompt,
        reason="enforces the first offer after the pickup",
    )


def _initialized_at(world: World, alias: str, within: float | None = None) -> float:
    """When the running balanz last initialized the charger's profiles (its log, whole seconds, local time);
    waits up to ``within`` (default: the charger-initialization deadline) for the first time."""
    charger_id = world.site.charger(alias).charger_id
    entries = eventually(
        lambda: world.api.profiles_set_up(charger_id),
        is_not(empty()),
        within=world.profile.charger_initialization if within is None else within,
        reason=f"balanz initializes {alias}",
        show=len,
    )
    return time.mktime(time.strptime(str(entries[-1]["timestamp"])[:19], "%Y-%m-%d %H:%M:%S"))


def end_persistent_session(world: World, alias: str, tag: str) -> float:
    """The driver presents ``tag`` to end the session (StopTransaction with the tag, reason Local); returns when."""
    ended = time.time()
    assert_that(persistent(world, alias).present_tag(tag), equal_to("Stopped"), f"{alias}: tag {tag} ends the session")
    return ended


def assert_picked_up_session_recorded(world: World, alias: str, tag: str, picked_up: float) -> None:
    """balanz records the ended session for ``tag`` and its user (data/model), from ``picked_up`` on: the
    moment balanz picked the session up, not when the charger started it."""
    spec = world.site.charger(alias)
    site_tag = world.site.tag(tag)

    def records() -> list[SessionRecord]:
        found = [SessionRecord.from_api(s) for s in world.api.sessions(charger_id=spec.charger_id)]
        return [r for r in found if abs(r.start_time - picked_up) < START_RESOLUTION]

    record = eventually(
        records,
        is_not(empty()),
        within=world.profile.prompt,
        reason=f"{alias}: balanz's record of a session starting when it picked the session up",
    )[-1]
    world.record.note(f"{alias}: record {record}")
    assert_that(
        record.data,
        has_entries(id_tag=site_tag.id_tag, user_name=site_tag.user_name),
        f"{alias}: balanz's record of the picked-up session ({record})",
    )
