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
waiting for the applicant (the clock paused) are listed apart.
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
PAUSED_ROWS = 50
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

    @classmethod
    def from_args(cls, args: Any) -> Filters:
        def pick(name: str, limit: int = 100) -> str | None:
            value = (args.get(name) or "").strip()[:limit]
            return value or None

        after = pick("after", 200)
        try:
            start = max(1, min(int(args.get("start", 1)), 10_000_000)) if after else 1
        except (TypeError, ValueError):
            start = 1
        mark = pick("mark")
        return cls(pick("procedure"), pick("step"), mark if mark in MARKS else None, pick("agency"),
                   pick("q", 200), after if InboxCursor.parse(after) else None, start)


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
    paused: list[DossierSummary] = field(default_factory=list)
    paused_total: int = 0
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
    offered: set[tuple[str, str]] = set()
    slots: list[tuple[str, str, str]] = []
    agencies = [a for a in sorted(who.agencies()) if filters.agency in (None, a)]
    for agency in agencies:
        pairs = steps.pairs(role for a, role in who.roles if a == agency)
        offered |= pairs
        slots += [(agency, p, s) for p, s in pairs if filters.procedure in (None, p) and filters.step in (None, s)]
    everything = InboxQuery(slots=tuple(slots), text=filters.text)
    low, high = mark_bounds(filters.mark, now, soon_until)
    page_query = replace(everything, urgent_from=low, urgent_until=high, after=InboxCursor.parse(filters.after),
                         limit=PAGE_SIZE + 1)
    paused: list[DossierSummary] = []
    paused_total = 0
    with services.store.reading() as uow:
        counts = uow.dossiers.inbox_counts(everything, now, soon_until)
        found = uow.dossiers.inbox(page_query)
        if steps.applicant_steps and filters.step is None:
            for agency in agencies:
                query = DossierQuery(agency_code=agency, step=tuple(sorted(steps.applicant_steps)), is_draft=False,
                                     procedure_code=filters.procedure, text=filters.text, order_by="-updated_at",
                                     limit=PAUSED_ROWS)
                listed = uow.dossiers.list_summaries(query)
                paused += listed
                # a short list is the whole count: counting again only when the list is cut
                paused_total += len(listed) if len(listed) < PAUSED_ROWS else uow.dossiers.count(query)
    rows = []
    for summary in found[:PAGE_SIZE]:
        view = deadline_of(summary, now, soon_until)
        rows.append(InboxRow(summary, view, worst(view)))
    next_after = InboxCursor.after(found[PAGE_SIZE - 1]).token() if len(found) > PAGE_SIZE else None
    marks = Counter({"overdue": counts.overdue, "due_soon": counts.due_soon, "on_time": counts.on_time})
    paused.sort(key=lambda s: s.updated_at, reverse=True)
    return Inbox(rows=rows, total=marks[filters.mark] if filters.mark else counts.total, listed=counts.total,
                 counts=+marks, overall_overdue=counts.overall_overdue, step_overdue=counts.step_overdue,
                 start=filters.start if filters.after else 1, next_after=next_after, paused=paused[:PAUSED_ROWS],
                 paused_total=paused_total, procedures=sorted({p for p, _s in offered}), steps=sorted(offered))
