"""An official's inbox: the dossiers waiting for one of their roles, most urgent first.

A dossier belongs in the inbox when it is at one of the official's agencies
and its current step's role (read from the procedure definition; step ids are
stable across versions) is one of the official's roles there: the official's
*slots* are (agency, procedure, step) triples. The store answers from its
indexes: one keyset page (most urgent first, by the nearer of the two
deadlines) and the counts per deadline mark, split at ``now`` and at the
calendar's "due soon" bound (:meth:`~runtime.calendar.WorkingCalendar.due_soon_until`),
so the work does not grow with the number of stored dossiers. The rows shown
get their marks by the same two comparisons (:func:`~runtime.storage.query.deadline_mark`). Dossiers
waiting for the applicant (the clock paused) are counted beside the inbox and listed on their own
pages (:func:`load_waiting`), most recently changed first.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

from ..services import Services
from ..storage import DossierQuery, DossierSummary, InboxCursor, InboxQuery
from ..storage.query import deadline_mark
from ..workflow import DeadlineView
from ..workflow.step_map import step_map
from .access import Principal

PAGE_SIZE = 50
WAITING_PAGE_SIZE = 50
WAITING_PAGES = 200
"""The waiting list's last page (10,000 rows): it pages by offset, and such a list is short."""
MARKS = ("overdue", "due_soon", "on_time")
_RANK = {"overdue": 0, "due_soon": 1, "on_time": 2, None: 3}
_US = dt.timedelta(microseconds=1)


@dataclass(frozen=True)
class InboxRow:
    summary: DossierSummary
    deadline: DeadlineView
    mark: str | None
    """The worse of the overall and the step mark (None: no deadline yet)."""


@dataclass(frozen=True)
class Filters:
    procedure: str | None = None
    step: str | None = None
    mark: str | None = None
    agency: str | None = None
    text: str | None = None
    after: str | None = None
    """Keyset cursor of the page (:meth:`~runtime.storage.InboxCursor.token`); None: the first page."""
    start: int = 1
    """Position of the page's first row, for "51–100 of N" (display only)."""
    page: int = 1
    """Page of the waiting list (:func:`load_waiting`)."""

    @classmethod
    def from_args(cls, args: Any) -> Filters:
        def pick(name: str, limit: int = 100) -> str | None:
            value = (args.get(name) or "").strip()[:limit]
            return value or None

        def number(name: str, highest: int) -> int:
            """A positive whole number from 1 to ``highest``; 1 when missing or not a number."""
            try:
                return max(1, min(int(args.get(name, 1)), highest))
            except (TypeError, ValueError):
                return 1

        after = pick("after", 200)
        start = number("start", 10_000_000) if after else 1
        page = number("page", WAITING_PAGES)
        mark = pick("mark")
        return cls(pick("procedure"), pick("step"), mark if mark in MARKS else None, pick("agency"),
                   pick("q", 200), after if InboxCursor.parse(after) else None, start, page)


@dataclass
class Inbox:
    rows: list[InboxRow]
    total: int
    """Rows matching every filter (all pages)."""
    listed: int
    """Rows before the mark filter."""
    counts: Counter[str]
    """Rows per mark, before the mark filter."""
    overall_overdue: int
    step_overdue: int
    start: int
    """Position of the first row shown (1-based)."""
    next_after: str | None
    """Cursor of the next page; None on the last page."""
    paused_total: int = 0
    """Dossiers waiting for the applicant (listed by :func:`load_waiting`)."""
    procedures: list[str] = field(default_factory=list)
    steps: list[tuple[str, str]] = field(default_factory=list)
    """(procedure, step) pairs the official acts at, for the step filter."""


def deadline_of(summary: DossierSummary, now: dt.datetime, soon_until: dt.datetime) -> DeadlineView:
    """:func:`~runtime.workflow.deadline_view` of a summary row at an official's step (such rows are never paused:
    the clock pauses only while the applicant is asked), without building the dossier."""
    return DeadlineView(deadline_mark(summary.due_at, now, soon_until),
                        deadline_mark(summary.step_deadline, now, soon_until),
                        False, summary.due_at, summary.step_deadline)


def worst(view: DeadlineView) -> str | None:
    return min((view.overall, view.step), key=lambda m: _RANK[m])


def mark_bounds(mark: str | None, now: dt.datetime, soon_until: dt.datetime,
                ) -> tuple[dt.datetime | None, dt.datetime | None]:
    """The (from, until) urgency range of a deadline mark; (None, None) for every row."""
    if mark == "overdue":
        return None, now - _US
    if mark == "due_soon":
        return now, soon_until
    if mark == "on_time":
        return soon_until + _US, None
    return None, None


def load_inbox(services: Services, who: Principal, filters: Filters) -> Inbox:
    """The official's inbox page for ``filters``."""
    steps = step_map(services.catalog)
    now = services.now()
    soon_until = services.calendar.due_soon_until(now)
    agencies, offered, everything = _scope(steps, who, filters)
    low, high = mark_bounds(filters.mark, now, soon_until)
    page_query = replace(everything, urgent_from=low, urgent_until=high, after=InboxCursor.parse(filters.after),
                         limit=PAGE_SIZE + 1)
    with services.store.reading() as uow:
        counts = uow.dossiers.inbox_counts(everything, now, soon_until)
        found = uow.dossiers.inbox(page_query)
        paused_total = sum(uow.dossiers.count(q) for q in _waiting_queries(steps, agencies, filters))
    rows = []
    for summary in found[:PAGE_SIZE]:
        view = deadline_of(summary, now, soon_until)
        rows.append(InboxRow(summary, view, worst(view)))
    next_after = InboxCursor.after(found[PAGE_SIZE - 1]).token() if len(found) > PAGE_SIZE else None
    marks = Counter({"overdue": counts.overdue, "due_soon": counts.due_soon, "on_time": counts.on_time})
    return Inbox(rows=rows, total=marks[filters.mark] if filters.mark else counts.total, listed=counts.total,
                 counts=+marks, overall_overdue=counts.overall_overdue, step_overdue=counts.step_overdue,
                 start=filters.start if filters.after else 1, next_after=next_after,
                 paused_total=paused_total, procedures=sorted({p for p, _s in offered}), steps=sorted(offered))


def _scope(steps: Any, who: Principal, filters: Filters,
           ) -> tuple[list[str], set[tuple[str, str]], InboxQuery]:
    """The official's agencies kept by the filter, the (procedure, step) pairs they act at, and the inbox
    query of their slots (every mark, every page)."""
    offered: set[tuple[str, str]] = set()
    slots: list[tuple[str, str, str]] = []
    agencies = [a for a in sorted(who.agencies()) if filters.agency in (None, a)]
    for agency in agencies:
        pairs = steps.pairs(role for a, role in who.roles if a == agency)
        offered |= pairs
        slots += [(agency, p, s) for p, s in pairs if filters.procedure in (None, p) and filters.step in (None, s)]
    return agencies, offered, InboxQuery(slots=tuple(slots), text=filters.text)


@dataclass
class Waiting:
    """A page of the dossiers waiting for the applicant at the official's agencies."""

    rows: list[DossierSummary]
    total: int
    page: int
    pages: int
    inbox_total: int
    """The inbox's count, for the switch between the two lists."""
    procedures: list[str] = field(default_factory=list)


def _waiting_queries(steps: Any, agencies: list[str], filters: Filters) -> list[DossierQuery]:
    """One query per agency: its dossiers at an applicant's step, most recently changed first (the step and
    deadline filters are the inbox's own: the list and its count in the switch ignore them)."""
    if not steps.applicant_steps:
        return []
    return [DossierQuery(agency_code=agency, step=tuple(sorted(steps.applicant_steps)), is_draft=False,
                         procedure_code=filters.procedure, text=filters.text, order_by="-updated_at")
            for agency in agencies]


def load_waiting(services: Services, who: Principal, filters: Filters) -> Waiting:
    """Page ``filters.page`` of the dossiers waiting for the applicant (the clock paused) at the official's
    agencies, most recently changed first; ``inbox_total`` is the inbox's count for the same filters."""
    steps = step_map(services.catalog)
    now = services.now()
    agencies, offered, everything = _scope(steps, who, filters)
    queries = _waiting_queries(steps, agencies, filters)
    with services.store.reading() as uow:
        inbox_total = uow.dossiers.inbox_counts(everything, now, services.calendar.due_soon_until(now)).total
        total = sum(uow.dossiers.count(q) for q in queries)
        pages = max(1, min(-(-total // WAITING_PAGE_SIZE), WAITING_PAGES))
        page = min(filters.page, pages)
        skip = (page - 1) * WAITING_PAGE_SIZE
        rows: list[DossierSummary] = []
        for query in queries:  # each agency's rows up to this page's end, merged (offset paging: the list is short)
            rows += uow.dossiers.list_summaries(replace(query, limit=skip + WAITING_PAGE_SIZE))
    rows.sort(key=lambda s: (s.updated_at, s.id), reverse=True)
    return Waiting(rows=rows[skip:skip + WAITING_PAGE_SIZE], total=total, page=page, pages=pages,
                   inbox_total=inbox_total, procedures=sorted({p for p, _s in offered}))
