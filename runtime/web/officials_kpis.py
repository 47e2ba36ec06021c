"""The indicators dashboard (and its CSV) for leaders, over the agencies they lead.

The figures are read from the KPI aggregates (:mod:`runtime.kpi_aggregates`),
a few rows per agency and procedure whatever the number of dossiers. The
worker refreshes them every minute; opening the dashboard also counts what
changed since (at most :data:`INLINE` dossiers, without waiting for a refresh
already running), so a leader sees their own last action.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import Response, render_template, request
from flask_babel import gettext as _

from ..kpi import PERIODS, Report, csv_bytes, period_of
from ..services import Services
from ..services.kpis import kpi_aggregates, refresh
from .access import access, current_principal
from .officials import bp, lang, services
from .officials_inbox import step_map

INLINE = 200
"""At most this many changed dossiers are counted by a dashboard request; the worker counts the rest."""


def report_for(services: Services, agencies: Iterable[str], period_key: str) -> tuple[Report, bool]:
    """The indicators of ``agencies`` for the period named ``period_key``, and whether changes are still
    being counted."""
    _applied, behind = refresh(services, limit=INLINE, wait=False)
    period = period_of(period_key, services.now(), services.calendar.timezone)
    return kpi_aggregates(services.store).report(sorted(agencies), period, services.calendar.timezone), behind


def _period() -> str:
    key = request.args.get("period", "month")
    return key if key in PERIODS else "month"


@bp.route("/kpis")
@access("official", role="leader")
def kpis():
    """A leader sees their agencies' indicators per procedure for this month, this year or all time."""
    svc = services()
    key = _period()
    report, behind = report_for(svc, current_principal().agencies("leader"), key)
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

    return render_template("officials/kpis.html", report=report, period=key, periods=PERIODS, backlog=backlog,
                           behind=behind)


@bp.route("/kpis.csv")
@access("official", role="leader")
def kpis_csv():
    """The same indicators as a spreadsheet (UTF-8 CSV with a byte-order mark)."""
    svc = services()
    key = _period()
    report, _behind = report_for(svc, current_principal().agencies("leader"), key)
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
