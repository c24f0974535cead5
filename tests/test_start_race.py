"""balanz_acceptance.actors.charger_under_test: the simulator's start race is detected and nudged exactly
when the simulator sits in SuspendedEVSE with a usable offer in a transaction for the profile's stuck_after
(STUCK_AFTER, scaled by timeout_factor)."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest

from balanz_acceptance.actors.charger_under_test import ChargerUnderTest
from balanz_acceptance.core.site import SiteModel
from balanz_acceptance.core.timing import STUCK_AFTER, load_profile
from balanz_acceptance.sut.ocppsim_client import OcppsimClient
from tests.fakes import FakeOcppsim

STUCK = {"status": "SuspendedEVSE", "offer": 6.0, "transaction_id": 7, "last_id_tag": "D40C346D"}


class _Record:
    def __init__(self) -> None:
        self.notes: list[str] = []

    def note(self, text: str) -> None:
        self.notes.append(text)


class RacingSim(FakeOcppsim):
    """A simulator that acts on a nudge: ``nodelay`` makes a stuck EV charge, ``suspend`` declares it delays."""

    def answer(self, message: str, state: dict[str, Any]) -> str | None:
        if message == "nodelay":
            self.status["status"] = "Charging"
            return "Delay flag cleared"
        if message == "suspend":
            self.status["status"] = "SuspendedEV"
            return "Suspended"
        return super().answer(message, state)


@pytest.fixture
def sim() -> RacingSim:
    fake = RacingSim().start()
    yield fake
    fake.stop()


def _charger(sim: RacingSim, data_dir: Path, record: _Record) -> ChargerUnderTest:
    site = SiteModel(data_dir / "model")
    profile = load_profile(data_dir, "fast", factor=0.5)  # prompt: (2 ticks + 4 s) x 0.5 = 3 s
    return ChargerUnderTest(site.charger("HQ-14"), OcppsimClient(sim.url, "HQ-14"), None, profile, record)  # type: ignore[arg-type]


def _nudges(sim: RacingSim) -> list[str]:
    return [m for m in sim.received if m != "jsonstatus"]


def test_a_session_that_starts_is_not_nudged(sim, data_dir):
    sim.status.update(STUCK, status="Charging")
    record = _Record()
    status = _charger(sim, data_dir, record).settle_session_start(ev_delays=False)
    assert status.status == "Charging" and _nudges(sim) == []
    assert any("without the start race" in n for n in record.notes)


def test_a_simulator_stuck_in_the_start_race_is_nudged_once_after_it_has_been_stuck_long_enough(sim, data_dir):
    sim.status.update(STUCK)
    record = _Record()
    started = time.monotonic()
    charger = _charger(sim, data_dir, record)
    status = charger.settle_session_start(ev_delays=False)
    assert time.monotonic() - started >= charger.profile.stuck_after == STUCK_AFTER * 0.5
    assert status.status == "Charging" and _nudges(sim) == ["nodelay"]
    assert any("START RACE" in n and "'nodelay'" in n for n in record.notes)


def test_a_delaying_ev_is_nudged_with_suspend_which_keeps_its_delay(sim, data_dir):
    sim.status.update(STUCK)
    status = _charger(sim, data_dir, _Record()).settle_session_start(ev_delays=True)
    assert status.status == "SuspendedEV" and _nudges(sim) == ["suspend"]


def test_suspended_evse_without_a_transaction_is_not_the_start_race(sim, data_dir):
    sim.status.update(STUCK, transaction_id=None)
    with pytest.raises(AssertionError, match="balanz's first offer reaches the charger"):
        _charger(sim, data_dir, _Record()).settle_session_start(ev_delays=False)
    assert _nudges(sim) == []


def test_a_simulator_briefly_in_suspended_evse_is_left_alone(sim, data_dir):
    sim.status.update(STUCK)
    charger = _charger(sim, data_dir, _Record())

    threading.Timer(0.5, lambda: sim.status.update(status="Charging")).start()  # its own re-evaluation
    status = charger.settle_session_start(ev_delays=False)
    assert status.status == "Charging" and _nudges(sim) == []
