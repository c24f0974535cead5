"""A charger the scenario plays message by message (sut/scripted_charger.py), as the steps see it: what balanz
answers its frames, what balanz shows and records of it (GetChargers for what it shows now - the connector, its
transaction and the transaction's charging history -, GetSessions for what it recorded), and what balanz does to
its connection. The expected values come from what the charger sent, the site's data and configuration, never
from balanz.

balanz's connection watchdog: balanz notes the time of every frame a charger sends - calls and answers to balanz's
own calls alike (charge_point_csms_v16.py ChargePoint_CSMS_v16.start) - and its watchdog wakes every connection
check interval ([host] watchdog_interval) after the connection opened; once more than the silence limit ([host]
watchdog_stale) has passed since the last frame, the watchdog ends and balanz closes the connection with 1001,
going away (ChargePoint_CSMS_v16.watchdog; balanz.py on_connect). So the connection is closed more than the
silence limit after the charger's last frame, and at most one check interval later (plus balanz's loop drift and
the harness's reaction latency: ``TimingProfile.deadline``).

BootNotification and Heartbeat (ChargePoint_CSMS_v16.on_boot_notification, on_heartbeat): Accepted, the
configured heartbeat interval ([csms] heartbeat_interval) and balanz's current time (UTC).
"""

from __future__ import annotations

import json
import time
from typing import Any

from hamcrest import (
    assert_that,
    close_to,
    contains_exactly,
    equal_to,
    greater_than_or_equal_to,
    has_entries,
    has_length,
    is_not,
    none,
)

from balanz_acceptance.checks.ocpp_answers import (
    answered_ocpp,
    answered_with_current_time,
    answered_with_result,
    ocpp_answer,
)
from balanz_acceptance.core.record import ScenarioRecord
from balanz_acceptance.core.timing import TimingProfile
from balanz_acceptance.core.waiting import eventually
from balanz_acceptance.sut.balanz_api import BalanzApi
from balanz_acceptance.sut.balanz_files import BalanzFiles, history_entries, session_id
from balanz_acceptance.sut.bare_charger import connect_as_charger
from balanz_acceptance.sut.ocppj import CALLRESULT
from balanz_acceptance.sut.raw_link import is_result
from balanz_acceptance.sut.scripted_charger import ScriptedCharger, Sent

#: Seconds between balanz receiving a message and the harness noting its answer: one round trip on loopback.
RECEIPT_TOLERANCE = 1.0
#: Seconds by which the harness's time of a meter value's answer may differ from balanz's time of receipt, which
#: the session file's history has to the second.
HISTORY_TOLERANCE = 1.5
#: The interval name of balanz's silence limit (core/timing.py).
SILENCE = "charger silence limit"
#: Seconds a second connection as the charger stays before it closes (it only has to open).
SECOND_CONNECTION_STAYS = 0.2


class ScriptedChargerUnderTest(ScriptedCharger):
    """A scripted charger of the scenario, with what balanz answers, shows and records of it."""

    def __init__(
        self,
        alias: str,
        charger_id: str,
        balanz_url: str,
        record: ScenarioRecord,
        api: BalanzApi,
        profile: TimingProfile,
        files: BalanzFiles,
    ) -> None:
        super().__init__(alias, charger_id, balanz_url, record)
        self.balanz_url = balanz_url
        self.api = api
        self.profile = profile
        self.files = files
        #: The frames a feature's table had the charger send, with the answer each row expects.
        self.table: list[tuple[Sent, str]] = []

    def await_set_up(self) -> None:
        """Wait until balanz has set up the charger's charging profiles (a charger of an allocation group)."""
        eventually(
            lambda: self.api.profiles_set_up(self.charger_id),
            has_length(1),
            within=self.profile.charger_initialization,
            reason=f"balanz set up the charging profiles of {self.alias}",
            show=len,
        )

    # --- what balanz answers -------------------------------------------------------------------------------
    def answered(self, text: str) -> None:
        """balanz answered the latest frame as the feature's words say (checks/ocpp_answers.py ``ocpp_answer``)."""
        sent = self.last
        assert_that(sent.answers, answered_ocpp(text), f"{self.alias}: balanz's answer to {sent.what}")

    def answered_with_current_time(self) -> None:
        """balanz answered the latest frame with its current time (OCPP currentTime)."""
        sent = self.last
        assert_that(sent, answered_with_current_time(sent), f"{self.alias}: balanz's answer to {sent.what}")

    def boot_accepted(self) -> None:
        """balanz accepted the latest frame, a BootNotification: status Accepted, the heartbeat interval it is
        configured with ([csms] heartbeat_interval), and its current time."""
        sent = self.last
        assert_that(sent.what, equal_to("BootNotification"), f"{self.alias}: the latest frame it sent")
        interval = int(self.profile.balanz["csms"]["heartbeat_interval"])
        what = f"{self.alias}: balanz's answer to {sent.what}"
        assert_that(sent, answered_with_result(has_entries(status="Accepted", interval=interval)), what)
        self.answered_with_current_time()

    def send_frames(self, rows: list[tuple[str, str, str]]) -> None:
        """Send each row's frame (what, frame, expected answer) in turn, keeping balanz's answers."""
        for _what, _text, expected in rows:
            ocpp_answer(expected)  # a table with an answer the steps cannot check is refused first
        for what, text, expected in rows:
            self.table.append((self.send_frame(text, what), expected))

    def answered_as_table(self) -> None:
        """balanz answered each frame of the table as its row says; every row is checked."""
        wrong = [
            f"{sent.what}: expected {expected}, balanz answered "
            + ("; ".join(json.dumps(f)[:200] for f in sent.answers) or "nothing")
            for sent, expected in self.table
            if not ocpp_answer(expected).matches(sent.answers)
        ]
        assert not wrong, f"{self.alias}: balanz's answers differ from the table:\n  " + "\n  ".join(wrong)

    def burst_answered_in_order(self) -> None:
        """Every call of the latest burst was answered with a result, and the answers came in the calls' order."""
        batch = self.last_burst
        assert batch, f"{self.alias} sent no burst"
        unanswered = [s.what for s in batch if not is_result(s.answer)]
        assert not unanswered, f"{self.alias}: {len(unanswered)} of {len(batch)} Heartbeats got no result"
        sent_ids = [json.loads(s.text)[1] for s in batch]
        ids = set(sent_ids)
        answered_ids = [r.message_id for r in self.link.replies if r.message_id in ids]
        assert_that(answered_ids, equal_to(sent_ids), f"{self.alias}: the order of balanz's answers")

    # --- its connection -----------------------------------------------------------------------------------------
    def still_connected(self) -> None:
        """The connection is open and balanz answers a Heartbeat with a result."""
        sent = self.call("Heartbeat", {}, what="heartbeat after a frame")
        assert_that(
            sent.answers, answered_ocpp("a result"), f"{self.alias}: a Heartbeat once more: the connection goes on"
        )

    def fall_silent(self) -> None:
        """The charger sends nothing more (until a step says otherwise); noted in the scenario log."""
        self.record.note(f"{self.alias}: falls silent")

    def connection_open(self) -> None:
        """The charger's connection is open."""
        assert_that(self.connected and self.link.closed_at is None, equal_to(True), f"{self.alias}: connected")

    def talk_for(self, limits: float) -> None:
        """The charger sends a Heartbeat every half silence limit for ``limits`` silence limits; its connection must
        stay open throughout. (The pauses are the charger's own cadence, not a wait for balanz.)"""
        every = self.profile.charger_silence_limit / 2
        until = time.monotonic() + limits * self.profile.charger_silence_limit
        while time.monotonic() < until:
            self.heartbeat()
            assert_that(self.link.closed_at, none(), f"{self.alias}: balanz closed the connection of a talking charger")
            time.sleep(min(every, max(0.0, until - time.monotonic())))
        self.connection_open()

    def _await_closed(self, within: float, code: int) -> float:
        """Wait up to ``within`` seconds for balanz to close the connection, with ``code``; returns when."""
        closed_at = eventually(
            lambda: self.link.closed_at,
            is_not(none()),
            within=within,
            reason=f"balanz closes {self.alias}'s connection",
        )
        assert_that(self.link.close_code, equal_to(code), f"the code balanz closed {self.alias}'s connection with")
        return float(closed_at)

    def connection_closed_with(self, code: int) -> None:
        """balanz closes the charger's connection promptly, with this close code."""
        self._await_closed(self.profile.prompt, code)

    def closed_after_silence(self, code: int) -> None:
        """balanz closes the silent charger's connection with ``code`` more than the silence limit after the
        charger's last frame (not before) and within the silence limit's deadline (one check interval later)."""
        last = self.link.last_sent
        assert last is not None, f"{self.alias} has sent nothing"
        closed_at = self._await_closed(max(0.0, last + self.profile.deadline(1, SILENCE) - time.monotonic()), code)
        assert_that(
            closed_at - last,
            greater_than_or_equal_to(self.profile.earliest(1, SILENCE)),
            f"{self.alias}: seconds from its last frame until balanz closed its connection (silence limit "
            f"{self.profile.charger_silence_limit:g}s)",
        )
        self.record.note(f"{self.alias}: connection closed {closed_at - last:.2f}s after its last frame")

    def open_second_connection(self) -> None:
        """Another connection as the charger opens and closes at once (the charger's own stays open)."""
        outcome = connect_as_charger(self.balanz_url, self.charger_id, within=SECOND_CONNECTION_STAYS)
        self.record.note(f"a second connection as {self.alias} opened and closed: {outcome}")

    # --- what balanz shows of it ------------------------------------------------------------------------------
    def _listing(self) -> dict[str, Any]:
        return self.api.listed_charger(self.charger_id)

    def connector(self) -> dict[str, Any]:
        """balanz's connector 1 of the charger (GetChargers)."""
        return self._listing()["connectors"]["1"]

    def transaction(self) -> dict[str, Any]:
        """The transaction balanz shows at connector 1 (AssertionError if none)."""
        transaction = self.connector().get("transaction")
        if transaction is None:
            raise AssertionError(f"balanz shows no transaction at {self.alias}")
        return transaction

    def shows_session_of(self, id_tag: str) -> None:
        """balanz shows a transaction at the charger, for ``id_tag``."""
        assert_that(self.transaction(), has_entries(id_tag=id_tag), f"{self.alias}: balanz's transaction")

    def shows_disconnected_with_session_of(self, id_tag: str) -> None:
        """balanz shows the charger not connected, its transaction for ``id_tag`` still open."""
        connected = self._listing().get("network_connected")
        assert_that(connected, equal_to(False), f"{self.alias}: connected, as balanz shows")
        self.shows_session_of(id_tag)

    def shows_connected(self, connected: bool) -> None:
        """Promptly balanz shows the charger connected (or not)."""
        what = f"{self.alias}: connected, as balanz shows (network_connected)"
        eventually(
            lambda: self._listing().get("network_connected"),
            equal_to(connected),
            within=self.profile.prompt,
            reason=what,
        )

    def shows_fields(self, fields: dict[str, str]) -> None:
        """balanz lists the charger (GetChargers) with these fields."""
        assert_that(self._listing(), has_entries(**fields), f"{self.alias}: what balanz shows of it")

    def shows_unbooted(self, status: str) -> None:
        """balanz shows the charger connected, its connector in ``status``, and no vendor or model."""
        listing = self._listing()
        found = (
            listing.get("network_connected"),
            listing.get("charge_point_vendor"),
            listing.get("charge_point_model"),
        )
        assert_that(found, equal_to((True, None, None)), f"{self.alias}: connected, vendor, model")
        assert_that(self.connector().get("status"), equal_to(status), f"{self.alias}: its connector's state")

    def shows_usage(self, amps: float) -> None:
        """balanz shows this usage (A) for the charger's transaction."""
        assert_that(self.transaction().get("usage_meter"), equal_to(amps), f"{self.alias}: usage balanz shows")

    def shows_energy(self, wh: float) -> None:
        """balanz shows this energy register (Wh) for the charger's transaction."""
        what = f"{self.alias}: energy register balanz shows"
        assert_that(self.transaction().get("energy_meter"), equal_to(wh), what)

    def usage_recorded_at_receipt(self, amps: float) -> None:
        """The latest usage in the transaction's charging history is ``amps``, dated when balanz received the
        charger's latest meter value (not at the meter value's own timestamp)."""
        sent = self.last
        received = sent.answer is not None and sent.answer[0] == CALLRESULT
        assert received, f"{self.alias}: balanz did not accept the meter value"
        usages = [h for h in self.transaction().get("charging_history", []) if h.get("usage") is not None]
        assert usages, f"{self.alias}: balanz recorded no usage"
        assert_that(usages[-1]["usage"], equal_to(amps), f"{self.alias}: the latest usage balanz recorded")
        what = f"{self.alias}: when balanz recorded the usage (epoch s) vs when it received the meter value"
        assert_that(usages[-1]["timestamp"], close_to(sent_at(sent), RECEIPT_TOLERANCE), what)

    # --- what balanz records of it ----------------------------------------------------------------------------
    def records(self) -> list[dict[str, Any]]:
        """balanz's records (GetSessions) of sessions at the charger, oldest first."""
        found = [s for s in self.api.sessions() if s.get("charger_id") == self.charger_id]
        return sorted(found, key=lambda s: s["start_time"])

    def recorded(self, count: int) -> None:
        """balanz has recorded ``count`` sessions at the charger."""
        assert_that(self.records(), has_length(count), f"{self.alias}: balanz's records (GetSessions)")

    def shows_session_without_record(self, id_tag: str) -> None:
        """balanz shows a transaction at the charger for ``id_tag`` and has recorded no session there."""
        self.shows_session_of(id_tag)
        self.recorded(0)

    def recorded_one(self, id_tag: str, reason: str, stop_id_tag: str | None) -> None:
        """balanz has recorded exactly one session at the charger: for ``id_tag``, with this stop reason and tag."""
        self.recorded(1)
        self.last_record_is(id_tag=id_tag, reason=reason, stop_id_tag=stop_id_tag)

    def last_record_is(self, **fields: Any) -> None:
        """balanz's latest record of a session at the charger has these fields."""
        records = self.records()
        assert records, f"balanz has recorded no session at {self.alias}"
        assert_that(records[-1], has_entries(**fields), f"{self.alias}: balanz's latest record")

    def recorded_span(self) -> tuple[float, float]:
        """The charger's latest session as the charger timed it: its StartTransaction and StopTransaction times."""
        started, stopped = self.started_at, self.stopped_at
        assert started is not None and stopped is not None, f"{self.alias} has no ended session"
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

    def report_currents(self, amps: list[str]) -> None:
        """The charger reports each of these currents (as the feature writes them) in a meter value of its own."""
        for value in amps:
            self.meter_values(current=value)

    def history_lists(self, amps: list[str]) -> None:
        """The session file's row of the charger's latest session lists, in its history column, these usages (each
        as balanz writes it, a float: "10.0A"), each at the time balanz received the meter value that reported it,
        then 0 A offered and 0 A used at the charger's stop time (model.py Charger.meter_values,
        Charger.stop_transaction)."""
        started, stopped = self.recorded_span()
        usages = [f"{float(value)}A" for value in amps]
        wanted = session_id(self.charger_id, started)
        rows = [r for r in self.files.rows("sessions") if r["session_id"] == wanted]
        assert_that(len(rows), equal_to(1), f"rows of session {wanted} in balanz's session file")
        entries = history_entries(rows[0]["history"])
        kinds = [(e.offered, e.usage) for e in entries]
        expected = contains_exactly(*[("", u) for u in usages], ("0A", "0A"))
        assert_that(kinds, expected, f"{wanted}: the history column")
        reported = dict(self.usages_reported())  # usage as balanz writes it → when balanz answered its meter value
        for entry in entries[:-1]:
            received = reported.get(entry.usage)
            assert received is not None, f"{wanted}: balanz recorded a usage {entry.usage} no meter value reported"
            what = f"{wanted}: when balanz recorded the usage {entry.usage} (epoch s) vs when it received it"
            assert_that(entry.at, close_to(received, HISTORY_TOLERANCE), what)
        assert_that(entries[-1].at, equal_to(stopped), f"{wanted}: the time of the final entry vs the stop")


def sent_at(sent: Sent) -> float:
    """When (epoch s) the harness got balanz's answer to a frame: balanz received the frame just before."""
    if sent.answered_at is None:
        raise AssertionError(f"balanz did not answer {sent.what}")
    return sent.answered_at
