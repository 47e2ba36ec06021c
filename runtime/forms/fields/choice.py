"""Choices: one of a list (radios or a select) or several (checkboxes)."""

from __future__ import annotations

from typing import Any, ClassVar

from ..spec import MISSING, Choice, FieldSpec
from .base import FieldKind, Problem, RawListField, clean


def _lookup(spec: FieldSpec, token: str) -> Choice | None:
    return next((c for c in spec.choices if c.token == token), None)


class SingleChoiceKind(FieldKind):
    """One value out of the field's ``enum``: radios (up to 6 choices) or a select."""

    names = ("radio", "select")
    keys: ClassVar[dict[str, str]] = {"required": "required.choice", "enum": "enum",
                                      "const": "enum", "type": "enum"}

    def convert(self, spec: FieldSpec, raw: Any) -> tuple[Any, Problem | None]:
        token = clean(raw)
        if not token:
            return MISSING, None
        found = _lookup(spec, token)
        if found is None:
            return MISSING, Problem("enum")
        return found.value, None

    def display(self, spec: FieldSpec, value: Any, lang: str) -> str:
        for choice in spec.choices:
            if choice.value == value and type(choice.value) is type(value):
                return choice.text(lang)
        return self.raw(spec, value)


class MultiChoiceKind(FieldKind):
    """Several values of ``items.enum``, as checkboxes; kept in the order of the choices."""

    names = ("checkboxes",)
    keys: ClassVar[dict[str, str]] = {"required": "required.choice", "min_items": "min_items.choice",
                                      "max_items": "max_items.choice", "enum": "enum",
                                      "const": "enum", "type": "enum"}
    field_class = RawListField

    def convert(self, spec: FieldSpec, raw: Any) -> tuple[Any, Problem | None]:
        tokens = raw if isinstance(raw, list) else ([raw] if raw else [])
        if not tokens:
            return MISSING, None
        picked = {clean(t) for t in tokens}
        values = [c.value for c in spec.choices if c.token in picked]
        if len(values) != len(picked):
            return MISSING, Problem("enum")
        return values, None

    def raw(self, spec: FieldSpec, value: Any) -> Any:
        if not isinstance(value, list):
            return [] if value is MISSING or value is None else [str(value)]
        return [Choice(v, None).token for v in value]

    def display(self, spec: FieldSpec, value: Any, lang: str) -> str:
        chosen = value if isinstance(value, list) else []
        return ", ".join(c.text(lang) for c in spec.choices if c.value in chosen)
