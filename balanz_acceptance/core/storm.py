"""Storms: seeded random sequences of what drivers, EVs, chargers and the operator do to a site, their words, and
the shrinking of a failing one to a short list.

A storm is a list of ``StormEvent``, each at a balancing tick counted from the storm's start (``at``). It is made
from a seed alone (``generate``: ``random.Random(seed)``, nothing else), so ``-D storm_seed=N`` makes the same
list again, event for event. Each event reads as one Gherkin step ("at tick 12, the driver presents tag 29837FD6 at
RR2-02"): ``describe`` writes it, ``parse`` reads it back, and ``as_gherkin`` writes a whole scenario that can be
pasted into a feature (steps/storm_steps.py plays such steps one by one).

The generator follows what it made: it presents a tag only at a charger without a session and only a tag that
is not in use elsewhere (balanz refuses a tag in use: ``[csms] allow_concurrent_tag``), limits, fills or unplugs
only an EV in a session, lets a charger that went silent say nothing more until it works again, resumes every
group it suspended and ends no storm with a charger silent. Whatever the site does (a tag refused, a session a
reboot ended), playing an event that no longer fits does nothing (actors/storm.py).

Why not Hypothesis (its stateful testing generates and shrinks such sequences well): each example here is a real
balanz and its chargers run for tens of seconds of wall time, on a fresh stack. Hypothesis's shrinker needs
dozens to hundreds of examples and its database of failures replaces a seed that a feature can state; neither
fits. So a storm is made from a seed, and a failing one is shrunk by a bounded delta debugging (``shrink``: Zeller's
ddmin, down to dropping single events) whose replays, each on a fresh stack, are capped by count and time.
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

#: The kinds of event, in the order ``describe`` lists them; each with its words ({alias}, {tag}, {value},
#: {group}, {schedule} filled in).
WORDS: dict[str, str] = {
    "arrive": "the driver presents tag {tag} at {alias}",
    "ev_limit": "the EV at {alias} draws at most {value} A",
    "ev_full": "the EV at {alias} is full",
    "unplug": "the driver unplugs the EV at {alias}",
    "reboot": "{alias} reboots",
    "drop": "{alias} loses its connection",
    "silent": "{alias} goes silent for {value} balancing ticks",
    "session_priority": "the operator gives the session at {alias} priority {value}",
    "charger_priority": "the operator gives {alias} priority {value}",
    "group_maximum": "the operator sets {group}'s maximum to {schedule}",
    "suspend": "the operator suspends {group}",
    "resume": "the operator resumes {group}",
    # Not drawn: a shrunk storm ends with it at the tick its check failed, so that a replay checks no earlier.
    "end": "the storm ends",
}
#: How often each kind is drawn, relative to the others (a driver's arrival most often).
WEIGHTS: dict[str, int] = {
    "arrive": 10,
    "ev_limit": 3,
    "ev_full": 2,
    "unplug": 3,
    "reboot": 1,
    "drop": 2,
    "silent": 1,
    "session_priority": 2,
    "charger_priority": 1,
    "group_maximum": 2,
    "suspend": 1,
}
#: The kinds of a storm of drivers and EVs only (arrivals, EV limits, full EVs, unplugs): nothing holds balanz up, so
#: every arrival's reaction counts (a silent charger or a suspended group would excuse it).
DRIVERS_ONLY: dict[str, int] = {kind: WEIGHTS[kind] for kind in ("arrive", "ev_limit", "ev_full", "unplug")}
#: The step prefix: the tick the event happens at, counted from the storm's start.
_AT = re.compile(r"^at tick (?P<at>\d+), (?P<rest>.+)$")
_FIELD = re.compile(r"\{(\w+)\}")
_ALIAS = r"[A-Z][A-Z0-9]*-\d+"
_PATTERNS: dict[str, re.Pattern[str]] = {}
for _kind, _words in WORDS.items():
    _regex = re.escape(_words)
    for _name, _part in (
        ("tag", r"(?P<tag>[A-Za-z0-9]+)"),
        ("alias", rf"(?P<alias>{_ALIAS})"),
        ("value", r"(?P<value>\d+)"),
        ("group", r"(?P<group>[A-Za-z0-9_-]+)"),
        ("schedule", r"(?P<schedule>\S+)"),
    ):
        _regex = _regex.replace(re.escape("{" + _name + "}"), _part)
    _PATTERNS[_kind] = re.compile(f"^{_regex}$")


@dataclass(frozen=True)
class StormEvent:
    """One thing that happens in a storm, at balancing tick ``at`` from the storm's start."""

    at: int
    kind: str
    alias: str = ""
    tag: str = ""
    value: int = 0
    group: str = ""
    schedule: str = ""

    def describe(self) -> str:
        """The event as a feature's step says it (``parse`` reads it back)."""
        words = WORDS[self.kind]
        values = {"alias": self.alias, "tag": self.tag, "value": self.value, "group": self.group,
                  "schedule": self.schedule}  # fmt: skip
        return f"at tick {self.at}, " + _FIELD.sub(lambda m: str(values[m[1]]), words)

    def __str__(self) -> str:
        return self.describe()


def parse(text: str) -> StormEvent:
    """The event a step's words say ("at tick 3, RR2-02 reboots"); ValueError for words no event has."""
    found = _AT.match(text.strip())
    if found is None:
        raise ValueError(f"a storm event begins with 'at tick N, ': {text!r}")
    for kind, pattern in _PATTERNS.items():
        match = pattern.match(found["rest"])
        if match:
            parts = match.groupdict()
            return StormEvent(
                int(found["at"]),
                kind,
                alias=parts.get("alias") or "",
                tag=parts.get("tag") or "",
                value=int(parts.get("value") or 0),
                group=parts.get("group") or "",
                schedule=parts.get("schedule") or "",
            )
    raise ValueError(f"no storm event reads {found['rest']!r} (events: {'; '.join(WORDS.values())})")


@dataclass(frozen=True)
class StormSite:
    """What a storm may use: the chargers (alias → group), the tags (id → own priority or None), each group's
    maximum schedule as data/model has it, the priorities the operator may give and the EV limits drawn."""

    chargers: dict[str, str]
    tags: dict[str, int | None]
    schedules: dict[str, str]
    priorities: tuple[int, ...] = (1, 3, 5, 10)
    ev_limits: tuple[int, ...] = (6, 8, 10, 13, 16)


def scaled_schedule(schedule: str, factor: float) -> str:
    """``schedule`` with every bucket's amperes times ``factor`` (rounded, at least 1): a lower or restored
    maximum with the same buckets and intervals."""

    def scale(match: re.Match[str]) -> str:
        return f"{match[1]}={max(1, round(int(match[2]) * factor))}"

    return re.sub(r"(\d+)=(\d+)", scale, schedule)


@dataclass
class _Plan:
    """What the generator knows of the site while it makes a storm."""

    site: StormSite
    sessions: dict[str, str] = field(default_factory=dict)  # alias → tag
    silent_until: dict[str, int] = field(default_factory=dict)  # alias → tick it works again
    suspended: set[str] = field(default_factory=set)


def generate(
    seed: int, site: StormSite, events: int, ticks: int, weights: Mapping[str, int] = WEIGHTS
) -> list[StormEvent]:
    """A storm of about ``events`` events over ``ticks`` balancing ticks, made from ``seed`` alone (and the kinds
    ``weights`` draws, each as often as its weight); it ends with every suspended group resumed and every silent
    charger working again (by the last tick)."""
    rng = random.Random(seed)
    plan = _Plan(site)
    found: list[StormEvent] = []
    spacing = max(1, ticks) / max(1, events)
    at = 0.0
    while len(found) < events:
        at += rng.expovariate(1 / spacing)
        tick = int(at)
        if tick >= ticks:
            break
        for alias in [a for a, until in plan.silent_until.items() if until <= tick]:
            del plan.silent_until[alias]
        event = _draw(rng, plan, tick, ticks, weights)
        if event is not None:
            found.append(event)
    last = max(ticks, found[-1].at if found else 0)
    found += [StormEvent(last, "resume", group=g) for g in sorted(plan.suspended)]
    return found


def _draw(rng: random.Random, plan: _Plan, tick: int, ticks: int, weights: Mapping[str, int]) -> StormEvent | None:
    kinds = list(weights)
    kind = rng.choices(kinds, weights=[weights[k] for k in kinds])[0]
    site = plan.site
    awake = [a for a in site.chargers if a not in plan.silent_until]
    idle = [a for a in awake if a not in plan.sessions]
    busy = [a for a in awake if a in plan.sessions]
    free_tags = [t for t in site.tags if t not in plan.sessions.values()]
    group = rng.choice(sorted(site.schedules))
    if kind == "arrive" and idle and free_tags:
        alias, tag = rng.choice(idle), rng.choice(free_tags)
        plan.sessions[alias] = tag
        return StormEvent(tick, kind, alias=alias, tag=tag)
    if kind in ("ev_limit", "ev_full", "unplug", "session_priority") and busy:
        alias = rng.choice(busy)
        if kind == "unplug":
            del plan.sessions[alias]
        if kind == "ev_limit":
            return StormEvent(tick, kind, alias=alias, value=rng.choice(site.ev_limits))
        if kind == "session_priority":
            return StormEvent(tick, kind, alias=alias, value=rng.choice(site.priorities))
        return StormEvent(tick, kind, alias=alias)
    if kind in ("reboot", "drop", "charger_priority", "silent") and awake:
        alias = rng.choice(awake)
        if kind == "reboot":
            plan.sessions.pop(alias, None)
        if kind == "charger_priority":
            return StormEvent(tick, kind, alias=alias, value=rng.choice(site.priorities))
        if kind == "silent":
            if tick + 4 >= ticks:
                return None
            length = rng.randint(1, 3)
            plan.silent_until[alias] = tick + length
            return StormEvent(tick, kind, alias=alias, value=length)
        return StormEvent(tick, kind, alias=alias)
    if kind == "group_maximum":
        factor = rng.choice((0.5, 0.75, 1.0))
        return StormEvent(tick, kind, group=group, schedule=scaled_schedule(site.schedules[group], factor))
    if kind == "suspend":
        if group in plan.suspended:
            plan.suspended.discard(group)
            return StormEvent(tick, "resume", group=group)
        plan.suspended.add(group)
        return StormEvent(tick, kind, group=group)
    return None


def as_gherkin(title: str, given: Iterable[str], events: Iterable[StormEvent], then: Iterable[str]) -> str:
    """A scenario that plays ``events`` as steps, to paste into a feature."""
    lines = [f"  Scenario: {title}"]
    keyword = "Given"
    for text in given:
        lines.append(f"    {keyword} {text}")
        keyword = "And"
    keyword = "When"
    for event in events:
        lines.append(f"    {keyword} {event.describe()}")
        keyword = "And"
    keyword = "Then"
    for text in then:
        lines.append(f"    {keyword} {text}")
        keyword = "And"
    return "\n".join(lines)


@dataclass
class ShrinkBudget:
    """How much shrinking may cost: at most ``replays`` replays and ``seconds`` of wall time."""

    replays: int
    seconds: float
    used: int = 0
    started: float = field(default_factory=time.monotonic)

    def left(self) -> bool:
        """True while another replay is allowed."""
        return self.used < self.replays and time.monotonic() - self.started < self.seconds


def shrink(
    events: list[StormEvent],
    fails: Callable[[list[StormEvent]], bool],
    budget: ShrinkBudget,
    part_of: Callable[[StormEvent], str] | None = None,
) -> list[StormEvent]:
    """The shortest list of ``events`` found, within ``budget``, that still ``fails`` (``events`` itself is known
    to fail). First, with ``part_of`` (an event's group, say), the events of one part alone, largest part first: a
    defect of one group rarely needs another's events. Then Zeller's ddmin over the list (drop chunks, halving their
    size down to single events). Each call of ``fails`` counts as one replay; what is kept keeps its ticks."""
    current = list(events)
    if part_of is not None:
        parts = sorted({part_of(e) for e in current}, key=lambda p: -sum(part_of(e) == p for e in current))
        for part in parts if len(parts) > 1 else []:
            if not budget.left():
                break
            alone = [e for e in current if part_of(e) == part]
            budget.used += 1
            if fails(alone):
                current = alone
                break
    chunks = 2
    while len(current) >= 2 and budget.left():
        size = max(1, len(current) // chunks)
        parts = [current[i : i + size] for i in range(0, len(current), size)]
        reduced = False
        for index in range(len(parts)):
            if not budget.left():
                break
            complement = [e for j, part in enumerate(parts) if j != index for e in part]
            budget.used += 1
            if complement and fails(complement):
                current, chunks, reduced = complement, max(chunks - 1, 2), True
                break
        if not reduced:
            if size == 1:
                break
            chunks = min(len(current), chunks * 2)
    return current
