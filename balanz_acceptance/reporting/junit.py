"""One JUnit file for a parallel run or a merge of shards, with a test case for every selected scenario.

A worker's own JUnit test case is kept where it agrees with the verdict (its failure message and captured
output are the best description). Every other outcome - a crashed or killed worker, a timeout, an interrupted
run, a scenario that was selected and not run - gets a test case with a ``failure`` element naming the status
and the reason, so a CI system shows it red; a scenario skipped on purpose (not checked on this stack) is
``skipped`` with its reason.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path

from balanz_acceptance.reporting.results import RunResults, ScenarioResult

#: The merged file, beside behave's per-feature files in ``<reports_dir>/junit/``.
MERGED_NAME = "TESTS-balanz-acceptance.xml"


def read_cases(paths: Iterable[Path]) -> dict[str, list[ET.Element]]:
    """Test cases that ran, of JUnit files (a ``testsuite`` or ``testsuites`` root), by scenario name.

    (A worker's file lists the other scenarios of its feature as skipped: they are not its own.)
    """
    cases: dict[str, list[ET.Element]] = {}
    for path in paths:
        try:
            root = ET.parse(path).getroot()
        except (OSError, ET.ParseError):
            continue
        suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
        for suite in suites:
            for case in suite.findall("testcase"):
                if case.find("skipped") is None and case.get("status") not in ("skipped", "untested"):
                    cases.setdefault(case.get("name", ""), []).append(case)
    return cases


def _own_case(cases: dict[str, list[ET.Element]], result: ScenarioResult) -> ET.Element | None:
    """The case behave wrote for this scenario (its classname ends with the feature's name)."""
    found = [c for c in cases.get(result.name, []) if c.get("classname", "").endswith(f".{result.feature}")]
    return found[0] if len(found) == 1 else None


def _case_for(result: ScenarioResult, own: ET.Element | None) -> ET.Element:
    agrees = own is not None and (
        (result.passed and own.find("failure") is None and own.find("error") is None)
        or (result.status in ("failed", "error", "hook_error", "cleanup_error") and own.get("status") == result.status)
    )
    if agrees and own is not None:
        return own
    case = ET.Element(
        "testcase",
        classname=f"{result.location.rsplit(':', 1)[0]}.{result.feature}",
        name=result.name,
        status=result.status,
        time=f"{result.seconds:.3f}",
    )
    if result.outcome == "not checked":  # skipped on purpose, e.g. on an external stack
        ET.SubElement(case, "skipped", message=result.verdict)
    elif not result.passed:
        failure = ET.SubElement(case, "failure", type=result.status, message=f"{result.verdict}: {result.reason}")
        failure.text = f"{result.location}: {result.verdict}\n{result.reason}\n"
    if own is not None:
        for part in ("system-out", "system-err"):
            if (element := own.find(part)) is not None:
                case.append(element)
    return case


def write_merged(path: Path, run: RunResults, sources: Iterable[Path]) -> Path:
    """Write one JUnit file: a ``testsuite`` per feature, a test case per selected scenario of ``run``."""
    own = read_cases(sources)
    suites: dict[str, ET.Element] = {}
    root = ET.Element("testsuites", name="balanz acceptance")
    for result in (r for r in run.scenarios if r.selected):
        suite = suites.get(result.feature)
        if suite is None:
            suite = suites[result.feature] = ET.SubElement(root, "testsuite", name=result.feature)
        suite.append(_case_for(result, _own_case(own, result)))
    for suite in suites.values():
        cases = suite.findall("testcase")
        suite.set("tests", str(len(cases)))
        suite.set("failures", str(sum(c.find("failure") is not None for c in cases)))
        suite.set("errors", str(sum(c.find("error") is not None for c in cases)))
        suite.set("skipped", str(sum(c.find("skipped") is not None for c in cases)))
        suite.set("time", f"{sum(float(c.get('time', 0)) for c in cases):.3f}")
    path.parent.mkdir(parents=True, exist_ok=True)
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)
    return path
