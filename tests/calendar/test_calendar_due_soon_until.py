"""due_soon_until: the one instant that splits "due soon" from "on time", for a database to compare against."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from runtime.calendar import WorkingCalendar

VN = ZoneInfo("Asia/Ho_Chi_Minh")
US = timedelta(microseconds=1)


def at(d: int, h: int, mi: int = 0) -> datetime:
    return datetime(2025, 3, d, h, mi, tzinfo=VN)


@pytest.mark.parametrize("now", [
    at(5, 10, 0),     # Wednesday morning
    at(5, 7, 30),     # at opening: the window ends at closing, so up to the next opening
    at(5, 12, 0),     # lunch break
    at(5, 16, 59),    # just before closing
    at(7, 15, 0),     # Friday afternoon: over the weekend
    at(8, 10, 0),     # Saturday
])
def test_status_is_due_soon_up_to_the_bound_and_on_time_after_when_deadlines_are_compared(now) -> None:
    cal = WorkingCalendar()
    bound = cal.due_soon_until(now)
    assert cal.status(bound, now) == "due_soon"
    assert cal.status(bound + US, now) == "on_time"
    for minutes in range(0, 4 * 24 * 60, 37):
        due = now + timedelta(minutes=minutes)
        expected = "due_soon" if due <= bound else "on_time"
        assert cal.status(due, now) == expected, due
