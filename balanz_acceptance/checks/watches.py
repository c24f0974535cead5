"""The group safety watches of one scenario: one per allocation group its chargers belong to.

``Watches`` starts them, hands them every event of the site (core/events.py), and answers what a step asks of
them: an excursion a known-issue scenario demonstrates, what a charger allowed meanwhile. At the end of the
scenario ``finish`` says why the watches cannot vouch for it (checks/group_watch.py GroupWatch.problems).
"""

from __future__ import annotations

from collections.abc import Callable

from hamcrest import assert_that, contains_exactly, empty, equal_to, is_not, none

from balanz_acceptance.checks.group_watch import ChargerSide, Excursion, GroupWatch, reaction_time
from balanz_acceptance.checks.priority_oracle import PriorityOracle
from balanz_acceptance.core.events import ChargerAdded, Event, Events
from balanz_acceptance.core.record import ScenarioRecord
from balanz_acceptance.core.site import ChargerSpec, SiteModel
from balanz_acceptance.core.site_state import SiteState
from balanz_acceptance.core.timing import TimingProfile
from balanz_acceptance.core.waiting import eventually
from balanz_acceptance.sut.balanz_api import BalanzApi


class Watches:
    """The running group safety watches, by group id."""

    def __init__(
        self,
        site: SiteModel,
        profile: TimingProfile,
        record: ScenarioRecord,
        events: Events,
        new_api: Callable[[], BalanzApi],
        state: SiteState | None = None,
    ) -> None:
        self.site = site
        #: The site's data as the scenario left it: each watch's priority oracle reads it (None: balanz's priorities).
        self.state = state
        self.profile = profile
        self.record = record
        self.new_api = new_api
        self._watches: dict[str, GroupWatch] = {}
        #: Chargers that joined while the scenario ran (created through the API): their group's watch knows them.
        self._joined: list[ChargerSpec] = []
        events.subscribe(self._hear)

    def _hear(self, event: Event) -> None:
        if isinstance(event, ChargerAdded):
            self._joined.append(ChargerSpec(event.charger_id, event.alias, event.group_id, 0, 0.0))
            if event.group_id not in self._watches:
                self.start(event.group_id, {event.alias: event.side})
                return
        for watch in list(self._watches.values()):
            watch.hear(event)

    def start(self, group_id: str, sides: dict[str, ChargerSide]) -> None:
        """Start watching a group whose chargers ``sides`` are (nothing for a group without a maximum)."""
        group = self.site.groups[group_id]
        if not group.is_allocation_group or group_id in self._watches:
            return
        everyone = self._everyone()
        watch = GroupWatch(
            group,
            self.new_api(),
            sides,
            self.record,
            full_run=self.profile.full_run * self.profile.factor,
            reaction=reaction_time(self.profile),
            log_path=self.record.logs.get("balanz"),
            aliases={c.charger_id: c.alias for c in everyone if c.group_id == group_id and "/" not in c.alias},
            gap=self.profile.run_interval * self.profile.factor,
            oracle=self._oracle(),
        )
        watch.start()
        self._watches[group_id] = watch

    def _everyone(self) -> list[ChargerSpec]:
        """Every charger of the site: data/model's and those that joined while the scenario ran."""
        return [*self.site.chargers.values(), *self._joined]

    def _oracle(self) -> PriorityOracle | None:
        """Each session's priority from the site's data (tags and chargers as the scenario left them)."""
        state = self.state
        if state is None:
            return None
        return PriorityOracle(
            state.tag_priority,
            lambda alias: state.spec(alias).priority,
            state.default_priority,
            lag=self.profile.run_interval * self.profile.factor,  # the sampling gap the watch tolerates
        )

    def of(self, group_id: str) -> GroupWatch:
        """The running safety watch of a group."""
        if group_id not in self._watches:
            raise AssertionError(f"group {group_id} is not watched: the scenario names none of its chargers")
        return self._watches[group_id]

    def __contains__(self, group_id: object) -> bool:
        return group_id in self._watches

    def items(self) -> list[tuple[str, GroupWatch]]:
        """Every watch with its group's id."""
        return list(self._watches.items())

    def finish(self) -> list[str]:
        """Stop every watch; return why the watches cannot vouch for the scenario: the excursions no step
        acknowledged, and any watch that did not observe its group throughout (empty if all is well)."""
        found = []
        for watch in self._watches.values():
            watch.stop()
            found.extend(watch.problems())
            found.extend(str(e) for e in watch.unexpected())
        return found

    def close(self) -> None:
        """Stop every watch (idempotent)."""
        for watch in self._watches.values():
            watch.stop()

    def excursion(self, group_id: str, amps: float, over: float, *, minimum: bool = False) -> None:
        """A known-issue scenario expects its group's offers above ``amps`` by ``over`` (``minimum``: the feature
        calls it the minimum offer): wait for the watch to see it (promptly), check by how much, and accept it
        (balanz side, charger side and ledger alike)."""
        if minimum:
            self.profile.the_minimum(over)
        watch = self.of(group_id)
        excursions: list[Excursion] = eventually(
            lambda: [e for e in watch.current_excursions() if e.limit == amps],
            is_not(empty()),
            within=self.profile.prompt,
            reason=f"the watch sees {group_id} above {amps:g} A",
            show=len,
        )
        assert_that(
            sorted({round(e.worst - e.limit, 2) for e in excursions}),
            contains_exactly(over),
            f"how far {group_id} went above {amps:g} A",
        )
        watch.acknowledge(excursions)

    def priority_mismatch(self, alias: str, shown: int, expected: int) -> None:
        """A known-issue scenario expects balanz to show the session at the charger with priority ``shown`` where
        the site's data give ``expected``: wait for the watch of its group to see it (promptly), check both, and
        accept it (the other checks of the watch stay)."""
        spec = next(c for c in self._everyone() if c.alias == alias.split("/")[0])
        watch = self.of(spec.group_id)
        seen = eventually(
            lambda: watch.confirm_mismatches().get(alias),
            is_not(none()),
            within=self.profile.prompt,
            reason=f"the watch sees balanz show a priority at {alias} that the site's data do not give",
        )
        assert_that(seen, equal_to((shown, expected)), f"{alias}: (balanz's priority, the site's data's)")
        watch.acknowledged_mismatches.add(alias)

    def allowed_since(self, spec: ChargerSpec, since: float, amps: float) -> None:
        """The watch of the charger's group sampled it allowing ``amps`` in a session after ``since`` (promptly)."""
        watch = self.of(spec.group_id)
        eventually(
            lambda: max((s.sim_offers.get(spec.alias, 0.0) for s in list(watch.samples) if s.at >= since), default=0.0),
            equal_to(amps),
            within=self.profile.prompt,
            reason=f"{spec.alias}: what the charger allowed in a session, as the group watch sampled it",
        )
