"""docs/coverage.md - every observable behaviour of balanz and the scenarios that specify it - is kept true here:
every scenario it names exists, every API command, OCPP action, configuration key and audit entry kind of
balanz has a row, every row names a scenario or says why none can, and the totals add up."""

from __future__ import annotations

import configparser
import importlib.util
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from behave.parser import parse_file

from balanz_acceptance.core.settings import PROJECT_ROOT
from balanz_acceptance.sut.api_commands import COMMANDS, allow_lists_from_source

COVERAGE = PROJECT_ROOT / "docs" / "coverage.md"
FEATURES = PROJECT_ROOT / "features"
_REF = re.compile(r"^`(?P<feature>\w+): (?P<scenario>.+)`$")
_TOTALS = re.compile(
    r"\*\*Totals: (?P<rows>\d+) behaviours; (?P<specified>\d+) specified by a scenario \((?P<known>\d+) of them with a "
    r"known-issue scenario\), (?P<none>\d+) not, each with\s+its reason\.\*\*"
)


@dataclass(frozen=True)
class Row:
    """One behaviour of the table."""

    ident: str
    behaviour: str
    refs: list[tuple[str, str]]
    reason: str | None


def rows() -> list[Row]:
    """Every row of the coverage tables."""
    found = []
    for line in COVERAGE.read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")] if line.startswith("| ") else []
        if len(cells) != 4 or cells[0] in ("#", "---") or set(cells[0]) <= {"-"}:
            continue
        ident, behaviour, _, scenarios = cells
        if scenarios.startswith("none:"):
            found.append(Row(ident, behaviour, [], scenarios.removeprefix("none:").strip()))
            continue
        refs = []
        for part in scenarios.split("<br>"):
            match = _REF.match(part.strip())
            assert match, f"{ident}: '{part}' is neither `feature: scenario` nor none: reason"
            refs.append((match["feature"], match["scenario"]))
        found.append(Row(ident, behaviour, refs, None))
    return found


def scenario_names(feature: str) -> set[str]:
    """The names of a feature's scenarios and scenario outlines, as written."""
    path = FEATURES / f"{feature}.feature"
    assert path.is_file(), f"no feature {feature}"
    parsed = parse_file(str(path))
    names = {s.name for s in parsed.walk_scenarios(with_outlines=True)}
    for rule in parsed.rules:
        names |= {s.name for s in rule.scenarios}
    return names


def named_in_behaviours(name: str) -> list[Row]:
    """The rows whose behaviour names ``name`` in backticks and that name a scenario."""
    return [r for r in rows() if f"`{name}`" in r.behaviour and r.refs]


def balanz_source(name: str) -> Path | None:
    """A file of the installed balanz package, if balanz is installed in this interpreter."""
    spec = importlib.util.find_spec("balanz")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / name
    return path if path.is_file() else None


# --- the table itself ---------------------------------------------------------------------------------------------
def test_the_table_has_rows_with_unique_ids():
    found = rows()
    assert len(found) > 100
    ids = [r.ident for r in found]
    assert len(ids) == len(set(ids)), "an id twice"


def test_every_row_names_a_scenario_or_says_why_none_can():
    for row in rows():
        assert row.refs or (row.reason and len(row.reason) > 20), f"{row.ident}: no scenario and no reason"


def test_every_scenario_named_exists():
    names: dict[str, set[str]] = {}
    missing = []
    for row in rows():
        for feature, scenario in row.refs:
            if feature not in names:
                names[feature] = scenario_names(feature)
            if scenario not in names[feature]:
                missing.append(f"{row.ident}: {feature}: {scenario}")
    assert not missing, "scenarios the table names that do not exist:\n" + "\n".join(missing)


def test_the_totals_add_up():
    found = rows()
    totals = _TOTALS.search(" ".join(COVERAGE.read_text().split()))
    assert totals, "docs/coverage.md states no totals"
    specified = [r for r in found if r.refs]
    known = [r for r in specified if any(f.endswith("_known_issues") for f, _ in r.refs)]
    assert int(totals["rows"]) == len(found)
    assert int(totals["specified"]) == len(specified)
    assert int(totals["known"]) == len(known)
    assert int(totals["none"]) == len(found) - len(specified)


def test_every_known_issue_feature_is_named():
    named = {feature for row in rows() for feature, _ in row.refs}
    known = {p.stem for p in FEATURES.glob("*_known_issues.feature")}
    assert known <= named, f"known-issue features the table does not name: {sorted(known - named)}"


# --- what balanz has --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("command", ["Login", *COMMANDS, "WriteTags"])
def test_every_api_command_has_a_specified_row(command):
    assert named_in_behaviours(command), f"no row with a scenario names the API command `{command}`"


@pytest.mark.skipif(balanz_source("api.py") is None, reason="balanz is not installed in this interpreter")
def test_the_api_commands_are_balanz_s():
    api_py = balanz_source("api.py")
    assert api_py is not None
    _, commands = allow_lists_from_source(api_py)
    assert commands | {"Login"} == {"Login", *COMMANDS}


def ocpp_actions(source: str) -> list[str]:
    """The OCPP actions a charge point class handles (``@on(Action.boot_notification)`` → BootNotification)."""
    return ["".join(p.capitalize() for p in a.split("_")) for a in re.findall(r"@on\(Action\.(\w+)\)", source)]


@pytest.mark.skipif(balanz_source("charge_point_csms_v16.py") is None, reason="balanz is not installed")
def test_every_ocpp_action_balanz_handles_has_a_specified_row():
    path = balanz_source("charge_point_csms_v16.py")
    assert path is not None
    actions = ocpp_actions(path.read_text())
    assert len(actions) > 10
    missing = [a for a in actions if not named_in_behaviours(a)]
    assert not missing, f"OCPP actions balanz handles that no specified row names: {missing}"


def test_ocpp_actions_are_read_from_balanz_s_handlers():
    assert ocpp_actions("@on(Action.signed_firmware_status_notification)\n") == ["SignedFirmwareStatusNotification"]


def test_every_configuration_key_has_a_row():
    config = configparser.ConfigParser(interpolation=None)
    config.optionxform = str
    config.read(PROJECT_ROOT / "data" / "config" / "balanz.ini")
    behaviours = " ".join(r.behaviour for r in rows())
    missing = [
        f"[{section}] {key}"
        for section in config.sections()
        if section != "logging"
        for key in config[section]
        if f"`{key}`" not in behaviours
    ]
    assert not missing, f"configuration keys the table does not name: {missing}"
    assert "`[logging]`" in behaviours


@pytest.mark.skipif(balanz_source("model.py") is None, reason="balanz is not installed in this interpreter")
def test_every_kind_of_audit_entry_has_a_specified_row():
    kinds = set()
    for name in ("model.py", "api.py"):
        path = balanz_source(name)
        assert path is not None
        kinds |= set(re.findall(r"audit_logger\.\w+\(\s*f?\"\[([A-Z]+-[A-Z]+)\]", path.read_text()))
    assert len(kinds) >= 9
    missing = [k for k in sorted(kinds) if not named_in_behaviours(f"[{k}]")]
    assert not missing, f"audit entry kinds no specified row names: {missing}"
