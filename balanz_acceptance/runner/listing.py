"""Which scenarios a behave command line selects, and the userdata it resolves: a dry run with our own formatter.

behave itself decides the selection (paths, ``file:line``, tags with pyproject's ``default_tags``, ``-n``/``-i``/
``-e``): the runner runs ``behave --dry-run`` with the same arguments and ``ListingFormatter``, which reads the
model after the dry run. A scenario behave selected is ``untested`` there, one it left out ``skipped`` - also
inside a ``Rule:``, where behave 1.3.3's JSON formatter leaves the status empty (that gap once let the runner
list scenarios the tag filter excluded and then report them as passed).

The dry run runs in a session of its own, so a Ctrl-C at the terminal reaches only the runner, which decides
what to do (``give_up``); it reads the features where the run starts (the current directory).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from behave.formatter.base import Formatter

from balanz_acceptance.core.errors import SetupError

FORMATTER = f"{__name__}:ListingFormatter"
#: Seconds between two looks at ``give_up`` while behave lists (a supervisor's poll, not a wait for an outcome).
POLL = 0.1


class ListingAbandoned(Exception):
    """The listing was ended before behave finished it (``give_up`` said so)."""


@dataclass(frozen=True)
class Scenario:
    """A selected scenario: where it is, what it is called, and the texts of its steps (background included)."""

    location: str
    feature: str
    rule: str
    name: str
    tags: tuple[str, ...] = ()
    steps: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """Its name in the durations file: feature file and scenario name (lines move, names rarely)."""
        return f"{self.location.rsplit(':', 1)[0]}::{self.name}"


@dataclass
class Selection:
    """The scenarios a command line selects, in the features' order, and the userdata behave resolved."""

    scenarios: list[Scenario]
    userdata: dict[str, str] = field(default_factory=dict)
    #: Scenarios of the listed features that the selection left out (behave's "skipped").
    skipped: int = 0


class ListingFormatter(Formatter):
    """Writes the selected scenarios and the resolved userdata as JSON (use with ``--dry-run``)."""

    name = "balanz-acceptance-listing"
    description = "selected scenarios and userdata as JSON (for the parallel runner)"

    def __init__(self, stream_opener: Any, config: Any) -> None:
        super().__init__(stream_opener, config)
        self._features: list[Any] = []

    def feature(self, feature: Any) -> None:
        """Remember the feature; its scenarios' statuses are read at the end."""
        self._features.append(feature)

    def close(self) -> None:
        """Write the listing."""
        scenarios = []
        skipped = 0
        for feature in self._features:
            for rule, scenario in _walk(feature):
                if scenario.status.name == "skipped":
                    skipped += 1
                    continue
                texts = [scenario.name]
                for step in scenario.all_steps:
                    texts.append(step.name)
                    if step.table is not None:
                        texts.extend(" | ".join(row.cells) for row in step.table)
                scenarios.append(
                    {
                        "location": str(scenario.location),
                        "feature": feature.name,
                        "rule": rule,
                        "name": scenario.name,
                        "tags": sorted(str(t) for t in scenario.effective_tags),
                        "steps": texts,
                    }
                )
        userdata = {str(k): str(v) for k, v in dict(self.config.userdata).items()}
        stream = self.open()
        stream.write(json.dumps({"scenarios": scenarios, "userdata": userdata, "skipped": skipped}, indent=1))
        self.close_stream()


def _walk(feature: Any) -> list[tuple[str, Any]]:
    """(rule name, scenario) for every scenario of a feature, outlines expanded, in file order."""
    in_rule = {id(s): rule.name for rule in getattr(feature, "rules", []) for s in rule.walk_scenarios()}
    return [(in_rule.get(id(s), ""), s) for s in feature.walk_scenarios()]


def list_scenarios(
    behave_args: list[str], cwd: Path | None = None, give_up: Callable[[], bool] = lambda: False
) -> Selection:
    """The scenarios behave selects with these arguments in ``cwd`` (default: the current directory).

    SetupError with behave's words if it refuses them; ListingAbandoned, with behave's process group ended, once
    ``give_up()`` is true before behave has finished.
    """
    with tempfile.TemporaryDirectory(prefix="balanz-acceptance-listing-") as tmp:
        out = Path(tmp) / "listing.json"
        command = [
            sys.executable,
            "-m",
            "behave",
            "--dry-run",
            "--no-summary",
            "--no-junit",
            "-f",
            FORMATTER,
            "-o",
            str(out),
            *behave_args,
        ]
        with (Path(tmp) / "output.txt").open("w+") as output:
            proc = start_listing(command, cwd or Path.cwd(), output)
            try:
                while proc.poll() is None:
                    if give_up():
                        raise ListingAbandoned("behave's listing was ended before it finished")
                    with contextlib.suppress(subprocess.TimeoutExpired):
                        proc.wait(timeout=POLL)
            finally:
                if proc.poll() is None:
                    with contextlib.suppress(ProcessLookupError, PermissionError):
                        os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait()
            output.seek(0)
            words = " ".join(output.read().split())[-600:]
        if proc.returncode != 0 or not out.exists():
            raise SetupError(f"behave refused the arguments {' '.join(behave_args) or '(none)'}: {words}")
        data = json.loads(out.read_text())
    scenarios = [Scenario(**{**s, "tags": tuple(s["tags"]), "steps": tuple(s["steps"])}) for s in data["scenarios"]]
    return Selection(scenarios, data["userdata"], data["skipped"])


def start_listing(command: list[str], cwd: Path, output: Any) -> subprocess.Popen[bytes]:
    """Start behave's dry run in a session of its own (a terminal's Ctrl-C reaches only the runner)."""
    return subprocess.Popen(
        command, cwd=cwd, stdout=output, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True
    )
