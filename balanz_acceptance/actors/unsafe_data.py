"""Unsafe data an operator can give balanz: a schedule that does not cover now, a charger without a
priority, a charger limit below the minimum offer; and what balanz is then seen to do."""

from __future__ import annotations

import time

from hamcrest import assert_that, equal_to, greater_than, greater_than_or_equal_to

from balanz_acceptance.actors.charger_under_test import ChargerUnderTest
from balanz_acceptance.actors.operator import Operator
from balanz_acceptance.core.record import ScenarioRecord
from balanz_acceptance.core.schedule import Piece, all_day_buckets, render, value_text
from balanz_acceptance.core.site import Group
from balanz_acceptance.core.timing import TimingProfile
from balanz_acceptance.core.waiting import eventually, holds_for
from balanz_acceptance.sut.balanz_api import BalanzApi

#: What balanz logs when a balancing run of a group raises (balanz.py balanz_loop).
FAILED_RUN = "in balanz_loop. Retrying"


def leave_out_now(operator: Operator, group: Group, minutes: int) -> str:
    """Give a group a schedule with a gap from the current minute for ``minutes``, its usual maxima otherwise
    (the group's safety watch follows the operator's change)."""
    schedule = render([Piece(0, None), Piece(minutes, value_text(all_day_buckets(group)))], time.time())
    operator.set_group_maximum(group.group_id, schedule)
    return schedule


def recreate_without_priority(operator: Operator, charger: ChargerUnderTest) -> None:
    """Delete a charger and create it again through the API with no priority, then let it reconnect
    (its connection belongs to the deleted record until then)."""
    c = charger.spec
    operator.delete_charger(c.charger_id)
    operator.create_charger(c.charger_id, c.alias, c.group_id, conn_max=c.conn_max, description="no priority")
    charger.reconnect()


def failed_runs(api: BalanzApi) -> int:
    """How many balancing runs balanz has logged as failed so far."""
    return len(api.logs(messageSearch=FAILED_RUN))


def assert_balancing_fails(api: BalanzApi, profile: TimingProfile, record: ScenarioRecord, runs: int) -> None:
    """balanz's balancing runs fail: at least ``runs`` more failed runs within ``runs`` full runs (plus slack)."""
    before = failed_runs(api)
    eventually(
        lambda: failed_runs(api) - before,
        greater_than_or_equal_to(runs),
        within=profile.deadline(runs, "full balancing run"),
        reason=f"balanz logs '{FAILED_RUN}' at every full balancing run",
    )
    record.note(f"balanz's balancing runs fail: {failed_runs(api) - before} more since the step began")
    assert_that(failed_runs(api), greater_than_or_equal_to(before + runs))


def lower_limit(operator: Operator, charger: ChargerUnderTest, amps: float) -> None:
    """Set a charger's limit (conn_max) below the minimum offer (UpdateCharger)."""
    assert_that(charger.profile.min_allocation, greater_than(amps), "premise: the new limit is below the minimum")
    operator.update_charger(charger.charger_id, conn_max=amps)


def _offers_and_state(charger: ChargerUnderTest) -> tuple[float, float, str | None, bool]:
    """(balanz's offer, the charger's limit, the charger's status, in a transaction on both sides)."""
    view, sim = charger.view(), charger.sim_status()
    return view.offered, sim.offer, sim.status, view.in_transaction and sim.transaction_id is not None


def assert_held_at_unusable_limit(charger: ChargerUnderTest, amps: float, *, within: float, hold: float) -> None:
    """The session is offered exactly the charger's limit ``amps`` (below the minimum): the EV does not
    charge (SuspendedEVSE, in its transaction); settled means it holds for ``hold`` seconds."""
    expected = equal_to((amps, amps, "SuspendedEVSE", True))
    show = "(balanz offer, charger limit, charger status, in a transaction)"
    eventually(lambda: _offers_and_state(charger), expected, within=within, reason=f"{charger.alias}: {show}")
    holds_for(lambda: _offers_and_state(charger), expected, duration=hold, reason=f"{charger.alias}: {show}")


def assert_first_offer_above_limit(charger: ChargerUnderTest, limit: float) -> float:
    """balanz's first offer in the session was the minimum, above the charger's limit; returns it."""
    offers = [float(p.offered) for p in charger.view().offer_changes]
    assert offers, f"{charger.alias}: balanz recorded no offer in the session"
    assert_that(offers[0], equal_to(charger.profile.min_allocation), f"{charger.alias}: first offer ({offers})")
    assert_that(offers[0], greater_than(limit), f"{charger.alias}: first offer vs its limit of {limit:g} A")
    return offers[0]
