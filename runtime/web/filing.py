"""After the eForm: attach documents, see the fees, pay, and file the dossier.

A citizen must be signed in to attach documents and file: the dossier is
filed in their name, with their identity data.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.exceptions import RequestEntityTooLarge

from ..dossiers.model import Dossier, Person, StoredFile
from ..jsonpointer import value_at
from ..payments import paid_total
from ..services import Services, SubmissionError, submit_draft
from ..services.checkout import begin_payment
from ..services.submission import CHOSEN_OFFICE, NO_AGENCY, NOT_YOURS, check_dossier, dossier_fees
from ..services.uploads import UploadRefused, attach, check_upload, detach, signature_policy, size_limit
from ..storage import DossierNotFound, StaleDossierError
from ..workflow import resolve_agency
from .access import access, current_principal

bp = Blueprint("filing", __name__)


def services() -> Services:
    return current_app.extensions["motcua.services"]


def _lang() -> str:
    return str(get_locale() or "vi")


def _draft(draft_id: str) -> Dossier:
    """The signed-in citizen's own draft, or 404."""
    try:
        with services().store.reading() as uow:
            dossier = uow.dossiers.get(draft_id[:64])
    except DossierNotFound:
        abort(404)
    if not dossier.is_draft or dossier.account_id != current_principal().id:
        abort(404)
    return dossier


def _save(dossier: Dossier) -> None:
    with services().store.unit_of_work() as uow:
        uow.dossiers.update(dossier)
        uow.commit()


def applicant_of(dossier: Dossier) -> Person:
    """The applicant: identity data, with the corrections the applicant typed in autofilled fields."""
    from ..identity.session import current_identity

    identity = current_identity()
    attrs: dict[str, Any] = dict(identity.attributes) if identity else {}
    values = {entry.attribute: value_at(dossier.data, pointer) for pointer, entry in dossier.provenance.items()
              if entry.attribute}
    address = values.get("citizen.current_address") or _in_2025_units(
        attrs.get("current_address") or attrs.get("permanent_address") or {})
    return Person(full_name=identity.full_name if identity else current_principal().name,
                  personal_id=identity.personal_id if identity else current_principal().personal_id,
                  phone=values.get("citizen.phone") or attrs.get("phone"),
                  email=values.get("citizen.email") or attrs.get("email"),
                  address={k: address.get(k) for k in ("province_code", "commune_code", "street") if address.get(k)})


def _in_2025_units(address: dict[str, Any]) -> dict[str, Any]:
    """An identity address usable for routing: converted when old, empty when a ward would be guessed."""
    from ..addresses import convert_address

    converted = convert_address(address) if address else None
    return converted.address if converted and converted.status in ("current", "converted") else {}


@bp.route("/drafts/<draft_id>/documents", methods=["GET", "POST"])
@access("citizen")
def documents(draft_id: str):
    """The signed-in applicant attaches each component's files; each is checked on upload."""
    dossier = _draft(draft_id)
    svc = services()
    _procedure, case = svc.definition_of(dossier)
    if request.method == "POST":
        component = case.component(request.form.get("component", ""))
        upload = request.files.get("file")
        if component is None or upload is None or not upload.filename:
            flash(_("Choose a file to attach."), "error")
        else:
            _attach_checked(svc, dossier, component, upload.filename, upload.read())
        return redirect(url_for(".documents", draft_id=draft_id))
    attached = {c.component_id: c.files for c in dossier.components}
    rows = [(c, c.is_required(dossier.data), attached.get(c.id, [])) for c in case.components
            if c.is_required(dossier.data) or attached.get(c.id) or c.when is None]
    shown = len(case.form.pages_shown(dossier.data))
    return render_template("filing/documents.html", d=dossier, p=_procedure, rows=rows, step=(shown + 1, shown + 2),
                           library=wallet_documents(svc, current_principal().id),
                           request_limit_mb=request_limit_mb())


def _attach_checked(svc: Services, dossier: Dossier, component: Any, name: str, data: bytes) -> None:
    """Check a file against the component's rules, attach it and save; tell the applicant how it went."""
    _attach(dossier, component, lambda: check_upload(svc, component, name, data,
                                                     {current_principal().personal_id or ""}),
            _("The file was checked and attached."))


def _attach(dossier: Dossier, component: Any, make: Callable[[], StoredFile], success: str) -> None:
    """Attach the file ``make`` returns (it may refuse it) and save; tell the applicant how it went.

    A file accepted with findings (active content, a signature that could not be confirmed on a
    document that needs none) is attached and the applicant is told about it at once.
    """
    try:
        stored = make()
        attach(dossier, component, stored)
        _save(dossier)
    except UploadRefused as refused:
        flash(refused.message(_lang()), "error")
    except StaleDossierError:
        flash(_("Your dossier has just changed. Please review it and try again."), "error")
    else:
        flash(success, "success")
        notice = upload_notice(stored.verification, _lang())
        if notice:
            flash(notice, "warning")


def upload_notice(verification: dict[str, Any] | None, lang: str) -> str:
    """The citizen's sentence about an accepted file's warnings ('' when there are none)."""
    from ..signatures import AttachmentVerification, Severity

    if not verification:
        return ""
    report = AttachmentVerification.from_dict(verification)
    if not any(r.severity is Severity.WARNING for r in report.reasons):
        return ""
    return report.citizen_message(lang)


def request_limit_mb() -> float:
    """The largest request the site accepts, in MB (``MAX_CONTENT_LENGTH``)."""
    return (current_app.config.get("MAX_CONTENT_LENGTH") or 0) / (1024 * 1024)


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(_exc: RequestEntityTooLarge):
    """An over-limit upload is answered on the documents page, with the limit, and the draft kept."""
    flash(_("The file you sent is larger than %(mb)s MB, the most the site accepts. Choose a smaller "
            "file, for example scanned in black and white or at a lower resolution.",
            mb=format(request_limit_mb(), "g")), "error")
    draft_id = (request.view_args or {}).get("draft_id")
    if not draft_id:
        return redirect("/", code=303)
    return redirect(url_for(".documents", draft_id=draft_id), code=303)


def wallet_documents(svc: Services, account_id: str) -> list[Any]:
    """The citizen's wallet (kho giấy tờ): files of their earlier dossiers and results issued to them."""
    return svc.wallet.documents(account_id) if svc.wallet is not None else []


@bp.route("/drafts/<draft_id>/documents/reuse", methods=["POST"])
@access("citizen")
def reuse(draft_id: str):
    """The applicant attaches a document from their wallet with one click.

    Where the report it carries already satisfies the component's rules, it is attached as it is,
    with that report and a note of where it came from; otherwise the file is checked again.
    """
    from ..wallet import keeps_its_report

    dossier = _draft(draft_id)
    svc = services()
    _procedure, case = svc.definition_of(dossier)
    component = case.component(request.form.get("component", ""))
    sha256 = request.form.get("sha256", "")
    item = svc.wallet.get(current_principal().id, sha256) if svc.wallet is not None and sha256 else None
    if component is None or item is None:
        abort(404)
    if item.size <= size_limit(component) and keeps_its_report(item, signature_policy(component),
                                                                component.media_types):
        _attach(dossier, component, lambda: item.stored_file(svc.now()),
                _("The document was attached from your wallet with its verification report."))
    else:
        with svc.attachments.open(sha256) as fh:
            _attach_checked(svc, dossier, component, item.name, fh.read())
    return redirect(url_for(".documents", draft_id=draft_id))


@bp.route("/drafts/<draft_id>/documents/<component_id>/<sha256>/remove", methods=["POST"])
@access("citizen")
def remove(draft_id: str, component_id: str, sha256: str):
    """The applicant removes a file they attached to their own draft."""
    dossier = _draft(draft_id)
    if detach(dossier, component_id, sha256):
        _save(dossier)
    return redirect(url_for(".documents", draft_id=draft_id))


def _centres(svc: Services, dossier: Dossier):
    """The office found from the address, and the other offices of that kind in the province."""
    procedure, case = svc.definition_of(dossier)
    probe = Dossier(procedure_code=dossier.procedure_code, applicant=applicant_of(dossier), data=dossier.data)
    try:
        resolved = svc.agencies.get(resolve_agency(case.processing.first_step.agency, probe, procedure, svc.agencies))
    except LookupError:
        return None, []
    others = [a for a in svc.agencies.of_kind(resolved.kind) if a.province_code == resolved.province_code]
    return resolved, others


def _chosen_office(svc: Services, dossier: Dossier, code: str | None) -> str | None:
    """The office the applicant picked, when it is one they may pick (else None)."""
    if not code:
        return None
    _resolved, centres = _centres(svc, dossier)
    return code if any(a.code == code for a in centres) else None


@bp.route("/drafts/<draft_id>/fees", methods=["GET"])
@access("citizen")
def fees(draft_id: str):
    """The applicant sees the fee breakdown, pays what is due now, and files the dossier."""
    dossier = _draft(draft_id)
    svc = services()
    procedure, case = svc.definition_of(dossier)
    dossier.applicant = applicant_of(dossier)
    breakdown = dossier_fees(case, dossier, svc.now().date())
    problems = check_dossier(procedure, case, dossier, svc.now().date())
    resolved, centres = _centres(svc, dossier)
    if resolved is None:
        problems.append(NO_AGENCY)
    chosen = svc.agencies.get((dossier.extra or {}).get(CHOSEN_OFFICE, "")) if centres else None
    shown = len(case.form.pages_shown(dossier.data))
    return render_template("filing/fees.html", d=dossier, p=procedure, fees=breakdown,
                           due_now=breakdown.due_at("receipt"), paid=paid_total(dossier), problems=problems,
                           resolved=chosen or resolved, centres=centres, lang=_lang(), step=(shown + 2, shown + 2))


@bp.route("/drafts/<draft_id>/pay", methods=["POST"])
@access("citizen")
def pay(draft_id: str):
    """The applicant is sent to the payment gateway for what is due now."""
    dossier = _draft(draft_id)
    svc = services()
    _procedure, case = svc.definition_of(dossier)
    chosen = _chosen_office(svc, dossier, request.form.get("agency"))
    if chosen is not None and chosen != (dossier.extra or {}).get(CHOSEN_OFFICE):
        dossier.extra[CHOSEN_OFFICE] = chosen
        try:
            _save(dossier)
        except StaleDossierError:
            flash(_("Your dossier has just changed. Please review it and try again."), "error")
            return redirect(url_for(".fees", draft_id=draft_id))
        dossier = _draft(draft_id)
    due = dossier_fees(case, dossier, svc.now().date()).due_at("receipt") - paid_total(dossier)
    if due <= 0:
        return redirect(url_for(".fees", draft_id=draft_id))
    try:
        return redirect(begin_payment(svc, dossier.id, due, url_for("payments.returned", _external=True),
                                      f"Phi ho so {dossier.procedure_code}"))
    except StaleDossierError:
        flash(_("Your dossier has just changed. Please review it and try again."), "error")
        return redirect(url_for(".fees", draft_id=draft_id))


@bp.route("/drafts/<draft_id>/submit", methods=["POST"])
@access("citizen")
def submit(draft_id: str):
    """The applicant files their dossier: checked whole, given a code, a receipt and an appointment.

    The draft is read once, in the filing's own unit of work; someone else's draft, or a dossier
    already filed, is a 404 as on every draft page."""

    def online_applicant(fresh: Dossier) -> None:
        fresh.applicant = applicant_of(fresh)
        fresh.channel = "online"

    try:
        filed = submit_draft(services(), draft_id[:64], current_principal().id, lang=_lang(),
                             agency_code=request.form.get("agency") or None, prepare=online_applicant)
    except DossierNotFound:
        abort(404)
    except SubmissionError as error:
        if any(problem.key == NOT_YOURS for problem in error.problems):
            abort(404)
        for problem in error.problems:
            flash(problem.message(_lang()), "error")
        return redirect(url_for(".fees", draft_id=draft_id))
    except StaleDossierError:
        flash(_("Your dossier has just changed. Please review it and try again."), "error")
        return redirect(url_for(".fees", draft_id=draft_id))
    flash(_("Your dossier was filed with the code %(code)s. The receipt is below.", code=filed.reference), "success")
    return redirect(url_for("citizen.dossier", dossier_id=filed.id))
