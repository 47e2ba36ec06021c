"""The language reference, generated from the meta-schema so it cannot drift.

``docs/reference.md`` is this module's output; a test fails when it is stale
(`motcua docs` writes it again).
"""

from __future__ import annotations

import json
from typing import Any

from runtime.definitions.metaschema import procedure_schema
from runtime.identity.attributes import AUTOFILL_SOURCES

_SECTIONS = [
    ("(document)", "The procedure document"), ("case", "Case"), ("form", "eForm"), ("page", "Page"),
    ("field", "Field (eForm JSON Schema subset and x- keywords)"), ("component", "Component"),
    ("signature_policy", "Signature policy"), ("fees", "Fees"), ("fee_item", "Fee item"),
    ("quantity", "Quantity"), ("exemption", "Exemption"), ("discount", "Online discount"),
    ("result", "Result"), ("processing", "Processing"), ("step", "Step"), ("agency", "Agency"),
    ("action", "Action"), ("duration", "Duration"), ("text", "Text"), ("condition", "Condition"),
    ("condition_schema", "Condition keywords"), ("id", "Id"), ("field_name", "Field name"), ("date", "Date"),
]


def _type(schema: dict[str, Any]) -> str:
    if "$ref" in schema:
        return f"[{schema['$ref'].rsplit('/', 1)[-1]}](#{schema['$ref'].rsplit('/', 1)[-1].replace('_', '-')})"
    if "enum" in schema:
        return "one of " + ", ".join(f"`{v}`" for v in schema["enum"])
    if "const" in schema:
        return f"`{json.dumps(schema['const'])}`"
    if "oneOf" in schema:
        return " or ".join(_type(s) for s in schema["oneOf"])
    if schema.get("type") == "array" and isinstance(schema.get("items"), dict):
        return f"list of {_type(schema['items'])}"
    if "allOf" in schema:
        return " and ".join(_type(s) for s in schema["allOf"] if "$ref" in s) or "object"
    kind = schema.get("type", "any")
    return " or ".join(kind) if isinstance(kind, list) else kind


def _table(schema: dict[str, Any]) -> list[str]:
    properties = schema.get("properties", {})
    if not properties:
        return []
    required = set(schema.get("required", ()))
    rows = ["| keyword | required | value | meaning |", "|---|---|---|---|"]
    for name, sub in properties.items():
        if not isinstance(sub, dict):
            sub = {"description": "any value" if sub else "no value"}
        meaning = sub.get("description", "").replace("|", "\\|")
        if "default" in sub:
            meaning += f" Default: `{json.dumps(sub['default'], ensure_ascii=False)}`."
        rows.append(f"| `{name}` | {'yes' if name in required else ''} | {_type(sub)} | {meaning} |")
    return rows


def render_reference() -> str:
    schema = procedure_schema()
    defs = schema["$defs"]
    lines = [
        "# Procedure definition language: reference",
        "",
        "<!-- Generated from schemas/procedure.schema.json by `motcua docs`; do not edit by hand. -->",
        "",
        f"Meta-schema: `{schema['$id']}` (JSON Schema 2020-12). One document per procedure in "
        "`procedures/<code>/procedure.json`. Every object is closed: an unknown or misspelt key, "
        "including an `x-` keyword, is an error.",
    ]
    listed = {key for key, _title in _SECTIONS}
    sections = _SECTIONS + [(key, key.replace("_", " ").capitalize()) for key in defs if key not in listed]
    for key, title in sections:
        node = schema if key == "(document)" else defs[key]
        anchor = key.replace("_", "-")
        lines += ["", f"## {title}" if key == "(document)" else f"## {title} <a id=\"{anchor}\"></a>", ""]
        if node.get("description"):
            lines += [node["description"], ""]
        lines += _table(node)
        if "pattern" in node:
            lines += [f"Pattern: `{node['pattern']}`"]
    lines += ["", "## Autofill sources", "",
              "Values allowed in `x-autofill.source`:", ""]
    lines += [", ".join(f"`{s}`" for s in sorted(AUTOFILL_SOURCES)), ""]
    return "\n".join(lines)
