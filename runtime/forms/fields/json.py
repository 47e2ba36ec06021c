"""Fields a plain input cannot type: a fixed value, and JSON typed by an expert.

``const``: the schema allows one value; it is shown, locked, and posted back as it
is. ``json``: an untyped field (or several types, or a structure nested deeper than
a form can show) is typed as JSON text; what is stored is exactly what was typed.
"""

from __future__ import annotations

import json
from typing import Any, ClassVar

from ..spec import MISSING, FieldSpec
from .base import FieldKind, Problem, clean

#: The most characters of JSON read from one input.
MAX_JSON = 10_000


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


class ConstKind(FieldKind):
    """A fixed value (``const``): shown, not changed; posted back as JSON."""

    names = ("const",)
    keys: ClassVar[dict[str, str]] = {"const": "const", "required": "const"}

    def convert(self, spec: FieldSpec, raw: Any) -> tuple[Any, Problem | None]:
        text = clean(raw)
        if not text:
            return MISSING, None
        try:
            return json.loads(text), None
        except ValueError:
            return MISSING, Problem("const")

    def raw(self, spec: FieldSpec, value: Any) -> Any:
        return "" if value is MISSING else dumps(value)

    def display(self, spec: FieldSpec, value: Any, lang: str) -> str:
        return value if isinstance(value, str) else dumps(value)


class JsonKind(FieldKind):
    """A JSON value typed as text, for experts: ``"text"``, ``12``, ``[1, 2]``, ``{"a": 1}``."""

    names = ("json",)
    keys: ClassVar[dict[str, str]] = {"type": "json.type"}
    spellcheck = False

    def convert(self, spec: FieldSpec, raw: Any) -> tuple[Any, Problem | None]:
        text = clean(raw)
        if not text:
            return MISSING, None
        if len(text) > MAX_JSON:
            return MISSING, Problem("json")
        try:
            return json.loads(text), None
        except (ValueError, RecursionError):
            return MISSING, Problem("json")

    def raw(self, spec: FieldSpec, value: Any) -> Any:
        return "" if value is MISSING else dumps(value)
