"""balanz's own charging profiles in a feature's words, and a matcher for the profiles a charger holds.

balanz installs three kinds of profile (charge_point_v16.py set_base_default_profile,
set_blocking_default_profile, set_tx_profile), each with its own profile id, purpose and stack level. A feature
names them ``base``, ``blocking`` and ``transaction`` and lists what a charger must hold (sut/charging_profiles.py
``HeldProfile``, the charger's own record): exactly those, each on its connector and with its limit, or any limit.
"""

from __future__ import annotations

from collections.abc import Mapping

from hamcrest.core.base_matcher import BaseMatcher
from hamcrest.core.description import Description

from balanz_acceptance.core.errors import SetupError
from balanz_acceptance.sut.charging_profiles import Held

#: One of balanz's profiles as balanz sets it: (profile id, purpose, stack level).
BalanzProfile = tuple[int, str, int]
BASE: BalanzProfile = (1, "TxDefaultProfile", 0)
BLOCKING: BalanzProfile = (2, "TxDefaultProfile", 1)
TX: BalanzProfile = (3, "TxProfile", 3)
NAMES = {"base": BASE, "blocking": BLOCKING, "transaction": TX}

#: One profile in a feature's words: (connector, profile id, purpose, stack level, limit or None for any limit).
Wanted = tuple[int, int, str, int, float | None]


def sets(payload: Mapping[str, object], kind: BalanzProfile) -> bool:
    """True if a SetChargingProfile request's ``payload`` sets balanz's profile ``kind``."""
    profile = payload.get("csChargingProfiles")
    if not isinstance(profile, dict):
        return False
    return (profile.get("chargingProfileId"), profile.get("chargingProfilePurpose"), profile.get("stackLevel")) == kind


def wanted(name: str, connector: int, limit: float | None) -> Wanted:
    """One of balanz's profiles in a feature's words (``base``, ``blocking``, ``transaction``) on ``connector``
    and its limit (None: any limit; a transaction's limit follows its offer)."""
    if name not in NAMES:
        raise SetupError(f"balanz's profiles are {', '.join(NAMES)}, not '{name}'")
    profile_id, purpose, stack_level = NAMES[name]
    return connector, profile_id, purpose, stack_level, limit


def describe_wanted(profiles: list[Wanted]) -> str:
    """The listed profiles, as a failure shows them."""
    return "; ".join(
        f"connector {c} #{i} {p} level {lv} {'any' if a is None else f'{a:g}'} A" for c, i, p, lv, a in profiles
    )


def show_held(held: Held) -> str:
    """What a charger holds, as a failure shows it."""
    return "; ".join(map(str, held)) or "no profile"


class HoldsExactly(BaseMatcher[Held]):
    """Matches a charger's profiles that are exactly the listed ones (a listed limit of None: any limit)."""

    def __init__(self, profiles: list[Wanted]) -> None:
        self.profiles = profiles

    def _matches(self, item: Held) -> bool:
        found = sorted((p.connector, p.profile_id, p.purpose, p.stack_level, p.limit) for p in item)
        if len(found) != len(self.profiles):
            return False
        return all(
            f[:4] == w[:4] and (w[4] is None or f[4] == w[4]) for f, w in zip(found, sorted(self.profiles), strict=True)
        )

    def describe_to(self, description: Description) -> None:
        """Say how many profiles, as listed."""
        description.append_text(f"exactly {len(self.profiles)} profile(s) as listed")

    def describe_mismatch(self, item: Held, mismatch_description: Description) -> None:
        """Show what the charger held."""
        mismatch_description.append_text("held: " + show_held(item))


def holds_exactly(profiles: list[Wanted]) -> HoldsExactly:
    """A charger that holds exactly these profiles (``HoldsExactly``)."""
    return HoldsExactly(profiles)
