"""``balanz-acceptance merge``: the shards of a CI matrix combined into one sign-off, HTML index and JUnit file.

Each shard (``balanz-acceptance run --shard K/N``) leaves ``results.json`` in its reports directory, with the
whole selection it was cut from. The merge reads only those files (and the shards' JUnit), checks that they
are shards of one selection, and reports every selected scenario that no shard reported as not run.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from dataclasses import replace
from pathlib import Path

from balanz_acceptance.core.settings import REPORTS_DIR
from balanz_acceptance.reporting.outputs import JUNIT_DIR, clear_previous, write_combined_reports
from balanz_acceptance.reporting.results import NOT_RUN, RunFacts, RunResults, ScenarioResult, all_passed
from balanz_acceptance.reporting.signoff import headline
from balanz_acceptance.runner.arguments import OneLineParser


class MergeError(ValueError):
    """Shards that cannot be merged: one line."""


def parser() -> argparse.ArgumentParser:
    """The options of ``merge``."""
    parsed = OneLineParser(prog="balanz-acceptance merge", description=__doc__.splitlines()[0])
    parsed.add_argument(
        "shards", nargs="*", type=Path, help="the shards' reports directories (default: reports/shard-*-of-*)"
    )
    parsed.add_argument(
        "--into",
        type=Path,
        default=Path(REPORTS_DIR),
        help="where the merged reports go (default: reports/ in the current directory)",
    )
    return parsed


def combine(runs: list[tuple[Path, RunResults]], into: Path) -> RunResults:
    """One run's results from its shards' (reports relinked from ``into``); MergeError if they do not fit."""
    if not runs:
        raise MergeError("no shard results to merge (expected <dir>/results.json from 'run --shard K/N')")
    selection = runs[0][1].selection
    counts = {r.shard.partition("/")[2] for _, r in runs}
    for directory, run in runs:
        if not run.shard:
            raise MergeError(f"{directory}: not a shard (run with --shard K/N)")
        if run.selection != selection:
            raise MergeError(f"{directory}: shard of another selection (other arguments or another checkout)")
    if len(counts) != 1:
        raise MergeError(f"shards of different splits: {', '.join(sorted(r.shard for _, r in runs))}")
    seen = [r.shard for _, r in runs]
    if len(set(seen)) != len(seen):
        raise MergeError(f"a shard is given twice: {', '.join(sorted(seen))}")
    by_location: dict[str, ScenarioResult] = {}
    for directory, run in runs:
        for result in run.scenarios:
            report = os.path.relpath(directory / result.report, into) if result.report else ""
            by_location.setdefault(result.location, replace(result, report=report))
    expected = int(counts.pop())
    missing_shards = sorted({str(k) for k in range(1, expected + 1)} - {s.partition("/")[0] for s in seen})
    why = f"no shard reported it (missing shard results: {', '.join(missing_shards)} of {expected})"
    results = [by_location.get(location) or _missing(location, runs, why) for location in selection]
    extra = [r for loc, r in by_location.items() if loc not in set(selection)]
    facts = _facts([run for _, run in runs])
    return RunResults(facts, results + extra, selection, "")


def _missing(location: str, runs: list[tuple[Path, RunResults]], why: str) -> ScenarioResult:
    feature = location.rsplit(":", 1)[0]
    return ScenarioResult(feature=feature, rule="", name=location, status=NOT_RUN, location=location, reason=why)


def _facts(runs: list[RunResults]) -> RunFacts:
    reached = [r.facts for r in runs if not r.facts.balanz_version.startswith("not reached")] or [r.facts for r in runs]
    first = reached[0]
    return RunFacts(
        balanz_version=first.balanz_version,
        ocppsim_version=first.ocppsim_version,
        timing=", ".join(sorted({r.facts.timing for r in runs})),
        stack=", ".join(sorted({r.facts.stack for r in runs})),
        command="; ".join(dict.fromkeys(r.facts.command for r in runs)) + " (merged)",
        wall_seconds=max(r.facts.wall_seconds for r in runs),
    )


def merge(argv: list[str]) -> int:
    """``balanz-acceptance merge``: returns 0 when every selected scenario of every shard passed."""
    own = parser().parse_args(argv)
    into = own.into.expanduser().resolve()
    directories = own.shards or sorted(into.glob("shard-*-of-*"))
    try:
        runs = []
        for directory in directories:
            try:
                runs.append((directory.resolve(), RunResults.read(directory)))
            except (OSError, ValueError) as error:
                raise MergeError(f"{directory}: no shard results ({error})") from None
        merged = combine(runs, into)
    except MergeError as error:
        print(f"balanz-acceptance: {error}", file=sys.stderr)
        return 2
    merged.facts.command = shlex.join(["balanz-acceptance", "merge", *argv]) + f" of: {merged.facts.command}"
    clear_previous(into)
    sources = [p for directory, _ in runs for p in (directory / JUNIT_DIR).glob("*.xml")]
    write_combined_reports(into, merged, sources, "balanz acceptance: merged shards")
    print(headline(merged.scenarios).replace("**", ""))
    print(f"Sign-off summary: {into / 'signoff.md'}; HTML index: {into / 'index.html'}")
    return 0 if all_passed(merged.scenarios) else 1
