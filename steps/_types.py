"""Step parameter types shared by every step module (loaded first: behave imports steps/ in name order).

The interval names and the alias shape are defined once in the harness (core/timing.py, core/site.py).
A parameter of type ``Alias`` names a charger: the harness starts a simulator for every charger the
scenario's steps name this way (runner/hooks.py ``chargers_of``). A parameter of type ``Played`` names a
charger the harness plays itself (sut/played_charger.py): no simulator is started for it.
"""

from behave import register_type
from parse import with_pattern

from balanz_acceptance.core.site import ALIAS_PATTERN, ChargerAlias
from balanz_acceptance.core.timing import INTERVAL_PATTERN


@with_pattern(r"in a transaction|with no transaction")
def parse_transaction(text: str) -> bool:
    return text == "in a transaction"


@with_pattern(r"\d+(?:\.\d+)?(?:\s*→\s*\d+(?:\.\d+)?)+")
def parse_offers(text: str) -> list[float]:
    return [float(part) for part in text.split("→")]


@with_pattern(INTERVAL_PATTERN)
def parse_interval(text: str) -> str:
    return text


@with_pattern(ALIAS_PATTERN)
def parse_alias(text: str) -> ChargerAlias:
    return ChargerAlias(text)


@with_pattern(ALIAS_PATTERN)
def parse_played(text: str) -> str:
    return str(text)


register_type(
    Transaction=parse_transaction, Offers=parse_offers, Interval=parse_interval, Alias=parse_alias, Played=parse_played
)
