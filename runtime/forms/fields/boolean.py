"""Yes/no fields: a single checkbox (ticked = true, else not answered) or Yes/No radios."""

from __future__ import annotations

from typing import Any, ClassVar

from flask_babel import gettext as _

from ..spec import MISSING, FieldSpec
from .base import FieldKind, Problem, clean


class CheckboxKind(FieldKind):
    """One checkbox: ticked is ``true``; unticked is no answer (nothing stored), or
    ``false`` when the stored data held ``false`` (kept by the empty-value marker)."""

    names = ("checkbox",)
    keys: ClassVar[dict[str, str]] = {"required": "required.checkbox", "enum": "required.checkbox",
                                      "const": "required.checkbox", "type": "invalid"}

    def convert(self, spec: FieldSpec, raw: Any) -> tuple[Any, Problem | None]:
        answer = clean(raw)
        if not answer:
            return MISSING, None
        if answer == "true":
            return True, None
        if answer == "false":  # unticked (what an unticked box stands for; its marker keeps false)
            return MISSING, None
        return MISSING, Problem("invalid")

    def raw(self, spec: FieldSpec, value: Any) -> Any:
        return "true" if value is True else ""

    def display(self, spec: FieldSpec, value: Any, lang: str) -> str:
        return _("Yes") if value is True else _("No")


def yes_no_label(value: bool) -> str:
    """The label of a Yes/No radio in the request's language."""
    return _("Yes") if value else _("No")
