"""Groups of fields: nested objects shown as a fieldset (or as an address picker)."""

from __future__ import annotations

from typing import Any

from wtforms import Form
from wtforms.fields import FormField
from wtforms.utils import unset_value

from ..spec import FieldSpec
from .base import read_marker


class GroupField(FormField):
    """A nested object: its fields live in a sub-form, named ``<group>-<field>``."""

    def __init__(self, form_class: type[Form], label: str | None = None,
                 spec: FieldSpec | None = None, **kwargs: Any):
        super().__init__(form_class, label, **kwargs)
        self.spec = spec
        self.shown = True
        self.error: str | None = None
        self.anchor = ""
        self.empty = ""

    def process(self, formdata: Any, data: Any = unset_value, extra_filters: Any = None) -> None:
        super().process(formdata, data, extra_filters)
        self.empty = read_marker(formdata, self.name)


def group_form(name: str, fields: dict[str, Any]) -> type[Form]:
    """The sub-form class of a group (no CSRF token: the page form carries it)."""
    return type(f"Group_{name}", (Form,), dict(fields))
