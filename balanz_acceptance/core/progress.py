"""Progress of a long run: which scenario and step runs, how long a wait has lasted and for what.

The environment tells this module when scenarios and steps start; ``waiting`` reports every wait that
lasts longer than ``EVERY`` seconds. Lines go to the real terminal (behave captures sys.stderr).
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

#: Seconds between two progress lines about the same wait.
EVERY = 15.0

_current = {"scenario": "", "step": ""}
_run_start = time.monotonic()


def scenario_started(name: str) -> None:
    """A scenario begins."""
    _current["scenario"] = name
    _current["step"] = ""


def step_started(text: str) -> None:
    """A step begins."""
    _current["step"] = text


def waiting(reason: str, elapsed: float, within: float, last: str, stream: TextIO | None = None) -> None:
    """Report a wait in progress (called by balanz_acceptance.core.waiting)."""
    out = stream or sys.__stderr__
    if out is None:
        return
    total = time.monotonic() - _run_start
    line = (
        f"[progress {total / 60:5.1f} min] {_current['scenario']} > {_current['step']}: "
        f"waiting {elapsed:.0f}s of {within:.0f}s for {reason or 'a condition'}; last seen: {last}"
    )
    out.write(line[:400] + "\n")
    out.flush()
