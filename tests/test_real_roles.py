"""A real charger as the steps see it (actors/played.py), the profiles it holds (checks/charging_profiles.py), what
balanz records of its meter (actors/records.py) and what several of them enforced (actors/balancing.py): against a
loopback central system (FakeCsms) or stand-ins for balanz."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from hamcrest.core.string_description import StringDescription

from balanz_acceptance.actors.balancing import Balancing
from balanz_acceptance.actors.played import PlayedChargerUnderTest
from balanz_acceptance.actors.records import Records
from balanz_acceptance.checks.charging_profiles import BASE, BLOCKING, holds_exactly, sets, wanted
from balanz_acceptance.core.charger_model import ChargerOptions
from balanz_acceptance.core.errors import SetupError
from balanz_acceptance.core.events import Events
from balanz_acceptance.core.record import ScenarioRecord
from balanz_acceptance.core.site import SiteModel
from balanz_acceptance.core.timing import Duration
from balanz_acceptance.sut.balanz_api import ANSWERED, Answer
from balanz_acceptance.sut.charging_profiles import HeldProfile
from balanz_acceptance.sut.played_charger import MeteredSession, Moment
from tests.test_played_charger import default_profile, install_balanz_defaults, tx_profile
from tests.test_real_charger import csms, real  # noqa: F401 - the fixtures

DATA = Path(__file__).resolve().parent.parent / "data"
SITE = SiteModel(DATA / "model")
#: A profile short enough for a test: a hold of 0.3 s; two moments are in the same run if less than 2 s apart.
PROFILE = SimpleNamespace(
    within=lambda duration: 2.0,
    settle=0.3,
    prompt=2.0,
    startup=2.0,
    min_allocation=6.0,
    full_run=4.0,
    balanz={"balanz": {"wait_after_reduce": 1}},
    the_minimum=lambda amps: amps,
)


class _Record:
    def __init__(self) -> None:
        self.notes: list[str] = []

    def note(self, text: str) -> None:
        self.notes.append(text)


# --- balanz's profiles, in a feature's words ------------------------------------------------------------------
def test_a_charger_holds_exactly_the_listed_profiles_a_transactions_limit_may_be_any():
    held = (
        HeldProfile(0, 1, "TxDefaultProfile", 0, 6.0),
        HeldProfile(1, 2, "TxDefaultProfile", 1, 0.0),
        HeldProfile(1, 3, "TxProfile", 3, 9.0, 1),
    )
    listed = [wanted("base", 0, 6.0), wanted("blocking", 1, 0.0)]
    assert holds_exactly([*listed, wanted("transaction", 1, None)]).matches(held)
    assert holds_exactly([*listed, wanted("transaction", 1, 9.0)]).matches(held)
    assert not holds_exactly([*listed, wanted("transaction", 1, 10.0)]).matches(held)
    assert not holds_exactly(listed).matches(held)
    mismatch = StringDescription()
    holds_exactly(listed).describe_mismatch((), mismatch)
    assert str(mismatch) == "held: no profile"
    with pytest.raises(SetupError, match="not 'charging'"):
        wanted("charging", 1, None)


def test_balanz_sets_its_base_and_blocking_profiles_by_id_purpose_and_stack_level():
    assert sets(default_profile(6, 1, 0, 0), BASE) and not sets(default_profile(6, 1, 0, 0), BLOCKING)
    assert sets(default_profile(0, 2, 1, 1), BLOCKING)
    assert not sets({"id": 2}, BLOCKING)


# --- the real charger as the steps see it ------------------------------------------------------------------------
def _role(charger) -> PlayedChargerUnderTest:
    spec = SITE.charger("TW-01")
    return PlayedChargerUnderTest(spec, charger.watched(), None, PROFILE, _Record(), site=SITE, played=charger)  # type: ignore[arg-type]


def test_what_a_real_charger_holds_allows_and_ran_comes_from_its_own_record(csms, real):  # noqa: F811
    role = _role(real(ChargerOptions(connectors=2)))
    install_balanz_defaults(csms, connectors=2)
    role.holds_exactly([("base", 0, 6.0), ("blocking", 1, 0.0), ("blocking", 2, 0.0)], Duration(1, "balancing tick"))
    with pytest.raises(AssertionError, match=r"TW-01: the profiles the charger holds \(expected: connector 0 #1"):
        role.holds_exactly([("base", 0, 6.0)], Duration(1, "balancing tick"))
    role.allows_nothing(2)
    assert role.present_tag("56EB8FBF") == "Accepted"
    assert csms.call("SetChargingProfile", tx_profile(10)) == {"status": "Accepted"}
    [(received, answered, limit)] = role.accepted_tx_limits()
    assert limit == 10.0 and received <= answered
    role.transaction_ids_were([1])
    with pytest.raises(AssertionError, match="transaction ids"):
        role.transaction_ids_were([1, 1])
    assert role.last_session().id_tag == "56EB8FBF"
    assert role.session_priority() == SITE.charger("TW-01").priority  # the tag has no priority of its own
    with pytest.raises(AssertionError, match="TW-01/2 ran no transaction"):
        role.last_session(2)
    role.unplug()
    assert role.last_session().reason == "EVDisconnected"


def _slow_role(server, start, log: Path) -> PlayedChargerUnderTest:
    """TW-01 enforcing profiles 0.5 s late and charging at 12 A; balanz's log is ``log``."""
    role = _role(start(ChargerOptions(apply_delay=0.5, connectors=1)))
    role.profile = SimpleNamespace(**vars(PROFILE), reaction=1.0)  # type: ignore[assignment]
    role.record = SimpleNamespace(logs={"balanz": log}, note=lambda text: None)  # type: ignore[assignment]
    install_balanz_defaults(server)
    role.enforces_what_it_holds()
    assert role.present_tag("56EB8FBF") == "Accepted"
    assert server.call("SetChargingProfile", tx_profile(12)) == {"status": "Accepted"}
    return role


def _cut_to_6_soon(server, role: PlayedChargerUnderTest, log: Path, *, taken_back: bool) -> None:
    """balanz cuts the session to 6 A, logs it, and (``taken_back``) logs taking the charger's report of 12 A."""
    charger_id = role.spec.charger_id

    def cut() -> None:
        server.call("SetChargingProfile", tx_profile(6))
        stamp = time.strftime("%Y-%m-%d %H:%M:%S")
        lines = [f"{stamp} DEBUG model: Charge change done ChargeChange(charger_id='{charger_id}', connector_id=1, "
                 f"transaction_id=1, allocation=6.0)."]  # fmt: skip
        if taken_back:
            lines.append(f"{stamp} INFO model: Connector {charger_id}/1  (TW-01) reported offer 12.0 which is "
                         f"different to expected 6.0. Adjusting it.")  # fmt: skip
        log.write_text("\n".join(lines) + "\n")

    threading.Timer(0.3, cut).start()


def test_a_cut_taken_back_is_the_old_offer_in_balanz_s_log_after_the_cut_before_it_was_enforced(csms, real, tmp_path):  # noqa: F811
    log = tmp_path / "balanz.log"
    role = _slow_role(csms, real, log)
    _cut_to_6_soon(csms, role, log, taken_back=True)
    role.takes_back_its_cut(12.0, 6.0)


def test_a_cut_balanz_keeps_is_not_taken_back(csms, real, tmp_path):  # noqa: F811
    log = tmp_path / "balanz.log"
    role = _slow_role(csms, real, log)
    _cut_to_6_soon(csms, role, log, taken_back=False)
    with pytest.raises(AssertionError, match=r"from the cut until the charger enforced it: 6 A"):
        role.takes_back_its_cut(12.0, 6.0)


# --- what balanz records of a real charger's meter ---------------------------------------------------------------
def test_balanz_records_the_energy_the_meter_counted_in_getsessions_the_session_file_and_its_audit_log(tmp_path):
    stopped = time.time()
    session = MeteredSession(1, "D40C346D", 1, 12_345_678, stopped - 60, 12_345_698, stopped, "EVDisconnected")
    played = SimpleNamespace(sessions=[session])
    spec = SITE.charger("HQ-14")
    role = PlayedChargerUnderTest(spec, None, None, PROFILE, _Record(), site=SITE, played=played)  # type: ignore[arg-type]
    recorded = {"end_time": round(stopped, 2), "energy_meter": 20}
    session_file = f"charger_id,energy\n{spec.charger_id},0.020\n"
    api = SimpleNamespace(
        sessions=lambda **filters: [recorded],
        answer=lambda command: Answer(command, ANSWERED, session_file),
    )
    audit = ["[SESSION-START] ... Meter start: 12345678", "[SESSION-HIST] ... kWh: 0.020"]
    record = ScenarioRecord("energy", tmp_path / "record")
    records = Records(SimpleNamespace(api=api), SITE, SITE.charger, lambda alias: role, PROFILE, record, Events(),  # type: ignore[arg-type]
                      audit=lambda: audit)  # fmt: skip
    records.energy_as_counted("HQ-14")
    recorded["energy_meter"] = 12_345_698  # the register, not the session's energy
    with pytest.raises(AssertionError, match="the energy \\(Wh\\) GetSessions records"):
        records.energy_as_counted("HQ-14")
    recorded["energy_meter"] = 20
    audit.pop()
    with pytest.raises(AssertionError, match="balanz's audit log"):
        records.energy_as_counted("HQ-14")


def test_an_ev_unplugged_with_no_transaction_on_either_side_ends_nothing_to_note(tmp_path):
    unplugged: list[int] = []
    played = SimpleNamespace(
        unplug=unplugged.append, sim_status=lambda connector=1: SimpleNamespace(transaction_id=None)
    )
    role = PlayedChargerUnderTest(SITE.charger("RR2-03"), None, None, PROFILE, _Record(), site=SITE, played=played)  # type: ignore[arg-type]
    role.view = lambda connector=1: SimpleNamespace(in_transaction=False)  # type: ignore[method-assign]
    record = ScenarioRecord("unplug", tmp_path / "record")
    records = Records(SimpleNamespace(api=None), SITE, SITE.charger, lambda alias: role, PROFILE, record, Events(),  # type: ignore[arg-type]
                      audit=list)  # fmt: skip
    assert records.end("RR2-03", "unplug") is None
    assert unplugged == [1] and "RR2-03" not in records.ends


# --- what several real chargers enforced ---------------------------------------------------------------------------
def _balancing(roles: dict[str, SimpleNamespace]) -> tuple[Balancing, _Record]:
    record = _Record()
    chargers = SimpleNamespace(played_role=roles.__getitem__, site=SITE)
    return Balancing(lambda: None, chargers, PROFILE, None, None, record), record  # type: ignore[arg-type]


def test_increases_reach_a_charger_only_after_the_same_runs_cut_was_accepted_and_the_wait():
    cut = SimpleNamespace(accepted_tx_limits=lambda: [(0.0, 0.1, 24.0), (10.0, 10.1, 21.0), (20.0, 20.1, 18.0)])
    raised = SimpleNamespace(accepted_tx_limits=lambda: [(0.0, 0.0, 24.0), (11.2, 11.2, 27.0), (21.3, 21.3, 30.0)])
    balancing, record = _balancing({"RR2-02": cut, "RR2-01": raised})
    balancing.cut_before_raise("RR2-02", "RR2-01", 2)
    assert "[(27.0, 1.09" in record.notes[-1] and "(30.0, 1.19" in record.notes[-1]
    with pytest.raises(AssertionError, match="increases at RR2-01 in the same run as a cut at RR2-02"):
        balancing.cut_before_raise("RR2-02", "RR2-01", 3)
    hasty = SimpleNamespace(accepted_tx_limits=lambda: [(0.0, 0.0, 24.0), (10.6, 10.6, 27.0)])
    balancing, _ = _balancing({"RR2-02": cut, "RR2-01": hasty})
    with pytest.raises(AssertionError, match="seconds from RR2-02 accepting its cut to RR2-01 receiving"):
        balancing.cut_before_raise("RR2-02", "RR2-01", 1)


def _allowing(priority: int, *allowed: tuple[float, float]) -> SimpleNamespace:
    timeline = [Moment(at, 1, "Charging", amps, amps, 1, 0.0) for at, amps in allowed]
    return SimpleNamespace(session_priority=lambda: priority, charger=SimpleNamespace(timeline=timeline))


def test_what_the_chargers_allowed_is_held_to_the_groups_maximum_for_the_priorities_present():
    now = time.time()
    roles = {"RR2-01": _allowing(3, (now, 32.0)), "RR2-02": _allowing(1, (now + 0.1, 16.0))}
    balancing, record = _balancing(roles)
    balancing.chargers_within_maximum("RR2", ["RR2-01", "RR2-02"])  # 48 A with priorities 3 and 1 present
    assert "2 changes checked" in record.notes[-1]
    roles["RR2-02"] = _allowing(1, (now + 0.1, 16.0), (now + 0.2, 20.0))
    with pytest.raises(AssertionError, match="RR2 on the chargers' side"):
        _balancing(roles)[0].chargers_within_maximum("RR2", ["RR2-01", "RR2-02"])
