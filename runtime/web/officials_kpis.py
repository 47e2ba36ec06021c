"""The indicators dashboard (and its CSV) for leaders, over the agencies they lead.

Indicators need a few facts from whole dossiers (events, pauses, rating), so
each dossier is reduced once to a :class:`~runtime.kpi.KpiRecord`, cached by
dossier id and version: a dashboard reads the cheap summary rows of the
agency, loads only the dossiers that changed since, and computes.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

from flask import Response, current_app, render_template, request
from flask_babel import gettext as _

from ..kpi import PERIODS, KpiRecord, Report, compute, csv_bytes, period_of, record_of
from ..services import Services
from ..services.context import DefinitionGoneError
from ..storage import DossierQuery
from ..workflow import current_step
from .access import access, current_principal
from .officials import bp, lang, services
from .officials_inbox import step_map

BULK = 200
"""More changed dossiers than this are read page by page rather than one by one."""
PAGE = 1000


class RecordCache:
    """KPI records by dossier id, valid for one dossier version; thread-safe, bounded."""

    def __init__(self, limit: int = 500_000):
        self.limit = limit
        self._items: dict[str, tuple[int, KpiRecord]] = {}
        self._lock = threading.Lock()

    def _put(self, services: Services, dossiers: Iterable) -> None:
        for dossier in dossiers:
            try:
                _procedure, case = services.definition_of(dossier)
                ended = current_step(case, dossier).end
            except (DefinitionGoneError, KeyError):
                ended = dossier.status.national_code in (3, 7, 10)
            with self._lock:
                if len(self._items) >= self.limit:
                    self._items.clear()
                self._items[dossier.id] = (dossier.version, record_of(dossier, ended=ended))

    def records(self, services: Services, agency: str) -> list[KpiRecord]:
        """The records of every filed dossier now at ``agency``."""
        query = DossierQuery(agency_code=agency, is_draft=False, order_by="submitted_at")
        with services.store.unit_of_work() as uow:
            rows = uow.dossiers.list_summaries(query)
            missing = self._missing(rows)
            if len(missing) > BULK:
                for offset in range(0, len(rows), PAGE):
                    page = DossierQuery(agency_code=agency, is_draft=False, order_by="submitted_at", limit=PAGE,
                                        offset=offset)
                    self._put(services, (d for d in uow.dossiers.list(page) if d.id in missing))
                missing = self._missing(rows)
            self._put(services, (uow.dossiers.get(i) for i in missing))
        with self._lock:
            return [self._items[r.id][1] for r in rows if r.id in self._items]

    def _missing(self, rows: list) -> set[str]:
        with self._lock:
            return {r.id for r in rows if (found := self._items.get(r.id)) is None or found[0] != r.version}


def record_cache() -> RecordCache:
    app = current_app
    cache = app.extensions.get("motcua.officials.kpi_records")
    if cache is None:
        cache = app.extensions.setdefault("motcua.officials.kpi_records", RecordCache())
    return cache


def report_for(services: Services, agencies: Iterable[str], period_key: str) -> Report:
    """The indicators of ``agencies`` for the period named ``period_key``."""
    records: list[KpiRecord] = []
    cache = record_cache()
    for agency in sorted(agencies):
        records += cache.records(services, agency)
    return compute(records, period_of(period_key, services.now(), services.calendar.timezone), services.calendar)


def _period() -> str:
    key = request.args.get("period", "month")
    return key if key in PERIODS else "month"


@bp.route("/kpis")
@access("official", role="leader")
def kpis():
    """A leader sees their agencies' indicators per procedure for this month, this year or all time."""
    svc = services()
    key = _period()
    report = report_for(svc, current_principal().agencies("leader"), key)
    names = step_map(svc.catalog)
    language = lang()

    def backlog(agency: str) -> list[tuple[str, int, int]]:
        """(step name, open dossiers, bar width in %) of the agency's backlog, largest first."""
        figures = report.agencies.get(agency)
        if figures is None or not figures.backlog:
            return []
        owner = {s: p for p, f in reversed(report.procedures_of(agency)) for s in f.backlog}
        most = max(figures.backlog.values())
        return [(names.step_name(owner[s], s, language), n, round(100 * n / most))
                for s, n in figures.backlog.most_common()]

    return render_template("officials/kpis.html", report=report, period=key, periods=PERIODS, backlog=backlog)


@bp.route("/kpis.csv")
@access("official", role="leader")
def kpis_csv():
    """The same indicators as a spreadsheet (UTF-8 CSV with a byte-order mark)."""
    svc = services()
    key = _period()
    report = report_for(svc, current_principal().agencies("leader"), key)
    names = step_map(svc.catalog)
    language = lang()

    def agency_name(code: str) -> str:
        agency = svc.agencies.get(code)
        return agency.name(language) if agency else code

    def procedure_name(code: str) -> str:
        procedure = svc.catalog.get(code)
        return procedure.display_name.get(language) if procedure else code

    headers = [_("Agency code"), _("Agency"), _("Procedure code"), _("Procedure"), _("Received"),
               _("In progress"), _("Waiting for the applicant"), _("Done"), _("Early"), _("On time"), _("Late"),
               _("On-time rate (%)"), _("Average processing time (working days)"), _("Online share (%)"),
               _("Satisfaction (1–5)"), _("Backlog by step")]
    body = csv_bytes(report, headers, agency_name, procedure_name,
                     lambda p, s: names.step_name(p, s, language))
    return Response(body, mimetype="text/csv", headers={
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": f'attachment; filename="motcua-kpis-{key}-{svc.now():%Y%m%d}.csv"'})
