"""Real chargers: how a charger the harness plays itself (sut/played_charger.py) behaves, from data/model and
from a scenario's words.

A scenario declares such a charger in a step: "RR2-03 is a real charger", optionally followed by what sets it
apart, e.g. "RR2-03 is a real charger whose meter reads 12 345 678 Wh and that takes 0.5 s to apply a charging
profile" (``CLAUSES``). No simulator is started for a charger a scenario declares so (core/site.py PLAYED); its
connectors are those of data/model/chargers.csv (``no_connectors``), and ``data/model/real_chargers.csv`` may
give a charger's defaults (one row per alias; a blank cell keeps the default below).
"""

from __future__ import annotations

import csv
import dataclasses
import re
from dataclasses import dataclass

from balanz_acceptance.core.errors import SetupError
from balanz_acceptance.core.site import SiteModel

#: The file in data/model with the real chargers' defaults (optional; balanz does not read it).
REAL_CHARGERS_CSV = "real_chargers.csv"


@dataclass(frozen=True)
class ChargerOptions:
    """What sets one real charger apart. The defaults are a charger that does exactly what it is told, at once."""

    #: Its energy meter's lifetime register (Wh) when the scenario starts (every connector has its own meter).
    meter_wh: int = 0
    #: Seconds from accepting a charging profile until the charger enforces it (its control loop, the EV's
    #: reaction to the new pilot signal).
    apply_delay: float = 0.0
    #: Seconds the charger takes to answer any call of balanz.
    reply_latency: float = 0.0
    #: It answers every SetChargingProfile with Rejected (it does not support smart charging).
    rejects_profiles: bool = False
    #: Seconds between its periodic meter values (None: the timing profile's meter-value interval).
    meter_value_interval: float | None = None
    #: It starts a transaction only once the EV draws power (as ABB chargers do), not when the tag is accepted.
    transaction_when_charging: bool = False
    #: Its meter values report the current it offers (Current.Offered: a measurand OCPP 1.6 leaves to the charger).
    reports_offer: bool = True
    #: Connectors, if a step says so (checked against data/model/chargers.csv; None: as chargers.csv has it).
    connectors: int | None = None

    def describe(self) -> str:
        """The options that differ from the defaults, in words."""
        found = [f"{f.name}={getattr(self, f.name)!r}" for f in dataclasses.fields(self) if _differs(self, f.name)]
        return ", ".join(found) or "no options"


def _differs(options: ChargerOptions, name: str) -> bool:
    return getattr(options, name) != getattr(ChargerOptions(), name)


def _number(text: str) -> float:
    return float(text.replace(" ", "").replace(",", ""))


#: The clauses a declaration may add after "is a real charger", each with what it sets.
CLAUSES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"whose meter reads (?P<v>\d[\d ]*) Wh"), "meter_wh"),
    (re.compile(r"that takes (?P<v>\d+(?:\.\d+)?) s to apply a charging profile"), "apply_delay"),
    (re.compile(r"that answers balanz after (?P<v>\d+(?:\.\d+)?) s"), "reply_latency"),
    (re.compile(r"that rejects charging profiles"), "rejects_profiles"),
    (re.compile(r"that sends meter values every (?P<v>\d+(?:\.\d+)?) s"), "meter_value_interval"),
    (re.compile(r"that starts a transaction only once the EV draws power"), "transaction_when_charging"),
    (re.compile(r"that does not report the current it offers"), "reports_offer"),
    (re.compile(r"with (?P<v>one|two) connectors?"), "connectors"),
)
_SEPARATOR = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)")


def parse_options(text: str, base: ChargerOptions | None = None) -> ChargerOptions:
    """``base`` (default: the defaults) with the clauses of ``text`` (what follows "is a real charger") applied;
    SetupError naming the words it cannot read."""
    options = base or ChargerOptions()
    rest = text.strip()
    changes: dict[str, object] = {}
    while rest:
        rest = _SEPARATOR.sub("", rest, count=1) if _SEPARATOR.match(rest) else rest
        for pattern, name in CLAUSES:
            found = pattern.match(rest)
            if found:
                changes[name] = _value(name, found.groupdict().get("v"))
                rest = rest[found.end() :]
                break
        else:
            known = "; ".join(p.pattern.replace("(?P<v>", "<").replace(")", ">") for p, _ in CLAUSES)
            raise SetupError(f"a real charger '{text.strip()}': cannot read '{rest}' (clauses: {known})")
    return dataclasses.replace(options, **changes)  # type: ignore[arg-type]


#: The clauses that set a yes/no option, and the value they set.
_FLAGS = {"rejects_profiles": True, "transaction_when_charging": True, "reports_offer": False}


def _value(name: str, text: str | None) -> object:
    if name in _FLAGS:
        return _FLAGS[name]
    assert text is not None
    if name == "connectors":
        return {"one": 1, "two": 2}[text]
    if name == "meter_wh":
        return int(_number(text))
    return _number(text)


def load_real_chargers(site: SiteModel) -> dict[str, ChargerOptions]:
    """The defaults data/model/real_chargers.csv gives (alias → options); empty if the file is absent.

    Columns (each optional, a blank cell keeps the default): ``alias``, ``meter_wh``, ``apply_delay_s``,
    ``reply_latency_s``, ``rejects_profiles`` (yes/no), ``meter_value_interval_s``, ``transaction_when_charging``
    (yes/no)."""
    path = site.model_dir / REAL_CHARGERS_CSV
    if not path.is_file():
        return {}
    columns = {
        "meter_wh": ("meter_wh", lambda v: int(_number(v))),
        "apply_delay_s": ("apply_delay", _number),
        "reply_latency_s": ("reply_latency", _number),
        "rejects_profiles": ("rejects_profiles", _yes),
        "meter_value_interval_s": ("meter_value_interval", _number),
        "transaction_when_charging": ("transaction_when_charging", _yes),
    }
    found: dict[str, ChargerOptions] = {}
    with path.open(newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            alias = (row.get("alias") or "").strip()
            where = f"data/model/{REAL_CHARGERS_CSV}:{line}"
            if alias not in site.chargers:
                raise SetupError(f"{where}: charger '{alias}' is not in data/model/chargers.csv")
            values: dict[str, object] = {}
            for column, (name, convert) in columns.items():
                cell = (row.get(column) or "").strip()
                if cell:
                    try:
                        values[name] = convert(cell)
                    except ValueError:
                        raise SetupError(f"{where}: {column} '{cell}' is not valid") from None
            found[alias] = ChargerOptions(**values)  # type: ignore[arg-type]
    return found


def _yes(text: str) -> bool:
    if text.lower() not in ("yes", "no"):
        raise ValueError(text)
    return text.lower() == "yes"


def options_for(site: SiteModel, alias: str, words: str = "") -> ChargerOptions:
    """A real charger's options: data/model's defaults for it, then the declaration's clauses (``words``)."""
    options = parse_options(words, load_real_chargers(site).get(alias))
    connectors = site.charger(alias).connectors
    if options.connectors is not None and options.connectors != connectors:
        raise SetupError(
            f"the scenario says {alias} has {options.connectors} connector(s); "
            f"data/model/chargers.csv says {connectors}"
        )
    return dataclasses.replace(options, connectors=connectors)
