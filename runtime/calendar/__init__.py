"""Working-day calendar of Vietnamese public offices.

Deadlines of administrative procedures are counted in working days and
working hours, skipping weekends, statutory holidays (from the ``holidays``
package) and the days off and swapped working days the Government decides
each year (a JSON table shipped as ``vn_days.json``; operators can pass their
own). Everything is pure: build a :class:`WorkingCalendar` once and share it.

>>> from datetime import datetime
>>> from zoneinfo import ZoneInfo
>>> cal = WorkingCalendar()
>>> received = datetime(2025, 1, 24, 16, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
>>> cal.start_of_counting(received).isoformat()
'2025-02-03T07:30:00+07:00'
"""

from __future__ import annotations

from .calendar import (
    DEFAULT_DUE_SOON,
    UNITS,
    Pause,
    Status,
    Unit,
    WorkingCalendar,
    default_calendar,
)
from .config import DEFAULT_SESSIONS, CalendarConfig
from .errors import CalendarError, CalendarRangeError, NaiveDatetimeError, TableError
from .table import DayTable, TableEntry, load_table, parse_table

__all__ = [
    "DEFAULT_DUE_SOON",
    "DEFAULT_SESSIONS",
    "UNITS",
    "CalendarConfig",
    "CalendarError",
    "CalendarRangeError",
    "DayTable",
    "NaiveDatetimeError",
    "Pause",
    "Status",
    "TableEntry",
    "TableError",
    "Unit",
    "WorkingCalendar",
    "default_calendar",
    "load_table",
    "parse_table",
]
