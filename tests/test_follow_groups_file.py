"""After ReloadGroups the safety watches follow the maxima in balanz's groups file (they hear FileReloaded)."""

from pathlib import Path

from balanz_acceptance.checks.group_watch import GroupWatch
from balanz_acceptance.core.events import FileReloaded
from balanz_acceptance.core.site import Group


class _Record:
    def __init__(self) -> None:
        self.notes: list[str] = []

    def note(self, text: str) -> None:
        self.notes.append(text)


def _watch(group_id: str, max_allocation: str) -> GroupWatch:
    return GroupWatch(Group(group_id, max_allocation), api=None, sims={}, record=_Record())  # type: ignore[arg-type]


def test_a_changed_maximum_is_followed_from_the_reload_and_an_unchanged_one_is_left(tmp_path: Path) -> None:
    groups = tmp_path / "groups.csv"
    groups.write_text(
        "group_id,description,max_allocation\nRR2,Ring road,00:00-23:59>0=16\nOTHER,Other,00:00-23:59>0=32\n"
    )
    rr2, other = _watch("RR2", "00:00-23:59>0=24:3=40:5=48"), _watch("OTHER", "00:00-23:59>0=32")
    for watch in (rr2, other):
        watch.hear(FileReloaded("groups", groups, at=100.0))
        watch.hear(FileReloaded("tags", tmp_path / "tags.csv", at=101.0))  # another file: nothing to follow
    assert [(s.since, s.group.max_allocation) for s in rr2.history[1:]] == [(100.0, "00:00-23:59>0=16")]
    assert len(other.history) == 1
