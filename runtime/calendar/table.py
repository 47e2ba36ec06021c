"""The table of extra days off and swapped working days (data, not code).

The ``holidays`` package knows the statutory holidays of the Labour Code; the
government additionally decides, year by year, how long the Tết break is for
public offices and which weekend days are *swapped* into working days to bridge
a holiday. Those decisions live in a JSON table (``vn_days.json`` ships with the
package; an operator may pass their own). Format::

    {
      "version": 1,
      "years": {
        "2025": {
          "days_off": [
            {"from": "2025-01-25", "to": "2025-02-02", "name": "Tết Ất Tỵ",
             "source": "…", "verified": true}
          ],
          "working_days": [
            {"date": "2025-04-26", "replaces": "2025-05-02", "name": "…",
             "source": "…", "verified": true}
          ]
        }
      }
    }

A ``days_off`` entry has either ``date`` or an inclusive ``from``/``to`` range.
Every entry must say where it comes from (``source``) and whether that source
was checked (``verified``) so operators know what to correct.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from .errors import TableError

__all__ = ["DEFAULT_TABLE_RESOURCE", "DayTable", "TableEntry", "load_table"]

#: File name of the table shipped inside this package.
DEFAULT_TABLE_RESOURCE = "vn_days.json"

#: Longest range one ``days_off`` entry may span (guards against typos in years).
_MAX_RANGE_DAYS = 31

EntryKind = Literal["day_off", "working_day"]


@dataclass(frozen=True, slots=True)
class TableEntry:
    """One row of the table, kept for display and auditing."""

    kind: EntryKind
    first: date
    last: date
    name: str
    source: str
    verified: bool
    replaces: date | None = None
    note: str = ""

    def dates(self) -> tuple[date, ...]:
        """Every date the entry covers, in order."""
        span = (self.last - self.first).days
        return tuple(self.first + timedelta(days=i) for i in range(span + 1))


@dataclass(frozen=True, slots=True)
class DayTable:
    """Parsed table: the extra days off and the swapped working days."""

    entries: tuple[TableEntry, ...] = ()

    @property
    def days_off(self) -> frozenset[date]:
        """Dates that are not working days, whatever the weekday."""
        return frozenset(d for e in self.entries if e.kind == "day_off" for d in e.dates())

    @property
    def working_days(self) -> frozenset[date]:
        """Dates that are working days, whatever the weekday (swapped days)."""
        return frozenset(d for e in self.entries if e.kind == "working_day" for d in e.dates())

    def unverified(self) -> tuple[TableEntry, ...]:
        """Entries whose ``verified`` flag is false: operators should check them."""
        return tuple(e for e in self.entries if not e.verified)

    def merged(self, other: DayTable) -> DayTable:
        """A table holding this table's entries followed by ``other``'s."""
        table = DayTable(self.entries + other.entries)
        _check_conflicts(table.entries)
        return table


def load_table(source: str | Path | Mapping[str, Any] | None = None) -> DayTable:
    """Load and validate a table.

    ``source`` is a path to a JSON file, an already parsed mapping, or ``None``
    for the table shipped with the package. Raises :class:`TableError` with the
    position of the faulty entry when the table is malformed.
    """
    if source is None:
        text = resources.files(__package__).joinpath(DEFAULT_TABLE_RESOURCE).read_text("utf-8")
        data: Any = json.loads(text)
        where = DEFAULT_TABLE_RESOURCE
    elif isinstance(source, Mapping):
        data, where = source, "<mapping>"
    else:
        path = Path(source)
        try:
            data = json.loads(path.read_text("utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise TableError(f"{path}: cannot read calendar table: {exc}") from exc
        where = str(path)
    return parse_table(data, where=where)


def parse_table(data: Any, *, where: str = "<table>") -> DayTable:
    """Validate a parsed JSON document and build a :class:`DayTable`."""
    if not isinstance(data, Mapping):
        raise TableError(f"{where}: the table must be a JSON object")
    if data.get("version", 1) != 1:
        raise TableError(f"{where}: unsupported table version {data.get('version')!r}")
    years = data.get("years", {})
    if not isinstance(years, Mapping):
        raise TableError(f"{where}: 'years' must be an object keyed by year")
    entries: list[TableEntry] = []
    for year_key, groups in years.items():
        here = f"{where}: years.{year_key}"
        if not (isinstance(year_key, str) and year_key.isdigit() and len(year_key) == 4):
            raise TableError(f"{here}: year keys must be four-digit strings")
        if not isinstance(groups, Mapping):
            raise TableError(f"{here}: must be an object with 'days_off'/'working_days'")
        unknown = set(groups) - {"days_off", "working_days"}
        if unknown:
            raise TableError(f"{here}: unknown keys {sorted(unknown)}")
        for key, kind in (("days_off", "day_off"), ("working_days", "working_day")):
            rows = groups.get(key, [])
            if not isinstance(rows, list):
                raise TableError(f"{here}.{key}: must be a list")
            for i, row in enumerate(rows):
                entries.append(_parse_entry(row, kind, f"{here}.{key}[{i}]"))
    _check_conflicts(entries)
    return DayTable(tuple(entries))


_ENTRY_KEYS = frozenset({"date", "from", "to", "name", "source", "verified", "replaces", "note"})


def _parse_entry(row: Any, kind: EntryKind, here: str) -> TableEntry:
    if not isinstance(row, Mapping):
        raise TableError(f"{here}: must be an object")
    unknown = set(row) - _ENTRY_KEYS
    if unknown:
        raise TableError(f"{here}: unknown keys {sorted(unknown)}")
    if "date" in row:
        if "from" in row or "to" in row:
            raise TableError(f"{here}: give either 'date' or 'from'/'to', not both")
        first = last = _parse_date(row["date"], f"{here}.date")
    elif "from" in row and "to" in row:
        if kind == "working_day":
            raise TableError(f"{here}: a swapped working day takes a single 'date'")
        first = _parse_date(row["from"], f"{here}.from")
        last = _parse_date(row["to"], f"{here}.to")
        if last < first:
            raise TableError(f"{here}: 'to' is before 'from'")
        if (last - first).days >= _MAX_RANGE_DAYS:
            raise TableError(f"{here}: range longer than {_MAX_RANGE_DAYS} days")
    else:
        raise TableError(f"{here}: needs 'date' or both 'from' and 'to'")
    for key in ("name", "source"):
        if not isinstance(row.get(key), str) or not row[key].strip():
            raise TableError(f"{here}: '{key}' must be a non-empty string")
    verified = row.get("verified")
    if not isinstance(verified, bool):
        raise TableError(f"{here}: 'verified' must be true or false")
    replaces = None
    if "replaces" in row:
        replaces = _parse_date(row["replaces"], f"{here}.replaces")
    note = row.get("note", "")
    if not isinstance(note, str):
        raise TableError(f"{here}: 'note' must be a string")
    return TableEntry(kind, first, last, row["name"], row["source"], verified, replaces, note)


def _parse_date(value: Any, here: str) -> date:
    if not isinstance(value, str):
        raise TableError(f"{here}: dates are ISO strings (YYYY-MM-DD), got {value!r}")
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise TableError(f"{here}: not an ISO date: {value!r}") from exc


def _check_conflicts(entries: Iterable[TableEntry]) -> None:
    off: set[date] = set()
    work: set[date] = set()
    for e in entries:
        (off if e.kind == "day_off" else work).update(e.dates())
    clash = sorted(off & work)
    if clash:
        shown = ", ".join(d.isoformat() for d in clash)
        raise TableError(f"dates listed both as day off and as working day: {shown}")
