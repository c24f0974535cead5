"""balanz_acceptance.runner.schedule and listing: what behave selects, estimates, timeouts, durations, shards."""

from __future__ import annotations

import pytest

from balanz_acceptance.core.settings import PROJECT_ROOT
from balanz_acceptance.core.site import SiteModel
from balanz_acceptance.core.timing import load_profile
from balanz_acceptance.runner import schedule
from balanz_acceptance.runner.listing import Scenario, list_scenarios
from balanz_acceptance.runner.parallel import default_jobs
from balanz_acceptance.runner.worker import Worker
from tests.standin_run import SUT_PYTHON, make_project

PROFILE = load_profile(PROJECT_ROOT / "data", "fast")
SITE = SiteModel(PROJECT_ROOT / "data" / "model")


def scenario(*steps: str, location: str = "features/f.feature:3") -> Scenario:
    return Scenario(location, "F", "", "S", (), ("S", *steps))


# --- listing -----------------------------------------------------------------------------------------------
RULES = """Feature: Rules and tags
  Rule: One rule
    Scenario: Untagged inside a rule
      Given HQ-14 is available

    @known_issue
    Scenario: Tagged inside a rule
      Given HQ-14 is available

  Rule: Another rule
    Scenario Outline: Outline <n>
      Given HQ-14 is available

      Examples:
        | n |
        | 1 |
        | 2 |
"""


def test_a_tag_filter_inside_a_rule_lists_only_the_tagged_scenarios(tmp_path):
    project = make_project(tmp_path / "project")
    feature = project.feature("rules", RULES)
    selection = list_scenarios(["--tags=@known_issue", str(feature)], project.root)
    assert [(s.name, s.rule) for s in selection.scenarios] == [("Tagged inside a rule", "One rule")]
    assert selection.skipped == 3


def test_the_listing_has_locations_rules_steps_and_the_resolved_userdata(tmp_path):
    project = make_project(tmp_path / "project")
    feature = project.feature("rules", RULES)
    selection = list_scenarios(["-D", "reports_dir=/somewhere", str(feature)], project.root)
    assert [s.location for s in selection.scenarios] == [
        "features/rules.feature:3",
        "features/rules.feature:7",
        "features/rules.feature:16",
        "features/rules.feature:17",
    ]
    assert selection.scenarios[2].rule == "Another rule"
    assert selection.scenarios[0].steps == ("Untagged inside a rule", "HQ-14 is available")
    assert selection.userdata["reports_dir"] == "/somewhere"


def test_the_repositorys_default_selection_leaves_out_the_known_issues():
    selection = list_scenarios([])
    assert selection.scenarios and not any("known_issue" in s.tags for s in selection.scenarios)
    known = list_scenarios(["--tags=@known_issue"]).scenarios
    assert known and all("known_issue" in s.tags for s in known)


def test_a_scenario_its_worker_does_not_select_is_not_run_not_passed(tmp_path):
    project = make_project(tmp_path / "project")
    project.feature("rules", RULES)
    listed = list_scenarios(["features/rules.feature"], project.root).scenarios[0]
    worker = Worker(listed, ["-D", f"sut_python={SUT_PYTHON}", "--tags=@known_issue"], tmp_path / "w", 60, project.root)
    outcome = worker.run()
    assert outcome.result.status == "not_run", outcome.tail()
    assert "did not select it" in outcome.result.reason


# --- estimates and timeouts ---------------------------------------------------------------------------------
def test_the_intervals_a_scenario_names_are_counted():
    assert schedule.interval_mentions(
        [
            "the offer stays at 6 A for 3 offer-increase intervals",
            "once the unused-offer timeout has passed",
            "within 1 full balancing run",
            "within a balancing tick",
        ]
    ) == [
        (3.0, "offer-increase intervals"),
        (1.0, "unused-offer timeout"),
        (1.0, "full balancing run"),
        (1.0, "balancing tick"),
    ]


def test_an_estimate_is_start_up_plus_the_named_intervals_and_offer_steps():
    base = schedule.estimate(scenario("HQ-14 is available"), PROFILE)
    assert base == PROFILE.charger_initialization
    named = scenario("it holds for 3 offer-increase intervals", "the offer grows 6 → 9 → 12 A")
    assert schedule.estimate(named, PROFILE) == base + 3 * 12 + 2 * 12


def test_the_timeout_is_derived_from_the_profile_and_covers_every_deadline():
    short = scenario("HQ-14 is available")
    long = scenario("HQ-14 is available", "the session is closed after 1 transaction timeout")
    implicit = schedule.implicit_waits(PROFILE, SITE)
    assert implicit == (
        PROFILE.deadline(9, "offer-increase intervals")
        + PROFILE.deadline(1, "usage-monitoring interval")
        + PROFILE.deadline(1, "unused-offer timeout")
        + PROFILE.deadline(1, "delayed-start suspension")
    )
    per_step = PROFILE.reaction + PROFILE.settle
    assert schedule.timeout_for(short, PROFILE, SITE) == pytest.approx(2 * (PROFILE.startup + per_step + implicit))
    assert schedule.timeout_for(long, PROFILE, SITE) - schedule.timeout_for(short, PROFILE, SITE) == pytest.approx(
        2 * (PROFILE.deadline(1, "transaction timeout") + per_step)
    )
    assert schedule.timeout_for(short, PROFILE, SITE, measured=10_000) == 20_000
    standard = load_profile(PROJECT_ROOT / "data", "standard")
    assert schedule.timeout_for(short, standard, SITE) > schedule.timeout_for(short, PROFILE, SITE)


def test_every_repository_scenario_has_a_timeout_above_its_estimate():
    for listed in list_scenarios([]).scenarios:
        assert schedule.timeout_for(listed, PROFILE, SITE) > 2 * schedule.estimate(listed, PROFILE), listed.location


# --- durations ---------------------------------------------------------------------------------------------
def test_durations_are_kept_per_profile(tmp_path):
    schedule.save_durations(tmp_path, "fast", {"a::x": 12.34})
    schedule.save_durations(tmp_path, "standard", {"a::x": 99})
    schedule.save_durations(tmp_path, "fast", {"a::y": 1})
    assert schedule.load_durations(tmp_path, "fast") == {"a::x": 12.3, "a::y": 1.0}
    assert schedule.load_durations(tmp_path, "standard") == {"a::x": 99.0}
    assert schedule.load_durations(tmp_path / "none", "fast") == {}


def test_the_longest_expected_goes_first_ties_in_file_order():
    a, b, c = (scenario(location=f"f:{n}") for n in (1, 2, 3))
    assert schedule.longest_first([a, b, c], {"f:1": 5, "f:2": 9, "f:3": 5}) == [b, a, c]


# --- shards ------------------------------------------------------------------------------------------------
def test_shards_are_a_deterministic_balanced_partition():
    listed = list_scenarios([]).scenarios
    estimates = {s.location: schedule.estimate(s, PROFILE) for s in listed}
    shards = [schedule.shard(listed, estimates, k, 3) for k in (1, 2, 3)]
    locations = [s.location for part in shards for s in part]
    assert sorted(locations) == sorted(s.location for s in listed)  # every scenario exactly once
    loads = [sum(estimates[s.location] for s in part) for part in shards]
    assert max(loads) - min(loads) <= max(estimates.values())
    assert shards == [schedule.shard(list(listed), dict(estimates), k, 3) for k in (1, 2, 3)]


@pytest.mark.parametrize("text", ["0/2", "3/2", "1", "a/b", "1/0"])
def test_a_bad_shard_is_refused(text):
    with pytest.raises(ValueError, match="expected K/N"):
        schedule.parse_shard(text)


def test_the_default_jobs_come_from_the_machine():
    assert 1 <= default_jobs() <= 24 * (len(__import__("os").sched_getaffinity(0)))
