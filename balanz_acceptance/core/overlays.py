"""Per-scenario configuration overlays: a scenario that states its own site setting gets it.

A scenario can run on a site whose setting differs from the active timing profile, stated in the
feature's words as a step, for example::

    Given a site whose transaction timeout is 5 full balancing runs

Before the scenario's stack starts, the harness finds such sentences in the scenario's steps
(``overlays_in``) and renders balanz's configuration from the profile with the setting changed
(``apply_overlays``): the value is the count times the named interval of the *active* profile, so the
scenario keeps its meaning in every profile, and every deadline of the scenario ("within 1 transaction
timeout") follows the changed setting. A scenario with an overlay needs a balanz of its own: on an
external stack it is skipped (tag ``@fresh_balanz``).
"""

from __future__ import annotations

import configparser
import re
from dataclasses import dataclass

from balanz_acceptance.core.errors import SetupError
from balanz_acceptance.core.timing import Duration, TimingProfile

#: The settings a scenario may change, in the features' words → (program, section, key).
#: Each is a duration in seconds that balanz reads as a whole number.
SETTINGS: dict[str, tuple[str, str, str]] = {
    "transaction timeout": ("balanz", "csms", "transaction_timeout"),
    "unused-offer timeout": ("balanz", "balanz", "suspended_allocation_timeout"),
    "delayed-start suspension": ("balanz", "balanz", "suspended_delayed_time"),
    "usage-monitoring interval": ("balanz", "balanz", "usage_monitoring_interval"),
    "offer-increase interval": ("balanz", "balanz", "min_offer_increase_interval"),
}
#: Settings configured one balancing tick short of the duration the feature names. balanz raises an offer at a
#: full balancing run only, and only once min_offer_increase_interval has passed since the last change; a
#: value of exactly N full runs would fall on the boundary and give N + 1 runs whenever a run comes a moment
#: early. Both profiles do the same: standard 115 s = 2 x 60 - 5, fast 11 s = 2 x 6 - 1.
ONE_TICK_SHORT = {"offer-increase interval"}
#: The sentence that states an overlay (a step's text; the step itself checks that it is in effect).
SENTENCE = re.compile(
    r"\ba site whose (?P<setting>" + "|".join(map(re.escape, SETTINGS)) + r") is "
    r"(?P<count>\d+(?:\.\d+)?) (?P<interval>[a-z -]+?)s?$"
)


@dataclass(frozen=True)
class Overlay:
    """One changed setting: ``count`` times the named ``interval`` of the active profile."""

    setting: str
    count: float
    interval: str

    def seconds(self, profile: TimingProfile) -> int:
        """The setting's value in whole seconds (balanz reads these settings as integers)."""
        value = self.count * profile.interval(self.interval)
        if self.setting in ONE_TICK_SHORT:
            value -= profile.run_interval
        if value != int(value) or value <= 0:
            raise SetupError(
                f"'a site whose {self.setting} is {self.count:g} {self.interval}s': {value:g} s in timing "
                f"'{profile.name}' is not a positive whole number of seconds"
            )
        return int(value)

    def describe(self, profile: TimingProfile) -> str:
        """One line for the scenario's log: the key, the value and why."""
        program, section, key = SETTINGS[self.setting]
        return f"{program} [{section}] {key} = {self.seconds(profile)} ({self.count:g} × {self.interval})"


def overlays_in(texts: list[str]) -> list[Overlay]:
    """The overlays stated by these step texts (in order; a later one for the same setting wins)."""
    found: list[Overlay] = []
    for text in texts:
        match = SENTENCE.search(text.strip())
        if match:
            found.append(Overlay(match["setting"], float(match["count"]), match["interval"].strip()))
    return found


def apply_overlays(profile: TimingProfile, overlays: list[Overlay]) -> TimingProfile:
    """A copy of ``profile`` with these settings changed (``profile`` itself stays as it is)."""
    if not overlays:
        return profile
    configs = {"balanz": copy_config(profile.balanz), "ocppsim": copy_config(profile.ocppsim)}
    for overlay in overlays:
        program, section, key = SETTINGS[overlay.setting]
        configs[program][section][key] = str(overlay.seconds(profile))
    return TimingProfile(profile.name, configs["balanz"], configs["ocppsim"], profile.factor)


def copy_config(config: configparser.ConfigParser) -> configparser.ConfigParser:
    """A deep copy of a rendered configuration (option names keep their case)."""
    clone = configparser.ConfigParser(interpolation=None)
    clone.optionxform = str  # keep option case exactly as written
    clone.read_dict(config)
    return clone


def check_in_effect(profile: TimingProfile, setting: str, duration: Duration) -> None:
    """The scenario's balanz runs with ``setting`` = ``duration`` (its overlay, applied before the stack started)."""
    expected = profile.seconds(duration)
    if profile.interval(setting) != expected:
        raise AssertionError(
            f"the scenario's {setting} is {profile.interval(setting):g} s, not {duration} ({expected:g} s)"
        )
