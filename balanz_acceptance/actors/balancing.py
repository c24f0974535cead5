"""What balanz offers several chargers over time: settled offers, transient checkpoints, shares, who gave way,
offers around a time-of-day window's boundaries, balancing runs that fail, and what chargers the harness plays
enforced of balanz's offers (the order of cuts and increases, the group's maximum on the chargers' side).

The steps about several chargers at once call these; the rules they check are in the docstrings.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from hamcrest import (
    all_of,
    anything,
    assert_that,
    equal_to,
    greater_than_or_equal_to,
    has_entry,
    is_not,
    less_than,
    less_than_or_equal_to,
)

from balanz_acceptance.actors.charger_under_test import ChargerUnderTest
from balanz_acceptance.actors.chargers import Chargers
from balanz_acceptance.actors.operator import Operator
from balanz_acceptance.checks.matchers import (
    charger_state,
    offers_are,
    one_offered_rest_zero,
    paced_by,
    same_amps,
    session_open,
)
from balanz_acceptance.checks.watches import Watches
from balanz_acceptance.core.record import ScenarioRecord
from balanz_acceptance.core.schedule import Window
from balanz_acceptance.core.timing import REACTION_LATENCY, Duration, TimingProfile
from balanz_acceptance.core.waiting import eventually, holds_for
from balanz_acceptance.sut.balanz_api import BalanzApi, ConnectorView


def offers_table(rows: Iterable[Mapping[str, str]]) -> dict[str, float]:
    """The offers a feature's table states: one row per charger, columns ``charger`` and ``offer`` (A)."""
    return {row["charger"]: float(row["offer"]) for row in rows}


def _show_offers(views: Mapping[str, ConnectorView]) -> str:
    return ", ".join(f"{alias} {view.offered:g}" for alias, view in sorted(views.items()))


def _show_views(views: Mapping[str, ConnectorView]) -> str:
    return ", ".join(f"{alias} {view}" for alias, view in sorted(views.items()))


#: How a failed wait names what it watched, unless the caller says more.
_OFFERS = "offers as balanz shows them"


#: Seconds before a boundary at which a "not before" hold stops: balanz cannot act on the new minute before it
#: begins, and the hold's last poll must not straddle it.
BEFORE_BOUNDARY = 0.5
#: What balanz logs when a balancing run of a group raises (balanz.py balanz_loop).
FAILED_RUN = "in balanz_loop. Retrying"


@dataclass
class Balancing:
    """The offers of several chargers, as balanz shows them (one GetChargers snapshot per poll)."""

    api: Callable[[], BalanzApi]
    chargers: Chargers
    profile: TimingProfile
    operator: Operator
    watches: Watches
    record: ScenarioRecord

    def views(self, aliases: list[str]) -> dict[str, ConnectorView]:
        """balanz's view of these chargers, from one consistent GetChargers snapshot."""
        wanted = set(aliases)
        views = [ConnectorView.from_charger(c) for c in self.api().chargers()]
        return {v.alias: v for v in views if v.alias in wanted}

    def charger(self, alias: str) -> ChargerUnderTest:
        """One of the chargers."""
        return self.chargers(alias)

    def reach(self, expected: Mapping[str, float], within: float, reason: str = _OFFERS) -> None:
        """balanz offers exactly these amps within ``within`` seconds (a checkpoint it may pass through)."""
        eventually(
            lambda: self.views(list(expected)),
            offers_are(expected),
            within=within,
            reason=reason,
            show=_show_offers,
        )

    def settle_within(self, expected: Mapping[str, float], within: Duration) -> None:
        """balanz offers exactly these amps within ``within`` and keeps them for one full balancing run (settled
        means held), and every charger that can answer enforces its offer."""
        self.settle(expected, self.profile.within(within))

    def reach_within(self, expected: Mapping[str, float], within: Duration) -> None:
        """balanz offers exactly these amps within ``within`` (a checkpoint it may pass through)."""
        self.reach(expected, self.profile.within(within))

    def stay_for(self, expected: Mapping[str, float], duration: Duration) -> None:
        """balanz keeps offering exactly these amps for ``duration``."""
        self.stay(expected, self.profile.seconds(duration))

    def settle(self, expected: Mapping[str, float], within: float) -> None:
        """balanz offers exactly these amps within ``within`` seconds and keeps them for one full balancing run
        (settled means held), and every charger that can answer enforces its offer."""
        self.reach(expected, within)
        self.stay(expected, self.profile.settle)
        self.enforced(expected)

    def settle_while_open(self, expected: Mapping[str, float], alias: str, within: Duration) -> None:
        """``settle_within``, with balanz showing the session at ``alias`` still open (in its transaction and a
        session state) all the while: these offers are made while that session still counts in the group."""
        matcher = all_of(offers_are(expected), has_entry(alias, session_open()))
        reason = f"offers as balanz shows them, while {alias}'s session is open"
        views = lambda: self.views([*expected, alias])  # noqa: E731
        eventually(views, matcher, within=self.profile.within(within), reason=reason, show=_show_views)
        holds_for(views, matcher, duration=self.profile.settle, reason=reason, show=_show_views)
        self.enforced(expected)

    def stay(self, expected: Mapping[str, float], seconds: float, reason: str = _OFFERS) -> None:
        """balanz keeps offering exactly these amps for ``seconds``."""
        holds_for(
            lambda: self.views(list(expected)),
            offers_are(expected),
            duration=seconds,
            reason=reason,
            show=_show_offers,
        )

    def enforced(self, expected: Mapping[str, float]) -> None:
        """Every charger that can answer (not silenced) promptly enforces its offer of ``expected``."""
        silent = self.chargers.silent()
        for alias, amps in expected.items():
            if alias in silent:  # a silent charger cannot tell what it enforces
                continue
            self.charger(alias).await_sim(
                charger_state(offer=amps), within=self.profile.prompt, reason="the charger enforces balanz's offer"
            )

    def priorities_are(self, expected: Mapping[str, int]) -> None:
        """balanz shows these session priorities."""
        views = self.views(list(expected))
        for alias, priority in expected.items():
            assert_that(views[alias].priority, equal_to(priority), f"session priority at {alias}")

    def share(self, aliases: list[str], total: float, amps: float) -> None:
        """The sessions at ``aliases`` share ``total`` A as: one is offered ``amps``, the others 0 A, all keeping
        their transactions; reached at the next full balancing run and held for one more."""
        assert_that(amps, equal_to(total), "the feature's share: one session gets it all")
        matcher = one_offered_rest_zero(amps)
        eventually(
            lambda: self.views(aliases),
            matcher,
            within=self.profile.reaction,
            reason=f"{' and '.join(aliases)} share {total:g} A",
            show=_show_views,
        )
        holds_for(
            lambda: self.views(aliases),
            matcher,
            duration=self.profile.settle,
            reason=f"{' and '.join(aliases)} keep sharing {total:g} A",
            show=_show_views,
        )

    def holder_changes(self, aliases: list[str], amps: float, seconds: float) -> list[tuple[float, str]]:
        """Watch for ``seconds`` which of ``aliases`` is offered ``amps`` while the others have 0 A; return each
        change of holder as (seconds since the start, new holder). Snapshots with no single holder (balanz
        frees capacity before it hands it on) are skipped."""
        changes: list[tuple[float, str]] = []
        holder: list[str | None] = [None]
        start = time.monotonic()

        def observe() -> dict[str, ConnectorView]:
            views = self.views(aliases)
            holders = [a for a, v in views.items() if same_amps(v.offered, amps)]
            rest_zero = all(same_amps(v.offered, 0) for a, v in views.items() if a not in holders)
            if len(holders) == 1 and rest_zero and holders[0] != holder[0]:
                if holder[0] is not None:
                    changes.append((round(time.monotonic() - start, 1), holders[0]))
                holder[0] = holders[0]
            return views

        holds_for(observe, anything(), duration=seconds, reason="who holds the share", show=_show_offers)
        return changes

    def take_turns(self, aliases: list[str], amps: float, times: int, within: Duration) -> None:
        """The ``amps`` shared by these sessions changes hands at least ``times`` times within ``within``."""
        seconds = self.profile.seconds(within)
        changes = self.holder_changes(aliases, amps, seconds)
        assert_that(
            len(changes),
            greater_than_or_equal_to(times),
            f"times the {amps:g} A changed hands within {seconds:g}s (changes: {changes})",
        )

    def gave_way_first(self, alias: str) -> None:
        """Among the sessions of the same *session* priority as ``alias`` (its tag's, else its charger's) in its
        group, the one at ``alias`` was cut to 0 A first, and when it was it had charged at least as much as each
        of them (by the simulators' meters, which balanz's meter register follows)."""
        candidates = self.chargers.same_group(alias)
        watch = self.watches.of(self.chargers.spec(alias).group_id)
        views = self.views([alias, *candidates])
        mine = views[alias]
        peers = [a for a in candidates if a != alias and a in views and views[a].priority == mine.priority]
        assert peers, f"no other session has {alias}'s priority {mine.priority}: {_show_views(views)}"
        first_zero = {
            a: next((p.timestamp for p in views[a].offer_changes if p.offered == 0), None) for a in [alias, *peers]
        }
        squeezed_at = first_zero[alias]
        assert squeezed_at is not None, f"{alias} was never cut to 0 A: {mine}"
        for peer in peers:
            if first_zero[peer] is not None:
                assert_that(first_zero[peer], is_not(less_than(squeezed_at)), f"{peer} gave way before {alias}")
        sample = watch.sample_before(squeezed_at)
        assert sample is not None, "the group watch has no sample before the squeeze"
        for peer in peers:
            assert_that(
                sample.sim_energy[peer],
                less_than_or_equal_to(sample.sim_energy[alias]),
                f"premise: energy (Wh) of {peer} vs {alias} when {alias} gave way",
            )

    def back_within(self, group_id: str, amps: float, within: Duration) -> None:
        """balanz's offers to a group add up to at most ``amps`` within ``within``."""
        eventually(
            lambda: sum(v.offered for v in self.api().group_connectors(group_id)),
            less_than_or_equal_to(amps),
            within=self.profile.within(within),
            reason=f"total offers of group {group_id}",
        )

    # --- what chargers the harness plays did, from their own records -------------------------------------------
    def cut_before_raise(self, cut: str, raised: str, at_least: int) -> None:
        """Every increase balanz made at ``raised`` in the same balancing run as a cut at ``cut`` reached ``raised``
        only once ``cut`` had accepted its cut (answered its TxProfile) and balanz's wait after a reduction
        (wait_after_reduce) had passed, and no later than that plus the reaction latency; at least ``at_least`` such
        pairs. (balanz.py balanz_loop: reductions first, then the wait, then increases.)"""
        wait = float(self.profile.balanz["balanz"]["wait_after_reduce"])
        cuts = self.chargers.played_role(cut).accepted_tx_limits()
        raises = self.chargers.played_role(raised).accepted_tx_limits()
        cut_times = [
            answered for (_, answered, limit), (_, _, before) in zip(cuts[1:], cuts, strict=False) if limit < before
        ]
        pairs = []
        for (received, _, limit), (_, _, before) in zip(raises[1:], raises, strict=False):
            earlier = [t for t in cut_times if t <= received and received - t < self.profile.full_run / 2]
            if limit > before and earlier:
                pairs.append((limit, received - earlier[-1]))
        self.record.note(f"increases at {raised} after a cut at {cut} (A, seconds after the cut was accepted): {pairs}")
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

    def chargers_within_maximum(self, group_id: str, aliases: list[str]) -> None:
        """What these chargers the harness plays let their EVs draw, over the whole scenario (their own timelines,
        exact times), never took the group above its maximum for the sessions present, nor any priority bucket above
        its cap; the sessions' priorities come from the site's data, not from balanz."""
        group = self.chargers.site.groups[group_id]
        played = {alias: self.chargers.played_role(alias) for alias in aliases}
        priorities = {alias: charger.session_priority() for alias, charger in played.items()}
        events = sorted((m.at, alias, m) for alias, charger in played.items() for m in charger.charger.timeline)
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
        self.record.note(f"chargers' side of {group_id}: {len(events)} changes checked, priorities {priorities}")
        assert_that(worst, equal_to([]), f"{group_id} on the chargers' side (what {', '.join(aliases)} allowed)")

    # --- a balancing run that fails ------------------------------------------------------------------------
    def failed_runs(self) -> int:
        """How many balancing runs balanz has logged as failed so far."""
        return len(self.api().logs(messageSearch=FAILED_RUN))

    def fails_for(self, runs: int) -> None:
        """balanz's balancing runs fail: at least ``runs`` more failed runs within ``runs`` full runs (plus the
        deadline's slack)."""
        before = self.failed_runs()
        eventually(
            lambda: self.failed_runs() - before,
            greater_than_or_equal_to(runs),
            within=self.profile.deadline(runs, "full balancing run"),
            reason=f"balanz logs '{FAILED_RUN}' at every full balancing run",
        )
        self.record.note(f"balanz's balancing runs fail: {self.failed_runs() - before} more since the step began")

    # --- around a time-of-day window (the operator's Operator.open_window) ----------------------------------
    def _window(self) -> Window:
        if self.operator.window is None:
            raise AssertionError("the operator has given no group a time-of-day window in this scenario")
        return self.operator.window

    def stay_until(self, expected: dict[str, float], boundary: str) -> None:
        """The offers stay at ``expected`` until just before the window's ``boundary`` (starts, ends): nothing
        changes before it. balanz reads a group's schedule with minute resolution at every balancing run
        (util.py schedule_value_now), so a new maximum cannot apply before its minute begins. Before the window
        starts the hold must last at least one full balancing run (Operator.open_window starts it far enough
        ahead), or a schedule read a minute early could pass unseen; before it ends, the hold is what is left of
        the window's third full run (its first is for balanz to react, its second to show the offers held)."""
        until = getattr(self._window(), boundary)
        seconds = until - BEFORE_BOUNDARY - time.time()
        if boundary == "starts":
            what = "premise: seconds left before the window starts (at least one full balancing run)"
            assert_that(seconds, greater_than_or_equal_to(self.profile.settle), what)
        self.stay(expected, max(0.0, seconds), reason=f"offers until the window {boundary}")

    def settle_after(self, expected: dict[str, float], boundary: str, within: Duration, hold: Duration) -> None:
        """The offers reach ``expected`` within ``within`` of the window's ``boundary`` (starts, ends) and hold for
        ``hold``, and every charger enforces its offer."""
        since = getattr(self._window(), boundary)
        deadline = self.profile.within(within)
        since_text = time.strftime("%H:%M:%S", time.localtime(since))
        self.reach(expected, max(0.0, since + deadline - time.time()),
                   reason=f"offers within {deadline:g}s of {since_text}")  # fmt: skip
        self.stay(expected, self.profile.seconds(hold), reason="the offers hold (settled)")
        self.enforced(expected)

    def grow_after_window(self, expected: dict[str, float], within: Duration, hold: Duration) -> None:
        """From the window's end the offers grow again, paced by the offer-increase interval (from 0 A to the
        minimum, otherwise one step at a time: checks.matchers.PacedAtLeast), and settle at ``expected`` within
        ``within``, holding for ``hold``."""
        self.settle_after(expected, "ends", within, hold)
        for alias in expected:
            assert_that(self.chargers(alias).view().offer_changes, paced_by(self.profile),
                        f"{alias}: pace of the offer increases")  # fmt: skip
