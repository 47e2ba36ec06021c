"""Pure edits of a case's eForm pages: add, change, move and remove fields and pages.

Each function takes a document and returns a changed copy, or raises
:class:`EditError` with a message for the administrator. Fields shown under a
condition live in the page schema's ``allOf`` as ``if``/``then`` rules (see
:func:`builder.studio.palette.conditional_rule`).
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l

from .palette import conditional_rule, kind_of, valid_name

_PAGE_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class EditError(ValueError):
    """The edit cannot be made (a message for the administrator)."""


@dataclass(frozen=True)
class FieldRow:
    name: str
    kind: str
    schema: dict[str, Any]
    required: bool
    condition: tuple[str, Any] | None  # (field, value) when shown under a rule
    index: int                          # position among the page's top-level fields, -1 for conditional
    parent: str = ""                    # the group (or repeatable group) holding a nested field


def _inner(schema: dict[str, Any]) -> dict[str, Any] | None:
    """The object whose ``properties`` a group (or each item of a repeatable group) has."""
    if schema.get("type") == "array" and isinstance(schema.get("items"), dict) and "enum" not in schema["items"]:
        return schema["items"]
    if schema.get("type") == "object" and schema.get("x-widget") != "address":
        return schema
    return None


def _nested(name: str, schema: dict[str, Any]) -> list[FieldRow]:
    inner = _inner(schema)
    if inner is None:
        return []
    needed = set(inner.get("required") or ())
    return [FieldRow(f"{name}.{n}", kind_of(s), s, n in needed, None, -1, name)
            for n, s in (inner.get("properties") or {}).items() if isinstance(s, dict)]


def page_of(document: dict[str, Any], case: int, page: int) -> dict[str, Any]:
    if case < 0 or page < 0:
        raise EditError(_l("This page does not exist"))
    try:
        return document["cases"][case]["form"]["pages"][page]
    except (KeyError, IndexError, TypeError) as exc:
        raise EditError(_l("This page does not exist")) from exc


def _rules(schema: dict[str, Any]) -> list[dict[str, Any]]:
    rules = [r for r in schema.get("allOf") or [] if isinstance(r, dict) and "if" in r]
    if isinstance(schema.get("if"), dict):
        rules.insert(0, schema)
    return rules


def _condition(rule: dict[str, Any]) -> tuple[str, Any] | None:
    props = (rule.get("if") or {}).get("properties") or {}
    if len(props) == 1:
        [(name, test)] = props.items()
        if isinstance(test, dict) and "const" in test:
            return name, test["const"]
    return None


def field_rows(page: dict[str, Any]) -> list[FieldRow]:
    schema = page.get("schema") or {}
    required = set(schema.get("required") or ())
    rows: list[FieldRow] = []
    for i, (n, s) in enumerate((schema.get("properties") or {}).items()):
        if isinstance(s, dict):
            rows.append(FieldRow(n, kind_of(s), s, n in required, None, i))
            rows.extend(_nested(n, s))
    for rule in _rules(schema):
        then = rule.get("then") or {}
        needed = set(then.get("required") or ())
        for name, sub in (then.get("properties") or {}).items():
            if isinstance(sub, dict):
                rows.append(FieldRow(name, kind_of(sub), sub, name in needed, _condition(rule), -1))
    return rows


def all_names(document: dict[str, Any], case: int) -> set[str]:
    names: set[str] = set()
    for page in document["cases"][case]["form"]["pages"]:
        names.update(r.name for r in field_rows(page) if not r.parent)
    return names


def field_choices(document: dict[str, Any], case: int) -> list[tuple[str, str]]:
    """(name, label) of a case's fields as a rule editor offers them, in page order; labels in the page's language."""
    from flask_babel import get_locale

    lang = "en" if str(get_locale() or "vi") == "en" else "vi"
    found: dict[str, str] = {}
    for page in document["cases"][case]["form"]["pages"]:
        for row in field_rows(page):
            if not row.parent and row.name not in found:
                found[row.name] = str((row.schema.get("x-label") or {}).get(lang) or row.name)
    return list(found.items())


def answer_values(rows: list[FieldRow]) -> list[tuple[str, str]]:
    """(value as typed, "field: label") of the choices and yes/no answers a rule may test, for the value box's list."""
    from flask_babel import get_locale

    from .rules import show_value

    lang = "en" if str(get_locale() or "vi") == "en" else "vi"
    found: dict[str, str] = {}
    for row in rows:
        if row.parent or row.kind not in ("choice", "yes-no"):
            continue
        field = str((row.schema.get("x-label") or {}).get(lang) or row.name)
        labels = row.schema.get("x-enum-labels") or {}
        values = [True, False] if row.kind == "yes-no" else list(row.schema.get("enum") or [])
        for value in values:
            text = show_value(value)
            if isinstance(value, bool):
                words = str(_l("Yes") if value else _l("No"))
            else:
                words = str((labels.get(text) or {}).get(lang) or text)
            found.setdefault(text, f"{field}: {words}")
    return list(found.items())[:500]


def case_rows(document: dict[str, Any], case: int) -> list[FieldRow]:
    """Every field row of every page of a case."""
    return [row for page in document["cases"][case]["form"]["pages"] for row in field_rows(page)]


def add_field(document: dict[str, Any], case: int, page: int, name: str, schema: dict[str, Any],
              required: bool, show_when: tuple[str, Any] | None = None, parent: str = "") -> dict[str, Any]:
    out = copy.deepcopy(document)
    target = page_of(out, case, page).setdefault("schema", {"type": "object", "properties": {}})
    if not valid_name(name):
        raise EditError(_l("A field's name is lowercase letters, digits and _ and starts with a letter"))
    if parent:
        holder = _inner((target.get("properties") or {}).get(parent) or {})
        if holder is None or show_when is not None:
            raise EditError(_l("Choose a group of this page to put the field in (without a condition)"))
        if name in (holder.get("properties") or {}):
            raise EditError(_l("Another field of this group already has this name"))
        holder.setdefault("properties", {})[name] = schema
        if required:
            holder.setdefault("required", []).append(name)
        return out
    if name in all_names(out, case):
        raise EditError(_l("Another field of this case already has this name"))
    if show_when is not None:
        if show_when[0] not in {r.name for r in field_rows(page_of(out, case, page))}:
            raise EditError(_l("Choose a field of this page for the condition"))
        target.setdefault("allOf", []).append(conditional_rule(show_when[0], show_when[1], name, schema, required))
        return out
    target.setdefault("properties", {})[name] = schema
    if required:
        target.setdefault("required", []).append(name)
    return out


def _locate(schema: dict[str, Any], name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """(object holding ``properties`` with ``name``, and the object holding its ``required``).

    ``group.field`` names a field nested in a group of the page.
    """
    if "." in name:
        parent, _, child = name.partition(".")
        holder = _inner((schema.get("properties") or {}).get(parent) or {})
        if holder is None or child not in (holder.get("properties") or {}):
            raise EditError(_l("This field does not exist"))
        return holder, holder
    if name in (schema.get("properties") or {}):
        return schema, schema
    for rule in _rules(schema):
        then = rule.get("then") or {}
        if name in (then.get("properties") or {}):
            return then, then
    raise EditError(_l("This field does not exist"))


def update_field(document: dict[str, Any], case: int, page: int, name: str, changes: dict[str, Any],
                 required: bool) -> dict[str, Any]:
    """Set label/noun/help texts (``changes`` maps x-label etc. to texts, None removes) and required."""
    out = copy.deepcopy(document)
    holder, req_holder = _locate(page_of(out, case, page)["schema"], name)
    name = name.rpartition(".")[2]
    field = holder["properties"][name]
    for key, value in changes.items():
        if value is None:
            field.pop(key, None)
        else:
            field[key] = value
    listed = list(req_holder.get("required") or [])
    if required and name not in listed:
        req_holder["required"] = [*listed, name]
    elif not required and name in listed:
        listed.remove(name)
        if listed or "required" in req_holder:
            req_holder["required"] = listed
    return out


def remove_field(document: dict[str, Any], case: int, page: int, name: str) -> dict[str, Any]:
    out = copy.deepcopy(document)
    schema = page_of(out, case, page)["schema"]
    holder, req_holder = _locate(schema, name)
    nested = "." in name
    name = name.rpartition(".")[2]
    del holder["properties"][name]
    if name in (req_holder.get("required") or []):
        req_holder["required"] = [n for n in req_holder["required"] if n != name]
    if not nested and holder is not schema and not holder["properties"]:  # drop the empty rule
        schema["allOf"] = [r for r in schema.get("allOf") or [] if r.get("then") is not holder]
        if not schema["allOf"]:
            del schema["allOf"]
    return out


def reorder_fields(document: dict[str, Any], case: int, page: int, order: list[str]) -> dict[str, Any]:
    """Put the page's top-level fields in ``order`` (every one of them, each once)."""
    out = copy.deepcopy(document)
    schema = page_of(out, case, page)["schema"]
    props = schema.get("properties") or {}
    if sorted(order) != sorted(props):
        raise EditError(_l("The new order must list every field of the page once"))
    schema["properties"] = {n: props[n] for n in order}
    return out


def move_field(document: dict[str, Any], case: int, page: int, name: str, step: int) -> dict[str, Any]:
    order = list(page_of(document, case, page)["schema"].get("properties") or {})
    if name not in order:
        raise EditError(_l("Only fields always shown can be moved; conditional ones follow their rule"))
    at = order.index(name)
    to = max(0, min(len(order) - 1, at + step))
    order.insert(to, order.pop(at))
    return reorder_fields(document, case, page, order)


def add_page(document: dict[str, Any], case: int, page_id: str, title_vi: str, title_en: str) -> dict[str, Any]:
    out = copy.deepcopy(document)
    try:
        if case < 0:
            raise IndexError(case)
        pages = out["cases"][case]["form"]["pages"]
    except (KeyError, IndexError, TypeError) as exc:
        raise EditError(_l("This case does not exist")) from exc
    if not _PAGE_ID.match(page_id) or any(p.get("id") == page_id for p in pages):
        raise EditError(_l("A page's id is lowercase words joined by hyphens, different from the other pages"))
    if not title_vi or not title_en:
        raise EditError(_l("Enter the page's title in Vietnamese and in English"))
    pages.append({"id": page_id, "title": {"vi": title_vi, "en": title_en},
                  "schema": {"type": "object", "properties": {}}})
    return out
