"""Fixtures shared by the harness's own tests: loopback fakes of ocppsim and balanz, the real data."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from balanz_acceptance.core.settings import PROJECT_ROOT
from tests.fakes import FakeBalanz, FakeOcppsim


@pytest.fixture
def data_dir() -> Path:
    """The repository's real data directory (read only: copy it before changing anything)."""
    return PROJECT_ROOT / "data"


@pytest.fixture
def fake_ocppsim() -> Iterator[FakeOcppsim]:
    """A fake ocppsim command port on 127.0.0.1; script it through its attributes."""
    sim = FakeOcppsim().start()
    yield sim
    sim.stop()


@pytest.fixture
def fake_balanz() -> Iterator[FakeBalanz]:
    """A fake balanz API at ws://127.0.0.1:<port>/api; script it through its attributes."""
    balanz = FakeBalanz().start()
    yield balanz
    balanz.stop()


# --- the project's reports/ is not the tests' ---------------------------------------------------------------
def _reports_snapshot() -> dict[str, tuple[int, int]]:
    """Files a run leaves at the top of the project's reports/ (and its junit/), with mtime and size."""
    reports = PROJECT_ROOT / "reports"
    files = [*reports.glob("*"), *reports.glob("junit/*")]
    return {str(p.relative_to(reports)): (p.stat().st_mtime_ns, p.stat().st_size) for p in files if p.is_file()}


def pytest_sessionstart(session: pytest.Session) -> None:
    """Remember the project's reports before the tests."""
    session.config.stash[_REPORTS] = _reports_snapshot()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the session if a test wrote into the project's reports/ (tests use temporary directories)."""
    before = session.config.stash.get(_REPORTS, None)
    if before is not None and _reports_snapshot() != before:
        changed = sorted(set(_reports_snapshot().items()) ^ set(before.items()))
        print(f"\nA test wrote into the project's reports/: {[name for name, _ in changed]}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


_REPORTS = pytest.StashKey[dict[str, tuple[int, int]]]()

# The runner's tests start many stand-in scenarios: no spacing between their starts.
os.environ.setdefault("BALANZ_ACCEPTANCE_START_SPACING", "0")
