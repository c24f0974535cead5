"""After ReloadGroups the safety watches follow the maxima in balanz's groups file."""

from pathlib import Path
from types import SimpleNamespace

from balanz_acceptance.checks.group_watch import follow_groups_file


class StubWatch:
    def __init__(self, max_allocation: str) -> None:
        self.group = SimpleNamespace(max_allocation=max_allocation)
        self.changes: list[tuple[str, float]] = []

    def change_maximum(self, max_allocation: str, at: float) -> None:
        self.changes.append((max_allocation, at))


def test_a_changed_maximum_is_followed_from_the_reload_and_an_unchanged_one_is_left(tmp_path: Path) -> None:
    groups = tmp_path / "groups.csv"
    groups.write_text(
        "group_id,description,max_allocation\n"
        "RR2,Ring road,00:00-23:59>0=16\n"
        "HQ,Head office,\n"
        "OTHER,Other,00:00-23:59>0=32\n"
    )
    rr2, hq, other = StubWatch("00:00-23:59>0=24:3=40:5=48"), StubWatch(""), StubWatch("00:00-23:59>0=32")
    follow_groups_file({"RR2": rr2, "HQ": hq, "OTHER": other}, groups, at=100.0)  # type: ignore[dict-item]
    assert rr2.changes == [("00:00-23:59>0=16", 100.0)]
    assert hq.changes == [] and other.changes == []
