"""Wrap a bare JSON Schema (and, optionally, a react-jsonschema-form uiSchema) as a
one-page procedure draft, so an administrator can start from a schema they have.

Labels come from ``title`` (else the property name, humanised) in both languages,
for the administrator to translate; choices get labels from ``enumNames`` or the
values. The uiSchema is read, not kept: ``ui:order`` becomes ``x-order``,
``ui:widget`` an ``x-widget`` where one fits, ``ui:help`` and ``ui:title``
``x-help``/``x-label``, ``ui:placeholder`` ``x-placeholder``. Draft-07 documents
are translated on import (``definitions``, ``dependencies``, ``items`` arrays).
"""

from __future__ import annotations

import copy
import json
import re
from typing import Any

from runtime.forms.schema import upgrade

#: react-jsonschema-form widgets → x-widget (the others keep the default input).
UI_WIDGETS = {"textarea": "textarea", "radio": "radio", "select": "select",
              "checkboxes": "checkboxes", "checkbox": "checkbox", "email": "email",
              "updown": "number", "range": "number", "date": "date", "alt-date": "date"}
_WIDGET_TYPES = {"textarea": "string", "email": "string", "date": "string", "number": "number",
                 "checkbox": "boolean", "checkboxes": "array"}


def humanise(name: str) -> str:
    """``firstName`` / ``birth-date`` / ``home_phone`` → "First name", "Birth date", "Home phone"."""
    words = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", name)
    words = re.sub(r"[_\-.]+", " ", words).strip()
    return (words[:1].upper() + words[1:].lower()) if words else name


def _both(text: str) -> dict[str, str]:
    return {"vi": text, "en": text}


def _types(schema: dict[str, Any]) -> set[str]:
    kind = schema.get("type")
    return set(kind) if isinstance(kind, list) else ({kind} if isinstance(kind, str) else set())


def _label_enum(schema: dict[str, Any]) -> None:
    values = schema.get("enum")
    if not isinstance(values, list) or "x-enum-labels" in schema:
        return
    names = schema.pop("enumNames", None)
    labels = {}
    for i, value in enumerate(values):
        if isinstance(names, list) and i < len(names):
            text = str(names[i])
        else:
            text = humanise(value) if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        labels[str(value)] = _both(text)
    if labels:
        schema["x-enum-labels"] = labels


def _apply_ui(schema: dict[str, Any], ui: dict[str, Any]) -> None:
    widget = UI_WIDGETS.get(str(ui.get("ui:widget", "")))
    wanted = _WIDGET_TYPES.get(widget or "")
    fits = wanted is None or wanted in _types(schema) or not _types(schema)
    has_choices = "enum" in schema or "enum" in (schema.get("items") or {}) or \
        "boolean" in _types(schema)
    if widget and fits and (widget not in ("radio", "select", "checkboxes") or has_choices):
        schema["x-widget"] = widget
    for key, target in (("ui:help", "x-help"), ("ui:placeholder", "x-placeholder"),
                        ("ui:title", "x-label"), ("ui:description", "x-help")):
        if isinstance(ui.get(key), str) and ui[key].strip():
            schema[target] = _both(ui[key])
    order = ui.get("ui:order")
    if isinstance(order, list) and isinstance(schema.get("properties"), dict):
        names = list(schema["properties"])
        head = [n for n in order if n in names]
        rest = [n for n in names if n not in head]
        tail_at = order.index("*") if "*" in order else len(order)
        after = [n for n in order[tail_at + 1:] if n in names]
        head = [n for n in head if n not in after]
        schema["x-order"] = [*head, *[n for n in rest if n not in after], *after]


def label(schema: Any, name: str, ui: Any, top: bool = False) -> Any:
    """``schema`` with x- labels (and the uiSchema's hints) everywhere a field is shown."""
    if not isinstance(schema, dict):
        return schema
    ui = ui if isinstance(ui, dict) else {}
    out = dict(schema)
    if "$ref" not in out or len(out) > 1:
        if not top and "x-label" not in out:
            out["x-label"] = _both(str(out.get("title") or humanise(name)))
        if "x-help" not in out and isinstance(out.get("description"), str):
            out["x-help"] = _both(out["description"])
        _label_enum(out)
        if isinstance(out.get("items"), dict):
            items = dict(out["items"])
            _label_enum(items)
            if "x-enum-labels" in items:  # checkboxes: the labels stand beside the list
                out["x-enum-labels"] = items.pop("x-enum-labels")
            out["items"] = label(items, "item", ui.get("items"), top=True) \
                if "properties" in items else items
        _apply_ui(out, ui)
    for key in ("properties",):
        if isinstance(out.get(key), dict):
            out[key] = {n: label(s, n, ui.get(n)) for n, s in out[key].items()}
    for key in ("allOf", "anyOf", "oneOf"):
        if isinstance(out.get(key), list):
            out[key] = [label(s, name, ui, top=True) for s in out[key]]
    for key in ("then", "else"):
        if isinstance(out.get(key), dict):
            out[key] = label(out[key], name, ui, top=True)
    if isinstance(out.get("dependentSchemas"), dict):
        out["dependentSchemas"] = {n: label(s, n, ui, top=True)
                                   for n, s in out["dependentSchemas"].items()}
    if isinstance(out.get("$defs"), dict):
        out["$defs"] = {n: label(s, n, {}, top=False) for n, s in out["$defs"].items()}
    return out


def page_schema(schema: dict[str, Any], ui: dict[str, Any] | None = None) -> tuple[dict[str, Any], dict[str, Any]]:
    """``schema`` as an eForm page's schema (2020-12, labelled), and its ``$defs`` apart."""
    page = upgrade(copy.deepcopy(schema))
    for key in ("$id", "$schema"):
        page.pop(key, None)
    defs = page.pop("$defs", {})
    page = label(page, "", ui or {}, top=True)
    defs = {n: label(s, n, {}, top=False) for n, s in defs.items()}
    page.setdefault("type", "object")
    page.setdefault("properties", {})
    return page, defs


def wrap(schema: dict[str, Any], ui: dict[str, Any] | None = None,
         code: str = "9.999999") -> dict[str, Any]:
    """A one-page procedure draft around ``schema`` (a bare object schema)."""
    page, defs = page_schema(schema, ui)
    title = str(schema.get("title") or "Imported form")
    form: dict[str, Any] = {"pages": [{"id": "form", "title": _both(title), "schema": page}]}
    if defs:
        page["$defs"] = defs
    return {
        "code": code, "version": "draft-1", "name": _both(title),
        "sector": {"code": "imported", "name": _both("Imported")}, "level": ["commune"],
        "agency_kind": {"id": "commune-peoples-committee",
                        "name": {"vi": "Ủy ban nhân dân cấp xã", "en": "Commune People's Committee"}},
        "applicant_types": ["citizen"], "channels": ["online"], "online_level": "full",
        "effective_from": "2025-07-01", "effective_to": None,
        "cases": [{"id": "default", "name": _both("General case"), "form": form,
                   "components": [], "fees": {"items": []},
                   "time_limit": {"amount": 1, "unit": "working-days"}}],
        "processing": {"start": "receive", "steps": [
            {"id": "receive", "name": {"vi": "Tiếp nhận", "en": "Receive"}, "role": "receiver",
             "status": 1, "duration": {"amount": 1, "unit": "working-days"},
             "actions": [{"id": "finish", "name": {"vi": "Hoàn thành", "en": "Finish"},
                                       "kind": "approve", "to": "done"}]},
            {"id": "done", "name": {"vi": "Hoàn thành", "en": "Done"}, "role": "receiver",
             "status": 10, "end": True}]},
    }
