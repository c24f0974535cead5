"""behave hooks: the run starts here. The work is done by balanz_acceptance.run."""

from __future__ import annotations

from behave.model import Scenario
from behave.model_core import Status
from behave.runner import Context

from balanz_acceptance.errors import SetupError
from balanz_acceptance.run import abort, scenario_texts, start_run


def before_all(context: Context) -> None:
    """Validate settings, data and the system under test; refuse bad input with one clear line."""
    try:
        context.run = start_run(context.config.userdata)
    except SetupError as error:
        abort(error)


def before_scenario(context: Context, scenario: Scenario) -> None:
    """Start balanz and the simulators this scenario names, in a fresh runtime directory, and watch its groups."""
    try:
        context.world = context.run.new_world(scenario.feature.name, scenario.name, scenario_texts(scenario))
    except SetupError as error:
        abort(error)
    context.add_cleanup(context.world.close)


def after_scenario(context: Context, scenario: Scenario) -> None:
    """Judge the group safety watch; on failure show what the harness saw and the programs' logs."""
    world = getattr(context, "world", None)
    if world is None:
        return
    unexpected = world.finish_watches()
    if scenario.status in (Status.failed, Status.error) or unexpected:
        print("\n" + world.record.failure_report(), flush=True)
    if unexpected:
        raise AssertionError(
            "the group safety watch saw offers above the group maximum:\n" + "\n".join(f"  {e}" for e in unexpected)
        )
