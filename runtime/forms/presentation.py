"""Helpers the form templates call: input attributes, live conditions, choices, answers.

Registered as Jinja globals by :func:`install`; none of them returns markup, so
everything an administrator or a citizen wrote is escaped by the templates.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Flask
from flask_babel import get_locale

from . import admin_units
from .fields import kind_of
from .fields.address import describe as describe_address
from .names import html_name
from .spec import Choice, FieldSpec


def _lang() -> str:
    return str(get_locale() or "vi")


def input_attrs(spec: FieldSpec) -> dict[str, Any]:
    """Extra attributes of a field's ``<input>`` (inputmode, autocomplete, spellcheck)."""
    return kind_of(spec).input_attrs(spec)


def live_rule(spec: FieldSpec, prefix: str = "") -> str:
    """The condition of a conditional field as JSON the browser can test, or "".

    Only a single chain of choice/presence tests can be followed live; other
    conditions are applied by the server when the page is sent.
    """
    if len(spec.guards) != 1:
        return ""
    rules: list[dict[str, Any]] = []
    for guard in spec.guards[0]:
        if guard.kind == "choice":
            rules.append({"name": prefix + html_name(guard.field),
                          "values": [Choice(v, None).token for v in guard.values]})
        elif guard.kind == "present":
            rules.append({"name": prefix + html_name(guard.field), "present": True})
        else:
            return ""
    return json.dumps(rules, ensure_ascii=False)


def choice_items(spec: FieldSpec) -> list[tuple[str, str]]:
    """(token, label) of a field's choices in the request's language."""
    lang = _lang()
    return [(c.token, c.text(lang)) for c in spec.choices]


def provinces() -> tuple[tuple[str, str], ...]:
    return admin_units.provinces()


def communes(province_code: str) -> tuple[tuple[str, str], ...]:
    return admin_units.communes(province_code or "")


def describe(spec: FieldSpec, value: Any, lang: str) -> list[str]:
    """A stored value in words, as lines (groups and lists give several)."""
    if spec.kind == "address":
        return [describe_address(value)]
    if spec.is_group:
        return [f"{label}: {'; '.join(lines)}" for label, lines in
                _rows(spec.children, value if isinstance(value, dict) else {}, lang)]
    if spec.is_list and spec.item is not None:
        items = value if isinstance(value, list) else []
        label = spec.item_label.get(lang) if spec.item_label else ""
        lines = []
        for i, item in enumerate(items, 1):
            text = "; ".join(describe(spec.item, item, lang))
            lines.append(f"{label} {i}: {text}".strip() if label else text)
        return lines
    return [kind_of(spec).display(spec, value, lang)]


def answer_rows(fields: tuple[FieldSpec, ...], data: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """(label, lines) of every answered field of a page, in the page's order."""
    return _rows(fields, data, _lang())


def _rows(fields: tuple[FieldSpec, ...], data: dict[str, Any], lang: str) -> list[tuple[str, list[str]]]:
    rows = [(spec.text_label(lang), describe(spec, data[spec.name], lang))
            for spec in fields if spec.name in data and not spec.virtual]
    more = next((s for s in fields if s.extras.get("spread")), None)
    if more is not None and more.item is not None:  # entries of the key/value editor
        named = {s.name for s in fields}
        value_spec = more.item.children[1]
        rows += [(key, describe(value_spec, value, lang)) for key, value in data.items()
                 if key not in named]
    return rows


def const_raw(spec: FieldSpec) -> str:
    """The posted token of a fixed (``const``) field's value."""
    return str(kind_of(spec).raw(spec, spec.schema.get("const")))


def const_text(spec: FieldSpec) -> str:
    """A fixed (``const``) field's value in words."""
    return kind_of(spec).display(spec, spec.schema.get("const"), _lang())


def install(app: Flask) -> None:
    """Make the helpers available to every template."""
    app.jinja_env.globals.update(
        input_attrs=input_attrs, live_rule=live_rule, choice_items=choice_items,
        provinces=provinces, communes=communes, answer_rows=answer_rows, const_raw=const_raw,
        const_text=const_text)
