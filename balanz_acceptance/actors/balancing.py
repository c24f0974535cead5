"""What balanz offers a group of chargers over time: settled offers, transient checkpoints, shares.

The steps about several chargers at once call these; the rules they check are in the docstrings.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from hamcrest import anything, assert_that, equal_to, greater_than_or_equal_to, is_not, less_than, less_than_or_equal_to

from balanz_acceptance.actors.charger_under_test import ChargerUnderTest
from balanz_acceptance.checks.group_watch import GroupWatch
from balanz_acceptance.checks.matchers import charger_state, offers_are, one_offered_rest_zero, same_amps
from balanz_acceptance.core.timing import TimingProfile
from balanz_acceptance.core.waiting import eventually, holds_for
from balanz_acceptance.sut.balanz_api import ConnectorView


def offers_table(rows: Iterable[Mapping[str, str]]) -> dict[str, float]:
    """The offers a feature's table states: one row per charger, columns ``charger`` and ``offer`` (A)."""
    return {row["charger"]: float(row["offer"]) for row in rows}


def _show_offers(views: Mapping[str, ConnectorView]) -> str:
    return ", ".join(f"{alias} {view.offered:g}" for alias, view in sorted(views.items()))


def _show_views(views: Mapping[str, ConnectorView]) -> str:
    return ", ".join(f"{alias} {view}" for alias, view in sorted(views.items()))


#: How a failed wait names what it watched, unless the caller says more.
_OFFERS = "offers as balanz shows them"


@dataclass
class Balancing:
    """The offers of several chargers, as balanz shows them (one GetChargers snapshot per poll)."""

    views: Callable[[list[str]], dict[str, ConnectorView]]
    charger: Callable[[str], ChargerUnderTest]
    profile: TimingProfile
    #: Chargers the scenario made silent: they cannot be asked what they enforce.
    silenced: set[str]

    def reach(self, expected: Mapping[str, float], within: float, reason: str = _OFFERS) -> None:
        """balanz offers exactly these amps within ``within`` seconds (a checkpoint it may pass through)."""
        eventually(
            lambda: self.views(list(expected)),
            offers_are(expected),
            within=within,
            reason=reason,
            show=_show_offers,
        )

    def settle(self, expected: Mapping[str, float], within: float) -> None:
        """balanz offers exactly these amps within ``within`` seconds and keeps them for one full balancing run
        (settled means held), and every charger that can answer enforces its offer."""
        self.reach(expected, within)
        self.stay(expected, self.profile.settle)
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
        for alias, amps in expected.items():
            if alias in self.silenced:  # a silent charger cannot tell what it enforces
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

    def take_turns(self, aliases: list[str], amps: float, times: int, seconds: float) -> None:
        """The ``amps`` shared by these sessions changes hands at least ``times`` times within ``seconds``."""
        changes = self.holder_changes(aliases, amps, seconds)
        assert_that(
            len(changes),
            greater_than_or_equal_to(times),
            f"times the {amps:g} A changed hands within {seconds:g}s (changes: {changes})",
        )

    def gave_way_first(self, alias: str, candidates: list[str], watch: GroupWatch) -> None:
        """Among the sessions of the same *session* priority as ``alias`` (its tag's, else its charger's), the
        one at ``alias`` was cut to 0 A first, and when it was it had charged at least as much as each of them
        (by the simulators' meters, which balanz's meter register follows)."""
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
