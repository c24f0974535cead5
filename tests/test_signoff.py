"""The sign-off page, results.json, the HTML index and the merged JUnit for every status a scenario can end in;
and a whole behave run's sign-off (sequential) against the stand-ins."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from balanz_acceptance.reporting.index import render_index
from balanz_acceptance.reporting.junit import write_merged
from balanz_acceptance.reporting.results import RunFacts, RunResults, ScenarioResult, all_passed
from balanz_acceptance.reporting.signoff import headline, render
from tests.standin_run import make_project
from tests.test_parallel import EVERY_STATUS, FAULTS_ENVIRONMENT

FACTS = RunFacts("1.2.2", "0.1.0", "fast", "managed", "behave", 60.0, date="2026-01-01", host="host")


def result(status: str, name: str = "S", rule: str = "R", tags: tuple[str, ...] = (), reason: str = ""):
    return ScenarioResult("F", rule, name, status, f"features/f.feature:{len(name)}", frozenset(tags), 1.0, reason)


FAILED = ["failed", "error", "hook_error", "cleanup_error", "undefined", "crashed", "timed_out", "some_new_status"]
NOT_RUN = ["untested", "interrupted", "not_run"]


def test_passed_is_the_only_status_that_holds():
    assert headline([result("passed")]).startswith("**Result: all rules hold** - 1 scenario passed")


@pytest.mark.parametrize("status", FAILED)
def test_every_other_outcome_of_a_run_scenario_is_a_failed_rule(status):
    results = [result("passed", "A", "R1"), result(status, "B", "R2", reason="why")]
    line = headline(results)
    assert line.startswith("**Result: NOT SIGNED OFF: rules that did not hold: F: R2**"), line
    assert "all rules hold" not in render(FACTS, results)
    assert results[1].outcome == "failed"
    assert results[1].verdict.startswith("failed")


@pytest.mark.parametrize("status", NOT_RUN)
def test_a_selected_scenario_that_did_not_run_withholds_the_signoff(status):
    results = [result("passed", "A"), result(status, "B", reason="the run was interrupted")]
    line = headline(results)
    assert line.startswith("**Result: NOT SIGNED OFF: 1 selected scenario not run"), line
    assert ("(the run was interrupted)**" in line) == (status in ("untested", "interrupted"))
    assert results[1].verdict == "not run (the run was interrupted)"
    assert "* B (features/f.feature:1): not run (the run was interrupted)" in render(FACTS, results)


def test_a_scenario_the_selection_left_out_is_not_a_verdict():
    results = [result("passed", "A"), result("skipped", "B")]
    assert headline(results).startswith("**Result: all rules hold** - 1 scenario passed")
    assert "| not selected | 1 scenarios (tags, names or paths) |" in render(FACTS, results)


def test_a_run_that_selected_nothing_signs_nothing_off():
    assert "NOT SIGNED OFF: no scenario was selected" in headline([])
    assert "NOT SIGNED OFF: no scenario was selected" in headline([result("skipped")])


def test_known_issues_are_named_and_not_called_all_rules_hold():
    results = [result("passed", "A"), result("passed", "K", "Known rule", ("known_issue",))]
    line = headline(results)
    assert line.startswith("**Result: no rule failed beyond the known issues demonstrated: F: Known rule**"), line
    assert "all rules hold" not in line


def test_a_known_issue_that_no_longer_reproduces_needs_checking():
    issue = result("failed", "K", "Known rule", ("known_issue",))
    assert issue.verdict == "known issue no longer reproduces (failed) - check"
    assert "rules that did not hold: F: Known rule" in headline([issue])


def test_the_page_names_rules_and_lists_reasons():
    results = [result("passed", "A", "Rule one"), result("hook_error", "B", "Rule one", reason="hook error: watch")]
    page = render(FACTS, results)
    assert "| Rule one | 2 | 1 failed (hook error), 1 passed |" in page
    assert "* B (features/f.feature:1): failed (hook error) - hook error: watch" in page


def test_a_scenario_outside_a_rule_is_named_by_itself():
    page = render(FACTS, [result("passed", "Lonely", rule="")])
    assert "| Lonely | 1 | 1 passed |" in page
    assert "(feature)" not in page


def test_results_round_trip_through_json(tmp_path):
    run = RunResults(FACTS, [result(s, s) for s in ["passed", *FAILED, *NOT_RUN, "skipped"]], ["x"], "1/2")
    run.write(tmp_path)
    again = RunResults.read(tmp_path)
    assert again.scenarios == run.scenarios and again.selection == ["x"] and again.shard == "1/2"
    assert again.facts == FACTS


def test_reading_something_else_is_a_value_error(tmp_path):
    (tmp_path / "results.json").write_text("[]")
    with pytest.raises(ValueError, match="not a results file"):
        RunResults.read(tmp_path)


@pytest.mark.parametrize("status", ["passed", *FAILED, *NOT_RUN])
def test_the_index_and_the_junit_show_every_status(tmp_path, status):
    run = RunResults(FACTS, [result(status, "S", reason="why")])
    page = render_index(run, "t")
    assert run.scenarios[0].verdict in page
    root = ET.parse(write_merged(tmp_path / "junit.xml", run, [])).getroot()
    case = root.find("testsuite/testcase")
    assert case is not None and case.get("status") == status
    assert (case.find("failure") is None) == (status == "passed")


# --- a sequential behave run -----------------------------------------------------------------------------------
def test_a_sequential_run_reports_hook_and_cleanup_errors_as_failed_rules(tmp_path):
    project = make_project(tmp_path / "project", FAULTS_ENVIRONMENT)
    text = EVERY_STATUS.replace("    @crashes\n    Scenario: The worker dies\n      Given HQ-14 is available\n\n", "")
    result_ = project.run(features=(project.feature("every", text),), timeout=120)
    assert result_.returncode == 1, result_.stdout + result_.stderr
    run = RunResults.read(project.reports)
    assert {r.name: r.status for r in run.scenarios} == {
        "HQ-14 is idle": "passed",
        "The watch fails after the steps passed": "hook_error",
        "HQ-14 is never offered 16 A by the stand-in": "failed",
        "A clean-up fails": "cleanup_error",
        "A known issue is demonstrated": "passed",
    }
    page = (project.reports / "signoff.md").read_text()
    assert page.splitlines()[2].startswith(
        "**Result: NOT SIGNED OFF: rules that did not hold: Every verdict: An idle charger is offered nothing; "
        "Every verdict: A stand-in never offers 16 A**"
    ), page
    assert "the group watch could not observe HQ (on purpose)" in page
    assert "1 known issue demonstrated" in page
    project.assert_nothing_left()


def test_a_scenario_skipped_on_purpose_is_listed_not_checked_and_withholds_all_rules_hold():
    skipped = result("not_checked", "B", reason="external stack: needs a balanz of its own (@fresh_balanz)")
    results = [result("passed", "A"), skipped]
    line = headline(results)
    assert line.startswith("**Result: every rule checked holds; 1 selected scenario cannot be checked"), line
    assert "all rules hold" not in render(FACTS, results)
    assert skipped.verdict == "not checked (external stack: needs a balanz of its own (@fresh_balanz))"
    assert all_passed(results) and not all_passed([skipped])
