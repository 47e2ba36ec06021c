"""Generic views for officials: the inbox, a dossier and its actions, the KPI dashboard.

One blueprint (``officials``, under ``/officials``) spread over a few modules:
this one (shared helpers and the inbox), :mod:`.officials_dossier` (the
dossier page, its files and actions, with :mod:`.officials_present` shaping
what the page shows) and :mod:`.officials_kpis` (indicators and CSV).
Every view is for officials only, and object-level access is checked with
:func:`~runtime.web.access.can_see_dossier` (another agency's dossier is a 404).
The views read the services bundle from ``app.extensions["motcua.services"]``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, NamedTuple

from flask import Blueprint, Flask, current_app, g, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from ..services import Services
from ..storage import DossierSummary
from ..workflow import Actor
from .access import Principal, access, current_principal
from .officials_inbox import Filters, InboxRow, load_inbox, load_waiting, step_map

bp = Blueprint("officials", __name__, url_prefix="/officials")


def services() -> Services:
    return current_app.extensions["motcua.services"]


def lang() -> str:
    return str(get_locale() or "vi")


def actor_of(who: Principal) -> Actor:
    return Actor(who.id, "official", who.roles, who.name)


def role_name(role: str) -> str:
    names = {"receiver": _("Receiver"), "civil-status-officer": _("Civil status officer"),
             "specialist": _("Specialist"), "leader": _("Leader"), "residence-officer": _("Residence officer"),
             "police-officer": _("Police officer"), "insurance-officer": _("Insurance officer"),
             "health-insurance-officer": _("Health insurance officer"),
             "construction-officer": _("Construction officer"),
             "business-registration-officer": _("Business registration officer"), "applicant": _("Applicant")}
    return names.get(role, role)


def mark_name(mark: str | None) -> str:
    names = g.get("motcua_mark_names")
    if names is None:  # translated once per request: a page shows two marks per row
        names = g.motcua_mark_names = {"overdue": _("Overdue"), "due_soon": _("Due soon"), "on_time": _("On time")}
    return names.get(mark or "", "—")


@bp.context_processor
def page_helpers() -> dict[str, Any]:
    """The officials' template helpers of one page (names looked up once per page and language)."""
    svc = current_app.extensions.get("motcua.services")
    if svc is None:  # not wired: let error pages render
        return {}
    tz = svc.calendar.timezone
    language = lang()
    # Names looked up once per page (a page repeats the same few procedures and agencies on every row).
    procedure_names: dict[str, str] = {}
    agency_names: dict[str, str] = {}

    def when(moment: dt.datetime | str | None) -> str:
        if isinstance(moment, str):
            moment = dt.datetime.fromisoformat(moment)
        return moment.astimezone(tz).strftime("%H:%M %d/%m/%Y") if moment else "—"

    def day(moment: dt.datetime | None) -> str:
        return moment.astimezone(tz).strftime("%d/%m/%Y") if moment else "—"

    def procedure_name(code: str) -> str:
        if code not in procedure_names:
            procedure = svc.catalog.get(code)
            procedure_names[code] = procedure.display_name.get(language) if procedure else code
        return procedure_names[code]

    def agency_name(code: str | None) -> str:
        key = code or ""
        if key not in agency_names:
            agency = svc.agencies.get(key)
            agency_names[key] = agency.name(language) if agency else (code or "—")
        return agency_names[key]

    def money(amount: Any) -> str:
        return f"{int(amount or 0):,}".replace(",", ".") + " đ"

    who = current_principal()
    return {"when": when, "day": day, "procedure_name": procedure_name, "agency_name": agency_name,
            "money": money, "role_name": role_name, "mark_name": mark_name, "dossier_url": dossier_url_maker(),
            "is_leader": who.has_role("leader")}


def dossier_url_maker() -> Callable[[str], str]:
    """``url_for("officials.dossier", dossier_id=...)`` for the many rows of a page: the rule is built
    once, each id quoted by the URL map's default converter (as :func:`url_for` quotes it)."""
    built: list[str] = []
    quote = current_app.url_map.converters["default"](current_app.url_map).to_url

    def dossier_url(dossier_id: str) -> str:
        if not built:
            built[:] = url_for("officials.dossier", dossier_id=_PLACEHOLDER).split(_PLACEHOLDER, 1)
        return built[0] + quote(dossier_id) + built[1]

    return dossier_url


_PLACEHOLDER = "__dossier_id__"


class InboxLine(NamedTuple):
    """A row of the inbox table as the page shows it, formatted once in Python (50 rows a page)."""

    row: InboxRow
    href: str
    procedure: str
    step: str
    step_due: str
    due: str


class PausedLine(NamedTuple):
    """A row of the "waiting for the applicant" table as the page shows it."""

    summary: DossierSummary
    href: str
    procedure: str
    updated: str


@bp.route("/")
@access("official")
def inbox():
    """An official's inbox: what they must act on, most urgent first, with filters and search."""
    filters = Filters.from_args(request.args)
    svc = services()
    result = load_inbox(svc, current_principal(), filters)
    names = step_map(svc.catalog)
    language = lang()
    step_choices = sorted({s for _p, s in result.steps})
    args = {k: v for k, v in (("procedure", filters.procedure), ("step", filters.step), ("mark", filters.mark),
                              ("agency", filters.agency), ("q", filters.text)) if v}
    helpers = page_helpers()  # the page's own helpers (given below), their names already looked up for the rows
    when, procedure_name, dossier_url = helpers["when"], helpers["procedure_name"], helpers["dossier_url"]
    lines = [InboxLine(row, dossier_url(s.id), procedure_name(s.procedure_code),
                       names.step_name(s.procedure_code, s.step, language), when(s.step_deadline), when(s.due_at))
             for row in result.rows for s in (row.summary,)]
    return render_template("officials/inbox.html", inbox=result, filters=filters, args=args, lines=lines,
                           step_choices=[(s, _step_label(names, result.steps, s)) for s in step_choices],
                           agencies=sorted(current_principal().agencies()), **helpers)


@bp.route("/waiting")
@access("official")
def waiting():
    """The dossiers waiting for the applicant at the official's agencies (the clock paused), a page at a time."""
    filters = Filters.from_args(request.args)
    result = load_waiting(services(), current_principal(), filters)
    args = {k: v for k, v in (("procedure", filters.procedure), ("agency", filters.agency), ("q", filters.text)) if v}
    helpers = page_helpers()
    when, procedure_name, dossier_url = helpers["when"], helpers["procedure_name"], helpers["dossier_url"]
    lines = [PausedLine(s, dossier_url(s.id), procedure_name(s.procedure_code), when(s.updated_at))
             for s in result.rows]
    return render_template("officials/waiting.html", waiting=result, filters=filters, args=args, lines=lines,
                           section_current="officials.inbox", agencies=sorted(current_principal().agencies()),
                           **helpers)


def _step_label(names: Any, pairs: list[tuple[str, str]], step: str) -> str:
    """A step id's name, from the first procedure that has it."""
    for procedure, step_id in pairs:
        if step_id == step:
            return names.step_name(procedure, step, lang())
    return step


def init_app(app: Flask) -> None:
    """Register the officials' views (the services bundle must be in ``app.extensions``)."""
    app.register_blueprint(bp)


# The other views join the blueprint when this module is imported.
from . import officials_dossier, officials_feedback, officials_kpis, officials_preview  # noqa: E402, F401
