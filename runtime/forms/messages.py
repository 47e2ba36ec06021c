"""Error messages written for citizens, keyed by the kind of error, in Vietnamese and English.

Every message is an instruction built from the field's noun (x-noun): "Vui lòng
nhập {noun}" / "Enter {noun}". Vietnamese messages always start with "Vui lòng";
English ones with a verb. Nothing a library says, and nothing the citizen typed,
ever appears in a message. The validator's errors (``jsonschema_rs``) map to the
same keys as the errors found while reading the form.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext, lazy_gettext

from .fields import kind_of
from .fields.base import Problem
from .fields.number import format_money, format_number
from .relations import relation_problem, relation_words
from .spec import FieldSpec, PageSpec, Path
from .variants import infer_choosers

MESSAGES: dict[str, Any] = {
    "required": lazy_gettext("Enter %(noun)s"),
    "required.choice": lazy_gettext("Select %(noun)s"),
    "required.checkbox": lazy_gettext("Tick the box to confirm %(noun)s"),
    "required.repeat": lazy_gettext("Add %(noun)s"),
    "max_length": lazy_gettext("Enter %(noun)s in %(limit)s characters or fewer"),
    "min_length": lazy_gettext("Enter %(noun)s in at least %(limit)s characters"),
    "pattern": lazy_gettext("Enter %(noun)s in the correct format"),
    "date.format": lazy_gettext("Enter %(noun)s as day/month/year, for example 05/03/2026"),
    "date.real": lazy_gettext("Enter %(noun)s as a real date"),
    "email": lazy_gettext("Enter %(noun)s in the correct format, like name@example.com"),
    "phone": lazy_gettext("Enter %(noun)s as a Vietnamese phone number, like 0912345678"),
    "citizen_id": lazy_gettext("Enter %(noun)s as exactly 12 digits"),
    "tax_code": lazy_gettext("Enter %(noun)s as a valid tax code: 10 digits, or 10 digits, a hyphen and 3 digits"),
    "minimum": lazy_gettext("Enter %(noun)s of %(limit)s or more"),
    "maximum": lazy_gettext("Enter %(noun)s of %(limit)s or less"),
    "exclusive_minimum": lazy_gettext("Enter %(noun)s greater than %(limit)s"),
    "exclusive_maximum": lazy_gettext("Enter %(noun)s less than %(limit)s"),
    "multiple_of": lazy_gettext("Enter %(noun)s as a multiple of %(limit)s"),
    "integer": lazy_gettext("Enter %(noun)s as a whole number"),
    "number": lazy_gettext("Enter %(noun)s as a number"),
    "money": lazy_gettext("Enter %(noun)s as an amount in dong, like 1.500.000"),
    "enum": lazy_gettext("Select %(noun)s from the choices given"),
    "min_items": lazy_gettext("Add at least %(limit)s %(noun)s"),
    "max_items": lazy_gettext("Add no more than %(limit)s %(noun)s"),
    "min_items.choice": lazy_gettext("Select at least %(limit)s %(noun)s"),
    "max_items.choice": lazy_gettext("Select no more than %(limit)s %(noun)s"),
    "unique_items": lazy_gettext("Remove the repeated %(noun)s"),
    "any_of": lazy_gettext("Enter at least one of: %(choices)s"),
    "time": lazy_gettext("Enter %(noun)s as hours and minutes, for example 14:30"),
    "datetime": lazy_gettext("Enter %(noun)s as day/month/year and time, for example 05/03/2026 14:30"),
    "json": lazy_gettext("Enter %(noun)s as a JSON value, for example \"text\", 12 or [1, 2]"),
    "json.type": lazy_gettext("Enter %(noun)s as a JSON value of the expected kind"),
    "const": lazy_gettext("Do not change %(noun)s"),
    "format.uri": lazy_gettext("Enter %(noun)s as a full web address, like https://example.vn"),
    "format.uuid": lazy_gettext("Enter %(noun)s as a UUID, like 123e4567-e89b-12d3-a456-426614174000"),
    "date.not_after": lazy_gettext("Enter %(noun)s on or before %(limit)s"),
    "date.not_before": lazy_gettext("Enter %(noun)s on or after %(limit)s"),
    "date.within": lazy_gettext("Enter %(noun)s within %(limit)s of %(other)s"),
    "duplicate_key": lazy_gettext("Enter a %(noun)s that is not used already"),
    "invalid": lazy_gettext("Check %(noun)s"),
}

#: jsonschema_rs error names → generic message keys.
SCHEMA_KEYS = {
    "maxLength": "max_length", "minLength": "min_length", "pattern": "pattern",
    "minimum": "minimum", "maximum": "maximum", "exclusiveMinimum": "exclusive_minimum",
    "exclusiveMaximum": "exclusive_maximum", "multipleOf": "multiple_of", "enum": "enum",
    "const": "enum", "minItems": "min_items", "maxItems": "max_items",
    "uniqueItems": "unique_items", "type": "type", "format": "format",
}


def _limit(spec: FieldSpec | None, value: Any, lang: str) -> str:
    if spec is not None and spec.kind == "money":
        text = format_money(value)
        return text if lang == "vi" else text.replace(".", ",")
    text = format_number(value)
    return text.replace(".", ",") if lang == "vi" else text


def _key_for(spec: FieldSpec | None, generic: str) -> str:
    if spec is None:
        return generic
    if spec.is_list and generic == "required":
        return "required.repeat"
    if spec.is_group or spec.is_list:
        return generic
    key = kind_of(spec).key(generic)
    if key == "type":
        return "integer" if spec.json_type == "integer" else (
            "number" if spec.json_type == "number" else "invalid")
    if key == "format":
        fmt = spec.schema.get("format")
        return f"format.{fmt}" if f"format.{fmt}" in MESSAGES else "invalid"
    return key


def _item_context(page: PageSpec, path: Path, lang: str) -> str:
    """" (Child 2)" for a field inside the second item of a list."""
    for depth in range(len(path) - 1, 0, -1):
        if isinstance(path[depth], int):
            owner = page.find(path[:depth])
            if owner is None:
                return ""
            name = owner.item_label.get(lang) if owner.item_label else gettext("item")
            return f" ({name} {path[depth] + 1})"
    return ""


def message(page: PageSpec, path: Path, problem: Problem, lang: str) -> str:
    """The citizen's message for a problem at ``path`` of the page's data."""
    spec = page.find(path)
    named = spec
    if spec is not None and spec.name == "item" and spec.noun is None and spec.label is None:
        named = page.find(path[:-1]) or spec  # a list's values are named by the list
    key = _key_for(spec, problem.key)
    template = MESSAGES.get(key) or MESSAGES["invalid"]
    noun = named.text_noun(lang) if named is not None and named.name else gettext("this answer")
    params: dict[str, Any] = {"noun": noun, "limit": "", "choices": "", "other": ""}
    if "limit" in problem.params:
        params["limit"] = _limit(spec, problem.params["limit"], lang)
    if "relation" in problem.params:
        params.update(relation_words(page, path, problem.params["relation"], lang))
    if "choices" in problem.params:
        nouns = [(page.find((*path[:-1], n)) or spec) for n in problem.params["choices"]]
        params["choices"] = ", ".join(n.text_noun(lang) for n in nouns if n is not None)
    text = str(template) % params
    return text + _item_context(page, path, lang)


def _discriminated(page: PageSpec, path: Path) -> set[str]:
    """The fields of the object at ``path`` that select one of its alternatives."""
    spec = page.find(path)
    if spec is None:
        return set()
    return {g.field for c in spec.children for chain in c.guards for g in chain if g.kind == "choice"}


def explain(error: Any, page: PageSpec, data: Any) -> list[tuple[Path, Problem]]:
    """The (path, problem) pairs one validator error stands for."""
    kind = error.kind
    name = kind.name
    path: Path = tuple(error.instance_path)
    if name == "required":
        return [((*path, kind.property), Problem("required"))]
    if type(kind).__name__ == "Custom":
        problem = relation_problem(error)
        field = problem.params.get("relation", {}).get("field")
        return [((*path, field) if field else path, problem)]
    if name in ("oneOf", "anyOf") and getattr(kind, "context", None):
        return _alternatives(kind.context, page, path, data)
    generic = SCHEMA_KEYS.get(name, "invalid")
    params: dict[str, Any] = {}
    limit = getattr(kind, "limit", None)
    if name == "multipleOf":
        limit = kind.multiple_of
    if limit is not None:
        params["limit"] = limit
    return [(path, Problem(generic, params))]


def _value_at(data: Any, path: Path) -> Any:
    for part in path:
        if isinstance(data, dict) and isinstance(part, str):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return None
    return data


def _alternatives(context: list[list[Any]], page: PageSpec, path: Path,
                  data: Any) -> list[tuple[Path, Problem]]:
    """Explain a failed ``oneOf``/``anyOf`` by the branch the citizen chose."""
    selectors = _discriminated(page, path)
    obj = _value_at(data, path)
    obj = obj if isinstance(obj, dict) else {}
    owner = page.find(path)
    choosers = [c for c in (owner.children if owner else ()) if c.virtual
                and len(c.variants) == len(context)]
    if choosers:
        picked = infer_choosers(choosers, obj).get(choosers[0].name)
        if picked is None:
            return [((*path, choosers[0].name), Problem("required.choice"))]
        found_in: list[tuple[Path, Problem]] = []
        for sub in context[picked]:
            found_in.extend(explain(sub, page, data))
        return found_in or [(path, Problem("invalid"))]
    for selector in sorted(selectors):
        if selector not in obj:
            return [((*path, selector), Problem("required"))]
    chosen = [errors for errors in context
              if not any(e.kind.name in ("const", "enum") and tuple(e.instance_path)[-1:] and
                         tuple(e.instance_path)[-1] in selectors for e in errors)]
    if selectors and len(chosen) == 1:
        found: list[tuple[Path, Problem]] = []
        for sub in chosen[0]:
            found.extend(explain(sub, page, data))
        return found
    missing = [e.kind.property for errors in context for e in errors if e.kind.name == "required"]
    if missing:
        unique = list(dict.fromkeys(missing))
        return [((*path, unique[0]), Problem("any_of", {"choices": unique}))]
    return [(path, Problem("invalid"))]
