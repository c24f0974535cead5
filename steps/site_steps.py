"""Steps that state how the scenario's site is configured (per-scenario configuration overlays)."""

from behave import given, register_type, then
from behave.runner import Context
from parse import with_pattern

from balanz_acceptance.core.overlays import SETTINGS


@with_pattern("|".join(SETTINGS))
def parse_setting(text: str) -> str:
    return text


register_type(Setting=parse_setting)


@given("a site whose {setting:Setting} is {count:g} {interval:Interval}")
def step_site_setting(context: Context, setting: str, count: float, interval: str) -> None:
    context.world.expect_setting(setting, count, interval)


@then(
    "balanz closes the session at {alias:Alias} once the transaction timeout has passed since it last heard "
    "from the charger, not before"
)
def step_silent_session_closed(context: Context, alias: str) -> None:
    context.world.check_silent_session_closed(alias)
