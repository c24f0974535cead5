"""Fixtures shared by the harness's own tests: loopback fakes of ocppsim and balanz, the real data."""

from __future__ import annotations

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
