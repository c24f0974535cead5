"""The run: what environment.py does, kept here so that it can be tested and stays thin there."""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

from . import processes
from .errors import SetupError
from .report import ScenarioRecord, slug
from .settings import Settings, load_settings
from .site import SiteModel
from .stack import make_stack
from .timing import TimingProfile, load_profile
from .world import World

EXIT_SETUP_ERROR = 2


@dataclass
class Run:
    """One behave run: settings, site, timing profile and where scenario records go."""

    settings: Settings
    site: SiteModel
    profile: TimingProfile
    directory: Path
    count: int = 0

    def new_world(self, feature_name: str, scenario_name: str, texts: list[str]) -> World:
        """Start a fresh stack for a scenario that names the chargers found in ``texts``."""
        self.count += 1
        record = ScenarioRecord(
            scenario_name,
            self.directory / f"{self.count:03d}-{slug(feature_name, 30)}--{slug(scenario_name)}",
        )
        chargers = self.site.chargers_named_in(texts)
        stack = make_stack(self.settings, self.site, self.profile)
        world = World(self.site, self.profile, stack, record)
        try:
            stack.start(record, chargers)
            world.watch_groups([c.alias for c in chargers])
        except BaseException:
            world.close()
            raise
        return world


def start_run(userdata: Any) -> Run:
    """Validate the configuration and prepare the run directory (nothing is started yet)."""
    settings = load_settings(userdata)
    site = SiteModel(settings.data_dir / "model")
    profile = load_profile(settings.data_dir, settings.timing, settings.timeout_factor)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    directory = settings.runtime_dir / f"{stamp}-{settings.timing}"
    directory.mkdir(parents=True, exist_ok=True)
    processes.install_handlers()
    return Run(settings, site, profile, directory)


def abort(error: SetupError) -> NoReturn:
    """End the run at once: one clear line on stderr, no process left, exit code 2.

    behave turns a SystemExit raised in a hook into a hook error and carries on, so after stopping
    every child process this leaves the interpreter directly.
    """
    processes.stop_all()
    sys.stdout.flush()
    print(f"balanz-acceptance: {error}", file=sys.stderr, flush=True)
    os._exit(EXIT_SETUP_ERROR)


def scenario_texts(scenario: Any) -> list[str]:
    """The texts of a scenario's steps (background included) and their tables."""
    texts = [scenario.name]
    for step in scenario.all_steps:
        texts.append(step.name)
        if step.table is not None:
            texts.extend(" ".join(row.cells) for row in step.table)
            texts.append(" ".join(step.table.headings))
    return texts
