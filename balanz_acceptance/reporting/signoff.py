"""The sign-off summary: one page a release manager attaches (``reports/signoff.md``).

Its headline says "all rules hold" only when every selected scenario passed (behave said ``passed``);
otherwise it names the rules that did not hold and counts what was not run, with the reasons below.
"""

from __future__ import annotations

import subprocess
from collections import defaultdict
from pathlib import Path

from balanz_acceptance.reporting.results import RunFacts, RunResults, ScenarioResult, failed_rules


def package_version(python: Path, package: str) -> str:
    """The installed version of ``package`` in the interpreter ``python`` ("unknown" if it has none)."""
    try:
        result = subprocess.run(
            [str(python), "-c", f"import importlib.metadata as m; print(m.version({package!r}))"],
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    return result.stdout.strip() or "unknown"


def _count(number: int, noun: str) -> str:
    """``1 scenario``, ``2 scenarios``: a count with its noun in the right number."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def headline(results: list[ScenarioResult]) -> str:
    """The one line that decides: "all rules hold" only if every selected scenario passed."""
    selected = [r for r in results if r.selected]
    failing = failed_rules(selected)
    not_run = [r for r in selected if r.outcome == "not run"]
    not_checked = [r for r in selected if r.outcome == "not checked"]
    known = [r for r in selected if r.known_issue and r.passed]
    passed = sum(r.passed and not r.known_issue for r in selected)
    counts = (
        f"{_count(passed, 'scenario')} passed, {sum(r.outcome == 'failed' for r in selected)} failed, "
        f"{len(not_run)} not run, {_count(len(known), 'known issue')} demonstrated"
        + (f", {len(not_checked)} not checked on this stack." if not_checked else ".")
    )
    if not selected:
        return "**Result: NOT SIGNED OFF: no scenario was selected** - nothing was checked."
    if failing or not_run:
        parts = []
        if failing:
            parts.append("rules that did not hold: " + "; ".join(failing))
        if not_run:
            cut = " (the run was interrupted)" if any(r.status in ("interrupted", "untested") for r in not_run) else ""
            parts.append(f"{len(not_run)} selected scenario{'s' if len(not_run) != 1 else ''} not run{cut}")
        return f"**Result: NOT SIGNED OFF: {'; '.join(parts)}** - {counts}"
    if not_checked:
        return (
            f"**Result: every rule checked holds; {_count(len(not_checked), 'selected scenario')} cannot be "
            f"checked on this stack (below)** - {counts}"
        )
    if known:
        return (
            "**Result: no rule failed beyond the known issues demonstrated: "
            + "; ".join(dict.fromkeys(r.rule_label for r in known))
            + f"** - {counts}"
        )
    return f"**Result: all rules hold** - {counts}"


def render(facts: RunFacts, results: list[ScenarioResult], shard: str = "") -> str:
    """The sign-off page in Markdown."""
    selected = [r for r in results if r.selected]
    lines = [
        "# balanz acceptance: release sign-off",
        "",
        headline(results),
        "",
        "| | |",
        "|---|---|",
        f"| balanz version (GetStatus) | {facts.balanz_version} |",
        f"| ocppsim version | {facts.ocppsim_version} |",
        f"| timing profile | {facts.timing} |",
        f"| stack | {facts.stack} |",
        f"| date | {facts.date} |",
        f"| host | {facts.host} |",
        f"| command | `{facts.command}` |",
        f"| wall time | {facts.wall_seconds / 60:.1f} min |",
    ]
    if shard:
        lines.append(f"| shard | {shard} (this page covers only this shard's scenarios) |")
    not_selected = len(results) - len(selected)
    if not_selected:
        lines.append(f"| not selected | {not_selected} scenarios (tags, names or paths) |")
    lines.append("")
    by_feature: dict[str, dict[str, list[ScenarioResult]]] = defaultdict(lambda: defaultdict(list))
    for result in selected:
        by_feature[result.feature][result.rule].append(result)
    for feature, rules in by_feature.items():
        lines += [f"## {feature}", "", "| rule | scenarios | verdict |", "|---|---|---|"]
        for rule, scenarios in rules.items():
            counts: dict[str, int] = defaultdict(int)
            for scenario in scenarios:
                counts[scenario.verdict] += 1
            verdict = ", ".join(f"{n} {v}" for v, n in sorted(counts.items()))
            label = rule or "; ".join(s.name for s in scenarios)
            lines.append(f"| {_cell(label)} | {len(scenarios)} | {_cell(verdict)} |")
        unsettled = [s for rs in rules.values() for s in rs if s.outcome != "passed"]
        if unsettled:
            lines += ["", "Did not pass:"]
            lines += [f"* {s.name} ({s.location}): {s.verdict}" + _reason(s) for s in unsettled]
        lines.append("")
    return "\n".join(lines)


def _reason(result: ScenarioResult) -> str:
    """The reason after a failed verdict (a not-run verdict already holds it)."""
    return f" - {result.reason}" if result.reason and result.outcome == "failed" else ""


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def write(path: Path, run: RunResults) -> Path:
    """Write the sign-off page of ``run`` to ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(run.facts, run.scenarios, run.shard))
    return path
