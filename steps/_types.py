"""Step parameter types and table readers shared by every step module (loaded first: behave imports steps/ in
name order). They parse the features' words; the harness does the rest.

The interval names, the duration's shape and the alias shape are defined once in the harness (core/timing.py,
core/site.py). A parameter of type ``Alias`` names a charger: the harness starts a simulator for every charger the
scenario's steps name this way (runner/hooks.py ``chargers_of``), unless the scenario declares it a charger the
harness plays itself (core/site.py PLAYED).
"""

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


register_type(
    Transaction=parse_transaction,
    Offers=parse_offers,
    Duration=parse_duration,
    Alias=parse_alias,
    Direction=parse_direction,
    With=parse_with,
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
