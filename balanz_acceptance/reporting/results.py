"""What a run decided, scenario by scenario, and the facts of the run: ``results.json`` in its reports directory.

Every run leaves this file: a behave run (written by ``after_all``), each worker of a parallel run (in its own
reports directory), the parallel run as a whole, each CI shard and a merge of shards. The parallel runner and
``merge`` read the workers' and shards' files - never their Markdown pages - so one format carries every verdict.

A scenario counts as passed only if behave said ``passed`` for it. Its ``status`` is behave's (``passed``,
``failed``, ``error``, ``hook_error``, ``cleanup_error``, ``untested``, ``skipped``) or one the runner adds
(``crashed``, ``timed_out``, ``interrupted``, ``not_run``, and ``not_checked`` for a scenario the hooks skipped
with a reason, e.g. one an external stack cannot run); ``skipped`` means the tags, names or paths did not
select it, and such scenarios are left out of verdicts.
"""

from __future__ import annotations

import json
import platform
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

RESULTS_FILE = "results.json"
KNOWN_ISSUE_TAG = "known_issue"

PASSED = "passed"
#: behave's status of a scenario the tags, names or paths did not select.
NOT_SELECTED = "skipped"
#: Statuses the runner adds to behave's.
CRASHED, TIMED_OUT, INTERRUPTED, NOT_RUN = "crashed", "timed_out", "interrupted", "not_run"
#: A selected scenario the hooks skipped on purpose, with the reason (e.g. it cannot run on an external stack).
NOT_CHECKED = "not_checked"
#: A scenario that ran and did not pass.
FAILED_STATUSES = frozenset(
    {"failed", "error", "hook_error", "cleanup_error", "undefined", "pending", CRASHED, TIMED_OUT}
)
#: A scenario that was selected and did not run to its end (behave's ``untested``: the run ended first).
NOT_RUN_STATUSES = frozenset({"untested", INTERRUPTED, NOT_RUN})


@dataclass(frozen=True)
class ScenarioResult:
    """One scenario's outcome."""

    feature: str
    rule: str
    name: str
    status: str
    location: str = ""
    tags: frozenset[str] = field(default_factory=frozenset)
    seconds: float = 0.0
    #: Why it did not pass, in one line (the failing step and its message, the hook error, the timeout ...).
    reason: str = ""
    #: Its own HTML report and logs, relative to the results file (a parallel run's worker directory).
    report: str = ""

    @property
    def selected(self) -> bool:
        """False for a scenario the run's tags, names or paths left out."""
        return self.status != NOT_SELECTED

    @property
    def passed(self) -> bool:
        """True only if behave said passed."""
        return self.status == PASSED

    @property
    def known_issue(self) -> bool:
        """True for a scenario that demonstrates a known balanz/ocppsim defect."""
        return KNOWN_ISSUE_TAG in self.tags

    @property
    def outcome(self) -> str:
        """passed / failed / not run / not checked: what the status means for sign-off."""
        if self.status == PASSED:
            return "passed"
        if self.status == NOT_CHECKED:
            return "not checked"
        if self.status in NOT_RUN_STATUSES or not self.selected:
            return "not run"
        return "failed"  # FAILED_STATUSES and any status this module does not know

    @property
    def verdict(self) -> str:
        """The words of the sign-off: passed, failed (status), not run (reason), or a known issue's verdict."""
        detail = self.status.replace("_", " ")
        if self.known_issue:
            return {
                "passed": "known issue demonstrated",
                "failed": f"known issue no longer reproduces ({detail}) - check",
                "not run": f"known issue not run ({self.reason or detail}) - check",
                "not checked": f"known issue not checked ({self.reason})",
            }[self.outcome]
        return {
            "passed": "passed",
            "failed": "failed" if self.status == "failed" else f"failed ({detail})",
            "not run": f"not run ({self.reason or detail})",
            "not checked": f"not checked ({self.reason})",
        }[self.outcome]

    @property
    def rule_label(self) -> str:
        """``feature: rule`` (``feature: scenario`` for a scenario outside any Rule)."""
        return f"{self.feature}: {self.rule or self.name}"

    def to_json(self) -> dict[str, Any]:
        """A JSON object (tags sorted)."""
        data = {name: getattr(self, name) for name in self.__dataclass_fields__}
        data["tags"] = sorted(str(tag) for tag in self.tags)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ScenarioResult:
        """The inverse of ``to_json``."""
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**{**known, "tags": frozenset(str(tag) for tag in data.get("tags", []))})

    def with_status(self, status: str, reason: str = "") -> ScenarioResult:
        """The same scenario with another status and reason."""
        return replace(self, status=status, reason=reason)


@dataclass
class RunFacts:
    """What the sign-off states about the run itself."""

    balanz_version: str
    ocppsim_version: str
    timing: str
    stack: str
    command: str
    wall_seconds: float
    date: str = field(default_factory=lambda: time.strftime("%Y-%m-%d %H:%M:%S %Z"))
    host: str = field(default_factory=platform.node)


@dataclass
class RunResults:
    """A run's facts and scenario results, and for a shard which 1/N of which selection it ran."""

    facts: RunFacts
    scenarios: list[ScenarioResult]
    #: Every selected scenario's location before sharding (a merge reports the ones no shard ran).
    selection: list[str] = field(default_factory=list)
    #: ``K/N`` for a shard of a CI matrix, else empty.
    shard: str = ""

    def write(self, directory: Path) -> Path:
        """Write ``results.json`` into ``directory``."""
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / RESULTS_FILE
        data = {
            "facts": asdict(self.facts),
            "scenarios": [s.to_json() for s in self.scenarios],
            "selection": self.selection,
            "shard": self.shard,
        }
        path.write_text(json.dumps(data, indent=1))
        return path

    @classmethod
    def read(cls, path: Path) -> RunResults:
        """Read a ``results.json`` (a file or the directory holding it); ValueError if it is not one."""
        path = path / RESULTS_FILE if path.is_dir() else path
        try:
            data = json.loads(path.read_text())
            facts = RunFacts(**data["facts"])
            scenarios = [ScenarioResult.from_json(s) for s in data["scenarios"]]
        except (KeyError, TypeError, json.JSONDecodeError) as error:
            raise ValueError(f"{path}: not a results file of this suite ({error})") from None
        return cls(facts, scenarios, list(data.get("selection", [])), data.get("shard", ""))


def all_passed(results: Iterable[ScenarioResult]) -> bool:
    """The exit status of a run: every selected scenario passed or was not checked on purpose, and one passed."""
    selected = [r for r in results if r.selected]
    return any(r.passed for r in selected) and all(r.outcome in ("passed", "not checked") for r in selected)


def failed_rules(results: Iterable[ScenarioResult]) -> list[str]:
    """The rules that did not hold (a failed scenario, or a known issue that needs checking), in order."""
    labels = [r.rule_label for r in results if r.selected and r.outcome == "failed"]
    return list(dict.fromkeys(labels))


def first_line(text: object, limit: int = 240) -> str:
    """The first non-empty line of ``text``, cut to ``limit`` characters."""
    line = next((part.strip() for part in str(text or "").splitlines() if part.strip()), "")
    return line if len(line) <= limit else line[: limit - 1] + "…"
