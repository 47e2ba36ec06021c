"""Read a rendered form's fields the way a browser would submit them (for round-trip tests)."""

from __future__ import annotations

from html import unescape
from html.parser import HTMLParser

from werkzeug.datastructures import MultiDict


class _Form(HTMLParser):
    def __init__(self, form_index: int) -> None:
        super().__init__(convert_charrefs=True)
        self.want, self.seen, self.inside = form_index, -1, False
        self.fields: list[tuple[str, str]] = []
        self._textarea: str | None = None
        self._select: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.seen += 1
            self.inside = self.seen == self.want
        if not self.inside:
            return
        if tag == "input" and a.get("name") and "disabled" not in a:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind not in ("submit", "button"):
                self.fields.append((a["name"], unescape(a.get("value") or "")))
        elif tag == "textarea":
            self._textarea, self._text = a.get("name"), []
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and "selected" in a:
            self.fields.append((self._select, a.get("value", "")))

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self._textarea:
            text = "".join(self._text)
            self.fields.append((self._textarea, text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)


def form_fields(page: str, form_index: int = 0) -> MultiDict:
    """(name, value) pairs of the ``form_index``-th form of ``page``, as submitted."""
    parser = _Form(form_index)
    parser.feed(page)
    return MultiDict(parser.fields)


def form_with(page: str, field: str) -> MultiDict:
    """The first form of ``page`` that submits ``field``."""
    for index in range(20):
        found = form_fields(page, index)
        if field in found:
            return found
    raise AssertionError(f"no form submits {field!r}")
