"""Working days on real dates, and when counting starts for a received dossier."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from runtime.calendar import CalendarConfig, WorkingCalendar

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(y: int, mo: int, d: int, h: int = 0, mi: int = 0, s: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, s, tzinfo=VN)


@pytest.fixture(scope="module")
def cal() -> WorkingCalendar:
    return WorkingCalendar()


@pytest.mark.parametrize(
    ("day", "working"),
    [
        # Tết Ất Tỵ 2025: Saturday 25/1 to Sunday 2/2, 9 days.
        (date(2025, 1, 24), True),
        (date(2025, 1, 25), False),
        (date(2025, 1, 27), False),
        (date(2025, 1, 29), False),
        (date(2025, 1, 31), False),
        (date(2025, 2, 2), False),
        (date(2025, 2, 3), True),
        # Hung Kings day 2025 (10/3 lunar).
        (date(2025, 4, 7), False),
        # 30/4–1/5/2025 with the swap: worked Saturday 26/4, off Friday 2/5.
        (date(2025, 4, 26), True),
        (date(2025, 4, 29), True),
        (date(2025, 4, 30), False),
        (date(2025, 5, 1), False),
        (date(2025, 5, 2), False),
        (date(2025, 5, 5), True),
        # National Day 2025: Monday 1/9 and Tuesday 2/9.
        (date(2025, 8, 29), True),
        (date(2025, 9, 1), False),
        (date(2025, 9, 2), False),
        (date(2025, 9, 3), True),
        # New Year 2026 with the swap 2/1 -> Saturday 10/1.
        (date(2026, 1, 1), False),
        (date(2026, 1, 2), False),
        (date(2026, 1, 5), True),
        (date(2026, 1, 10), True),
        # Tết Bính Ngọ 2026: Saturday 14/2 to Sunday 22/2, 9 days.
        (date(2026, 2, 13), True),
        (date(2026, 2, 14), False),
        (date(2026, 2, 16), False),
        (date(2026, 2, 20), False),
        (date(2026, 2, 22), False),
        (date(2026, 2, 23), True),
        # Hung Kings day 2026 on a Sunday, compensated on Monday 27/4.
        (date(2026, 4, 27), False),
        (date(2026, 4, 28), True),
        # National Day 2026: 1–2/9 plus the 31/8 swap (table entry not verified).
        (date(2026, 8, 22), True),
        (date(2026, 8, 31), False),
        (date(2026, 9, 1), False),
        (date(2026, 9, 2), False),
        (date(2026, 9, 3), True),
        # Ordinary weekdays and weekends.
        (date(2025, 3, 5), True),
        (date(2025, 3, 8), False),
        (date(2025, 3, 9), False),
    ],
)
def test_is_working_day_when_real_date(cal: WorkingCalendar, day: date, working: bool) -> None:
    assert cal.is_working_day(day) is working


def test_is_working_day_when_aware_datetime_uses_local_date(cal: WorkingCalendar) -> None:
    # 17:30 UTC on Friday 24/1/2025 is 00:30 on Saturday 25/1 in Hà Nội (Tết).
    utc = datetime(2025, 1, 24, 17, 30, tzinfo=ZoneInfo("UTC"))
    assert cal.is_working_day(utc) is False


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        # Inside a session: counting starts at once.
        (at(2025, 3, 5, 9, 15), at(2025, 3, 5, 9, 15)),
        # Before opening: the morning session start.
        (at(2025, 3, 5, 6, 45), at(2025, 3, 5, 7, 30)),
        # Lunch break: the afternoon session start.
        (at(2025, 3, 5, 11, 30), at(2025, 3, 5, 13, 0)),
        (at(2025, 3, 5, 12, 10), at(2025, 3, 5, 13, 0)),
        # Exactly at the cut-off still counts the same day.
        (at(2025, 3, 5, 15, 0), at(2025, 3, 5, 15, 0)),
        # After the cut-off: next working day.
        (at(2025, 3, 5, 15, 0, 1), at(2025, 3, 6, 7, 30)),
        (at(2025, 3, 5, 16, 30), at(2025, 3, 6, 7, 30)),
        (at(2025, 3, 5, 19, 0), at(2025, 3, 6, 7, 30)),
        # Saturday and Sunday: Monday morning.
        (at(2025, 3, 8, 9, 0), at(2025, 3, 10, 7, 30)),
        (at(2025, 3, 9, 23, 59), at(2025, 3, 10, 7, 30)),
    ],
)
def test_start_of_counting_when_received_at_various_times(
    cal: WorkingCalendar, received: datetime, expected: datetime
) -> None:
    assert cal.start_of_counting(received) == expected


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        # Friday 16:30 before Tết 2025 -> first working day after Tết.
        (at(2025, 1, 24, 16, 30), at(2025, 2, 3, 7, 30)),
        # Friday 16:30 before Tết 2026.
        (at(2026, 2, 13, 16, 30), at(2026, 2, 23, 7, 30)),
        # Friday 16:30 before National Day 2025 (30/8–2/9).
        (at(2025, 8, 29, 16, 30), at(2025, 9, 3, 7, 30)),
        # Tuesday 16:30 before 30/4–4/5/2025.
        (at(2025, 4, 29, 16, 30), at(2025, 5, 5, 7, 30)),
        # Received during a holiday.
        (at(2025, 1, 29, 10, 0), at(2025, 2, 3, 7, 30)),
    ],
)
def test_start_of_counting_when_received_after_cutoff_before_holiday(
    cal: WorkingCalendar, received: datetime, expected: datetime
) -> None:
    assert cal.start_of_counting(received) == expected


def test_start_of_counting_when_next_day_is_swapped_saturday(cal: WorkingCalendar) -> None:
    # Friday 25/4/2025 after the cut-off: Saturday 26/4 is a working day.
    assert cal.start_of_counting(at(2025, 4, 25, 15, 30)) == at(2025, 4, 26, 7, 30)
    # Received on that Saturday morning: counted at once.
    assert cal.start_of_counting(at(2025, 4, 26, 9, 0)) == at(2025, 4, 26, 9, 0)


@pytest.mark.parametrize(
    ("cutoff", "received", "expected"),
    [
        (time(15, 0), at(2025, 3, 5, 15, 30), at(2025, 3, 6, 7, 30)),
        (time(16, 0), at(2025, 3, 5, 15, 30), at(2025, 3, 5, 15, 30)),
        (time(16, 0), at(2025, 3, 5, 16, 30), at(2025, 3, 6, 7, 30)),
        (time(11, 0), at(2025, 3, 5, 11, 15), at(2025, 3, 6, 7, 30)),
        (None, at(2025, 3, 5, 16, 30), at(2025, 3, 5, 16, 30)),
        (None, at(2025, 3, 5, 17, 0), at(2025, 3, 6, 7, 30)),
    ],
)
def test_start_of_counting_when_cutoff_configured(
    cutoff: time | None, received: datetime, expected: datetime
) -> None:
    cal = WorkingCalendar(CalendarConfig(cutoff=cutoff, first_year=2025, last_year=2025))
    assert cal.start_of_counting(received) == expected


def test_start_of_counting_when_input_in_other_timezone(cal: WorkingCalendar) -> None:
    received = datetime(2025, 3, 5, 2, 0, tzinfo=ZoneInfo("UTC"))  # 09:00 in Hà Nội
    result = cal.start_of_counting(received)
    assert result == at(2025, 3, 5, 9, 0)
    assert result.tzinfo == VN
