"""Pauses of the clock (supplement, payment), remaining time and status."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from runtime.calendar import CalendarError, NaiveDatetimeError, Pause, WorkingCalendar

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=VN)


@pytest.fixture(scope="module")
def cal() -> WorkingCalendar:
    return WorkingCalendar()


# A 10-working-day dossier counted from Monday 3/3/2025 07:30: due Friday 14/3 17:00.
START = at(2025, 3, 3, 7, 30)
BASE_DUE = at(2025, 3, 14, 17, 0)
# Two supplement rounds: 16 working hours, then 4 h + 1.5 h (across the night).
TWO_ROUNDS: list[Pause] = [
    (at(2025, 3, 4, 10, 0), at(2025, 3, 6, 10, 0)),
    (at(2025, 3, 11, 13, 0), at(2025, 3, 12, 9, 0)),
]
PAUSED = timedelta(hours=21.5)
MOVED_DUE = at(2025, 3, 19, 14, 30)


def test_add_with_pauses_when_two_supplement_rounds(cal: WorkingCalendar) -> None:
    assert cal.add(START, 10, "working-days") == BASE_DUE
    due = cal.add_with_pauses(START, 10, "working-days", TWO_ROUNDS)
    assert due == MOVED_DUE


def test_deadline_after_pauses_when_two_rounds_moves_by_exactly_paused_working_time(
    cal: WorkingCalendar,
) -> None:
    assert cal.working_time_between(START, BASE_DUE) - cal.working_time_between(
        START, BASE_DUE, TWO_ROUNDS
    ) == PAUSED
    moved = cal.deadline_after_pauses(BASE_DUE, TWO_ROUNDS)
    assert moved == MOVED_DUE
    assert moved == cal.add(BASE_DUE, PAUSED / timedelta(hours=1), "working-hours")
    # The applicant's waiting time is not counted: exactly 10 days of work remain.
    assert cal.working_time_between(START, MOVED_DUE, TWO_ROUNDS) == timedelta(hours=80)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        # During the first round, long before anything.
        (at(2025, 3, 5, 10, 0), "on_time"),
        # After the original due date: not overdue, the clock was paused.
        (at(2025, 3, 14, 17, 30), "on_time"),
        (at(2025, 3, 17, 9, 0), "on_time"),
        # Less than one working day (8 h) left.
        (at(2025, 3, 18, 15, 0), "due_soon"),
        (at(2025, 3, 19, 14, 30), "due_soon"),
        # Really overdue only after the moved deadline.
        (at(2025, 3, 19, 14, 31), "overdue"),
        (at(2025, 3, 20, 8, 0), "overdue"),
    ],
)
def test_status_when_supplement_rounds_never_falsely_overdue(
    cal: WorkingCalendar, now: datetime, expected: str
) -> None:
    assert cal.status(BASE_DUE, now, pauses=TWO_ROUNDS) == expected


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (at(2025, 3, 17, 9, 0), timedelta(hours=20)),
        (at(2025, 3, 18, 15, 0), timedelta(hours=7.5)),
        (MOVED_DUE, timedelta(0)),
        # Overdue by Wednesday 14:30–17:00 and Thursday 07:30–08:00.
        (at(2025, 3, 20, 8, 0), -timedelta(hours=3)),
    ],
)
def test_remaining_when_pauses_closed(
    cal: WorkingCalendar, now: datetime, expected: timedelta
) -> None:
    assert cal.remaining(BASE_DUE, now, TWO_ROUNDS) == expected


OPEN_ROUND: list[Pause] = [(at(2025, 3, 13, 10, 0), None)]
FROZEN = timedelta(hours=13.5)  # Thursday 10:00–17:00 (5.5 h) + Friday (8 h)


@pytest.mark.parametrize(
    "now",
    [at(2025, 3, 13, 10, 0), at(2025, 3, 14, 17, 1), at(2025, 3, 24, 10, 0), at(2025, 6, 2, 8)],
)
def test_remaining_when_pause_open_is_frozen(cal: WorkingCalendar, now: datetime) -> None:
    assert cal.remaining(BASE_DUE, now, OPEN_ROUND) == FROZEN
    assert cal.status(BASE_DUE, now, pauses=OPEN_ROUND) == "on_time"


def test_add_with_pauses_when_pause_open(cal: WorkingCalendar) -> None:
    assert cal.add_with_pauses(START, 10, "working-days", OPEN_ROUND) is None
    assert cal.deadline_after_pauses(BASE_DUE, OPEN_ROUND) is None
    now = at(2025, 3, 24, 10, 0)
    # If the applicant answers now, 13.5 working hours remain.
    expected = at(2025, 3, 25, 17, 0)
    assert cal.add_with_pauses(START, 10, "working-days", OPEN_ROUND, now=now) == expected
    assert cal.deadline_after_pauses(BASE_DUE, OPEN_ROUND, now=now) == expected


def test_status_when_pause_starts_after_deadline_stays_overdue(cal: WorkingCalendar) -> None:
    late: list[Pause] = [(at(2025, 3, 17, 9, 0), at(2025, 3, 18, 9, 0))]
    assert cal.deadline_after_pauses(BASE_DUE, late) == BASE_DUE
    assert cal.status(BASE_DUE, at(2025, 3, 17, 10, 0), pauses=late) == "overdue"
    assert cal.status(BASE_DUE, at(2025, 3, 17, 10, 0), pauses=[(late[0][0], None)]) == "overdue"


def test_add_with_pauses_when_pauses_overlap_counts_once(cal: WorkingCalendar) -> None:
    overlapping: list[Pause] = [
        (at(2025, 3, 4, 10, 0), at(2025, 3, 6, 10, 0)),  # supplement
        (at(2025, 3, 5, 9, 0), at(2025, 3, 6, 15, 0)),  # payment
    ]
    # Union: Tuesday 10:00 to Thursday 15:00 = 5.5 + 8 + 6 working hours.
    due = cal.add_with_pauses(START, 10, "working-days", overlapping)
    assert due == cal.add(BASE_DUE, 19.5, "working-hours")


@pytest.mark.parametrize(
    ("pause", "paused_hours"),
    [
        # Answered on Saturday: only Friday 16:00–17:00 was working time.
        ((at(2025, 3, 7, 16, 0), at(2025, 3, 8, 10, 0)), 1),
        # Entirely in a weekend: no working time, deadline unchanged.
        ((at(2025, 3, 8, 9, 0), at(2025, 3, 9, 18, 0)), 0),
        # Over the lunch break only.
        ((at(2025, 3, 7, 11, 30), at(2025, 3, 7, 13, 0)), 0),
        # Started before counting began: only the part after START counts.
        ((at(2025, 2, 28, 10, 0), at(2025, 3, 3, 9, 30)), 2),
    ],
)
def test_add_with_pauses_when_pause_covers_non_working_time(
    cal: WorkingCalendar, pause: Pause, paused_hours: float
) -> None:
    due = cal.add_with_pauses(START, 10, "working-days", [pause])
    assert due == cal.add(BASE_DUE, paused_hours, "working-hours")


def test_add_with_pauses_when_calendar_days_moves_by_calendar_time(
    cal: WorkingCalendar,
) -> None:
    start = at(2025, 3, 3, 9, 0)
    assert cal.add(start, 10, "calendar-days") == at(2025, 3, 13, 17, 0)
    two_days: list[Pause] = [(at(2025, 3, 5, 9, 0), at(2025, 3, 7, 9, 0))]
    # Two calendar days paused: day 10 becomes Saturday 15/3 -> end of Monday 17/3.
    assert cal.add_with_pauses(start, 10, "calendar-days", two_days) == at(2025, 3, 17, 17, 0)
    open_pause: list[Pause] = [(at(2025, 3, 5, 9, 0), None)]
    assert cal.add_with_pauses(start, 10, "calendar-days", open_pause) is None
    late: list[Pause] = [(at(2025, 3, 14, 9, 0), at(2025, 3, 20, 9, 0))]
    assert cal.add_with_pauses(start, 10, "calendar-days", late) == at(2025, 3, 13, 17, 0)


def test_deadline_after_pauses_when_random_pauses_equals_add_with_pauses(
    cal: WorkingCalendar,
) -> None:
    rng = random.Random(20250303)
    for _ in range(300):
        start = at(2025, 1, 2, 7, 30) + timedelta(minutes=rng.randrange(0, 60 * 24 * 400))
        amount = rng.choice([0.5, 1, 3, 5, 10, 15, 20])
        pauses: list[Pause] = []
        t = start
        for _ in range(rng.randrange(0, 4)):
            t += timedelta(minutes=rng.randrange(0, 60 * 24 * 10))
            end = t + timedelta(minutes=rng.randrange(0, 60 * 24 * 6))
            pauses.append((t, end))
            t = end
        due = cal.add(start, amount, "working-days")
        moved = cal.add_with_pauses(start, amount, "working-days", pauses)
        assert moved == cal.deadline_after_pauses(due, pauses, start=start)
        assert moved is not None
        counted = cal.working_time_between(start, moved, pauses)
        assert counted == timedelta(hours=8 * amount)


@pytest.mark.parametrize(
    ("now", "due_soon", "expected"),
    [
        (at(2025, 3, 14, 9, 0), 8, "due_soon"),
        (at(2025, 3, 14, 9, 0), timedelta(hours=4), "on_time"),
        # Exactly 8 working hours left (Thursday 17:00, or Friday opening) is due soon.
        (at(2025, 3, 13, 17, 0), 8, "due_soon"),
        (at(2025, 3, 14, 7, 30), 8, "due_soon"),
        # 1 h on Thursday + 8 h on Friday = 9 h left.
        (at(2025, 3, 13, 16, 0), 8, "on_time"),
        (at(2025, 3, 10, 9, 0), 16 * 5, "due_soon"),
        (BASE_DUE, 0, "due_soon"),
        (at(2025, 3, 14, 17, 1), 8, "overdue"),
        # Friday 17:00 passed: overdue even though no working time elapsed since.
        (at(2025, 3, 15, 10, 0), timedelta(hours=8), "overdue"),
    ],
)
def test_status_when_threshold_varies(
    cal: WorkingCalendar, now: datetime, due_soon: timedelta | float, expected: str
) -> None:
    assert cal.status(BASE_DUE, now, due_soon=due_soon) == expected


@pytest.mark.parametrize(
    ("pauses", "error"),
    [
        ([(at(2025, 3, 5, 10, 0), at(2025, 3, 5, 9, 0))], CalendarError),
        ([(datetime(2025, 3, 5, 10, 0), None)], NaiveDatetimeError),
        ([(at(2025, 3, 5, 10, 0), datetime(2025, 3, 6, 10, 0))], NaiveDatetimeError),
        ([at(2025, 3, 5, 10, 0)], TypeError),
        ([(at(2025, 3, 5, 10, 0),)], TypeError),
    ],
)
def test_add_with_pauses_when_pause_invalid_raises(
    cal: WorkingCalendar, pauses: list[Pause], error: type[Exception]
) -> None:
    with pytest.raises(error):
        cal.add_with_pauses(START, 10, "working-days", pauses)
