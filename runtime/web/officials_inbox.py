"""An official's inbox: the dossiers waiting for one of their roles, most urgent first.

A dossier belongs in the inbox when it is at one of the official's agencies
and its current step's role (read from the procedure definition; step ids are
stable across versions) is one of the official's roles there. Each agency is
read with one query over the cheap summary rows (agency and step ids); the
exact (procedure, step) pairs are then kept, deadline marks computed with
:func:`~runtime.workflow.deadline_view`, counted, filtered, sorted and paged
here. Dossiers waiting for the applicant (the clock paused) are listed apart.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from ..definitions import Catalog
from ..dossiers.model import Dossier, Person, Status
from ..services import Services
from ..storage import DossierQuery, DossierSummary
from ..workflow import DeadlineView, deadline_view
from .access import Principal

PAGE_SIZE = 50
MAX_ROWS = 5000
"""At most this many (the most urgent) dossiers are read per agency; the page says when more exist."""
PAUSED_ROWS = 50
MARKS = ("overdue", "due_soon", "on_time")
_RANK = {"overdue": 0, "due_soon": 1, "on_time": 2, None: 3}
_FAR = dt.datetime.max.replace(tzinfo=dt.UTC)


@dataclass(frozen=True)
class StepMap:
    """Which (procedure, step) pairs each role acts at, and which steps wait for the applicant."""

    by_role: MappingProxyType[str, frozenset[tuple[str, str]]]
    applicant_steps: frozenset[str]
    names: MappingProxyType[tuple[str, str], Any]
    """(procedure code, step id) → the step's name (:class:`~runtime.definitions.Text`)."""

    @classmethod
    def of(cls, catalog: Catalog) -> StepMap:
        by_role: dict[str, set[tuple[str, str]]] = {}
        applicant: set[str] = set()
        names: dict[tuple[str, str], Any] = {}
        for procedure in catalog:
            for case in procedure.cases:
                for step in case.processing.steps:
                    names.setdefault((procedure.code, step.id), step.name)
                    if step.end:
                        continue
                    if step.waits_for_applicant:
                        applicant.add(step.id)
                    else:
                        by_role.setdefault(step.role, set()).add((procedure.code, step.id))
        return cls(MappingProxyType({r: frozenset(p) for r, p in by_role.items()}), frozenset(applicant),
                   MappingProxyType(names))

    def pairs(self, roles: Iterable[str]) -> frozenset[tuple[str, str]]:
        found: set[tuple[str, str]] = set()
        for role in roles:
            found |= self.by_role.get(role, frozenset())
        return frozenset(found)

    def step_name(self, procedure_code: str, step_id: str, lang: str) -> str:
        name = self.names.get((procedure_code, step_id))
        return name.get(lang) if name is not None else step_id


_MAPS: weakref.WeakKeyDictionary[Catalog, StepMap] = weakref.WeakKeyDictionary()


def step_map(catalog: Catalog) -> StepMap:
    """The step map of ``catalog``, built once per catalog object."""
    found = _MAPS.get(catalog)
    if found is None:
        found = _MAPS[catalog] = StepMap.of(catalog)
    return found


@dataclass(frozen=True)
class InboxRow:
    summary: DossierSummary
    deadline: DeadlineView
    mark: str | None
    """The worse of the overall and the step mark (None: no deadline yet)."""

    @property
    def sort_key(self) -> tuple[Any, ...]:
        s = self.summary
        nearest = min((d for d in (s.due_at, s.step_deadline) if d is not None), default=_FAR)
        return nearest, s.submitted_at or _FAR, s.id


@dataclass(frozen=True)
class Filters:
    procedure: str | None = None
    step: str | None = None
    mark: str | None = None
    agency: str | None = None
    text: str | None = None
    page: int = 1

    @classmethod
    def from_args(cls, args: Any) -> Filters:
        def pick(name: str, limit: int = 100) -> str | None:
            value = (args.get(name) or "").strip()[:limit]
            return value or None

        try:
            page = max(1, min(int(args.get("page", 1)), 10_000))
        except (TypeError, ValueError):
            page = 1
        mark = pick("mark")
        return cls(pick("procedure"), pick("step"), mark if mark in MARKS else None, pick("agency"),
                   pick("q", 200), page)


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
    page: int
    pages: int
    truncated: bool
    paused: list[DossierSummary] = field(default_factory=list)
    paused_total: int = 0
    procedures: list[str] = field(default_factory=list)
    steps: list[tuple[str, str]] = field(default_factory=list)
    """(procedure, step) pairs the official acts at, for the step filter."""


def deadline_of(summary: DossierSummary, services: Services, now: dt.datetime) -> DeadlineView:
    """:func:`deadline_view` of a summary row (rows at an official's step are never paused)."""
    stub = Dossier(procedure_code=summary.procedure_code, applicant=Person(full_name=summary.applicant_name),
                   id=summary.id, status=Status(step=summary.step, national_code=summary.national_code),
                   due_at=summary.due_at,
                   step_deadlines={summary.step: summary.step_deadline} if summary.step_deadline else {})
    return deadline_view(stub, services.calendar, now)


def worst(view: DeadlineView) -> str | None:
    return min((view.overall, view.step), key=lambda m: _RANK[m])


def load_inbox(services: Services, who: Principal, filters: Filters) -> Inbox:
    """The official's inbox page for ``filters``."""
    steps = step_map(services.catalog)
    now = services.now()
    rows: list[InboxRow] = []
    truncated = False
    offered: set[tuple[str, str]] = set()
    paused: list[DossierSummary] = []
    paused_total = 0
    with services.store.unit_of_work() as uow:
        for agency in sorted(who.agencies()):
            if filters.agency and filters.agency != agency:
                continue
            pairs = steps.pairs(role for a, role in who.roles if a == agency)
            offered |= pairs
            wanted = {p for p in pairs if (filters.procedure in (None, p[0])) and (filters.step in (None, p[1]))}
            if wanted:
                query = DossierQuery(agency_code=agency, step=tuple(sorted({s for _p, s in wanted})), is_draft=False,
                                     procedure_code=filters.procedure, text=filters.text, order_by="due_at",
                                     limit=MAX_ROWS)
                found = uow.dossiers.list_summaries(query)
                truncated |= len(found) == MAX_ROWS
                for summary in found:
                    if (summary.procedure_code, summary.step) in wanted:
                        view = deadline_of(summary, services, now)
                        rows.append(InboxRow(summary, view, worst(view)))
            if steps.applicant_steps and filters.step is None:
                query = DossierQuery(agency_code=agency, step=tuple(sorted(steps.applicant_steps)), is_draft=False,
                                     procedure_code=filters.procedure, text=filters.text, order_by="-updated_at",
                                     limit=PAUSED_ROWS)
                paused += uow.dossiers.list_summaries(query)
                paused_total += uow.dossiers.count(query)
    listed = len(rows)
    counts = Counter(r.mark for r in rows if r.mark)
    overall_overdue = sum(r.deadline.overall == "overdue" for r in rows)
    step_overdue = sum(r.deadline.step == "overdue" for r in rows)
    if filters.mark:
        rows = [r for r in rows if r.mark == filters.mark]
    rows.sort(key=lambda r: r.sort_key)
    pages = max(1, -(-len(rows) // PAGE_SIZE))
    page = min(filters.page, pages)
    paused.sort(key=lambda s: s.updated_at, reverse=True)
    return Inbox(rows=rows[(page - 1) * PAGE_SIZE: page * PAGE_SIZE], total=len(rows), listed=listed, counts=counts,
                 overall_overdue=overall_overdue, step_overdue=step_overdue, page=page, pages=pages,
                 truncated=truncated, paused=paused[:PAUSED_ROWS], paused_total=paused_total,
                 procedures=sorted({p for p, _s in offered}), steps=sorted(offered))
