"""Processing indicators (KPIs) per agency and procedure: pure functions, no Flask, no store.

A dossier is first reduced to a :class:`KpiRecord` (the few facts the figures
need, small enough to cache by dossier id and version); :func:`compute` turns
records into :class:`Figures` for a :class:`Period`.

What the figures mean:

* **received** – dossiers filed (``submitted_at``) in the period;
* **in progress** – dossiers open *now* (not at an end step), of which
  **paused** wait for the applicant; **backlog** – the open dossiers per step.
  These two are snapshots: the period does not apply to them;
* **done** – dossiers whose result was issued in the period (the
  ``issue-result`` event, else the hand-over), split into **early** (on a day
  before the appointment day), **on time** (on the appointment day, not after
  the appointment time) and **late** (after it, or whenever an apology slip 04
  was issued: the new date it gave does not make the dossier on time);
* **closed without result** – refused or withdrawn in the period;
* **on-time rate** – (early + on time) / done;
* **average processing time** – working days from receipt (or filing) to the
  result, on the working-day calendar, time waiting for the applicant excluded;
* **online share** – online dossiers / received;
* **satisfaction** – the mean of the 1–5 ratings given in the period.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from .calendar import WorkingCalendar
from .dossiers.model import Dossier

PeriodKey = Literal["month", "year", "all"]
PERIODS: tuple[PeriodKey, ...] = ("month", "year", "all")
RESULT_KINDS = frozenset({"issue-result"})
STOP_KINDS = frozenset({"refuse", "withdraw"})


@dataclass(frozen=True, slots=True)
class KpiRecord:
    """What the indicators need to know about one dossier."""

    id: str
    agency_code: str
    procedure_code: str
    step: str
    open: bool
    """Not at an end step."""
    paused: bool
    """Waiting for the applicant now."""
    channel: str
    submitted_at: dt.datetime | None
    received_at: dt.datetime | None
    result_at: dt.datetime | None
    """When the result was issued (or handed over), None without a result."""
    stopped_at: dt.datetime | None
    """When it was refused or withdrawn, None otherwise."""
    due_at: dt.datetime | None
    apologised: bool
    """An apology slip (04) was issued: the dossier was late."""
    pauses: tuple[tuple[dt.datetime, dt.datetime | None], ...] = ()
    rating: int | None = None
    rated_at: dt.datetime | None = None


def record_of(dossier: Dossier, *, ended: bool) -> KpiRecord:
    """Reduce ``dossier`` to its record; ``ended`` says whether its current step is an end step."""
    result_at = stopped_at = None
    apologised = False
    for event in dossier.events:
        kind = event.data.get("kind")
        if kind in RESULT_KINDS and result_at is None:
            result_at = event.at
        if kind in STOP_KINDS and ended:
            stopped_at = event.at
        if "04" in (event.data.get("slips") or ()):
            apologised = True
    if result_at is None and ended and dossier.status.national_code == 10:
        result_at = dossier.returned_at
    rating = dossier.extra.get("rating") if isinstance(dossier.extra.get("rating"), dict) else None
    score = rating.get("score") if rating else None
    valid_score = isinstance(score, int) and not isinstance(score, bool) and 1 <= score <= 5
    rated_at = None
    if valid_score and isinstance(rating.get("at"), str):  # type: ignore[union-attr]
        try:
            rated_at = dt.datetime.fromisoformat(rating["at"])  # type: ignore[index]
        except ValueError:
            rated_at = None
    return KpiRecord(
        id=dossier.id, agency_code=dossier.agency_code or "", procedure_code=dossier.procedure_code,
        step=dossier.status.step, open=not ended, paused=any(p.end is None for p in dossier.pauses),
        channel=dossier.channel, submitted_at=dossier.submitted_at, received_at=dossier.received_at,
        result_at=result_at, stopped_at=stopped_at if result_at is None else None, due_at=dossier.due_at,
        apologised=apologised, pauses=tuple((p.start, p.end) for p in dossier.pauses),
        rating=score if valid_score else None,
        rated_at=(rated_at or result_at or dossier.returned_at) if valid_score else None)


@dataclass(frozen=True, slots=True)
class Period:
    key: PeriodKey
    start: dt.datetime | None
    """Inclusive start; None for all time."""
    end: dt.datetime
    """Inclusive end (the moment the figures were computed)."""

    def holds(self, moment: dt.datetime | None) -> bool:
        return moment is not None and (self.start is None or moment >= self.start) and moment <= self.end


def period_of(key: str, now: dt.datetime, tz: dt.tzinfo) -> Period:
    """This month, this year (local time) or all time, up to ``now``; unknown keys mean this month."""
    local = now.astimezone(tz)
    if key == "all":
        return Period("all", None, now)
    if key == "year":
        return Period("year", local.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0), now)
    return Period("month", local.replace(day=1, hour=0, minute=0, second=0, microsecond=0), now)


Timing = Literal["early", "on_time", "late"]


def timing_of(result_at: dt.datetime, due_at: dt.datetime | None, apologised: bool, tz: dt.tzinfo) -> Timing:
    """Early (a day before the appointment day), on time, or late."""
    if apologised:
        return "late"
    if due_at is None:
        return "on_time"  # issued before any appointment was set: never late
    if result_at > due_at:
        return "late"
    return "early" if result_at.astimezone(tz).date() < due_at.astimezone(tz).date() else "on_time"


@dataclass
class Figures:
    """The indicators of one group (an agency and procedure, an agency, or everything)."""

    received: int = 0
    online: int = 0
    in_progress: int = 0
    paused: int = 0
    done: int = 0
    early: int = 0
    on_time: int = 0
    late: int = 0
    closed: int = 0
    working_days: float = 0.0
    timed: int = 0
    rating_sum: int = 0
    ratings: int = 0
    backlog: Counter[str] = field(default_factory=Counter)

    @property
    def on_time_rate(self) -> float | None:
        return (self.early + self.on_time) / self.done if self.done else None

    @property
    def average_days(self) -> float | None:
        return self.working_days / self.timed if self.timed else None

    @property
    def online_share(self) -> float | None:
        return self.online / self.received if self.received else None

    @property
    def satisfaction(self) -> float | None:
        return self.rating_sum / self.ratings if self.ratings else None

    def share(self, count: int, of: int | None = None) -> int:
        """``count`` as a whole percentage of ``of`` (default: done), for bars."""
        whole = self.done if of is None else of
        return round(100 * count / whole) if whole else 0

    def add(self, other: Figures) -> None:
        for name in ("received", "online", "in_progress", "paused", "done", "early", "on_time", "late", "closed",
                     "working_days", "timed", "rating_sum", "ratings"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.backlog.update(other.backlog)


def add_record(figures: Figures, record: KpiRecord, period: Period, calendar: WorkingCalendar) -> None:
    """Count one record into ``figures``."""
    tz = calendar.timezone
    if period.holds(record.submitted_at):
        figures.received += 1
        figures.online += record.channel == "online"
    if record.open:
        figures.in_progress += 1
        figures.paused += record.paused
        figures.backlog[record.step] += 1
    if record.result_at is not None and period.holds(record.result_at):
        figures.done += 1
        timing = timing_of(record.result_at, record.due_at, record.apologised, tz)
        setattr(figures, timing, getattr(figures, timing) + 1)
        start = record.received_at or record.submitted_at
        if start is not None and start <= record.result_at:
            spent = calendar.working_time_between(start, record.result_at, record.pauses)
            figures.working_days += spent / calendar.working_day_length
            figures.timed += 1
    elif record.stopped_at is not None and period.holds(record.stopped_at):
        figures.closed += 1
    if record.rating is not None and period.holds(record.rated_at):
        figures.rating_sum += record.rating
        figures.ratings += 1


@dataclass
class Report:
    """Figures per (agency, procedure), per agency, and in total."""

    period: Period
    groups: dict[tuple[str, str], Figures]
    agencies: dict[str, Figures]
    total: Figures

    def procedures_of(self, agency: str) -> list[tuple[str, Figures]]:
        return sorted((p, f) for (a, p), f in self.groups.items() if a == agency)


def compute(records: Iterable[KpiRecord], period: Period, calendar: WorkingCalendar) -> Report:
    """The indicators of ``records`` for ``period``."""
    groups: dict[tuple[str, str], Figures] = {}
    for record in records:
        key = (record.agency_code, record.procedure_code)
        figures = groups.get(key)
        if figures is None:
            figures = groups[key] = Figures()
        add_record(figures, record, period, calendar)
    agencies: dict[str, Figures] = {}
    total = Figures()
    for (agency, _procedure), figures in sorted(groups.items()):
        agencies.setdefault(agency, Figures()).add(figures)
        total.add(figures)
    return Report(period, dict(sorted(groups.items())), agencies, total)


def _number(value: float | None, digits: int = 1) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def csv_bytes(report: Report, headers: Sequence[str], agency_name: Callable[[str], str],
              procedure_name: Callable[[str], str], step_name: Callable[[str, str], str]) -> bytes:
    """The report as CSV for spreadsheets: UTF-8 with a byte-order mark (Excel then reads Vietnamese).

    One row per agency and procedure; ``headers`` are the 16 column titles in
    the reader's language; the backlog column reads "step: count; …".
    """
    rows = []
    for (agency, procedure), f in report.groups.items():
        rows.append([
            agency, agency_name(agency), procedure, procedure_name(procedure), f.received, f.in_progress, f.paused,
            f.done, f.early, f.on_time, f.late, _number(None if f.on_time_rate is None else 100 * f.on_time_rate),
            _number(f.average_days, 2), _number(None if f.online_share is None else 100 * f.online_share),
            _number(f.satisfaction, 2),
            "; ".join(f"{step_name(procedure, step)}: {n}" for step, n in sorted(f.backlog.items())),
        ])
    return spreadsheet_csv(headers, rows)


def spreadsheet_csv(headers: list[str], rows: Iterable[list[Any]]) -> bytes:
    """CSV a spreadsheet opens as it is (UTF-8 with a byte-order mark, CRLF); text cells it would run
    as a formula are quoted with a leading apostrophe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([f"'{v}" if isinstance(v, str) and v[:1] in ("=", "+", "-", "@", "\t", "\r") else v
                         for v in row])
    return "\ufeff".join(("", buffer.getvalue())).encode("utf-8")
