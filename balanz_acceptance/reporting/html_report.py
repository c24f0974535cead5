"""Reports of a behave run: offer plots and logs attached to the HTML report, the results and the sign-off."""

from __future__ import annotations

import base64
import shlex
import sys
from pathlib import Path
from typing import Any

from balanz_acceptance.actors.world import World
from balanz_acceptance.reporting import reactions
from balanz_acceptance.reporting.plots import plot_watch
from balanz_acceptance.reporting.results import NOT_CHECKED, RunFacts, RunResults, ScenarioResult, first_line
from balanz_acceptance.reporting.signoff import headline, package_version, write

HTML_FORMATTER = "html-pretty"
LOG_LINES = 60


def _html_formatters(context: Any) -> list[Any]:
    runner = getattr(context, "_runner", None)
    return [f for f in getattr(runner, "formatters", []) if getattr(f, "name", "") == HTML_FORMATTER]


def attach_scenario(context: Any, world: World, failed: bool) -> list[Path]:
    """Plot every watched group's offers and draw; embed the plots (and, on failure, logs) in the HTML report."""
    plots = []
    for group_id, watch in world.watches.items():
        path = plot_watch(watch, world.record.directory / f"offers-{group_id}.png")
        if path is not None:
            plots.append(path)
    directory = world.record.directory
    if (directory / reactions.REACTIONS_FILE).is_file():  # a storm measured balanz's reaction
        found, bound = reactions.collect([directory]), reactions.bounds([directory])
        path = reactions.plot(found, bound, directory / "reactions.png")
        if path is not None:
            plots.append(path)
    for formatter in _html_formatters(context):
        for path in plots:
            formatter.embed("image/png", base64.b64encode(path.read_bytes()).decode(), caption=path.stem)
        if failed:
            formatter.embed("text/plain", world.record.failure_report(LOG_LINES), caption="Harness notes and logs")
        elif world.record.notes:
            formatter.embed("text/plain", "\n".join(world.record.notes), caption="Harness notes")
    return plots


def results_from_features(features: list[Any]) -> list[ScenarioResult]:
    """Scenario results from behave's model after a run: status, rule, location, time and why it did not pass."""
    results = []
    for feature in features:
        containers = [(None, feature.scenarios)] + [(rule, rule.scenarios) for rule in getattr(feature, "rules", [])]
        for rule, scenarios in containers:
            for scenario in scenarios:
                for run in getattr(scenario, "scenarios", None) or [scenario]:  # an outline's examples
                    results.append(
                        ScenarioResult(
                            feature=feature.name,
                            rule=rule.name if rule is not None else "",
                            name=run.name,
                            status=NOT_CHECKED if _skipped_on_purpose(run) else run.status.name,
                            location=str(run.location),
                            tags=frozenset(str(tag) for tag in run.effective_tags),
                            seconds=round(float(getattr(run, "duration", 0.0) or 0.0), 1),
                            reason=_reason(run),
                        )
                    )
    return results


def _skipped_on_purpose(scenario: Any) -> bool:
    """True for a selected scenario the hooks skipped with a reason (e.g. one an external stack cannot run)."""
    return scenario.status.name == "skipped" and bool(getattr(scenario, "skip_reason", None))


def _reason(scenario: Any) -> str:
    """Why a scenario did not pass, in one line: its failing step and message, or its hook's error."""
    status = scenario.status.name
    if _skipped_on_purpose(scenario):
        return first_line(scenario.skip_reason)
    if status == "passed" or status == "skipped":
        return ""
    if status == "untested":
        return "the run ended before it (interrupted or aborted)"
    if status == "cleanup_error":
        return "a clean-up failed after the scenario"
    for step in scenario.all_steps:
        if step.status.name in ("failed", "error", "undefined", "pending"):
            message = _assertion(step.error_message or step.exception or step.status.name)
            return f"{step.keyword} {step.name}: {message}"
    if scenario.exception is not None or scenario.error_message:
        hook = "hook error" if status == "hook_error" else status
        return f"{hook}: {first_line(scenario.exception or scenario.error_message)}"
    return status.replace("_", " ")


def _assertion(text: object) -> str:
    """A failure message in one line: its first line, and the hamcrest "Expected: ... but: ..." that follows."""
    lines = [line.strip() for line in str(text).splitlines() if line.strip()]
    kept = lines[:1] + [line for line in lines[1:3] if line.startswith(("Expected:", "but:"))]
    return first_line(" / ".join(kept), 400)


def write_run_reports(run: Any, results: list[ScenarioResult], wall_seconds: float) -> Path:
    """Write ``results.json`` and the sign-off page of a behave run into its reports directory.

    ``run`` is balanz_acceptance.runner.hooks.Run; returns the sign-off page's path.
    """
    settings = run.settings
    ocppsim = package_version(settings.sut_python, "ocppsim") if settings.managed else "external (not known)"
    facts = RunFacts(
        balanz_version=run.balanz_version or "not reached (no scenario started balanz)",
        ocppsim_version=ocppsim,
        timing=settings.timing,
        stack=settings.stack,
        command=shlex.join(["behave", *sys.argv[1:]]),
        wall_seconds=wall_seconds,
    )
    outcome = RunResults(facts, results, selection=[r.location for r in results if r.selected])
    outcome.write(settings.reports_dir)
    return write(settings.reports_dir / "signoff.md", outcome)


def show_verdict(context: Any, results: list[ScenarioResult]) -> None:
    """Put the sign-off headline at the top of this run's HTML report (call in after_all: the formatter
    writes its page when behave closes it, after the hooks); its global summary is shown even for one
    feature, so that the verdict is the first thing on the page."""
    verdict = headline(results).replace("**", "")
    for formatter in _html_formatters(context):
        formatter.set_title(verdict)
        formatter.global_summary = True
