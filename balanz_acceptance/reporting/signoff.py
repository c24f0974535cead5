"""The sign-off summary: one page a release manager attaches (``reports/signoff.md``)."""

from __future__ import annotations

import platform
import subprocess
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

KNOWN_ISSUE_TAG = "known_issue"


@dataclass(frozen=True)
class ScenarioResult:
    """One scenario's outcome, as behave or a parallel run reports it."""

    feature: str
    rule: str
    name: str
    status: str
    tags: frozenset[str] = field(default_factory=frozenset)

    @property
    def verdict(self) -> str:
        """passed / failed / known issue (...) - the words of the summary."""
        if KNOWN_ISSUE_TAG in self.tags:
            return {
                "passed": "known issue demonstrated",
                "failed": "known issue no longer reproduces - check",
            }.get(self.status, "known issue (not run)")
        return {"passed": "passed", "failed": "failed", "error": "failed"}.get(self.status, "not run")


@dataclass
class RunFacts:
    """What the summary states about the run itself."""

    balanz_version: str
    ocppsim_version: str
    timing: str
    stack: str
    command: str
    wall_seconds: float
    date: str = field(default_factory=lambda: time.strftime("%Y-%m-%d %H:%M:%S %Z"))
    host: str = field(default_factory=platform.node)


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


def render(facts: RunFacts, results: list[ScenarioResult]) -> str:
    """The sign-off page in Markdown."""
    verdicts = [r.verdict for r in results]
    failed = sum(v == "failed" for v in verdicts)
    passed = sum(v == "passed" for v in verdicts)
    known = sum(v.startswith("known issue") for v in verdicts)
    overall = "NOT SIGNED OFF: failures" if failed or any("check" in v for v in verdicts) else "all rules hold"
    lines = [
        "# balanz acceptance: release sign-off",
        "",
        f"**Result: {overall}** - {passed} scenarios passed, {failed} failed, {known} known issues.",
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
        "",
    ]
    by_feature: dict[str, dict[str, list[ScenarioResult]]] = defaultdict(lambda: defaultdict(list))
    for result in results:
        by_feature[result.feature][result.rule].append(result)
    for feature, rules in by_feature.items():
        lines += [f"## {feature}", "", "| rule | scenarios | verdict |", "|---|---|---|"]
        for rule, scenarios in rules.items():
            counts: dict[str, int] = defaultdict(int)
            for scenario in scenarios:
                counts[scenario.verdict] += 1
            verdict = ", ".join(f"{n} {v}" for v, n in sorted(counts.items()))
            lines.append(f"| {rule or '(feature)'} | {len(scenarios)} | {verdict} |")
        failing = [s for rs in rules.values() for s in rs if s.verdict == "failed" or "check" in s.verdict]
        if failing:
            lines += ["", "Failing:"] + [f"* {s.name}" for s in failing]
        lines.append("")
    return "\n".join(lines)


def write(path: Path, facts: RunFacts, results: list[ScenarioResult]) -> Path:
    """Write the sign-off page."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(facts, results))
    return path


def read_facts(path: Path) -> dict[str, str]:
    """The facts table of a sign-off page written by ``write`` (first column → second)."""
    facts = {}
    for line in path.read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 2 and cells[0] and not cells[0].startswith("-"):
            facts[cells[0]] = cells[1]
    return facts
