"""Which scenarios a behave command line selects, and the userdata it resolves: a dry run with our own formatter.

behave itself decides the selection (paths, ``file:line``, tags with pyproject's ``default_tags``, ``-n``/``-i``/
``-e``): the runner runs ``behave --dry-run`` with the same arguments and ``ListingFormatter``, which reads the
model after the dry run. A scenario behave selected is ``untested`` there, one it left out ``skipped`` - also
inside a ``Rule:``, where behave 1.3.3's JSON formatter leaves the status empty (that gap once let the runner
list scenarios the tag filter excluded and then report them as passed).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from behave.formatter.base import Formatter

from balanz_acceptance.core.errors import SetupError
from balanz_acceptance.core.settings import PROJECT_ROOT

FORMATTER = f"{__name__}:ListingFormatter"


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


def list_scenarios(behave_args: list[str], cwd: Path = PROJECT_ROOT) -> Selection:
    """The scenarios behave selects with these arguments (SetupError with behave's words if it refuses them)."""
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
        result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
        if result.returncode != 0 or not out.exists():
            words = " ".join((result.stderr or result.stdout).split())[-600:]
            raise SetupError(f"behave refused the arguments {' '.join(behave_args) or '(none)'}: {words}")
        data = json.loads(out.read_text())
    scenarios = [Scenario(**{**s, "tags": tuple(s["tags"]), "steps": tuple(s["steps"])}) for s in data["scenarios"]]
    return Selection(scenarios, data["userdata"], data["skipped"])
