"""Groups of fields: nested objects shown as a fieldset (or as an address picker)."""

from __future__ import annotations

from typing import Any

from wtforms import Form
from wtforms.fields import FormField

from ..spec import FieldSpec


class GroupField(FormField):
    """A nested object: its fields live in a sub-form, named ``<group>-<field>``."""

    def __init__(self, form_class: type[Form], label: str | None = None,
                 spec: FieldSpec | None = None, **kwargs: Any):
        super().__init__(form_class, label, **kwargs)
        self.spec = spec
        self.shown = True
        self.error: str | None = None
        self.anchor = ""


def group_form(name: str, fields: dict[str, Any]) -> type[Form]:
    """The sub-form class of a group (no CSRF token: the page form carries it)."""
    return type(f"Group_{name}", (Form,), dict(fields))
