"""Schema import from the studio: a pasted or uploaded JSON Schema adds its fields to an eForm page.

The schema goes through the same translation as ``motcua form import``
(:func:`builder.formimport.page_schema`: draft-07 upgraded, labels from titles,
uiSchema hints). Its top-level fields join the page (with ``required``), its
``if``/``then`` rules join the page's ``allOf`` and its ``$defs`` the page's
``$defs``. Names that are not field names (``firstName``) become snake_case
(``first_name``) everywhere the object names them. Only local references
(``#...``) are accepted: nothing is ever fetched.
"""

from __future__ import annotations

import copy
import re
from typing import Any

import orjson
from flask_babel import lazy_gettext as _l

from ..formimport import page_schema
from .form_edit import EditError, all_names, page_of
from .palette import valid_name

#: The most bytes read from a pasted or uploaded schema (and from its uiSchema).
MAX_SCHEMA_BYTES = 256 * 1024
MAX_FIELDS = 200


def parse(text: str | bytes, what: str = "schema") -> dict[str, Any] | None:
    """A JSON object read from ``text`` (None when empty); EditError with the reason otherwise."""
    raw = text.encode() if isinstance(text, str) else text
    if len(raw) > MAX_SCHEMA_BYTES:
        raise EditError(_l("The %(what)s is larger than 256 KiB", what=what))
    if not raw.strip():
        return None
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise EditError(_l("The %(what)s is not valid JSON: %(reason)s", what=what, reason=str(exc))) from exc
    if not isinstance(value, dict):
        raise EditError(_l("The %(what)s must be a JSON object", what=what))
    return value


def _refs(value: Any) -> list[str]:
    if isinstance(value, dict):
        found = [value["$ref"]] if isinstance(value.get("$ref"), str) else []
        for item in value.values():
            found += _refs(item)
        return found
    if isinstance(value, list):
        return [ref for item in value for ref in _refs(item)]
    return []


def field_name(name: str) -> str:
    """A property name as an eForm field name: ``firstName`` / ``birth-date`` → ``first_name`` / ``birth_date``."""
    snake = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name).lower()
    snake = re.sub(r"[^a-z0-9_]+", "_", snake).strip("_")
    if not snake or not snake[0].isalpha():
        snake = f"field_{snake}".rstrip("_")
    return snake[:63]


def _rename(obj: Any, names: dict[str, str]) -> Any:
    """``obj`` (an object schema or a rule of it) with its field names renamed."""
    if not isinstance(obj, dict):
        return obj
    out = dict(obj)
    if isinstance(out.get("properties"), dict):
        out["properties"] = {names.get(n, n): s for n, s in out["properties"].items()}
    if isinstance(out.get("required"), list):
        out["required"] = [names.get(n, n) if isinstance(n, str) else n for n in out["required"]]
    for key in ("if", "then", "else"):
        if key in out:
            out[key] = _rename(out[key], names)
    if isinstance(out.get("allOf"), list):
        out["allOf"] = [_rename(rule, names) for rule in out["allOf"]]
    return out


def import_fields(document: dict[str, Any], case: int, page: int, schema: dict[str, Any],
                  ui: dict[str, Any] | None = None) -> tuple[dict[str, Any], list[str], dict[str, str]]:
    """A copy of ``document`` with ``schema``'s fields added to the page: (document, names added, renames)."""
    remote = sorted({ref for ref in _refs(schema) if not ref.startswith("#")})
    if remote:
        raise EditError(_l("Only references inside the schema (#/...) are allowed; remote references are never "
                           "fetched: %(refs)s", refs=", ".join(remote[:5])))
    try:
        imported, defs = page_schema(schema, ui)
    except (TypeError, ValueError, AttributeError, RecursionError) as exc:
        raise EditError(_l("This schema cannot be read: %(reason)s", reason=str(exc)[:200])) from exc
    properties = imported.get("properties")
    if not isinstance(properties, dict) or not properties:
        raise EditError(_l("The schema has no fields: give it an object with \"properties\""))
    if len(properties) > MAX_FIELDS:
        raise EditError(_l("Import at most 200 fields at a time"))
    renames = {n: field_name(n) for n in properties if not valid_name(n)}
    names = [renames.get(n, n) for n in properties]
    if len(set(names)) != len(names):
        raise EditError(_l("Two fields of the schema get the same name: rename them in the schema"))
    imported = _rename(imported, renames)
    out = copy.deepcopy(document)
    target = page_of(out, case, page).setdefault("schema", {"type": "object", "properties": {}})
    taken = sorted(set(names) & all_names(out, case))
    if taken:
        raise EditError(_l("These fields are already in this case: %(names)s", names=", ".join(taken)))
    clash = sorted(set(defs) & set(target.get("$defs") or {}))
    if clash:
        raise EditError(_l("The page already defines %(names)s in $defs", names=", ".join(clash)))
    target.setdefault("properties", {}).update(imported["properties"])
    needed = [n for n in imported.get("required") or [] if n in imported["properties"]]
    if needed:
        target["required"] = [*(target.get("required") or []), *needed]
    rules = [r for r in imported.get("allOf") or [] if isinstance(r, dict)]
    if isinstance(imported.get("if"), dict):
        rules.insert(0, {k: imported[k] for k in ("if", "then", "else") if k in imported})
    if rules:
        target["allOf"] = [*(target.get("allOf") or []), *rules]
    if defs:
        target["$defs"] = {**(target.get("$defs") or {}), **defs}
    return out, names, renames
