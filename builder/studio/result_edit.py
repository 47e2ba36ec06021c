"""Pure edits of a case's result document and of its slips' layouts (``result.template``,
``processing.slips``): where a template is, starting one, its settings, and its blocks added,
changed (through :mod:`.result_blocks`), moved and removed. Every function returns a changed copy
of the document or raises :class:`~builder.studio.form_edit.EditError` with a message for the
administrator.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from typing import Any

from flask_babel import lazy_gettext as _l

from runtime.definitions.fields import iter_fields
from runtime.documents import GENERIC_RESULT, SLIP_TITLES

from .form_edit import EditError
from .palette import kind_of
from .result_blocks import (
    MAX_BLOCKS,
    MAX_ROWS,
    FormField,
    apply_values,
    insert,
    new_block,
    parse_number,
    placeholder,
    set_flag,
    set_number,
    set_text,
    typed,
)

SLIPS = ("01", "02", "03", "04", "05")
PAGE_SIZES = ("A4", "A5")


# --- where the template is -------------------------------------------------------------------

def _case(document: dict[str, Any], case: int) -> dict[str, Any]:
    cases = document.get("cases") if isinstance(document, dict) else None
    if not isinstance(cases, list) or not 0 <= case < len(cases) or not isinstance(cases[case], dict):
        raise EditError(_l("This case does not exist"))
    return cases[case]


def result_pointer(document: dict[str, Any], case: int) -> str:
    """The JSON pointer of the case's result: its own, else its processing's, else the procedure's."""
    target = _case(document, case)
    if "result" in target:
        return f"/cases/{case}/result"
    if isinstance(target.get("processing"), dict) and "result" in target["processing"]:
        return f"/cases/{case}/processing/result"
    if isinstance(document.get("processing"), dict) and "result" in document["processing"]:
        return "/processing/result"
    return f"/cases/{case}/result"


def _result(document: dict[str, Any], case: int, create: bool = False) -> dict[str, Any] | None:
    pointer = result_pointer(document, case)
    holder: Any = document
    parts = pointer.strip("/").split("/")
    for part in parts[:-1]:
        holder = holder[int(part)] if isinstance(holder, list) else holder[part]
    found = holder.get("result")
    if not isinstance(found, dict):
        if not create:
            return None
        found = holder["result"] = {"name": {"vi": "", "en": ""}}
    return found


def result_of(document: dict[str, Any], case: int) -> dict[str, Any] | None:
    """The case's result object as it stands (None when the case issues none yet)."""
    return _result(document, case)


def _processing_pointer(document: dict[str, Any], case: int) -> str:
    target = _case(document, case)
    return f"/cases/{case}/processing" if isinstance(target.get("processing"), dict) else "/processing"


def template_pointer(document: dict[str, Any], case: int, slip: str | None = None) -> str:
    """The JSON pointer of the case's result template, or of slip ``slip``'s template."""
    if slip is not None:
        return f"{_processing_pointer(document, case)}/slips/{slip}"
    return result_pointer(document, case) + "/template"


def _slips(document: dict[str, Any], case: int, create: bool) -> dict[str, Any] | None:
    target = _case(document, case)
    processing = target["processing"] if isinstance(target.get("processing"), dict) else document.get("processing")
    if not isinstance(processing, dict):
        raise EditError(_l("This procedure has no processing yet"))
    slips = processing.get("slips")
    if not isinstance(slips, dict):
        if not create:
            return None
        slips = processing["slips"] = {}
    return slips


def template_of(document: dict[str, Any], case: int, slip: str | None = None) -> dict[str, Any] | None:
    """The template laid out block by block: the case's result's, or slip ``slip``'s (None when the
    result has a plain name or none, or the slip keeps its standard layout)."""
    if slip is not None:
        _check_slip(slip)
        slips = _slips(document, case, create=False)
        template = slips.get(slip) if slips else None
    else:
        found = _result(document, case)
        template = found.get("template") if found else None
    return template if isinstance(template, dict) else None


def _check_slip(slip: str) -> None:
    if slip not in SLIPS:
        raise EditError(_l("Choose a slip from the list"))


def _template(out: dict[str, Any], case: int, slip: str | None = None) -> dict[str, Any]:
    template = template_of(out, case, slip)
    if not isinstance(template, dict) or not isinstance(template.get("blocks"), list):
        raise EditError(_l("Start the document's layout first"))
    return template


def _block(template: dict[str, Any], index: int) -> dict[str, Any]:
    blocks = template["blocks"]
    if not 0 <= index < len(blocks) or not isinstance(blocks[index], dict):
        raise EditError(_l("This block does not exist"))
    return blocks[index]


# --- the fields a template may print -----------------------------------------------------------

def form_fields(document: dict[str, Any], case: int) -> list[FormField]:
    """The case's top-level eForm fields in form order (for the "insert a field" picker)."""
    found: dict[str, FormField] = {}
    form = _case(document, case).get("form")
    if not isinstance(form, dict):
        return []
    defs = form.get("$defs") if isinstance(form.get("$defs"), dict) else {}
    for page in form.get("pages") or ():
        schema = page.get("schema") if isinstance(page, dict) else None
        if not isinstance(schema, dict):
            continue
        for info in iter_fields(schema, defs):
            if info.pointer.count("/") != 1 or info.pointer[1:] in found:
                continue
            label = info.schema.get("x-label") if isinstance(info.schema.get("x-label"), dict) else {}
            name = info.pointer[1:]
            kind = "date" if info.schema.get("format") == "date" else kind_of(info.schema)
            found[name] = FormField(name, {"vi": str(label.get("vi", name)), "en": str(label.get("en", name))}, kind)
    return list(found.values())


# --- edits of the document -----------------------------------------------------------------------

def set_result(document: dict[str, Any], case: int, *, name_vi: str, name_en: str, signed: bool) -> dict[str, Any]:
    """The result's name and whether the agency signs it."""
    if not name_vi or not name_en:
        raise EditError(_l("Enter the result's name in Vietnamese and in English"))
    out = copy.deepcopy(document)
    found = _result(out, case, create=True)
    assert found is not None
    if found.get("name") != {"vi": name_vi, "en": name_en}:
        found["name"] = {**(found.get("name") if isinstance(found.get("name"), dict) else {}),
                         "vi": name_vi, "en": name_en}
    set_flag(found, "signed", signed)
    return out


def default_template(document: dict[str, Any], case: int) -> dict[str, Any]:
    """A layout to start from: the national header, the result's name, every field of the form
    as "label: value" lines, the signer's block and a QR code to check the document."""
    fields = form_fields(document, case)
    rows = [[{"label": f.label["vi"], "value": "{{ " + f.name + " }}"}] for f in fields
            if f.kind not in ("group", "repeat")][:MAX_ROWS]
    blocks: list[dict[str, Any]] = [{"type": "national-header"},
                                    {"type": "title", "text": "{{ result.name | upper }}"}]
    if rows:
        blocks.append({"type": "fields", "rows": rows})
    blocks.append({"type": "text", "text": "Cấp cho ông/bà {{ applicant.full_name }} theo hồ sơ số "
                                           "{{ dossier.reference }}."})
    blocks.append(new_block("signature", fields))
    return {"id": "result", "notes": "", "blocks": blocks}


def default_slip(slip: str) -> dict[str, Any]:
    """A slip's layout to start from: the header, its title, the dossier and the receiver's signature."""
    blocks: list[dict[str, Any]] = [
        {"type": "national-header"},
        {"type": "title", "text": SLIP_TITLES[slip][0]},
        {"type": "text", "text": "Kính gửi: ông/bà {{ applicant.full_name }}"},
        {"type": "fields", "rows": [[{"label": "Hồ sơ số", "value": "{{ dossier.reference }}"}],
                                    [{"label": "Thủ tục", "value": "{{ procedure.name }}"}]]},
    ]
    if slip in ("02", "03", "04"):
        blocks.append({"type": "text", "text": "{{ comment }}"})
    if slip == "04":
        blocks.append({"type": "text", "text": "Hẹn trả kết quả vào {{ new_due_at | datetime }}."})
    blocks.append({"type": "signature", "title": "NGƯỜI TIẾP NHẬN HỒ SƠ", "note": "(Ký số)",
                   "qr": "{{ tracking_url }}", "qr_caption": "Tra cứu hồ sơ / Track the dossier"})
    return {"id": f"slip-{slip}", "notes": "", "blocks": blocks}


def start_template(document: dict[str, Any], case: int, start: str, slip: str | None = None) -> dict[str, Any]:
    """Give the case's result a layout (from its form's fields, or the generic layout), or give a
    slip a layout of its own in place of the standard one."""
    out = copy.deepcopy(document)
    if slip is not None:
        _check_slip(slip)
        slips = _slips(out, case, create=True)
        assert slips is not None
        if isinstance(slips.get(slip), dict):
            raise EditError(_l("This document already has a layout"))
        slips[slip] = default_slip(slip)
        return out
    found = _result(out, case, create=True)
    assert found is not None
    if isinstance(found.get("template"), dict):
        raise EditError(_l("This document already has a layout"))
    if start == "form":
        template = default_template(out, case)
    elif start == "generic":
        template = copy.deepcopy(GENERIC_RESULT)
    else:
        raise EditError(_l("Choose how to start the layout"))
    if isinstance(found.get("template"), str) and re.match(r"^[a-z0-9]+(-[a-z0-9]+)*$", found["template"]):
        template["id"] = found["template"]
    found["template"] = template
    return out


def reset_template(document: dict[str, Any], case: int, slip: str | None = None) -> dict[str, Any]:
    """Drop the layout: the result goes back to the generic layout, a slip to the standard one."""
    out = copy.deepcopy(document)
    _template(out, case, slip)
    if slip is not None:
        slips = _slips(out, case, create=False)
        assert slips is not None
        del slips[slip]
    else:
        found = _result(out, case)
        assert found is not None
        del found["template"]
    return out


def update_settings(document: dict[str, Any], case: int, *, template_id: str, notes: str, page_size: str,
                    margin: str, slip: str | None = None) -> dict[str, Any]:
    """The template's name, notes (which legal form it follows), paper and margins."""
    out = copy.deepcopy(document)
    template = _template(out, case, slip)
    if template_id and not re.match(r"^[a-z0-9]+(-[a-z0-9]+)*$", template_id):
        raise EditError(_l("An id is lowercase words joined by hyphens, e.g. birth-notice"))
    if len(notes) > 4000:
        raise EditError(_l("The notes are at most 4000 characters"))
    set_text(template, "id", template_id)
    if notes or "notes" in template:
        template["notes"] = notes
    if page_size and page_size not in PAGE_SIZES:
        raise EditError(_l("Choose A4 or A5"))
    page = template.get("page") if isinstance(template.get("page"), dict) else {}
    changed = dict(page)
    set_text(changed, "size", page_size)
    set_number(changed, "margin_mm", parse_number(margin, 8, 40))
    if changed != page:
        if changed:
            template["page"] = changed
        else:
            template.pop("page", None)
    return out


def add_block(document: dict[str, Any], case: int, kind: str, position: int | None = None,
              slip: str | None = None) -> dict[str, Any]:
    out = copy.deepcopy(document)
    blocks = _template(out, case, slip)["blocks"]
    if len(blocks) >= MAX_BLOCKS:
        raise EditError(_l("A document has at most 200 blocks"))
    block = new_block(kind, form_fields(out, case))
    blocks.insert(len(blocks) if position is None or not 0 <= position <= len(blocks) else position, block)
    return out


def update_block(document: dict[str, Any], case: int, index: int, form: Mapping[str, Any],
                 slip: str | None = None) -> dict[str, Any]:
    out = copy.deepcopy(document)
    template = _template(out, case, slip)
    template["blocks"][index] = apply_values(_block(template, index), form)
    return out


def insert_field(document: dict[str, Any], case: int, index: int, form: Mapping[str, Any], target: str,
                 name: str, fmt: str, slip: str | None = None) -> dict[str, Any]:
    """Save the block's form with ``name`` printed as ``fmt`` added at the end of its text ``target``."""
    fields = form_fields(document, case)
    addition = placeholder(name, fmt, fields)
    if not re.match(r"^(text|subtitle|title|note|signer|left|label|value|caption|cell-\d{1,3}-[0-3]-(label|value)"
                    r"|col-[0-7]-(header|value))$", target):
        raise EditError(_l("Choose where to insert the field"))
    values = {key: form.get(key) for key in form}
    values[target] = insert(typed(form, target), addition)
    return update_block(document, case, index, values, slip)


def remove_block(document: dict[str, Any], case: int, index: int, slip: str | None = None) -> dict[str, Any]:
    out = copy.deepcopy(document)
    template = _template(out, case, slip)
    _block(template, index)
    if len(template["blocks"]) == 1:
        raise EditError(_l("A document keeps at least one block"))
    del template["blocks"][index]
    return out


def move_block(document: dict[str, Any], case: int, index: int, delta: int,
               slip: str | None = None) -> dict[str, Any]:
    out = copy.deepcopy(document)
    template = _template(out, case, slip)
    blocks = template["blocks"]
    _block(template, index)
    to = index + delta
    if not 0 <= to < len(blocks):
        raise EditError(_l("This block cannot move further"))
    blocks[index], blocks[to] = blocks[to], blocks[index]
    return out


def reorder_blocks(document: dict[str, Any], case: int, order: list[str], slip: str | None = None,
                   ) -> dict[str, Any]:
    """The blocks in the order given by their current positions (a permutation)."""
    out = copy.deepcopy(document)
    template = _template(out, case, slip)
    blocks = template["blocks"]
    if sorted(order) != sorted(str(i) for i in range(len(blocks))):
        raise EditError(_l("The order lists every block once; reload the page and try again"))
    template["blocks"] = [blocks[int(i)] for i in order]
    return out
