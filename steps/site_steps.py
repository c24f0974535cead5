"""Steps that state how the scenario's site is configured (per-scenario configuration overlays, applied before the
stack starts: core/overlays.py)."""

from behave import given, register_type
from behave.runner import Context
from parse import with_pattern

from balanz_acceptance.core.overlays import SETTINGS, check_in_effect
from balanz_acceptance.core.timing import Duration


@with_pattern("|".join(SETTINGS))
def parse_setting(text: str) -> str:
    return text


register_type(Setting=parse_setting)


@given("a site whose {setting:Setting} is {duration:Duration}")
def step_site_setting(context: Context, setting: str, duration: Duration) -> None:
    check_in_effect(context.world.profile, setting, duration)


@given("the site keeps a usage in a session's history once it differs from the last one kept by {amps:g} A or more")
def step_minimum_usage_change(context: Context, amps: float) -> None:
    context.world.profile.the_minimum_usage_change(amps)
