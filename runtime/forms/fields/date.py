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
