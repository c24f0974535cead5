import time

import pytest

from balanz_acceptance.core.schedule import Piece, all_day_buckets, minute_start, render, value_text, whole_minutes
from balanz_acceptance.core.site import Group


def at(hh: int, mm: int, ss: int = 30) -> float:
    return time.mktime((2026, 11, 29, hh, mm, ss, 0, 0, -1))


def value_at(schedule: str, epoch: float) -> dict[int, int]:
    return Group("G", schedule).buckets_at(epoch)


def test_change_from_the_next_minute():
    schedule = render([Piece(0, "0=24"), Piece(1, "0=12"), Piece(3, "0=24")], at(10, 15))
    assert schedule == "00:00-10:15>0=24;10:16-10:17>0=12;10:18-23:59>0=24"
    assert value_at(schedule, at(10, 15, 59)) == {0: 24}
    assert value_at(schedule, at(10, 16, 0)) == {0: 12}
    assert value_at(schedule, at(10, 18, 0)) == {0: 24}


def test_midnight_is_handled():
    schedule = render([Piece(0, "0=24"), Piece(1, "0=12"), Piece(3, "0=24")], at(23, 59))
    assert schedule == "00:00-00:01>0=12;00:02-23:59>0=24"
    schedule = render([Piece(0, "0=24"), Piece(1, "0=12"), Piece(2, "0=24")], at(23, 58))
    assert schedule == "00:00-23:58>0=24;23:59-23:59>0=12"


def test_gap_covering_now():
    schedule = render([Piece(0, None), Piece(10, "0=24:3=40")], at(23, 55))
    assert schedule == "00:05-23:54>0=24:3=40"
    assert value_at(schedule, at(23, 57)) == {}
    assert value_at(schedule, at(0, 5)) == {3: 40, 0: 24}


def test_minute_start():
    assert minute_start(at(10, 15, 42), 1) == at(10, 16, 0)
    assert minute_start(at(10, 15, 42) + 0.5, 0) == at(10, 15, 0)


def test_bad_pieces_refused():
    with pytest.raises(ValueError):
        render([Piece(1, "0=24")], at(10, 0))
    with pytest.raises(ValueError):
        render([Piece(0, "0=24"), Piece(0, "0=12")], at(10, 0))


def test_all_day_buckets_and_value_text():
    group = Group("RR2", "00:00-23:59>0=24:3=40:5=48")
    assert all_day_buckets(group) == {5: 48, 3: 40, 0: 24}
    assert value_text(all_day_buckets(group)) == "0=24:3=40:5=48"
    with pytest.raises(ValueError):
        all_day_buckets(Group("RR1", "00:00-05:59>0=48;06:00-23:59>0=16"))


def test_a_window_of_balancing_runs_lasts_whole_minutes():
    assert whole_minutes(18) == 1  # 3 full runs of 6 s (fast profile)
    assert whole_minutes(180) == 3  # 3 full runs of 60 s (standard profile)
    assert whole_minutes(181) == 4
    assert whole_minutes(0) == 1
