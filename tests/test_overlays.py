"""balanz_acceptance.core.overlays: per-scenario configuration overlays stated in a feature's words."""

from __future__ import annotations

from pathlib import Path

import pytest

from balanz_acceptance.core.errors import SetupError
from balanz_acceptance.core.overlays import Overlay, apply_overlays, overlays_in
from balanz_acceptance.core.timing import load_profile


def test_a_step_states_an_overlay():
    texts = ["RR2-02 hangs", "a site whose transaction timeout is 5 full balancing runs", "RR2-02 goes silent"]
    assert overlays_in(texts) == [Overlay("transaction timeout", 5, "full balancing run")]


def test_other_sentences_are_no_overlay():
    assert overlays_in(["within 1 transaction timeout balanz closes the session at RR2-02"]) == []
    assert overlays_in(["a site whose favourite colour is 5 full balancing runs"]) == []


def test_the_value_is_counted_in_the_active_profile(data_dir: Path):
    overlay = [Overlay("transaction timeout", 5, "full balancing run")]
    fast = load_profile(data_dir, "fast")
    standard = load_profile(data_dir, "standard")
    assert apply_overlays(fast, overlay).transaction_timeout == 30
    assert apply_overlays(standard, overlay).transaction_timeout == 300
    assert apply_overlays(fast, overlay).balanz["csms"]["transaction_timeout"] == "30"
    # the profile itself is not changed, and neither is anything else
    assert fast.transaction_timeout == 360
    assert apply_overlays(fast, overlay).unused_offer_timeout == fast.unused_offer_timeout
    assert apply_overlays(fast, []) is fast


def test_a_value_that_is_no_whole_number_of_seconds_is_refused(data_dir: Path):
    fast = load_profile(data_dir, "fast")
    with pytest.raises(SetupError, match="not a positive whole number of seconds"):
        apply_overlays(fast, [Overlay("transaction timeout", 0.25, "full balancing run")])


def test_the_overlay_is_described_for_the_scenario_log(data_dir: Path):
    fast = load_profile(data_dir, "fast")
    line = Overlay("unused-offer timeout", 2, "full balancing run").describe(fast)
    assert line == "balanz [balanz] suspended_allocation_timeout = 12 (2 × full balancing run)"


def test_an_offer_increase_interval_is_configured_one_tick_short_as_the_profiles_are(data_dir: Path):
    fast, standard = load_profile(data_dir, "fast"), load_profile(data_dir, "standard")
    overlay = [Overlay("offer-increase interval", 1, "full balancing run")]
    faster, slower = apply_overlays(fast, overlay), apply_overlays(standard, overlay)
    assert faster.balanz["balanz"]["min_offer_increase_interval"] == "5"
    assert slower.balanz["balanz"]["min_offer_increase_interval"] == "55"
    # The interval the features name is then exactly one full balancing run, in both profiles.
    assert faster.interval("offer-increase interval") == fast.full_run
    assert slower.interval("offer-increase interval") == standard.full_run
    # The profiles' own values follow the same rule: 2 full runs less one tick.
    assert fast.min_offer_increase_interval == 2 * fast.full_run - fast.run_interval
    assert standard.min_offer_increase_interval == 2 * standard.full_run - standard.run_interval
