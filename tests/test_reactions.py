"""balanz_acceptance.reporting.reactions: the reaction times storms keep, collected and plotted by site size."""

from __future__ import annotations

import json
from pathlib import Path

from balanz_acceptance.reporting import reactions


def _keep(directory: Path, chargers: int, seconds: list[float], bound: float = 4.6) -> None:
    directory.mkdir(parents=True)
    (directory / reactions.REACTIONS_FILE).write_text(
        json.dumps({"chargers": chargers, "bound": bound, "seconds": seconds})
    )


def test_reaction_times_are_collected_by_site_size(tmp_path: Path):
    _keep(tmp_path / "a" / "001-rr2", 4, [1.0, 2.0])
    _keep(tmp_path / "a" / "002-rr2", 4, [3.0])
    _keep(tmp_path / "b" / "001-forty", 40, [1.5])
    (tmp_path / "b" / "002-broken").mkdir()
    (tmp_path / "b" / "002-broken" / reactions.REACTIONS_FILE).write_text("{not json")
    found = reactions.collect([tmp_path / "a", tmp_path / "b"])
    assert found == {4: [1.0, 2.0, 3.0], 40: [1.5]}
    assert reactions.bounds([tmp_path]) == {4: 4.6, 40: 4.6}
    assert reactions.summary(found)[0] == "4 chargers: 3 arrivals, median 2.00 s, 95th percentile 3.00 s, max 3.00 s"


def test_a_run_plots_its_reaction_times_and_replaces_an_earlier_plot(tmp_path: Path):
    reports = tmp_path / "reports"
    _keep(tmp_path / "run" / "001", 4, [0.8, 1.2])
    _keep(tmp_path / "run" / "002", 100, [1.1, 2.5])
    lines = reactions.write([tmp_path / "run"], reports)
    assert (reports / reactions.PLOT_FILE).stat().st_size > 1000
    assert lines[1].strip().startswith("4 chargers") and lines[2].strip().startswith("100 chargers")
    assert reactions.write([tmp_path / "nothing"], reports) == []
    assert not (reports / reactions.PLOT_FILE).exists()
