"""behave hooks: the run starts here. The work is done by balanz_acceptance.runner.hooks.

SIGTERM and SIGINT end the run (balanz_acceptance.sut.processes): inside a step or while the stack starts
they interrupt at once and behave marks the scenario failed; a signal that arrives elsewhere is raised at
the next hook below, so that the scenario is still marked and its clean-ups still run.
"""

from __future__ import annotations

import sys
import time

from behave.model import Scenario, Step
from behave.model_core import Status
from behave.runner import Context

from balanz_acceptance.core import progress, waiting
from balanz_acceptance.core.errors import SetupError
from balanz_acceptance.reporting import reactions
from balanz_acceptance.reporting.html_report import (
    attach_scenario,
    results_from_features,
    show_verdict,
    write_run_reports,
)
from balanz_acceptance.reporting.outputs import add_report_outputs
from balanz_acceptance.runner.hooks import abort, chargers_of, scenario_texts, start_failed, start_run
from balanz_acceptance.sut import processes


def before_all(context: Context) -> None:
    """Validate settings, data, features and the system under test; refuse bad input with one clear line."""
    features = getattr(getattr(context, "_runner", None), "features", [])
    try:
        context.run = start_run(context.config.userdata, features)
    except SetupError as error:
        abort(error)
    add_report_outputs(context, context.run.settings.reports_dir)
    waiting.on_wait = progress.waiting


def before_scenario(context: Context, scenario: Scenario) -> None:
    """Start balanz and a simulator for each charger the scenario's steps name (``chargers_of``), in a fresh
    runtime directory, and watch their groups.

    A stack that does not start fails this scenario with one line (behave: hook error) and the run goes on.
    """
    if signal_name := processes.interrupted():  # the run is ending: start nothing more
        processes.take_pending()
        context.abort(reason=f"{signal_name} received")
        return
    if reason := context.run.skip_reason(scenario.name, scenario.effective_tags, scenario_texts(scenario)):
        scenario.skip(reason=f"{context.run.settings.stack} stack: {reason}")
        return
    progress.scenario_started(scenario.name)
    try:
        with processes.interruptible():
            chargers = chargers_of(scenario, context._runner.step_registry)
            context.world = context.run.new_world(
                scenario.feature.name, scenario.name, scenario_texts(scenario), chargers
            )
    except SetupError as error:
        start_failed(scenario.name, error)
    context.add_cleanup(context.world.close)


def before_step(context: Context, step: Step) -> None:
    """Note the step for progress lines; raise a signal that arrived between steps (behave fails the step)."""
    progress.step_started(f"{step.keyword} {step.name}")
    processes.raise_pending()


def after_step(context: Context, step: Step) -> None:
    """Raise a signal that arrived as a step ended: behave then fails the step and ends the run."""
    processes.raise_pending()


def after_scenario(context: Context, scenario: Scenario) -> None:
    """Judge the group safety watch; on failure show what the harness saw and the programs' logs."""
    try:
        world = getattr(context, "world", None)
        if world is None:
            return
        problems = world.watches.finish()
        failed = scenario.status in (Status.failed, Status.error) or bool(problems)
        attach_scenario(context, world, failed)
        if failed:
            print("\n" + world.record.failure_report(), flush=True)
        if problems:
            lines = "\n".join(f"  {problem}" for problem in problems)
            raise AssertionError(f"the group safety watch failed the scenario:\n{lines}")
    finally:
        processes.raise_pending()  # a signal during this hook: behave marks the scenario failed


def after_all(context: Context) -> None:
    """Stop whatever still runs; write results.json and the sign-off page; a late signal still fails the run."""
    processes.stop_all()
    run = getattr(context, "run", None)
    if run is not None and not context.config.dry_run:
        results = results_from_features(context._runner.features)
        path = write_run_reports(run, results, time.monotonic() - run.started)
        show_verdict(context, results)
        # To the real stdout: behave captures what hooks print and shows it only when a hook fails.
        print(f"Sign-off summary: {path}", file=sys.__stdout__, flush=True)
        for line in reactions.write([run.directory], run.settings.reports_dir):
            print(line, file=sys.__stdout__, flush=True)
        for line in run.not_run_summary():
            print(line, file=sys.__stdout__, flush=True)
    if (signal_name := processes.interrupted()) and not context.aborted:
        processes.take_pending()
        context.abort(reason=f"{signal_name} received")
