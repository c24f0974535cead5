"""Step parameter types and table readers shared by every step module (loaded first: behave imports steps/ in
name order). They parse the features' words; the harness does the rest.

The interval names, the duration's shape and the alias shape are defined once in the harness (core/timing.py,
core/site.py). A parameter of type ``Alias`` names a charger: the harness starts a simulator for every charger the
scenario's steps name this way (runner/hooks.py ``chargers_of``), unless the scenario declares it a charger the
harness plays itself (core/site.py PLAYED).
"""

import re
from collections.abc import Iterable, Mapping

from behave import register_type
from parse import with_pattern

from balanz_acceptance.core.site import ALIAS_PATTERN, ChargerAlias
from balanz_acceptance.core.timing import DURATION_PATTERN, Duration


@with_pattern(r"in a transaction|with no transaction")
def parse_transaction(text: str) -> bool:
    return text == "in a transaction"


@with_pattern(r"\d+(?:\.\d+)?(?:\s*→\s*\d+(?:\.\d+)?)+")
def parse_offers(text: str) -> list[float]:
    return [float(part) for part in text.split("→")]


@with_pattern(DURATION_PATTERN)
def parse_duration(text: str) -> Duration:
    return Duration.parse(text)


@with_pattern(ALIAS_PATTERN)
def parse_alias(text: str) -> ChargerAlias:
    return ChargerAlias(text)


@with_pattern(r"raises|lowers")
def parse_direction(text: str) -> str:
    return text


@with_pattern(r"with|without")
def parse_with(text: str) -> bool:
    return text == "with"


@with_pattern(r"none|[\w.+-]+(?:(?:,\s*|\s+and\s+)[\w.+-]+)*")
def parse_items(text: str) -> list[str]:
    """A feature's list: "10, 10.5 and 0", "fw-match and fw-prefix", or "none" (empty)."""
    return [] if text == "none" else [part for part in re.split(r",\s*|\s+and\s+", text) if part]


@with_pattern(r"\w+")
def parse_new_tag(text: str) -> str:
    """A tag the scenario creates, as balanz keeps it: in upper case (api.py CreateTag; model.py Tag)."""
    return text.upper()


@with_pattern(r"\d+(?:(?:,\s*|\s+and\s+)\d+)*")
def parse_numbers(text: str) -> list[int]:
    """A feature's list of whole numbers: "1 and 1", "1, 2 and 3"."""
    return [int(part) for part in re.split(r",\s*|\s+and\s+", text)]


@with_pattern(r"(?:,? [^|]*)?")
def parse_real_options(text: str) -> str:
    """What sets a real charger apart, in a declaration's words (core/charger_model.py CLAUSES); may be empty."""
    return text


@with_pattern(r"\d[\d ]*")
def parse_wh(text: str) -> int:
    """An energy in Wh as a feature writes it, digits grouped with spaces: "12 345 678"."""
    return int(text.replace(" ", ""))


register_type(
    Transaction=parse_transaction,
    Offers=parse_offers,
    Duration=parse_duration,
    Alias=parse_alias,
    Direction=parse_direction,
    With=parse_with,
    Items=parse_items,
    NewTag=parse_new_tag,
    Numbers=parse_numbers,
    RealCharger=parse_real_options,
    Wh=parse_wh,
)


def offers_table(rows: Iterable[Mapping[str, str]]) -> dict[str, float]:
    """The offers a feature's table states: one row per charger, columns ``charger`` and ``offer`` (A)."""
    return {row["charger"]: float(row["offer"]) for row in rows}


def sessions_table(rows: Iterable[Mapping[str, str]]) -> list[tuple[str, str]]:
    """The sessions a feature's table states: one row per charger, columns ``charger`` and ``tag``."""
    return [(row["charger"], row["tag"]) for row in rows]


def priorities_table(rows: Iterable[Mapping[str, str]]) -> dict[str, int]:
    """The session priorities a feature's table states: columns ``charger`` and ``priority``."""
    return {row["charger"]: int(row["priority"]) for row in rows}


def fields_table(rows: Iterable[Mapping[str, str]]) -> dict[str, str]:
    """A record's fields as a feature's table states them: columns ``field`` and ``value``."""
    return {row["field"]: row["value"] for row in rows}


def column(rows: Iterable[Mapping[str, str]], name: str) -> list[str]:
    """One column of a feature's table, in order."""
    return [row[name] for row in rows]


def rows_of(rows: Iterable[Mapping[str, str]], *names: str) -> list[tuple[str, ...]]:
    """These columns of a feature's table, row by row."""
    return [tuple(row[name] for name in names) for row in rows]


def row_dicts(table: Iterable[Mapping[str, str]], headings: Iterable[str]) -> list[dict[str, str]]:
    """Each row of a feature's table as a dict of its columns (``headings``: the table's)."""
    names = list(headings)
    return [{name: row[name] for name in names} for row in table]


def calls_table(table: Iterable[Mapping[str, str]], headings: Iterable[str]) -> list[tuple[str, str, str, str | None]]:
    """The API calls a feature's table states: command, payload (JSON), what balanz answers, and (where the table
    has the column "under the id") the id the answer must carry."""
    under = "under the id" in list(headings)
    return [(r["command"], r["payload"], r["balanz answers"], r["under the id"] if under else None) for r in table]


def profiles_table(rows: Iterable[Mapping[str, str]]) -> list[tuple[str, int, float | None]]:
    """The charging profiles a feature's table lists: columns ``profile`` (balanz's name for it), ``connector`` and
    ``limit`` (A, or "any")."""
    return [
        (row["profile"], int(row["connector"]), None if row["limit"] == "any" else float(row["limit"])) for row in rows
    ]
