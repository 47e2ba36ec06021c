"""What every field kind provides, and the WTForms fields that hold the raw input.

A field kind turns the text a citizen typed into a JSON value (``convert``),
a JSON value back into text for the page (``raw``) and into words for the
check-your-answers page (``display``). Input is NFC-normalised and stripped;
an empty answer is :data:`~runtime.forms.spec.MISSING` (not stored).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any, ClassVar

from wtforms import Field

from ..spec import EMPTY_MARKER, MISSING, FieldSpec

#: The most characters read from one input; longer input is cut (the schema's limits still apply).
MAX_INPUT = 10_000


@dataclass(frozen=True, slots=True)
class Problem:
    """A citizen's input that is wrong: a message key and its parameters."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)


def clean(text: Any) -> str:
    """NFC-normalise and strip one input."""
    if not isinstance(text, str):
        return ""
    return unicodedata.normalize("NFC", text[:MAX_INPUT]).strip()


def compact(text: str, drop: str = " .-") -> str:
    """``text`` without the separators people type inside numbers (spaces, dots, hyphens)."""
    return "".join(ch for ch in text if ch not in drop)


def read_marker(formdata: Any, name: str) -> str:
    """The empty-value marker posted beside the input ``name`` ("" when none)."""
    if not formdata:
        return ""
    value = formdata.get(f"{name}-{EMPTY_MARKER}", "")
    return value if isinstance(value, str) and len(value) < 8 else ""


class RawField(Field):
    """A WTForms field that keeps exactly what was typed (one value)."""

    def __init__(self, label: str | None = None, spec: FieldSpec | None = None, **kwargs: Any):
        super().__init__(label, **kwargs)
        self.spec = spec
        self.raw = ""
        self.shown = True
        self.error: str | None = None
        self.empty = ""

    def process(self, formdata: Any, data: Any = None, extra_filters: Any = None) -> None:
        self.process_errors = []
        self.raw = clean(formdata.get(self.name, "")) if formdata else ""
        self.data = self.raw
        self.empty = read_marker(formdata, self.name)

    def _value(self) -> str:
        return self.raw


class RawListField(RawField):
    """A WTForms field that keeps every value sent under its name (checkboxes)."""

    def process(self, formdata: Any, data: Any = None, extra_filters: Any = None) -> None:
        self.process_errors = []
        values = formdata.getlist(self.name) if formdata else []
        self.raw = [v for v in (clean(x) for x in values[:200]) if v]
        self.data = self.raw
        self.empty = read_marker(formdata, self.name)


class FieldKind:
    """The behaviour of one kind of leaf field; subclasses override what differs."""

    #: The x-widget names (and default kinds) this class handles.
    names: ClassVar[tuple[str, ...]] = ()
    #: Message keys used instead of the generic ones, e.g. ``{"pattern": "phone"}``.
    keys: ClassVar[dict[str, str]] = {}
    #: The WTForms field class holding the input.
    field_class: ClassVar[type[RawField]] = RawField
    #: Attributes of the ``<input>``: type, inputmode, autocomplete, spellcheck.
    input_type: ClassVar[str] = "text"
    inputmode: ClassVar[str | None] = None
    autocomplete: ClassVar[str | None] = None
    spellcheck: ClassVar[bool | None] = None

    def key(self, generic: str) -> str:
        """The message key for a generic error kind, as this widget words it."""
        return self.keys.get(generic, generic)

    def convert(self, spec: FieldSpec, raw: Any) -> tuple[Any, Problem | None]:
        """The JSON value of ``raw`` (MISSING when empty) and a problem if it cannot be read."""
        text = clean(raw)
        return (text if text else MISSING), None

    def raw(self, spec: FieldSpec, value: Any) -> Any:
        """The text shown in the input for a stored JSON value."""
        if value is MISSING or value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return str(value)

    def display(self, spec: FieldSpec, value: Any, lang: str) -> str:
        """The value in words, for the check-your-answers page."""
        return self.raw(spec, value)

    def input_attrs(self, spec: FieldSpec) -> dict[str, Any]:
        """Extra HTML attributes of the input (limits the browser may show)."""
        attrs: dict[str, Any] = {}
        if self.inputmode:
            attrs["inputmode"] = self.inputmode
        if self.autocomplete:
            attrs["autocomplete"] = self.autocomplete
        if self.spellcheck is not None:
            attrs["spellcheck"] = "true" if self.spellcheck else "false"
        return attrs
