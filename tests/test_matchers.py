"""balanz_acceptance.checks.matchers: charger states, offer sequences and the pace of offer changes."""

from __future__ import annotations

import pytest
from hamcrest import assert_that
from hamcrest.core.string_description import StringDescription

from balanz_acceptance.checks.matchers import (
    ChargerState,
    OffersOf,
    PacedAtLeast,
    charger_state,
    increases_paced_at_least,
    offers_were,
)
from balanz_acceptance.sut.balanz_api import ConnectorView, OfferPoint
from balanz_acceptance.sut.ocppsim_client import SimStatus


def describe(matcher) -> str:
    return str(StringDescription().append_description_of(matcher))


def mismatch(matcher, item) -> str:
    description = StringDescription()
    matcher.describe_mismatch(item, description)
    return str(description)


def sim(status="Charging", offer=6.0, transaction_id=7, delay=False) -> SimStatus:
    return SimStatus(
        status=status,
        offer=offer,
        usage=None,
        max_usage=None,
        last_id_tag=None,
        transaction_id=transaction_id,
        energy=0.0,
        fullafter=None,
        delay=delay,
    )


def view(status="Charging", offered=6.0, in_transaction=True, history=()) -> ConnectorView:
    return ConnectorView(
        charger_id="TACW225426G463",
        alias="HQ-14",
        status=status,
        offered=offered,
        priority=3,
        ev_max_usage=None,
        suspend_until=None,
        in_transaction=in_transaction,
        id_tag="D40C346D",
        network_connected=True,
        history=list(history),
    )


# --- ChargerState ---------------------------------------------------------------------------------
def test_charger_state_builds_a_charger_state():
    assert isinstance(charger_state(status="Charging"), ChargerState)


@pytest.mark.parametrize("item", [sim(), view()], ids=["simulator", "balanz view"])
def test_charger_state_matches_both_sides(item):
    assert charger_state(status="Charging", offer=6, in_transaction=True).matches(item)
    assert charger_state(status=["Preparing", "Charging"]).matches(item)
    assert charger_state(min_offer=6).matches(item)
    assert charger_state().matches(item)


@pytest.mark.parametrize("item", [sim(), view()], ids=["simulator", "balanz view"])
@pytest.mark.parametrize(
    "expected",
    [
        {"status": "Available"},
        {"offer": 9},
        {"offer": 6.02},
        {"min_offer": 6.5},
        {"in_transaction": False},
    ],
)
def test_charger_state_mismatches_on_each_field(item, expected):
    assert not charger_state(**expected).matches(item)


def test_offers_are_compared_within_a_hundredth_of_an_ampere():
    assert charger_state(offer=6).matches(sim(offer=6.005))
    assert charger_state(min_offer=6).matches(sim(offer=5.995))
    assert not charger_state(min_offer=6).matches(sim(offer=5.98))


def test_charger_state_checks_the_simulators_delay():
    assert charger_state(delay=True).matches(sim(delay=True))
    assert not charger_state(delay=False).matches(sim(delay=True))
    assert charger_state(in_transaction=False).matches(sim(transaction_id=None))


def test_charger_state_description():
    matcher = charger_state(status=["SuspendedEV", "SuspendedEVSE"], offer=6, in_transaction=True, delay=True)
    assert describe(matcher) == "a charger SuspendedEV or SuspendedEVSE, offered 6 A, in a transaction, EV delaying"
    assert describe(charger_state(min_offer=6, in_transaction=False, delay=False)) == (
        "a charger offered at least 6 A, with no transaction, EV not delaying"
    )


def test_charger_state_mismatch_shows_the_whole_state():
    matcher = charger_state(status="Charging", offer=9)
    assert mismatch(matcher, sim(offer=6, delay=True)) == "was Charging 6 A (in transaction, EV delays)"
    assert mismatch(matcher, view(status="SuspendedEVSE", offered=0, in_transaction=False)) == (
        "was SuspendedEVSE offered 0 A (no transaction)"
    )


def test_assert_that_reports_expectation_and_state():
    with pytest.raises(AssertionError) as caught:
        assert_that(sim(status="Available", offer=0, transaction_id=None), charger_state(status="Charging"), "HQ-14")
    assert "Expected: a charger Charging" in str(caught.value)
    assert "but: was Available 0 A (no transaction)" in str(caught.value)


# --- OffersOf ------------------------------------------------------------------------------------------
RAMP = [
    OfferPoint(1000.0, 6, None),
    OfferPoint(1003.0, None, 5.9),  # a usage entry: no offer
    OfferPoint(1012.0, 9, None),
    OfferPoint(1013.0, 9, None),  # the same offer again is no new step
    OfferPoint(1024.0, 12, None),
]


def test_offers_of_collapses_repeats_and_skips_usage_entries():
    assert OffersOf.offers_in(view(history=RAMP)) == [6, 9, 12]
    assert offers_were([6, 9, 12]).matches(view(history=RAMP))
    assert offers_were([6.0, 9.0, 12.0]).matches(view(history=RAMP))


@pytest.mark.parametrize("expected", [[6, 9], [6, 9, 12, 15], [9, 12], [6, 12]])
def test_offers_of_needs_exactly_the_sequence(expected):
    assert not offers_were(expected).matches(view(history=RAMP))


def test_offers_of_description_and_mismatch():
    matcher = offers_were([6, 9, 12, 15, 16])
    assert describe(matcher) == "offers 6 → 9 → 12 → 15 → 16 A"
    assert mismatch(matcher, view(history=RAMP)) == "balanz recorded 6 → 9 → 12 A"


def test_offers_of_matches_no_offers():
    assert isinstance(offers_were([]), OffersOf)
    assert offers_were([]).matches(view(history=[OfferPoint(1.0, None, 3.0)]))


def test_offers_of_mismatch_without_offers_reads_well():
    assert mismatch(offers_were([6]), view(history=[])) == "balanz recorded no offer"


# --- PacedAtLeast ----------------------------------------------------------------------------------------
def points(*pairs: tuple[float, float]) -> list[OfferPoint]:
    return [OfferPoint(t, offered, None) for t, offered in pairs]


def paced(seconds: float = 11) -> PacedAtLeast:
    return increases_paced_at_least(seconds, minimum=6, max_step=3)


def test_paced_increases_match():
    assert isinstance(paced(), PacedAtLeast)
    assert paced().matches(points((0, 6), (12, 9), (24, 12), (36, 15), (48, 16)))
    assert paced().matches(points((0, 6), (11, 9)))  # exactly the interval is enough
    assert paced().matches([])
    assert paced().matches(points((0, 6)))


def test_decreases_and_repeats_may_come_at_any_time():
    assert paced().matches(points((0, 9), (1, 6), (2, 0), (3, 0)))


def test_an_increase_that_comes_too_soon_fails_and_is_listed():
    matcher = paced()
    changes = points((0, 6), (12, 9), (17, 12), (30, 15), (31, 16))
    assert not matcher.matches(changes)
    assert describe(matcher) == (
        "offers growing from 0 A to the minimum of 6 A, otherwise by at most 3 A at least 11s after the previous "
        "offer change"
    )
    assert mismatch(matcher, changes) == "9 → 12 A after 5.0s (too soon); 15 → 16 A after 1.0s (too soon)"


def test_an_increase_soon_after_a_decrease_is_too_soon():
    assert not paced().matches(points((0, 9), (10, 6), (15, 9)))


def test_the_minimum_offered_again_after_a_withdrawal_is_not_a_paced_step():
    # balanz offers the minimum at once to a connector offered 0 A (model.py conn.offered == 0)
    assert paced().matches(points((0, 9), (5, 0), (8, 6), (19, 9)))


def test_the_step_after_a_renewed_minimum_is_still_paced():
    matcher = paced()
    changes = points((0, 9), (5, 0), (8, 6), (12, 9))
    assert not matcher.matches(changes)
    assert mismatch(matcher, changes) == "6 → 9 A after 4.0s (too soon)"


def test_a_connector_without_an_offer_gets_the_minimum_first():
    matcher = paced()
    changes = points((0, 9), (5, 0), (70, 8))
    assert not matcher.matches(changes)
    assert mismatch(matcher, changes) == "0 → 8 A after 65.0s (not the minimum of 6 A)"


def test_a_step_above_the_maximum_increase_fails_however_late():
    matcher = paced()
    changes = points((0, 6), (60, 16))
    assert not matcher.matches(changes)
    assert mismatch(matcher, changes) == "6 → 16 A after 60.0s (a step above 3 A)"


def test_an_unhindered_step_has_both_bounds():
    """A single step 6 → 9 A must come after the interval and before its deadline; a late one fails too."""
    matcher = PacedAtLeast(11, 6, 3, at_most=20)
    assert matcher.matches(points((0, 6), (12, 9)))
    late = points((0, 6), (26, 9))
    assert not matcher.matches(late)
    assert mismatch(matcher, late) == "6 → 9 A after 26.0s (too late)"
    assert "at least 11s and at most 20s after" in describe(matcher)
    assert PacedAtLeast(11, 6, 3).matches(late)  # without the deadline only the lower bound holds
