"""The working-day calendar: deadlines, pauses and status of dossiers.

Internally every instant is mapped to a *working-time coordinate*: the number
of working microseconds between the start of the calendar's first working
day and that instant. Working time between two instants is the difference of
their coordinates, and adding working time is the inverse mapping, so
:meth:`WorkingCalendar.add` costs a binary search over the precomputed
working days, never a loop over minutes or days.

Conventions (see ``docs/calendar.md`` for the reasons):

* ``working-days`` are durations: one day is the length of the sessions
  (8 h by default), so 0.5 day is 4 working hours. N working days from the
  start of a working day end at 17:00 of the Nth working day; from 09:00 they
  end at 09:00 on the (N+1)th.
* A deadline that is reached exactly at the end of a session is that end
  (11:30 or 17:00), never the start of the next session.
* ``calendar-days``: the Nth calendar day (the start day counts as day 1 when
  counting starts at or before the first session of that day, otherwise day 1
  is the next day), ending at the end of its last session; if that day is not
  a working day the deadline is the end of the next working day.
* Pauses stop the clock: working-time limits move by the working time spent
  paused; calendar-day limits move by the calendar time spent paused.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any, Literal, NoReturn, get_args
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .config import CalendarConfig
from .errors import CalendarError, CalendarRangeError, NaiveDatetimeError

__all__ = [
    "DEFAULT_DUE_SOON",
    "UNITS",
    "Pause",
    "Status",
    "Unit",
    "WorkingCalendar",
    "default_calendar",
]

Unit = Literal["working-hours", "working-days", "calendar-days"]
Status = Literal["on_time", "due_soon", "overdue"]
#: A pause of the clock: (start, end); ``end`` is ``None`` while still paused.
Pause = tuple[datetime, datetime | None]

UNITS: tuple[str, ...] = get_args(Unit)
#: Default "due soon" window: one working day of working time.
DEFAULT_DUE_SOON = timedelta(hours=8)

_US_PER_SECOND = 1_000_000
_US_PER_HOUR = 3600 * _US_PER_SECOND


def _us_of_time(t: time) -> int:
    return ((t.hour * 60 + t.minute) * 60 + t.second) * _US_PER_SECOND + t.microsecond


def _us_of_day(dt: datetime) -> int:
    return ((dt.hour * 60 + dt.minute) * 60 + dt.second) * _US_PER_SECOND + dt.microsecond


class WorkingCalendar:
    """Working days and working hours of an office; immutable once built.

    Build it once (it computes every working day of ``first_year`` ..
    ``last_year``) and share it: every method is a pure function of its
    arguments. All datetimes must be timezone-aware; results are in the
    calendar's time zone.
    """

    __slots__ = (
        "_config",
        "_cutoff_us",
        "_day_us",
        "_first_start_us",
        "_last_end_us",
        "_max_ord",
        "_min_ord",
        "_ord_set",
        "_ords",
        "_sessions",
        "_tz",
    )

    _config: CalendarConfig
    _tz: ZoneInfo
    _sessions: tuple[tuple[int, int], ...]
    _day_us: int
    _first_start_us: int
    _last_end_us: int
    _cutoff_us: int | None
    _ords: tuple[int, ...]
    _ord_set: frozenset[int]
    _min_ord: int
    _max_ord: int

    def __init__(self, config: CalendarConfig | None = None) -> None:
        config = config if config is not None else CalendarConfig()
        sessions = tuple((_us_of_time(s), _us_of_time(e)) for s, e in config.sessions)
        init = object.__setattr__
        init(self, "_config", config)
        try:
            init(self, "_tz", ZoneInfo(config.timezone))
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise CalendarError(f"unknown time zone {config.timezone!r}") from exc
        init(self, "_sessions", sessions)
        init(self, "_day_us", sum(e - s for s, e in sessions))
        init(self, "_first_start_us", sessions[0][0])
        init(self, "_last_end_us", sessions[-1][1])
        init(self, "_cutoff_us", None if config.cutoff is None else _us_of_time(config.cutoff))
        first = date(config.first_year, 1, 1).toordinal()
        last = date(config.last_year, 12, 31).toordinal()
        ords = _working_ordinals(config, first, last)
        if not ords:
            raise CalendarError("the configuration leaves no working day at all")
        init(self, "_ords", ords)
        init(self, "_ord_set", frozenset(ords))
        init(self, "_min_ord", first)
        init(self, "_max_ord", last)

    def __setattr__(self, name: str, value: Any) -> NoReturn:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __delattr__(self, name: str) -> NoReturn:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __repr__(self) -> str:
        c = self._config
        return (
            f"WorkingCalendar(timezone={c.timezone!r}, years={c.first_year}..{c.last_year}, "
            f"working_days={len(self._ords)})"
        )

    # ------------------------------------------------------------------ info

    @property
    def config(self) -> CalendarConfig:
        """The configuration the calendar was built from."""
        return self._config

    @property
    def timezone(self) -> ZoneInfo:
        """Time zone of the office; every result is expressed in it."""
        return self._tz

    @property
    def working_day_length(self) -> timedelta:
        """Working time of one working day (8 h by default)."""
        return timedelta(microseconds=self._day_us)

    # ----------------------------------------------------------------- days

    def is_working_day(self, d: date) -> bool:
        """Whether ``d`` is a working day (an aware datetime is taken in local time)."""
        if isinstance(d, datetime):
            d = self._local(d, "d").date()
        elif not isinstance(d, date):
            raise TypeError(f"d must be a date, got {type(d).__name__}")
        o = d.toordinal()
        self._check_ord(o)
        return o in self._ord_set

    def start_of_counting(self, received_at: datetime) -> datetime:
        """When the processing clock starts for a dossier received at ``received_at``.

        On a working day, before the cut-off (inclusive) and before the end of
        the last session: the receipt instant, moved forward to the next
        session start if it falls before opening or in the lunch break.
        Otherwise (after the cut-off, after closing, on a non-working day):
        the first session start of the next working day.
        """
        local = self._local(received_at, "received_at")
        o = local.toordinal()
        self._check_ord(o)
        us = _us_of_day(local)
        if (
            o in self._ord_set
            and (self._cutoff_us is None or us <= self._cutoff_us)
            and us < self._last_end_us
        ):
            for start, end in self._sessions:
                if us < start:
                    return self._at(o, start)
                if us < end:
                    return local
        i = bisect_right(self._ords, o)
        if i >= len(self._ords):
            self._out_of_range("the next working day")
        return self._at(self._ords[i], self._first_start_us)

    # ------------------------------------------------------------- deadlines

    def add(self, start: datetime, amount: float, unit: Unit) -> datetime:
        """The deadline ``amount`` ``unit`` after ``start`` (see module conventions).

        ``start`` is taken as the start of counting as is (no cut-off is
        applied: use :meth:`deadline_for` for a receipt time).
        """
        local = self._local(start, "start")
        if unit == "calendar-days":
            return self._calendar_deadline(local, self._days(amount))
        us = self._working_us(amount, unit)
        if us == 0:
            return local
        return self._instant(self._coord(local) + us)

    def deadline_for(self, received_at: datetime, amount: float, unit: Unit) -> datetime:
        """Deadline of a dossier received at ``received_at`` (cut-off applied)."""
        return self.add(self.start_of_counting(received_at), amount, unit)

    def working_time_between(
        self, a: datetime, b: datetime, pauses: Iterable[Pause] = ()
    ) -> timedelta:
        """Working time from ``a`` to ``b``, not counting time inside ``pauses``.

        Negative when ``b`` is before ``a``. An open pause (end ``None``)
        runs to ``b``.
        """
        la, lb = self._local(a, "a"), self._local(b, "b")
        merged = self._merge(pauses)
        if lb < la:
            return -self._between(lb, la, merged)
        return self._between(la, lb, merged)

    # ---------------------------------------------------------------- pauses

    def add_with_pauses(
        self,
        start: datetime,
        amount: float,
        unit: Unit,
        pauses: Iterable[Pause],
        *,
        now: datetime | None = None,
    ) -> datetime | None:
        """Deadline of ``amount`` ``unit`` from ``start`` with the clock stopped in ``pauses``.

        Only the part of a pause after ``start`` and before the (moving)
        deadline counts; overlapping pauses count once. While a pause is open
        the deadline is unknown: ``None``, unless ``now`` is given, in which
        case the open pause is taken to end at ``now`` (the deadline if the
        applicant answered now).
        """
        local = self._local(start, "start")
        now_l = None if now is None else self._local(now, "now")
        merged = self._merge(pauses)
        if unit == "calendar-days":
            return self._calendar_with_pauses(local, self._days(amount), merged, now_l)
        us = self._working_us(amount, unit)
        if us == 0:
            return local
        target = self._shift(self._coord(local) + us, merged, local, now_l)
        return None if target is None else self._instant(target)

    def deadline_after_pauses(
        self,
        due: datetime,
        pauses: Iterable[Pause],
        *,
        start: datetime | None = None,
        now: datetime | None = None,
    ) -> datetime | None:
        """``due`` moved later by the working time spent in ``pauses``.

        A pause counts if it starts before the (moving) deadline; with
        ``start``, only its part after ``start`` counts. For a working-time
        limit this equals :meth:`add_with_pauses`. An open pause gives
        ``None`` unless ``now`` is given (then it is taken to end at ``now``).
        """
        due_l = self._local(due, "due")
        start_l = None if start is None else self._local(start, "start")
        now_l = None if now is None else self._local(now, "now")
        base = self._coord(due_l)
        target = self._shift(base, self._merge(pauses), start_l, now_l)
        if target is None:
            return None
        return due_l if target == base else self._instant(target)

    def remaining(
        self, due: datetime, now: datetime, pauses: Iterable[Pause] = ()
    ) -> timedelta:
        """Working time left at ``now`` before ``due`` (moved by ``pauses``).

        Negative once overdue by some working time. During an open pause the
        value is frozen: the pause is taken to end at ``now``.
        """
        now_l = self._local(now, "now")
        due_l = self._due_at(due, pauses, now_l)
        if due_l < now_l:
            return -self._between(due_l, now_l, [])
        return self._between(now_l, due_l, [])

    def status(
        self,
        due: datetime,
        now: datetime,
        due_soon: timedelta | float = DEFAULT_DUE_SOON,
        pauses: Iterable[Pause] = (),
    ) -> Status:
        """``"overdue"`` once ``now`` is after ``due`` (moved by ``pauses``).

        ``"due_soon"`` when at most ``due_soon`` of *working* time is left (a
        timedelta, or a number of working hours; the due instant itself is
        still due soon), otherwise ``"on_time"``.
        """
        now_l = self._local(now, "now")
        threshold = self._threshold_us(due_soon)
        due_l = self._due_at(due, pauses, now_l)
        if now_l > due_l:
            return "overdue"
        if self._coord(due_l) - self._coord(now_l) <= threshold:
            return "due_soon"
        return "on_time"

    def due_soon_until(self, now: datetime, due_soon: timedelta | float = DEFAULT_DUE_SOON) -> datetime:
        """The latest deadline :meth:`status` calls ``"due_soon"`` at ``now`` (later ones are on time).

        Lets a database split deadlines into marks with two comparisons:
        overdue before ``now``, due soon up to this instant, on time after it.
        """
        now_l = self._local(now, "now")
        target = self._coord(now_l) + self._threshold_us(due_soon)
        earliest = self._instant(target) if target else self._at(self._ords[0], self._first_start_us)
        # The coordinate stands still outside working hours: the latest instant with it is the
        # start of the next session when ``earliest`` closes one.
        us, o = _us_of_day(earliest), earliest.toordinal()
        ends = [end for _start, end in self._sessions]
        if us not in ends:
            return earliest
        index = ends.index(us)
        if index + 1 < len(self._sessions):
            return self._at(o, self._sessions[index + 1][0])
        i = bisect_right(self._ords, o)
        if i >= len(self._ords):
            self._out_of_range("the next working day")
        return self._at(self._ords[i], self._first_start_us)

    # -------------------------------------------------------------- internals

    def _due_at(self, due: datetime, pauses: Iterable[Pause], now: datetime) -> datetime:
        """``due`` moved by ``pauses`` as known at ``now`` (open pauses end at ``now``)."""
        due_l = self._local(due, "due")
        base = self._coord(due_l)
        target = self._shift(base, self._merge(pauses), None, now)
        if target is None:  # pragma: no cover - _shift closes open pauses at now
            raise AssertionError("open pause left unresolved")
        return due_l if target == base else self._instant(target)

    def _local(self, value: datetime, what: str) -> datetime:
        if not isinstance(value, datetime):
            raise TypeError(f"{what} must be a datetime, got {type(value).__name__}")
        if value.tzinfo is None or value.utcoffset() is None:
            raise NaiveDatetimeError(
                f"{what} is a naive datetime ({value.isoformat()}); the calendar needs "
                f"timezone-aware datetimes, e.g. tzinfo=ZoneInfo({self._config.timezone!r})"
            )
        if value.tzinfo is self._tz:
            return value
        return value.astimezone(self._tz)

    def _check_ord(self, o: int) -> None:
        if not self._min_ord <= o <= self._max_ord:
            self._out_of_range(date.fromordinal(max(1, o)).isoformat())

    def _out_of_range(self, what: str) -> NoReturn:
        c = self._config
        raise CalendarRangeError(
            f"{what} is outside the calendar's years {c.first_year}..{c.last_year}; "
            "build a WorkingCalendar with a wider first_year/last_year"
        )

    def _at(self, o: int, us: int) -> datetime:
        d = date.fromordinal(o)
        seconds, micro = divmod(us, _US_PER_SECOND)
        minutes, second = divmod(seconds, 60)
        hour, minute = divmod(minutes, 60)
        return datetime(d.year, d.month, d.day, hour, minute, second, micro, tzinfo=self._tz)

    def _day_offset(self, us: int) -> int:
        """Working microseconds of a working day elapsed at time-of-day ``us``."""
        offset = 0
        for start, end in self._sessions:
            if us <= start:
                return offset
            if us < end:
                return offset + us - start
            offset += end - start
        return offset

    def _coord(self, local: datetime) -> int:
        """Working-time coordinate of a local instant."""
        o = local.toordinal()
        self._check_ord(o)
        i = bisect_left(self._ords, o)
        if i < len(self._ords) and self._ords[i] == o:
            return i * self._day_us + self._day_offset(_us_of_day(local))
        return i * self._day_us

    def _instant(self, coord: int) -> datetime:
        """Earliest instant whose working-time coordinate is ``coord``."""
        i, offset = divmod(coord, self._day_us)
        if offset == 0:
            if i == 0:
                return self._at(self._ords[0], self._first_start_us)
            i, offset = i - 1, self._day_us
        if i >= len(self._ords):
            self._out_of_range("the deadline")
        done = 0
        for start, end in self._sessions:
            if offset <= done + end - start:
                return self._at(self._ords[i], start + offset - done)
            done += end - start
        raise AssertionError("unreachable: offset within a day")  # pragma: no cover

    def _between(
        self, a: datetime, b: datetime, merged: list[tuple[datetime, datetime | None]]
    ) -> timedelta:
        total = self._coord(b) - self._coord(a)
        for ps, pe in merged:
            lo = max(ps, a)
            hi = b if pe is None else min(pe, b)
            if hi > lo:
                total -= self._coord(hi) - self._coord(lo)
        return timedelta(microseconds=total)

    def _shift(
        self,
        target: int,
        merged: list[tuple[datetime, datetime | None]],
        clip: datetime | None,
        now: datetime | None,
    ) -> int | None:
        """Move a deadline coordinate by the working time of the pauses before it."""
        for ps, pe in merged:
            if clip is not None:
                if pe is not None and pe <= clip:
                    continue
                ps = max(ps, clip)
            c_start = self._coord(ps)
            if c_start >= target:
                break
            if pe is None:
                if now is None:
                    return None
                pe = max(now, ps)
            target += self._coord(pe) - c_start
        return target

    def _calendar_deadline(self, local: datetime, days: int) -> datetime:
        if days == 0:
            return local
        o = local.toordinal()
        anchor = o - 1 if _us_of_day(local) <= self._first_start_us else o
        last = anchor + days
        self._check_ord(last)
        i = bisect_left(self._ords, last)
        if i >= len(self._ords):
            self._out_of_range("the deadline")
        return self._at(self._ords[i], self._last_end_us)

    def _calendar_with_pauses(
        self,
        local: datetime,
        days: int,
        merged: list[tuple[datetime, datetime | None]],
        now: datetime | None,
    ) -> datetime | None:
        due = self._calendar_deadline(local, days)
        if days == 0:
            return due
        shift = timedelta(0)
        for ps, pe in merged:
            if pe is not None and pe <= local:
                continue
            ps = max(ps, local)
            if ps >= due:
                break
            if pe is None:
                if now is None:
                    return None
                pe = max(now, ps)
            shift += pe - ps
            due = self._calendar_deadline(local + shift, days)
        return due

    def _merge(self, pauses: Iterable[Pause]) -> list[tuple[datetime, datetime | None]]:
        """Validate, localise, sort and merge overlapping pauses."""
        items: list[tuple[datetime, datetime | None]] = []
        for i, pause in enumerate(pauses):
            try:
                ps, pe = pause
            except (TypeError, ValueError):
                raise TypeError(f"pauses[{i}] must be a (start, end or None) pair") from None
            ps = self._local(ps, f"pauses[{i}] start")
            pe = None if pe is None else self._local(pe, f"pauses[{i}] end")
            if pe is not None and pe < ps:
                raise CalendarError(f"pauses[{i}] ends ({pe}) before it starts ({ps})")
            items.append((ps, pe))
        items.sort(key=lambda p: p[0])
        merged: list[tuple[datetime, datetime | None]] = []
        for ps, pe in items:
            if merged:
                last_start, last_end = merged[-1]
                if last_end is None:
                    continue  # an open pause covers everything after it
                if ps <= last_end:
                    merged[-1] = (last_start, None if pe is None else max(last_end, pe))
                    continue
            merged.append((ps, pe))
        return merged

    def _working_us(self, amount: float, unit: str) -> int:
        value = _check_amount(amount)
        if unit == "working-hours":
            return round(value * _US_PER_HOUR)
        if unit == "working-days":
            return round(value * self._day_us)
        raise CalendarError(f"unknown unit {unit!r}; expected one of {', '.join(UNITS)}")

    @staticmethod
    def _days(amount: float) -> int:
        value = _check_amount(amount)
        if value != int(value):
            raise CalendarError(f"calendar-days must be a whole number, got {amount!r}")
        return int(value)

    @staticmethod
    def _threshold_us(due_soon: timedelta | float) -> int:
        if isinstance(due_soon, timedelta):
            us = due_soon // timedelta(microseconds=1)
        else:
            us = round(_check_amount(due_soon) * _US_PER_HOUR)
        if us < 0:
            raise CalendarError("due_soon must not be negative")
        return us


def _check_amount(amount: float) -> float:
    if isinstance(amount, bool) or not isinstance(amount, int | float):
        raise TypeError(f"amount must be a number, got {type(amount).__name__}")
    if not math.isfinite(amount) or amount < 0:
        raise CalendarError(f"amount must be a finite number >= 0, got {amount!r}")
    return amount


def _working_ordinals(config: CalendarConfig, first: int, last: int) -> tuple[int, ...]:
    """Ordinals of every working day from ``first`` to ``last`` (inclusive).

    Precedence: a swapped working day of the table wins, then a day off of
    the table, then the package's swapped working days, then its holidays,
    then the weekly rest days.
    """
    table = config.resolved_table()
    table_work, table_off = table.working_days, table.days_off
    pkg_work: frozenset[date] = frozenset()
    pkg_off: frozenset[date] = frozenset()
    if config.country is not None:
        import holidays  # deferred: importing the calendar must stay cheap

        found = holidays.country_holidays(
            config.country, years=range(config.first_year, config.last_year + 1)
        )
        pkg_off = frozenset(found.keys())
        pkg_work = frozenset(getattr(found, "weekend_workdays", ()))
    working: list[int] = []
    for o in range(first, last + 1):
        d = date.fromordinal(o)
        if d in table_work:
            is_working = True
        elif d in table_off:
            is_working = False
        elif d in pkg_work:
            is_working = True
        elif d in pkg_off:
            is_working = False
        else:
            is_working = d.weekday() not in config.weekend
        if is_working:
            working.append(o)
    return tuple(working)


@lru_cache(maxsize=1)
def default_calendar() -> WorkingCalendar:
    """The shared calendar built from the default configuration (built on first use)."""
    return WorkingCalendar()
