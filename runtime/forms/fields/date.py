"""Dates: typed as day/month/year (05/03/2026), stored as ISO 8601 (2026-03-05)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, ClassVar

from ..spec import MISSING, FieldSpec
from .base import FieldKind, Problem, clean

_DMY = re.compile(r"^([0-9]{1,2})[/.\-]([0-9]{1,2})[/.\-]([0-9]{4})$")
_ISO = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")


class DateKind(FieldKind):
    """A date in one text input, ``dd/mm/yyyy``; ISO ``yyyy-mm-dd`` is read too."""

    names = ("date",)
    keys: ClassVar[dict[str, str]] = {"format": "date.real", "pattern": "date.format"}
    inputmode = "numeric"
    spellcheck = False

    def convert(self, spec: FieldSpec, raw: Any) -> tuple[Any, Problem | None]:
        text = clean(raw).replace(" ", "")
        if not text:
            return MISSING, None
        found = _DMY.match(text)
        if found:
            day, month, year = (int(x) for x in found.groups())
        else:
            iso = _ISO.match(text)
            if not iso:
                return MISSING, Problem("date.format")
            year, month, day = (int(x) for x in iso.groups())
        try:
            return dt.date(year, month, day).isoformat(), None
        except ValueError:
            return MISSING, Problem("date.real")

    def raw(self, spec: FieldSpec, value: Any) -> Any:
        if not isinstance(value, str):
            return super().raw(spec, value)
        iso = _ISO.match(value)
        if not iso:
            return value
        year, month, day = iso.groups()
        return f"{day}/{month}/{year}"


_TIME = re.compile(r"^([01]?[0-9]|2[0-3])[:hg.]([0-5][0-9])(?::([0-5][0-9]))?$")
_RFC_TIME = re.compile(r"^[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$", re.I)
_RFC_DATETIME = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?"
                           r"(Z|[+-][0-9]{2}:[0-9]{2})$", re.I)
#: Vietnam's time zone (UTC+7, no daylight saving): times typed without one are in it.
VIETNAM = "+07:00"


class TimeKind(FieldKind):
    """A time of day typed ``14:30``, stored as RFC 3339 in Vietnam time (``14:30:00+07:00``);
    a stored time in another zone is shown and kept exactly as it is."""

    names = ("time",)
    keys: ClassVar[dict[str, str]] = {"format": "time", "pattern": "time"}
    inputmode = "numeric"
    spellcheck = False

    def convert(self, spec: FieldSpec, raw: Any) -> tuple[Any, Problem | None]:
        text = clean(raw).replace(" ", "")
        if not text:
            return MISSING, None
        if _RFC_TIME.match(text):
            return text, None
        found = _TIME.match(text)
        if not found:
            return MISSING, Problem("time")
        hour, minute, second = found.groups()
        return f"{int(hour):02d}:{minute}:{second or '00'}{VIETNAM}", None

    def raw(self, spec: FieldSpec, value: Any) -> Any:
        if isinstance(value, str) and value.endswith(VIETNAM) and len(value) == 14:
            return value[:5] if value[6:8] == "00" else value[:8]
        return super().raw(spec, value)


class DateTimeKind(FieldKind):
    """A date and time typed ``05/03/2026 14:30`` (Vietnam time), stored as RFC 3339 with
    the zone made explicit (``2026-03-05T14:30:00+07:00``); other stored values are kept."""

    names = ("datetime",)
    keys: ClassVar[dict[str, str]] = {"format": "datetime", "pattern": "datetime"}
    spellcheck = False

    def convert(self, spec: FieldSpec, raw: Any) -> tuple[Any, Problem | None]:
        text = " ".join(clean(raw).split())
        if not text:
            return MISSING, None
        if _RFC_DATETIME.match(text):
            return text, None
        day_part, _sep, time_part = text.partition(" ")
        day, problem = DateKind().convert(spec, day_part)
        if problem or day is MISSING:
            return MISSING, Problem("datetime")
        found = _TIME.match(time_part or "00:00")
        if not found:
            return MISSING, Problem("datetime")
        hour, minute, second = found.groups()
        return f"{day}T{int(hour):02d}:{minute}:{second or '00'}{VIETNAM}", None

    def raw(self, spec: FieldSpec, value: Any) -> Any:
        if isinstance(value, str) and len(value) == 25 and value.endswith(VIETNAM) \
                and _RFC_DATETIME.match(value) and value[10] == "T":
            day = DateKind().raw(spec, value[:10])
            clock = value[11:16] if value[17:19] == "00" else value[11:19]
            return f"{day} {clock}"
        return super().raw(spec, value)
