"""Importing national catalogue records: the import page, each draft's review page, re-importing.

An author picks a record from ``MOTCUA_NATIONAL_RECORDS`` (searched by code or name) or uploads
one; the draft lands on its review page: every field parsed / guessed / needing review with the
source text beside it and a link to the editor that fixes it, the problems the checker finds now,
the report as JSON. Re-importing a changed record updates an unedited draft (and shows the diff);
when the administrator edited the draft, their edits are kept and they choose per conflict.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from builder.importer import MAX_RECORD_BYTES
from builder.importer.merge import MISSING, merge3
from runtime.jsonpointer import value_at
from runtime.text import normalise_input
from runtime.web.access import access

from .. import lifecycle
from ..context import definition_store, open_version, province_of, studio_user
from ..diff import diff_documents
from ..importing import NationalRecords, RecordRefused, import_raw, parse_record, read_entry
from ..imports import ImportState, import_states
from ..problems import problems_of
from ..roles import AUTHOR, StudioPermissionError
from . import bp
from .catalogue import CODE_PATTERN, code_taken

MAX_QUERY = 200

#: report field -> (editor endpoint, the case it is in or None, the definition pointer it became)
PLACES: dict[str, tuple[str, int | None, str]] = {
    "level": ("studio.metadata", None, "/level"), "agency_kind": ("studio.metadata", None, "/agency_kind"),
    "applicant_types": ("studio.metadata", None, "/applicant_types"), "sector": ("studio.metadata", None, "/sector"),
    "effective_from": ("studio.metadata", None, "/effective_from"), "channels": ("studio.metadata", None, "/channels"),
    "legal_basis": ("studio.json_view", None, "/legal_basis"), "time_limit": ("studio.cases", 0, "/cases/0/time_limit"),
    "fees": ("studio.fees", 0, "/cases/0/fees"), "cases": ("studio.cases", 0, "/cases"),
    "results": ("studio.processing", None, "/processing/result"), "steps": ("studio.processing", None,
                                                                           "/processing/steps"),
    "processing": ("studio.processing", None, "/processing/steps"), "eform": ("studio.fields", 0, "/cases/0/form"),
    "components": ("studio.components", 0, "/cases/0/components"),
}
FIELD_NAMES = {
    "level": _l("Level"), "agency_kind": _l("Agency kind"), "applicant_types": _l("Who may apply"),
    "sector": _l("Sector"), "effective_from": _l("In force from"), "channels": _l("How to file"),
    "legal_basis": _l("Legal basis"), "time_limit": _l("Time limit"), "fees": _l("Fees"), "cases": _l("Cases"),
    "results": _l("Results"), "steps": _l("Steps"), "processing": _l("Processing"), "eform": _l("eForm"),
    "components": _l("Dossier components"),
}
STATUS_NAMES = {"parsed": _l("Parsed"), "guessed": _l("Guessed"), "review": _l("Needs review")}


@bp.context_processor
def _import_helpers() -> dict[str, Any]:
    def imported(record: Any) -> bool:
        """Whether this version was made from a national record (its tabs then link to the review page)."""
        return import_states().get(record.code, record.number) is not None

    return {"came_from_import": imported}


def _records() -> NationalRecords | None:
    return current_app.extensions["motcua.studio"]["records"]


def _place(name: str) -> tuple[str, int | None, str]:
    if name.startswith("components-") and name.removeprefix("components-").isdigit():
        case = int(name.removeprefix("components-")) - 1
        return "studio.components", case, f"/cases/{case}/components"
    return PLACES.get(name, ("studio.json_view", None, ""))


def field_name(name: str) -> str:
    if name.startswith("components-") and name.removeprefix("components-").isdigit():
        return _("Dossier components, case %(n)s", n=name.removeprefix("components-"))
    return str(FIELD_NAMES.get(name, name))


def _uploaded() -> Any | None:
    """The uploaded record's JSON (None when nothing was uploaded); RecordRefused when unusable."""
    upload = request.files.get("record")
    if upload is None or not upload.filename:
        return None
    try:
        data = upload.stream.read(MAX_RECORD_BYTES + 1)
    finally:
        upload.close()
    return parse_record(data)


def _source_record(record_id: str) -> tuple[Any, str]:
    """(the record's JSON, its id: empty for an upload) from an upload or the records folder."""
    raw = _uploaded()
    if raw is not None:
        return raw, ""  # an uploaded record is known by its own code
    records = _records()
    entry = records.find(record_id) if records is not None else None
    if entry is None:
        raise RecordRefused(_("no national record %(id)s is available here: upload its JSON file",
                              id=record_id or "-"))
    return read_entry(entry), entry.record_id


def _author() -> Any:
    user = studio_user()
    if not user.scopes(AUTHOR):
        abort(403)
    return user


@bp.route("/import", methods=["GET", "POST"])
@access("official")
def import_page():
    """Find a national record (or upload one) and make a draft of it."""
    user = _author()
    query = normalise_input(request.args.get("q", ""))[:MAX_QUERY]
    records = _records()
    found = records.search(query) if records is not None and query else []
    if request.method == "GET":
        return render_template("studio/import.html", user=user, query=query, found=found, records=records,
                               error=None, max_mb=MAX_RECORD_BYTES // 1024 // 1024)
    record_id = normalise_input(request.form.get("record_id", ""))[:40]
    code = normalise_input(request.form.get("code", ""))[:40]
    try:
        raw, record_id = _source_record(record_id)
        return start_import(user, raw, record_id, code)
    except RecordRefused as exc:
        error = _("The national record could not be imported: %(reason)s", reason=str(exc))
        return render_template("studio/import.html", user=user, query=query, found=found, records=records,
                               error=error, max_mb=MAX_RECORD_BYTES // 1024 // 1024), 400


def start_import(user: Any, raw: Any, record_id: str, code: str):
    """A new draft from a record (under ``code``, default the record's own code); its review page next."""
    imported = import_raw(raw, code or "0.000000")
    code = code or imported.report.code
    if not CODE_PATTERN.match(code):
        raise RecordRefused(_("the procedure's code %(code)s is not like 1.001193 or 1.001193.H79", code=code))
    if code_taken(code):
        raise RecordRefused(_("a procedure with the code %(code)s already exists: open its draft and re-import "
                              "the record from its review page, or choose another code", code=code))
    imported.definition["code"] = code  # type: ignore[index]
    record_id = record_id or imported.report.code
    with definition_store().unit_of_work() as uow:
        record = lifecycle.create_draft(uow, user, imported.definition, how="import")  # type: ignore[arg-type]
        uow.commit()
    report = imported.report.to_dict()
    import_states().put(ImportState(record.code, record.number, record_id, report,
                                    copy.deepcopy(record.document)))
    flash(_("Draft created from the national record %(id)s: review what the importer could not read for sure",
            id=record_id), "success")
    return redirect(url_for("studio.import_review", code=record.code, number=record.number))


def _state(code: str, number: int) -> ImportState:
    state = import_states().get(code, number)
    if state is None:
        abort(404)
    return state


def _rows(report: dict[str, Any], baseline: dict[str, Any], draft: dict[str, Any], code: str,
          number: int) -> list[dict[str, Any]]:
    """One row per report field (its items under it), with the editor link and whether it was edited."""
    rows = []
    for name, item in (report.get("fields") or {}).items():
        endpoint, case, pointer = _place(name)
        args: dict[str, Any] = {"code": code, "number": number}
        if case is not None:
            args["case"] = case
        if name == "eform":  # straight to the page of fields read from the form template, when there is one
            pages = [p.get("id") for p in value_at(draft, "/cases/0/form/pages") or () if isinstance(p, dict)]
            if "template-fields" in pages:
                args["page"] = pages.index("template-fields")
        edited = bool(pointer) and value_at(baseline, pointer) != value_at(draft, pointer)
        rows.append({"id": name, "name": field_name(name), "item": item, "link": url_for(endpoint, **args),
                     "edited": edited, "subitems": item.get("items") or []})
    return rows


@bp.route("/<code>/<int:number>/import")
@access("official")
def import_review(code: str, number: int):
    """The import report of a draft made from a national record, beside the draft as it is now."""
    user, record = open_version(code, number)
    state = _state(code, number)
    problems = problems_of(code, number, record.document)
    rows = _rows(state.report, state.baseline, record.document, code, number)
    counts = {s: sum(1 for r in rows if r["item"]["status"] == s) for s in STATUS_NAMES}
    changes = diff_documents(state.previous, state.baseline) if state.previous is not None else []
    conflicts = pending_changes = []
    if state.pending is not None:
        _, conflicts = merge3(state.baseline, record.document, state.pending)
        pending_changes = diff_documents(state.baseline, state.pending)
    return render_template("studio/import_review.html", user=user, record=record, state=state, rows=rows,
                           counts=counts, problems=problems, errors=sum(p.is_error for p in problems),
                           changes=changes, conflicts=conflicts, pending_changes=pending_changes,
                           can_edit=user.can_edit(record, province_of), status_names=STATUS_NAMES,
                           short=_short, missing=MISSING, max_mb=MAX_RECORD_BYTES // 1024 // 1024,
                           in_folder=_records() is not None and _records().find(state.record_id) is not None)


@bp.route("/<code>/<int:number>/import.json")
@access("official")
def import_report(code: str, number: int):
    """The import report, as JSON (downloaded)."""
    open_version(code, number)
    state = _state(code, number)
    body = json.dumps({**state.report, "draft": {"code": code, "number": number}, "record_id": state.record_id},
                      ensure_ascii=False, indent=2)
    return Response(body, mimetype="application/json",
                    headers={"Content-Disposition": f'attachment; filename="import-report-{code}-{number}.json"'})


def _editable(code: str, number: int):
    user, record = open_version(code, number)
    if not user.can_edit(record, province_of):
        raise StudioPermissionError(_("only an author of this draft's province or agency may re-import it, "
                                      "and only while it is a draft"))
    record.revision = request.form.get("revision", type=int) or 0
    return user, record, _state(code, number), redirect(url_for("studio.import_review", code=code, number=number))


def _accepted(state: ImportState, new: dict[str, Any], report: dict[str, Any]) -> None:
    """The draft now follows ``new`` (merged or taken whole): it becomes the baseline, nothing waits."""
    state.previous, state.baseline, state.report = state.baseline, new, report
    state.pending = state.pending_report = None
    import_states().put(state)


@bp.route("/<code>/<int:number>/import/again", methods=["POST"])
@access("official")
def reimport(code: str, number: int):
    """Import the record again: an unedited draft is updated; edits meet the changes on the review page."""
    user, record, state, back = _editable(code, number)
    try:
        raw, _record_id = _source_record(state.record_id)
        imported = import_raw(raw, code)
    except RecordRefused as exc:
        flash(_("The national record could not be imported: %(reason)s", reason=str(exc)), "error")
        return back
    new, report = imported.definition, imported.report.to_dict()
    if new == state.baseline:
        state.report, state.pending, state.pending_report = report, None, None
        import_states().put(state)
        flash(_("The record has not changed since the last import"), "success")
        return back
    if record.document == state.baseline:  # nobody edited the draft: take the new import
        _save(user, record, new, "re-import")  # type: ignore[arg-type]
        _accepted(state, new, report)  # type: ignore[arg-type]
        flash(_("The draft was updated from the changed record: the changes are listed below"), "success")
        return back
    state.pending, state.pending_report = new, report
    import_states().put(state)
    flash(_("The record changed and this draft was edited since the import: nothing was overwritten. "
            "Choose below what to keep."), "success")
    return back


@bp.route("/<code>/<int:number>/import/resolve", methods=["POST"])
@access("official")
def resolve_import(code: str, number: int):
    """Apply a waiting re-import (the changes nobody edited, and the import's side where chosen), or drop it."""
    user, record, state, back = _editable(code, number)
    if state.pending is None:
        flash(_("There is no re-import waiting for a choice"), "error")
        return back
    if request.form.get("action") == "discard":
        state.pending = state.pending_report = None
        import_states().put(state)
        flash(_("The re-import was dropped: the draft is unchanged"), "success")
        return back
    take = {p for p in request.form.getlist("take_import")[:500] if p.startswith("/")}
    merged, _conflicts = merge3(state.baseline, record.document, state.pending, take)
    merged["code"] = code
    _save(user, record, merged, "re-import")
    _accepted(state, state.pending, state.pending_report or state.report)
    flash(_("The record's changes were applied; your edits were kept where you chose"), "success")
    return back


def _save(user: Any, record: Any, document: dict[str, Any], what: str) -> None:
    with definition_store().unit_of_work() as uow:
        lifecycle.save_draft(uow, user, record, document, province_of, what)
        uow.commit()


def _short(value: Any, limit: int = 200) -> str:
    if value is MISSING:
        return _("(absent)")
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[:limit - 1] + "…"
