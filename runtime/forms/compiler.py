"""Compile an eForm page's JSON Schema into field specs and WTForms form classes.

Specs are language-neutral and built once per page; form classes carry the
labels of one language and are built once per (procedure version, case, page,
language). Both are cached in a :class:`FormCache` and never changed afterwards.
"""

from __future__ import annotations

import itertools
import threading
from collections import OrderedDict
from typing import Any

from flask_wtf import FlaskForm

from ..definitions.model import Case, Page, Procedure, Text
from .fields import kind_of
from .fields.address import child_kind
from .fields.group import GroupField, group_form
from .fields.repeat import DEFAULT_ITEMS, MAX_ITEMS, ListField
from .spec import MISSING, Choice, FieldSpec, Guard, PageSpec

MAX_DEPTH = 8


def resolve(schema: dict[str, Any], defs: dict[str, Any], depth: int = 0) -> dict[str, Any]:
    """``schema`` with a local ``$ref`` replaced by its target (sibling keywords win)."""
    ref = schema.get("$ref")
    if not isinstance(ref, str) or not ref.startswith("#/$defs/") or depth > MAX_DEPTH:
        return schema
    target = defs.get(ref.removeprefix("#/$defs/"))
    if not isinstance(target, dict):
        return schema
    merged = {**resolve(target, defs, depth + 1), **{k: v for k, v in schema.items() if k != "$ref"}}
    return merged


def widget_of(schema: dict[str, Any]) -> str:
    """The kind of field a (resolved) schema is shown as."""
    widget = schema.get("x-widget")
    kind = schema.get("type")
    if kind == "object" or (kind is None and "properties" in schema):
        return "address" if widget == "address" else "fieldset"
    if kind == "array":
        items = schema.get("items") or {}
        return "checkboxes" if widget == "checkboxes" or "enum" in items else "repeat"
    if widget:
        return str(widget)
    if kind == "boolean":
        return "checkbox"
    if "enum" in schema:
        return "radio" if len(schema["enum"]) <= 6 else "select"
    fmt = schema.get("format")
    if fmt in ("date", "email"):
        return str(fmt)
    if kind in ("integer", "number"):
        return "number"
    return "text"


def discriminator(branch: dict[str, Any], defs: dict[str, Any]) -> tuple[str, tuple[Any, ...]] | None:
    """The field and values that select a ``oneOf``/``anyOf`` branch, if it has one."""
    branch = resolve(branch, defs)
    for name, sub in (branch.get("properties") or {}).items():
        sub = resolve(sub, defs) if isinstance(sub, dict) else {}
        if "const" in sub:
            return name, (sub["const"],)
        if "enum" in sub:
            return name, tuple(sub["enum"])
    return None


class _Collector:
    """Gathers an object's fields with the guard chains under which each one is shown."""

    def __init__(self, defs: dict[str, Any]):
        self.defs = defs
        self.placements: dict[str, list[tuple[dict[str, Any], tuple[Guard, ...]]]] = {}
        self.required: set[str] = set()
        self.counter = itertools.count()

    def collect(self, schema: dict[str, Any], guards: tuple[Guard, ...], depth: int = 0) -> None:
        if depth > MAX_DEPTH:
            return
        schema = resolve(schema, self.defs)
        for name, sub in (schema.get("properties") or {}).items():
            if isinstance(sub, dict):
                self.placements.setdefault(name, []).append((sub, guards))
        self.required.update(schema.get("required") or ())
        for sub in schema.get("allOf") or ():
            self.collect(sub, guards, depth + 1)
        if isinstance(schema.get("if"), dict):
            n = next(self.counter)
            if isinstance(schema.get("then"), dict):
                self.collect(schema["then"], (*guards, Guard("if", f"if{n}", schema["if"])), depth + 1)
            if isinstance(schema.get("else"), dict):
                self.collect(schema["else"], (*guards, Guard("unless", f"else{n}", schema["if"])),
                             depth + 1)
        for name, sub in (schema.get("dependentSchemas") or {}).items():
            guard = Guard("present", f"dep{next(self.counter)}", field=name)
            self.collect(sub, (*guards, guard), depth + 1)
        for key in ("oneOf", "anyOf"):
            for branch in schema.get(key) or ():
                found = discriminator(branch, self.defs)
                if found is None:
                    self.collect(branch, guards, depth + 1)
                    continue
                guard = Guard("choice", f"{key}{next(self.counter)}", field=found[0], values=found[1])
                self.collect(branch, (*guards, guard), depth + 1)


def _text(value: Any) -> Text | None:
    return Text.of(value) if isinstance(value, dict) else None


def _choices(schema: dict[str, Any], kind: str) -> tuple[Choice, ...]:
    source = schema.get("items", {}) if kind == "checkboxes" else schema
    values = source.get("enum")
    if values is None and "const" in source:
        values = [source["const"]]
    if values is None and source.get("type") == "boolean" and kind in ("radio", "select"):
        values = [True, False]
    labels = {**(source.get("x-enum-labels") or {}), **(schema.get("x-enum-labels") or {})}
    return tuple(Choice(v, _text(labels.get(str(v)))) for v in values or ())


def _json_type(schema: dict[str, Any]) -> str | None:
    kind = schema.get("type")
    if kind is None and "enum" in schema:
        types = {type(v).__name__ for v in schema["enum"]}
        return {"str": "string", "int": "integer", "float": "number", "bool": "boolean"}.get(
            types.pop()) if len(types) == 1 else None
    return kind


def build_field(name: str, schema: dict[str, Any], defs: dict[str, Any], optional: bool = True,
                guards: tuple[tuple[Guard, ...], ...] = (), parent: str = "",
                depth: int = 0) -> FieldSpec:
    """The spec of one field (and of everything under it)."""
    schema = resolve(schema, defs)
    kind = widget_of(schema)
    if parent == "address":
        kind = child_kind(name, kind)
    if kind == "checkbox" and "x-widget" not in schema and not optional and schema.get("const") is not True:
        kind = "radio"  # a required yes/no question: "no" must be an answer too
    children: tuple[FieldSpec, ...] = ()
    item = None
    if kind in ("fieldset", "address") and depth < MAX_DEPTH:
        children = object_fields(schema, defs, kind, depth + 1)
    if kind == "repeat" and isinstance(schema.get("items"), dict) and depth < MAX_DEPTH:
        item = build_field("item", schema["items"], defs, optional=False, depth=depth + 1)
    extras: dict[str, Any] = {}
    if parent == "address" and name == "street":
        extras["autocomplete"] = "street-address"
    return FieldSpec(
        name=name, kind=kind, schema=schema, json_type=_json_type(schema),
        label=_text(schema.get("x-label")), noun=_text(schema.get("x-noun")),
        help=_text(schema.get("x-help")), placeholder=_text(schema.get("x-placeholder")),
        optional=optional, choices=_choices(schema, kind), children=children, item=item,
        item_label=_text(schema.get("x-item-label")), guards=guards,
        max_items=min(int(schema.get("maxItems", DEFAULT_ITEMS)), MAX_ITEMS),
        default=schema.get("default", MISSING), extras=extras)


def object_fields(schema: dict[str, Any], defs: dict[str, Any], kind: str = "fieldset",
                  depth: int = 0) -> tuple[FieldSpec, ...]:
    """The fields of an object schema, conditional ones after their guards are known."""
    collector = _Collector(defs)
    collector.collect(schema, ())
    fields = []
    for name, placements in collector.placements.items():
        always = any(not guards for _sub, guards in placements)
        chains = () if always else tuple(guards for _sub, guards in placements)
        best = next((sub for sub, _g in placements if "x-label" in sub or "$ref" in sub),
                    placements[0][0])
        fields.append(build_field(name, best, defs, name not in collector.required, chains,
                                  parent=kind, depth=depth))
    return tuple(fields)


def page_spec(page: Page) -> PageSpec:
    """The spec of a whole page."""
    root = FieldSpec(name="", kind="fieldset", schema=page.schema, json_type="object",
                     children=object_fields(page.schema, page.defs))
    return PageSpec(page.id, root)


def _unbound(spec: FieldSpec, lang: str) -> Any:
    label = spec.text_label(lang)
    if spec.is_group:
        sub = group_form(spec.name, {c.name: _unbound(c, lang) for c in spec.children})
        return GroupField(sub, label, spec=spec)
    if spec.is_list and spec.item is not None:
        return ListField(_unbound(spec.item, lang), label, spec=spec, max_entries=spec.max_items)
    return kind_of(spec).field_class(label, spec=spec)


def form_class(spec: PageSpec, lang: str) -> type[FlaskForm]:
    """The WTForms class of a page in one language (with its CSRF token)."""
    attrs = {c.name: _unbound(c, lang) for c in spec.fields}
    return type(f"Page_{spec.page_id}_{lang}", (FlaskForm,), attrs)


class FormCache:
    """Specs and form classes, built on first use and kept (least recently used dropped)."""

    def __init__(self, size: int = 512):
        self.size = size
        self._items: OrderedDict[tuple[str, ...], Any] = OrderedDict()
        self._lock = threading.Lock()

    def _get(self, key: tuple[str, ...], build: Any) -> Any:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = build()
        with self._lock:
            self._items[key] = value
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def spec(self, procedure: Procedure, case: Case, page: Page) -> PageSpec:
        key = (procedure.content_hash, case.id, page.id)
        return self._get(key, lambda: page_spec(page))

    def form_class(self, procedure: Procedure, case: Case, page: Page, lang: str) -> type[FlaskForm]:
        spec = self.spec(procedure, case, page)
        key = (procedure.content_hash, case.id, page.id, lang)
        return self._get(key, lambda: form_class(spec, lang))
