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


def render(page: Page, data: dict[str, Any], lang: str) -> str:
    """The page's inputs as HTML (the theme's widgets), filled from ``data``."""
    from flask import render_template_string

    from runtime.forms.convert import read

    spec = page_spec(page)
    form = form_class(spec, lang)(formdata=to_formdata(spec.fields, data))
    read(spec.fields, form)
    return render_template_string(
        '{% import "forms/widgets.html" as w with context %}<form>{{ w.fields(spec.fields, form) }}'
        '</form>', spec=spec, form=form, lang=lang, t=lambda text: text.get(lang))


def post_html(page: Page, data: dict[str, Any], lang: str = "vi") -> tuple[Any, str]:
    """Render the form from ``data``, send what a browser would send, check it."""
    from .html import Page as Html

    html = render(page, data, lang)
    spec = page_spec(page)
    form = form_class(spec, lang)(formdata=Html(html).form_data())
    return check(page, spec, form, lang), html
