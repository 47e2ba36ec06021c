"""Compile an eForm page's JSON Schema into field specs and WTForms form classes.

Specs are language-neutral and built once per page; form classes carry the
labels of one language and are built once per (procedure version, case, page,
language). Both are cached in a :class:`FormCache` and never changed afterwards.
"""

from __future__ import annotations

import itertools
import threading
from collections import OrderedDict
from dataclasses import replace
from typing import Any

from flask_wtf import FlaskForm

from ..definitions.model import Case, Page, Procedure, Text
from .fields import kind_of
from .fields.address import child_kind
from .fields.group import GroupField, group_form
from .fields.repeat import DEFAULT_ITEMS, MAX_ITEMS, ListField
from .names import html_name
from .schema import Refs, as_schema, main_type, types_of
from .shape import discriminator, refs_of, widget_of
from .spec import MISSING, Choice, FieldSpec, Guard, PageSpec

MAX_DEPTH = 8
class _Collector:
    """Gathers an object's fields with the guard chains under which each one is shown."""

    def __init__(self, refs: Refs, depth: int = 0):
        self.refs = refs
        self.depth = depth
        self.placements: dict[str, list[tuple[dict[str, Any], tuple[Guard, ...]]]] = {}
        self.required: set[str] = set()
        self.counter = itertools.count()
        self.choosers: list[FieldSpec] = []

    def collect(self, schema: Any, guards: tuple[Guard, ...], depth: int = 0) -> None:
        if depth > MAX_DEPTH:
            return
        schema = self.refs.resolve(schema)
        for name, sub in (schema.get("properties") or {}).items():
            self.placements.setdefault(name, []).append((as_schema(sub), guards))
        self.required.update(schema.get("required") or ())
        for sub in schema.get("allOf") or ():
            self.collect(sub, guards, depth + 1)
        if isinstance(schema.get("if"), dict | bool):
            n = next(self.counter)
            if "then" in schema:
                self.collect(schema["then"], (*guards, Guard("if", f"if{n}", schema["if"])), depth + 1)
            if "else" in schema:
                self.collect(schema["else"], (*guards, Guard("unless", f"else{n}", schema["if"])),
                             depth + 1)
        for name, sub in (schema.get("dependentSchemas") or {}).items():
            guard = Guard("present", f"dep{next(self.counter)}", field=name)
            self.collect(sub, (*guards, guard), depth + 1)
        base = set(schema.get("properties") or {})
        for key in ("oneOf", "anyOf"):
            branches = list(schema.get(key) or ())
            if branches and self.needs_chooser(branches, base):
                self.chooser(key, branches, guards, depth, required=key == "oneOf")
                continue
            for branch in branches:
                found = discriminator(branch, self.refs)
                if found is None:
                    self.collect(branch, guards, depth + 1)
                    continue
                guard = Guard("choice", f"{key}{next(self.counter)}", field=found[0], values=found[1])
                self.collect(branch, (*guards, guard), depth + 1)

    def needs_chooser(self, branches: list[Any], base: set[str]) -> bool:
        """Alternatives that bring fields of their own but no choice field to select them."""
        if any(discriminator(b, self.refs) is not None for b in branches):
            return False
        return any(set(self.refs.resolve(b).get("properties") or {}) - base for b in branches)

    def chooser(self, key: str, branches: list[Any], guards: tuple[Guard, ...], depth: int,
                required: bool) -> None:
        """A choice of the alternative the applicant answers (not stored: inferred from the data)."""
        name = f"__{key.lower()}{next(self.counter)}"
        resolved = tuple(self.refs.resolve(b) for b in branches)
        choices = tuple(Choice(i, variant_label(b, i)) for i, b in enumerate(resolved))
        spec = FieldSpec(name=name, kind="radio", schema={"enum": list(range(len(branches)))},
                         json_type="integer", label=Text("Chọn một trường hợp", "Choose one"),
                         optional=not required, choices=choices, guards=(guards,) if guards else (),
                         virtual=True, html=html_name(name), variants=resolved)
        self.choosers.append(spec)
        for i, branch in enumerate(branches):
            guard = Guard("choice", f"{name}_{i}", field=name, values=(i,))
            self.collect(branch, (*guards, guard), depth + 1)


def variant_label(branch: dict[str, Any], index: int) -> Text:
    """The label of one alternative: its x-label, its title, else "Option N"."""
    if isinstance(branch.get("x-label"), dict):
        return Text.of(branch["x-label"])  # type: ignore[return-value]
    if isinstance(branch.get("title"), str):
        return Text(branch["title"], branch["title"])
    return Text(f"Lựa chọn {index + 1}", f"Option {index + 1}")


def _text(value: Any) -> Text | None:
    return Text.of(value) if isinstance(value, dict) else None


def _plain(value: Any) -> Text | None:
    """A JSON Schema annotation (title, description) as the same text in both languages."""
    return Text(value, value) if isinstance(value, str) and value.strip() else None


def _example(schema: dict[str, Any]) -> Text | None:
    examples = schema.get("examples")
    if isinstance(examples, list) and examples and isinstance(examples[0], str | int | float):
        return Text(f"Ví dụ: {examples[0]}", f"e.g. {examples[0]}")
    return None


def _choices(schema: dict[str, Any], kind: str) -> tuple[Choice, ...]:
    source = as_schema(schema.get("items")) if kind == "checkboxes" else schema
    values = source.get("enum")
    if values is None and "const" in source:
        values = [source["const"]]
    if values is None and main_type(source) == "boolean" and kind in ("radio", "select"):
        values = [True, False]
    if values is not None and "null" in types_of(source):
        values = [v for v in values if v is not None]
    labels = {**(source.get("x-enum-labels") or {}), **(schema.get("x-enum-labels") or {})}
    return tuple(Choice(v, _text(labels.get(str(v)))) for v in values or ())


def _json_type(schema: dict[str, Any]) -> str | None:
    kind = main_type(schema)
    if kind is None and "enum" in schema:
        types = {type(v).__name__ for v in schema["enum"] if v is not None}
        return {"str": "string", "int": "integer", "float": "number", "bool": "boolean"}.get(
            types.pop()) if len(types) == 1 else None
    return kind


def build_field(name: str, schema: Any, defs: dict[str, Any] | Refs, optional: bool = True,
                guards: tuple[tuple[Guard, ...], ...] = (), parent: str = "",
                depth: int = 0, seen: tuple[str, ...] = ()) -> FieldSpec:
    """The spec of one field (and of everything under it)."""
    refs = refs_of(defs)
    raw = as_schema(schema)
    ref = raw.get("$ref") if isinstance(raw.get("$ref"), str) else None
    schema = refs.resolve(raw)
    kind = widget_of(schema)
    if ref is not None and ref in seen and kind in ("fieldset", "repeat"):
        kind = "json"  # a recursive structure: nested levels beyond the first are typed as JSON
    if parent == "address":
        kind = child_kind(name, kind)
    if kind == "checkbox" and "x-widget" not in schema and not optional and schema.get("const") is not True:
        kind = "radio"  # a required yes/no question: "no" must be an answer too
    children: tuple[FieldSpec, ...] = ()
    item = None
    inner = (*seen, ref) if ref else seen
    if kind in ("fieldset", "address"):
        if depth < MAX_DEPTH:
            children = object_fields(schema, refs, kind, depth + 1, inner)
        else:
            kind = "json"
    if kind == "repeat":
        if depth < MAX_DEPTH:
            item = build_field("item", schema["items"], refs, optional=False, depth=depth + 1,
                               seen=inner)
            if item.kind in ("repeat", "checkboxes", "json"):
                kind, item = "json", None  # a list of lists is typed as JSON
        else:
            kind = "json"
    extras: dict[str, Any] = {}
    if parent == "address" and name == "street":
        extras["autocomplete"] = "street-address"
    if schema.get("readOnly") is True:
        extras["locked"] = True
    return FieldSpec(
        name=name, kind=kind, schema=schema, json_type=_json_type(schema),
        label=_text(schema.get("x-label")) or _plain(schema.get("title")),
        noun=_text(schema.get("x-noun")),
        help=_text(schema.get("x-help")) or _plain(schema.get("description")),
        placeholder=_text(schema.get("x-placeholder")) or _example(schema),
        optional=optional, choices=_choices(schema, kind), children=children, item=item,
        item_label=_text(schema.get("x-item-label")), guards=guards,
        max_items=min(int(schema.get("maxItems", DEFAULT_ITEMS)), MAX_ITEMS),
        default=schema.get("default", MISSING), extras=extras,
        nullable="null" in types_of(schema), html=html_name(name),
        group=_text(schema.get("x-group")))


def object_fields(schema: dict[str, Any], defs: dict[str, Any] | Refs, kind: str = "fieldset",
                  depth: int = 0, seen: tuple[str, ...] = ()) -> tuple[FieldSpec, ...]:
    """The fields of an object schema, conditional ones after their guards are known."""
    refs = refs_of(defs, schema)
    collector = _Collector(refs, depth)
    collector.collect(schema, ())
    fields: list[FieldSpec] = []
    for name, placements in collector.placements.items():
        always = any(not guards for _sub, guards in placements)
        chains = () if always else tuple(guards for _sub, guards in placements)
        best = next((sub for sub, _g in placements if "x-label" in sub or "$ref" in sub
                     or "type" in sub), placements[0][0])
        fields.append(build_field(name, best, refs, name not in collector.required, chains,
                                  parent=kind, depth=depth, seen=seen))
    for chooser in collector.choosers:  # just before the first field it shows
        at = next((i for i, f in enumerate(fields) if any(
            g.field == chooser.name for chain in f.guards for g in chain)), len(fields))
        fields.insert(at, chooser)
    more = more_field(refs.resolve(schema), refs, depth)
    if more is not None:
        fields.append(more)
    order = refs.resolve(schema).get("x-order")
    if isinstance(order, list):  # the listed fields first, in that order; the others follow
        rank = {name: i for i, name in enumerate(order)}
        fields.sort(key=lambda f: rank.get(f.name, len(rank)))
    return tuple(fields)


#: The name of the key/value editor of an object's other properties.
MORE = "__more"


def more_field(schema: dict[str, Any], refs: Refs, depth: int) -> FieldSpec | None:
    """A repeatable key/value editor for the properties an object allows beyond its named ones
    (``additionalProperties`` or ``patternProperties`` as a schema), or None."""
    extra = schema.get("additionalProperties")
    patterns = schema.get("patternProperties")
    if not isinstance(extra, dict) and not (isinstance(patterns, dict) and patterns):
        return None
    if isinstance(patterns, dict) and len(patterns) == 1 and not isinstance(extra, dict):
        value_schema = as_schema(next(iter(patterns.values())))
    elif isinstance(extra, dict) and not patterns:
        value_schema = extra
    else:
        value_schema = {}  # several patterns: the value is typed as JSON, the validator decides
    key = FieldSpec(name="key", kind="text", schema={"type": "string"}, json_type="string",
                    label=Text("Tên", "Name"), noun=Text("tên", "name"), optional=False)
    value = build_field("value", value_schema, refs, optional=True, depth=depth + 1)
    value = replace(value, label=value.label or Text("Giá trị", "Value"),
                    noun=value.noun or Text("giá trị", "value"))
    item = FieldSpec(name="item", kind="fieldset", schema={"type": "object"}, json_type="object",
                     children=(key, value), optional=False)
    return FieldSpec(name=MORE, kind="repeat", schema={"type": "array"}, json_type="array",
                     label=Text("Thông tin khác", "Other entries"), item=item,
                     item_label=Text("Mục", "Entry"), max_items=DEFAULT_ITEMS,
                     extras={"spread": True}, html=html_name(MORE))


def page_spec(page: Page) -> PageSpec:
    """The spec of a whole page."""
    refs = Refs.of(page.schema, page.defs)
    root = FieldSpec(name="", kind="fieldset", schema=page.schema, json_type="object",
                     children=object_fields(page.schema, refs))
    return PageSpec(page.id, root)


def _unbound(spec: FieldSpec, lang: str) -> Any:
    label = spec.text_label(lang)
    if spec.is_group:
        sub = group_form(spec.html, {c.html: _unbound(c, lang) for c in spec.children})
        return GroupField(sub, label, spec=spec)
    if spec.is_list and spec.item is not None:
        return ListField(_unbound(spec.item, lang), label, spec=spec, max_entries=spec.max_items)
    return kind_of(spec).field_class(label, spec=spec)


def form_class(spec: PageSpec, lang: str) -> type[FlaskForm]:
    """The WTForms class of a page in one language (with its CSRF token)."""
    attrs = {c.html: _unbound(c, lang) for c in spec.fields}
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
