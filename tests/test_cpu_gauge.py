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
    now[0], _ = 60.0, _stat(stat, 5000, 5000)  # read again a minute later: no average over that minute
    assert gauge.busy() is None
    now[0], _ = 60.5, _stat(stat, 5050, 5050)
    assert gauge.busy() == 0.5


def test_without_proc_stat_every_start_has_room(tmp_path):
    gauge = CpuGauge(tmp_path / "missing")
    assert gauge.busy() is None and gauge.has_room(0.1)


def _parallel(tmp_path: Path, room: bool):
    from types import SimpleNamespace

    from balanz_acceptance.runner import parallel
    from balanz_acceptance.runner.listing import Scenario

    scenarios = [Scenario(f"f.feature:{n}", "F", "", f"S{n}") for n in (1, 2)]
    runner = parallel.ParallelRun(
        scenarios, [], 4, tmp_path, {s.location: 60.0 for s in scenarios}, parallel.Stop(), 0.0
    )
    runner._cpu = SimpleNamespace(has_room=lambda below: room, readable=True)  # type: ignore[assignment]
    started: list[str] = []
    runner._start = lambda scenario: started.append(scenario.location)  # type: ignore[method-assign]
    return runner, started, parallel


def test_the_runner_starts_while_nothing_runs_and_holds_back_while_the_cpus_are_busy(tmp_path):
    runner, started, _ = _parallel(tmp_path, room=False)
    runner._start_due()
    assert started == ["f.feature:1"]  # nothing ran: no need to ask
    runner.running["f.feature:1"] = object()  # type: ignore[assignment]
    runner._next_start = 0.0
    runner._start_due()
    assert started == ["f.feature:1"]  # busy CPUs: held back


def test_a_start_held_back_too_long_goes_ahead(tmp_path):
    runner, started, parallel = _parallel(tmp_path, room=False)
    runner.running["x"] = object()  # type: ignore[assignment]
    runner._start_due()
    assert started == []
    runner._held_since -= parallel.HOLD_AT_MOST  # type: ignore[operator]
    runner._next_start = 0.0
    runner._start_due()
    assert started == ["f.feature:1"]
