"""Domain matchers: a charger's state, offer ramps, the pace of offer changes, shares between chargers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from hamcrest.core.base_matcher import BaseMatcher
from hamcrest.core.description import Description

from balanz_acceptance.core.timing import TimingProfile
from balanz_acceptance.sut.balanz_api import OfferPoint

#: Two currents closer than this (A) are the same: balanz offers whole amperes, sent and read back as floats.
#: The one tolerance of the suite; everything comparing amperes uses ``same_amps`` or ``above_amps``.
AMPS_TOLERANCE = 0.01


def same_amps(a: float, b: float) -> bool:
    """True if two currents (A) are the same offer."""
    return abs(float(a) - float(b)) <= AMPS_TOLERANCE


def above_amps(value: float, limit: float) -> bool:
    """True if ``value`` (A) is more than ``limit`` by more than the tolerance."""
    return float(value) > float(limit) + AMPS_TOLERANCE


def distinct_offers(points: Sequence[Any]) -> list[float]:
    """The distinct consecutive offers (A) of a sequence of offer points (``.offered``), repeats folded."""
    seen: list[float] = []
    for point in points:
        if not seen or not same_amps(seen[-1], point.offered):
            seen.append(float(point.offered))
    return seen


def _offer(item: Any) -> float:
    return float(item.offer if hasattr(item, "offer") else item.offered)


def _in_transaction(item: Any) -> bool:
    if hasattr(item, "in_transaction"):
        return bool(item.in_transaction)
    return item.transaction_id is not None


class ChargerState(BaseMatcher[Any]):
    """Matches a simulator status or balanz connector view on status, offer, transaction and delay."""

    def __init__(
        self,
        status: str | Sequence[str] | None = None,
        offer: float | None = None,
        in_transaction: bool | None = None,
        delay: bool | None = None,
        min_offer: float | None = None,
        connected: bool | None = None,
    ) -> None:
        self.statuses = [status] if isinstance(status, str) else list(status) if status else None
        self.connected = connected
        self.offer = offer
        self.in_transaction = in_transaction
        self.delay = delay
        self.min_offer = min_offer

    def _matches(self, item: Any) -> bool:
        if self.connected is not None and bool(item.network_connected) != self.connected:
            return False
        if self.statuses is not None and str(item.status) not in self.statuses:
            return False
        if self.offer is not None and not same_amps(_offer(item), self.offer):
            return False
        if self.min_offer is not None and above_amps(self.min_offer, _offer(item)):
            return False
        if self.in_transaction is not None and _in_transaction(item) != self.in_transaction:
            return False
        return self.delay is None or bool(item.delay) == self.delay

    def describe_to(self, description: Description) -> None:
        """Describe the expected state in words."""
        parts = []
        if self.connected is not None:
            parts.append("connected" if self.connected else "not connected")
        if self.statuses:
            parts.append(" or ".join(self.statuses))
        if self.offer is not None:
            parts.append(f"offered {self.offer:g} A")
        if self.min_offer is not None:
            parts.append(f"offered at least {self.min_offer:g} A")
        if self.in_transaction is not None:
            parts.append("in a transaction" if self.in_transaction else "with no transaction")
        if self.delay is not None:
            parts.append("EV delaying" if self.delay else "EV not delaying")
        description.append_text("a charger " + ", ".join(parts))

    def describe_mismatch(self, item: Any, description: Description) -> None:
        """Show the whole observed state, not just the first differing field."""
        description.append_text(f"was {item}")


def charger_state(**expected: Any) -> ChargerState:
    """A charger (simulator or balanz view) in this state; see ChargerState for the keywords."""
    return ChargerState(**expected)


def connected(**expected: Any) -> ChargerState:
    """balanz's view of a charger that is connected (network_connected) and in this state (``charger_state``)."""
    return ChargerState(connected=True, **expected)


@dataclass(frozen=True)
class BothSides:
    """A charger as it reports itself (its simulator's status) and as balanz shows it, observed together."""

    sim: Any
    view: Any

    def __str__(self) -> str:
        return f"charger: {self.sim}; balanz: {self.view}"


class Blocked(BaseMatcher[BothSides]):
    """No usable offer on either side: the charger's limit is below what an EV needs to start
    (the minimum offer), the EV draws nothing, no transaction, balanz offers 0 A.

    ``lost_session_open``: balanz still keeps the session of a charger that lost power (its transaction,
    with the charger not in a session state); otherwise balanz shows no transaction.
    """

    def __init__(self, minimum: float, *, lost_session_open: bool = False) -> None:
        self.minimum = minimum
        self.lost_session_open = lost_session_open

    def _matches(self, item: BothSides) -> bool:
        return (
            item.sim.offer < self.minimum
            and item.sim.status not in ("Charging", "SuspendedEV")
            and item.sim.transaction_id is None
            and item.view.offered == 0
            and item.view.in_transaction == self.lost_session_open
            and item.view.status not in ("Charging", "SuspendedEV", "SuspendedEVSE")
        )

    def describe_to(self, description: Description) -> None:
        """Describe the blocked state."""
        kept = "the lost session still open in balanz" if self.lost_session_open else "no transaction"
        description.append_text(
            f"a charger limited below {self.minimum:g} A and not charging, {kept}, balanz offering 0 A"
        )


def session_open() -> ChargerState:
    """balanz's view of a session it still counts: in its transaction and in a session state."""
    return ChargerState(status=("Charging", "SuspendedEV", "SuspendedEVSE"), in_transaction=True)


def blocked(minimum: float, *, lost_session_open: bool = False) -> Blocked:
    """A charger holding no usable offer on either side (``Blocked``)."""
    return Blocked(minimum, lost_session_open=lost_session_open)


class OffersOf(BaseMatcher[Any]):
    """Matches a balanz connector view whose transaction's implemented offers are exactly ``offers``."""

    def __init__(self, offers: Sequence[float]) -> None:
        self.offers = [float(o) for o in offers]

    @staticmethod
    def offers_in(view: Any) -> list[float]:
        """The distinct consecutive offers balanz implemented in the view's transaction."""
        return distinct_offers(view.offer_changes)

    def _matches(self, item: Any) -> bool:
        return self.offers_in(item) == self.offers

    def describe_to(self, description: Description) -> None:
        """Describe the expected sequence."""
        description.append_text("offers " + " → ".join(f"{o:g}" for o in self.offers) + " A")

    def describe_mismatch(self, item: Any, description: Description) -> None:
        """Show the sequence balanz recorded."""
        got = self.offers_in(item)
        description.append_text("balanz recorded " + (" → ".join(f"{o:g}" for o in got) + " A" if got else "no offer"))


def offers_were(offers: Sequence[float]) -> OffersOf:
    """A session whose offers went through exactly this sequence."""
    return OffersOf(offers)


class PacedAtLeast(BaseMatcher[Sequence[OfferPoint]]):
    """Matches offer changes that grow as balanz's pacing rule says (balanz/model.py Group.balanz; the project's
    docs/balancing-rules.md#growth-and-its-pacing):

    * a connector offered nothing (0 A) is given the minimum offer at once (model.py: ``conn.offered == 0``
      sets ``_bz_max`` to min_allocation) - an increase from 0 A goes to exactly ``minimum``, at any time;
    * an increase from a non-zero offer is at most ``max_step`` A (max_offer_increase) and comes at least
      ``seconds`` (the offer-increase interval) after the previous change, and, where the offer grows
      unhindered (``at_most`` given), at most ``at_most`` seconds after it (the interval's deadline: balanz
      raises at its first full balancing run once the interval has passed).

    Decreases may come at any time.
    """

    def __init__(self, seconds: float, minimum: float, max_step: float, at_most: float | None = None) -> None:
        self.seconds = seconds
        self.minimum = float(minimum)
        self.max_step = float(max_step)
        self.at_most = at_most

    def _violations(self, points: Sequence[OfferPoint]) -> list[str]:
        found = []
        for before, after in pairwise(points):
            old, new = float(before.offered), float(after.offered)
            if not above_amps(new, old):
                continue
            change = f"{old:g} → {new:g} A after {after.timestamp - before.timestamp:.1f}s"
            if same_amps(old, 0.0):
                if not same_amps(new, self.minimum):
                    found.append(f"{change} (not the minimum of {self.minimum:g} A)")
            elif above_amps(new - old, self.max_step):
                found.append(f"{change} (a step above {self.max_step:g} A)")
            elif after.timestamp - before.timestamp < self.seconds:
                found.append(f"{change} (too soon)")
            elif self.at_most is not None and after.timestamp - before.timestamp > self.at_most:
                found.append(f"{change} (too late)")
        return found

    def _matches(self, item: Sequence[OfferPoint]) -> bool:
        return not self._violations(item)

    def describe_to(self, description: Description) -> None:
        """Describe the pacing rule."""
        latest = f" and at most {self.at_most:g}s" if self.at_most is not None else ""
        description.append_text(
            f"offers growing from 0 A to the minimum of {self.minimum:g} A, otherwise by at most "
            f"{self.max_step:g} A at least {self.seconds:g}s{latest} after the previous offer change"
        )

    def describe_mismatch(self, item: Sequence[OfferPoint], description: Description) -> None:
        """List the increases that broke the rule."""
        description.append_text("; ".join(self._violations(item)))


def increases_paced_at_least(seconds: float, *, minimum: float, max_step: float) -> PacedAtLeast:
    """Offer changes that grow by balanz's pacing rule; see PacedAtLeast."""
    return PacedAtLeast(seconds, minimum, max_step)


def paced_by(profile: TimingProfile, *, unhindered: bool = False) -> PacedAtLeast:
    """Offer changes that grow by the pacing rule with a timing profile's offer-increase interval, minimum offer
    (min_allocation) and step (max_offer_increase); ``unhindered``: each step also comes within the deadline of one
    offer-increase interval after the previous change."""
    at_most = profile.deadline(1, "offer-increase interval") if unhindered else None
    return PacedAtLeast(
        profile.min_offer_increase_interval, profile.min_allocation, profile.max_offer_increase, at_most
    )


class OffersAre(BaseMatcher[Mapping[str, Any]]):
    """Matches a mapping alias → connector view (or amps) in which every listed charger has its offer."""

    def __init__(self, expected: Mapping[str, float]) -> None:
        self.expected = {alias: float(amps) for alias, amps in expected.items()}

    @staticmethod
    def _amps(value: Any) -> float:
        return float(value) if isinstance(value, int | float) else _offer(value)

    def _matches(self, item: Mapping[str, Any]) -> bool:
        return all(alias in item and same_amps(self._amps(item[alias]), amps) for alias, amps in self.expected.items())

    def describe_to(self, description: Description) -> None:
        """List the expected offers."""
        description.append_text("offers " + ", ".join(f"{a} {amps:g} A" for a, amps in self.expected.items()))

    def describe_mismatch(self, item: Mapping[str, Any], description: Description) -> None:
        """Show each charger's offer, marking the ones that differ."""
        parts = []
        for alias, amps in self.expected.items():
            if alias not in item:
                parts.append(f"{alias} missing")
                continue
            got = self._amps(item[alias])
            parts.append(f"{alias} {got:g} A" + ("" if same_amps(got, amps) else f" (not {amps:g})"))
        description.append_text("were " + ", ".join(parts))


def offers_are(expected: Mapping[str, float]) -> OffersAre:
    """Every charger named in ``expected`` is offered exactly its amps."""
    return OffersAre(expected)


class OneOfferedRestZero(BaseMatcher[Mapping[str, Any]]):
    """Matches connector views where exactly one is offered ``amps``, the others 0 A, all in a transaction."""

    def __init__(self, amps: float) -> None:
        self.amps = float(amps)

    def _matches(self, item: Mapping[str, Any]) -> bool:
        offers = sorted(_offer(v) for v in item.values())
        expected = [0.0] * (len(offers) - 1) + [self.amps]
        return (
            bool(offers)
            and all(same_amps(a, b) for a, b in zip(offers, expected, strict=True))
            and all(_in_transaction(v) for v in item.values())
        )

    def describe_to(self, description: Description) -> None:
        """Describe the share."""
        description.append_text(f"one session offered {self.amps:g} A and the others 0 A, all in a transaction")

    def describe_mismatch(self, item: Mapping[str, Any], description: Description) -> None:
        """Show every session."""
        description.append_text("were " + ", ".join(f"{alias} {view}" for alias, view in sorted(item.items())))


def one_offered_rest_zero(amps: float) -> OneOfferedRestZero:
    """Sessions sharing ``amps``: one has it all, the rest keep their transactions at 0 A."""
    return OneOfferedRestZero(amps)
