"""The rule editor's one mapping: "when *field* is *value*" rows ↔ the language's JSON Schema conditions.

A condition the studio writes is ``{"properties": {field: {"const": value}, ...}, "required": [field, ...]}``
(every row must hold; ``required`` so that an empty answer does not pass). The same rows
show a field only when they hold (``if``/``then`` in the page schema), make a component
required on a condition, and say which answers select a case. A hand-written condition
the rows cannot express is kept as it is and shown read-only (edit it in the JSON view).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from runtime.text import normalise_input

MAX_ROWS = 10
MAX_VALUE = 200


def parse_value(raw: str) -> Any:
    """A value as typed: true/false and whole numbers become JSON values, the rest stays text."""
    if raw in ("true", "false"):
        return raw == "true"
    if raw.lstrip("-").isdigit() and len(raw) < 16:
        return int(raw)
    return raw


def show_value(value: Any) -> str:
    """A condition's value as the administrator types it (the inverse of :func:`parse_value`)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def rows_from_form(form: Any, prefix: str = "when") -> list[tuple[str, Any]]:
    """The (field, value) rows submitted as ``<prefix>_field`` / ``<prefix>_value`` lists (empty rows dropped)."""
    fields = form.getlist(f"{prefix}_field") if hasattr(form, "getlist") else [form.get(f"{prefix}_field", "")]
    values = form.getlist(f"{prefix}_value") if hasattr(form, "getlist") else [form.get(f"{prefix}_value", "")]
    rows = []
    for i, raw_field in enumerate(fields[:MAX_ROWS]):
        field = normalise_input(raw_field)[:63]
        if field:
            raw = normalise_input(values[i] if i < len(values) else "")[:MAX_VALUE]
            rows.append((field, parse_value(raw)))
    return rows


def condition(rows: list[tuple[str, Any]]) -> dict[str, Any]:
    """The JSON Schema condition that holds when every row holds."""
    properties: dict[str, Any] = {}
    for field, value in rows:
        properties[field] = {"const": value}
    return {"properties": properties, "required": list(properties)}


def rows_of(schema: Any) -> list[tuple[str, Any]] | None:
    """The rows a condition is made of, or None when the rows cannot express it (hand-written)."""
    if not isinstance(schema, Mapping) or set(schema) - {"properties", "required"}:
        return None
    properties = schema.get("properties")
    if not isinstance(properties, Mapping) or not properties:
        return None
    rows = []
    for field, test in properties.items():
        if not isinstance(test, Mapping) or set(test) != {"const"}:
            return None
        value = test["const"]
        if not isinstance(value, str | int):  # bool is an int
            return None
        typed = parse_value(show_value(value))
        if typed != value or type(typed) is not type(value):  # e.g. the text "12" would come back a number
            return None
        rows.append((field, value))
    if schema.get("required") != list(properties):
        return None
    return rows
