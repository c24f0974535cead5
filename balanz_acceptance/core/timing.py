"""Timing profiles: the configured intervals of balanz and ocppsim, and deadlines derived from them.

A profile is ``data/config/timing-<name>.ini`` overlaid on ``balanz.ini`` and ``ocppsim.ini``. Features
name intervals ("within 2 offer-increase intervals"), never seconds; this module turns names into seconds.
"""

from __future__ import annotations

import configparser
import math
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from balanz_acceptance.core.errors import SetupError

#: Seconds allowed on top of every deadline for what no interval covers: websocket round trips,
#: the simulators' fixed sleeps (up to 2 s in a state change) and our own polling.
FIXED_LATENCY = 4.0
#: Seconds a freshly started balanz may take to answer its API, and a simulator to report Available
#: (before timeout_factor). Independent of the configured intervals: a program that takes longer is broken.
PROCESS_READY = 10.0


def _read(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keep option case exactly as written
    try:
        if not parser.read(path):
            raise SetupError(f"{path}: file missing")
    except configparser.Error as exc:
        raise SetupError(f"{path}: not a valid INI file ({exc.message.splitlines()[0]})") from None
    return parser


@dataclass
class TimingProfile:
    """One timing profile: rendered configurations and the intervals features refer to."""

    name: str
    balanz: configparser.ConfigParser
    ocppsim: configparser.ConfigParser
    factor: float = 1.0

    # --- configured values -------------------------------------------------------------------------
    def _b(self, key: str, section: str = "balanz") -> float:
        return float(self.balanz[section][key])

    @property
    def min_allocation(self) -> float:
        """The minimum offer (A)."""
        return self._b("min_allocation")

    @property
    def max_offer_increase(self) -> float:
        """The largest step of one offer increase (A)."""
        return self._b("max_offer_increase")

    @property
    def run_interval(self) -> float:
        """Seconds between two balancing ticks."""
        return self._b("run_interval")

    @property
    def full_run(self) -> float:
        """Seconds between two full balancing runs."""
        return self._b("run_interval") * self._b("intervals_full")

    @property
    def min_offer_increase_interval(self) -> float:
        """Configured minimum seconds between two offer changes before an increase."""
        return self._b("min_offer_increase_interval")

    @property
    def offer_increase_interval(self) -> float:
        """Effective cadence of increases: the configured minimum rounded up to whole full runs."""
        return math.ceil(self.min_offer_increase_interval / self.full_run) * self.full_run

    @property
    def usage_monitoring_interval(self) -> float:
        """Width of the rolling usage window (s)."""
        return self._b("usage_monitoring_interval")

    @property
    def unused_offer_timeout(self) -> float:
        """Age of an unused offer before it is withdrawn (suspended_allocation_timeout)."""
        return self._b("suspended_allocation_timeout")

    @property
    def delayed_start_suspension(self) -> float:
        """How long a first-delay withdrawal lasts before the offer returns (suspended_delayed_time)."""
        return self._b("suspended_delayed_time")

    @property
    def long_suspension(self) -> float:
        """How long a later withdrawal lasts (suspended_delayed_time_not_first)."""
        return self._b("suspended_delayed_time_not_first")

    @property
    def meter_value_interval(self) -> float:
        """Seconds between two periodic meter values of a simulator."""
        return float(self.ocppsim["charger"]["metervalues_interval"])

    @property
    def transaction_timeout(self) -> float:
        """Silence after which balanz closes a charger's transaction."""
        return self._b("transaction_timeout", "csms")

    @property
    def provisioning_delay(self) -> float:
        """Seconds from a charger's connection until balanz gives it a new key (http_auth_delay)."""
        return self._b("http_auth_delay", "host")

    @property
    def startup(self) -> float:
        """Deadline for balanz and the simulators to be up, connected and initialized."""
        return (20.0 + self._b("first_wait") + 2 * self.run_interval) * self.factor

    @property
    def process_ready(self) -> float:
        """Deadline for a started balanz to answer its API, or a started simulator to report Available."""
        return PROCESS_READY * self.factor

    @property
    def charger_initialization(self) -> float:
        """Deadline for balanz to show a connected charger Available with its default profiles set.

        balanz waits ``first_wait`` after a charger connects, then initializes it at a balancing tick.
        """
        return (self._b("first_wait") + 3 * self.run_interval + FIXED_LATENCY) * self.factor

    # --- deadlines ---------------------------------------------------------------------------------
    INTERVALS: ClassVar[dict[str, str]] = {
        "balancing tick": "run_interval",
        "full balancing run": "full_run",
        "offer-increase interval": "offer_increase_interval",
        "usage-monitoring interval": "usage_monitoring_interval",
        "unused-offer timeout": "unused_offer_timeout",
        "delayed-start suspension": "delayed_start_suspension",
        "meter-value interval": "meter_value_interval",
        "transaction timeout": "transaction_timeout",
        "provisioning delay": "provisioning_delay",
    }

    def interval(self, name: str) -> float:
        """Seconds of a named interval (singular or plural name)."""
        key = name.strip().lower()
        key = key[:-1] if key.endswith("s") and key[:-1] in self.INTERVALS else key
        key = {"timeouts": "timeout"}.get(key, key)
        if key not in self.INTERVALS:
            raise SetupError(f"unknown interval '{name}'; known: {', '.join(self.INTERVALS)}")
        return float(getattr(self, self.INTERVALS[key]))

    @property
    def slack(self) -> float:
        """Margin added to a deadline: one full run (decisions happen on full runs) and fixed latency."""
        return self.full_run + self.run_interval + FIXED_LATENCY

    def deadline(self, count: float, name: str) -> float:
        """Seconds to wait for something promised within ``count`` of the named interval."""
        return (count * self.interval(name) + self.slack) * self.factor

    @property
    def reaction(self) -> float:
        """Deadline for what balanz does at its next balancing run (one full run plus slack)."""
        return (self.full_run + self.slack) * self.factor

    @property
    def prompt(self) -> float:
        """Deadline for what a simulator or an urgent balancing tick does at once."""
        return (2 * self.run_interval + FIXED_LATENCY) * self.factor


def load_profile(data_dir: Path, name: str, factor: float = 1.0) -> TimingProfile:
    """Load a timing profile by name: ``data/config/timing-<name>.ini`` over the base configurations."""
    config_dir = data_dir / "config"
    overlay_path = config_dir / f"timing-{name}.ini"
    if not overlay_path.is_file():
        known = sorted(p.stem.removeprefix("timing-") for p in config_dir.glob("timing-*.ini"))
        raise SetupError(f"timing: '{name}' is not a profile; expected one of {', '.join(known)}")
    balanz = _read(config_dir / "balanz.ini")
    ocppsim = _read(config_dir / "ocppsim.ini")
    overlay = _read(overlay_path)
    targets = {"balanz": balanz, "ocppsim": ocppsim}
    for section in overlay.sections():
        program, _, target_section = section.partition(":")
        if program not in targets or not target_section:
            raise SetupError(f"{overlay_path}: section [{section}] should be [balanz:<section>] or [ocppsim:<section>]")
        target = targets[program]
        if not target.has_section(target_section):
            raise SetupError(f"{overlay_path}: [{section}] names a section {program} does not have")
        for key, value in overlay[section].items():
            if key not in target[target_section]:
                raise SetupError(f"{overlay_path}: [{section}] {key} is not a {program} setting")
            target[target_section][key] = value
    return TimingProfile(name, balanz, ocppsim, factor)
