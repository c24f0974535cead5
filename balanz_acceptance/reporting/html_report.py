"""Reports of a run: offer plots and logs attached to the HTML report, and the sign-off summary."""

from __future__ import annotations

import base64
import shlex
import sys
from pathlib import Path
from typing import Any

from balanz_acceptance.actors.world import World
from balanz_acceptance.reporting.plots import plot_watch
from balanz_acceptance.reporting.signoff import RunFacts, ScenarioResult, package_version, write

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
    for formatter in _html_formatters(context):
        for path in plots:
            formatter.embed("image/png", base64.b64encode(path.read_bytes()).decode(), caption=path.stem)
        if failed:
            formatter.embed("text/plain", world.record.failure_report(LOG_LINES), caption="Harness notes and logs")
        elif world.record.notes:
            formatter.embed("text/plain", "\n".join(world.record.notes), caption="Harness notes")
    return plots


def results_from_features(features: list[Any]) -> list[ScenarioResult]:
    """Scenario results from behave's model after a run (rules kept)."""
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
                            status=run.status.name,
                            tags=frozenset(run.effective_tags),
                        )
                    )
    return results


def results_from_json(features: list[dict[str, Any]]) -> list[ScenarioResult]:
    """Scenario results from behave's JSON (as the parallel runner merges it; rules are not kept there)."""
    return [
        ScenarioResult(
            feature=feature["name"],
            rule="",
            name=element["name"],
            status=element.get("status", "untested"),
            tags=frozenset([*feature.get("tags", []), *element.get("tags", [])]),
        )
        for feature in features
        for element in feature.get("elements", [])
        if element.get("type") == "scenario"
    ]


def write_signoff(run: Any, results: list[ScenarioResult], wall_seconds: float, path: Path) -> Path:
    """Write the sign-off page for a run (``run`` is balanz_acceptance.runner.hooks.Run)."""
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
    return write(path, facts, results)
