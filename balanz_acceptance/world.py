"""The per-scenario world the steps talk to: the site, the timing profile, the stack, the record."""

from __future__ import annotations

from dataclasses import dataclass, field

from .balanz_api import BalanzApi
from .charger import ChargerUnderTest
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
