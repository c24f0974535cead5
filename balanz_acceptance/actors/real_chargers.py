"""Real chargers in a scenario: chargers the harness plays itself (sut/played_charger.py), declared in the
scenario's words (core/charger_model.py), their drivers and EVs, and what the chargers themselves recorded.

balanz is observed as for any charger (World.charger: its API view, the group safety watch); what the charger
held, enforced and metered comes from the charger's own record, never from balanz's answers.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from hamcrest import (
    all_of,
    assert_that,
    contains_exactly,
    contains_string,
    equal_to,
    greater_than_or_equal_to,
    has_entries,
    has_item,
    has_properties,
    has_property,
    is_not,
    less_than,
)
from hamcrest.core.base_matcher import BaseMatcher
from hamcrest.core.description import Description

from balanz_acceptance.checks.matchers import charger_state
from balanz_acceptance.core.charger_model import options_for
from balanz_acceptance.core.timing import REACTION_LATENCY, Duration
from balanz_acceptance.core.waiting import eventually, holds_for
from balanz_acceptance.sut.balanz_api import ConnectorView, SessionRecord
from balanz_acceptance.sut.charging_profiles import HeldProfile
from balanz_acceptance.sut.played_charger import Ev, MeteredSession, PlayedCharger

if TYPE_CHECKING:
    from balanz_acceptance.actors.world import World

#: balanz's profiles as balanz sets them (charge_point_v16.py: set_base_default_profile,
#: set_blocking_default_profile, set_tx_profile): (profile id, purpose, stack level).
BASE = (1, "TxDefaultProfile", 0)
BLOCKING = (2, "TxDefaultProfile", 1)
TX = (3, "TxProfile", 3)
_NAMES = {"base": BASE, "blocking": BLOCKING, "transaction": TX}


def declare(world: World, aliases: list[str], words: str = "") -> None:
    """The harness plays each of ``aliases`` as a real charger with the options data/model and ``words`` give;
    each connects to balanz (BootNotification, its connectors Available) and is watched with its group. Done
    when balanz shows it connected and the charger has received balanz's set-up (balanz's base profile
    request, accepted or not): the charger's own record, not balanz's log, says so."""
    for alias in aliases:
        if alias in world.stack.sims or alias in world.chargers.played:
            raise AssertionError(f"{alias} is already a simulator's or a played charger")
        spec = world.site.charger(alias)
        options = options_for(world.site, alias, words)
        charger = PlayedCharger(
            alias,
            spec.charger_id,
            world.stack.balanz_url,
            world.record,
            own_maximum=spec.conn_max,
            min_to_start=float(world.profile.ocppsim["charger"]["min_to_start"]),
            meter_value_interval=world.profile.meter_value_interval,
            reconnect_within=world.profile.startup,
            options=options,
        )
        world.record.note(f"{alias}: a real charger ({options.describe()}), own maximum {spec.conn_max:g} A")
        world.chargers.add_played(alias, charger)
    for alias in aliases:
        world.charger(alias).await_view(
            has_property("network_connected", True), within=world.profile.startup, reason="balanz sees it connected"
        )
        eventually(
            lambda a=alias: [c for c in played(world, a).calls if _is(c.payload, BASE)],
            is_not(equal_to([])),
            within=world.profile.startup,
            reason=f"{alias}: balanz sets up the charger's default profiles",
            show=len,
        )


def _is(payload: Mapping[str, object], kind: tuple[int, str, int]) -> bool:
    profile = payload.get("csChargingProfiles")
    if not isinstance(profile, dict):
        return False
    return (profile.get("chargingProfileId"), profile.get("chargingProfilePurpose"), profile.get("stackLevel")) == kind


def played(world: World, alias: str) -> PlayedCharger:
    """The real charger at ``alias``."""
    charger = world.chargers.played.get(alias)
    if charger is None:
        raise AssertionError(f"{alias} is not a real charger: a step must declare it first")
    return charger


def view(world: World, alias: str, connector: int = 1) -> ConnectorView:
    """balanz's view of one connector of the charger (GetChargers)."""
    found = [c for c in world.chargers.api.chargers(alias=alias) if c.get("alias") == alias]
    assert found, f"balanz shows no charger {alias}"
    return ConnectorView.from_charger(found[0], connector)


# --- drivers and EVs -----------------------------------------------------------------------------------
def plug_in_ev(
    world: World, alias: str, *, delays: bool = False, max_draw: float | None = None, connector: int = 1
) -> None:
    """The EV at ``alias`` (its ``connector``) delays its start, or draws at most ``max_draw``."""
    ev = Ev(max_draw=max_draw, delays=delays)
    played(world, alias).set_ev(ev, connector)
    world.record.note(f"{alias}/{connector}: EV {ev}")


def present_tag(world: World, alias: str, tag: str, connector: int = 1) -> str:
    """The driver presents ``tag``; balanz must accept it. Returns when (epoch s)."""
    presented = time.time()
    answer = played(world, alias).present_tag(tag, connector)
    assert_that(answer, equal_to("Accepted"), f"{alias}/{connector}: balanz's answer to tag {tag}")
    return presented


def start_session(world: World, alias: str, tag: str, amps: float, connector: int = 1) -> None:
    """The driver presents ``tag``; the session starts at the minimum offer ``amps``: balanz shows the session
    offered it and the charger enforces it (its EV charging, or suspended if it delays)."""
    world.profile.the_minimum(amps)
    present_tag(world, alias, tag, connector)
    charger = played(world, alias)
    eventually(
        lambda: view(world, alias, connector),
        has_properties(in_transaction=True, offered=amps),
        within=world.profile.prompt,
        reason=f"{alias}/{connector}: balanz shows the session of tag {tag} at the minimum offer",
    )
    wanted = "SuspendedEV" if charger.connectors[connector].ev.delays else "Charging"
    eventually(
        lambda: charger.sim_status(connector),
        charger_state(status=wanted, offer=amps, in_transaction=True),
        within=world.profile.prompt,
        reason=f"{alias}/{connector}: the charger enforces the minimum offer",
    )


def start_sessions(world: World, rows: Iterable[Mapping[str, str]], amps: float) -> None:
    """Drivers present their tags at once at the real chargers of a feature's table (columns ``charger`` and
    ``tag``): ``start_session`` each."""
    sessions = [(row["charger"], row["tag"]) for row in rows]
    with ThreadPoolExecutor(max_workers=max(1, len(sessions))) as pool:
        for future in [pool.submit(start_session, world, a, t, amps) for a, t in sessions]:
            future.result()


def unplug(world: World, alias: str, connector: int = 1) -> None:
    """The driver unplugs the EV: the charger ends its transaction, if one runs (EVDisconnected)."""
    played(world, alias).unplug(connector)


def last_session(world: World, alias: str, connector: int = 1) -> MeteredSession:
    """The last transaction the charger ran at ``connector``."""
    found = [s for s in played(world, alias).sessions if s.connector == connector]
    assert found, f"{alias}/{connector} ran no transaction"
    return found[-1]


def await_charged(world: World, alias: str, wh: float, connector: int = 1) -> None:
    """The charger's meter has counted at least ``wh`` in the running session (deadline: charging at the minimum
    offer all along, plus two meter-value intervals)."""
    charger = played(world, alias)
    watts = world.profile.min_allocation * 230 * 3
    eventually(
        lambda: charger.sim_status(connector).energy,
        greater_than_or_equal_to(wh),
        within=(wh / watts * 3600 + 2 * world.profile.meter_value_interval) * world.profile.factor,
        reason=f"{alias}/{connector}: the session's energy on the charger's meter",
    )


# --- what balanz records of a session --------------------------------------------------------------------
def assert_energy_recorded(world: World, alias: str) -> None:
    """balanz records the last ended session at ``alias`` with the energy its meter counted in it (the charger's
    meterStop − meterStart, Wh): in GetSessions, in the session file (kWh, 3 decimals) and in its audit log (the
    meter start, and the kWh of the session history entry)."""
    session = last_session(world, alias)
    assert session.energy is not None, f"{alias}: the session has not ended"
    spec = world.site.charger(alias)
    kwh = f"{session.energy / 1000:.3f}"
    world.record.note(f"{alias}: metered {session}; expected {session.energy} Wh ({kwh} kWh)")

    def record() -> list[SessionRecord]:
        found = [SessionRecord.from_api(s) for s in world.chargers.api.sessions(charger_id=spec.charger_id)]
        return [r for r in found if abs(float(r.data.get("end_time") or 0) - (session.stopped or 0)) < 2.0]

    found = eventually(record, is_not(equal_to([])), within=world.profile.prompt, reason=f"{alias}: its record")[-1]
    assert_that(
        float(found.data["energy_meter"]),
        equal_to(float(session.energy)),
        f"{alias}: the energy (Wh) GetSessions records vs the charger's meter stop {session.meter_stop} "
        f"less its meter start {session.meter_start}",
    )
    rows = [r for r in world.records.csv_sessions() if r.get("charger_id") == spec.charger_id]
    assert_that([r.get("energy") for r in rows[-1:]], contains_exactly(kwh), f"{alias}: the session file's energy")
    messages = world.audit.messages()
    assert_that(
        messages,
        all_of(
            has_item(
                all_of(contains_string("[SESSION-START]"), contains_string(f"Meter start: {session.meter_start}"))
            ),
            has_item(all_of(contains_string("[SESSION-HIST]"), contains_string(f"kWh: {kwh}"))),
        ),
        f"{alias}: balanz's audit log",
    )


def assert_live_energy_is_register(world: World, alias: str) -> None:
    """Known issue: balanz's live record of the running session at ``alias`` (GetSessions include_live) gives the
    meter's register as the session's energy: at least the register at its start, not what it charged since."""
    charger = played(world, alias)
    spec = world.site.charger(alias)
    live = [
        s
        for s in world.chargers.api.sessions(charger_id=spec.charger_id, include_live=True)
        if s.get("end_time") is None
    ]
    assert_that(live, is_not(equal_to([])), f"{alias}: balanz's live session")
    start = last_session(world, alias).meter_start
    charged = charger.sim_status().energy
    world.record.note(f"{alias}: live record {live[-1].get('energy_meter')} Wh; meter start {start}, charged {charged}")
    assert_that(
        float(live[-1]["energy_meter"]),
        greater_than_or_equal_to(float(start)),
        f"{alias}: the live session's energy (Wh) vs the meter's register at the session's start",
    )


# --- the profiles a charger holds ---------------------------------------------------------------------
#: One profile in a feature's words: (connector, profile id, purpose, stack level, limit or None for any limit).
Wanted = tuple[int, int, str, int, float | None]


def profile(kind: str, connector: int, limit: float | None) -> Wanted:
    """One of balanz's profiles in a feature's words (``base``, ``blocking``, ``transaction``) and its limit
    (None: any limit; a transaction's limit follows its offer)."""
    profile_id, purpose, stack_level = _NAMES[kind]
    return connector, profile_id, purpose, stack_level, limit


def _holds(held: tuple[HeldProfile, ...], wanted: list[Wanted]) -> bool:
    found = sorted((p.connector, p.profile_id, p.purpose, p.stack_level, p.limit) for p in held)
    if len(found) != len(wanted):
        return False
    return all(f[:4] == w[:4] and (w[4] is None or f[4] == w[4]) for f, w in zip(found, sorted(wanted), strict=True))


def assert_holds(world: World, alias: str, listed: list[tuple[str, int, float | None]], *, within: float) -> None:
    """Within ``within`` the charger holds exactly these profiles (each: balanz's name for it, its connector and
    limit, None for any), and still does one full balancing run later."""
    wanted = [profile(kind, connector, limit) for kind, connector, limit in listed]
    charger = played(world, alias)
    shown = "; ".join(
        f"connector {c} #{i} {p} level {lv} {'any' if a is None else f'{a:g}'} A" for c, i, p, lv, a in wanted
    )
    eventually(
        lambda: charger.profiles.held,
        _Holding(wanted),
        within=within,
        reason=f"{alias}: the profiles the charger holds (expected: {shown})",
        show=lambda held: "; ".join(map(str, held)) or "no profile",
    )
    holds_for(
        lambda: charger.profiles.held,
        _Holding(wanted),
        duration=world.profile.settle,
        reason=f"{alias}: the profiles the charger holds (expected: {shown})",
        show=lambda held: "; ".join(map(str, held)) or "no profile",
    )


class _Holding(BaseMatcher[tuple[HeldProfile, ...]]):
    """Matches exactly these profiles (a limit of None: any)."""

    def __init__(self, wanted: list[Wanted]) -> None:
        self.wanted = wanted

    def _matches(self, item: tuple[HeldProfile, ...]) -> bool:
        return _holds(item, self.wanted)

    def describe_to(self, description: Description) -> None:
        description.append_text(f"exactly {len(self.wanted)} profile(s) as listed")

    def describe_mismatch(self, item: tuple[HeldProfile, ...], mismatch_description: Description) -> None:
        mismatch_description.append_text("held: " + ("; ".join(map(str, item)) or "no profile"))


def assert_allows_nothing(world: World, alias: str, connector: int = 1) -> None:
    """The idle connector lets no EV draw: the profiles it enforces limit it below the minimum offer; so it stays
    for one full balancing run."""
    charger = played(world, alias)
    holds_for(
        lambda: charger.sim_status(connector),
        has_properties(status="Available", offer=less_than(world.profile.min_allocation)),
        duration=world.profile.settle,
        reason=f"{alias}/{connector}: idle, and what it allows an EV to draw (A)",
    )


def assert_offered_by_unblocking(world: World, alias: str, amps: float, *, ev_draws: bool) -> None:
    """balanz offers the waiting connector the minimum by clearing its blocking profile (ClearChargingProfile id 2
    on connector 1, model.py Group.balanz: a session without a transaction); the charger then allows the minimum
    (balanz's base profile). If the EV draws, the charger starts its transaction and balanz shows the session
    at the minimum; else the EV stays suspended without a transaction."""
    world.profile.the_minimum(amps)
    charger = played(world, alias)
    eventually(
        lambda: [c for c in charger.calls if c.action == "ClearChargingProfile" and c.payload.get("id") == BLOCKING[0]],
        is_not(equal_to([])),
        within=world.profile.prompt,
        reason=f"{alias}: balanz clears the charger's blocking profile",
        show=len,
    )
    status = ("Charging", True) if ev_draws else ("SuspendedEV", False)
    eventually(
        lambda: charger.sim_status(),
        charger_state(status=status[0], offer=amps, in_transaction=status[1]),
        within=world.profile.prompt,
        reason=f"{alias}: the charger allows the minimum",
    )
    if ev_draws:
        world.charger(alias).await_view(
            has_properties(in_transaction=True, offered=amps),
            within=world.profile.reaction,
            reason="balanz shows the session at the minimum offer",
        )


def assert_set_up_claimed_but_nothing_held(world: World, alias: str) -> None:
    """Known issue: balanz's log says it set the charger's default profiles up, and balanz goes on as if it had,
    while the charger rejected every one (it holds none)."""
    charger = played(world, alias)
    spec = world.site.charger(alias)
    eventually(
        lambda: world.chargers.api.profiles_set_up(spec.charger_id),
        is_not(equal_to([])),
        within=world.profile.charger_initialization,
        reason=f"{alias}: balanz logs that it set up the default profiles",
        show=len,
    )
    rejected = [c for c in charger.calls if c.action == "SetChargingProfile" and c.answer.get("status") == "Rejected"]
    assert_that(charger.profiles.held, equal_to(()), f"{alias}: the profiles the charger holds")
    assert_that(len(rejected), greater_than_or_equal_to(2), f"{alias}: SetChargingProfile requests it rejected")


# --- two connectors ------------------------------------------------------------------------------------
def assert_transaction_ids(world: World, alias: str, ids: list[int]) -> None:
    """The transaction ids balanz gave the charger's transactions (StartTransaction.conf), in order."""
    got = [s.transaction_id for s in played(world, alias).sessions]
    assert_that(got, equal_to(ids), f"{alias}: the transaction ids balanz answered its StartTransactions with")


def assert_starved(world: World, alias: str, connector: int, duration: Duration) -> None:
    """Known issue: balanz shows the session at ``connector`` SuspendedEVSE with 0 A for ``count`` of the named
    interval, while every TxProfile it sends the charger for it names a transaction the connector does not run
    (balanz keys its transactions by connector: model.py Charger.start_transaction) and is rejected."""
    charger = played(world, alias)
    holds_for(
        lambda: (view(world, alias, connector), charger.sim_status(connector)),
        contains_exactly(
            has_properties(status="SuspendedEVSE", offered=0.0, in_transaction=True),
            has_properties(status="SuspendedEVSE", offer=0.0),
        ),
        duration=world.profile.seconds(duration),
        reason=f"{alias}/{connector}: balanz's view and the charger",
    )
    running = charger.connectors[connector].transaction_id
    sent = [c for c in charger.calls if c.action == "SetChargingProfile" and c.payload.get("connectorId") == connector]
    tx = [c for c in sent if c.payload["csChargingProfiles"].get("chargingProfilePurpose") == "TxProfile"]
    assert_that(tx, is_not(equal_to([])), f"{alias}/{connector}: TxProfiles balanz sent")
    assert_that(
        sorted({(c.payload["csChargingProfiles"].get("transactionId"), c.answer["status"]) for c in tx}),
        equal_to([(connector, "Rejected")]),
        f"{alias}/{connector}: (transaction id, answer) of the TxProfiles balanz sent; the connector runs {running}",
    )


def assert_other_session_ended(world: World, alias: str, ended_tag: str, stop_tag: str, left_tag: str) -> None:
    """Known issue: after the session of ``stop_tag`` (connector 2) ended, balanz has recorded the session of
    ``ended_tag`` (connector 1) as ended, with ``stop_tag``; it takes connector 1's transaction up again as a
    session of tag "Unknown", and keeps connector 2 in the session of ``left_tag``."""
    spec = world.site.charger(alias)
    records = eventually(
        lambda: [r for r in world.chargers.api.sessions(charger_id=spec.charger_id) if r.get("id_tag") == ended_tag],
        is_not(equal_to([])),
        within=world.profile.prompt,
        reason=f"{alias}: balanz's record of the session of tag {ended_tag}",
    )
    assert_that(records[-1], has_entries(stop_id_tag=stop_tag), f"{alias}: the record of tag {ended_tag}")
    eventually(
        lambda: (view(world, alias, 1), view(world, alias, 2)),
        contains_exactly(
            has_properties(in_transaction=True, id_tag="Unknown"),
            has_properties(in_transaction=True, id_tag=left_tag, status="Available"),
        ),
        within=world.profile.prompt,
        reason=f"{alias}: balanz's view of connectors 1 and 2",
    )
    assert_that(
        played(world, alias).connectors[1].transaction_id, is_not(None), f"{alias}/1: its transaction still runs"
    )


# --- reductions before increases ------------------------------------------------------------------------
def _tx_limits(charger: PlayedCharger) -> list[tuple[float, float, float]]:
    """(received, answered, limit) of every TxProfile the charger accepted, in order."""
    found = []
    for call in charger.calls:
        profile = call.payload.get("csChargingProfiles", {})
        if profile.get("chargingProfilePurpose") == "TxProfile" and call.answer.get("status") == "Accepted":
            found.append(
                (call.received, call.answered, float(profile["chargingSchedule"]["chargingSchedulePeriod"][0]["limit"]))
            )
    return found


def assert_cut_before_raise(world: World, cut: str, raised: str, at_least: int) -> None:
    """Every increase balanz made at ``raised`` in the same balancing run as a cut at ``cut`` reached ``raised``
    only once ``cut`` had accepted its cut (answered its TxProfile) and balanz's wait after a reduction
    (wait_after_reduce) had passed, and no later than that plus the reaction latency; at least ``at_least`` such
    pairs. (balanz.py balanz_loop: reductions first, then the wait, then increases.)"""
    wait = float(world.profile.balanz["balanz"]["wait_after_reduce"])
    cuts, raises = _tx_limits(played(world, cut)), _tx_limits(played(world, raised))
    cut_times = [
        answered for (_, answered, limit), (_, _, before) in zip(cuts[1:], cuts, strict=False) if limit < before
    ]
    pairs = []
    for (received, _, limit), (_, _, before) in zip(raises[1:], raises, strict=False):
        earlier = [t for t in cut_times if t <= received and received - t < world.profile.full_run / 2]
        if limit > before and earlier:
            pairs.append((limit, received - earlier[-1]))
    world.record.note(f"increases at {raised} after a cut at {cut} (A, seconds after the cut was accepted): {pairs}")
    assert_that(
        len(pairs), greater_than_or_equal_to(at_least), f"increases at {raised} in the same run as a cut at {cut}"
    )
    for limit, gap in pairs:
        assert_that(
            gap,
            all_of(greater_than_or_equal_to(wait), less_than(wait + REACTION_LATENCY)),
            f"seconds from {cut} accepting its cut to {raised} receiving its increase to {limit:g} A "
            f"(wait after a reduction {wait:g} s, at most {REACTION_LATENCY:g} s more)",
        )


def session_priority(world: World, alias: str, connector: int = 1) -> int:
    """A session's priority from the site's data: its tag's priority if the tag has one, else its charger's."""
    tag = last_session(world, alias, connector).id_tag
    priority = world.site.tag(tag).priority
    return priority if priority is not None else world.site.charger(alias).priority


def assert_chargers_within_maximum(world: World, group_id: str, aliases: list[str]) -> None:
    """What these real chargers let their EVs draw, over the whole scenario (their own timelines, exact times), never
    took the group above its maximum for the sessions present, nor any priority bucket above its cap; the sessions'
    priorities come from the site's data, not from balanz."""
    group = world.site.groups[group_id]
    priorities = {alias: session_priority(world, alias) for alias in aliases}
    events = sorted((m.at, alias, m) for alias in aliases for m in played(world, alias).timeline)
    state: dict[str, float] = {}
    worst: list[str] = []
    for at, alias, moment in events:
        state[alias] = moment.allowed if moment.status in ("Charging", "SuspendedEV", "SuspendedEVSE") else 0.0
        present = [a for a, amps in state.items() if amps > 0]
        maximum = group.maximum_for([priorities[a] for a in present], at)
        total = sum(state.values())
        if total > maximum:
            worst.append(f"{total:g} A > {maximum:g} A at {at:.2f} ({state})")
        for threshold, cap in group.buckets_at(at).items():
            members = [a for a in present if group.bucket_of(priorities[a], at) == threshold]
            used = sum(state[a] for a in members)
            if used > cap:
                worst.append(f"priority-{threshold} bucket {used:g} A > {cap:g} A at {at:.2f} ({state})")
    world.record.note(f"chargers' side of {group_id}: {len(events)} changes checked, priorities {priorities}")
    assert_that(worst, equal_to([]), f"{group_id} on the chargers' side (what {', '.join(aliases)} allowed)")


class RealChargers:
    """The real chargers of a scenario as the steps reach them (World.real_chargers): each method is the module's
    function of the same name, for this world."""

    def __init__(self, world: World) -> None:
        self.world = world

    def declare(self, aliases: list[str], words: str = "") -> None:
        """The harness plays each of ``aliases`` as a real charger (``declare``)."""
        declare(self.world, aliases, words)

    def plug_in_ev(
        self, alias: str, *, delays: bool = False, max_draw: float | None = None, connector: int = 1
    ) -> None:
        """The EV at ``alias`` (its ``connector``) delays its start, or draws at most ``max_draw``."""
        plug_in_ev(self.world, alias, delays=delays, max_draw=max_draw, connector=connector)

    def present_tag(self, alias: str, tag: str, connector: int = 1) -> str:
        """The driver presents ``tag``; balanz must accept it. Returns when (epoch s)."""
        return present_tag(self.world, alias, tag, connector)

    def start_session(self, alias: str, tag: str, amps: float, connector: int = 1) -> None:
        """The driver presents ``tag``; the session starts at the minimum offer (``start_session``)."""
        start_session(self.world, alias, tag, amps, connector)

    def start_sessions(self, rows: Iterable[Mapping[str, str]], amps: float) -> None:
        """Drivers start sessions at once at the real chargers of a feature's table (``start_sessions``)."""
        start_sessions(self.world, rows, amps)

    def await_charged(self, alias: str, wh: float, connector: int = 1) -> None:
        """The charger's meter has counted at least ``wh`` in the running session (``await_charged``)."""
        await_charged(self.world, alias, wh, connector)

    def unplug(self, alias: str, connector: int = 1) -> None:
        """The driver unplugs the EV: the charger ends its transaction, if one runs."""
        unplug(self.world, alias, connector)

    def assert_energy_recorded(self, alias: str) -> None:
        """balanz records the ended session with the energy the meter counted (``assert_energy_recorded``)."""
        assert_energy_recorded(self.world, alias)

    def assert_live_energy_is_register(self, alias: str) -> None:
        """Known issue: a live session's record gives the register (``assert_live_energy_is_register``)."""
        assert_live_energy_is_register(self.world, alias)

    def assert_holds(self, alias: str, listed: list[tuple[str, int, float | None]], *, within: float) -> None:
        """Within ``within`` the charger holds exactly these profiles (balanz's name, connector, limit or None)."""
        assert_holds(self.world, alias, listed, within=within)

    def assert_allows_nothing(self, alias: str, connector: int = 1) -> None:
        """The idle connector lets no EV draw, for one full balancing run."""
        assert_allows_nothing(self.world, alias, connector)

    def assert_offered_by_unblocking(self, alias: str, amps: float, *, ev_draws: bool) -> None:
        """balanz offers the waiting connector the minimum by clearing its blocking profile."""
        assert_offered_by_unblocking(self.world, alias, amps, ev_draws=ev_draws)

    def assert_set_up_claimed_but_nothing_held(self, alias: str) -> None:
        """Known issue: balanz says it set the charger up; it holds no profile."""
        assert_set_up_claimed_but_nothing_held(self.world, alias)

    def assert_transaction_ids(self, alias: str, ids: list[int]) -> None:
        """The transaction ids balanz gave the charger's transactions (StartTransaction.conf), in order."""
        assert_transaction_ids(self.world, alias, ids)

    def assert_starved(self, alias: str, connector: int, duration: Duration) -> None:
        """Known issue: the session at ``connector`` never gets power (``assert_starved``)."""
        assert_starved(self.world, alias, connector, duration)

    def assert_other_session_ended(self, alias: str, ended_tag: str, stop_tag: str, left_tag: str) -> None:
        """Known issue: ending connector 2's session ends connector 1's in balanz's records."""
        assert_other_session_ended(self.world, alias, ended_tag, stop_tag, left_tag)

    def assert_cut_before_raise(self, cut: str, raised: str, at_least: int) -> None:
        """Increases reach their charger only after the same run's cuts and the wait (``assert_cut_before_raise``)."""
        assert_cut_before_raise(self.world, cut, raised, at_least)

    def assert_chargers_within_maximum(self, group_id: str, aliases: list[str]) -> None:
        """What these real chargers allowed never took the group above its maximum or a bucket above its cap."""
        assert_chargers_within_maximum(self.world, group_id, aliases)
