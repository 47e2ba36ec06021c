"""Errors raised by the working-day calendar.

All of them are :class:`ValueError` subclasses so a caller validating user
input can catch one type.
"""

from __future__ import annotations


class CalendarError(ValueError):
    """Base class of every calendar error."""


class NaiveDatetimeError(CalendarError):
    """A datetime without ``tzinfo`` was given where an instant is required."""


class CalendarRangeError(CalendarError):
    """A date lies outside the years the calendar was built for."""


class TableError(CalendarError):
    """The days-off / swapped-working-days table is malformed."""
