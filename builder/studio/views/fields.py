"""The eForm editor: a case's pages and their fields, added from the palette, never as JSON."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from runtime.text import normalise_input
from runtime.web.access import access

from .. import date_rules, form_edit, lifecycle, schema_import
from ..context import definition_store, open_version, province_of
from ..form_edit import EditError
from ..palette import BY_ID, KINDS, autofill_sources, parse_options, schema_for
from ..problems import problems_of
from ..rules import rows_from_form
from . import bp

MAX_TEXT = 500


def _text(name: str, limit: int = MAX_TEXT) -> str:
    return normalise_input(request.form.get(name, ""))[:limit]


def _index(name: str) -> int:
    value = request.values.get(name, "0")
    return int(value) if value.isdigit() and len(value) < 4 else -1


#: validation presets: form field -> the JSON Schema keyword it sets
LIMITS = {"min_length": "minLength", "max_length": "maxLength", "minimum": "minimum", "maximum": "maximum"}


def _limits() -> dict[str, Any]:
    """Length and range presets as typed (an empty box removes the limit)."""
    changes: dict[str, Any] = {}
    for field, keyword in LIMITS.items():
        if field not in request.form:
            continue
        raw = _text(field, 16)
        if raw and not raw.lstrip("-").isdigit():
            raise EditError(_("Enter limits as whole numbers"))
        changes[keyword] = int(raw) if raw else None
    low, high = changes.get("minLength"), changes.get("maxLength")
    if (low is not None and low < 0) or (low is not None and high is not None and low > high):
        raise EditError(_("The shortest length must be 0 or more and not above the longest"))
    low, high = changes.get("minimum"), changes.get("maximum")
    if low is not None and high is not None and low > high:
        raise EditError(_("The smallest value must not be above the largest"))
    return changes


def _relation(document: dict[str, Any], case: int, page: int, name: str) -> dict[str, Any] | None:
    """The date relation the field editor submitted for the date field ``name``."""
    rows = form_edit.field_rows(form_edit.page_of(document, case, page))
    row = next((r for r in rows if r.name == name), None)
    if row is None or row.kind != "date":
        raise EditError(_("Date relations are for date fields"))
    form = {key: normalise_input(request.form.get(key, ""))[:63]
            for key in ("date_not_after", "date_not_before", "within_amount", "within_unit", "within_of")}
    return date_rules.relation_from_form(form, date_rules.siblings(rows, row), row.schema.get("x-date"))


def _edit(document: dict[str, Any], case: int, page: int) -> dict[str, Any]:
    action = request.form.get("action", "")
    name = _text("name", 63)
    if action == "add":
        kind = request.form.get("kind", "")
        if kind not in BY_ID:
            raise EditError(_("Choose a kind of field from the palette"))
        label_vi, label_en = _text("label_vi"), _text("label_en")
        if not label_vi or not label_en:
            raise EditError(_("Enter the field's label in Vietnamese and in English"))
        options = parse_options(request.form.get("options", "")[:20000])
        if kind in ("choice", "multi-choice") and not options:
            raise EditError(_("Enter the choices, one per line: value | Vietnamese label | English label"))
        autofill = request.form.get("autofill", "")
        if autofill and autofill not in autofill_sources():
            raise EditError(_("Choose an autofill source from the list"))
        schema = schema_for(kind, label_vi, label_en, options=options, autofill=autofill,
                            autofill_mode=request.form.get("autofill_mode", "editable"),
                            help_vi=_text("help_vi"), help_en=_text("help_en"))
        rows = rows_from_form(request.form)
        show_when = rows[0] if rows else None
        return form_edit.add_field(document, case, page, name, schema, request.form.get("required") == "1",
                                   show_when, _text("parent", 63))
    if action == "update":
        label_vi, label_en = _text("label_vi"), _text("label_en")
        if not label_vi or not label_en:
            raise EditError(_("Enter the field's label in Vietnamese and in English"))
        help_vi, help_en = _text("help_vi"), _text("help_en")
        changes = {"x-label": {"vi": label_vi, "en": label_en},
                   "x-help": {"vi": help_vi, "en": help_en} if help_vi and help_en else None}
        changes.update(_limits())
        if request.form.get("date_relations") == "1":
            changes["x-date"] = _relation(document, case, page, name)
        return form_edit.update_field(document, case, page, name, changes, request.form.get("required") == "1")
    if action == "remove":
        return form_edit.remove_field(document, case, page, name)
    if action in ("up", "down"):
        return form_edit.move_field(document, case, page, name, -1 if action == "up" else 1)
    if action == "order":
        return form_edit.reorder_fields(document, case, page, [n for n in request.form.getlist("order") if n])
    if action == "add-page":
        return form_edit.add_page(document, case, _text("page_id", 63), _text("title_vi"), _text("title_en"))
    raise EditError(_("Unknown action"))


def _choices(rows: list[form_edit.FieldRow]) -> list[tuple[str, str]]:
    """The page's always-shown fields as the rule editor offers them."""
    lang = "en" if str(get_locale() or "vi") == "en" else "vi"
    return [(r.name, f"{(r.schema.get('x-label') or {}).get(lang, r.name)} ({r.name})") for r in rows if r.index >= 0]


def _save(user: Any, record: Any, document: dict[str, Any], part: str) -> None:
    """Save ``document`` over the draft at the revision the form was read at."""
    record.revision = request.form.get("revision", type=int) or 0
    with definition_store().unit_of_work() as uow:
        lifecycle.save_draft(uow, user, record, document, province_of, part)
        uow.commit()


@bp.route("/<code>/<int:number>/fields", methods=["GET", "POST"])
@access("official")
def fields(code: str, number: int):
    """One page's fields; a palette to add more; change, move and remove them."""
    user, record = open_version(code, number)
    case, page = _index("case"), _index("page")
    can_edit = user.can_edit(record, province_of)
    error, status = None, 200
    if request.method == "POST":
        if not can_edit:
            abort(403)
        try:
            document = _edit(record.document, case, page)
        except EditError as exc:
            error, status = str(exc), 400
        else:
            _save(user, record, document, "fields")
            flash(_("Saved"), "success")
            if request.form.get("action") == "add-page":
                page = len(document["cases"][case]["form"]["pages"]) - 1
            return redirect(url_for("studio.fields", code=code, number=number, case=case, page=page))
    try:
        current = form_edit.page_of(record.document, case, page)
    except EditError:
        abort(404)
    rows = form_edit.field_rows(current)
    problems = [p for p in problems_of(code, number, record.document)
                if p.pointer.startswith(f"/cases/{case}/form/pages/{page}/")]
    beside: dict[str, list] = {}
    for problem in problems:
        parts = problem.pointer.split("/properties/")
        beside.setdefault(parts[1].split("/")[0] if len(parts) > 1 else "", []).append(problem)
    return render_template("studio/fields.html", record=record, user=user, can_edit=can_edit, case=case,
                           page=page, current=current, rows=rows, kinds=KINDS, page_fields=_choices(rows),
                           page_answers=form_edit.answer_values(rows),
                           cases=record.document.get("cases", []), sources=autofill_sources(),
                           relation_values=date_rules.relation_values, date_siblings=date_rules.siblings,
                           error=error, beside=beside), status


def _uploaded_or_pasted(text_field: str, file_field: str) -> str | bytes:
    """The schema as pasted, or the uploaded file's bytes (read up to the limit, then refused)."""
    upload = request.files.get(file_field)
    if upload is not None and upload.filename:
        data = upload.stream.read(schema_import.MAX_SCHEMA_BYTES + 1)
        if len(data) > schema_import.MAX_SCHEMA_BYTES:
            raise EditError(_("The file is larger than 256 KiB"))
        return data
    return request.form.get(text_field, "")[:schema_import.MAX_SCHEMA_BYTES + 1]


@bp.route("/<code>/<int:number>/fields/import", methods=["GET", "POST"])
@access("official")
def import_schema(code: str, number: int):
    """Add the fields of a pasted or uploaded JSON Schema (and uiSchema) to one page."""
    user, record = open_version(code, number)
    case, page = _index("case"), _index("page")
    try:
        current = form_edit.page_of(record.document, case, page)
    except EditError:
        abort(404)
    can_edit = user.can_edit(record, province_of)
    error, status, text, ui_text = None, 200, "", ""
    if request.method == "POST":
        if not can_edit:
            abort(403)
        text, ui_text = request.form.get("schema", "")[:65536], request.form.get("ui", "")[:65536]
        try:
            schema = schema_import.parse(_uploaded_or_pasted("schema", "schema_file"), _("schema"))
            if schema is None:
                raise EditError(_("Paste a JSON Schema or choose a file"))
            ui = schema_import.parse(_uploaded_or_pasted("ui", "ui_file"), _("uiSchema"))
            document, names, renames = schema_import.import_fields(record.document, case, page, schema, ui)
        except EditError as exc:
            error, status = str(exc), 400
        else:
            _save(user, record, document, "import")
            flash(_("Added %(count)d fields: %(names)s", count=len(names), names=", ".join(names)), "success")
            if renames:
                flash(_("Renamed to field names (the schema's name in brackets): %(names)s",
                        names=", ".join(f"{new} ({old})" for old, new in renames.items())), "info")
            return redirect(url_for("studio.fields", code=code, number=number, case=case, page=page))
    return render_template("studio/import_schema.html", record=record, user=user, can_edit=can_edit, case=case,
                           page=page, current=current, error=error, text=text, ui_text=ui_text,
                           limit_kib=schema_import.MAX_SCHEMA_BYTES // 1024), status
