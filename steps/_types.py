"""Step parameter types shared by every step module (loaded first: behave imports steps/ in name order)."""

from behave import register_type
from parse import with_pattern


@with_pattern(r"in a transaction|with no transaction")
def parse_transaction(text: str) -> bool:
    return text == "in a transaction"


@with_pattern(r"\d+(?:\.\d+)?(?:\s*→\s*\d+(?:\.\d+)?)+")
def parse_offers(text: str) -> list[float]:
    return [float(part) for part in text.split("→")]


@with_pattern(
    r"(?:balancing ticks?|full balancing runs?|offer-increase intervals?|usage-monitoring intervals?"
    r"|unused-offer timeouts?|delayed-start suspensions?|meter-value intervals?|transaction timeouts?"
    r"|provisioning delays?)"
)
def parse_interval(text: str) -> str:
    return text


@with_pattern(r"[A-Za-z0-9]+-\d+")
def parse_alias(text: str) -> str:
    return text


register_type(Transaction=parse_transaction, Offers=parse_offers, Interval=parse_interval, Alias=parse_alias)
