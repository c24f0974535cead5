"""balanz_acceptance.runner.cpu: the busy share of the CPUs from two readings of /proc/stat."""

from __future__ import annotations

from pathlib import Path

from balanz_acceptance.runner.cpu import CpuGauge


def _stat(path: Path, busy: int, idle: int) -> None:
    # user nice system idle iowait irq softirq steal
    path.write_text(f"cpu  {busy} 0 0 {idle} 0 0 0 0 0 0\ncpu0 1 2 3 4 5 6 7 8 9 10\n")


def test_the_busy_share_since_the_oldest_reading_in_the_window(tmp_path):
    stat, now = tmp_path / "stat", [0.0]
    gauge = CpuGauge(stat, clock=lambda: now[0])
    _stat(stat, 100, 100)
    assert gauge.busy() is None  # one reading tells nothing
    now[0], _ = 0.5, _stat(stat, 190, 110)
    assert gauge.busy() == 0.9
    assert not gauge.has_room(0.9) and gauge.has_room(0.95)
    now[0], _ = 2.0, _stat(stat, 200, 200)  # the first reading has left the window
    assert gauge.busy() == 10 / 100


def test_without_proc_stat_every_start_has_room(tmp_path):
    gauge = CpuGauge(tmp_path / "missing")
    assert gauge.busy() is None and gauge.has_room(0.1)
