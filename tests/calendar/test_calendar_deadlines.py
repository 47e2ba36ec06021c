"""Deadlines in working hours, working days and calendar days, on real dates."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from runtime.calendar import CalendarError, WorkingCalendar

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=VN)


@pytest.fixture(scope="module")
def cal() -> WorkingCalendar:
    return WorkingCalendar()


@pytest.mark.parametrize(
    ("start", "hours", "expected"),
    [
        # Crossing the lunch break.
        (at(2025, 3, 5, 10, 30), 2, at(2025, 3, 5, 14, 0)),
        (at(2025, 3, 5, 11, 0), 1.5, at(2025, 3, 5, 14, 0)),
        # Ending exactly at a session end stays there (not 13:00 / next morning).
        (at(2025, 3, 5, 11, 0), 0.5, at(2025, 3, 5, 11, 30)),
        (at(2025, 3, 5, 7, 30), 8, at(2025, 3, 5, 17, 0)),
        # Starting in the break or before opening counts from the next session.
        (at(2025, 3, 5, 12, 0), 1, at(2025, 3, 5, 14, 0)),
        (at(2025, 3, 5, 6, 0), 4, at(2025, 3, 5, 11, 30)),
        # Overnight and over the weekend.
        (at(2025, 3, 5, 16, 0), 2, at(2025, 3, 6, 8, 30)),
        (at(2025, 3, 7, 16, 0), 2, at(2025, 3, 10, 8, 30)),
        (at(2025, 3, 8, 10, 0), 1, at(2025, 3, 10, 8, 30)),
        # Minutes.
        (at(2025, 3, 5, 9, 0), 0.25, at(2025, 3, 5, 9, 15)),
    ],
)
def test_add_working_hours_when_crossing_breaks(
    cal: WorkingCalendar, start: datetime, hours: float, expected: datetime
) -> None:
    assert cal.add(start, hours, "working-hours") == expected


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        # Convention: N days from the start of a working day end at 17:00 of the Nth day.
        (at(2025, 3, 3, 7, 30), 1, at(2025, 3, 3, 17, 0)),
        (at(2025, 3, 3, 7, 30), 3, at(2025, 3, 5, 17, 0)),
        (at(2025, 3, 3, 7, 30), 5, at(2025, 3, 7, 17, 0)),
        (at(2025, 3, 3, 7, 30), 6, at(2025, 3, 10, 17, 0)),
        # ...and from mid-morning they end at the same time N working days later.
        (at(2025, 3, 3, 9, 0), 3, at(2025, 3, 6, 9, 0)),
        (at(2025, 3, 7, 14, 0), 1, at(2025, 3, 10, 14, 0)),
        # Half days are 4 working hours.
        (at(2025, 3, 3, 7, 30), 0.5, at(2025, 3, 3, 11, 30)),
        (at(2025, 3, 3, 13, 0), 0.5, at(2025, 3, 3, 17, 0)),
        (at(2025, 3, 3, 9, 30), 1.5, at(2025, 3, 4, 15, 0)),
    ],
)
def test_add_working_days_when_ordinary_weeks(
    cal: WorkingCalendar, start: datetime, days: float, expected: datetime
) -> None:
    assert cal.add(start, days, "working-days") == expected


@pytest.mark.parametrize(
    ("received", "days", "expected"),
    [
        # Tết 2025 (25/1–2/2): received Friday morning just before it.
        (at(2025, 1, 24, 10, 0), 3, at(2025, 2, 5, 10, 0)),
        # Received Thursday afternoon: 3 h Thu + 8 h Fri, 5 h after Tết.
        (at(2025, 1, 23, 14, 0), 2, at(2025, 2, 3, 14, 0)),
        # Received after the cut-off on the last day before Tết.
        (at(2025, 1, 24, 16, 30), 1, at(2025, 2, 3, 17, 0)),
        # Tết 2026 (14/2–22/2).
        (at(2026, 2, 13, 9, 0), 1, at(2026, 2, 23, 9, 0)),
        (at(2026, 2, 12, 16, 0), 2, at(2026, 2, 23, 17, 0)),
        (at(2026, 2, 13, 16, 30), 5, at(2026, 2, 27, 17, 0)),
        # 30/4–1/5/2025: Tuesday 29/4 10:00 + 1 day lands on Monday 5/5.
        (at(2025, 4, 29, 10, 0), 1, at(2025, 5, 5, 10, 0)),
        # Friday 25/4 after the cut-off counts from the worked Saturday 26/4.
        (at(2025, 4, 25, 15, 30), 1, at(2025, 4, 26, 17, 0)),
        (at(2025, 4, 24, 9, 0), 2, at(2025, 4, 26, 9, 0)),
        # National Day 2025 (30/8–2/9).
        (at(2025, 8, 29, 16, 30), 3, at(2025, 9, 5, 17, 0)),
        (at(2025, 8, 29, 9, 0), 1, at(2025, 9, 3, 9, 0)),
        # National Day 2026 (29/8–2/9 per the unverified table entry).
        (at(2026, 8, 28, 9, 0), 1, at(2026, 9, 3, 9, 0)),
    ],
)
def test_deadline_for_when_holiday_follows_receipt(
    cal: WorkingCalendar, received: datetime, days: float, expected: datetime
) -> None:
    assert cal.deadline_for(received, days, "working-days") == expected


def test_add_when_monday_morning_three_working_days_due_wednesday_evening(
    cal: WorkingCalendar,
) -> None:
    received = at(2025, 3, 3, 7, 15)  # Monday, before opening
    assert cal.deadline_for(received, 3, "working-days") == at(2025, 3, 5, 17, 0)


def test_add_when_days_equal_eight_hours(cal: WorkingCalendar) -> None:
    start = at(2025, 3, 4, 10, 17)
    assert cal.add(start, 2.5, "working-days") == cal.add(start, 20, "working-hours")


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        # Lands on Saturday 8/3 -> end of Monday 10/3.
        (at(2025, 3, 5, 9, 0), 3, at(2025, 3, 10, 17, 0)),
        # Lands on Sunday 9/3 -> end of Monday 10/3.
        (at(2025, 3, 5, 9, 0), 4, at(2025, 3, 10, 17, 0)),
        # Lands on a working day -> end of that day.
        (at(2025, 3, 5, 9, 0), 1, at(2025, 3, 6, 17, 0)),
        # Counting from the opening of a day: that day is day 1.
        (at(2025, 3, 3, 7, 30), 5, at(2025, 3, 7, 17, 0)),
        (at(2025, 3, 3, 7, 30), 1, at(2025, 3, 3, 17, 0)),
        # Lands in Tết 2025 -> end of the first working day after it.
        (at(2025, 1, 24, 9, 0), 3, at(2025, 2, 3, 17, 0)),
        # Lands on the swapped Saturday 26/4/2025, a working day.
        (at(2025, 4, 23, 9, 0), 3, at(2025, 4, 26, 17, 0)),
        # Lands in 30/4–4/5/2025.
        (at(2025, 4, 28, 9, 0), 4, at(2025, 5, 5, 17, 0)),
        # Calendar days count straight through the holiday when it ends before.
        (at(2025, 1, 20, 9, 0), 15, at(2025, 2, 4, 17, 0)),
    ],
)
def test_add_calendar_days_when_deadline_on_non_working_day(
    cal: WorkingCalendar, start: datetime, days: int, expected: datetime
) -> None:
    assert cal.add(start, days, "calendar-days") == expected


@pytest.mark.parametrize("unit", ["working-hours", "working-days", "calendar-days"])
def test_add_when_amount_zero_returns_start(cal: WorkingCalendar, unit: str) -> None:
    start = at(2025, 3, 5, 9, 0)
    assert cal.add(start, 0, unit) == start  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("amount", "unit", "error"),
    [
        (-1, "working-days", CalendarError),
        (float("nan"), "working-hours", CalendarError),
        (float("inf"), "working-days", CalendarError),
        (1.5, "calendar-days", CalendarError),
        (1, "weeks", CalendarError),
        (True, "working-days", TypeError),
        ("3", "working-days", TypeError),
    ],
)
def test_add_when_amount_or_unit_invalid_raises(
    cal: WorkingCalendar, amount: object, unit: str, error: type[Exception]
) -> None:
    with pytest.raises(error):
        cal.add(at(2025, 3, 5, 9, 0), amount, unit)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("start", "hours"),
    [
        (at(2025, 1, 20, 9, 13), 37.25),
        (at(2025, 4, 25, 16, 0), 12),
        (at(2026, 2, 10, 11, 29), 100),
        (at(2025, 12, 31, 13, 0), 8 * 60),
    ],
)
def test_working_time_between_when_inverse_of_add(
    cal: WorkingCalendar, start: datetime, hours: float
) -> None:
    due = cal.add(start, hours, "working-hours")
    assert cal.working_time_between(start, due) == timedelta(hours=hours)
    assert cal.working_time_between(due, start) == -timedelta(hours=hours)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (at(2025, 3, 5, 7, 30), at(2025, 3, 5, 17, 0), timedelta(hours=8)),
        (at(2025, 3, 5, 11, 0), at(2025, 3, 5, 13, 30), timedelta(hours=1)),
        (at(2025, 3, 7, 17, 0), at(2025, 3, 10, 7, 30), timedelta(0)),
        (at(2025, 1, 24, 7, 30), at(2025, 2, 4, 7, 30), timedelta(hours=16)),
        (at(2025, 4, 25, 7, 30), at(2025, 4, 28, 7, 30), timedelta(hours=16)),
    ],
)
def test_working_time_between_when_spanning_non_working_time(
    cal: WorkingCalendar, a: datetime, b: datetime, expected: timedelta
) -> None:
    assert cal.working_time_between(a, b) == expected
