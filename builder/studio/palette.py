"""The field palette: each kind of field an administrator can add, and its JSON Schema.

The one place that maps palette ↔ JSON Schema (the eForm compiler's dialect,
see runtime/forms/compiler.py), so new kinds are added here only:
``schema_for(kind, settings)`` builds a field's schema, ``kind_of(schema)``
recognises a field of any definition (hand-written ones too), and
``conditional_rule`` writes "show when <field> is <value>" as the
``if``/``then`` conditions the language uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from runtime.identity.attributes import AUTOFILL_SOURCES

from .rules import condition


@dataclass(frozen=True)
class Kind:
    id: str
    vi: str
    en: str
    base: dict[str, Any]


#: pattern presets (Vietnamese formats the validators already use)
PATTERNS = {
    "citizen-id": "^[0-9]{12}$",
    "phone": "^(0|\\+84)[0-9]{9}$",
    "tax-code": "^[0-9]{10}([0-9]{3})?$",
}

KINDS: tuple[Kind, ...] = (
    Kind("text", "Văn bản ngắn", "Short text", {"type": "string", "maxLength": 200}),
    Kind("long-text", "Văn bản dài", "Long text", {"type": "string", "maxLength": 2000, "x-widget": "textarea"}),
    Kind("number", "Số", "Number", {"type": "integer"}),
    Kind("money", "Số tiền (VNĐ)", "Money (VND)", {"type": "integer", "minimum": 0, "x-widget": "money"}),
    Kind("date", "Ngày", "Date", {"type": "string", "format": "date"}),
    Kind("yes-no", "Có/Không", "Yes/no", {"type": "boolean"}),
    Kind("choice", "Chọn một", "One choice", {"type": "string", "enum": []}),
    Kind("multi-choice", "Chọn nhiều", "Several choices",
         {"type": "array", "items": {"type": "string", "enum": []}, "uniqueItems": True}),
    Kind("citizen-id", "Số định danh cá nhân", "Citizen ID",
         {"type": "string", "pattern": PATTERNS["citizen-id"], "x-widget": "citizen-id"}),
    Kind("phone", "Số điện thoại", "Phone", {"type": "string", "pattern": PATTERNS["phone"], "x-widget": "phone"}),
    Kind("email", "Thư điện tử", "E-mail", {"type": "string", "format": "email", "maxLength": 254}),
    Kind("tax-code", "Mã số thuế", "Tax code",
         {"type": "string", "pattern": PATTERNS["tax-code"], "x-widget": "tax-code"}),
    Kind("address", "Địa chỉ (tỉnh, xã)", "Address (province and commune)",
         {"type": "object", "x-widget": "address", "required": ["province_code", "commune_code"],
          "properties": {
              "province_code": {"type": "string", "pattern": "^[0-9]{2}$",
                                "x-label": {"vi": "Tỉnh, thành phố", "en": "Province or city"}},
              "commune_code": {"type": "string", "pattern": "^[0-9]{5}$",
                               "x-label": {"vi": "Xã, phường, đặc khu", "en": "Commune or ward"}},
              "street": {"type": "string", "maxLength": 200,
                         "x-label": {"vi": "Số nhà, đường, thôn, ấp", "en": "House, street, hamlet"}}}}),
    Kind("repeat", "Nhóm lặp lại", "Repeatable group",
         {"type": "array", "maxItems": 20, "items": {"type": "object", "properties": {}}}),
    Kind("group", "Nhóm trường", "Group of fields", {"type": "object", "properties": {}}),
)
BY_ID = {k.id: k for k in KINDS}
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
MAX_OPTIONS = 100


def kind_of(schema: dict[str, Any]) -> str:
    """The palette kind a field's schema is (best match; hand-written schemas too)."""
    widget, kind = schema.get("x-widget"), schema.get("type")
    if widget in ("citizen-id", "phone", "tax-code", "address", "money"):
        return str(widget)
    if widget == "textarea":
        return "long-text"
    if kind == "boolean":
        return "yes-no"
    if kind == "array":
        return "multi-choice" if "enum" in (schema.get("items") or {}) else "repeat"
    if kind == "object" or "properties" in schema:
        return "group"
    if "enum" in schema:
        return "choice"
    if schema.get("format") in ("date", "email"):
        return str(schema["format"])
    if kind in ("integer", "number"):
        return "number"
    return "text"


def valid_name(name: str) -> bool:
    return bool(_NAME.match(name))


def schema_for(kind: str, label_vi: str, label_en: str, *, options: list[tuple[str, str, str]] = (),
               autofill: str = "", autofill_mode: str = "editable", help_vi: str = "",
               help_en: str = "") -> dict[str, Any]:
    """A new field's schema. ``options`` are (value, vi, en) for choices."""
    import copy

    schema = copy.deepcopy(BY_ID[kind].base)
    schema["x-label"] = {"vi": label_vi, "en": label_en}
    schema["x-noun"] = {"vi": label_vi[:1].lower() + label_vi[1:], "en": label_en[:1].lower() + label_en[1:]}
    if help_vi or help_en:
        schema["x-help"] = {"vi": help_vi or help_en, "en": help_en or help_vi}
    if kind in ("choice", "multi-choice"):
        values = [v for v, _, _ in options][:MAX_OPTIONS]
        labels = {v: {"vi": vi, "en": en} for v, vi, en in options[:MAX_OPTIONS]}
        target = schema if kind == "choice" else schema["items"]
        target["enum"] = values
        schema["x-enum-labels"] = labels
    if autofill:
        schema["x-autofill"] = {"source": autofill, "mode": "locked" if autofill_mode == "locked" else "editable"}
    return schema


def parse_options(text: str) -> list[tuple[str, str, str]]:
    """Options typed one per line as ``value | nhãn | label``."""
    found = []
    for line in text.splitlines():
        parts = [p.strip() for p in line.split("|")]
        if parts and parts[0]:
            value = parts[0]
            vi = parts[1] if len(parts) > 1 and parts[1] else value
            en = parts[2] if len(parts) > 2 and parts[2] else vi
            found.append((value, vi, en))
    return found


def conditional_rule(field: str, value: Any, name: str, schema: dict[str, Any], required: bool) -> dict[str, Any]:
    """The ``if``/``then`` rule showing ``name`` when ``field`` equals ``value``."""
    then: dict[str, Any] = {"properties": {name: schema}}
    if required:
        then["required"] = [name]
    return {"if": condition([(field, value)]), "then": then}


def autofill_sources() -> list[str]:
    return sorted(AUTOFILL_SOURCES)
