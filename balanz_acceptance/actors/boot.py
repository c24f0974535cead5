"""What balanz answers to a charger's BootNotification and Heartbeat (charge_point_csms_v16.py
ChargePoint_CSMS_v16.on_boot_notification, on_heartbeat): Accepted, the configured heartbeat interval
([csms] heartbeat_interval) and balanz's current time (UTC)."""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

from hamcrest import assert_that, close_to, equal_to, has_entries

from balanz_acceptance.actors.scripted_charger import Sent
from balanz_acceptance.sut.raw_link import frame_text, is_result

#: Seconds balanz's current time may differ from the harness's: the same machine, one round trip.
CLOCK_TOLERANCE = 2.0


def _result(sent: Sent) -> dict[str, Any]:
    assert is_result(sent.answer), f"balanz's answer to {sent.what}: {frame_text(sent.answer)}"
    assert sent.answer is not None
    return sent.answer[2]


def answered_with_current_time(sent: Sent) -> None:
    """balanz answered ``sent`` with a result whose currentTime is now (an ISO date-time with a time zone)."""
    current = _result(sent).get("currentTime")
    assert isinstance(current, str), f"balanz's answer to {sent.what} has no currentTime: {frame_text(sent.answer)}"
    parsed = datetime.fromisoformat(current.replace("Z", "+00:00"))
    assert parsed.tzinfo is not None, f"balanz's currentTime {current} has no time zone"
    what = f"balanz's currentTime {current} vs the time it answered (epoch s)"
    assert_that(parsed.timestamp(), close_to(sent.answered_at or time.time(), CLOCK_TOLERANCE), what)


def accepted(sent: Sent, heartbeat_interval: int) -> None:
    """balanz accepted the BootNotification ``sent``: status Accepted, the heartbeat interval it is configured
    with, and its current time."""
    assert_that(sent.what, equal_to("BootNotification"), "the latest frame the charger sent")
    what = f"balanz's answer to {sent.what}"
    assert_that(_result(sent), has_entries(status="Accepted", interval=heartbeat_interval), what)
    answered_with_current_time(sent)
