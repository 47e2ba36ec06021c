"""The result document's editor: its name, signature, and its layout block by block (never JSON),
with the problems of each block beside it and a PDF preview drawn by the runtime."""

from __future__ import annotations

import re
from typing import Any

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from runtime.definitions.problems import DefinitionError
from runtime.documents import SLIP_TITLES, preview_definition
from runtime.text import normalise_input
from runtime.web.access import access

from .. import result_blocks, result_edit
from ..context import open_version, province_of, save_from_form
from ..example_data import preview_answers
from ..form_edit import EditError
from ..problems import problems_of
from . import bp

_BLOCK = re.compile(r"^(?:/template)?/blocks/(\d+)(/|$)")


def _case() -> int:
    raw = request.values.get("case", "0")
    return int(raw) if raw.isdigit() and len(raw) < 4 else -1


def _slip() -> str | None:
    """The slip edited (01–05), or None for the case's result; 404 for anything else."""
    raw = request.values.get("slip", "")
    if not raw:
        return None
    if raw not in result_edit.SLIPS:
        abort(404)
    return raw


def _index() -> int:
    raw = request.form.get("index", "")
    if not raw.isdigit() or len(raw) > 3:
        raise EditError(_("This block does not exist"))
    return int(raw)


def _text(name: str, limit: int = 500) -> str:
    return normalise_input(request.form.get(name, "")[:limit])


def _edit(document: dict[str, Any], case: int, slip: str | None) -> dict[str, Any]:
    action = request.form.get("action", "")
    form = request.form
    if action == "result" and slip is None:
        return result_edit.set_result(document, case, name_vi=_text("name_vi"), name_en=_text("name_en"),
                                      signed=form.get("signed") == "1")
    if action == "start":
        return result_edit.start_template(document, case, form.get("start", ""), slip)
    if action == "reset":
        return result_edit.reset_template(document, case, slip)
    if action == "settings":
        return result_edit.update_settings(document, case, template_id=_text("template_id", 63),
                                           notes=normalise_input(form.get("notes", "")[:4001].replace("\r\n", "\n")),
                                           page_size=_text("page_size", 4), margin=_text("margin_mm", 8), slip=slip)
    if action == "add":
        raw = form.get("position", "")
        return result_edit.add_block(document, case, form.get("kind", ""),
                                     int(raw) if raw.isdigit() and len(raw) < 4 else None, slip)
    if action == "update":
        return result_edit.update_block(document, case, _index(), form, slip)
    if action == "insert":
        return result_edit.insert_field(document, case, _index(), form, form.get("target", ""),
                                        form.get("field", ""), form.get("format", "as-printed"), slip)
    if action == "remove":
        return result_edit.remove_block(document, case, _index(), slip)
    if action in ("up", "down"):
        return result_edit.move_block(document, case, _index(), -1 if action == "up" else 1, slip)
    if action == "order":
        return result_edit.reorder_blocks(document, case, form.getlist("order")[:result_blocks.MAX_BLOCKS + 1], slip)
    raise EditError(_("Unknown action"))


def _problems(found: list, document: dict[str, Any], case: int, slip: str | None) -> tuple[list, dict[int, list]]:
    """The document's problems: about the whole document, and beside each block."""
    prefix = result_edit.result_pointer(document, case) if slip is None else \
        result_edit.template_pointer(document, case, slip)
    general: list = []
    beside: dict[int, list] = {}
    for problem in found:
        if not (problem.pointer == prefix or problem.pointer.startswith(prefix + "/")):
            continue
        found = _BLOCK.match(problem.pointer[len(prefix):])
        if found:
            beside.setdefault(int(found[1]), []).append(problem)
        else:
            general.append(problem)
    return general, beside


@bp.route("/<code>/<int:number>/result", methods=["GET", "POST"])
@access("official")
def result(code: str, number: int):
    """The case's result: its name, whether it is signed, and its layout's blocks."""
    user, record = open_version(code, number)
    case, slip = _case(), _slip()
    cases = record.document.get("cases") or []
    if not 0 <= case < len(cases):
        abort(404)
    can_edit = user.can_edit(record, province_of)
    error, status, failed = None, 200, None
    if request.method == "POST":
        if not can_edit:
            abort(403)
        try:
            document = _edit(record.document, case, slip)
        except EditError as exc:
            error, status = str(exc), 400
            failed = request.form.get("index", "")
        else:
            save_from_form(user, record, document, "result")
            flash(_("Saved"), "success")
            anchor = request.form.get("index", "") if request.form.get("action") in ("update", "insert") else ""
            return redirect(url_for("studio.result", code=code, number=number, case=case, slip=slip,
                                    _anchor=f"block-{anchor}" if anchor.isdigit() else None))
    document = record.document
    try:
        template = result_edit.template_of(document, case, slip)
    except EditError:  # a procedure without processing has no slips to lay out
        abort(404)
    every = problems_of(code, number, document)
    general, beside = _problems(every, document, case, slip)
    fields = result_edit.form_fields(document, case)
    blocks = [(i, block, result_blocks.block_values(block)) for i, block in enumerate(template["blocks"])
              if isinstance(block, dict)] if template else []
    if failed and request.form.get("action") in ("update", "insert"):  # show what was typed, with the message
        blocks = [(i, block, result_blocks.values_from_form(block, request.form) if str(i) == failed else values)
                  for i, block, values in blocks]
    found = result_edit.result_of(document, case) or {}
    name = found.get("name") if isinstance(found.get("name"), dict) else {}
    page = template.get("page") if template and isinstance(template.get("page"), dict) else {}
    has_errors = any(p.is_error for p in every)
    return render_template(
        "studio/result.html", record=record, user=user, can_edit=can_edit, case=case, slip=slip, cases=cases,
        slips=result_edit.SLIPS, slip_titles=SLIP_TITLES, error=error, failed=failed, result=found,
        result_name=name, page=page, template=template, blocks=blocks, problems=general, beside=beside,
        fields=fields, formats=result_blocks.FORMATS, format_names=result_blocks.FORMAT_NAMES,
        formats_for=result_blocks.formats_for, document_values=result_blocks.DOCUMENT_VALUES,
        kinds=result_blocks.BLOCK_KINDS, aligns=result_blocks.ALIGNS, page_sizes=result_edit.PAGE_SIZES,
        has_errors=has_errors, block_names=result_blocks.BLOCK_NAMES, text_names=result_blocks.TEXT_NAMES,
        summary=result_blocks.summary, shown_number=result_blocks.shown_number), status


@bp.route("/<code>/<int:number>/result.pdf")
@access("official")
def result_pdf(code: str, number: int):
    """The result (or a slip) as the runtime draws it, filled with example and trial answers (unsigned)."""
    user, record = open_version(code, number)
    case, slip = _case(), _slip()
    cases = record.document.get("cases") or []
    if not 0 <= case < len(cases) or not isinstance(cases[case], dict):
        abort(404)
    case_id = str(cases[case].get("id", ""))
    data = preview_answers(record.document, case, code, number, case_id)
    try:
        pdf = preview_definition(record.document, data, case_id=case_id or None, kind=slip or "result")
    except DefinitionError as exc:
        return render_template("studio/result_unavailable.html", record=record, user=user,
                               problems=exc.problems, case=case, slip=slip), 409
    except (LookupError, ValueError, TypeError) as exc:  # a draft the checker let through but cannot draw
        return render_template("studio/result_unavailable.html", record=record, user=user, problems=[],
                               reason=str(exc), case=case, slip=slip), 409
    name = f"{code}-{number}-{slip or 'result'}-preview.pdf"
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="{name}"',
        "Content-Security-Policy": "sandbox; default-src 'none'; frame-ancestors 'self'",
        "X-Frame-Options": "SAMEORIGIN", "Cache-Control": "private, no-store"})
