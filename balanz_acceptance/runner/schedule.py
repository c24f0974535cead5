"""How long a scenario should take, how long it may take, the order of a parallel run, and CI shards.

**Expected duration.** A fresh checkout knows no measured durations, so every scenario has an *estimate* from
its own text and the active timing profile: start-up plus every interval its steps name ("for 3 offer-increase
intervals", "once the unused-offer timeout has passed", each ``→`` of an offer sequence is one offer-increase
interval). The estimate is computed from the same text the scenario runs, so it is right for a scenario
written yesterday and for any profile - a committed durations file would go stale with every change to a
scenario or profile. After a run, the measured durations are kept per profile in
``<reports_dir>/durations.json`` and preferred for ordering: the next run starts the longest first.

**Timeout.** A scenario that exceeds ``timeout_for`` is killed with its process group and reported as timed out.
The bound is ``SAFETY`` × (the profile's start-up deadline + the deadline of every interval the steps name + one
reaction deadline and one settling time (a full run held) per step + ``implicit_waits``), where
``implicit_waits`` is the longest chain a scenario can wait through without naming it: an offer growing from the
minimum to the largest charger limit in ``max_offer_increase`` steps (one offer-increase interval each), then
the usage-monitoring interval, the unused-offer timeout and the delayed-start suspension. Every term is a
deadline the harness itself uses, so a healthy scenario cannot reach the bound; ``SAFETY`` = 2 covers a loaded
machine. A measured duration raises the bound to at least ``SAFETY`` × that duration.

**Shards.** ``--shard K/N`` takes a deterministic, duration-balanced 1/N of the selection: scenarios sorted by
estimate (longest first, then location) go one by one to the shard with the least total so far. Shards use
the estimates only, never measured durations: every CI machine must compute the same split from the same
checkout, whatever it ran before.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from pathlib import Path

from balanz_acceptance.core.site import SiteModel
from balanz_acceptance.core.timing import INTERVAL_PATTERN, TimingProfile
from balanz_acceptance.runner.listing import Scenario

SAFETY = 2.0
DURATIONS_FILE = "durations.json"

_NUMBER = r"(\d+(?:\.\d+)?|an?|one|the)"
INTERVAL_MENTION = re.compile(rf"\b{_NUMBER}\s+({INTERVAL_PATTERN})\b", re.IGNORECASE)
OFFER_STEP = "→"


def interval_mentions(texts: Iterable[str]) -> list[tuple[float, str]]:
    """(count, interval name) for every interval the texts name: "3 offer-increase intervals" → (3, ...)."""
    found = []
    for text in texts:
        for count, name in INTERVAL_MENTION.findall(text):
            found.append((float(count) if count[0].isdigit() else 1.0, name))
    return found


def estimate(scenario: Scenario, profile: TimingProfile) -> float:
    """Expected seconds of a scenario from the intervals it names (see the module's docstring)."""
    named = sum(count * profile.interval(name) for count, name in interval_mentions(scenario.steps))
    offers = sum(text.count(OFFER_STEP) for text in scenario.steps) * profile.offer_increase_interval
    return profile.charger_initialization + named + offers


def implicit_waits(profile: TimingProfile, site: SiteModel) -> float:
    """The longest chain of waits a scenario may go through without naming an interval (see the docstring)."""
    largest = max(c.conn_max for c in site.chargers.values())
    increases = math.ceil(max(0.0, largest - profile.min_allocation) / profile.max_offer_increase)
    return (
        profile.deadline(increases, "offer-increase intervals")
        + profile.deadline(1, "usage-monitoring interval")
        + profile.deadline(1, "unused-offer timeout")
        + profile.deadline(1, "delayed-start suspension")
    )


def timeout_for(scenario: Scenario, profile: TimingProfile, site: SiteModel, measured: float | None = None) -> float:
    """Seconds after which the runner kills a scenario and reports it timed out."""
    named = sum(profile.deadline(count, name) for count, name in interval_mentions(scenario.steps))
    offers = sum(text.count(OFFER_STEP) for text in scenario.steps) * profile.deadline(1, "offer-increase interval")
    steps = (len(scenario.steps) - 1) * (profile.reaction + profile.settle)  # the first text is the scenario's name
    bound = SAFETY * (profile.startup + named + offers + steps + implicit_waits(profile, site))
    return max(bound, SAFETY * measured) if measured else bound


def load_durations(reports_dir: Path, timing: str) -> dict[str, float]:
    """Measured seconds per scenario key for a timing profile, from earlier runs ({} if none)."""
    try:
        data = json.loads((reports_dir / DURATIONS_FILE).read_text())
        return {key: float(value) for key, value in data.get(timing, {}).items()}
    except (OSError, ValueError, AttributeError):
        return {}


def save_durations(reports_dir: Path, timing: str, measured: dict[str, float]) -> None:
    """Keep the measured seconds of this run's passed scenarios for the next run (other profiles untouched)."""
    path = reports_dir / DURATIONS_FILE
    try:
        data = json.loads(path.read_text())
        if not isinstance(data, dict):
            data = {}
    except (OSError, ValueError):
        data = {}
    data[timing] = {**data.get(timing, {}), **{k: round(v, 1) for k, v in measured.items()}}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1, sort_keys=True))


def longest_first(scenarios: list[Scenario], expected: dict[str, float]) -> list[Scenario]:
    """The scenarios in the order a parallel run starts them: longest expected first (ties: file order)."""
    order = {s.location: i for i, s in enumerate(scenarios)}
    return sorted(scenarios, key=lambda s: (-expected[s.location], order[s.location]))


def parse_shard(text: str) -> tuple[int, int]:
    """``K/N`` → (K, N) with 1 ≤ K ≤ N; ValueError with the words of the problem otherwise."""
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text)
    if not match or not 1 <= int(match.group(1)) <= int(match.group(2)):
        raise ValueError(f"--shard {text!r}: expected K/N with 1 <= K <= N, e.g. 1/2")
    return int(match.group(1)), int(match.group(2))


def shard(scenarios: list[Scenario], estimates: dict[str, float], index: int, count: int) -> list[Scenario]:
    """Shard ``index`` of ``count`` (1-based): longest estimate first, each to the least-loaded shard."""
    loads = [0.0] * count
    chosen: list[list[Scenario]] = [[] for _ in range(count)]
    for scenario in sorted(scenarios, key=lambda s: (-round(estimates[s.location], 3), s.location)):
        target = min(range(count), key=lambda k: (loads[k], k))
        loads[target] += estimates[scenario.location]
        chosen[target].append(scenario)
    keep = {s.location for s in chosen[index - 1]}
    return [s for s in scenarios if s.location in keep]
