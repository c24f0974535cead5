"""One charger, one session after another: the gap between two sessions and the start of the next one."""

from __future__ import annotations

from dataclasses import dataclass

from hamcrest import all_of, assert_that, equal_to, has_property, starts_with
from hamcrest.core.base_matcher import BaseMatcher
from hamcrest.core.description import Description

from balanz_acceptance.actors.charger_under_test import ChargerUnderTest
from balanz_acceptance.checks.matchers import charger_state, offers_were
from balanz_acceptance.core.waiting import holds_for
from balanz_acceptance.sut.balanz_api import ConnectorView
from balanz_acceptance.sut.ocppsim_client import SimStatus


@dataclass(frozen=True)
class BothSides:
    """A charger as its simulator reports it and as balanz shows it, observed together."""

    sim: SimStatus
    view: ConnectorView

    def __str__(self) -> str:
        return f"charger: {self.sim}; balanz: {self.view}"


class Blocked(BaseMatcher[BothSides]):
    """No usable offer on either side: the charger's limit is below what an EV needs to start
    (ocppsim ``min_to_start``, the minimum offer), the EV draws nothing, no transaction, balanz offers 0 A.

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


def both_sides(charger: ChargerUnderTest) -> BothSides:
    """Observe the charger on both sides."""
    return BothSides(charger.sim_status(), charger.view())


def plug_in_without_tag(charger: ChargerUnderTest) -> None:
    """An EV is plugged in, but nobody presents a tag."""
    assert_that(charger.act("plugin"), starts_with("Cable plugged"), f"{charger.alias}: EV plugged in")


def assert_blocked_for(charger: ChargerUnderTest, seconds: float, *, lost_session_open: bool = False) -> None:
    """The charger holds no usable offer for ``seconds`` (an EV plugged in draws nothing)."""
    holds_for(
        lambda: both_sides(charger),
        Blocked(charger.profile.min_allocation, lost_session_open=lost_session_open),
        duration=seconds,
        reason=f"{charger.alias} stays blocked between sessions",
    )


def assert_new_session(charger: ChargerUnderTest, tag: str) -> None:
    """balanz shows a session for ``tag`` whose only offer so far is the minimum."""
    view = charger.view()
    assert_that(view, has_property("id_tag", equal_to(tag)), f"{charger.alias}: whose session balanz shows")
    assert_that(view, offers_were([charger.profile.min_allocation]), f"{charger.alias}: offers of the new session")
    assert_that(
        charger.sim_status(),
        all_of(
            charger_state(status="Charging", offer=charger.profile.min_allocation), has_property("last_id_tag", tag)
        ),
        f"{charger.alias}: the charger's limit in the new session",
    )
