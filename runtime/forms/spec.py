"""The compiled shape of an eForm page: a tree of field specs with their conditions.

A :class:`FieldSpec` says everything the form needs about one field: its widget
kind, its labels in both languages, its choices, its children (objects) or item
(arrays), and the :class:`Guard` chains under which it is shown. Specs are built
once per page by :mod:`runtime.forms.compiler` and shared by every request.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

from ..definitions.dates import validator
from ..definitions.model import Text

#: A place in the page's data: property names and array positions.
Path = tuple[str | int, ...]


class _Missing:
    """The value of a field left empty: not stored, not sent to the validator."""

    _instance: _Missing | None = None

    def __new__(cls) -> _Missing:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


MISSING: Any = _Missing()

#: The values an input cannot show by itself, kept through the form by a hidden marker.
EMPTY_TOKENS: dict[str, Any] = {'""': "", "false": False, "{}": {}, "[]": [], "null": None}
#: The suffix of the hidden marker input beside a field (``<name>-__empty``).
EMPTY_MARKER = "__empty"


def empty_token(value: Any) -> str | None:
    """The marker token of a stored value the input would read as empty, or None."""
    if value is None:
        return "null"
    if value is False:
        return "false"
    if value == "" and isinstance(value, str):
        return '""'
    if isinstance(value, dict) and not value:
        return "{}"
    if isinstance(value, list) and not value:
        return "[]"
    return None


def empty_value(token: Any) -> Any:
    """The value of a posted marker token (a fresh copy), or MISSING."""
    if not isinstance(token, str) or token not in EMPTY_TOKENS:
        return MISSING
    value = EMPTY_TOKENS[token]
    return type(value)() if isinstance(value, dict | list) else value

def same_json(a: Any, b: Any) -> bool:
    """JSON equality: ``1 == 1.0`` but ``true != 1``."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    return bool(a == b)


GuardKind = Literal["if", "unless", "present", "choice"]


@dataclass(frozen=True, eq=False)
class Guard:
    """One condition of a conditional field, tested on the data of the object it is in.

    ``if``/``unless``: an ``if`` schema holds / does not hold (``then``/``else``);
    ``present``: the field ``field`` has a value (``dependentSchemas``);
    ``choice``: the field ``field`` has one of ``values`` (a ``oneOf``/``anyOf`` branch).
    """

    kind: GuardKind
    key: str
    schema: Any = None
    field: str = ""
    values: tuple[Any, ...] = ()

    @cached_property
    def _validator(self) -> Any:
        return validator(self.schema)

    def holds(self, obj: dict[str, Any]) -> bool:
        if self.kind == "present":
            return self.field in obj
        if self.kind == "choice":
            value = obj.get(self.field, MISSING)
            return value is not MISSING and any(same_json(value, v) for v in self.values)
        valid = bool(self._validator.is_valid(obj))
        return valid if self.kind == "if" else not valid

    @property
    def simple(self) -> tuple[str, tuple[Any, ...]] | None:
        """(field, values) when a browser can test this guard by itself, else None."""
        if self.kind == "choice":
            return self.field, self.values
        return None


@dataclass(frozen=True, slots=True)
class Choice:
    """One choice of a select, radios or checkboxes: the JSON value and its label."""

    value: Any
    label: Text | None

    @property
    def token(self) -> str:
        """The value as sent by the browser."""
        if isinstance(self.value, bool):
            return "true" if self.value else "false"
        return str(self.value)

    def text(self, lang: str) -> str:
        if self.label is not None:
            return self.label.get(lang)
        if isinstance(self.value, bool):
            from flask_babel import gettext

            return gettext("Yes") if self.value else gettext("No")
        return self.token


@dataclass(frozen=True, eq=False)
class FieldSpec:
    """One field of a page (or of a group inside it), ready to render, read and check."""

    name: str
    kind: str
    schema: dict[str, Any]
    json_type: str | None = None
    label: Text | None = None
    noun: Text | None = None
    help: Text | None = None
    placeholder: Text | None = None
    optional: bool = True
    choices: tuple[Choice, ...] = ()
    children: tuple[FieldSpec, ...] = ()
    item: FieldSpec | None = None
    item_label: Text | None = None
    #: Alternatives: shown when every guard of any one chain holds; ``()`` = always shown.
    guards: tuple[tuple[Guard, ...], ...] = ()
    max_items: int = 0
    default: Any = MISSING
    extras: dict[str, Any] = field(default_factory=dict)
    #: The field may hold ``null`` (its type list names it).
    nullable: bool = False
    #: The input's name (safe in HTML); ``name`` is the property name kept in the data.
    html: str = ""
    #: A choice that only selects which fields are shown; never stored.
    virtual: bool = False
    #: The alternatives a virtual chooser selects between (resolved schemas).
    variants: tuple[dict[str, Any], ...] = ()
    #: The heading of the run of fields this one starts or continues (``x-group``).
    group: Text | None = None

    def __post_init__(self) -> None:
        if not self.html:
            object.__setattr__(self, "html", self.name)

    @property
    def is_group(self) -> bool:
        return self.kind in ("fieldset", "address")

    @property
    def is_list(self) -> bool:
        return self.kind == "repeat"

    @property
    def conditional(self) -> bool:
        return bool(self.guards)

    def text_label(self, lang: str) -> str:
        return self.label.get(lang) if self.label is not None else self.name.replace("_", " ")

    def text_noun(self, lang: str) -> str:
        """The noun used in messages: x-noun, else the label in lower case."""
        if self.noun is not None:
            return self.noun.get(lang)
        label = self.text_label(lang)
        return label[:1].lower() + label[1:]

    def child(self, name: str) -> FieldSpec | None:
        return next((c for c in self.children if c.name == name), None)

    def shown_with(self, obj: dict[str, Any]) -> bool:
        """Whether the field is shown, given its object's data."""
        return not self.guards or any(all(g.holds(obj) for g in chain) for chain in self.guards)


@dataclass(frozen=True, eq=False)
class PageSpec:
    """A whole page: its fields (the children of the page's object schema)."""

    page_id: str
    root: FieldSpec

    @property
    def fields(self) -> tuple[FieldSpec, ...]:
        return self.root.children

    def find(self, path: Path) -> FieldSpec | None:
        """The spec of the field at ``path`` (array positions step into the item)."""
        spec: FieldSpec | None = self.root
        for part in path:
            if spec is None:
                return None
            spec = spec.item if isinstance(part, int) else spec.child(part)
        return spec
