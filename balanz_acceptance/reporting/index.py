"""The HTML index of a parallel run or a merge of shards: every scenario's verdict, linking its own report."""

from __future__ import annotations

import html
from pathlib import Path

from balanz_acceptance.reporting.results import RunResults
from balanz_acceptance.reporting.signoff import headline

COLOURS = {"passed": "#2e7d32", "failed": "#c62828", "not run": "#ef6c00", "not checked": "#757575"}


def render_index(run: RunResults, title: str) -> str:
    """The page: the sign-off headline, then one row per selected scenario, what did not pass first."""
    rows = []
    selected = [r for r in run.scenarios if r.selected]
    for result in sorted(selected, key=lambda r: (r.outcome == "passed", r.location)):
        name = html.escape(result.name)
        link = f"<a href='{html.escape(result.report)}'>{name}</a>" if result.report else name
        rows.append(
            f"<tr><td style='color:{COLOURS[result.outcome]}'>{html.escape(result.verdict)}</td>"
            f"<td>{result.seconds:.1f}s</td><td>{link}</td><td>{html.escape(result.rule_label)}</td>"
            f"<td>{html.escape(result.location)}</td><td>{html.escape(result.reason)}</td></tr>"
        )
    verdict = headline(run.scenarios).replace("**", "")
    return (
        f"<!doctype html><meta charset='utf-8'><title>{html.escape(title)}</title>"
        f"<h1>{html.escape(title)}</h1><p><b>{html.escape(verdict)}</b></p>"
        f"<p>balanz {html.escape(run.facts.balanz_version)}, ocppsim {html.escape(run.facts.ocppsim_version)}, "
        f"timing {html.escape(run.facts.timing)}, stack {html.escape(run.facts.stack)}, {html.escape(run.facts.date)}"
        "</p><table border=1 cellpadding=4>"
        "<tr><th>verdict</th><th>time</th><th>scenario</th><th>rule</th><th>location</th><th>reason</th></tr>"
        + "".join(rows)
        + "</table>"
    )


def write_index(path: Path, run: RunResults, title: str) -> Path:
    """Write the index page to ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_index(run, title))
    return path
