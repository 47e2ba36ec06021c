"""'My dossiers': a logged-in citizen follows, answers, withdraws and rates their own dossiers."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from markupsafe import Markup

from ..services import Services
from ..services.checkout import begin_payment
from ..services.documents import documents_of
from ..services.processing import act_on_dossier
from ..services.uploads import UploadRefused, attach, check_upload
from ..storage import DossierNotFound, DossierQuery, StaleDossierError
from ..workflow import Actor, WorkflowError, allowed_actions, current_step, deadline_view, outstanding_fees
from . import citizen_present as view
from .access import access, can_see_dossier, current_principal

bp = Blueprint("citizen", __name__, url_prefix="/my")

MAX_NOTE = 2000


def services() -> Services:
    return current_app.extensions["motcua.services"]


def _own(dossier_id: str):
    """The dossier if it is the logged-in citizen's; 404 otherwise (never reveal others')."""
    try:
        with services().store.reading() as uow:
            dossier = uow.dossiers.get(dossier_id)
    except DossierNotFound:
        abort(404)
    if dossier.is_draft or not can_see_dossier(current_principal(), dossier):
        abort(404)
    return dossier


def _applicant(dossier) -> Actor:
    return Actor(current_principal().id, "applicant", name=dossier.applicant.full_name)


@bp.route("/dossiers")
@access("citizen")
def dossiers():
    """A citizen sees the list of their own dossiers."""
    who = current_principal()
    with services().store.unit_of_work() as uow:
        rows = uow.dossiers.list_summaries(DossierQuery(account_id=who.id, is_draft=False, order_by="-submitted_at",
                                                        limit=200))
    from .services import drafts

    svc = services()
    now = svc.now()
    overdue = {r.id for r in rows if r.due_at is not None and r.due_at < now
               and r.national_code not in (*view.CLOSED, view.PROCESSED, 5)}
    return render_template("citizen/dossiers.html", rows=rows, catalog=svc.catalog, overdue=overdue,
                           drafts=view.draft_rows(drafts().list(who.id), svc.catalog))


@bp.route("/dossiers/<dossier_id>")
@access("citizen")
def dossier(dossier_id: str):
    """A citizen sees one of their own dossiers: status, what is expected, the whole timeline."""
    item = _own(dossier_id)
    svc = services()
    procedure, case = svc.definition_of(item)
    step = current_step(case, item)
    actions = allowed_actions(case, item, _applicant(item))
    request_event = next((e for e in reversed(item.events) if e.to_step == step.id), None)
    now, lang = svc.now(), _lang()
    deadline = deadline_view(item, svc.calendar, now)
    agency = svc.agencies.get(item.agency_code or "")
    agency_name = Markup('<span translate="no">{}</span>').format(agency.name(lang)) if agency is not None \
        else _("the agency")
    owed = _owed(item)
    stages = view.tasks(item, needs_applicant=bool(actions) or bool(owed))
    finished = item.status.national_code in (*view.CLOSED, view.PROCESSED)
    return render_template(
        "citizen/dossier.html", d=item, p=procedure, case=case, step=step, actions=actions,
        documents=view.issued_documents(item, case, lang), deadline=deadline, request_event=request_event,
        owed=owed, tasks=stages, stage=view.current_task(stages), agency_name=agency_name,
        due_words=view.deadline_words(item.due_at, now, finished=finished, paused=deadline.paused),
        overdue=view.is_overdue(item, now, deadline.paused), finished=finished,
        timeline=view.citizen_timeline(case, item, lang, agency_name),
        messages=view.notifications(getattr(svc, "outbox", None), item.id))


def _owed(dossier) -> int:
    """Fees due later (at a supplement or at the result) that the applicant can pay now."""
    if dossier.status.national_code in (3, 7, 8):
        return 0
    return outstanding_fees(dossier, ("supplement", "result"))


@bp.route("/dossiers/<dossier_id>/pay", methods=["POST"])
@access("citizen")
def pay(dossier_id: str):
    """The applicant pays the fees due at a supplement or at the result, through the gateway."""
    item = _own(dossier_id)
    owed = _owed(item)
    if owed <= 0:
        return redirect(url_for(".dossier", dossier_id=item.id))
    try:
        return redirect(begin_payment(services(), item.id, owed, url_for("payments.returned", _external=True),
                                      f"Phi ho so {item.reference}"))
    except StaleDossierError:
        flash(_("Your dossier has just changed. Please review it and try again."), "error")
        return redirect(url_for(".dossier", dossier_id=item.id))


@bp.route("/dossiers/<dossier_id>/actions/<action_id>", methods=["POST"])
@access("citizen")
def act(dossier_id: str, action_id: str):
    """The applicant answers a supplement request (with files) or withdraws their own dossier."""
    item = _own(dossier_id)
    svc = services()
    _procedure, case = svc.definition_of(item)
    note = (request.form.get("comment") or "")[:MAX_NOTE]
    uploads: dict[str, list] = {}
    hashes: list[str] = []
    try:
        for component in case.components:
            for upload in request.files.getlist(f"file-{component.id}")[: component.max_files]:
                if upload and upload.filename:
                    stored = check_upload(svc, component, upload.filename, upload.read(),
                                          {item.applicant.personal_id or ""})
                    uploads.setdefault(component.id, []).append(stored)
                    hashes.append(stored.sha256)
        act_on_dossier(svc, item.id, action_id, _applicant(item), expected_version=int(request.form.get("version", -1)),
                       comment=note or None, attachments=tuple(hashes),
                       prepare=lambda fresh: _replace_files(svc, fresh, case, uploads))
    except UploadRefused as refused:
        flash(refused.message(request.args.get("lang") or _lang()), "error")
    except StaleDossierError:
        flash(_("Your dossier has just changed. Please review it and try again."), "error")
    except WorkflowError:
        flash(_("This action is not possible for your dossier now."), "error")
    except ValueError:
        abort(400)
    else:
        flash(_("Sent. The agency has been told."), "success")
    return redirect(url_for(".dossier", dossier_id=item.id))


def _replace_files(svc: Services, dossier, case, uploads: dict[str, list]) -> None:
    """Put the answered files in place of the components' current ones (the history keeps the old)."""
    for component_id, files in uploads.items():
        component = case.component(component_id)
        replaced = [f.sha256 for c in dossier.components if c.component_id == component_id for f in c.files]
        dossier.components = [c for c in dossier.components if c.component_id != component_id]
        for stored in files:
            attach(dossier, component, stored)
        dossier.append_event(actor=current_principal().id, actor_role="applicant", action="files.replaced",
                             at=svc.now(), attachments=[f.sha256 for f in files],
                             data={"component": component_id, "replaced": replaced})


def _lang() -> str:
    from flask_babel import get_locale

    return str(get_locale() or "vi")


@bp.route("/dossiers/<dossier_id>/rating", methods=["POST"])
@access("citizen")
def rate(dossier_id: str):
    """The applicant rates the service once their dossier is finished."""
    item = _own(dossier_id)
    try:
        score = int(request.form.get("score", ""))
    except ValueError:
        score = 0
    if item.status.national_code not in (3, 8, 9, 10) or not 1 <= score <= 5:
        flash(_("Choose a rating from 1 to 5 once your dossier is finished."), "error")
        return redirect(url_for(".dossier", dossier_id=item.id))
    svc = services()
    try:
        with svc.store.unit_of_work() as uow:
            fresh = uow.dossiers.get(item.id)
            fresh.extra["rating"] = {"score": score, "comment": (request.form.get("comment") or "")[:MAX_NOTE],
                                     "at": svc.now().isoformat()}
            fresh.append_event(actor=current_principal().id, actor_role="applicant", action="rate", at=svc.now(),
                               data={"score": score})
            uow.dossiers.update(fresh)
            uow.commit()
    except StaleDossierError:
        flash(_("Your dossier has just changed. Please review it and try again."), "error")
    else:
        flash(_("Thank you for your rating."), "success")
    return redirect(url_for(".dossier", dossier_id=item.id))


@bp.route("/dossiers/<dossier_id>/documents/<sha256>")
@access("citizen")
def document(dossier_id: str, sha256: str):
    """The applicant downloads a slip or result issued for their own dossier."""
    item = _own(dossier_id)
    record = next((d for d in documents_of(item) if d["sha256"] == sha256), None)
    if record is None:
        abort(404)
    with services().attachments.open(sha256) as fh:
        data = fh.read()
    name = f"{item.reference}-{record['kind']}.pdf"
    return Response(data, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{name}"', "X-Content-Type-Options": "nosniff"})


@bp.route("/wallet")
@access("citizen")
def wallet():
    """A citizen sees their document wallet: files they filed and results issued to them."""
    from .officials_present import VERDICT_TAGS, verdict_name

    svc = services()
    items = svc.wallet.documents(current_principal().id) if svc.wallet is not None else []
    rows = [(item, view.wallet_label(item, svc.catalog, _lang())) for item in items]
    return render_template("citizen/wallet.html", rows=rows, catalog=svc.catalog, verdict_name=verdict_name,
                           verdict_tags=VERDICT_TAGS, available=svc.wallet is not None)


@bp.route("/wallet/<sha256>")
@access("citizen")
def wallet_file(sha256: str):
    """The citizen downloads a document of their own wallet (404 for anything else)."""
    svc = services()
    item = svc.wallet.get(current_principal().id, sha256) if svc.wallet is not None else None
    if item is None:
        abort(404)
    with svc.attachments.open(sha256) as fh:
        data = fh.read()
    extension = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}.get(item.media_type, "bin")
    name = f"{item.reference or item.dossier_id}-{item.kind}.{extension}"
    return Response(data, mimetype=item.media_type, headers={
        "Content-Disposition": f'attachment; filename="{name}"', "X-Content-Type-Options": "nosniff"})
