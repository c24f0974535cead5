"""What balanz shows and records of a charger the scenario plays (actors/scripted_charger.py).

Each check reads balanz's API: GetChargers for what it shows now (the connector, its transaction and the
transaction's charging history), GetSessions for what it recorded. The expected values come from what the
scenario's charger sent, never from balanz.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from hamcrest import assert_that, close_to, equal_to, has_entries, has_length, is_not, none

from balanz_acceptance.actors.scripted_charger import ScriptedCharger, Sent
from balanz_acceptance.checks.frame_answers import ocpp_answer
from balanz_acceptance.core.waiting import eventually
from balanz_acceptance.sut.balanz_api import BalanzApi
from balanz_acceptance.sut.ocppj import CALLRESULT

#: Seconds between balanz receiving a message and the harness noting its answer: one round trip on loopback.
RECEIPT_TOLERANCE = 1.0


@dataclass
class ChargerView:
    """balanz's view of one scripted charger, and the frames a feature's table had it send."""

    charger: ScriptedCharger
    api: BalanzApi
    table: list[tuple[Sent, str]] = field(default_factory=list)

    def _listing(self) -> dict[str, Any]:
        found = [c for c in self.api.chargers() if c.get("charger_id") == self.charger.charger_id]
        if len(found) != 1:
            raise AssertionError(f"balanz lists {len(found)} chargers {self.charger.charger_id}")
        return found[0]

    def connector(self) -> dict[str, Any]:
        """balanz's connector 1 of the charger (GetChargers)."""
        return self._listing()["connectors"]["1"]

    def transaction(self) -> dict[str, Any]:
        """The transaction balanz shows at connector 1 (AssertionError if none)."""
        transaction = self.connector().get("transaction")
        if transaction is None:
            raise AssertionError(f"balanz shows no transaction at {self.charger.alias}")
        return transaction

    def records(self) -> list[dict[str, Any]]:
        """balanz's records (GetSessions) of sessions at the charger, oldest first."""
        found = [s for s in self.api.sessions() if s.get("charger_id") == self.charger.charger_id]
        return sorted(found, key=lambda s: s["start_time"])

    # --- a feature's table of frames --------------------------------------------------------------------------
    def send_frames(self, rows: list[tuple[str, str, str]]) -> None:
        """Send each row's frame (what, frame, expected answer) in turn, keeping balanz's answers."""
        for _what, _text, expected in rows:
            ocpp_answer(expected)  # a table with an answer the steps cannot check is refused first
        for what, text, expected in rows:
            self.table.append((self.charger.send_frame(text, what), expected))

    def answered_as_table(self) -> None:
        """balanz answered each frame of the table as its row says; every row is checked."""
        wrong = [
            f"{sent.what}: expected {expected}, balanz answered "
            + ("; ".join(json.dumps(f)[:200] for f in sent.answers) or "nothing")
            for sent, expected in self.table
            if not ocpp_answer(expected).matches(sent.answers)
        ]
        assert not wrong, f"{self.charger.alias}: balanz's answers differ from the table:\n  " + "\n  ".join(wrong)

    # --- sessions -------------------------------------------------------------------------------------------
    def shows_session_of(self, id_tag: str) -> None:
        """balanz shows a transaction at the charger, for ``id_tag``."""
        assert_that(self.transaction(), has_entries(id_tag=id_tag), f"{self.charger.alias}: balanz's transaction")

    def shows_no_session(self) -> None:
        """balanz shows no transaction at the charger."""
        assert_that(self.connector().get("transaction"), equal_to(None), f"{self.charger.alias}: balanz's transaction")

    def shows_session_without_record(self, id_tag: str) -> None:
        """balanz shows a transaction at the charger for ``id_tag`` and has recorded no session there."""
        self.shows_session_of(id_tag)
        self.recorded(0)

    def recorded_one(self, id_tag: str, reason: str, stop_id_tag: str | None) -> None:
        """balanz has recorded exactly one session at the charger: for ``id_tag``, with this stop reason and tag."""
        self.recorded(1)
        self.last_record_is(id_tag=id_tag, reason=reason, stop_id_tag=stop_id_tag)

    def recorded(self, count: int) -> None:
        """balanz has recorded ``count`` sessions at the charger."""
        assert_that(self.records(), has_length(count), f"{self.charger.alias}: balanz's records (GetSessions)")

    def last_record_is(self, **fields: Any) -> None:
        """balanz's latest record of a session at the charger has these fields."""
        records = self.records()
        assert records, f"balanz has recorded no session at {self.charger.alias}"
        assert_that(records[-1], has_entries(**fields), f"{self.charger.alias}: balanz's latest record")

    def connection_closed_with(self, code: int, *, within: float) -> None:
        """balanz closes the charger's connection within ``within`` seconds, with this close code."""
        link = self.charger.link
        eventually(
            lambda: link.closed_at,
            is_not(none()),
            within=within,
            reason=f"balanz closes {self.charger.alias}'s connection",
        )
        assert_that(link.close_code, equal_to(code), f"the code balanz closed {self.charger.alias}'s connection with")

    def shows_disconnected_with_session_of(self, id_tag: str) -> None:
        """balanz shows the charger not connected, its transaction for ``id_tag`` still open."""
        listing = self._listing()
        assert_that(
            listing.get("network_connected"), equal_to(False), f"{self.charger.alias}: connected, as balanz shows"
        )
        self.shows_session_of(id_tag)

    def shows_connected(self, connected: bool, *, within: float) -> None:
        """Within ``within`` seconds balanz shows the charger connected (or not)."""
        what = f"{self.charger.alias}: connected, as balanz shows (network_connected)"
        eventually(lambda: self._listing().get("network_connected"), equal_to(connected), within=within, reason=what)

    def shows_fields(self, fields: dict[str, str]) -> None:
        """balanz lists the charger (GetChargers) with these fields."""
        assert_that(self._listing(), has_entries(**fields), f"{self.charger.alias}: what balanz shows of it")

    def shows_unbooted(self, status: str) -> None:
        """balanz shows the charger connected, its connector in ``status``, and no vendor or model."""
        listing = self._listing()
        found = (
            listing.get("network_connected"),
            listing.get("charge_point_vendor"),
            listing.get("charge_point_model"),
        )
        assert_that(found, equal_to((True, None, None)), f"{self.charger.alias}: connected, vendor, model")
        assert_that(self.connector().get("status"), equal_to(status), f"{self.charger.alias}: its connector's state")

    def recorded_span(self) -> tuple[float, float]:
        """The charger's latest session as the charger timed it: its StartTransaction and StopTransaction times."""
        started, stopped = self.charger.started_at, self.charger.stopped_at
        assert started is not None and stopped is not None, f"{self.charger.alias} has no ended session"
        return started, stopped

    def record_lasts_its_span(self) -> None:
        """balanz's latest record at the charger starts and ends when the charger said, and lasts that long."""
        started, stopped = self.recorded_span()
        self.last_record_is(start_time=started, end_time=stopped, duration=stopped - started)

    def record_kept_but_duration(self, duration: float) -> None:
        """balanz's latest record at the charger still starts and ends when the charger said, but its duration is
        ``duration``."""
        started, stopped = self.recorded_span()
        self.last_record_is(start_time=started, end_time=stopped, duration=duration)

    # --- meter values ---------------------------------------------------------------------------------------
    def shows_usage(self, amps: float) -> None:
        """balanz shows this usage (A) for the charger's transaction."""
        assert_that(self.transaction().get("usage_meter"), equal_to(amps), f"{self.charger.alias}: usage balanz shows")

    def shows_energy(self, wh: float) -> None:
        """balanz shows this energy register (Wh) for the charger's transaction."""
        what = f"{self.charger.alias}: energy register balanz shows"
        assert_that(self.transaction().get("energy_meter"), equal_to(wh), what)

    def usage_recorded_at_receipt(self, amps: float) -> None:
        """The latest usage in the transaction's charging history is ``amps``, dated when balanz received the
        charger's latest meter value (not at the meter value's own timestamp)."""
        sent = self.charger.last
        received = sent.answer is not None and sent.answer[0] == CALLRESULT
        assert received, f"{self.charger.alias}: balanz did not accept the meter value"
        usages = [h for h in self.transaction().get("charging_history", []) if h.get("usage") is not None]
        assert usages, f"{self.charger.alias}: balanz recorded no usage"
        assert_that(usages[-1]["usage"], equal_to(amps), f"{self.charger.alias}: the latest usage balanz recorded")
        what = f"{self.charger.alias}: when balanz recorded the usage (epoch s) vs when it received the meter value"
        assert_that(usages[-1]["timestamp"], close_to(sent_at(sent), RECEIPT_TOLERANCE), what)


def sent_at(sent: Sent) -> float:
    """When (epoch s) the harness got balanz's answer to a frame: balanz received the frame just before."""
    if sent.answered_at is None:
        raise AssertionError(f"balanz did not answer {sent.what}")
    return sent.answered_at
