"""The test site described by ``data/model``: groups, chargers and tags, validated on load."""

from __future__ import annotations

import csv
import functools
import re
import time
from dataclasses import dataclass
from pathlib import Path

from balanz_acceptance.core.errors import SetupError

#: The words that put a scenario on a further site (not data/model): "the site of 40 chargers in three groups" runs it
#: on ``data/sites/40-chargers`` (groups, chargers, tags and users, as data/model has them); ``site_dir`` finds it.
SITE_WORDS = re.compile(r"\bthe site of (?P<count>\d+) chargers\b")
#: What a charger alias looks like (``RR2-07``, ``HQ-14``): the one definition, used by the feature check
#: below and by the steps' ``Alias`` parameter type.
ALIAS_PATTERN = r"[A-Z][A-Z0-9]*-\d+"
#: A token shaped like a charger alias in free text.
ALIAS_SHAPE = re.compile(rf"(?<![\w-]){ALIAS_PATTERN}(?![\w-])")
#: A tag id after the word "tag": letters and digits, at least one digit ("tag D40C346D", not "tag is").
TAG_AFTER_WORD = re.compile(r"\btag\s+([A-Za-z0-9]*\d[A-Za-z0-9]*)\b")
#: A name a feature introduces on purpose: "the new active tag 5EED0001", "the unknown tag 0BADC0DE".
DECLARED = re.compile(r"\b(?:new|unknown)\s+(?:\w+\s+)?(?:tag|charger)\s+([\w-]+)", re.IGNORECASE)
#: A charger the harness plays itself instead of a simulator (sut/played_charger.py), declared by a step that
#: begins with its alias (or several, joined by "and" or commas) and says what kind of charger it is:
#: "RR2-03 is a charger that keeps its transaction ...", "RR2-02 and RR2-04 are chargers that ...".
PLAYED = re.compile(
    rf"^\s*(?P<aliases>{ALIAS_PATTERN}(?:(?:,\s*|\s+and\s+){ALIAS_PATTERN})*)"
    r"\s+(?:is an?|are)\s+(?:[\w-]+\s+){0,3}?chargers?\b"
)
#: The words a feature uses for a tag, and what data/model must say of it ("known" ones may also have been
#: created during the scenario, so they are not checked).
TAG_KINDS = ("known", "unknown", "blocked")


#: One interval of a group schedule: ``HH:MM-HH:MM>priority=amps:priority=amps...`` (balanz: util.py).
_INTERVAL = re.compile(r"(\d\d):(\d\d)-(\d\d):(\d\d)>([^;]+)")


@dataclass(frozen=True)
class ScheduleInterval:
    """One time-of-day interval of a group schedule: minutes of the day, both ends included."""

    first_minute: int
    last_minute: int
    buckets: dict[int, int]

    def covers(self, minute: int) -> bool:
        """True if this interval applies at ``minute`` (minutes since local midnight)."""
        return self.first_minute <= minute <= self.last_minute


@functools.cache
def parse_schedule(schedule: str) -> tuple[ScheduleInterval, ...]:
    """The intervals of a group schedule in the order written (as balanz's util.schedule_value_now reads it)."""
    found = []
    for start_h, start_m, end_h, end_m, value in _INTERVAL.findall(schedule):
        pairs = re.findall(r"(\d+)=(\d+)", value)
        buckets = dict(sorted(((int(p), int(a)) for p, a in pairs), reverse=True))
        found.append(ScheduleInterval(int(start_h) * 60 + int(start_m), int(end_h) * 60 + int(end_m), buckets))
    return tuple(found)


def minute_of_day(at: float) -> int:
    """Minutes since local midnight at epoch ``at``: balanz reads its schedules on the local wall clock."""
    local = time.localtime(at)
    return local.tm_hour * 60 + local.tm_min


@dataclass(frozen=True)
class Group:
    """An allocation group and its maximum schedule, read as balanz reads it (util.schedule_value_now).

    A schedule is a ``;``-separated list of time-of-day intervals with minute resolution on the local wall
    clock, each with priority thresholds and their maxima, e.g.
    ``00:00-05:59>0=48;06:00-16:59>0=16:3=32:5=48;17:00-20:59>0=0:5=48;21:00-23:59>0=32:5=48``. The first
    interval that covers the time applies; a time no interval covers has no maximum (balanz then cannot
    balance the group): every answer below treats it as 0 A, so anything offered then is an excursion.
    """

    group_id: str
    max_allocation: str

    @property
    def intervals(self) -> tuple[ScheduleInterval, ...]:
        """The schedule's intervals in the order written."""
        return parse_schedule(self.max_allocation or "")

    def buckets_at(self, at: float | None = None) -> dict[int, int]:
        """Priority threshold → amperes in force at epoch ``at`` (default: now), highest priority first;
        empty if no interval covers that minute (or the group has no schedule)."""
        minute = minute_of_day(time.time() if at is None else at)
        return next((i.buckets for i in self.intervals if i.covers(minute)), {})

    @property
    def buckets(self) -> dict[int, int]:
        """Priority threshold → amperes in force now (``buckets_at``)."""
        return self.buckets_at()

    @property
    def is_allocation_group(self) -> bool:
        """True if the group has a maximum schedule at all (balanz balances only these)."""
        return bool(self.intervals)

    def bucket_of(self, priority: int, at: float | None = None) -> int | None:
        """The bucket threshold a session of this priority maps to at ``at``: the largest one not above it."""
        return next((threshold for threshold in self.buckets_at(at) if threshold <= priority), None)

    def maximum_for(self, priorities: list[int], at: float | None = None) -> int:
        """The most the group may be offered in total at ``at`` (default: now) while sessions of these
        priorities are present.

        Each bucket caps the sessions that map to it, and the top bucket caps the whole group
        (balanz/model.py Group.balanz; docs/balancing-rules.md#priorities-and-the-priority-buckets-of-a-group-maximum):
        the total is at most min(top bucket, sum of the buckets in use).
        """
        buckets = self.buckets_at(at)
        if not buckets:
            return 0
        top = next(iter(buckets.values()))
        used = {next((t for t in buckets if t <= p), None) for p in priorities} - {None}
        return min(top, sum(buckets[t] for t in used)) if used else top


class ChargerAlias(str):
    """A charger alias as a step's ``Alias`` parameter parsed it: the scenario names this charger, so the
    harness starts its simulator (runner/hooks.py ``chargers_of``)."""

    __slots__ = ()


@dataclass(frozen=True)
class ChargerSpec:
    """A charger as data/model/chargers.csv describes it (not a running charger: see actors/)."""

    charger_id: str
    alias: str
    group_id: str
    priority: int
    conn_max: float
    #: Connectors (chargers.csv ``no_connectors``).
    connectors: int = 1


@dataclass(frozen=True)
class Tag:
    """An RFID tag known to balanz."""

    id_tag: str
    user_name: str
    status: str
    priority: int | None


class SiteModel:
    """The site in ``data/model``: what the scenarios may name."""

    def __init__(self, model_dir: Path) -> None:
        self.model_dir = model_dir
        self.groups = {
            row["group_id"]: Group(row["group_id"], row["max_allocation"] or "")
            for row in _rows(model_dir / "groups.csv")
        }
        self.chargers: dict[str, ChargerSpec] = {}
        for row in _rows(model_dir / "chargers.csv"):
            charger = ChargerSpec(
                row["charger_id"],
                row["alias"],
                row["group_id"],
                int(row["priority"]),
                float(row["conn_max"]),
                int(row.get("no_connectors") or 1),
            )
            if charger.group_id not in self.groups:
                raise SetupError(
                    f"data/model/chargers.csv: charger {charger.alias} names group '{charger.group_id}', "
                    f"which is not in groups.csv ({', '.join(self.groups)})"
                )
            if charger.alias in self.chargers or charger.charger_id in {c.charger_id for c in self.chargers.values()}:
                raise SetupError(f"data/model/chargers.csv: charger {charger.alias} is listed twice")
            self.chargers[charger.alias] = charger
        self.tags = {
            row["id_tag"]: Tag(
                row["id_tag"], row["user_name"], row["status"], int(row["priority"]) if row["priority"] else None
            )
            for row in _rows(model_dir / "tags.csv")
        }

    def charger(self, alias: str) -> ChargerSpec:
        """The charger with this alias; SetupError naming the known ones otherwise."""
        try:
            return self.chargers[alias]
        except KeyError:
            raise SetupError(
                f"charger '{alias}' is not in data/model/chargers.csv (known: {', '.join(self.chargers)})"
            ) from None

    def tag(self, id_tag: str) -> Tag:
        """The tag with this id (case-insensitive, as balanz authorizes)."""
        for tag in self.tags.values():
            if tag.id_tag.upper() == id_tag.upper():
                return tag
        raise SetupError(f"tag '{id_tag}' is not in data/model/tags.csv")

    def unknown_names(self, text: str, declared: set[str] | frozenset[str] = frozenset()) -> list[tuple[str, str]]:
        """What ``text`` names that data/model lacks, as (name, problem): charger-alias-shaped tokens and
        tag ids after the word "tag". Names in ``declared`` (see ``declared_names``) are absent on purpose.
        """
        known_tags = {t.upper() for t in self.tags} | {d.upper() for d in declared}  # balanz ignores the case
        problems = [
            (alias, f"charger {alias} is not in data/model/chargers.csv (known: {', '.join(self.chargers)})")
            for alias in ALIAS_SHAPE.findall(text)
            if alias not in self.chargers and alias not in declared
        ]
        problems += [
            (tag, f"tag {tag} is not in data/model/tags.csv")
            for tag in TAG_AFTER_WORD.findall(text)
            if tag.upper() not in known_tags
        ]
        return problems

    @staticmethod
    def declared_names(text: str) -> set[str]:
        """Tags and chargers ``text`` introduces as new or unknown (absent from data/model on purpose)."""
        return set(DECLARED.findall(text))

    def simulated(self) -> dict[str, ChargerSpec]:
        """The chargers an ocppsim can play (it has one connector), by alias, in chargers.csv order."""
        return {alias: c for alias, c in self.chargers.items() if c.connectors == 1}

    @staticmethod
    def played_names(text: str) -> list[str]:
        """The chargers a step declares the harness plays itself (``PLAYED``), in the order named."""
        found = PLAYED.match(text)
        return re.findall(ALIAS_PATTERN, found["aliases"]) if found else []

    def tag_of_kind(self, tag: str, kind: str) -> str:
        """A feature's word for a tag checked against data/model: an "unknown" tag must not be there, a "blocked"
        one must be there and blocked; returns the tag."""
        known = {t.id_tag.upper(): t for t in self.tags.values()}
        entry = known.get(tag.upper())
        if kind not in TAG_KINDS:
            raise SetupError(f"a tag is {' or '.join(TAG_KINDS)}, not '{kind}'")
        if kind == "unknown" and entry is not None:
            raise AssertionError(f"the feature calls tag {tag} unknown, but it is in data/model/tags.csv")
        if kind == "blocked" and (entry is None or entry.status != "Blocked"):
            raise AssertionError(f"tag {tag} is not blocked in data/model/tags.csv")
        return tag

    def in_site_order(self, aliases: set[str] | list[str]) -> list[ChargerSpec]:
        """These chargers in chargers.csv order; SetupError for an alias the site lacks."""
        wanted = set(aliases)
        for alias in wanted:
            self.charger(alias)
        return [c for alias, c in self.chargers.items() if alias in wanted]


def site_dir(data_dir: Path, texts: list[str]) -> Path:
    """The site a scenario's ``texts`` put it on (``SITE_WORDS``): ``data/sites/<count>-chargers``, else data/model;
    SetupError if the words name a site data/sites lacks."""
    for text in texts:
        found = SITE_WORDS.search(text)
        if found:
            path = data_dir / "sites" / f"{found['count']}-chargers"
            if not path.is_dir():
                raise SetupError(f"'{found[0]}': no such site ({path} is missing)")
            return path
    return data_dir / "model"


@functools.cache
def site_at(model_dir: Path) -> SiteModel:
    """The site in ``model_dir``, read once per run."""
    return SiteModel(model_dir)


def _rows(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        raise SetupError(f"{path}: file missing; data/model must hold groups, chargers, tags and users")
    with path.open(newline="") as handle:
        return list(csv.DictReader(handle))
