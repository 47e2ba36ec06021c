"""Date relations (``x-date``) and the project's formats, for every eForm validator.

A date field (``format: date`` or ``date-time``) may say how it relates to the
filing date or to another date field of the same group, in one keyword usable in
a page's schema and in conditions alike::

    "x-date": {"not_after": "filing"}
    "x-date": {"not_before": "marriage_date", "within": {"days": 60, "of": "filing"}}

``not_after`` / ``not_before``: on or before / on or after the filing date
(``"filing"``) or the named sibling field. ``within``: no more than N days,
months or years away from it (either side). The filing date is today in Vietnam
(UTC+7), or the date set with :func:`filing_on` (a dossier re-checked later).
A reference to a sibling that holds no date is not checked (``required`` says
whether it must be there).
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import json
import re
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

import jsonschema_rs

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
FILING = "filing"
UNITS = ("days", "months", "years")
_FILING_DATE: contextvars.ContextVar[dt.date | None] = contextvars.ContextVar("filing", default=None)
_CITIZEN_ID = re.compile(r"^[0-9]{12}$")
_PHONE = re.compile(r"^(0|\+84)[0-9]{9}$")
_TAX_CODE = re.compile(r"^([0-9]{10}(-[0-9]{3})?|[0-9]{12})$")


def filing_date() -> dt.date:
    """The date a dossier is filed on: today in Vietnam unless set by :func:`filing_on`."""
    return _FILING_DATE.get() or dt.datetime.now(VIETNAM).date()


@contextlib.contextmanager
def filing_on(day: dt.date) -> Iterator[None]:
    """Check date relations as if the dossier were filed on ``day``."""
    token = _FILING_DATE.set(day)
    try:
        yield
    finally:
        _FILING_DATE.reset(token)


def as_date(value: Any) -> dt.date | None:
    """The calendar date of an ISO date or date-time string (in its own zone), else None."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def shift(day: dt.date, amount: int, unit: str) -> dt.date:
    """``day`` moved by ``amount`` days, months or years (the day clamped to the month's end)."""
    if unit == "days":
        return day + dt.timedelta(days=amount)
    months = amount * (12 if unit == "years" else 1)
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    for last in (31, 30, 29, 28):
        with contextlib.suppress(ValueError):
            return dt.date(year, month, min(day.day, last))
    raise ValueError(day)  # pragma: no cover - a month always has 28 days


def _window(rule: dict[str, Any]) -> tuple[int, str] | None:
    for unit in UNITS:
        if isinstance(rule.get(unit), int):
            return int(rule[unit]), unit
    return None


def broken(relation: dict[str, Any], value: Any, siblings: dict[str, Any] | None) -> dict[str, Any] | None:
    """The first relation ``value`` breaks, as ``{"relation", "limit", "of"}``, else None.

    ``siblings``: the object the field is in (None: only filing-date relations are checked).
    """
    day = as_date(value)
    if day is None:
        return None

    def other(name: Any) -> dt.date | None:
        if name == FILING:
            return filing_date()
        if siblings is None or not isinstance(name, str):
            return None
        return as_date(siblings.get(name))

    for key in ("not_after", "not_before"):
        if key in relation:
            limit = other(relation[key])
            if limit is not None and (day > limit if key == "not_after" else day < limit):
                return {"relation": key, "limit": limit.isoformat(), "of": relation[key]}
    within = relation.get("within")
    if isinstance(within, dict) and _window(within) is not None:
        amount, unit = _window(within)  # type: ignore[misc]
        anchor = other(within.get("of", FILING))
        if anchor is not None and not shift(anchor, -amount, unit) <= day <= shift(anchor, amount, unit):
            return {"relation": "within", "amount": amount, "unit": unit,
                    "of": within.get("of", FILING)}
    return None


def _is_sibling(name: Any) -> bool:
    return isinstance(name, str) and name != FILING


def _links(relation: Any) -> bool:
    if not isinstance(relation, dict):
        return False
    within = relation.get("within") if isinstance(relation.get("within"), dict) else {}
    return any(_is_sibling(relation.get(k)) for k in ("not_after", "not_before")) or \
        _is_sibling(within.get("of"))


class DateKeyword:
    """``x-date`` on a field: the filing-date relations (siblings: see :class:`LinksKeyword`)."""

    def __init__(self, parent: dict[str, Any], value: Any, path: Any):
        self.relation = value if isinstance(value, dict) else {}

    def validate(self, instance: Any) -> None:
        found = broken(self.relation, instance, None)
        if found is not None:
            raise ValueError(json.dumps(found))


class LinksKeyword:
    """``x-date-links`` (added by :func:`prepare` on an object): relations between its fields."""

    def __init__(self, parent: dict[str, Any], value: Any, path: Any):
        self.links = value if isinstance(value, dict) else {}

    def validate(self, instance: Any) -> None:
        if not isinstance(instance, dict):
            return
        for name, relation in self.links.items():
            if name in instance:
                found = broken(relation, instance[name], instance)
                if found is not None:
                    raise ValueError(json.dumps({**found, "field": name}))


def prepare(schema: Any) -> Any:
    """``schema`` with ``x-date-links`` on each object whose fields relate to each other."""
    if isinstance(schema, list):
        return [prepare(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out = {k: prepare(v) for k, v in schema.items()}
    props = schema.get("properties")
    if isinstance(props, dict):
        links = {n: s["x-date"] for n, s in props.items()
                 if isinstance(s, dict) and _links(s.get("x-date"))}
        if links:
            out["x-date-links"] = links
    return out


FORMATS = {
    "citizen-id": lambda v: bool(_CITIZEN_ID.match(v)),
    "phone": lambda v: bool(_PHONE.match(v)),
    "tax-code": lambda v: bool(_TAX_CODE.match(v)),
}
KEYWORDS = {"x-date": DateKeyword, "x-date-links": LinksKeyword}


def validator(schema: Any) -> Any:
    """The 2020-12 validator of an eForm schema or condition: formats asserted, date
    relations and the project's formats known, nothing remote fetched."""
    return jsonschema_rs.Draft202012Validator(prepare(schema), validate_formats=True, offline=True,
                                              formats=FORMATS, keywords=KEYWORDS)
