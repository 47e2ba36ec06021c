"""Data → form → post → data through the real form code, for any page schema."""

from __future__ import annotations

from typing import Any

from runtime.definitions.model import Page, Text
from runtime.forms.compiler import form_class, page_spec
from runtime.forms.convert import to_formdata
from runtime.forms.schema import upgrade
from runtime.forms.verdict import check


def page_of(schema: dict[str, Any], defs: dict[str, Any] | None = None) -> Page:
    """A one-page eForm of ``schema`` (draft-07 read by its $schema)."""
    return Page("p", Text("Trang", "Page"), upgrade(schema), upgrade(defs or {}))


def post(page: Page, data: dict[str, Any], lang: str = "vi") -> Any:
    """The verdict of posting the form filled from ``data`` (inside a request context)."""
    spec = page_spec(page)
    form = form_class(spec, lang)(formdata=to_formdata(spec.fields, data))
    return check(page, spec, form, lang)
