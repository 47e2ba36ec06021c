"""Repeatable groups: lists of values or of objects, added and removed without JavaScript.

The page's submit buttons ``add:<list>`` and ``remove:<list>:<i>`` re-render the
page with one item more or less; every value typed is kept. The number of items
is bounded by the schema's ``maxItems`` and by :data:`MAX_ITEMS`.
"""

from __future__ import annotations

from typing import Any

from wtforms.fields import FieldList
from wtforms.utils import unset_value

from ..spec import FieldSpec
from .base import read_marker

#: The most items any repeatable group may have, whatever the schema says.
MAX_ITEMS = 500
#: The most items of a repeatable group whose schema sets no ``maxItems``.
DEFAULT_ITEMS = 100
#: The hidden input that keeps an item of objects present when all its inputs are empty.
ITEM_MARKER = "__item"


class ListField(FieldList):
    """A repeatable group; its entries are the items in order."""

    def __init__(self, unbound_field: Any, label: str | None = None,
                 spec: FieldSpec | None = None, **kwargs: Any):
        super().__init__(unbound_field, label, **kwargs)
        self.spec = spec
        self.shown = True
        self.error: str | None = None
        self.anchor = ""
        self.empty = ""

    def process(self, formdata: Any, data: Any = unset_value, extra_filters: Any = None) -> None:
        super().process(formdata, data, extra_filters)
        self.empty = read_marker(formdata, self.name)

    @property
    def can_add(self) -> bool:
        return self.spec is not None and len(self.entries) < self.spec.max_items

    @property
    def add_id(self) -> str:
        return f"{self.id}-add"


def parse_action(action: str) -> tuple[str, str, int | None]:
    """``("add", "members", None)``, ``("remove", "members", 2)``, ``("refresh", "addr", None)``,
    or ``("continue", "", None)`` for anything else."""
    verb, _sep, rest = action.partition(":")
    if verb in ("add", "refresh") and rest:
        return verb, rest, None
    if verb == "remove":
        name, _sep, index = rest.rpartition(":")
        if name and index.isdigit() and len(index) < 6:
            return verb, name, int(index)
    if verb == "save":
        return verb, "", None
    return "continue", "", None
