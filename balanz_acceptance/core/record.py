"""Per-scenario record: a runtime directory, a log of what the harness did, and failure reports."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path


def tail(path: Path, lines: int = 15) -> str:
    """The last lines of a log file (empty if it does not exist)."""
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return ""
    return "\n".join(text.splitlines()[-lines:])


def slug(text: str, limit: int = 60) -> str:
    """A file-name-safe short form of a scenario or feature name."""
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()[:limit] or "scenario"


@dataclass
class ScenarioRecord:
    """What one scenario did: notes (nudges, excursions, ...) and where its logs are."""

    name: str
    directory: Path
    start: float = field(default_factory=time.monotonic)
    notes: list[str] = field(default_factory=list)
    logs: dict[str, Path] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        self._notes_path = self.directory / "scenario.log"

    def note(self, message: str) -> None:
        """Record something the harness did or saw, with the time since the scenario began."""
        line = f"[{time.monotonic() - self.start:7.1f}s] {message}"
        self.notes.append(line)
        with self._notes_path.open("a") as handle:
            handle.write(line + "\n")

    def add_log(self, name: str, path: Path) -> None:
        """Register a program's log file for the report."""
        self.logs[name] = path

    def failure_report(self, log_lines: int = 25) -> str:
        """Notes, log locations and log tails, for a failed scenario."""
        parts = [f"Scenario runtime directory: {self.directory}"]
        if self.notes:
            parts.append("Harness notes:\n" + "\n".join("  " + n for n in self.notes))
        for name, path in self.logs.items():
            parts.append(f"--- last {log_lines} lines of {name} log ({path}) ---\n{tail(path, log_lines)}")
        return "\n".join(parts)
