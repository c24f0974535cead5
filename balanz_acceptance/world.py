"""The per-scenario world the steps talk to: the site, the timing profile, the stack, the record."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from .balanz_api import BalanzApi, ConnectorView
from .charger import ChargerUnderTest
from .group_watch import Excursion, GroupWatch
from .report import ScenarioRecord
from .site import SiteModel
from .stack import Stack
from .timing import TimingProfile


@dataclass
class World:
    """Everything a step needs, created fresh for every scenario."""

    site: SiteModel
    profile: TimingProfile
    stack: Stack
    record: ScenarioRecord
    watches: dict[str, GroupWatch] = field(default_factory=dict)
    _chargers: dict[str, ChargerUnderTest] = field(default_factory=dict)

    @property
    def api(self) -> BalanzApi:
        """The scenario's logged-in balanz API connection."""
        assert self.stack.api is not None, "the stack is not started"
        return self.stack.api

    def charger(self, alias: str) -> ChargerUnderTest:
        """The charger with this alias, with its simulator (started because the scenario names it)."""
        if alias not in self._chargers:
            charger = self.site.charger(alias)
            sim = self.stack.sims.get(alias)
            if sim is None:
                raise AssertionError(f"no simulator runs for {alias}: the scenario's steps must name it")
            self._chargers[alias] = ChargerUnderTest(charger, sim, self.api, self.profile, self.record)
        return self._chargers[alias]

    def watch_groups(self, aliases: list[str]) -> None:
        """Start a safety watch on every allocation group these chargers belong to."""
        for group_id in dict.fromkeys(self.site.charger(a).group_id for a in aliases):
            group = self.site.groups[group_id]
            if not group.buckets:
                continue
            sims = {
                alias: self.stack.new_sim_client(alias)
                for alias in aliases
                if self.site.charger(alias).group_id == group_id
            }
            watch = GroupWatch(group, self.stack.new_api(), sims, self.record)
            watch.start()
            self.watches[group_id] = watch

    def watch(self, group_id: str) -> GroupWatch:
        """The running safety watch of a group."""
        if group_id not in self.watches:
            raise AssertionError(f"group {group_id} is not watched: the scenario names none of its chargers")
        return self.watches[group_id]

    def finish_watches(self) -> list[Excursion]:
        """Stop every watch; return the excursions no step acknowledged."""
        unexpected = []
        for watch in self.watches.values():
            watch.stop()
            unexpected.extend(watch.unexpected())
        self.watches = {}
        return unexpected

    def close(self) -> None:
        """Stop the watches and the stack (idempotent)."""
        self.finish_watches()
        self.stack.stop()

    def start_sessions(self, sessions: list[tuple[str, str]]) -> None:
        """Start sessions together: each (alias, tag) is presented and must start at the minimum offer.

        They run in parallel threads, so every session starts within the same balancing tick or two;
        the first failure is raised.
        """
        chargers = [(self.charger(alias), tag) for alias, tag in sessions]

        def start(charger: ChargerUnderTest, tag: str) -> None:
            charger.present_tag(tag)
            charger.await_charging_start(self.profile.min_allocation)

        with ThreadPoolExecutor(max_workers=max(1, len(chargers))) as pool:
            for future in [pool.submit(start, charger, tag) for charger, tag in chargers]:
                future.result()

    def views(self, aliases: list[str]) -> dict[str, ConnectorView]:
        """balanz's view of these chargers, from one consistent GetChargers snapshot."""
        wanted = set(aliases)
        views = [ConnectorView.from_charger(c) for c in self.api.chargers()]
        return {v.alias: v for v in views if v.alias in wanted}
