"""A small HTML reader for the form tests: ids, labels, inputs and what a browser would send."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

from werkzeug.datastructures import MultiDict

_CONTROLS = ("input", "select", "textarea")


@dataclass
class Control:
    tag: str
    attrs: dict[str, str]
    options: list[tuple[str, bool]] = field(default_factory=list)
    text: str = ""
    hidden_by_ancestor: bool = False

    @property
    def name(self) -> str:
        return self.attrs.get("name", "")

    @property
    def type(self) -> str:
        return self.attrs.get("type", "text") if self.tag == "input" else self.tag


class Page(HTMLParser):
    """Everything the tests look at on one page."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.h1 = 0
        self.title = ""
        self.labels_for: set[str] = set()
        self.controls: list[Control] = []
        self.summary_links: list[str] = []
        self.error_messages: list[str] = []
        self.buttons: list[dict[str, str]] = []
        self._stack: list[tuple[str, bool]] = []
        self._in_title = False
        self._in_summary = 0
        self._in_error = False
        self._select: Control | None = None
        self._option: list[str] | None = None
        self._textarea: Control | None = None
        self.feed(html)

    def _hidden(self) -> bool:
        return any(hidden for _tag, hidden in self._stack)

    def handle_starttag(self, tag: str, attrs_list: list) -> None:
        attrs = {k: (v or "") for k, v in attrs_list}
        if "id" in attrs:
            self.ids.append(attrs["id"])
        void = tag in ("input", "br", "meta", "link", "img", "hr")
        if not void:
            self._stack.append((tag, "hidden" in attrs))
        if tag == "h1":
            self.h1 += 1
        if tag == "title":
            self._in_title = True
        if tag == "label" and "for" in attrs:
            self.labels_for.add(attrs["for"])
        if "govuk-error-summary" in attrs.get("class", "").split():
            self._in_summary = len(self._stack)
        if tag == "a" and self._in_summary and attrs.get("href", "").startswith("#"):
            self.summary_links.append(attrs["href"][1:])
        if tag == "p" and "govuk-error-message" in attrs.get("class", ""):
            self._in_error = True
            self.error_messages.append("")
        if tag == "button":
            self.buttons.append(attrs)
        if tag in _CONTROLS:
            control = Control(tag, attrs, hidden_by_ancestor=self._hidden())
            self.controls.append(control)
            if tag == "select":
                self._select = control
            if tag == "textarea":
                self._textarea = control
        if tag == "option" and self._select is not None:
            self._option = [attrs.get("value", ""), "selected" in attrs]

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag == "p":
            self._in_error = False
        if tag == "select":
            self._select = None
        if tag == "textarea":
            self._textarea = None
        if tag == "option" and self._option is not None and self._select is not None:
            self._select.options.append((self._option[0], self._option[1]))
            self._option = None
        while self._stack:
            top, _hidden = self._stack.pop()
            if self._in_summary and len(self._stack) < self._in_summary:
                self._in_summary = 0
            if top == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        if self._in_error and self.error_messages:
            self.error_messages[-1] += data
        if self._textarea is not None:
            self._textarea.text += data

    # -- what a browser sends -------------------------------------------------------------
    def form_data(self, action: str = "continue") -> MultiDict:
        """The (name, value) pairs a browser sends when ``action`` is pressed."""
        out: list[tuple[str, str]] = []
        for c in self.controls:
            if not c.name or "disabled" in c.attrs:
                continue
            if c.tag == "input" and c.type in ("radio", "checkbox"):
                if "checked" in c.attrs:
                    out.append((c.name, c.attrs.get("value", "on")))
            elif c.tag == "input" and c.type in ("submit", "button", "image", "reset"):
                continue
            elif c.tag == "input":
                out.append((c.name, c.attrs.get("value", "")))
            elif c.tag == "textarea":
                out.append((c.name, c.text.removeprefix("\n")))
            elif c.tag == "select":
                chosen = [v for v, selected in c.options if selected] or [c.options[0][0]] if c.options else []
                out.extend((c.name, v) for v in chosen[:1])
        out.append(("action", action))
        return MultiDict(out)

    @property
    def csrf(self) -> str:
        return next(c.attrs["value"] for c in self.controls if c.name == "csrf_token")
