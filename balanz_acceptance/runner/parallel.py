"""Run the suite's scenarios in parallel worker processes: ``python -m balanz_acceptance.runner.parallel -j 4``.

Every scenario already gets its own balanz and simulators on free ports, so scenarios are independent
and can run side by side. This runner lists the scenarios behave would run (a dry run with the same
arguments), then keeps ``--jobs`` behave processes busy, one scenario each, longest first (by the
durations of earlier runs), and merges the results: a behave-style summary, JUnit XML in
``reports/junit``, the merged behave JSON in ``reports/results.json``, and ``reports/rerun.txt`` with
the failed scenarios. Any other argument is passed to behave unchanged (tags, ``-D`` userdata, paths).
"""

from __future__ import annotations

import argparse
import html
import json
import subprocess
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from balanz_acceptance.core.settings import PROJECT_ROOT

REPORTS = PROJECT_ROOT / "reports"
DURATIONS = REPORTS / "durations.json"


@dataclass
class Outcome:
    """The result of one scenario run in its own behave process."""

    index: int
    location: str
    name: str
    status: str
    seconds: float
    features: list[dict[str, Any]]
    output: str


#: behave options that take a value as the next argument.
_VALUE_OPTIONS = {
    "-D",
    "--define",
    "-t",
    "--tags",
    "-n",
    "--name",
    "-i",
    "--include",
    "-e",
    "--exclude",
    "-f",
    "--format",
    "-o",
    "--outfile",
    "-k",
    "--stage",
    "--lang",
    "-l",
    "--logging-level",
}


def without_paths(args: list[str]) -> list[str]:
    """behave arguments minus the feature paths (a scenario's location replaces them)."""
    kept: list[str] = []
    takes_value = False
    for arg in args:
        is_path = not takes_value and not arg.startswith("-") and (PROJECT_ROOT / arg.split(":")[0]).exists()
        if not is_path:
            kept.append(arg)
        takes_value = arg in _VALUE_OPTIONS
    return kept


def _behave(args: list[str]) -> list[str]:
    return [sys.executable, "-m", "behave", *args]


def list_scenarios(behave_args: list[str]) -> list[tuple[str, str]]:
    """(location, name) of every scenario behave would run with these arguments."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "dry.json"
        result = subprocess.run(
            _behave(["--dry-run", "--no-summary", "-f", "json", "-o", str(out), *behave_args]),
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0 or not out.exists():
            raise SystemExit(f"balanz-acceptance: listing the scenarios failed:\n{result.stdout}{result.stderr}")
        features = json.loads(out.read_text() or "[]")
    return [
        (element["location"], element["name"])
        for feature in features
        for element in feature.get("elements", [])
        if element.get("type") == "scenario" and element.get("status") != "skipped"
    ]


def _load_durations() -> dict[str, float]:
    try:
        return {k: float(v) for k, v in json.loads(DURATIONS.read_text()).items()}
    except (OSError, ValueError):
        return {}


def run_one(location: str, name: str, behave_args: list[str], run_dir: Path, index: int) -> Outcome:
    """Run one scenario in its own behave process."""
    own = run_dir / f"{index:03d}"
    own.mkdir(parents=True, exist_ok=True)
    json_out = own / "behave.json"
    args = without_paths(behave_args)
    command = _behave(
        [
            location,
            *args,
            "-D",
            f"runtime_dir={own / 'runtime'}",
            "-D",
            f"reports_dir={own}",
            "--junit",
            "--junit-directory",
            str(own / "junit"),
            "-f",
            "json",
            "-o",
            str(json_out),
            "-f",
            "plain",
            "-o",
            str(own / "behave.txt"),
            "-f",
            "html-pretty",
            "-o",
            str(own / "report.html"),
            "--no-summary",
        ]
    )
    start = time.monotonic()
    result = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True, check=False)
    seconds = time.monotonic() - start
    try:
        features = json.loads(json_out.read_text() or "[]")
    except (OSError, ValueError):
        features = []
    for feature in features:  # behave lists the feature's other scenarios as skipped: keep this one
        feature["elements"] = [e for e in feature.get("elements", []) if e.get("location") == location]
    ran = [e for f in features for e in f["elements"]]
    # One scenario per process: behave's exit code is its verdict (the JSON formatter of behave 1.3.3
    # leaves the status of scenarios inside a Rule empty, and hook errors are not step results).
    status = "passed" if ran and result.returncode == 0 else "error" if result.returncode == 2 else "failed"
    for element in ran:
        element["status"] = status
    text = (own / "behave.txt").read_text() if (own / "behave.txt").exists() else ""
    return Outcome(index, location, name, status, seconds, features, text + result.stdout + result.stderr)


def merge_junit(run_dir: Path, target: Path) -> None:
    """Merge the per-scenario JUnit files into one file per feature (testsuite) in ``target``."""
    suites: dict[str, ET.Element] = {}
    for path in sorted(run_dir.glob("*/junit/*.xml")):
        suite = ET.parse(path).getroot()
        merged = suites.setdefault(path.name, ET.Element("testsuite", suite.attrib))
        for case in suite.findall("testcase"):
            if case.find("skipped") is None:
                merged.append(case)
    target.mkdir(parents=True, exist_ok=True)
    for name, suite in suites.items():
        cases = suite.findall("testcase")
        suite.set("tests", str(len(cases)))
        suite.set("failures", str(sum(c.find("failure") is not None for c in cases)))
        suite.set("errors", str(sum(c.find("error") is not None for c in cases)))
        suite.set("skipped", "0")
        suite.set("time", f"{sum(float(c.get('time', 0)) for c in cases):.3f}")
        ET.ElementTree(suite).write(target / name, encoding="utf-8", xml_declaration=True)


def main(argv: list[str] | None = None) -> int:
    """Command line entry point; returns the exit code (0 when every scenario passed)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], allow_abbrev=False)
    parser.add_argument("-j", "--jobs", type=int, default=4, help="scenarios run at the same time (default 4)")
    own, behave_args = parser.parse_known_args(argv)
    scenarios = list_scenarios(behave_args)
    if not scenarios:
        print("balanz-acceptance: no scenario to run")
        return 0
    durations = _load_durations()
    scenarios.sort(key=lambda item: durations.get(item[1], 0.0), reverse=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    run_dir = REPORTS / "parallel" / stamp
    print(f"{len(scenarios)} scenarios, {own.jobs} at a time; logs in {run_dir}", flush=True)
    started = time.monotonic()
    lock = threading.Lock()
    outcomes: list[Outcome] = []

    def job(index: int, location: str, name: str) -> Outcome:
        outcome = run_one(location, name, behave_args, run_dir, index)
        with lock:
            outcomes.append(outcome)
            print(
                f"[{len(outcomes):3d}/{len(scenarios)}] {outcome.status.upper():6s} {outcome.seconds:6.1f}s  "
                f"{location}  {name}",
                flush=True,
            )
            if outcome.status != "passed":
                print(outcome.output[-4000:], flush=True)
        return outcome

    with ThreadPoolExecutor(max_workers=max(1, own.jobs)) as pool:
        futures = [pool.submit(job, i, loc, name) for i, (loc, name) in enumerate(scenarios, 1)]
        for future in futures:
            future.result()
    wall = time.monotonic() - started
    merge_junit(run_dir, REPORTS / "junit")
    write_index(run_dir, outcomes)
    status = _report(outcomes, durations, wall)
    _signoff(run_dir, outcomes, wall)
    return status


def write_index(run_dir: Path, outcomes: list[Outcome]) -> Path:
    """An HTML page linking every scenario's own HTML report (with its offer plots), failures first."""
    rows = []
    for outcome in sorted(outcomes, key=lambda o: (o.status == "passed", o.location)):
        link = f"{outcome.index:03d}/report.html"
        colour = "#2e7d32" if outcome.status == "passed" else "#c62828"
        rows.append(
            f"<tr><td style='color:{colour}'>{html.escape(outcome.status)}</td><td>{outcome.seconds:.1f}s</td>"
            f"<td><a href='{link}'>{html.escape(outcome.name)}</a></td><td>{html.escape(outcome.location)}</td></tr>"
        )
    page = (
        "<!doctype html><meta charset='utf-8'><title>balanz acceptance (parallel run)</title>"
        "<h1>balanz acceptance: parallel run</h1><table border=1 cellpadding=4>"
        "<tr><th>status</th><th>time</th><th>scenario</th><th>location</th></tr>" + "".join(rows) + "</table>"
    )
    path = run_dir / "index.html"
    path.write_text(page)
    return path


def _signoff(run_dir: Path, outcomes: list[Outcome], wall: float) -> None:
    """The sign-off page for the whole parallel run, from the workers' results and their own pages."""
    from balanz_acceptance.reporting.html_report import results_from_json
    from balanz_acceptance.reporting.signoff import RunFacts, read_facts, write

    worker_pages = sorted(run_dir.glob("*/signoff.md"))
    known = read_facts(worker_pages[0]) if worker_pages else {}
    facts = RunFacts(
        balanz_version=known.get("balanz version (GetStatus)", "unknown"),
        ocppsim_version=known.get("ocppsim version", "unknown"),
        timing=known.get("timing profile", "unknown"),
        stack=known.get("stack", "unknown"),
        command="python -m balanz_acceptance.runner.parallel " + " ".join(sys.argv[1:]),
        wall_seconds=wall,
    )
    features = [f for o in outcomes for f in o.features]
    path = write(REPORTS / "signoff.md", facts, results_from_json(features))
    print(f"Sign-off summary: {path}; HTML reports: {run_dir / 'index.html'}")


def _report(outcomes: list[Outcome], durations: dict[str, float], wall: float) -> int:
    REPORTS.mkdir(exist_ok=True)
    features: dict[str, dict[str, Any]] = {}
    for outcome in outcomes:
        for feature in outcome.features:
            merged = features.setdefault(feature["location"], {**feature, "elements": []})
            merged["elements"].extend(feature.get("elements", []))
    (REPORTS / "results.json").write_text(json.dumps(list(features.values()), indent=1))
    durations.update({o.name: round(o.seconds, 1) for o in outcomes if o.status == "passed"})
    DURATIONS.write_text(json.dumps(durations, indent=1, sort_keys=True))
    failed = sorted(o.location for o in outcomes if o.status != "passed")
    (REPORTS / "rerun.txt").write_text("".join(f"{loc}\n" for loc in failed))
    counts = Counter("passed" if o.status == "passed" else "failed" for o in outcomes)
    feature_failed = {o.location.split(":")[0] for o in outcomes if o.status != "passed"}
    feature_all = {o.location.split(":")[0] for o in outcomes}
    print()
    print(f"{len(feature_all - feature_failed)} features passed, {len(feature_failed)} failed, 0 skipped")
    print(f"{counts['passed']} scenarios passed, {counts['failed']} failed, 0 skipped")
    print(f"Took {int(wall // 60)}min {wall % 60:.3f}s (wall, parallel)")
    if failed:
        print("Failing scenarios (also in reports/rerun.txt):\n" + "\n".join(f"  {loc}" for loc in failed))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
