"""A version's page and its editors: metadata (a form) and the JSON view for power users."""

from __future__ import annotations

import orjson
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from runtime.storage.definitions import StaleDefinitionError
from runtime.web.access import access

from .. import lifecycle
from ..context import MAX_DOCUMENT_BYTES, definition_store, open_version, province_of, today
from ..files import definition_text
from ..locate import metadata_field
from ..metadata import (
    APPLICANT_TYPES,
    CHANNELS,
    LEVELS,
    ONLINE_LEVELS,
    apply_metadata,
    metadata_fields,
    submitted_legal_rows,
)
from ..problems import by_tab, problems_of
from . import bp


@bp.route("/<code>/<int:number>")
@access("official")
def version(code: str, number: int):
    """A version's status, problems and what can be done with it."""
    user, record = open_version(code, number)
    problems = problems_of(code, number, record.document)
    with definition_store().unit_of_work() as uow:
        history = uow.definitions.versions(code)
        changes = uow.definitions.changes(code)
    return render_template("studio/version.html", record=record, user=user, problems=problems,
                           grouped=by_tab(problems), errors=sum(p.is_error for p in problems),
                           history=[r for r in history if user.can_see(r, province_of)],
                           changes=changes[-20:], today=today(),
                           can_edit=user.can_edit(record, province_of),
                           can_publish=user.can_publish(record, province_of),
                           can_roll_back=user.can_roll_back(record.scope, province_of))


def _metadata_page(record, values, errors, user, status=200, stale=False):
    problems = problems_of(record.code, record.number, record.document)
    beside: dict[str, list] = {}
    for problem in problems:
        name = metadata_field(problem.pointer)
        if name:
            beside.setdefault(name, []).append(problem)
    return render_template("studio/metadata.html", record=record, values=values, errors=errors,
                           beside=beside, user=user, levels=LEVELS, applicant_types=APPLICANT_TYPES,
                           channels=CHANNELS, online_levels=ONLINE_LEVELS, stale=stale,
                           can_edit=user.can_edit(record, province_of)), status


@bp.route("/<code>/<int:number>/metadata", methods=["GET", "POST"])
@access("official")
def metadata(code: str, number: int):
    """Names, sector, levels, agency kind, applicant types, channels, effective dates."""
    user, record = open_version(code, number)
    if request.method == "GET":
        return _metadata_page(record, metadata_fields(record.document), {}, user)
    if not user.can_edit(record, province_of):
        abort(403)
    document, errors = apply_metadata(record.document, request.form)
    if errors:
        return _metadata_page(record, _submitted(request.form), errors, user, 400)
    record.revision = request.form.get("revision", type=int) or 0
    try:
        with definition_store().unit_of_work() as uow:
            lifecycle.save_draft(uow, user, record, document, province_of, "metadata")
            uow.commit()
    except StaleDefinitionError:
        fresh = open_version(code, number)[1]
        return _metadata_page(fresh, _submitted(request.form), {}, user, 409,
                              stale=True)
    flash(_("Saved"), "success")
    return redirect(url_for("studio.metadata", code=code, number=number))


def _submitted(form) -> dict:
    """The metadata form's values as submitted, to show them back."""
    return form.to_dict(flat=False) | _singles(form) | {"legal_basis": submitted_legal_rows(form)}


def _singles(form) -> dict[str, str]:
    multi = {"level", "applicant_types", "channels"}
    return {k: form.get(k, "") for k in form if k not in multi}


@bp.route("/<code>/<int:number>/json", methods=["GET", "POST"])
@access("official")
def json_view(code: str, number: int):
    """The definition as JSON, with the same checks; saved only when it parses and keeps its code."""
    user, record = open_version(code, number)
    can_edit = user.can_edit(record, province_of)
    text, error, status = definition_text(record.document), None, 200
    problems = problems_of(code, number, record.document)
    if request.method == "POST":
        if not can_edit:
            abort(403)
        text = request.form.get("document", "")
        if len(text.encode()) > MAX_DOCUMENT_BYTES:
            error, status = _("The definition is larger than 4 MiB"), 400
        else:
            try:
                document = orjson.loads(text)
            except orjson.JSONDecodeError as exc:
                error, status = _("This is not valid JSON: %(reason)s", reason=str(exc)), 400
            else:
                if not isinstance(document, dict) or document.get("code") != code:
                    error, status = _("The definition must be a JSON object keeping the code %(code)s",
                                      code=code), 400
                else:
                    record.revision = request.form.get("revision", type=int) or 0
                    try:
                        with definition_store().unit_of_work() as uow:
                            lifecycle.save_draft(uow, user, record, document, province_of, "json")
                            uow.commit()
                    except StaleDefinitionError:
                        error, status = _("Someone else saved this version while you were working on it. "
                                          "Your text is below: copy it, reload, and apply your change again."), 409
                        record = open_version(code, number)[1]
                    else:
                        flash(_("Saved"), "success")
                        return redirect(url_for("studio.json_view", code=code, number=number))
    return render_template("studio/json.html", record=record, text=text, error=error, problems=problems,
                           user=user, can_edit=can_edit), status
