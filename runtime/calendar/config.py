"""Configuration of a :class:`~runtime.calendar.WorkingCalendar`.

Defaults follow the usual schedule of Vietnamese public offices: sessions
07:30–11:30 and 13:00–17:00 (8 working hours), weekly rest on Saturday and
Sunday, dossiers received after 15:00 counted from the next working day
(Decree 61/2018/NĐ-CP as amended by Decree 107/2021/NĐ-CP), time zone
``Asia/Ho_Chi_Minh``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time
from typing import Any

from .errors import CalendarError
from .table import DayTable, load_table

__all__ = ["DEFAULT_SESSIONS", "CalendarConfig"]

#: Morning and afternoon sessions of a working day.
DEFAULT_SESSIONS: tuple[tuple[time, time], ...] = (
    (time(7, 30), time(11, 30)),
    (time(13, 0), time(17, 0)),
)

_WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}


@dataclass(frozen=True, slots=True)
class CalendarConfig:
    """Everything a :class:`WorkingCalendar` is built from (immutable).

    ``table`` is the days-off / swapped-days table; ``None`` means the table
    shipped with the package (``vn_days.json``). ``country`` is the
    ``holidays`` country code whose statutory holidays are added; ``None``
    uses the table alone. Dates outside ``first_year``..``last_year`` are
    refused with :class:`~runtime.calendar.errors.CalendarRangeError`.
    """

    timezone: str = "Asia/Ho_Chi_Minh"
    sessions: tuple[tuple[time, time], ...] = DEFAULT_SESSIONS
    weekend: frozenset[int] = frozenset({5, 6})
    cutoff: time | None = time(15, 0)
    country: str | None = "VN"
    first_year: int = 2015
    last_year: int = 2050
    table: DayTable | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if not self.sessions:
            raise CalendarError("at least one working session is required")
        previous_end: time | None = None
        for start, end in self.sessions:
            if not (isinstance(start, time) and isinstance(end, time)):
                raise CalendarError("sessions are (datetime.time, datetime.time) pairs")
            if start.tzinfo is not None or end.tzinfo is not None:
                raise CalendarError("session times are wall-clock times without tzinfo")
            if not start < end:
                raise CalendarError(f"session {start}–{end} ends before it starts")
            if previous_end is not None and start < previous_end:
                raise CalendarError("sessions must be in order and must not overlap")
            previous_end = end
        if not self.weekend <= set(range(7)):
            raise CalendarError("weekend days are weekday numbers 0 (Monday) to 6 (Sunday)")
        if len(self.weekend) == 7:
            raise CalendarError("a calendar needs at least one working weekday")
        if self.cutoff is not None and (
            not isinstance(self.cutoff, time) or self.cutoff.tzinfo is not None
        ):
            raise CalendarError("cutoff is a wall-clock datetime.time without tzinfo, or None")
        if not 1900 < self.first_year <= self.last_year < 2200:
            raise CalendarError("first_year..last_year must be an increasing range of years")

    def resolved_table(self) -> DayTable:
        """The table to use: the configured one or the packaged default."""
        return self.table if self.table is not None else load_table()

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> CalendarConfig:
        """Build a config from JSON-like data (times as ``"HH:MM"`` strings).

        Keys: ``timezone``, ``sessions`` (list of ``["07:30", "11:30"]``),
        ``weekend`` (``["sat", "sun"]`` or weekday numbers), ``cutoff``
        (``"15:00"`` or ``null``), ``country``, ``first_year``, ``last_year``,
        ``table`` (a path or an inline table object; omitted: the default).
        """
        unknown = set(data) - {
            "timezone", "sessions", "weekend", "cutoff", "country",
            "first_year", "last_year", "table",
        }
        if unknown:
            raise CalendarError(f"unknown calendar config keys: {sorted(unknown)}")
        kwargs: dict[str, Any] = {}
        for key in ("timezone", "country", "first_year", "last_year"):
            if key in data:
                kwargs[key] = data[key]
        if "sessions" in data:
            kwargs["sessions"] = tuple(
                (_parse_time(s), _parse_time(e)) for s, e in data["sessions"]
            )
        if "weekend" in data:
            kwargs["weekend"] = frozenset(_parse_weekday(w) for w in data["weekend"])
        if "cutoff" in data:
            kwargs["cutoff"] = None if data["cutoff"] is None else _parse_time(data["cutoff"])
        if data.get("table") is not None:
            kwargs["table"] = load_table(data["table"])
        return cls(**kwargs)


def _parse_time(value: Any) -> time:
    if isinstance(value, time):
        return value
    try:
        return time.fromisoformat(str(value))
    except ValueError as exc:
        raise CalendarError(f"not a time of day (HH:MM): {value!r}") from exc


def _parse_weekday(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    key = str(value).strip().lower()[:3]
    if key not in _WEEKDAYS:
        raise CalendarError(f"not a weekday: {value!r}")
    return _WEEKDAYS[key]
