"""Settings of a run, read from behave userdata (``-D key=value`` or ``[tool.behave.userdata]``).

A run stays where it starts, as behave finds ``features/`` and ``steps/`` in the current directory: the test
site is ``data/`` there, and the reports go to ``reports/`` there (``-D reports_dir`` elsewhere), never next
to the installed package.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from balanz_acceptance.core.errors import SetupError

#: The checkout this package is imported from. The harness's own tests find the repository's files through it;
#: a run never does (it reads ``DATA_DIR`` and writes ``REPORTS_DIR`` in the directory it starts in).
PROJECT_ROOT = Path(__file__).resolve().parents[2]
#: The test site (model, configurations, timing profiles), in the directory a run starts in.
DATA_DIR = "data"
#: Where a run writes its reports unless ``-D reports_dir`` says otherwise, relative to where it starts.
REPORTS_DIR = "reports"

#: Every userdata key the suite understands, with what it means (shown on a typo).
KNOWN_KEYS: dict[str, str] = {
    "sut_python": "interpreter that has balanz and ocppsim installed",
    "balanz_src": "directory holding balanz's balanz.py",
    "ocppsim_src": "directory holding ocppsim.py",
    "timing": "timing profile: fast or standard",
    "stack": "managed (start balanz and simulators) or external",
    "balanz_url": "external stack: balanz websocket URL",
    "api_token": "balanz API login token",
    "timeout_factor": "multiplier for every deadline (slow machines)",
    "runtime_dir": "where per-scenario runtime directories and logs are kept",
    "reports_dir": "where the sign-off summary is written",
    "storm_seed": "replay every storm of the selection from this seed (features/storms.feature)",
    "storm_shrink": "replays a failing storm may use to shrink its event list (0: none)",
}
#: Replays a failing storm uses by default to shrink its event list (``storm_shrink``).
DEFAULT_STORM_SHRINK = 6
#: Prefix of the per-charger simulator command URL keys (external stack), e.g. ``sim.RR2-01``.
SIM_KEY_PREFIX = "sim."
#: Userdata keys behave's formatters read themselves (e.g. ``behave.formatter.html-pretty.title_string``).
FORMATTER_KEY_PREFIX = "behave."

DEFAULT_BALANZ_URL = "ws://localhost:9999"
#: The test user in data/model/users.csv logs in with this token.
DEFAULT_API_TOKEN = "acceptance-suite-token"
#: The upstream tests' simulator command ports (tests/README.md of balanz).
DEFAULT_SIM_URLS: dict[str, str] = {
    "HQ-14": "ws://localhost:1234",
    "RR2-01": "ws://localhost:1235",
    "RR2-02": "ws://localhost:1236",
    "RR2-03": "ws://localhost:1237",
    "RR2-04": "ws://localhost:1238",
}

_PROBE = r"""
import importlib.metadata, importlib.util, json, sys
out = {"version": list(sys.version_info[:2])}
for name in ("balanz", "ocppsim"):
    spec = importlib.util.find_spec(name)
    if spec is None:
        out[name] = None
    elif spec.submodule_search_locations:
        out[name] = list(spec.submodule_search_locations)[0]
    else:
        out[name] = spec.origin
try:
    out["balanz_version"] = importlib.metadata.version("balanz")
except importlib.metadata.PackageNotFoundError:
    out["balanz_version"] = None
print(json.dumps(out))
"""


@dataclass(frozen=True)
class Settings:
    """Validated settings of one run."""

    timing: str = "fast"
    stack: str = "managed"
    sut_python: Path = Path(sys.executable)
    balanz_src: Path | None = None
    ocppsim_src: Path | None = None
    balanz_url: str = DEFAULT_BALANZ_URL
    api_token: str = DEFAULT_API_TOKEN
    sim_urls: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_SIM_URLS))
    timeout_factor: float = 1.0
    runtime_dir: Path = field(default_factory=lambda: Path.cwd() / REPORTS_DIR / "runtime")
    reports_dir: Path = field(default_factory=lambda: Path.cwd() / REPORTS_DIR)
    data_dir: Path = field(default_factory=lambda: Path.cwd() / DATA_DIR)
    #: The seed every storm uses instead of its own (``-D storm_seed=N``: a replay), or None.
    storm_seed: int | None = None
    #: Replays a failing storm may use to shrink its event list.
    storm_shrink: int = DEFAULT_STORM_SHRINK

    @property
    def managed(self) -> bool:
        """True when the suite starts balanz and the simulators itself."""
        return self.stack == "managed"


def check_keys(userdata: Mapping[str, str]) -> None:
    """Refuse any userdata key the suite does not know, listing the valid ones."""
    for key in userdata:
        if key in KNOWN_KEYS or key.startswith((SIM_KEY_PREFIX, FORMATTER_KEY_PREFIX)):
            continue
        valid = ", ".join([*KNOWN_KEYS, SIM_KEY_PREFIX + "<charger alias>", FORMATTER_KEY_PREFIX + "formatter.*"])
        raise SetupError(f"unknown userdata key '{key}'; valid keys are: {valid}")


def reports_dir_of(userdata: Mapping[str, str]) -> Path:
    """The run's reports directory: ``-D reports_dir`` (relative to the current directory) or ``reports/`` here."""
    return Path(userdata.get("reports_dir", REPORTS_DIR)).expanduser().resolve()


def data_dir_here() -> Path:
    """The test site of a run: ``data/`` in the current directory; SetupError if the directory has none."""
    data_dir = Path.cwd() / DATA_DIR
    if not (data_dir / "model").is_dir():
        raise SetupError(
            f"{Path.cwd()} has no {DATA_DIR}/model: start the run in the suite's directory "
            f"(the one holding features/, steps/ and {DATA_DIR}/)"
        )
    return data_dir


def load_settings(userdata: Mapping[str, str]) -> Settings:
    """Read and validate the settings; raise SetupError with one clear line on bad input."""
    check_keys(userdata)
    timing = userdata.get("timing", "fast")
    stack = userdata.get("stack", "managed")
    if stack not in ("managed", "external"):
        raise SetupError(f"stack: '{stack}' is not valid; expected 'managed' or 'external'")
    try:
        factor = float(userdata.get("timeout_factor", "1"))
    except ValueError:
        raise SetupError(f"timeout_factor: '{userdata['timeout_factor']}' is not a number; expected e.g. 1.5") from None
    if not math.isfinite(factor) or factor <= 0:
        raise SetupError(f"timeout_factor: {factor} must be a positive number")
    sim_urls = dict(DEFAULT_SIM_URLS)
    for key, value in userdata.items():
        if key.startswith(SIM_KEY_PREFIX):
            sim_urls[key[len(SIM_KEY_PREFIX) :]] = value
    storm: dict[str, int] = {}
    for key in ("storm_seed", "storm_shrink"):
        if key in userdata:
            try:
                storm[key] = int(userdata[key])
            except ValueError:
                raise SetupError(f"{key}: '{userdata[key]}' is not a whole number") from None
            if storm[key] < 0:
                raise SetupError(f"{key}: {storm[key]} must not be negative")
    reports_dir = reports_dir_of(userdata)
    runtime_dir = Path(userdata.get("runtime_dir", str(reports_dir / "runtime"))).expanduser()  # with the reports
    common = dict(
        timing=timing,
        stack=stack,
        balanz_url=userdata.get("balanz_url", DEFAULT_BALANZ_URL).rstrip("/"),
        api_token=userdata.get("api_token", DEFAULT_API_TOKEN),
        sim_urls=sim_urls,
        timeout_factor=factor,
        runtime_dir=runtime_dir.resolve(),
        reports_dir=reports_dir,
        data_dir=data_dir_here(),
        **storm,
    )
    if stack == "external":
        return Settings(**common)
    sut_python, balanz_src, ocppsim_src = locate_sut(
        userdata.get("sut_python"), userdata.get("balanz_src"), userdata.get("ocppsim_src")
    )
    return Settings(**common, sut_python=sut_python, balanz_src=balanz_src, ocppsim_src=ocppsim_src)


def locate_sut(sut_python: str | None, balanz_src: str | None, ocppsim_src: str | None) -> tuple[Path, Path, Path]:
    """Find the interpreter and the balanz/ocppsim source directories, checking each one."""
    python = (Path(sut_python).expanduser() if sut_python else Path(sys.executable)).absolute()
    if not python.exists():
        raise SetupError(
            f"sut_python: {python} does not exist; expected a Python >= 3.13 interpreter "
            "that has balanz and ocppsim installed"
        )
    try:
        probe = subprocess.run(  # in a session of its own: a Ctrl-C at the terminal is the run's to handle
            [str(python), "-c", _PROBE], capture_output=True, text=True, timeout=20, check=False, start_new_session=True
        )
        found = json.loads(probe.stdout)
    except (OSError, subprocess.TimeoutExpired, json.JSONDecodeError):
        raise SetupError(f"sut_python: {python} is not a working Python interpreter") from None
    if tuple(found["version"]) < (3, 13):
        version = ".".join(map(str, found["version"]))
        raise SetupError(f"sut_python: {python} is Python {version}; balanz and ocppsim need Python >= 3.13")

    balanz_dir = _source_dir("balanz_src", balanz_src, found.get("balanz"), "balanz.py", python, "balanz")
    ocppsim_dir = _source_dir("ocppsim_src", ocppsim_src, found.get("ocppsim"), "ocppsim.py", python, "ocppsim")
    if found.get("balanz_version") is None:
        raise SetupError(
            f"sut_python: {python} has no installed 'balanz' distribution (balanz reads its version "
            "at start-up); install it with: pip install <balanz checkout>"
        )
    return python, balanz_dir, ocppsim_dir


def _source_dir(key: str, given: str | None, imported: str | None, script: str, python: Path, package: str) -> Path:
    if given:
        directory = Path(given).expanduser().resolve()
    elif imported:
        directory = Path(imported).resolve()
        directory = directory if directory.is_dir() else directory.parent
    else:
        raise SetupError(
            f"sut_python: {python} cannot import {package}; install it there "
            f"(pip install <{package} checkout>) or set {key} and sut_python"
        )
    if not (directory / script).is_file():
        raise SetupError(f"{key}: {directory} has no {script}; expected the directory holding {script}")
    return directory
