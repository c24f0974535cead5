"""Where a behave run writes its reports: the HTML report, the rerun file and JUnit, all in ``reports_dir``.

behave adds ``format``/``outfiles`` of ``[tool.behave]`` to any ``-f``/``-o`` on the command line instead
of replacing them, and opens every output file as it starts - even for ``--dry-run``. Listing them there made
every parallel worker and every dry run (the runner's listing, the harness's own tests) truncate the
project's ``reports/index.html`` and ``reports/rerun.txt``. So ``pyproject.toml`` names no output file: the
console gets behave's default ``pretty`` (or whatever ``-f`` says), and ``before_all`` - which behave does not
call in a dry run - adds these outputs under the run's own ``reports_dir`` (``-D reports_dir=...``, default
``reports/``). A parallel run gives every worker its own ``reports_dir``.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from behave.formatter.base import StreamOpener
from behave.formatter.rerun import RerunFormatter
from behave.reporter.junit import JUnitReporter
from behave_html_pretty_formatter import PrettyHTMLFormatter

from balanz_acceptance.reporting.index import write_index
from balanz_acceptance.reporting.junit import MERGED_NAME, write_merged
from balanz_acceptance.reporting.results import RESULTS_FILE, RunResults
from balanz_acceptance.reporting.signoff import write as write_signoff

#: Output files of a run, relative to its reports directory.
HTML_REPORT = "index.html"
RERUN_FILE = "rerun.txt"
JUNIT_DIR = "junit"
SIGNOFF = "signoff.md"
#: The formatters a run adds, and their files.
FORMATTERS = {PrettyHTMLFormatter: HTML_REPORT, RerunFormatter: RERUN_FILE}


def clear_previous(reports_dir: Path) -> None:
    """Remove what an earlier run left in ``reports_dir`` that this run replaces (so nothing stale is read)."""
    for name in (RESULTS_FILE, SIGNOFF, HTML_REPORT, RERUN_FILE):
        with contextlib.suppress(FileNotFoundError):
            (reports_dir / name).unlink()
    for stale in (reports_dir / JUNIT_DIR).glob("*.xml"):
        stale.unlink()


def add_report_outputs(context: Any, reports_dir: Path) -> None:
    """Add the HTML report, the rerun file and JUnit XML of this run under ``reports_dir`` (call in before_all)."""
    reports_dir.mkdir(parents=True, exist_ok=True)
    clear_previous(reports_dir)
    runner = context._runner
    config = context.config
    for formatter, filename in FORMATTERS.items():
        runner.formatters.append(formatter(StreamOpener(filename=str(reports_dir / filename)), config))
    config.junit = True  # behave then keeps each scenario's captured output for the JUnit report
    config.junit_directory = str(reports_dir / JUNIT_DIR)
    if not any(isinstance(r, JUnitReporter) for r in config.reporters):
        config.reporters.insert(0, JUnitReporter(config))


def write_combined_reports(reports_dir: Path, run: RunResults, junit_sources: list[Path], title: str) -> None:
    """The reports of a parallel run or a merge of shards, from their scenarios' results, into ``reports_dir``.

    ``results.json``, the sign-off, an HTML index linking every scenario's own report, one JUnit file (with
    a test case for every selected scenario, built on ``junit_sources``: the workers' or shards' own JUnit
    files, and only those of this run) and the rerun file of every scenario that did not pass.
    """
    reports_dir.mkdir(parents=True, exist_ok=True)
    run.write(reports_dir)
    write_signoff(reports_dir / SIGNOFF, run)
    write_index(reports_dir / HTML_REPORT, run, title)
    write_merged(reports_dir / JUNIT_DIR / MERGED_NAME, run, junit_sources)
    rerun = [r.location for r in run.scenarios if r.outcome in ("failed", "not run")]
    (reports_dir / RERUN_FILE).write_text("".join(f"{location}\n" for location in rerun))
