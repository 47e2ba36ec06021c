"""One dossier for an official: everything filed and done so far, its files, and the actions they may take.

Actions are POST forms carrying the dossier version the official saw: if
someone else acted in between, nothing is applied and the page comes back with
the fresh dossier, a clear message and what the official typed.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..dossiers.model import Dossier
from ..services import act_on_dossier
from ..services.context import DefinitionGoneError
from ..services.documents import ResultNotVerifiedError, documents_of
from ..services.portal_sync import enabled as portal_sync_enabled
from ..services.uploads import detect_media_type
from ..storage import DossierNotFound, StaleDossierError, StorageError
from ..workflow import WorkflowError, current_step, deadline_view
from . import officials_present as present
from .access import access, can_see_dossier, current_principal
from .exchange_present import actor_name as exchange_actor_name
from .exchange_present import exchange_views
from .officials import actor_of, bp, lang, role_name, services
from .services import forms

log = logging.getLogger(__name__)

MAX_COMMENT = 2000
MAX_ACTION_FILE = 10 * 1024 * 1024
INLINE_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg"})


def _load(dossier_id: str) -> Dossier | None:
    """The dossier if this official may see it, else None."""
    if not dossier_id or len(dossier_id) > 64:
        return None
    try:
        with services().store.reading() as uow:
            found = uow.dossiers.get(dossier_id)
    except DossierNotFound:
        return None
    if found.is_draft or not can_see_dossier(current_principal(), found):
        return None
    return found


def _visible(dossier_id: str) -> Dossier:
    found = _load(dossier_id)
    if found is None:
        abort(404)
    return found


def _person(actor_id: str, dossier: Dossier | None = None) -> str:
    """An actor's name: the applicant's, the payment gateway, or from the officials' directory."""
    if dossier is not None and actor_id == dossier.account_id:
        return dossier.applicant.full_name or _("Applicant")
    if actor_id == "gateway":
        return _("Payment gateway")
    partner = exchange_actor_name(actor_id)
    if partner is not None:
        return partner
    try:
        from ..identity.session import officials

        official = officials().get(actor_id)
    except (KeyError, RuntimeError):
        official = None
    return official.name if official is not None else actor_id


def _unavailable(message: str, status: int = 503):
    return render_template("error.html", code=status, title=_("This dossier cannot be handled now"),
                           message=message), status


def _page(item: Dossier, *, status: int = 200, error: str | None = None, typed: dict[str, Any] | None = None,
          field: str | None = None):
    svc = services()
    try:
        procedure, case = svc.definition_of(item)
    except DefinitionGoneError:
        log.error("definition gone for dossier %s (%s %s)", item.id, item.procedure_code, item.definition_version)
        return _unavailable(_("The procedure definition this dossier was filed under is not available. "
                              "Please tell the administrator."))
    now, language, who = svc.now(), lang(), current_principal()
    step = current_step(case, item)
    actions = present.action_forms(case, item, actor_of(who), svc.calendar, now)
    return render_template(
        "officials/dossier.html", d=item, procedure=procedure, case=case, step=step,
        deadline=deadline_view(item, svc.calendar, now),
        answers=present.answers(procedure, case, item, forms(), language),
        attachments=present.attachments(case, item, language), verdict_name=present.verdict_name,
        verdict_tags=present.VERDICT_TAGS, documents=documents_of(item), document_name=present.document_name,
        timeline=present.timeline(case, item, language, lambda actor: _person(actor, item)),
        actions=actions, preview=present.previews_result(actions), exchanges=exchange_views(item),
        step_role=role_name(step.role), error=error, typed=typed or {}, field=field,
        closing_time=svc.calendar.config.sessions[-1][1].strftime("%H:%M"),
        portal_log=svc.sync_log.entries(item.id) if portal_sync_enabled(svc) else None,
        sync_names=present.sync_names(), sync_tags=present.SYNC_TAGS,
    ), status


@bp.route("/dossiers/<dossier_id>")
@access("official")
def dossier(dossier_id: str):
    """An official sees one dossier of their agency: answers, files, fees, deadlines, timeline, actions."""
    return _page(_visible(dossier_id))


@bp.route("/dossiers/<dossier_id>/files/<sha256>")
@access("official")
def file(dossier_id: str, sha256: str):
    """A file of the dossier, shown in the browser (sandboxed) or downloaded."""
    item = _visible(dossier_id)
    media_type = present.file_hashes(item).get(sha256)
    if media_type is None:
        abort(404)
    try:
        with services().attachments.open(sha256) as fh:
            data = fh.read()
    except (OSError, StorageError):
        abort(404)
    inline = media_type in INLINE_TYPES and not request.args.get("download")
    name = _download_name(item, sha256)
    response = Response(data, mimetype=media_type if media_type in INLINE_TYPES else "application/octet-stream")
    response.headers["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{name}"'
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'; frame-ancestors 'self'"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _download_name(item: Dossier, sha256: str) -> str:
    record = next((d for d in documents_of(item) if d["sha256"] == sha256), None)
    base = f"{item.reference or item.id}-{record['kind'] if record else sha256[:12]}"
    return "".join(c if c.isalnum() or c in ".-_" else "-" for c in base) + ".pdf"


def _new_due(form: Any) -> dt.datetime | None:
    """The new appointment date and time typed, in the office's time zone; ValueError if not a date."""
    day = (form.get("new_due_date") or "").strip()
    if not day:
        return None
    moment = (form.get("new_due_time") or "").strip() or services().calendar.config.sessions[-1][1].strftime("%H:%M")
    when = dt.datetime.fromisoformat(f"{day}T{moment}")
    if when.tzinfo is not None:
        raise ValueError("give a local time")
    return when.replace(tzinfo=services().calendar.timezone)


def _action_files() -> tuple[str, ...]:
    """Store the PDFs sent with an action; ValueError when one is not an acceptable PDF."""
    hashes = []
    for upload in request.files.getlist("attachment"):
        if not upload or not upload.filename:
            continue
        data = upload.read(MAX_ACTION_FILE + 1)
        if not data or len(data) > MAX_ACTION_FILE or detect_media_type(data) != "application/pdf":
            raise ValueError("not an acceptable PDF")
        hashes.append(services().attachments.put(data))
    return tuple(hashes)


@bp.route("/dossiers/<dossier_id>/actions/<action_id>", methods=["POST"])
@access("official")
def act(dossier_id: str, action_id: str):
    """An official takes an action of the dossier's current step."""
    item = _visible(dossier_id)
    try:
        version = int(request.form.get("version", ""))
    except ValueError:
        abort(400)
    comment = (request.form.get("comment") or "").strip()[:MAX_COMMENT]
    typed = {"action": action_id, "comment": comment, "new_due_date": request.form.get("new_due_date", "")[:10],
             "new_due_time": request.form.get("new_due_time", "")[:5]}
    try:
        new_due = _new_due(request.form)
    except ValueError:
        return _page(item, status=422, error=_("Enter the new appointment date as a real date and time."),
                     typed=typed, field="new_due")
    try:
        files = _action_files()
    except ValueError:
        return _page(item, status=422, error=_("The document must be a PDF file of at most 10 MB."), typed=typed,
                     field="attachment")
    svc = services()
    try:
        outcome = act_on_dossier(svc, item.id, action_id, actor_of(current_principal()), expected_version=version,
                                 comment=comment or None, attachments=files, new_due_at=new_due)
    except StaleDossierError:
        return _again(item.id, 409, _("Another official has just acted on this dossier. Please review it."), typed)
    except WorkflowError as refused:
        status, message, field = present.workflow_message(refused)
        return _again(item.id, status, message, typed, field)
    except DefinitionGoneError:
        return _page(item)
    except ResultNotVerifiedError:
        log.exception("result of %s failed its own verification", item.id)
        return _again(item.id, 503, _("The signed result failed its verification, so nothing was changed. "
                                      "Please tell the administrator."), typed)
    except StorageError:
        log.exception("store unavailable while acting on %s", item.id)
        return _again(item.id, 503, _("The dossier store is busy, so nothing was changed. Please try again."), typed)
    names = [f"{present.document_name(d['kind'])} ({d['kind']})" if d["kind"] != "result"
             else present.document_name("result") for d in outcome.documents]
    message = _("Done: %(action)s.", action=outcome.transition.action.name.get(lang()))
    if names:
        message += " " + _("Issued: %(documents)s.", documents=", ".join(names))
    flash(message, "success")
    if can_see_dossier(current_principal(), outcome.dossier):
        return redirect(url_for(".dossier", dossier_id=item.id))
    return redirect(url_for(".inbox"))


def _again(dossier_id: str, status: int, message: str, typed: dict[str, Any], field: str | None = None):
    """The page again with the fresh dossier, the message and what was typed (nothing lost)."""
    fresh = _load(dossier_id)
    if fresh is None:  # it has moved on to another agency meanwhile
        flash(message, "error")
        return redirect(url_for(".inbox"))
    return _page(fresh, status=status, error=message, typed=typed, field=field)
