"""The group safety watch: a background sampler that checks a group never exceeds its maximum.

While a scenario runs, a thread samples balanz's offers for every charger of the group (one GetChargers
call: a consistent snapshot) and what each simulator is allowed to draw (its offer). For each sample it
computes the maximum that applies to the sessions present (site.Group.maximum_for) and each priority
bucket's own cap, and records every excursion above them: which side, how far, how long, who.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from balanz_acceptance.core.record import ScenarioRecord
from balanz_acceptance.core.site import Group
from balanz_acceptance.sut.balanz_api import ApiUnavailable, BalanzApi, ConnectorView
from balanz_acceptance.sut.ocppsim_client import OcppsimClient, OcppsimError

_CHANGE = re.compile(
    r"Charge change done ChargeChange\(charger_id='(?P<charger>[^']+)'.*?allocation=(?P<amps>[\d.]+)\)"
)
_STATUS = re.compile(r"Updating status for connector (?P<charger>[^/]+)/1 \([^)]*\): ?\S+ => (?P<new>\w+)")


def _log_time(line: str) -> float:
    """Epoch seconds of a balanz log line (``YYYY-MM-DD HH:MM:SS ...``, local time)."""
    try:
        return time.mktime(time.strptime(line[:19], "%Y-%m-%d %H:%M:%S"))
    except ValueError:
        return 0.0


#: Connector states that take part in balancing (balanz: util.py, model.py).
SESSION_STATES = ("Charging", "SuspendedEV", "SuspendedEVSE")
SAMPLE_EVERY = 0.2


@dataclass(frozen=True)
class Sample:
    """One observation of the group."""

    at: float
    offers: dict[str, float]
    priorities: dict[str, int]
    sim_offers: dict[str, float]
    sim_energy: dict[str, float] = field(default_factory=dict)
    sim_draw: dict[str, float] = field(default_factory=dict)

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


@dataclass
class GroupWatch:
    """Samples a group in the background and records excursions above its maxima."""

    group: Group
    api: BalanzApi
    sims: dict[str, OcppsimClient]
    record: ScenarioRecord
    samples: list[Sample] = field(default_factory=list)
    excursions: list[Excursion] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    _open: dict[tuple[str, str], Excursion] = field(default_factory=dict)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _grace_until: float = 0.0
    #: Chargers the scenario made silent: their simulators cannot answer and are not sampled.
    silenced: set[str] = field(default_factory=set)
    #: balanz's log: every offer change balanz made, in order, is replayed from it (see ledger_excursions).
    log_path: Path | None = None
    _acknowledged_ledger: set[tuple[str, float, int]] = field(default_factory=set)
    #: charger id → alias, for the chargers of this group.
    aliases: dict[str, str] = field(default_factory=dict)

    def start(self) -> None:
        """Start sampling in a daemon thread."""
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
        self.api.close()
        for sim in self.sims.values():
            sim.close()
        with self._lock:
            for key in list(self._open):
                self._close(key)
        self.record.note(
            f"group watch on {self.group.group_id} stopped: {len(self.samples)} samples, "
            f"{len(self.excursions)} excursion(s)"
        )

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.observe(self._sample())
            except (ApiUnavailable, OcppsimError) as exc:
                if not self._stop.is_set():
                    self.errors.append(str(exc))
                    self.record.note(f"group watch: sampling failed: {exc}")
                    self._stop.wait(1.0)
            self._stop.wait(SAMPLE_EVERY)

    def _sample(self) -> Sample:
        views = [ConnectorView.from_charger(c) for c in self.api.chargers(group_id=self.group.group_id)]
        in_session = [v for v in views if v.status in SESSION_STATES]
        sim_offers, sim_energy, sim_draw = {}, {}, {}
        for alias, sim in self.sims.items():
            if alias in self.silenced:
                continue
            status = sim.status()
            sim_offers[alias] = status.offer if status.status in SESSION_STATES else 0.0
            sim_energy[alias] = status.energy
            sim_draw[alias] = float(status.usage or 0.0) if status.status == "Charging" else 0.0
        return Sample(
            at=time.time(),
            # Only sessions take part in balancing. (A session balanz closed because its charger went
            # silent keeps its last offer in GetChargers; it is no longer balanced, so not counted.)
            offers={v.alias: v.offered if v.status in SESSION_STATES else 0.0 for v in views},
            priorities={v.alias: int(v.priority or 0) for v in in_session},
            sim_offers=sim_offers,
            sim_energy=sim_energy,
            sim_draw=sim_draw,
        )

    def limits(self, sample: Sample) -> list[tuple[str, float, list[str]]]:
        """(limit name, amps, chargers it covers) for the sessions present in ``sample``."""
        priorities = list(sample.priorities.values())
        found = [("the group maximum", float(self.group.maximum_for(priorities)), list(sample.offers))]
        for threshold, amps in self.group.buckets.items():
            members = [a for a, p in sample.priorities.items() if self.group.bucket_of(p) == threshold]
            if members:
                found.append((f"the priority-{threshold} bucket", float(amps), members))
        return found

    def observe(self, sample: Sample) -> None:
        """Check one sample against every limit; open, extend or close excursions."""
        with self._lock:
            self.samples.append(sample)
            for side in ("balanz", "chargers"):
                offers = sample.offers if side == "balanz" else sample.sim_offers
                if not offers:
                    continue
                for name, limit, members in self.limits(sample):
                    key = (side, name)
                    total = sum(offers.get(a, 0.0) for a in members)
                    if total > limit + 0.01:
                        state = f"total {total:g} A: {sample.describe(side)}"
                        current = self._open.get(key)
                        if current is None:
                            current = Excursion(side, name, limit, sample.at, sample.at, total, state)
                            current.acknowledged = sample.at <= self._grace_until
                            self._open[key] = current
                        else:
                            current.end = sample.at
                            if total > current.worst:
                                current.worst, current.worst_state = total, state
                    elif key in self._open:
                        self._close(key)

    def change_maximum(self, max_allocation: str, grace: float) -> None:
        """The operator changed the group's maximum: check against the new one from now on.

        balanz applies a new maximum at its next balancing run, so excursions that begin within
        ``grace`` seconds of the change are expected and acknowledged.
        """
        with self._lock:
            self.group = Group(self.group.group_id, max_allocation)
            self._grace_until = time.time() + grace
        self.record.note(f"group watch: {self.group.group_id} maximum is now {max_allocation!r} (grace {grace:g}s)")

    def _close(self, key: tuple[str, str]) -> None:
        excursion = self._open.pop(key)
        self.excursions.append(excursion)
        self.record.note(f"GROUP EXCURSION {self.group.group_id}: {excursion}")

    def current_excursions(self) -> list[Excursion]:
        """Closed and still-open excursions so far: sampled ones and those in balanz's own offer ledger."""
        with self._lock:
            sampled = [*self.excursions, *self._open.values()]
        return [*sampled, *self.ledger_excursions()]

    def ledger_excursions(self) -> list[Excursion]:
        """Excursions in the sequence of offers balanz made, replayed from its log.

        Sampling a few times a second can miss a state that lasts milliseconds (a newcomer's first offer
        taken back in the same balancing run). balanz logs every offer change it implements ("Charge
        change done ... allocation=N") and every connector status change, in order; replaying them gives
        every state balanz put the group in. Priorities come from the samples.
        """
        if self.log_path is None or not self.log_path.exists():
            return []
        found: list[Excursion] = []
        offers: dict[str, float] = {}
        statuses: dict[str, str] = {}
        open_: dict[str, Excursion] = {}
        for line in self.log_path.read_text(errors="replace").splitlines():
            change = _CHANGE.search(line)
            status = _STATUS.search(line)
            if change and change["charger"] in self.aliases:
                offers[self.aliases[change["charger"]]] = float(change["amps"])
            elif status and status["charger"] in self.aliases:
                alias = self.aliases[status["charger"]]
                statuses[alias] = status["new"]
                if status["new"] not in SESSION_STATES:
                    offers[alias] = 0.0
            else:
                continue
            at = _log_time(line)
            priorities = {a: self.priority_at(a, at) for a, s in statuses.items() if s in SESSION_STATES}
            state = Sample(at, {a: o for a, o in offers.items() if a in priorities}, priorities, {})
            for name, limit, members in self.limits(state):
                total = sum(state.offers.get(a, 0.0) for a in members)
                if total > limit + 0.01:
                    text = f"total {total:g} A: {state.describe('balanz')}"
                    current = open_.get(name)
                    if current is None:
                        current = Excursion("balanz's offer ledger", name, limit, at, at, total, text)
                        current.acknowledged = self._ledger_acknowledged(name, limit, at)
                        open_[name] = current
                        found.append(current)
                    else:
                        current.end = at
                        if total > current.worst:
                            current.worst, current.worst_state = total, text
                elif name in open_:
                    open_.pop(name)
        return found

    def priority_at(self, alias: str, at: float) -> int:
        """A session's priority around ``at`` as sampled: the last sample before (log times are whole
        seconds), else the first sample after that shows the session (it may have started just then)."""
        with self._lock:
            samples = list(self.samples)
        before = [s for s in samples if s.at < at + 1.0 and alias in s.priorities]
        if before:
            return before[-1].priorities[alias]
        after = next((s for s in samples if alias in s.priorities), None)
        return after.priorities[alias] if after else 0

    def _ledger_acknowledged(self, name: str, limit: float, at: float) -> bool:
        return at <= self._grace_until or (name, limit, int(at)) in self._acknowledged_ledger

    def acknowledge(self, excursions: list[Excursion]) -> None:
        """Mark excursions as expected (a known-issue scenario demonstrates them)."""
        for excursion in excursions:
            excursion.acknowledged = True
            if excursion.side == "balanz's offer ledger":  # replayed anew on every call: remember it
                self._acknowledged_ledger.add((excursion.limit_name, excursion.limit, int(excursion.start)))

    def unexpected(self) -> list[Excursion]:
        """Excursions no scenario step acknowledged."""
        return [e for e in self.current_excursions() if not e.acknowledged]

    def sample_before(self, when: float) -> Sample | None:
        """The last sample taken before ``when`` (epoch seconds)."""
        with self._lock:
            earlier = [s for s in self.samples if s.at < when]
        return earlier[-1] if earlier else None
