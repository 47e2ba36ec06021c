"""One block of a document template and the small form the studio shows for it.

:func:`block_values` is what a block's form shows; :func:`apply_values` turns the submitted form
back into the block. Keys the form does not show (cell widths and conditions, conditions other
than "field is value") are kept, and a value submitted unchanged keeps its JSON spelling (``18``
stays ``18``, an absent key stays absent), so a block saved without a change is byte-identical.
Refused input raises :class:`~builder.studio.form_edit.EditError` with a message.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l

from runtime.documents.expressions import TemplateTextError, names_used
from runtime.text import normalise_input

from .form_edit import EditError

BLOCK_KINDS = ("national-header", "title", "text", "fields", "table", "signature", "qr", "box", "spacer",
               "page-break")
ALIGNS = ("left", "center", "right")
#: the national header's parts: absent = the default text, "" = left out, else the administrator's text
HEADER_PARTS = ("agency", "number", "place_date")
#: texts of each kind of block the form shows (besides numbers and yes/no boxes)
TEXTS = {"national-header": (), "title": ("text", "subtitle"), "text": ("text",), "fields": ("items", "label", "value"),
         "table": ("items", "title"), "signature": ("title", "note", "signer", "left", "qr", "qr_caption"),
         "qr": ("value", "caption"), "box": ("title",), "spacer": (), "page-break": ()}
NUMBERS = {"title": (("size", 6, 28),), "text": (("size", 6, 28),), "fields": (("size", 6, 28),),
           "table": (("size", 6, 28),), "signature": (("size", 6, 28),), "qr": (("size_mm", 15, 60),),
           "box": (("height_mm", 1, 250),), "spacer": (("height_mm", 1, 250),)}
FLAGS = {"national-header": ("emblem",), "text": ("bold", "italic")}
REQUIRED = {"title": "text", "text": "text", "signature": "title"}
MAX_ROWS, MAX_CELLS, MAX_COLUMNS, MAX_BLOCKS = 100, 4, 8, 200
MAX_TEXT = 2000

#: how an inserted field is printed: id -> (expression pattern, the kinds of field it suits)
FORMATS: dict[str, tuple[str, tuple[str, ...]]] = {
    "as-printed": ("{name}", ()),
    "upper": ("{name} | upper", ("text", "long-text", "choice")),
    "date_long": ("raw.{name} | date_long", ("date",)),
    "date_words": ("raw.{name} | date_words", ("date",)),
    "year": ("raw.{name} | year", ("date",)),
    "money": ("raw.{name} | money", ("money", "number")),
    "money_words": ("raw.{name} | money_words", ("money", "number")),
    "number_words": ("raw.{name} | number_words", ("number", "money")),
}
FORMAT_NAMES = {
    "as-printed": _l("as printed (names of provinces and communes, dates DD/MM/YYYY, choices by label)"),
    "upper": _l("in capitals"), "date_long": _l("date written out (day, month and year)"),
    "date_words": _l("date in words"), "year": _l("year only"), "money": _l("money in figures with the currency"),
    "money_words": _l("money in words"), "number_words": _l("number in words"),
}
#: document values an administrator may insert besides the eForm's fields
DOCUMENT_VALUES = ("applicant.full_name", "applicant.personal_id", "agency.name", "agency.province", "place",
                   "number", "issued_on | date_long", "dossier.reference", "procedure.name", "result.name",
                   "fees.total | money", "tracking_url")
_NUMBER = re.compile(r"^-?\d{1,6}([.,]\d{1,3})?$")


@dataclass(frozen=True)
class FormField:
    """A top-level eForm field a template may print."""

    name: str
    label: dict[str, str]
    kind: str

def formats_for(kind: str) -> tuple[str, ...]:
    """The ways a field of ``kind`` can be printed (every field can be printed as on paper)."""
    return tuple(f for f, (_p, kinds) in FORMATS.items() if not kinds or kind in kinds)


def placeholder(name: str, fmt: str, fields: list[FormField]) -> str:
    """The text that prints field (or document value) ``name`` formatted as ``fmt``."""
    known = {f.name: f for f in fields}
    if name in DOCUMENT_VALUES:
        return "{{ " + name + " }}"
    if name not in known:
        raise EditError(_l("Choose a field of this case's form"))
    if fmt not in formats_for(known[name].kind):
        raise EditError(_l("Choose a way of printing that suits this field"))
    return "{{ " + FORMATS[fmt][0].format(name=name) + " }}"


def insert(text: str, addition: str) -> str:
    """``text`` with ``addition`` at its end (the browser inserts at the cursor instead)."""
    return f"{text} {addition}" if text and not text.endswith((" ", "\n")) else text + addition


# --- a block <-> its form ------------------------------------------------------------------------

def shown_number(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return ""
    return str(int(value)) if value == int(value) else str(value)


def block_values(block: dict[str, Any]) -> dict[str, Any]:
    """What a block's form shows: texts, numbers as typed, boxes, header modes, rows and columns."""
    kind = block.get("type", "")
    values: dict[str, Any] = {key: block.get(key, "") if isinstance(block.get(key, ""), str) else ""
                              for key in TEXTS.get(kind, ())}
    for key, _low, _high in NUMBERS.get(kind, ()):
        values[key] = shown_number(block.get(key))
    for key in FLAGS.get(kind, ()):
        values[key] = block.get(key) is True
    if kind == "text":
        values["align"] = block.get("align", "")
    if kind == "national-header":
        for part in HEADER_PARTS:
            value = block.get(part)
            values[f"{part}_mode"] = "default" if part not in block else ("none" if value == "" else "custom")
            values[part] = value if isinstance(value, str) else ""
    simple = simple_condition(block.get("when"))
    values["when_field"], values["when_value"] = simple if simple else ("", "")
    values["when_kept"] = "when" in block and simple is None
    if kind == "fields":
        values["rows"] = [[{"label": c.get("label", ""), "value": c.get("value", "")} for c in row
                           if isinstance(c, dict)] for row in block.get("rows", ()) if isinstance(row, list)]
    if kind == "table":
        values["columns"] = [{"header": c.get("header", ""), "value": c.get("value", ""),
                              "width": shown_number(c.get("width"))} for c in block.get("columns", ())
                             if isinstance(c, dict)]
    return values


def simple_condition(when: Any) -> tuple[str, str] | None:
    """(field, value as typed) of a condition "field is value", the one shape the block form edits."""
    if not isinstance(when, dict) or set(when) != {"properties", "required"}:
        return None
    properties, required = when["properties"], when["required"]
    if not isinstance(properties, dict) or len(properties) != 1 or required != list(properties):
        return None
    [(field, rule)] = properties.items()
    if not isinstance(rule, dict) or set(rule) != {"const"} or isinstance(rule["const"], dict | list | float):
        return None
    value = rule["const"]
    return field, ("true" if value is True else "false" if value is False else str(value))


def _condition(field: str, raw: str) -> dict[str, Any]:
    value: Any = raw == "true" if raw in ("true", "false") else (
        int(raw) if raw.lstrip("-").isdigit() and len(raw) < 16 else raw)
    return {"properties": {field: {"const": value}}, "required": [field]}


def _set_when(block: dict[str, Any], form: Mapping[str, Any]) -> None:
    """Draw the block only when a field has a value (an empty field: always); other shapes are kept."""
    if "when" in block and simple_condition(block["when"]) is None:
        return
    field, raw = typed(form, "when_field"), typed(form, "when_value")
    if not field:
        block.pop("when", None)
        return
    if not re.match(r"^[A-Za-z][A-Za-z0-9_]{0,62}$", field):
        raise EditError(_l("Choose a field of this case's form"))
    condition = _condition(field, raw)
    if block.get("when") != condition:
        block["when"] = condition


def values_from_form(block: dict[str, Any], form: Mapping[str, Any]) -> dict[str, Any]:
    """What a block's form showed when it was submitted (shown again, with the message, when refused)."""
    values = block_values(block)
    for key, value in list(values.items()):
        if isinstance(value, bool):
            values[key] = form.get(key) in ("1", "on", "true")
        elif isinstance(value, str):
            raw = form.get(key, "")
            values[key] = raw[:MAX_TEXT + 1] if isinstance(raw, str) else ""
    if "rows" in values:
        values["rows"] = [row for row in ([{"label": form.get(f"cell-{r}-{c}-label", ""),
                                            "value": form.get(f"cell-{r}-{c}-value", "")}
                                           for c in range(MAX_CELLS) if f"cell-{r}-{c}-label" in form]
                                          for r in range(MAX_ROWS + 1)) if row]
    if "columns" in values:
        values["columns"] = [{"header": form.get(f"col-{c}-header", ""), "value": form.get(f"col-{c}-value", ""),
                              "width": form.get(f"col-{c}-width", "")} for c in range(MAX_COLUMNS)
                             if form.get(f"col-{c}-header") or form.get(f"col-{c}-value")]
    return values


def typed(form: Mapping[str, Any], key: str) -> str:
    raw = form.get(key)
    text = normalise_input((raw if isinstance(raw, str) else "").replace("\r\n", "\n").replace("\r", "\n"))
    if len(text) > MAX_TEXT:
        raise EditError(_l("A text of a document is at most 2000 characters"))
    return text


def _check_text(text: str) -> None:
    try:
        names_used(text, expression=False)
    except TemplateTextError as exc:
        raise EditError(_l("This text cannot be read: %(reason)s", reason=str(exc))) from exc


def set_text(block: dict[str, Any], key: str, text: str, required: bool = False) -> None:
    if block.get(key) == text:
        return
    if text == "" and not required:
        block.pop(key, None)
    else:
        block[key] = text


def parse_number(raw: str, low: float, high: float) -> float | int | None:
    if raw == "":
        return None
    if not _NUMBER.match(raw):
        raise EditError(_l("Enter a number, e.g. 11.5"))
    value = float(raw.replace(",", "."))
    if not low <= value <= high:
        raise EditError(_l("Enter a number from %(low)s to %(high)s", low=low, high=high))
    return int(value) if value == int(value) else value


def set_number(block: dict[str, Any], key: str, value: float | int | None) -> None:
    if value is None:
        block.pop(key, None)
    elif not (isinstance(block.get(key), int | float) and not isinstance(block.get(key), bool)
              and block[key] == value):
        block[key] = value


def set_flag(block: dict[str, Any], key: str, checked: bool) -> None:
    if checked:
        block[key] = True
    elif key in block:
        block[key] = False


def _texts(form: Mapping[str, Any], *keys: str) -> tuple[str, ...]:
    """The texts typed in ``keys``, each checked to be readable."""
    texts = tuple(typed(form, key) for key in keys)
    for text in texts:
        _check_text(text)
    return texts


def _rows(old: list[Any], form: Mapping[str, Any]) -> list[list[dict[str, Any]]]:
    rows = []
    for r in range(MAX_ROWS + 1):
        row = []
        for c in range(MAX_CELLS):
            label, value = _texts(form, f"cell-{r}-{c}-label", f"cell-{r}-{c}-value")
            if not label and not value:
                continue
            before = old[r][c] if r < len(old) and isinstance(old[r], list) and c < len(old[r]) else {}
            cell = copy.deepcopy(before) if isinstance(before, dict) else {}
            cell["label"], cell["value"] = label, value
            row.append(cell)
        if row:
            rows.append(row)
    if len(rows) > MAX_ROWS:
        raise EditError(_l("A block has at most 100 lines"))
    return rows


def _columns(old: list[Any], form: Mapping[str, Any]) -> list[dict[str, Any]]:
    columns = []
    for c in range(MAX_COLUMNS):
        header, value = _texts(form, f"col-{c}-header", f"col-{c}-value")
        if not header and not value:
            continue
        column = copy.deepcopy(old[c]) if c < len(old) and isinstance(old[c], dict) else {}
        column["header"], column["value"] = header, value
        set_number(column, "width", parse_number(typed(form, f"col-{c}-width"), 0.1, 10))
        columns.append(column)
    return columns


def apply_values(block: dict[str, Any], form: Mapping[str, Any]) -> dict[str, Any]:
    """The block as its submitted form says (keys the form does not show are kept)."""
    kind = block.get("type")
    if kind not in BLOCK_KINDS:
        raise EditError(_l("Choose a kind of block from the list"))
    out = copy.deepcopy(block)
    for key in TEXTS[kind]:
        text = typed(form, key)
        if key == "items":
            if text and len(text) > 200:
                raise EditError(_l("The list to repeat over is at most 200 characters"))
            if text:
                try:
                    names_used(text, expression=True)
                except TemplateTextError as exc:
                    raise EditError(_l("This text cannot be read: %(reason)s", reason=str(exc))) from exc
        else:
            _check_text(text)
        set_text(out, key, text, required=REQUIRED.get(kind) == key)
    for key, low, high in NUMBERS.get(kind, ()):
        set_number(out, key, parse_number(typed(form, key), low, high))
    for key in FLAGS.get(kind, ()):
        set_flag(out, key, form.get(key) in ("1", "on", "true"))
    _set_when(out, form)
    if kind == "text":
        align = typed(form, "align")
        if align and align not in ALIGNS:
            raise EditError(_l("Choose left, centre or right"))
        set_text(out, "align", align)
    if kind == "national-header":
        for part in HEADER_PARTS:
            mode = form.get(f"{part}_mode", "default")
            if mode == "default":
                out.pop(part, None)
            elif mode == "none":
                out[part] = ""
            elif mode == "custom":
                text = typed(form, part)
                _check_text(text)
                out[part] = text
            else:
                raise EditError(_l("Choose what the header shows"))
    if kind == "fields":
        if "items" in out:
            if not out.get("items") or not out.get("label") or not out.get("value"):
                raise EditError(_l("A repeated line needs the list, its label and its value"))
        else:
            rows = _rows(out.get("rows") or [], form)
            if not rows:
                raise EditError(_l("Enter at least one line: a label and a value"))
            out["rows"] = rows
    if kind == "table":
        columns = _columns(out.get("columns") or [], form)
        if not columns or not out.get("items"):
            raise EditError(_l("A table needs the list it repeats over and at least one column"))
        out["columns"] = columns
    for key in ("text", "title"):
        if REQUIRED.get(kind) == key and not out.get(key):
            raise EditError(_l("Enter the block's text"))
    return out


def new_block(kind: str, fields: list[FormField]) -> dict[str, Any]:
    """A new block of ``kind`` with words an administrator then changes."""
    if kind not in BLOCK_KINDS:
        raise EditError(_l("Choose a kind of block from the list"))
    first = fields[0].name if fields else "applicant.full_name"
    return copy.deepcopy({
        "national-header": {"type": "national-header"},
        "title": {"type": "title", "text": "{{ result.name | upper }}"},
        "text": {"type": "text", "text": "Nội dung"},
        "fields": {"type": "fields", "rows": [[{"label": fields[0].label["vi"] if fields else "Họ và tên",
                                                "value": "{{ " + first + " }}"}]]},
        "table": {"type": "table", "items": "components",
                  "columns": [{"header": "STT", "value": "{{ index }}", "width": 0.5},
                              {"header": "Tên giấy tờ", "value": "{{ row.name }}", "width": 4}]},
        "signature": {"type": "signature", "title": "THỦ TRƯỞNG CƠ QUAN", "note": "(Ký số)",
                      "qr": "{{ tracking_url }}", "qr_caption": "Tra cứu kết quả / Look up"},
        "qr": {"type": "qr"},
        "box": {"type": "box", "title": "Ghi chú", "height_mm": 30},
        "spacer": {"type": "spacer", "height_mm": 4},
        "page-break": {"type": "page-break"},
    }[kind])


BLOCK_NAMES = {
    "national-header": _l("National header (motto, agency, number, place and date; emblem)"),
    "title": _l("Title"), "text": _l("Text paragraph"), "fields": _l("Label: value lines"),
    "table": _l("Table"), "signature": _l("Signature block"), "qr": _l("QR code"), "box": _l("Ruled box"),
    "spacer": _l("Space"), "page-break": _l("New page"),
}
TEXT_NAMES = {
    "text": _l("Text"), "subtitle": _l("Subtitle"), "title": _l("Title"), "note": _l("Note under the title"),
    "signer": _l("Signer's name"), "left": _l("Lines on the left (e.g. the recipients), one per line"),
    "qr": _l("QR code beside the signature holds"), "qr_caption": _l("Caption of the QR code"),
    "value": _l("Value"), "label": _l("Label"), "caption": _l("Caption"),
    "items": _l("List to repeat over (e.g. components, filled, fees.items)"),
    "agency": _l("Agency"), "number": _l("Number"), "place_date": _l("Place and date"),
}


def summary(block: dict[str, Any]) -> str:
    """A block's first words, for the list of blocks."""
    for key in ("text", "title", "label", "caption", "value", "items"):
        if isinstance(block.get(key), str) and block[key]:
            return block[key][:80]
    rows = block.get("rows")
    if isinstance(rows, list) and rows and isinstance(rows[0], list) and rows[0] and isinstance(rows[0][0], dict):
        return f"{rows[0][0].get('label', '')} … ({len(rows)})"
    return ""
