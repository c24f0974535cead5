"""The group safety watch: a background sampler that checks a group never exceeds its maximum.

While a scenario runs, a thread samples balanz's offers for every charger of the group (one GetChargers
call: a consistent snapshot) and what each simulator is allowed to draw (its offer). For each sample it
computes the maximum that applies to the sessions present (site.Group.maximum_for) and each priority
bucket's own cap, and records every excursion above them: which side, how far, how long, who.

The maximum changes over time: a group schedule has time-of-day intervals, an operator changes the
schedule (UpdateGroup, a groups file reloaded) or suspends balancing (SetBalanzState). The watch hears of every
change as an event (core/events.py: the operator and the stack publish them, ``hear`` takes them), keeps that
history to itself and checks every sample, and every entry of balanz's offer ledger, against the maximum in
force at that moment. The one tolerance is balanz's documented reaction time after a change
(``reaction_time``): until then the maximum in force just before the change is accepted too.

The watch must prove that it watched: it counts its samples and the longest gap between two, and
``problems`` fails the scenario if it died, went longer than its tolerated gap (one balancing tick) without
asking, waited longer than one full balancing run for an answer, or took fewer samples than its period implies.
A gap the watch spent waiting for an answer it had asked for in time is balanz's or a charger's delay, not the
watch's: a process that answers late has not run meanwhile or was busy with other work, and every offer balanz
made meanwhile is in its offer ledger, which the watch checks entry by entry; such a wait is noted (who, how
long) and fails the scenario only beyond a full balancing run. (Seen: the first action a process's OCPP library
does not know makes it load the OCPP 2.0.1 names, ocpp/charge_point.py ``_raise_key_error``: on a loaded machine
balanz or a simulator then answers nothing for one to two seconds.)
"""

from __future__ import annotations

import csv
import dataclasses
import itertools
import math
import re
import threading
import time
import traceback
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TypeVar

from balanz_acceptance.checks.matchers import above_amps
from balanz_acceptance.checks.priority_oracle import PriorityOracle
from balanz_acceptance.core.events import (
    BalanzRestarted,
    BalanzRestarting,
    ChargerAdded,
    ChargerChanged,
    ChargerRemoved,
    ChargerSilenced,
    ChargerStarted,
    ChargerStopped,
    ChargerWorksAgain,
    Event,
    FileReloaded,
    MaximumChanged,
    SessionPriorityChanged,
    SuspensionChanged,
)
from balanz_acceptance.core.record import ScenarioRecord
from balanz_acceptance.core.site import Group
from balanz_acceptance.core.timing import TimingProfile
from balanz_acceptance.sut.balanz_api import ApiError, ApiProtocolError, ApiUnavailable, BalanzApi, ConnectorView
from balanz_acceptance.sut.ocppsim_client import OcppsimError, SimStatus

_CHANGE = re.compile(
    r"Charge change done ChargeChange\(charger_id='(?P<charger>[^']+)', connector_id=(?P<connector>\d+)"
    r".*?allocation=(?P<amps>[\d.]+)\)"
)
_STATUS = re.compile(
    r"Updating status for connector (?P<charger>[^/]+)/(?P<connector>\d+) \([^)]*\): ?\S+ => (?P<new>\w+)"
)
#: An offer a charger reported in its meter values, which balanz takes as the connector's offer (model.py
#: Charger.meter_values: "reported offer N which is different to expected M. Adjusting it.").
_REPORTED = re.compile(
    r"Connector (?P<charger>[^/\s]+)/(?P<connector>\d+)\s+\([^)]*\) reported offer (?P<amps>[\d.]+) which is different"
    r".*Adjusting it"
)
#: The first line a starting balanz logs (balanz.py main): a restarted balanz has made no offer yet.
_BALANZ_START = re.compile(r" WARNING balanz: Balanz version ")
#: balanz closes the session of a charger silent for the transaction timeout and sets its connector Available
#: without logging a status change (balanz.py model_watchdog).
_PSEUDO_STOP = re.compile(r"Pseudo-stopping transaction (?P<charger>[^/]+)/(?P<connector>\d+):")


def connector_name(alias: str, connector: int | str) -> str:
    """How the watch names a connector: the charger's alias for connector 1, ``<alias>/<n>`` for a further one."""
    return alias if int(connector) == 1 else f"{alias}/{connector}"


def logged_offer(line: str) -> tuple[str, int, float] | None:
    """The offer a line of balanz's log gives a connector, as (charger id, connector, amps): one balanz implemented
    ("Charge change done ... allocation=N") or took from the charger's report ("reported offer N ... Adjusting
    it"); None for any other line."""
    found = _CHANGE.search(line) or _REPORTED.search(line)
    return (found["charger"], int(found["connector"]), float(found["amps"])) if found else None


def offers_in_log(log: Path | None, charger_id: str, connector: int, since: float) -> list[tuple[float, float]]:
    """(epoch s, amps) of every offer balanz's log gives a connector from ``since`` (epoch s, its whole second) on:
    those it made itself and those it took from the charger's reports (``logged_offer``). The log, not the API, where
    an offer may be held too briefly to be polled."""
    if log is None or not log.exists():
        return []
    found = []
    for line in log.read_text(errors="replace").splitlines():
        offer = logged_offer(line)
        if offer is not None and offer[:2] == (charger_id, connector):
            at = balanz_log_time(line)
            if at >= math.floor(since):
                found.append((at, offer[2]))
    return found


def balanz_log_time(line: str) -> float:
    """Epoch seconds of a balanz log line (``YYYY-MM-DD HH:MM:SS ...``, local time)."""
    try:
        return time.mktime(time.strptime(line[:19], "%Y-%m-%d %H:%M:%S"))
    except ValueError:
        return 0.0


#: Connector states that take part in balancing (balanz: util.py, model.py).
SESSION_STATES = ("Charging", "SuspendedEV", "SuspendedEVSE")
#: Seconds from the start of one sample to the start of the next (a sample that took longer is followed at once):
#: twice per balancing tick of the fast profile, so that every state that lasts a tick is sampled. On a fixed
#: cadence a slow sample does not add a pause to the gap it leaves; and the watch's reads, which on every
#: scenario's balanz and chargers are most of their work while the scenario waits, are half of what a pause of
#: 0.2 s after each sample cost (measured: 6 RR2 scenarios, 50 → 36 CPU-s with a 0.5 s pause).
SAMPLE_EVERY = 0.5
#: Seconds after a failed sample before the next (a charger switched off during a read, balanz restarting): the
#: cadence would leave the gap a failure already made half a period longer.
RETRY_AFTER = 0.1
#: The most reads of one sample in flight at once (balanz's GetChargers and the chargers' statuses).
SAMPLE_READERS = 8
#: A watch must average at least one sample per this many sampling periods (a sample itself takes one
#: GetChargers call and one status call per simulator, at once; on a busy machine that can take longer than a
#: period).
SLOWEST_AVERAGE = 4
#: Seconds for balanz's new offers to reach the chargers after the balancing run that decided them (one
#: SetChargingProfile round trip per charger, answered at once by ocppsim) and the whole-second resolution of
#: balanz's log, by which the offer ledger is timed.
CHANGE_LATENCY = 2.0
LEDGER = "balanz's offer ledger"
T = TypeVar("T")


class ChargerSide(Protocol):
    """What the watch asks a charger: its state as ocppsim's ``jsonstatus`` has it (an OcppsimClient, or a
    charger the harness plays itself); ``close`` ends the watch's use of it."""

    def status(self) -> SimStatus:
        """The charger's current state."""
        ...

    def close(self) -> None:
        """The watch no longer needs it."""
        ...


def reaction_time(profile: TimingProfile) -> float:
    """Seconds balanz may take to apply a changed maximum: the one tolerance of the watch.

    A new maximum (an operator's UpdateGroup, a schedule's time-of-day boundary) is not an urgent event
    for balanz: its loop applies it at the next *full* balancing run (balanz.py balanz_loop: allocation
    groups are balanced every ``intervals_full`` ticks unless a charger or a connector needs attention).
    That run comes within one full run of the change, plus one tick because each tick is ``run_interval``
    *plus* the time the previous run took; then the new offers reach the chargers (``CHANGE_LATENCY``).
    """
    return (profile.full_run + profile.run_interval + CHANGE_LATENCY) * profile.factor


@dataclass(frozen=True)
class Sample:
    """One observation of the group."""

    at: float
    offers: dict[str, float]
    priorities: dict[str, int]
    sim_offers: dict[str, float]
    sim_energy: dict[str, float] = field(default_factory=dict)
    sim_draw: dict[str, float] = field(default_factory=dict)
    #: Each session's priority as balanz reports it (``priorities`` are the site's data's, with an oracle).
    reported: dict[str, int] = field(default_factory=dict)
    #: When the watch asked for this sample (its reads went out); None: at ``at``.
    asked: float | None = None

    @property
    def waited(self) -> float:
        """Seconds from asking to the last answer."""
        return self.at - (self.at if self.asked is None else self.asked)

    @property
    def asked_clock(self) -> str:
        """When the watch asked for it, as the clock showed (HH:MM:SS)."""
        return time.strftime("%H:%M:%S", time.localtime(self.at if self.asked is None else self.asked))

    def total(self, side: str) -> float:
        """Sum of offers as balanz records them (``balanz``) or as the chargers enforce them (``chargers``)."""
        return sum((self.offers if side == "balanz" else self.sim_offers).values())

    def describe(self, side: str) -> str:
        """Each charger's offer on one side, e.g. ``RR2-01 16, RR2-02 32``."""
        offers = self.offers if side == "balanz" else self.sim_offers
        return ", ".join(f"{alias} {amps:g}" for alias, amps in sorted(offers.items()))


@dataclass
class Excursion:
    """A stretch of samples in which one limit was exceeded."""

    side: str
    limit_name: str
    limit: float
    start: float
    end: float
    worst: float
    worst_state: str
    acknowledged: bool = False

    @property
    def duration(self) -> float:
        """Seconds between the first and last sample over the limit."""
        return self.end - self.start

    def __str__(self) -> str:
        return (
            f"{self.side} offers exceeded {self.limit_name} {self.limit:g} A by up to {self.worst - self.limit:g} A "
            f"for {self.duration:.1f}s (worst: {self.worst_state})"
        )


#: One limit exceeded at one moment: limit name → (limit, total, description of the state).
Violations = dict[str, tuple[float, float, str]]


@dataclass
class ExcursionTracker:
    """Opens, extends and closes excursions from a sequence of states (samples or ledger entries)."""

    side: str
    open: dict[str, Excursion] = field(default_factory=dict)
    closed: list[Excursion] = field(default_factory=list)

    def update(self, at: float, violations: Violations) -> list[Excursion]:
        """Take the limits exceeded at ``at``; returns the excursions that ended with it."""
        ended = [self.open.pop(name) for name in list(self.open) if name not in violations]
        for name, (limit, total, state) in violations.items():
            current = self.open.get(name)
            if current is None:
                self.open[name] = Excursion(self.side, name, limit, at, at, total, state)
            else:
                current.end = at
                if total > current.worst:
                    current.worst, current.worst_state = total, state
        self.closed.extend(ended)
        return ended

    def finish(self) -> list[Excursion]:
        """Close every open excursion; returns them."""
        ended = list(self.open.values())
        self.open.clear()
        self.closed.extend(ended)
        return ended

    @property
    def all(self) -> list[Excursion]:
        """Closed and still-open excursions, in order of their start."""
        return sorted([*self.closed, *self.open.values()], key=lambda e: e.start)


@dataclass(frozen=True)
class GroupState:
    """What the operator has set for a group from ``since`` on: its schedule and whether balancing is suspended."""

    since: float
    group: Group
    suspended: bool
    why: str


@dataclass
class GroupWatch:
    """Samples a group in the background and records excursions above its maxima over time."""

    group: Group
    api: BalanzApi
    sims: dict[str, ChargerSide]
    record: ScenarioRecord
    #: Seconds of one full balancing run: sampling must never pause longer.
    full_run: float = 6.0
    #: Seconds after a change of maximum during which the previous maximum is still accepted (reaction_time).
    reaction: float = 0.0
    #: The longest time the watch may go without asking for a sample (one balancing tick); None: one full
    #: balancing run.
    gap: float | None = None
    #: Each session's priority from the site's data (checks/priority_oracle.py); None: as balanz reports it.
    oracle: PriorityOracle | None = None
    #: balanz's log: every offer change balanz made, in order, is replayed from it (see ledger_excursions).
    log_path: Path | None = None
    #: charger id → alias, for the chargers of this group.
    aliases: dict[str, str] = field(default_factory=dict)
    samples: list[Sample] = field(default_factory=list)
    #: Sampling failures, each with its time.
    errors: list[tuple[float, str]] = field(default_factory=list)
    #: Why the sampling thread ended before it was stopped (an unexpected exception), if it did.
    died: str | None = None
    #: The group's settings over time, oldest first (the first from the watch's start).
    history: list[GroupState] = field(default_factory=list)
    #: Sessions whose priority the operator changed: (when, alias, priority before), oldest first.
    priority_changes: list[tuple[float, str, int]] = field(default_factory=list)
    started: float | None = None
    stopped: float | None = None
    _trackers: dict[str, ExcursionTracker] = field(default_factory=dict)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None
    #: Reads one sample's parts at once: on a busy machine each round trip waits for its process to be
    #: scheduled, and one after another they made a sample longer than the balancing tick the watch may miss.
    _readers: ThreadPoolExecutor | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _judging: threading.Lock = field(default_factory=threading.Lock)
    _acknowledged_ledger: set[tuple[str, float, int]] = field(default_factory=set)
    #: Sessions whose priority in balanz differed from the site's data (the first time, each): alias → why.
    priority_mismatches: dict[str, str] = field(default_factory=dict)
    #: alias → (the priority balanz showed, the site's data's) of each mismatch kept in priority_mismatches.
    mismatched: dict[str, tuple[int, int]] = field(default_factory=dict)
    #: Differences not judged yet: (the sample's time, alias, the priority balanz showed), oldest first.
    _suspects: list[tuple[float, str, int]] = field(default_factory=list)
    #: Chargers whose mismatch a known-issue step acknowledged (it no longer fails the scenario).
    acknowledged_mismatches: set[str] = field(default_factory=set)
    #: Chargers that cannot answer (silent, switched off, gone): their side is not sampled.
    _quiet: set[str] = field(default_factory=set)
    #: Chargers that went silent: they stay quiet for the rest of the scenario, unless they work again.
    _silent: set[str] = field(default_factory=set)
    #: True while balanz restarts on purpose: only the chargers' side is sampled (with the last priorities).
    _restarting: bool = False

    def __post_init__(self) -> None:
        if not self.history:
            self.history.append(GroupState(-math.inf, self.group, False, "configured in data/model"))

    # --- sampling ------------------------------------------------------------------------------------
    def start(self) -> None:
        """Start sampling in a daemon thread."""
        self.started = time.time()
        self._readers = ThreadPoolExecutor(SAMPLE_READERS, thread_name_prefix=f"watch-{self.group.group_id}-read")
        self._thread = threading.Thread(target=self._run, name=f"watch-{self.group.group_id}", daemon=True)
        self._thread.start()
        self.record.note(f"group watch on {self.group.group_id} started ({', '.join(self.sims) or 'no simulators'})")

    def stop(self) -> None:
        """Stop sampling, close the watch's connections and log a summary (once)."""
        if self._stop.is_set():
            return
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
        self.stopped = time.time()
        self.api.close()  # a read still waiting for its answer fails at once
        for sim in self.sims.values():
            sim.close()
        if self._readers is not None:
            self._readers.shutdown(wait=False, cancel_futures=True)
        with self._lock:
            for tracker in self._trackers.values():
                for excursion in tracker.finish():
                    self._note_excursion(excursion)
        self.record.note(
            f"group watch on {self.group.group_id} stopped: {len(self.samples)} samples, longest gap "
            f"{self.longest_gap():.1f}s (longest wait for answers {self._longest_wait_text()}), {len(self.errors)} "
            f"sampling failure(s), {len(self.current_excursions())} excursion(s)"
            + (f"; it died: {self.died}" if self.died else "")
        )

    def _run(self) -> None:
        try:
            while not self._stop.is_set():
                began = time.monotonic()
                try:
                    self.observe(self._sample())
                except (ApiUnavailable, ApiError, ApiProtocolError, OcppsimError, ValueError) as exc:  # bad replies too
                    if self._stop.is_set():
                        return
                    self.errors.append((time.time(), f"{type(exc).__name__}: {exc}"))
                    self.record.note(f"group watch: sampling {self.group.group_id} failed: {exc}")
                    began = time.monotonic() - SAMPLE_EVERY + RETRY_AFTER  # nothing was observed: try again soon
                self._stop.wait(max(0.0, began + SAMPLE_EVERY - time.monotonic()))
        except Exception as exc:  # any other error ends the watch: it must say so
            where = traceback.extract_tb(exc.__traceback__)[-1]
            self.died = f"{type(exc).__name__}: {exc} (at {Path(where.filename).name}:{where.lineno})"
            self.record.note(f"group watch on {self.group.group_id} died: {self.died}")

    def _sample(self) -> Sample:
        asked = time.time()
        sample = self._read_sample()
        return dataclasses.replace(sample, asked=asked)

    def _read_sample(self) -> Sample:
        if self._restarting:  # what the chargers enforce, with the sessions' priorities last seen
            with self._lock:
                last = self.samples[-1].priorities if self.samples else {}
            sim_offers, sim_energy, sim_draw = self._sample_chargers()
            priorities = {a: p for a, p in last.items() if sim_offers.get(a, 0.0) > 0}
            if self.oracle is not None:
                priorities = self._priorities([a for a, amps in sim_offers.items() if amps > 0], time.time())
            return Sample(time.time(), {}, priorities, sim_offers, sim_energy, sim_draw)
        chargers = self._read(lambda: self.api.chargers(group_id=self.group.group_id))
        sim_offers, sim_energy, sim_draw = self._sample_chargers()
        views = {
            connector_name(charger["alias"], n): ConnectorView.from_charger(charger, int(n))
            for charger in chargers.result()
            for n in charger.get("connectors", {}) or {"1": None}
        }
        in_session = {name: v for name, v in views.items() if v.status in SESSION_STATES}
        at = time.time()
        reported = {name: int(v.priority or 0) for name, v in in_session.items()}
        return Sample(
            at=at,
            # Only sessions take part in balancing. (A session balanz closed because its charger went
            # silent keeps its last offer in GetChargers; it is no longer balanced, so not counted.)
            offers={name: v.offered if v.status in SESSION_STATES else 0.0 for name, v in views.items()},
            priorities=self._priorities(in_session, at) if self.oracle else reported,
            sim_offers=sim_offers,
            sim_energy=sim_energy,
            sim_draw=sim_draw,
            reported=reported,
        )

    def _priorities(self, sessions: object, at: float) -> dict[str, int]:
        """The oracle's priority of each of these sessions (names) at ``at``."""
        assert self.oracle is not None
        return {name: self.oracle.priority_at(name, at) for name in sessions}  # type: ignore[attr-defined]

    def _sample_chargers(self) -> tuple[dict[str, float], dict[str, float], dict[str, float]]:
        """Each answering simulator's enforced offer (0 outside a session), energy and draw."""
        sim_offers, sim_energy, sim_draw = {}, {}, {}
        asked = [(alias, self._read(self._status_unless_quiet(alias, sim))) for alias, sim in list(self.sims.items())
                 if alias not in self._quiet]  # fmt: skip
        for alias, answer in asked:
            status = answer.result()
            if status is None or alias in self._quiet:  # silent meanwhile: what was read may predate its last words
                continue
            sim_offers[alias] = status.offer if status.status in SESSION_STATES else 0.0
            sim_energy[alias] = status.energy
            sim_draw[alias] = status.draw
            self._tell_oracle(alias, status)
        return sim_offers, sim_energy, sim_draw

    def _tell_oracle(self, alias: str, status: SimStatus) -> None:
        """The oracle hears whether the charger is in a session, and with which tag, as the charger reports it."""
        if self.oracle is not None:
            self.oracle.session(alias, status.status in SESSION_STATES, status.last_id_tag, time.time())

    def _status_unless_quiet(self, alias: str, sim: ChargerSide) -> Callable[[], SimStatus | None]:
        """The charger's status read, unless it went quiet while the read waited for a reader (a frozen simulator
        would not answer)."""
        return lambda: None if alias in self._quiet else sim.status()

    def _read(self, read: Callable[[], T]) -> Future[T]:
        """Start one read of a sample (at once on the watch's readers; in this thread if it has none)."""
        if self._readers is None:
            done: Future[T] = Future()
            try:
                done.set_result(read())
            except BaseException as exc:
                done.set_exception(exc)
            return done
        return self._readers.submit(read)

    # --- what happens to the site ------------------------------------------------------------------
    def hear(self, event: Event) -> None:
        """Take an event of the scenario's site (core/events.py) into account from its time on."""
        if self.oracle is not None:
            self.oracle.hear(event)
        match event:
            case ChargerSilenced(alias=alias):
                self._last_words(alias)
                self._silent.add(alias)
                self._quiet.add(alias)
            case ChargerWorksAgain(alias=alias):
                self._silent.discard(alias)
                self._quiet.discard(alias)
            case ChargerStopped(alias=alias) | ChargerRemoved(alias=alias):
                self._quiet.add(alias)
            case ChargerStarted(alias=alias) if alias in self.sims:
                self.sims[alias].close()  # its connection was to the stopped process: a new one on next use
                if alias not in self._silent:
                    self._quiet.discard(alias)
            case ChargerAdded(group_id=group_id) if group_id == self.group.group_id:
                self._add_charger(event.charger_id, event.alias, event.side)
            case BalanzRestarting():
                self._restarting = True
            case BalanzRestarted():
                self._restarting = False
            case MaximumChanged(group_id=group_id) if group_id == self.group.group_id:
                self._change(event.at, why=f"maximum set to {event.max_allocation!r}",
                             group=Group(group_id, event.max_allocation))  # fmt: skip
            case SuspensionChanged(group_id=group_id) if group_id == self.group.group_id:
                why = "balancing suspended" if event.suspended else "balancing resumed"
                self._change(event.at, why=why, suspended=event.suspended)
            case SessionPriorityChanged(alias=alias) if alias in self.aliases.values():
                self._change_priority(alias, event.priority, event.at)
            case ChargerChanged(alias=alias, changes={"priority": priority}) if alias in self.aliases.values():
                self._change_priority(alias, int(priority or 0), event.at)
            case FileReloaded(what="groups"):
                self._follow_groups_file(Path(event.path), event.at)

    def _last_words(self, alias: str) -> None:
        """Before a charger goes silent (the event comes first), the oracle reads its session's tag once more: a
        session it began just before could otherwise stay unknown to the oracle until it works again."""
        if self.oracle is None or alias not in self.sims or alias in self._quiet:
            return
        try:
            status = self.sims[alias].status()
        except OcppsimError as exc:
            self.record.note(f"group watch: {alias}'s last state before it went silent could not be read: {exc}")
            return
        self._tell_oracle(alias, status)

    def _add_charger(self, charger_id: str, alias: str, sim: ChargerSide) -> None:
        """A charger joins the group while the watch runs (the scenario created it): from now on its simulator
        is sampled and its entries in balanz's offer ledger are replayed. (balanz's side of every sample lists
        the whole group anyway.) The dicts are replaced, not changed, while the sampling thread may read them.
        """
        with self._lock:
            self.sims = {**self.sims, alias: sim}
            if "/" not in alias:  # a further connector (<alias>/<n>) is named from its charger's alias
                self.aliases = {**self.aliases, charger_id: alias}
        self.record.note(f"group watch on {self.group.group_id}: {alias} ({charger_id}) added")

    def _follow_groups_file(self, groups_csv: Path, at: float) -> None:
        """balanz reloaded its groups file: if the file's maximum for this group differs from the watch's, it is
        checked against the file's maximum from ``at`` on."""
        with groups_csv.open(newline="") as handle:
            maxima = {row["group_id"]: row["max_allocation"] for row in csv.DictReader(handle)}
        found = maxima.get(self.group.group_id)
        if found and found != self.group.max_allocation:
            self._change(
                at, why=f"maximum set to {found!r} (groups file reloaded)", group=Group(self.group.group_id, found)
            )

    # --- did it watch? -------------------------------------------------------------------------------
    def longest_gap(self) -> float:
        """The longest time without a sample: between two samples, or from the start or until the end."""
        with self._lock:
            times = [s.at for s in self.samples]
        end = self.stopped or time.time()
        points = [self.started if self.started is not None else (times[0] if times else end), *times, end]
        return max((b - a for a, b in itertools.pairwise(points)), default=0.0)

    def longest_unasked(self) -> float:
        """The longest time the watch went without asking: from one sample's answers to the next sample's asking
        (or from the start, or until the end)."""
        with self._lock:
            spans = [(s.asked if s.asked is not None else s.at, s.at) for s in self.samples]
        end = self.stopped or time.time()
        start = self.started if self.started is not None else (spans[0][0] if spans else end)
        points = [(start, start), *spans, (end, end)]
        return max((b[0] - a[1] for a, b in itertools.pairwise(points)), default=0.0)

    def _longest_wait_text(self) -> str:
        slowest = self.longest_wait()
        if slowest is None:
            return "none"
        return f"{slowest.waited:.1f}s at {slowest.asked_clock}"

    def longest_wait(self) -> Sample | None:
        """The sample the watch waited longest for its answers."""
        with self._lock:
            return max(self.samples, key=lambda s: s.waited, default=None)

    def problems(self) -> list[str]:
        """Why this watch cannot vouch for the group (empty if it watched throughout)."""
        group = self.group.group_id
        found = []
        if self.died:
            found.append(f"the group watch on {group} died: {self.died}")
        self.confirm_mismatches()
        found.extend(m for alias, m in self.priority_mismatches.items() if alias not in self.acknowledged_mismatches)
        if self.started is None:
            return found
        gap = self.longest_unasked()
        tolerated, what = (
            (self.full_run, "one full balancing run") if self.gap is None else (self.gap, "one balancing tick")
        )
        if gap > tolerated:
            last = f" (last failure: {self.errors[-1][1]})" if self.errors else ""
            found.append(
                f"the group watch could not observe {group} for {gap:.1f} s, more than {what} ({tolerated:g} s){last}"
            )
        # Without balanz's log (an external stack) no ledger covers a wait: it may be no longer than the gap.
        ledger = self.log_path is not None and self.log_path.exists()
        wait_limit, wait_what = (self.full_run, "one full balancing run") if ledger else (tolerated, what)
        slowest = self.longest_wait()
        if slowest is not None and slowest.waited > wait_limit:
            found.append(
                f"the group watch waited {slowest.waited:.1f} s for balanz's and the chargers' answers at "
                f"{slowest.asked_clock}, "
                f"more than {wait_what} ({wait_limit:g} s)"
            )
        duration = (self.stopped or time.time()) - self.started
        expected = max(1, int(duration / (SLOWEST_AVERAGE * SAMPLE_EVERY)))
        if len(self.samples) < expected:
            found.append(
                f"the group watch took only {len(self.samples)} sample(s) of {group} in {duration:.1f} s "
                f"(at least {expected} expected: one per {SAMPLE_EVERY:g} s, at most {SLOWEST_AVERAGE} times slower)"
            )
        return found

    # --- the maximum over time ----------------------------------------------------------------------
    def _change(self, at: float, *, why: str, group: Group | None = None, suspended: bool | None = None) -> None:
        with self._lock:
            last = self.history[-1]
            state = GroupState(at, group or last.group, last.suspended if suspended is None else suspended, why)
            self.history.append(state)
            self.group = state.group
        self.record.note(
            f"group watch: {self.group.group_id} {why} (the previous maximum is accepted for {self.reaction:g}s "
            "after balanz balances again)"
        )

    def _change_priority(self, alias: str, priority: int, at: float) -> None:
        """The operator gave the session at ``alias`` a new priority (SetChargePriority, or its charger's
        priority) at ``at``.

        balanz moves the session to its new bucket at its next full balancing run, like a new maximum: until
        the reaction time has passed, the limits of its previous priority are accepted too.
        """
        if self.oracle is not None:
            return  # the oracle keeps every session's priority over time
        before = self.sample_before(at)
        if before is None or alias not in before.priorities:
            return  # no session seen there yet: nothing to be tolerant about
        with self._lock:
            self.priority_changes.append((at, alias, before.priorities[alias]))
        self.record.note(
            f"group watch: {alias}'s session priority {before.priorities[alias]} -> {priority} (the previous "
            f"priority's limits are accepted for {self.reaction:g}s)"
        )

    def _with_priorities_at(self, sample: Sample, at: float) -> Sample:
        """``sample`` with each session's priority as it was at ``at`` (before later operator changes)."""
        if self.oracle is not None:
            return dataclasses.replace(sample, priorities=self._priorities(list(sample.priorities), at))
        later = [(when, alias, old) for when, alias, old in self.priority_changes if when > at]
        if not later:
            return sample
        priorities = dict(sample.priorities)
        for _, alias, old in sorted(later, reverse=True):  # the earliest change after ``at`` wins
            if alias in priorities:
                priorities[alias] = old
        return dataclasses.replace(sample, priorities=priorities)

    def state_at(self, at: float) -> GroupState:
        """The group's settings in force at ``at``."""
        return next(s for s in reversed(self.history) if s.since <= at)

    def window_start(self, at: float) -> float:
        """The earliest moment whose maximum balanz may still be holding at ``at``.

        balanz applies a change within the reaction time, but a suspended group is not balanced at all:
        what was in force before a suspension is accepted until the reaction time after the resume.
        """
        start = at - self.reaction
        for index, state in enumerate(self.history):
            if not state.suspended or state.since > at:
                continue
            resumed = next((s.since for s in self.history[index + 1 :] if not s.suspended), math.inf)
            if resumed >= start:
                start = min(start, state.since - self.reaction)
        return start

    def limits(self, sample: Sample, at: float | None = None) -> list[tuple[str, float, list[str]]]:
        """(limit name, amps, chargers it covers) in force at ``at`` (default: the sample's time) for the
        sessions present in ``sample``: the group maximum first, then each priority bucket's."""
        at = sample.at if at is None else at
        group = self.state_at(at).group
        priorities = list(sample.priorities.values())
        everyone = sorted({*sample.offers, *sample.sim_offers})
        found = [("the group maximum", float(group.maximum_for(priorities, at)), everyone)]
        for threshold, amps in group.buckets_at(at).items():
            members = [a for a, p in sample.priorities.items() if group.bucket_of(p, at) == threshold]
            if members:
                found.append((f"the priority-{threshold} bucket", float(amps), members))
        return found

    def _moments(self, start: float, end: float) -> list[float]:
        """Moments that cover every maximum in force between ``start`` and ``end``: both ends, each change
        and each minute boundary (schedules have minute resolution) in between."""
        moments = {start, end, *(s.since for s in self.history if start < s.since <= end)}
        moments.update(when for when, _, _ in self.priority_changes if start < when <= end)
        if self.oracle is not None:
            moments.update(self.oracle.changes(start, end))
        if end - start < 24 * 3600:
            minute = math.floor(start / 60) * 60 + 60
            while minute <= end:
                moments.add(float(minute))
                minute += 60
        return sorted(moments)

    def violations(self, sample: Sample, side: str, until: float | None = None) -> Violations:
        """The limits ``sample`` exceeds on one side, with the reaction tolerance.

        Checked against the maximum in force at the sample's time; if that is exceeded, the sample is
        accepted when it keeps every limit in force at some moment within the reaction time before
        (``window_start``), up to ``until`` (default: the sample's time). Else the least exceeded of those is
        reported.
        """
        offers = sample.offers if side == "balanz" else sample.sim_offers
        end = sample.at if until is None else until
        candidates: list[Violations] = []
        for at in reversed(self._moments(self.window_start(sample.at), end)):
            found: Violations = {}
            for name, limit, members in self.limits(self._with_priorities_at(sample, at), at):
                total = sum(offers.get(a, 0.0) for a in members)
                if above_amps(total, limit):
                    found[name] = (limit, total, f"total {total:g} A: {sample.describe(side)}")
            if not found:
                return {}
            candidates.append(found)
        return min(candidates, key=lambda v: sum(total - limit for limit, total, _ in v.values()))

    # --- excursions ----------------------------------------------------------------------------------
    def observe(self, sample: Sample) -> None:
        """Check one sample against every limit in force; open, extend or close excursions."""
        with self._lock:
            self.samples.append(sample)
        self._check_priorities(sample)
        for side in ("balanz", "chargers"):
            if not (sample.offers if side == "balanz" else sample.sim_offers):
                continue
            violations = self.violations(sample, side)
            with self._lock:
                tracker = self._trackers.setdefault(side, ExcursionTracker(side))
                for excursion in tracker.update(sample.at, violations):
                    self._note_excursion(excursion)

    def _check_priorities(self, sample: Sample) -> None:
        """Each session's priority in balanz must be the site's data's (the oracle's), at some moment within the
        reaction time before the sample (a change takes balanz up to that long); the first difference at a
        charger is kept, showing both.

        A difference is a suspect first: the operator's change is heard once balanz has answered it, so a sample
        taken between balanz's change and that answer shows the new priority before the oracle knows it. A suspect
        is judged once the reaction time has passed since its sample, or when a verdict is asked for
        (``confirm_mismatches``), with all the oracle has heard by then."""
        if self.oracle is None:
            return
        for alias, shown in sample.reported.items():
            if alias in self.priority_mismatches or self._agrees(alias, shown, sample.at):
                continue
            with self._lock:
                self._suspects.append((sample.at, alias, shown))
        self.confirm_mismatches(before=time.time() - self.reaction)

    def _agrees(self, alias: str, shown: int, at: float) -> bool:
        assert self.oracle is not None
        return any(self.oracle.priority_at(alias, moment) == shown for moment in self._moments(at - self.reaction, at))

    def confirm_mismatches(self, before: float = math.inf) -> dict[str, tuple[int, int]]:
        """Judge the suspected priority differences of samples taken before ``before`` (default: all) with what the
        oracle knows now; return every confirmed one: alias → (the priority balanz showed, the site's data's)."""
        with self._judging:  # the watch's thread and a step's may ask at once: the first difference is kept
            with self._lock:
                due = [s for s in self._suspects if s[0] <= before]
                self._suspects = [s for s in self._suspects if s[0] > before]
            for at, alias, shown in due:
                if alias in self.priority_mismatches or self._agrees(alias, shown, at):
                    continue
                expected, why = self.oracle.explain(alias, at)  # type: ignore[union-attr]
                self.mismatched[alias] = (shown, expected)
                when = time.strftime("%H:%M:%S", time.localtime(at))
                self.priority_mismatches[alias] = (
                    f"{alias}: balanz shows the session's priority {shown} at {when}, the site's data give {expected} "
                    f"({why})"
                )
                self.record.note(f"PRIORITY MISMATCH {self.group.group_id}: {self.priority_mismatches[alias]}")
            return dict(self.mismatched)

    def _note_excursion(self, excursion: Excursion) -> None:
        self.record.note(f"GROUP EXCURSION {self.group.group_id}: {excursion}")

    def current_excursions(self) -> list[Excursion]:
        """Closed and still-open excursions so far: sampled ones and those in balanz's own offer ledger."""
        with self._lock:
            sampled = [e for tracker in self._trackers.values() for e in tracker.all]
        return [*sampled, *self.ledger_excursions()]

    @property
    def excursions(self) -> list[Excursion]:
        """The sampled excursions that have ended."""
        with self._lock:
            return [e for tracker in self._trackers.values() for e in tracker.closed]

    def ledger_excursions(self) -> list[Excursion]:
        """Excursions in the sequence of offers balanz made, replayed from its log.

        Sampling a few times a second can miss a state that lasts milliseconds (a newcomer's first offer
        taken back in the same balancing run). balanz logs every offer change it implements ("Charge
        change done ... allocation=N") and every connector status change, in order; replaying them gives
        every state balanz put the group in, each checked against the maximum in force then. Priorities
        come from the samples. Log times have whole seconds: an entry may be up to 1 s later than written.
        """
        if self.log_path is None or not self.log_path.exists():
            return []
        tracker = ExcursionTracker(LEDGER)
        offers: dict[str, float] = {}
        statuses: dict[str, str] = {}
        for line in self.log_path.read_text(errors="replace").splitlines():
            change = logged_offer(line)
            status = _STATUS.search(line)
            stop = _PSEUDO_STOP.search(line)
            if _BALANZ_START.search(line):  # balanz restarted with the same log: its ledger starts anew
                offers.clear()
                statuses.clear()
                continue
            if stop and stop["charger"] in self.aliases:
                alias = connector_name(self.aliases[stop["charger"]], stop["connector"])
                statuses[alias], offers[alias] = "Available", 0.0
            elif change and change[0] in self.aliases:
                charger_id, connector, amps = change
                offers[connector_name(self.aliases[charger_id], connector)] = amps
            elif status and status["charger"] in self.aliases:
                alias = connector_name(self.aliases[status["charger"]], status["connector"])
                statuses[alias] = status["new"]
                if status["new"] not in SESSION_STATES:
                    offers[alias] = 0.0
            else:
                continue
            at = balanz_log_time(line)
            priorities = {a: self.priority_at(a, at) for a, s in statuses.items() if s in SESSION_STATES}
            state = Sample(at, {a: o for a, o in offers.items() if a in priorities}, priorities, {})
            tracker.update(at, self.violations(state, "balanz", until=at + 1.0))
        found = tracker.all
        for excursion in found:
            excursion.acknowledged = (excursion.limit_name, excursion.limit, int(excursion.start)) in (
                self._acknowledged_ledger
            )
        return found

    def priority_at(self, alias: str, at: float) -> int:
        """A session's priority around ``at``: the site's data's (the oracle's; log times have whole seconds, so
        at the end of that second), else as sampled: the last sample before, else the first sample after that
        shows the session (it may have started just then)."""
        if self.oracle is not None:
            return self.oracle.priority_at(alias, at + 1.0)
        with self._lock:
            samples = list(self.samples)
        before = [s for s in samples if s.at < at + 1.0 and alias in s.priorities]
        if before:
            return before[-1].priorities[alias]
        after = next((s for s in samples if alias in s.priorities), None)
        return after.priorities[alias] if after else 0

    def acknowledge(self, excursions: list[Excursion]) -> None:
        """Mark excursions as expected (a known-issue scenario demonstrates them)."""
        for excursion in excursions:
            excursion.acknowledged = True
            if excursion.side == LEDGER:  # replayed anew on every call: remember it
                self._acknowledged_ledger.add((excursion.limit_name, excursion.limit, int(excursion.start)))

    def unexpected(self) -> list[Excursion]:
        """Excursions no scenario step acknowledged."""
        return [e for e in self.current_excursions() if not e.acknowledged]

    def sample_before(self, when: float) -> Sample | None:
        """The last sample taken before ``when`` (epoch seconds)."""
        with self._lock:
            earlier = [s for s in self.samples if s.at < when]
        return earlier[-1] if earlier else None
