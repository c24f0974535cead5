"""balanz_acceptance.core.record: the per-scenario record and its failure report."""

from __future__ import annotations

import re

import pytest

from balanz_acceptance.core.record import ScenarioRecord, slug

NOTE_LINE = re.compile(r"^\[ *\d+\.\ds\] ")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A normal session (upstream test_single case 1)", "a-normal-session-upstream-test-single-case-1"),
        ("Delayed charging", "delayed-charging"),
        ("  --ÆØÅ--  ", "scenario"),
        ("6 → 9 A", "6-9-a"),
    ],
)
def test_slug(text, expected):
    assert slug(text) == expected


def test_slug_is_cut_to_the_limit():
    assert slug("x" * 100) == "x" * 60
    assert slug("Abc def", limit=3) == "abc"


def test_the_record_makes_its_directory(tmp_path):
    record = ScenarioRecord("A scenario", tmp_path / "run" / "001-feature--a-scenario")
    assert record.directory.is_dir()
    assert not (record.directory / "scenario.log").exists()  # nothing noted yet


def test_notes_are_kept_and_written_to_scenario_log(tmp_path):
    record = ScenarioRecord("A scenario", tmp_path / "rec")
    record.note("HQ-14: tag D40C346D -> Tag Accepted")
    record.note("HQ-14: START RACE - nudging it with 'nodelay'")
    lines = (tmp_path / "rec" / "scenario.log").read_text().splitlines()
    assert lines == record.notes
    assert len(lines) == 2
    assert all(NOTE_LINE.match(line) for line in lines), lines
    assert lines[0].endswith("] HQ-14: tag D40C346D -> Tag Accepted")
    assert lines[1].endswith("] HQ-14: START RACE - nudging it with 'nodelay'")


def test_failure_report_has_directory_notes_and_log_tails(tmp_path):
    record = ScenarioRecord("A scenario", tmp_path / "rec")
    record.note("balanz started (pid 123)")
    balanz_log = tmp_path / "rec" / "logs" / "balanz.log"
    balanz_log.parent.mkdir()
    balanz_log.write_text("".join(f"balanz line {n}\n" for n in range(1, 41)))
    record.add_log("balanz", balanz_log)
    record.add_log("ocppsim HQ-14", tmp_path / "rec" / "logs" / "ocppsim-HQ-14.log")  # never written

    report = record.failure_report(log_lines=3)

    lines = report.splitlines()
    assert lines[0] == f"Scenario runtime directory: {tmp_path / 'rec'}"
    assert lines[1] == "Harness notes:"
    assert lines[2].startswith("  [") and lines[2].endswith("] balanz started (pid 123)")
    assert lines[3] == f"--- last 3 lines of balanz log ({balanz_log}) ---"
    assert lines[4:7] == ["balanz line 38", "balanz line 39", "balanz line 40"]
    assert lines[7] == f"--- last 3 lines of ocppsim HQ-14 log ({tmp_path / 'rec' / 'logs' / 'ocppsim-HQ-14.log'}) ---"
    assert lines[8:] == []


def test_failure_report_without_notes_or_logs(tmp_path):
    record = ScenarioRecord("A scenario", tmp_path / "rec")
    assert record.failure_report() == f"Scenario runtime directory: {tmp_path / 'rec'}"
