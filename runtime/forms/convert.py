"""Between the posted form and JSON: read typed values, hide what a condition hides, and back.

Reading a bound form gives the page's JSON data (typed: integers, numbers,
booleans, arrays, nested objects, ISO dates), with the fields that a condition
hides left out, the conversion problems of the fields shown, and every shown
field by its data path (to hang error messages on). Empty is absent: an empty
input, an empty group and an empty list are not stored, unless the stored data
held an empty value (``""``, ``false``, ``{}``, ``[]``, ``null``) there: a hidden
marker beside the input keeps it, so data → form → post → data is the identity.
A virtual chooser (which alternative applies) is never stored: it is inferred
from the data when the form is filled again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from werkzeug.datastructures import MultiDict

from .fields import kind_of
from .fields.base import Problem
from .fields.repeat import ITEM_MARKER
from .spec import EMPTY_MARKER, MISSING, FieldSpec, Path, empty_token, empty_value
from .variants import infer_choosers


@dataclass
class Reading:
    """What a bound form holds, as the validator will see it."""

    data: dict[str, Any]
    problems: dict[Path, Problem] = field(default_factory=dict)
    fields: dict[Path, Any] = field(default_factory=dict)


def visible_names(specs: Iterable[FieldSpec], values: dict[str, Any]) -> set[str]:
    """The fields of one object shown for its values (conditions re-tested until stable)."""
    specs = tuple(specs)
    values = infer_choosers(specs, values)
    shown = {s.name for s in specs if not s.guards}
    for _round in range(len(specs) + 1):
        restricted = {k: v for k, v in values.items() if k in shown}
        again = {s.name for s in specs if s.shown_with(restricted)}
        if again == shown:
            break
        shown = again
    return shown


def strip_hidden(specs: Iterable[FieldSpec], data: dict[str, Any]) -> dict[str, Any]:
    """``data`` without the fields (at any depth) that its conditions hide."""
    specs = tuple(specs)
    shown = visible_names(specs, data)
    out: dict[str, Any] = {}
    if any(s.extras.get("spread") for s in specs):  # other properties, kept as they are
        named = {s.name for s in specs}
        out.update({k: v for k, v in data.items() if k not in named})
    for spec in specs:
        if spec.name not in shown or spec.name not in data or spec.virtual:
            continue
        value = data[spec.name]
        if spec.is_group and isinstance(value, dict):
            value = strip_hidden(spec.children, value)
        elif spec.is_list and spec.item is not None and spec.item.is_group and isinstance(value, list):
            value = [strip_hidden(spec.item.children, v) if isinstance(v, dict) else v for v in value]
        out[spec.name] = value
    return out


def read(specs: tuple[FieldSpec, ...], form: Any) -> Reading:
    """Read a bound page form (marks each bound field ``shown`` or not)."""
    data, problems, fields = _read_object(specs, form, ())
    return Reading(data, problems, fields)


def _read_object(specs: tuple[FieldSpec, ...], form: Any, path: Path) -> tuple[dict, dict, dict]:
    parts = {s.name: _read_field(s, form[s.html], (*path, s.name)) for s in specs}
    values = {n: p[0] for n, p in parts.items() if p[0] is not MISSING}
    shown = visible_names(specs, values)
    data: dict[str, Any] = {}
    problems: dict[Path, Problem] = {}
    fields: dict[Path, Any] = {}
    for spec in specs:
        bound = form[spec.html]
        bound.shown = spec.name in shown
        if not bound.shown:
            continue
        value, sub_problems, sub_fields = parts[spec.name]
        if spec.extras.get("spread"):
            named = {s.name for s in specs}
            sub_problems = {**sub_problems, **_spread(value, data, named, (*path, spec.name))}
        elif value is not MISSING and not spec.virtual:
            data[spec.name] = value
        problems.update(sub_problems)
        fields.update(sub_fields)
    return data, problems, fields


def _spread(entries: Any, data: dict[str, Any], named: set[str], path: Path) -> dict[Path, Problem]:
    """Put a key/value editor's entries into the object; problems of keys left out or repeated."""
    problems: dict[Path, Problem] = {}
    for i, entry in enumerate(entries if isinstance(entries, list) else ()):
        key = entry.get("key") if isinstance(entry, dict) else None
        if not isinstance(key, str) or not key:
            if isinstance(entry, dict) and entry:
                problems[(*path, i, "key")] = Problem("required")
            continue
        if key in data or key in named:
            problems[(*path, i, "key")] = Problem("duplicate_key")
            continue
        data[key] = entry.get("value", "")
    return problems


def _anchor(bound: Any, fields: dict[Path, Any], fallback: str) -> str:
    for sub in fields.values():
        if getattr(sub, "shown", True) and getattr(sub, "anchor", None):
            return sub.anchor
    return fallback


def _read_field(spec: FieldSpec, bound: Any, path: Path) -> tuple[Any, dict, dict]:
    if spec.is_group:
        data, problems, fields = _read_object(spec.children, bound.form, path)
        bound.anchor = _anchor(bound, fields, bound.id)
        return (data if data else _kept(bound, spec)), problems, {path: bound, **fields}
    if spec.is_list and spec.item is not None:
        return _read_list(spec, bound, path)
    value, problem = kind_of(spec).convert(spec, bound.raw)
    if value is MISSING and problem is None:
        value = _kept(bound, spec)
    bound.anchor = bound.id
    return value, ({path: problem} if problem else {}), {path: bound}


def _kept(bound: Any, spec: FieldSpec) -> Any:
    """The empty value the form held (by its marker), or MISSING; a cleared nullable
    required field is ``null``."""
    value = empty_value(getattr(bound, "empty", ""))
    if value is MISSING and spec.nullable and not spec.optional:
        return None
    return value


def _read_list(spec: FieldSpec, bound: Any, path: Path) -> tuple[Any, dict, dict]:
    item = spec.item
    assert item is not None
    items: list[Any] = []
    problems: dict[Path, Problem] = {}
    fields: dict[Path, Any] = {}
    for i, entry in enumerate(bound.entries):
        here = (*path, i)
        if item.is_group:
            data, sub_problems, sub_fields = _read_object(item.children, entry.form, here)
            entry.spec, entry.shown, entry.error = item, True, None
            entry.anchor = _anchor(entry, sub_fields, entry.id)
            items.append(data)
            problems.update(sub_problems)
            fields.update({here: entry, **sub_fields})
            continue
        value, problem = kind_of(item).convert(item, entry.raw)
        if value is MISSING and problem is None:
            value = _kept(entry, item)
        entry.anchor = entry.id
        if value is MISSING:
            problem, value = problem or Problem("required"), None
        if problem:
            problems[here] = problem
        items.append(value)
        fields[here] = entry
    bound.anchor = next((f.anchor for f in fields.values()), bound.add_id)
    return (items if items else _kept(bound, spec)), problems, {path: bound, **fields}


def serialize(specs: tuple[FieldSpec, ...], form: Any, add: str = "",
              remove: tuple[str, int] | None = None) -> MultiDict:
    """The bound form's raw values as form data with items numbered 0, 1, …

    ``add`` appends an empty item to the list of that name; ``remove`` drops one item.
    """
    out: MultiDict = MultiDict()
    _serialize_object(specs, form, "", out, add, remove)
    return out


def _serialize_object(specs: tuple[FieldSpec, ...], form: Any, prefix: str, out: MultiDict,
                      add: str, remove: tuple[str, int] | None) -> None:
    for spec in specs:
        bound = form[spec.html]
        name = f"{prefix}{spec.html}"
        if getattr(bound, "empty", ""):
            out.add(f"{name}-{EMPTY_MARKER}", bound.empty)
        if spec.is_group:
            _serialize_object(spec.children, bound.form, f"{name}-", out, add, remove)
        elif spec.is_list and spec.item is not None:
            entries = [e for i, e in enumerate(bound.entries) if remove != (name, i)]
            for i, entry in enumerate(entries):
                _serialize_item(spec.item, entry, f"{name}-{i}", out, add, remove)
            if add == name and len(entries) < spec.max_items:
                _serialize_item(spec.item, None, f"{name}-{len(entries)}", out, add, remove)
        elif isinstance(bound.raw, list):
            for value in bound.raw:
                out.add(name, value)
        else:
            out.add(name, bound.raw)


def _serialize_item(item: FieldSpec, entry: Any, name: str, out: MultiDict, add: str,
                    remove: tuple[str, int] | None) -> None:
    if item.is_group:
        out.add(f"{name}-{ITEM_MARKER}", "1")
        if entry is not None:
            _serialize_object(item.children, entry.form, f"{name}-", out, add, remove)
    else:
        out.add(name, "" if entry is None else entry.raw)
        if entry is not None and getattr(entry, "empty", ""):
            out.add(f"{name}-{EMPTY_MARKER}", entry.empty)


def to_formdata(specs: tuple[FieldSpec, ...], data: dict[str, Any]) -> MultiDict:
    """The form data a page would post for stored JSON ``data``."""
    out: MultiDict = MultiDict()
    _data_object(specs, data if isinstance(data, dict) else {}, "", out)
    return out


def _data_object(specs: tuple[FieldSpec, ...], data: dict[str, Any], prefix: str,
                 out: MultiDict) -> None:
    data = infer_choosers(specs, data)
    spread = next((s for s in specs if s.extras.get("spread")), None)
    if spread is not None:
        named = {s.name for s in specs}
        extra = [{"key": k, "value": v} for k, v in data.items() if k not in named]
        data = {**data, spread.name: extra} if extra else data
    for spec in specs:
        if spec.name not in data:
            continue
        value = data[spec.name]
        name = f"{prefix}{spec.html}"
        token = empty_token(value)
        if token is not None and not spec.virtual:
            out.add(f"{name}-{EMPTY_MARKER}", token)
        if spec.virtual:
            out.add(name, str(value))
        elif spec.is_group:
            _data_object(spec.children, value if isinstance(value, dict) else {}, f"{name}-", out)
        elif spec.is_list and spec.item is not None:
            for i, item in enumerate(value[:spec.max_items] if isinstance(value, list) else []):
                if spec.item.is_group:
                    out.add(f"{name}-{i}-{ITEM_MARKER}", "1")
                    _data_object(spec.item.children, item if isinstance(item, dict) else {},
                                 f"{name}-{i}-", out)
                else:
                    out.add(f"{name}-{i}", kind_of(spec.item).raw(spec.item, item))
                    if empty_token(item) is not None and (item is not None or spec.item.nullable):
                        out.add(f"{name}-{i}-{EMPTY_MARKER}", empty_token(item))
        else:
            raw = kind_of(spec).raw(spec, value)
            for token in raw if isinstance(raw, list) else [raw]:
                out.add(name, token)


def with_defaults(specs: tuple[FieldSpec, ...], data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with the schema's ``default`` filled in where nothing is stored yet, and
    lists that need items started with empty ones."""
    out = dict(data)
    for spec in specs:
        if spec.name not in out and spec.default is not MISSING:
            out[spec.name] = spec.default
        elif spec.name not in out and spec.is_list and spec.item is not None:
            wanted = max(int(spec.schema.get("minItems", 0)), 0 if spec.optional else 1)
            if wanted:  # a list that needs items starts with that many empty ones
                out[spec.name] = [{} if spec.item.is_group else None
                                  for _ in range(min(wanted, spec.max_items))]
        elif spec.is_group and isinstance(out.get(spec.name, {}), dict):
            nested = with_defaults(spec.children, out.get(spec.name, {}))
            if nested:
                out[spec.name] = nested
    return out
