"""Timing profiles: the configured intervals of balanz and ocppsim, and deadlines derived from them.

A profile is ``data/config/timing-<name>.ini`` overlaid on ``balanz.ini`` and ``ocppsim.ini``. Features
name intervals ("within 2 offer-increase intervals"), never seconds; this module turns names into seconds.
"""

from __future__ import annotations

import configparser
import math
import re
from dataclasses import dataclass
from pathlib import Path

from balanz_acceptance.core.errors import SetupError

#: Seconds allowed for what a simulator does at once, beyond balanz's ticks: websocket round trips,
#: the simulators' fixed sleeps (up to 2 s in a state change) and our own polling.
FIXED_LATENCY = 4.0
#: Seconds from balanz's decision until the harness sees it through the API: balanz sends the charging
#: profile and waits for the charger's answer before it records the offer, then one poll (0.25 s) and
#: one API round trip. Added to every "not after" bound.
REACTION_LATENCY = 1.5
#: balanz's loop sleeps run_interval *after* each tick's work, so its runs fall behind the wall clock by
#: the work's duration (sending profiles, writing CSVs): this fraction of a deadline's intervals is
#: allowed for that drift.
LOOP_DRIFT = 0.03
#: Seconds by which a time the harness observed (not one balanz recorded) can be late: one poll plus
#: one round trip. The "not before" bound of a timed rule is lowered by this much.
OBSERVATION_TOLERANCE = 1.0


@dataclass(frozen=True)
class Interval:
    """A named interval of the features ("unused-offer timeout"), the setting it is, and when balanz acts.

    ``cadence`` names the loop period at which balanz notices the interval has passed (its full
    balancing run, or its transaction check); None when balanz acts at the moment itself.
    """

    name: str
    setting: str
    cadence: str | None


#: The one list of interval names features may use (singular; a plural "s" is accepted). steps/_types.py
#: builds its parameter type from it.
INTERVALS: tuple[Interval, ...] = (
    Interval("balancing tick", "run_interval", None),
    Interval("full balancing run", "full_run", None),
    Interval("offer-increase interval", "offer_increase_interval", "full_run"),
    Interval("usage-monitoring interval", "usage_monitoring_interval", "full_run"),
    Interval("unused-offer timeout", "unused_offer_timeout", "full_run"),
    Interval("delayed-start suspension", "delayed_start_suspension", "full_run"),
    Interval("long suspension", "long_suspension", "full_run"),
    Interval("meter-value interval", "meter_value_interval", None),
    Interval("transaction timeout", "transaction_timeout", "transaction_check"),
    Interval("provisioning delay", "provisioning_delay", None),
    Interval("charger silence limit", "charger_silence_limit", "connection_check_interval"),
    Interval("connection check interval", "connection_check_interval", None),
)
_BY_NAME = {i.name: i for i in INTERVALS}
#: A regular expression matching any interval name, singular or plural (for step parameter types).
INTERVAL_PATTERN = "(?:" + "|".join(re.escape(i.name) + "s?" for i in INTERVALS) + ")"
#: A count of a named interval as the features write it ("2 full balancing runs", "1 offer-increase interval").
DURATION_PATTERN = r"\d+(?:\.\d+)? " + INTERVAL_PATTERN
#: Seconds a freshly started balanz may take to answer its API, and a simulator to report Available
#: (before timeout_factor). Independent of the configured intervals: a program that takes longer is broken.
PROCESS_READY = 10.0
#: Seconds a simulator takes to connect again after balanz restarted or a Reset closed its connection (ocppsim
#: tries again 5 s after it lost its connection, then waits 1 s and sends its start-up notifications: 3.2 s).
SIM_RECONNECT = 10.0
#: Seconds a simulator takes from accepting a Reset to ending its session and closing its connection.
CHARGER_RESET = 10.0
#: Seconds a simulator must sit unchanged in SuspendedEVSE with a usable offer before the harness decides it
#: is stuck in the start race (its own state changes after a profile arrives take milliseconds).
STUCK_AFTER = 1.5


@dataclass(frozen=True)
class Duration:
    """A length of time as a feature states it: ``count`` of the named interval. A profile turns it into
    seconds (``TimingProfile.seconds``) or into the deadline of a rule due after it (``TimingProfile.within``)."""

    count: float
    interval: str

    @classmethod
    def parse(cls, text: str) -> Duration:
        """``"2 full balancing runs"`` → Duration(2, "full balancing runs")."""
        count, _, interval = text.strip().partition(" ")
        return cls(float(count), interval)

    def __str__(self) -> str:
        return f"{self.count:g} {self.interval}"


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
    def energy_threshold(self) -> float:
        """Energy (Wh) above which a suspended EV is no longer on its first delay."""
        return self._b("energy_threshold")

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
    def charger_silence_limit(self) -> float:
        """Silence after which balanz's watchdog closes a charger's connection ([host] watchdog_stale)."""
        return self._b("watchdog_stale", "host")

    @property
    def connection_check_interval(self) -> float:
        """Seconds between two checks of balanz's connection watchdog ([host] watchdog_interval)."""
        return self._b("watchdog_interval", "host")

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

    @property
    def transaction_check(self) -> float:
        """Seconds between two of balanz's checks for silent chargers' transactions (transaction_interval)."""
        return self._b("transaction_interval", "csms")

    @property
    def sim_reconnect(self) -> float:
        """Deadline for a simulator to connect again after balanz restarted or a Reset closed its connection."""
        return SIM_RECONNECT * self.factor

    @property
    def charger_reset(self) -> float:
        """Deadline for a simulator to end its session and close its connection after accepting a Reset."""
        return CHARGER_RESET * self.factor

    @property
    def stuck_after(self) -> float:
        """How long a simulator must sit unchanged before the harness calls it stuck in the start race."""
        return STUCK_AFTER * self.factor

    def the_minimum(self, amps: float) -> float:
        """A feature's "minimum offer" must be balanz's min_allocation: returns it, else fails the step."""
        if amps != self.min_allocation:
            raise AssertionError(
                f"the feature's minimum offer of {amps:g} A is not min_allocation {self.min_allocation:g}"
            )
        return amps

    def the_minimum_usage_change(self, amps: float) -> float:
        """A feature's minimum usage change must be balanz's [history] minimum_usage_change: returns it, else fails
        the step."""
        configured = float(self.balanz["history"]["minimum_usage_change"])
        if amps != configured:
            raise AssertionError(
                f"the feature's usage change of {amps:g} A is not [history] minimum_usage_change {configured:g}"
            )
        return amps

    # --- deadlines ---------------------------------------------------------------------------------
    def seconds(self, duration: Duration) -> float:
        """Seconds of a feature's duration in this profile."""
        return duration.count * self.interval(duration.interval)

    def within(self, duration: Duration) -> float:
        """The deadline of a rule due after a feature's duration (``deadline``)."""
        return self.deadline(duration.count, duration.interval)

    @staticmethod
    def _named(name: str) -> Interval:
        key = " ".join(name.strip().lower().split())
        found = _BY_NAME.get(key) or (_BY_NAME.get(key[:-1]) if key.endswith("s") else None)
        if found is None:
            raise SetupError(f"unknown interval '{name}'; known: {', '.join(_BY_NAME)}")
        return found

    def interval(self, name: str) -> float:
        """Seconds of a named interval (singular or plural name)."""
        return float(getattr(self, self._named(name).setting))

    def cadence(self, name: str) -> float:
        """Seconds by which balanz may notice the named interval late: the period of the loop that acts on it."""
        cadence = self._named(name).cadence
        return float(getattr(self, cadence)) if cadence else 0.0

    def earliest(self, count: float, name: str, *, observed: bool = False) -> float:
        """Seconds before which a rule due ``count`` of the named interval after its trigger must not act.

        ``observed``: the times compared are the harness's observations, late by up to OBSERVATION_TOLERANCE.
        """
        return count * self.interval(name) - (OBSERVATION_TOLERANCE if observed else 0.0)

    def deadline(self, count: float, name: str) -> float:
        """Seconds after the trigger by which a rule due ``count`` of the named interval must have acted.

        The interval itself, plus the period of the loop that notices it has passed (a full balancing run
        for balanz's allocation rules), plus LOOP_DRIFT of the whole, plus REACTION_LATENCY; times
        timeout_factor. "within 1 full balancing run" therefore tolerates 6 + 0.2 + 1.5 s in the fast profile.
        """
        base = count * self.interval(name) + self.cadence(name)
        return (base * (1 + LOOP_DRIFT) + REACTION_LATENCY) * self.factor

    @property
    def settle(self) -> float:
        """How long an outcome balanz converges to must hold before a step accepts it: one full balancing run."""
        return self.full_run

    @property
    def reaction(self) -> float:
        """Deadline for what balanz does at its next full balancing run."""
        return self.deadline(1, "full balancing run")

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
