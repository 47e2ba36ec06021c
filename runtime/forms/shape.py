"""What a (resolved) field schema is shown as, and which field selects an alternative.

Pure functions over JSON Schema, shared by the compiler (:mod:`.compiler`) and the
renderability check (:mod:`.renderable`).
"""

from __future__ import annotations

from typing import Any

from .schema import Refs, main_type, types_of

#: Formats typed in an input of their own (the others are text, checked by the validator).
FORMAT_WIDGETS = {"date": "date", "email": "email", "time": "time", "date-time": "datetime",
                  "citizen-id": "citizen-id", "phone": "phone", "tax-code": "tax-code"}


def refs_of(defs: dict[str, Any] | Refs, schema: dict[str, Any] | None = None) -> Refs:
    """The references of a page: a :class:`Refs`, or built from the form's ``$defs``."""
    return defs if isinstance(defs, Refs) else Refs.of(schema or {}, defs)


def resolve(schema: Any, defs: dict[str, Any] | Refs) -> dict[str, Any]:
    """``schema`` with a local ``$ref`` replaced by its target (sibling keywords win)."""
    return refs_of(defs).resolve(schema)


def widget_of(schema: dict[str, Any]) -> str:
    """The kind of field a (resolved) schema is shown as."""
    widget = schema.get("x-widget")
    kind = main_type(schema)
    several = len([k for k in types_of(schema) if k != "null"]) > 1 and kind is None
    if kind == "object" or (kind is None and not several and "properties" in schema):
        return "address" if widget == "address" else "fieldset"
    if kind == "array":
        items = schema.get("items")
        items = items if isinstance(items, dict) else {}
        if widget == "checkboxes" or "enum" in items:
            return "checkboxes"
        if "prefixItems" in schema or "contains" in schema or not isinstance(schema.get("items"), dict):
            return "json"
        return "repeat"
    if widget:
        return str(widget)
    if "const" in schema and "enum" not in schema:
        return "const"
    if kind == "boolean":
        return "radio"
    if "enum" in schema:
        return "radio" if len(schema["enum"]) <= 6 else "select"
    if several or (kind is None and not _looks_like_text(schema)):
        return "json"
    fmt = schema.get("format")
    if fmt in FORMAT_WIDGETS:
        return FORMAT_WIDGETS[str(fmt)]
    if kind in ("integer", "number"):
        return "number"
    return "text"


def _looks_like_text(schema: dict[str, Any]) -> bool:
    """An untyped field that only constrains strings is typed as text."""
    return bool({"pattern", "minLength", "maxLength", "format"} & set(schema))


def discriminator(branch: Any, defs: dict[str, Any] | Refs) -> tuple[str, tuple[Any, ...]] | None:
    """The field and values that select a ``oneOf``/``anyOf`` branch, if it has one."""
    refs = refs_of(defs)
    branch = refs.resolve(branch)
    for name, sub in (branch.get("properties") or {}).items():
        sub = refs.resolve(sub)
        if "const" in sub:
            return name, (sub["const"],)
        if "enum" in sub:
            return name, tuple(sub["enum"])
    return None
