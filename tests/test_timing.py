"""balanz_acceptance.core.timing: timing profiles and the deadlines derived from them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from balanz_acceptance.core.errors import SetupError
from balanz_acceptance.core.timing import (
    FIXED_LATENCY,
    INTERVAL_PATTERN,
    INTERVALS,
    LOOP_DRIFT,
    OBSERVATION_TOLERANCE,
    PROCESS_READY,
    REACTION_LATENCY,
    TimingProfile,
    load_profile,
)


@pytest.fixture
def fast(data_dir: Path) -> TimingProfile:
    return load_profile(data_dir, "fast")


@pytest.fixture
def standard(data_dir: Path) -> TimingProfile:
    return load_profile(data_dir, "standard")


@pytest.fixture
def data_copy(data_dir: Path, tmp_path: Path) -> Path:
    """A data directory whose config/ is a writable copy of the real one."""
    shutil.copytree(data_dir / "config", tmp_path / "data" / "config")
    return tmp_path / "data"


# --- the real profiles ----------------------------------------------------------------------------------
def test_fast_profile(fast):
    assert fast.name == "fast"
    assert fast.run_interval == 1
    assert fast.full_run == 6
    assert fast.min_offer_increase_interval == 11
    assert fast.offer_increase_interval == 12
    assert fast.unused_offer_timeout == 30
    assert fast.meter_value_interval == 3  # an ocppsim setting overlaid too
    assert fast.min_allocation == 6
    assert fast.max_offer_increase == 3


def test_standard_profile_is_the_base_configuration(standard):
    assert standard.full_run == 60
    assert standard.offer_increase_interval == 120
    assert standard.unused_offer_timeout == 300
    assert standard.meter_value_interval == 30
    assert standard.transaction_timeout == 3600


def test_the_overlay_leaves_other_settings_and_the_base_files_alone(fast, standard):
    assert fast.balanz["balanz"]["margin_lower"] == standard.balanz["balanz"]["margin_lower"] == "0.8"
    assert standard.run_interval == 5  # loading "fast" first did not change what "standard" reads


def test_an_unknown_profile_is_refused_listing_the_profiles(data_dir):
    with pytest.raises(SetupError, match=r"^timing: 'nope' is not a profile; expected one of fast, standard$"):
        load_profile(data_dir, "nope")


# --- intervals and deadlines --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "seconds"),
    [
        ("offer-increase interval", 12),
        ("offer-increase intervals", 12),
        ("full balancing runs", 6),
        ("balancing ticks", 1),
        ("unused-offer timeouts", 30),
        ("Transaction Timeouts", 360),
        ("  meter-value interval ", 3),
        ("delayed-start suspensions", 18),
    ],
)
def test_interval_accepts_singular_and_plural_names(fast, name, seconds):
    assert fast.interval(name) == seconds


def test_an_unknown_interval_is_refused(fast):
    with pytest.raises(SetupError, match=r"unknown interval 'fortnight'; known: balancing tick, full balancing run"):
        fast.interval("fortnight")


def test_deadline_grows_with_the_count(fast):
    one, two, four = (fast.deadline(n, "offer-increase intervals") for n in (1, 2, 4))
    assert one < two < four
    assert two - one == pytest.approx(fast.offer_increase_interval * (1 + LOOP_DRIFT))
    # the interval, one full run (balanz notices at its next full run), the drift, the reaction latency
    assert one == pytest.approx((12 + 6) * (1 + LOOP_DRIFT) + REACTION_LATENCY)


def test_within_one_full_balancing_run_tolerates_only_the_drift_and_the_latency(fast):
    assert fast.deadline(1, "full balancing run") == pytest.approx(6 * (1 + LOOP_DRIFT) + REACTION_LATENCY)
    assert fast.reaction == fast.deadline(1, "full balancing run")


def test_a_timed_rule_has_a_lower_bound(fast):
    assert fast.earliest(1, "unused-offer timeout") == 30
    assert fast.earliest(1, "unused-offer timeout", observed=True) == 30 - OBSERVATION_TOLERANCE
    assert fast.earliest(1, "unused-offer timeout") < fast.deadline(1, "unused-offer timeout")


def test_the_transaction_timeout_is_noticed_at_balanz_s_transaction_check(fast):
    assert fast.cadence("transaction timeout") == 6
    assert fast.cadence("provisioning delay") == 0


def test_the_step_parameter_pattern_knows_every_interval_name():
    import re

    for interval in INTERVALS:
        assert re.fullmatch(INTERVAL_PATTERN, interval.name)
        assert re.fullmatch(INTERVAL_PATTERN, interval.name + "s")
    assert not re.fullmatch(INTERVAL_PATTERN, "fortnight")


def test_timeout_factor_scales_every_deadline(data_dir, fast):
    slow = load_profile(data_dir, "fast", factor=2.0)
    assert slow.deadline(3, "full balancing runs") == 2 * fast.deadline(3, "full balancing runs")
    assert slow.reaction == 2 * fast.reaction
    assert slow.prompt == 2 * fast.prompt
    assert slow.startup == 2 * fast.startup
    assert slow.process_ready == 2 * fast.process_ready
    assert slow.charger_initialization == 2 * fast.charger_initialization
    assert slow.full_run == fast.full_run  # the configured intervals themselves do not change


# --- broken overlays -------------------------------------------------------------------------------------
def test_an_overlay_naming_an_unknown_key_is_refused(data_copy):
    (data_copy / "config" / "timing-typo.ini").write_text("[balanz:balanz]\nrun_intervall = 1\n")
    with pytest.raises(SetupError, match=r"timing-typo\.ini: \[balanz:balanz\] run_intervall is not a balanz setting"):
        load_profile(data_copy, "typo")


def test_an_overlay_naming_an_unknown_section_is_refused(data_copy):
    (data_copy / "config" / "timing-typo.ini").write_text("[ocppsim:chargers]\nmetervalues_interval = 1\n")
    with pytest.raises(SetupError, match=r"\[ocppsim:chargers\] names a section ocppsim does not have"):
        load_profile(data_copy, "typo")


@pytest.mark.parametrize("section", ["balanz", "csms:balanz", "balanz:"])
def test_an_overlay_section_must_name_program_and_section(data_copy, section):
    (data_copy / "config" / "timing-typo.ini").write_text(f"[{section}]\nrun_interval = 1\n")
    with pytest.raises(SetupError, match=r"should be \[balanz:<section>\] or \[ocppsim:<section>\]"):
        load_profile(data_copy, "typo")


def test_a_new_profile_lists_among_the_known_ones(data_copy):
    (data_copy / "config" / "timing-slow.ini").write_text("[balanz:balanz]\nrun_interval = 10\n")
    assert load_profile(data_copy, "slow").run_interval == 10
    with pytest.raises(SetupError, match="expected one of fast, slow, standard"):
        load_profile(data_copy, "nope")


def test_an_overlay_that_is_not_ini_is_refused(data_copy):
    (data_copy / "config" / "timing-typo.ini").write_text("run_interval = 1\n")
    with pytest.raises(SetupError, match=r"timing-typo\.ini"):
        load_profile(data_copy, "typo")


# --- start-up deadlines ------------------------------------------------------------------------------------
def test_processes_get_a_short_start_up_deadline_whatever_the_profile(fast, standard):
    # A balanz that does not answer or a simulator that is never Available is reported well within 20 s.
    assert fast.process_ready == standard.process_ready == PROCESS_READY == 10.0


def test_charger_initialization_waits_for_first_wait_and_a_few_ticks(fast, standard):
    assert fast.charger_initialization == 1 + 3 * 1 + FIXED_LATENCY
    assert standard.charger_initialization == 10 + 3 * 5 + FIXED_LATENCY
