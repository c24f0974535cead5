"""How busy the machine's CPUs have been lately (Linux: /proc/stat), so that the runner starts a scenario when
there is room for its start-up.

A scenario's processes are idle nearly all the time, but its start-up (behave, balanz and a simulator per charger,
each a Python process importing its libraries) is a burst of CPU: a fixed spacing between starts either wastes the
moments when every running scenario waits for balanz's timers, or lets start-ups pile up on a busy machine and
starve each other's deadlines. The runner asks ``has_room`` before each start. Written here rather than taken from
a library: the one number needed is two reads of /proc/stat apart (psutil, the library that offers it, is not a
dependency of the suite and would be one for this alone).
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from pathlib import Path

#: The file the kernel keeps the CPUs' time in (its first line: the sum over all CPUs, in clock ticks).
PROC_STAT = Path("/proc/stat")
#: Seconds over which the busy share is measured: a start-up's burst is seen within it.
WINDOW = 1.0


class CpuGauge:
    """The share of the machine's CPU time spent busy over about the last ``WINDOW`` seconds (``busy``)."""

    def __init__(self, stat: Path = PROC_STAT, clock: Callable[[], float] = time.monotonic) -> None:
        self.stat = stat
        self.clock = clock
        self._readings: deque[tuple[float, int, int]] = deque()

    def _read(self) -> tuple[int, int] | None:
        try:
            first = self.stat.read_text().splitlines()[0].split()
        except (OSError, IndexError):
            return None
        if not first or first[0] != "cpu":
            return None
        ticks = [int(value) for value in first[1:]]
        idle = ticks[3] + (ticks[4] if len(ticks) > 4 else 0)  # idle and iowait
        return sum(ticks[:8]) - idle, sum(ticks[:8])

    @property
    def readable(self) -> bool:
        """True if this machine tells how busy its CPUs are."""
        return self._read() is not None

    def busy(self) -> float | None:
        """The busy share (0-1) over the last ``WINDOW`` seconds or a little more: since the newest reading at
        least that old, if it is younger than twice the window; None without such a reading (the gauge is read
        when a start is due, which may be a long time after the last one) or where /proc/stat cannot be read."""
        reading = self._read()
        if reading is None:
            return None
        now = self.clock()
        self._readings.append((now, *reading))
        while self._readings and now - self._readings[0][0] > 2 * WINDOW:
            self._readings.popleft()
        while len(self._readings) > 2 and now - self._readings[1][0] >= WINDOW:
            self._readings.popleft()
        if len(self._readings) < 2:
            return None
        _, busy_then, total_then = self._readings[0]
        _, busy_now, total_now = self._readings[-1]
        if total_now <= total_then:
            return None
        return (busy_now - busy_then) / (total_now - total_then)

    def has_room(self, below: float) -> bool:
        """True if the CPUs were busy less than ``below`` (a share, 0-1) lately, or that cannot be known (yet)."""
        share = self.busy()
        return share is None or share < below
