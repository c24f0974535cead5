"""The run: what environment.py does, kept here so that it can be tested and stays thin there."""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any, NoReturn

from behave.matchers import Match

from balanz_acceptance.actors.world import World
from balanz_acceptance.core.errors import SetupError
from balanz_acceptance.core.local_controller import local_controller_in
from balanz_acceptance.core.overlays import apply_overlays, overlays_in
from balanz_acceptance.core.record import ScenarioRecord, slug
from balanz_acceptance.core.settings import Settings, load_settings
from balanz_acceptance.core.site import ChargerAlias, ChargerSpec, SiteModel, site_at, site_dir
from balanz_acceptance.core.timing import TimingProfile, load_profile
from balanz_acceptance.sut import processes
from balanz_acceptance.sut.stack import make_stack

EXIT_SETUP_ERROR = 2
#: Tag of the scenarios that need a balanz of their own: they change the site (operator edits, charger
#: authentication, restarts) or silence a charger, so they cannot run on a shared, external deployment.
FRESH_BALANZ_TAG = "fresh_balanz"


class StartupFailed(Exception):
    """A scenario's stack did not start. The scenario fails with this one line (behave: hook error) and
    the run goes on with the next scenario; nothing of this scenario is left running."""


@dataclass
class Run:
    """One behave run: settings, site, timing profile and where scenario records go."""

    settings: Settings
    site: SiteModel
    profile: TimingProfile
    directory: Path
    count: int = 0
    started: float = field(default_factory=time.monotonic)
    #: The version balanz reports (GetStatus), read from the first stack started.
    balanz_version: str | None = None
    #: Scenarios this stack cannot run, with the reason: name → reason.
    not_run: dict[str, str] = field(default_factory=dict)

    def skip_reason(self, name: str, tags: Iterable[str], texts: list[str]) -> str | None:
        """Why this stack cannot run a scenario (noted in ``not_run``), or None if it can.

        An external stack is shared: a scenario that needs a balanz of its own (@fresh_balanz), runs on a site
        with its own configuration (an overlay, balanz_acceptance.core.overlays) or runs balanz as a local
        controller (balanz_acceptance.core.local_controller) is not run there.
        """
        if self.settings.managed:
            return None
        reason = None
        if FRESH_BALANZ_TAG in tags:
            reason = f"needs a balanz of its own (@{FRESH_BALANZ_TAG})"
        elif overlays := overlays_in(texts):
            reason = f"runs on a site whose {overlays[0].setting} differs from the deployment's"
        elif local_controller_in(texts):
            reason = "runs balanz as a local controller for a central system the harness plays"
        if reason is not None:
            self.not_run[name] = reason
        return reason

    def not_run_summary(self) -> list[str]:
        """Lines for the end of the run: the scenarios this stack did not run, and why."""
        if not self.not_run:
            return []
        lines = [f"Not run on the {self.settings.stack} stack: {len(self.not_run)} scenario(s)"]
        lines += [f"  {name}: {reason}" for name, reason in self.not_run.items()]
        return lines

    def site_of(self, texts: list[str]) -> SiteModel:
        """The site a scenario runs on: the one its words name (core/site.py ``site_dir``), else the run's."""
        path = site_dir(self.settings.data_dir, texts)
        return self.site if path == self.site.model_dir else site_at(path)

    def new_world(self, feature_name: str, scenario_name: str, texts: list[str], aliases: list[str]) -> World:
        """Start a fresh stack for a scenario with a simulator for each of ``aliases`` (see ``chargers_of``), the
        configuration overlays its ``texts`` name and, if they say so, a central system balanz is a local
        controller for."""
        self.count += 1
        record = ScenarioRecord(
            scenario_name,
            self.directory / f"{self.count:03d}-{slug(feature_name, 30)}--{slug(scenario_name)}",
        )
        site = self.site_of(texts)
        chargers = chargers_at_start(site, aliases, texts)
        overlays = overlays_in(texts)
        profile = apply_overlays(self.profile, overlays)
        for overlay in overlays:
            record.note(f"configuration overlay: {overlay.describe(self.profile)}")
        if site is not self.site:
            record.note(f"the site in {site.model_dir}")
        stack = make_stack(self.settings, site, profile, local_controller_in(texts))
        world = World(site, profile, stack, record)
        # A storm's replays (actors/storm.py) each run on a fresh stack of the same scenario.
        world.renew = lambda: self.new_world(feature_name, f"{scenario_name} (replay)", texts, aliases)
        try:
            stack.start(record, chargers)
            if self.balanz_version is None:
                self.balanz_version = str(world.operator.api.status().get("version"))
            world.watch_groups([c.alias for c in chargers])
        except BaseException:
            world.close()
            raise
        return world


def chargers_at_start(site: SiteModel, aliases: list[str], texts: list[str]) -> list[ChargerSpec]:
    """The chargers whose simulators start with a scenario's stack: those of ``aliases`` (``chargers_of``) that
    data/model has, in its order, but those the scenario's ``texts`` declare played by the harness ("RR2-03 is a
    charger that keeps its transaction ...": core/site.py PLAYED; a step plays them). A charger the texts declare
    new ("the new charger RR2-05") is created by the scenario and gets its simulator when a step connects it
    (Chargers.connect_created); any other alias data/model lacks is a SetupError.
    """
    declared = {name for text in texts for name in site.declared_names(text)}
    played = {name for text in texts for name in site.played_names(text)}
    return site.in_site_order([a for a in aliases if (a in site.chargers or a not in declared) and a not in played])


def start_run(userdata: Any, features: Iterable[Any] = ()) -> Run:
    """Validate the configuration and the features and prepare the run directory (nothing is started yet)."""
    settings = load_settings(userdata)
    site = SiteModel(settings.data_dir / "model")
    check_features(site, features)
    profile = load_profile(settings.data_dir, settings.timing, settings.timeout_factor)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    directory = settings.runtime_dir / f"{stamp}-{settings.timing}"
    directory.mkdir(parents=True, exist_ok=True)
    processes.install_handlers(may_interrupt=in_step)
    return Run(settings, site, profile, directory)


def check_features(site: SiteModel, features: Iterable[Any]) -> None:
    """Refuse features whose steps or tables name a charger or tag data/model lacks: one line, file and line.

    Every scenario counts, whatever the tag selection, and outlines count once per example row.
    """
    problems: list[str] = []
    for feature in features:
        for scenario in feature.walk_scenarios():
            row = getattr(scenario, "_row", None)  # the example row of an outline's scenario
            texts = [(text, line) for step in scenario.all_steps for text, line in _step_texts(step)]
            declared = {name for text, _ in texts for name in site.declared_names(text)}
            own = site_at(site_dir(site.model_dir.parent, [t for t, _ in texts] + [scenario.name]))
            for text, line in texts:
                for name, problem in own.unknown_names(text, declared):
                    where = scenario.line if row is not None and any(name in c for c in row.cells) else line
                    problems.append(f"{feature.filename}:{where}: {problem}")
    problems = list(dict.fromkeys(problems))  # a background step counts once
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise SetupError(problems[0] + more)


def _step_texts(step: Any) -> list[tuple[str, int]]:
    """A step's text and its table's rows (a "tag" column's cells read as "tag <cell>"), with lines."""
    texts = [(step.name, step.line)]
    if step.table is not None:
        headings = [h.strip().lower() for h in step.table.headings]
        for table_row in step.table:
            cells = [f"tag {c}" if h == "tag" else c for h, c in zip(headings, table_row.cells, strict=False)]
            texts.append((" | ".join(cells), table_row.line))
    return texts


def in_step(frame: FrameType | None) -> bool:
    """True if ``frame`` runs inside a step function: there behave turns KeyboardInterrupt into a failed step."""
    while frame is not None:
        if frame.f_code is Match.run.__code__:
            return True
        frame = frame.f_back
    return False


def abort(error: SetupError) -> NoReturn:
    """End the run at once: one clear line on stderr, no process left, exit code 2.

    behave turns a SystemExit raised in a hook into a hook error and carries on, so after stopping
    every child process this leaves the interpreter directly. The line goes to file descriptor 2 itself:
    behave captures sys.stderr in most hooks, and that capture would be lost.
    """
    processes.stop_all()
    with contextlib.suppress(OSError, ValueError):
        sys.stdout.flush()
    line = " ".join(f"balanz-acceptance: {error}".split())  # one line, whatever the message holds
    os.write(2, (line + "\n").encode(errors="replace"))
    os._exit(EXIT_SETUP_ERROR)


def start_failed(scenario_name: str, error: SetupError) -> NoReturn:
    """Fail one scenario whose stack did not start: one line on stderr, then StartupFailed for behave.

    Its processes are already stopped (``Run.new_world`` closes what it started). The line also goes to
    file descriptor 2 itself, as behave captures the hooks' output and shows it only with the scenario.
    """
    line = " ".join(str(error).split())  # one line, whatever the message holds
    with contextlib.suppress(OSError, ValueError):
        sys.stdout.flush()
    os.write(2, f"balanz-acceptance: scenario '{scenario_name}' did not start: {line}\n".encode(errors="replace"))
    raise StartupFailed(line) from None


def scenario_texts(scenario: Any) -> list[str]:
    """The texts of a scenario's steps (background included) and their tables."""
    texts = [scenario.name]
    for step in scenario.all_steps:
        texts.append(step.name)
        if step.table is not None:
            texts.extend(" ".join(row.cells) for row in step.table)
            texts.append(" ".join(step.table.headings))
    return texts


def chargers_of(scenario: Any, registry: Any) -> list[str]:
    """The chargers a scenario runs a simulator for: every step parameter of type ``Alias`` (as behave's step
    matching parses the step, background included) and every cell of a table column headed "charger".
    ``registry`` is the run's step registry (behave's ``context._runner.step_registry``).

    A step that names a charger in free text (not as an ``Alias`` parameter) starts nothing. A charger that is
    not in data/model and that the scenario declares new is started later, by the step that connects it
    (``chargers_at_start``).
    """
    aliases: dict[str, None] = {}
    for step in scenario.all_steps:
        match = registry.find_match(step)
        for argument in getattr(match, "arguments", None) or []:
            if isinstance(argument.value, ChargerAlias):
                aliases[str(argument.value)] = None
        if step.table is not None:
            headings = [h.strip().lower() for h in step.table.headings]
            if "charger" in headings:
                column = headings.index("charger")
                aliases.update((row.cells[column].strip(), None) for row in step.table)
    return list(aliases)
