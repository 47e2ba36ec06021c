"""Field kinds: one module per kind of field, each turning input into JSON and back.

Leaf kinds (text, numbers, dates, choices, domain widgets) are looked up by
their widget name with :func:`kind_of`; groups (``group``) and repeatable
lists (``repeat``) build the nested WTForms fields around them.
"""

from __future__ import annotations

import functools

from ..spec import FieldSpec
from .address import CommuneKind, ProvinceKind
from .base import FieldKind, Problem, RawField, RawListField
from .boolean import CheckboxKind
from .choice import MultiChoiceKind, SingleChoiceKind
from .date import DateKind, DateTimeKind, TimeKind
from .json import ConstKind, JsonKind
from .number import MoneyKind, NumberKind
from .text import CitizenIdKind, EmailKind, PhoneKind, TaxCodeKind, TextareaKind, TextKind

_CLASSES: tuple[type[FieldKind], ...] = (
    TextKind, TextareaKind, EmailKind, PhoneKind, CitizenIdKind, TaxCodeKind, NumberKind,
    MoneyKind, DateKind, SingleChoiceKind, MultiChoiceKind, CheckboxKind, ProvinceKind,
    CommuneKind, TimeKind, DateTimeKind, ConstKind, JsonKind)


@functools.cache
def _registry() -> dict[str, FieldKind]:
    return {name: cls() for cls in _CLASSES for name in cls.names}


def kind_of(spec: FieldSpec) -> FieldKind:
    """The behaviour of a leaf field (text for a widget name it does not know)."""
    registry = _registry()
    return registry.get(spec.kind) or registry["text"]


def leaf_kinds() -> frozenset[str]:
    """Every widget name a leaf field may have."""
    return frozenset(_registry())


__all__ = ["FieldKind", "Problem", "RawField", "RawListField", "kind_of", "leaf_kinds"]
