"""Citizens' feedback (phản ánh, kiến nghị): the form, and the public page of published answers.

About a dossier: only its applicant, logged in. About a procedure: anyone,
logged in or not (anonymous feedback is allowed, at most a few per hour per
address), who chooses the province and then the agency it concerns. The
public page shows only answered items whose author agreed, with personal data
removed (:mod:`runtime.feedback.redact`).
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from ..feedback import FeedbackRefused, send_feedback
from ..feedback.service import MAX_TEXT, working_days
from ..forms.admin_units import province_name, provinces
from ..limits import limiter
from ..services import Services
from ..storage import DossierNotFound
from ..storage.feedback import FeedbackNotFound, FeedbackQuery
from .access import access, can_see_dossier, current_principal

bp = Blueprint("feedback", __name__, url_prefix="/feedback")

PAGE = 20
_WINDOW, _MAX_SENT = 3600.0, 5


def services() -> Services:
    return current_app.extensions["motcua.services"]


def lang() -> str:
    return str(get_locale() or "vi")


def refusal_message(reason: str) -> str:
    """What a refusal of :func:`send_feedback` or :func:`answer_feedback` means, for people."""
    return {
        "too-short": _("Describe the problem or suggestion in at least 20 characters."),
        "too-long": _("Your text is too long: at most %(n)s characters.", n=MAX_TEXT),
        "kind": _("Choose whether this is a complaint or a suggestion."),
        "agency": _("Choose the agency your feedback is about."),
        "procedure": _("This procedure does not exist."),
        "answer-empty": _("Write the answer."),
        "answer-too-long": _("The answer is too long: at most %(n)s characters.", n=MAX_TEXT),
        "answered": _("This feedback has already been answered."),
        "changed": _("This feedback has just changed. Please read it again."),
    }.get(reason, _("Your feedback could not be sent. Check it and try again."))


def agency_name(code: str | None) -> str:
    agency = services().agencies.get(code or "")
    return agency.name(lang()) if agency else (code or "—")


def procedure_name(code: str) -> str:
    procedure = services().catalog.get(code)
    return procedure.display_name.get(lang()) if procedure else code


def _province_agencies(kind: str, province: str) -> list[tuple[str, str]]:
    return sorted(((a.code, a.name(lang())) for a in services().agencies.of_kind(kind)
                   if a.province_code == province), key=lambda item: item[1])


@bp.route("/new", methods=["GET", "POST"])
@access("public")
def new():
    """A citizen sends feedback about one of their dossiers (logged in) or about a procedure (anyone)."""
    svc = services()
    who = current_principal()
    dossier = None
    dossier_id = (request.values.get("dossier") or "").strip()[:64]
    if dossier_id:
        if not who.is_citizen:
            return redirect(url_for("auth.login", next=request.full_path))
        try:
            with svc.store.unit_of_work() as uow:
                dossier = uow.dossiers.get(dossier_id)
        except (DossierNotFound, ValueError):
            abort(404)
        if dossier.is_draft or not can_see_dossier(who, dossier):
            abort(404)
        procedure_code = dossier.procedure_code
    else:
        procedure_code = (request.values.get("procedure") or "").strip()[:32]
    procedure = svc.catalog.get(procedure_code)
    if procedure is None:
        abort(404)
    province = (request.values.get("province") or "").strip()[:8]
    if province and province_name(province) is None:
        province = ""
    choices = _province_agencies(procedure.agency_kind, province) if province and dossier is None else []
    values = {"kind": request.form.get("kind", ""), "text": request.form.get("text", ""),
              "consent": request.form.get("consent") == "yes", "agency": request.values.get("agency", ""),
              "name": request.form.get("name", who.name if who.is_citizen else ""),
              "contact": request.form.get("contact", "")}
    errors: dict[str, str] = {}
    if request.method == "POST":
        agency_code = dossier.agency_code if dossier is not None else values["agency"]
        if dossier is None and agency_code not in {c for c, _n in choices}:
            errors["agency"] = refusal_message("agency")
        elif not who.is_citizen and not limiter("feedback", _MAX_SENT, _WINDOW).allow(request.remote_addr or "?"):
            errors["text"] = _("Too many feedback messages from this address. Please wait an hour and try again.")
        else:
            try:
                item = send_feedback(svc, kind=values["kind"], text=values["text"], consent=values["consent"],
                                     agency_code=agency_code or "", procedure_code=procedure.code, dossier=dossier,
                                     account_id=who.id if who.is_citizen else None, author_name=values["name"],
                                     contact=values["contact"], days=working_days(current_app.config))
            except FeedbackRefused as refused:
                field = {"kind": "kind", "agency": "agency"}.get(refused.reason, "text")
                errors[field] = refusal_message(refused.reason)
            else:
                return render_template("feedback/sent.html", item=item, agency_name=agency_name)
        for message in errors.values():
            flash(message, "error")
    return render_template("feedback/new.html", procedure=procedure, dossier=dossier, province=province,
                           provinces=provinces(), choices=choices, values=values, errors=errors,
                           agency_name=agency_name, max_text=MAX_TEXT,
                           days=f"{working_days(current_app.config):g}")


@bp.route("/mine")
@access("citizen")
def mine():
    """A citizen reads the feedback they sent while logged in, and the agencies' answers as written."""
    with services().store.unit_of_work() as uow:
        items = uow.feedback.list(FeedbackQuery(account_id=current_principal().id, limit=200))
    return render_template("feedback/mine.html", items=items, agency_name=agency_name, procedure_name=procedure_name)


@bp.route("/")
@access("public")
def published():
    """Anyone reads the answered feedback whose authors agreed to publish it, by province, newest first."""
    province = (request.args.get("province") or "").strip()[:8]
    if province and province_name(province) is None:
        province = ""
    try:
        page = max(1, min(int(request.args.get("page", "1")), 10_000))
    except ValueError:
        page = 1
    query = FeedbackQuery(province_code=province or None, published=True, limit=PAGE, offset=(page - 1) * PAGE)
    with services().store.unit_of_work() as uow:
        items = uow.feedback.list(query)
        total = uow.feedback.count(query)
    return render_template("feedback/published.html", items=items, total=total, page=page, pages=-(-total // PAGE),
                           province=province, provinces=provinces(), agency_name=agency_name,
                           procedure_name=procedure_name)


@bp.route("/<feedback_id>")
@access("public")
def item(feedback_id: str):
    """Anyone reads one published feedback and its answer (personal data removed)."""
    try:
        with services().store.unit_of_work() as uow:
            found = uow.feedback.get(feedback_id[:64])
    except FeedbackNotFound:
        abort(404)
    if not found.published:
        abort(404)
    return render_template("feedback/item.html", item=found, agency_name=agency_name,
                           procedure_name=procedure_name)
