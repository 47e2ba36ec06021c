"""Applying online: a procedure's eForm page by page, with a draft saved on every Continue.

Thin views over :mod:`runtime.forms.journey`. Until citizens log in, a draft
belongs to a random owner id kept in the signed session cookie, so it can be
resumed later in the same browser; :func:`draft_owner` is the one place a later
identity layer changes to bind drafts to accounts.
"""

from __future__ import annotations

import secrets
from typing import Any

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _

from ..definitions.model import Procedure
from ..forms import admin_units, presentation
from ..forms.convert import read, serialize
from ..forms.drafts import Draft, DraftConflict
from ..forms.fields.repeat import parse_action
from ..forms.journey import Journey, migrate
from ..forms.verdict import check
from .access import access, current_principal
from .services import catalog, drafts, forms, store

bp = Blueprint("apply", __name__)

OWNER_KEY = "draft_owner"


def draft_owner(create: bool = False) -> str | None:
    """Who owns the drafts: the signed-in citizen, else this browser (``session:<random id>``)."""
    who = current_principal()
    if who.is_citizen and who.id:
        return who.id
    owner = session.get(OWNER_KEY)
    if owner is None and create:
        owner = session[OWNER_KEY] = "session:" + secrets.token_urlsafe(18)
        session.permanent = True
    return owner


def _lang() -> str:
    return str(get_locale() or "vi")


def _procedure(code: str) -> Procedure:
    procedure = catalog().get(code)
    if procedure is None or "online" not in procedure.channels:
        abort(404)
    return procedure


def _draft(draft_id: str) -> Draft:
    draft = drafts().get(draft_id) if len(draft_id) <= 64 else None
    if draft is not None and draft.owner != draft_owner() and current_principal().kind == "anonymous" \
            and not draft.owner.startswith("session:"):
        from .errors import session_ended

        # A citizen's draft after their session ended: log in again, then back here.
        abort(make_response(session_ended()))
    if draft is None or draft.owner != draft_owner():
        abort(404)
    return draft


def _journey(draft_id: str, allow_old: bool = False) -> Journey | Any:
    """The draft's journey; a redirect to the version page when its version changed."""
    draft = _draft(draft_id)
    procedure = _procedure(draft.procedure_code)
    if draft.version != procedure.content_hash and not allow_old:
        return redirect(url_for("apply.version", draft_id=draft.id))
    case = procedure.case(draft.case_id)
    if case is None:
        return redirect(url_for("apply.version", draft_id=draft.id))
    return Journey(procedure, case, draft, forms())


def _archive(procedure: Procedure) -> None:
    """Keep the exact version a draft is pinned to (best effort: the file may have changed)."""
    archive = catalog().archive
    if archive is not None:
        try:
            archive.remember(procedure)
        except (OSError, ValueError):
            current_app.logger.warning("could not archive %s %s", procedure.code, procedure.short_hash)


@bp.route("/procedures/<code>/apply", methods=["GET", "POST"])
@access("public")
def start(code: str):
    """Start a new draft (choosing the case when there are several) or resume one."""
    procedure = _procedure(code)
    owner = draft_owner()
    mine = [d for d in drafts().list(owner) if d.procedure_code == code] if owner else []
    error = None
    if request.method == "POST":
        case_id = request.form.get("case", "") if len(procedure.cases) > 1 else procedure.cases[0].id
        case = procedure.case(case_id)
        if case is not None:
            _archive(procedure)
            draft = drafts().create(Draft(owner=draft_owner(create=True), procedure_code=code,
                                          version=procedure.content_hash, case_id=case.id))
            _prefill(procedure, draft)
            first = case.form.pages_shown({})[0]
            return redirect(url_for("apply.page", draft_id=draft.id, page_id=first.id))
        error = True
    from .citizen_present import draft_rows

    return render_template("forms/start.html", procedure=procedure, drafts=draft_rows(mine, catalog()),
                           error=error, steps=_steps(procedure), signed_in=current_principal().is_citizen,
                           needed=_needed(procedure), has_fees=any(case.fees.items for case in procedure.cases))


def _needed(procedure: Procedure) -> list[tuple[str, bool]]:
    """The documents to attach, named once each, with whether only some applicants need them."""
    names: dict[str, bool] = {}
    for case in procedure.cases:
        for component in case.components:
            if component.required is False:
                continue
            name = component.name.get(_lang())
            names[name] = names.get(name, True) and component.required is None
    return list(names.items())


def _steps(procedure: Procedure) -> int:
    """How many steps applying takes: the form's pages shown to start with, then documents, and fees with filing."""
    return max(len(case.form.pages_shown({})) for case in procedure.cases) + 2


def _render_page(journey: Journey, page_id: str, form: Any, errors: list, back: str):
    page = journey.page(page_id)
    spec = journey.forms.spec(journey.procedure, journey.case, page)
    return render_template("forms/page.html", procedure=journey.procedure, journey=journey,
                           page=page, spec=spec, form=form, errors=errors, back_url=back)


@bp.route("/drafts/<draft_id>/pages/<page_id>", methods=["GET", "POST"])
@access("public")
def page(draft_id: str, page_id: str):
    """One page of the eForm: shown, checked, saved, then on to the next page."""
    journey = _journey(draft_id)
    if not isinstance(journey, Journey):
        return journey
    current = journey.page(page_id)
    if current is None:
        abort(404)
    lang = _lang()
    spec = journey.forms.spec(journey.procedure, journey.case, current)
    form_class = journey.forms.form_class(journey.procedure, journey.case, current, lang)
    previous = journey.previous_page(current)
    back = (url_for("apply.page", draft_id=draft_id, page_id=previous.id) if previous
            else url_for("apply.start", code=journey.procedure.code))
    if request.method == "GET":
        _prefill_page(journey, current)
        form = form_class(formdata=journey.formdata(current))
        read(spec.fields, form)
        return _render_page(journey, page_id, form, [], back)
    verb, target, index = parse_action(request.form.get("action", ""))
    posted = form_class(formdata=request.form)
    formdata = serialize(spec.fields, posted, add=target if verb == "add" else "",
                         remove=(target, index) if verb == "remove" and index is not None else None)
    form = form_class(formdata=formdata)
    if verb in ("add", "remove", "refresh"):
        read(spec.fields, form)
        return _render_page(journey, page_id, form, [], back)
    verdict = check(current, spec, form, lang)
    journey.record(current, _apply_autofill_rules(journey, current, verdict.data), complete=verdict.valid)
    try:
        journey.save(drafts())
    except DraftConflict:
        return redirect(url_for("apply.page", draft_id=draft_id, page_id=page_id))
    if verb == "save":
        return redirect(url_for("apply.start", code=journey.procedure.code, saved=1))
    if not verdict.valid:
        return _render_page(journey, page_id, form, verdict.errors, back)
    following = journey.next_page(current)
    returning = request.args.get("return") == "check"
    if returning or following is None:
        pending = journey.first_incomplete()
        if pending is None:
            return redirect(url_for("apply.check_answers", draft_id=draft_id))
        extra = {"return": "check"} if returning else {}
        return redirect(url_for("apply.page", draft_id=draft_id, page_id=pending.id, **extra))
    return redirect(url_for("apply.page", draft_id=draft_id, page_id=following.id))


@bp.route("/drafts/<draft_id>/check", methods=["GET", "POST"])
@access("public")
def check_answers(draft_id: str):
    """Check your answers: every shown page's answers with a link to change them."""
    journey = _journey(draft_id)
    if not isinstance(journey, Journey):
        return journey
    pending = journey.first_incomplete()
    if pending is not None:
        return redirect(url_for("apply.page", draft_id=draft_id, page_id=pending.id))
    misfit = not journey.case.fits(journey.draft.data)
    if request.method == "POST" and not misfit:
        return redirect(url_for("filing.documents", draft_id=draft_id))
    sections = [(p, journey.forms.spec(journey.procedure, journey.case, p), data)
                for p, data in journey.answers()]
    fitting = [c for c in journey.procedure.cases if c.id != journey.case.id and c.fits(journey.draft.data)]
    status = 400 if misfit and request.method == "POST" else 200
    return render_template("forms/check.html", procedure=journey.procedure, journey=journey,
                           sections=sections, misfit=misfit, fitting=fitting), status


@bp.route("/drafts/<draft_id>/version", methods=["GET", "POST"])
@access("public")
def version(draft_id: str):
    """The procedure changed under an open draft: continue with the new version, or discard."""
    draft = _draft(draft_id)
    procedure = _procedure(draft.procedure_code)
    case = procedure.case(draft.case_id)
    if draft.version == procedure.content_hash and case is not None:
        return redirect(url_for("apply.start", code=procedure.code))
    if request.method == "POST":
        choice = request.form.get("choice")
        if choice == "continue" and case is not None:
            migrate(procedure, case, draft, forms())
            try:
                drafts().save(draft)
            except DraftConflict:
                return redirect(url_for("apply.version", draft_id=draft_id))
            journey = Journey(procedure, case, draft, forms())
            pending = journey.first_incomplete()
            if pending is None:
                return redirect(url_for("apply.check_answers", draft_id=draft_id))
            return redirect(url_for("apply.page", draft_id=draft_id, page_id=pending.id))
        if choice == "discard":
            drafts().discard(draft)
            return redirect(url_for("apply.start", code=procedure.code))
    return render_template("forms/version.html", procedure=procedure, draft=draft,
                           can_continue=case is not None, error=request.method == "POST")


@bp.route("/drafts/<draft_id>/discard", methods=["POST"])
@access("public")
def discard(draft_id: str):
    """Delete a draft (it is no longer listed)."""
    draft = _draft(draft_id)
    drafts().discard(draft)
    return redirect(url_for("apply.start", code=draft.procedure_code))


@bp.route("/forms/admin-units.json")
@access("public")
def units():
    """Provinces' communes for the address picker's live filter."""
    response = current_app.response_class(admin_units.as_json(), mimetype="application/json")
    response.cache_control.max_age = 86400
    response.cache_control.public = True
    return response


def _prefill(procedure: Procedure, draft: Draft, only_missing: bool = False) -> None:
    """Fill a signed-in citizen's new draft from their identity data (logged, with provenance)."""
    from ..identity.autofill import conversion_messages
    from ..identity.lookups import prefill_logged
    from ..identity.session import current_identity, lookup_log

    who, identity = current_principal(), current_identity()
    case = procedure.case(draft.case_id)
    if not who.is_citizen or identity is None or case is None:
        return
    data, provenance = prefill_logged(case, identity, lookup_log(), actor=who.id, draft_id=draft.id)
    reused = _reuse_earlier_answers(case, who.id, draft)
    if not provenance and not reused:
        return
    for name, value in data.items():
        if not only_missing or name not in draft.data:
            draft.data[name] = value
    from ..jsonpointer import value_at

    for pointer, entry in provenance.items():
        # What the applicant typed before logging in stays theirs: it is never marked (and locked) as
        # coming from the population database unless it says the same.
        if value_at(draft.data, pointer) == value_at(data, pointer):
            draft.provenance.setdefault(pointer, entry)
    for message in conversion_messages(provenance, _lang()):  # old (pre-2025) addresses: converted or to choose
        flash(message, "error")
    try:
        drafts().save(draft)
    except DraftConflict:
        current_app.logger.warning("prefill of draft %s lost to a concurrent change", draft.id)


def _prefill_page(journey: Journey, page: Any) -> None:
    """Fill the page's conditional identity fields (``x-autofill`` with ``when``, e.g. the mother's
    details when the applicant said they are the mother) the first time they apply and are empty."""
    from ..identity.autofill import autofill_fields, set_at
    from ..identity.lookups import prefill_logged
    from ..identity.session import current_identity, lookup_log
    from ..jsonpointer import value_at

    who, identity, draft = current_principal(), None, journey.draft
    pending = [pointer for pointer, spec in autofill_fields(journey.case, page).items()
               if spec.when is not None and spec.applies(draft.data) and pointer not in draft.provenance
               and value_at(draft.data, pointer) in (None, "")]
    if not pending or not who.is_citizen or (identity := current_identity()) is None:
        return
    data, provenance = prefill_logged(journey.case, identity, lookup_log(), actor=who.id, draft_id=draft.id,
                                      answers=draft.data, page=page)
    for pointer in pending:
        if provenance.get(pointer, {}).get("source") == "autofilled":
            set_at(draft.data, pointer, value_at(data, pointer))
            draft.provenance[pointer] = provenance[pointer]
    try:
        journey.save(drafts())
    except DraftConflict:
        current_app.logger.warning("prefill of draft %s lost to a concurrent change", draft.id)


def _reuse_earlier_answers(case: Any, account: str, draft: Draft) -> bool:
    """Fill empty ``x-reuse`` fields with the applicant's newest earlier answer (kho dữ liệu)."""
    from ..identity.autofill import reuse_candidates, reuse_fields, set_at
    from ..jsonpointer import value_at
    from ..storage import DossierQuery

    pointers = reuse_fields(case)
    if not pointers or str(current_app.config.get("MOTCUA_STORE", "")).startswith("memory:"):
        return False
    with store().unit_of_work() as uow:
        earlier = [d.data for d in uow.dossiers.list(DossierQuery(account_id=account, is_draft=False,
                                                                  order_by="-submitted_at", limit=20))]
    filled = False
    for pointer, values in reuse_candidates(pointers, earlier).items():
        if values and value_at(draft.data, pointer) in (None, ""):
            set_at(draft.data, pointer, values[0])
            filled = True
    return filled


def _apply_autofill_rules(journey: Journey, page: Any, data: dict[str, Any]) -> dict[str, Any]:
    """Locked identity values are kept whatever a client sends; changed ones keep the original."""
    if not journey.draft.provenance:
        return data
    from ..identity.autofill import autofill_fields, merge_submitted

    fields = autofill_fields(journey.case, page)
    merged, provenance, notices = merge_submitted(data, journey.draft.provenance, fields=fields)
    journey.draft.provenance = provenance
    if notices:
        flash(_("Some answers come from the national population database and cannot be changed here; "
                "they were kept."), "error")
    return merged


def _adopt_drafts(previous_owner: str | None, principal: Any) -> None:
    """At sign-in, the drafts this browser started become the citizen's, resumable from any device."""
    if not previous_owner or not principal.is_citizen or previous_owner == principal.id:
        return
    repository = drafts()
    for draft in repository.list(previous_owner):
        draft.owner = principal.id
        try:
            repository.save(draft)
        except DraftConflict:
            continue
        procedure = catalog().get(draft.procedure_code)
        if procedure is not None and procedure.content_hash == draft.version:
            _prefill(procedure, draft, only_missing=True)


def init_app(app: Flask) -> None:
    from ..identity.session import on_sign_in

    presentation.install(app)
    app.register_blueprint(bp)
    on_sign_in.connect(_adopt_drafts)
