"""Editors for a case's dossier components and fees, and for the processing steps (with a diagram)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from runtime.definitions.compiler import compile_cases
from runtime.fees.calculator import compute_fees
from runtime.text import normalise_input
from runtime.web.access import access

from .. import lifecycle, parts_edit
from ..context import definition_store, open_version, province_of
from ..diagram import build_diagram
from ..form_edit import EditError, all_names, answer_values, case_rows, field_choices
from ..problems import problems_of
from ..rules import rows_from_form, rows_of
from . import bp


def _text(name: str, limit: int = 500) -> str:
    return normalise_input(request.form.get(name, ""))[:limit]


def _int(name: str) -> int | None:
    raw = _text(name, 20).replace(".", "").replace(",", "")
    if not raw:
        return None
    if not raw.lstrip("-").isdigit():
        raise EditError(_("Enter a whole number"))
    return int(raw)


def _case_index() -> int:
    raw = request.values.get("case", "0")
    return int(raw) if raw.isdigit() and len(raw) < 4 else -1


def _float(name: str) -> float | None:
    raw = _text(name, 12).replace(",", ".")
    if not raw:
        return None
    try:
        return float(raw)
    except ValueError as exc:
        raise EditError(_("Enter a number")) from exc


def _when() -> tuple[str, Any] | None:
    rows = rows_from_form(request.form)
    return rows[0] if rows else None


def _edit_components(document: dict[str, Any], case: int) -> dict[str, Any]:
    if request.form.get("action") == "remove":
        return parts_edit.remove_item(document, case, "components", _text("id", 63))
    if request.form.get("action") == "condition":
        when = _when()
        if when is not None and when[0] not in all_names(document, case):
            raise EditError(_("Choose a field of this case for the condition"))
        return parts_edit.component_condition(document, case, _text("id", 63), when)
    return parts_edit.add_component(
        document, case, id=_text("id", 63), name_vi=_text("name_vi"), name_en=_text("name_en"),
        originals=_int("originals") or 0, copies=_int("copies") or 0, required=request.form.get("required") == "1",
        media_types=[m for m in request.form.getlist("media_types") if m][:3], max_size_mb=_int("max_size_mb") or 10,
        signature=request.form.get("signature", "none"), signer=request.form.get("signer", ""))


def _edit_fees(document: dict[str, Any], case: int) -> dict[str, Any]:
    if request.form.get("action") == "remove":
        return parts_edit.remove_item(document, case, "fees", _text("id", 63))
    if request.form.get("action") == "exemption":
        return parts_edit.add_exemption(document, case, id=_text("id", 63), reason_vi=_text("reason_vi"),
                                        reason_en=_text("reason_en"),
                                        items=[i for i in request.form.getlist("items") if i][:50],
                                        starts=_text("starts", 10), ends=_text("ends", 10))
    if request.form.get("action") == "rules":
        return parts_edit.fee_rules(document, case, collect_at=request.form.get("collect_at", ""),
                                    discount=_float("discount"), discount_from=_text("discount_from", 10),
                                    discount_to=_text("discount_to", 10))
    return parts_edit.add_fee(
        document, case, id=_text("id", 63), name_vi=_text("name_vi"), name_en=_text("name_en"),
        kind=request.form.get("kind", ""), amount=_int("amount"), unit_price=_int("unit_price"),
        quantity_field=_text("quantity_field", 63), component=_text("component", 63),
        tiers=request.form.get("tiers", "")[:2000], cap=_int("cap"), copies_field=_text("copies_field", 63))


def _edit_processing(document: dict[str, Any]) -> dict[str, Any]:
    action = request.form.get("action", "")
    if action == "add-step":
        raw = _text("duration", 10)
        try:
            duration = float(raw) if raw else None
        except ValueError as exc:
            raise EditError(_("Enter the duration as a number")) from exc
        return parts_edit.add_step(document, id=_text("id", 63), name_vi=_text("name_vi"), name_en=_text("name_en"),
                                   role=_text("role", 63), status=_int("status") or 0, duration=duration,
                                   unit=request.form.get("unit", ""), end=request.form.get("end") == "1",
                                   resolve=request.form.get("resolve", ""), level=request.form.get("level", ""),
                                   agency_code=_text("agency_code", 40))
    if action == "add-action":
        return parts_edit.add_action(document, _text("step", 63), id=_text("id", 63), name_vi=_text("name_vi"),
                                     name_en=_text("name_en"), kind=request.form.get("kind", ""),
                                     to=_text("to", 63), slip=request.form.get("slip", ""))
    if action == "remove":
        return parts_edit.remove_step(document, _text("step", 63), _text("action_id", 63))
    if action == "start":
        return parts_edit.set_start(document, _text("step", 63))
    raise EditError(_("Unknown action"))


def _part(code: str, number: int, part: str, edit, template: str, **extra: Any):
    user, record = open_version(code, number)
    case = _case_index()
    can_edit = user.can_edit(record, province_of)
    cases = record.document.get("cases") or []
    if part != "processing" and not 0 <= case < len(cases):
        abort(404)
    error, status = None, 200
    if request.method == "POST":
        if not can_edit:
            abort(403)
        try:
            document = edit(record.document, case) if part != "processing" else edit(record.document)
        except EditError as exc:
            error, status = str(exc), 400
        else:
            record.revision = request.form.get("revision", type=int) or 0
            with definition_store().unit_of_work() as uow:
                lifecycle.save_draft(uow, user, record, document, province_of, part)
                uow.commit()
            flash(_("Saved"), "success")
            if part == "cases" and request.form.get("action") == "copy":
                case = len(document["cases"]) - 1
            elif part == "cases" and request.form.get("action") == "remove":
                case = 0
            return redirect(url_for(request.endpoint, code=code, number=number, case=case))
    prefix = {"processing": "/processing", "cases": f"/cases/{case}"}.get(part, f"/cases/{case}/{part}")
    problems = [p for p in problems_of(code, number, record.document) if p.pointer.startswith(prefix)]
    return render_template(template, record=record, user=user, can_edit=can_edit, case=case, cases=cases,
                           error=error, problems=problems, **extra), status


@bp.route("/<code>/<int:number>/components", methods=["GET", "POST"])
@access("official")
def components(code: str, number: int):
    """Dossier components: originals/copies, kinds of file, size, signature policy and signer."""
    return _part(code, number, "components", _edit_components, "studio/components.html",
                 media_types=parts_edit.MEDIA_TYPES, signers=parts_edit.SIGNERS)


def _trial_fees(document: dict[str, Any], case: int) -> Any:
    """The live calculator: what an applicant with these answers and page counts would pay."""
    if "try" not in request.args:
        return None
    try:
        compiled = compile_cases(document)[case]
    except (KeyError, IndexError, ValueError, TypeError, AttributeError):
        return None
    data: dict[str, Any] = {}
    for name in all_names(document, case):
        raw = request.args.get(f"f-{name}", "")[:40]
        if raw:
            data[name] = int(raw) if raw.isdigit() else raw
    counts = {c.id: [int(request.args[f"pages-{c.id}"])] for c in compiled.components
              if request.args.get(f"pages-{c.id}", "").isdigit() and len(request.args[f"pages-{c.id}"]) < 5}
    channel = request.args.get("channel", "online")
    return compute_fees(compiled, data, filed_on=dt.date.today(),
                        channel=channel if channel in ("online", "in-person", "postal") else "online",
                        page_counts=counts)


@bp.route("/<code>/<int:number>/fees", methods=["GET", "POST"])
@access("official")
def fees(code: str, number: int):
    """Fee items (fixed, per unit, per page with tiers and cap) and a live calculator."""
    _user, record = open_version(code, number)
    case = _case_index()
    names: list[str] = []
    trial = None
    if 0 <= case < len(record.document.get("cases") or []):
        names = sorted(all_names(record.document, case))
        case_errors = [p for p in problems_of(code, number, record.document)
                       if p.is_error and p.pointer.startswith(f"/cases/{case}/")]
        if not case_errors:  # the calculator needs this case to compile; other parts may be unfinished
            trial = _trial_fees(record.document, case)
    return _part(code, number, "fees", _edit_fees, "studio/fees.html", kinds=parts_edit.FEE_KINDS,
                 field_names=names, trial=trial)


@bp.route("/<code>/<int:number>/processing", methods=["GET", "POST"])
@access("official")
def processing(code: str, number: int):
    """Steps, roles, durations, national status codes, actions and where each leads; the diagram."""
    _user, record = open_version(code, number)
    lang = str(get_locale() or "vi")
    return _part(code, number, "processing", _edit_processing, "studio/processing.html",
                 diagram=build_diagram(record.document, "en" if lang == "en" else "vi"),
                 action_kinds=parts_edit.ACTION_KINDS, units=parts_edit.DURATION_UNITS, slips=parts_edit.SLIPS)


def _edit_cases(document: dict[str, Any], case: int) -> dict[str, Any]:
    action = request.form.get("action", "")
    if action == "copy":
        return parts_edit.copy_case(document, case, id=_text("id", 63), name_vi=_text("name_vi"),
                                    name_en=_text("name_en"))
    if action == "update":
        return parts_edit.update_case(document, case, name_vi=_text("name_vi"), name_en=_text("name_en"),
                                      amount=_float("amount"), unit=request.form.get("unit", ""))
    if action == "remove":
        return parts_edit.remove_case(document, case)
    if action == "condition":
        return parts_edit.case_condition(document, case, rows_from_form(request.form), all_names(document, case))
    raise EditError(_("Unknown action"))


@bp.route("/<code>/<int:number>/cases", methods=["GET", "POST"])
@access("official")
def cases(code: str, number: int):
    """The cases (trường hợp): names, time limits; a new case starts as a copy of another."""
    _user, record = open_version(code, number)
    case = _case_index()
    found = record.document.get("cases") or []
    fields: list[tuple[str, str]] = []
    answers: list[tuple[str, str]] = []
    rule_rows = None
    if 0 <= case < len(found):
        fields = field_choices(record.document, case)
        answers = answer_values(case_rows(record.document, case))
        rule_rows = rows_of(found[case]["when"]) if "when" in found[case] else []
    return _part(code, number, "cases", _edit_cases, "studio/cases.html", units=parts_edit.DURATION_UNITS,
                 rule_fields=fields, rule_rows=rule_rows, rule_answers=answers)
