"""balanz_acceptance.checks.group_watch: excursions from samples and from balanz's offer ledger (its log)."""

from pathlib import Path

from balanz_acceptance.checks.group_watch import GroupWatch, Sample
from balanz_acceptance.core.site import Group

RR2 = Group("RR2", "00:00-23:59>0=24:3=40:5=48")
IDS = {"ID01": "RR2-01", "ID02": "RR2-02", "ID04": "RR2-04"}


class _Record:
    def __init__(self) -> None:
        self.notes: list[str] = []

    def note(self, text: str) -> None:
        self.notes.append(text)


def _watch(log: Path | None = None) -> GroupWatch:
    watch = GroupWatch(RR2, api=None, sims={}, record=_Record())  # type: ignore[arg-type]
    watch.log_path = log
    watch.aliases = IDS
    return watch


def _status(charger: str, new: str) -> str:
    return f"2026-11-27 12:00:00 INFO model: Updating status for connector {charger}/1 ({IDS[charger]}): X => {new}"


def _change(charger: str, amps: float, second: int = 0) -> str:
    return (
        f"2026-11-27 12:00:{second:02d} DEBUG model: Charge change done ChargeChange(charger_id='{charger}', "
        f"connector_id=1, transaction_id=1, allocation={amps})."
    )


def test_a_sample_above_the_group_maximum_is_an_excursion():
    watch = _watch()
    watch.observe(Sample(1.0, {"RR2-01": 16, "RR2-02": 32, "RR2-04": 6}, {"RR2-01": 3, "RR2-02": 10, "RR2-04": 1}, {}))
    watch.observe(Sample(2.0, {"RR2-01": 10, "RR2-02": 32, "RR2-04": 6}, {"RR2-01": 3, "RR2-02": 10, "RR2-04": 1}, {}))
    [excursion] = watch.unexpected()
    assert excursion.limit == 48 and excursion.worst == 54 and excursion.limit_name == "the group maximum"


def test_the_ledger_finds_a_state_too_brief_to_sample(tmp_path):
    log = tmp_path / "balanz.log"
    log.write_text(
        "\n".join(
            [
                _status("ID01", "Charging"),
                _status("ID02", "Charging"),
                _change("ID01", 16.0),
                _change("ID02", 32.0),
                _status("ID04", "SuspendedEVSE"),
                _change("ID04", 6, second=1),  # the newcomer's first offer ...
                _change("ID04", 0, second=1),  # ... taken back in the same balancing run
            ]
        )
    )
    watch = _watch(log)
    watch.samples.append(Sample(0.0, {}, {"RR2-01": 3, "RR2-02": 10, "RR2-04": 1}, {}))
    [excursion] = watch.ledger_excursions()
    assert excursion.worst - excursion.limit == 6
    assert "RR2-04 6" in excursion.worst_state
    watch.acknowledge([excursion])
    assert watch.unexpected() == []


def test_a_session_that_ends_leaves_the_ledger(tmp_path):
    log = tmp_path / "balanz.log"
    log.write_text(
        "\n".join(
            [
                _status("ID01", "Charging"),
                _change("ID01", 24.0),
                _status("ID01", "Available"),
                _status("ID02", "Charging"),
                _change("ID02", 24.0),
            ]
        )
    )
    watch = _watch(log)
    watch.samples.append(Sample(0.0, {}, {"RR2-01": 1, "RR2-02": 1}, {}))
    assert watch.ledger_excursions() == []
