"""The scorecard's indicators: what each counts, and the figures of a province or agency for a year.

Every indicator is a share (in %) of two counts, except satisfaction, whose
share is the ratings of 4 or 5 stars among all ratings (the average is shown
beside it). How each matches Decision 766/QĐ-TTg is in docs/scorecard.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any

from ..kpi import spreadsheet_csv


@dataclass
class Counts:
    """What the indicators of one agency and month are computed from."""

    received: int = 0
    """Dossiers filed in the month."""
    online: int = 0
    """Of those, filed online."""
    fully_online: int = 0
    """Of those, filed online with the result delivered online (toàn trình)."""
    done: int = 0
    """Results issued in the month."""
    on_time: int = 0
    """Of those, on time or early."""
    digitised: int = 0
    """Of those, issued as a signed electronic document."""
    ratings: int = 0
    rating_sum: int = 0
    satisfied: int = 0
    """Ratings of 4 or 5 (out of 5)."""
    feedback_decided: int = 0
    """Feedback due in the month that was answered, or is still open after its deadline."""
    feedback_on_time: int = 0
    """Of those, answered by the deadline."""

    def add(self, other: Counts) -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    @property
    def average_rating(self) -> float | None:
        return self.rating_sum / self.ratings if self.ratings else None


@dataclass(frozen=True)
class Indicator:
    key: str
    numerator: str
    denominator: str

    def value(self, counts: Counts) -> float | None:
        """The share in % (None when there is nothing to count)."""
        whole = getattr(counts, self.denominator)
        return 100 * getattr(counts, self.numerator) / whole if whole else None


INDICATORS = (
    Indicator("on_time", "on_time", "done"),
    Indicator("online", "online", "received"),
    Indicator("fully_online", "fully_online", "received"),
    Indicator("satisfaction", "satisfied", "ratings"),
    Indicator("digitised", "digitised", "done"),
    Indicator("feedback_on_time", "feedback_on_time", "feedback_decided"),
)


@dataclass
class Scorecard:
    """The figures of some agencies for one year: per month, per agency, and in total."""

    year: int
    months: list[tuple[str, Counts]]
    """Every month of the year up to now (``YYYY-MM``), in order."""
    agencies: dict[str, Counts]
    """Per agency with any activity in the months chosen (``month`` or the whole year)."""
    total: Counts
    """Of the months chosen."""
    month: str | None
    """The one month chosen, or None for the whole year."""
    by_key: dict[tuple[str, str], Counts]

    def values(self, counts: Counts) -> dict[str, float | None]:
        return {i.key: i.value(counts) for i in INDICATORS}


def year_bounds(year: int, tz: dt.tzinfo) -> tuple[dt.datetime, dt.datetime]:
    return dt.datetime(year, 1, 1, tzinfo=tz), dt.datetime(year + 1, 1, 1, tzinfo=tz)


def build_scorecard(counts: Mapping[tuple[str, str], Counts], year: int, now: dt.datetime, tz: dt.tzinfo,
                    month: str | None = None) -> Scorecard:
    """Arrange ``counts`` (per agency and month) into a :class:`Scorecard`."""
    local_now = now.astimezone(tz)
    last = 12 if year < local_now.year else local_now.month
    names = [f"{year:04d}-{m:02d}" for m in range(1, last + 1)]
    months = {name: Counts() for name in names}
    agencies: dict[str, Counts] = {}
    total = Counts()
    for (agency, name), item in sorted(counts.items()):
        if name in months:
            months[name].add(item)
        if name in months and (month is None or name == month):
            agencies.setdefault(agency, Counts()).add(item)
            total.add(item)
    return Scorecard(year, list(months.items()), agencies, total, month if month in months else None,
                     dict(counts))


def csv_bytes(card: Scorecard, headers: Sequence[str], agency_name: Callable[[str], str],
              rows: Iterable[tuple[str, str, Counts]] | None = None) -> bytes:
    """One row per agency and month: the counts, then each indicator in % (UTF-8 with a byte-order mark)."""
    items = rows if rows is not None else [(a, m, c) for (a, m), c in sorted(card.by_key.items())
                                            if m.startswith(f"{card.year:04d}-")]
    lines = []
    for agency, month, c in items:
        row: list[Any] = [agency, agency_name(agency), month, c.received, c.online, c.fully_online, c.done,
                          c.on_time, c.digitised, c.ratings, "" if c.average_rating is None
                          else f"{c.average_rating:.2f}", c.feedback_decided, c.feedback_on_time]
        row += ["" if (v := i.value(c)) is None else f"{v:.1f}" for i in INDICATORS]
        lines.append(row)
    return spreadsheet_csv(headers, lines)
