"""Numbers: whole numbers, decimals and amounts in dong (VND)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar

from ..spec import MISSING, FieldSpec
from .base import FieldKind, Problem, clean

_INTEGER = re.compile(r"^-?[0-9]{1,18}$")
_DECIMAL = re.compile(r"^-?[0-9]{1,18}(?:[.,][0-9]{1,12})?$")
_MONEY = re.compile(r"^(?:[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]{1,18})$")
_CURRENCY = re.compile(r"\s*(?:đ|₫|vnđ|vnd|đồng|dong)$", re.IGNORECASE)


def format_number(value: Any) -> str:
    """A JSON number as typed: no exponent, no needless ``.0``."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "" if value is None else str(value)
    if isinstance(value, int):
        return str(value)
    if value.is_integer() and abs(value) < 1e18:
        return str(int(value))
    text = format(Decimal(repr(value)), "f")
    return text


def format_money(value: Any) -> str:
    """An amount with dots between thousands: 1.500.000."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "" if value is None else str(value)
    if isinstance(value, float) and not value.is_integer():
        return format_number(value)
    return f"{int(value):,}".replace(",", ".")


class NumberKind(FieldKind):
    """A number; integers for ``type: integer``. A decimal may use a comma or a dot."""

    names = ("number",)
    inputmode = "numeric"
    spellcheck = False

    def convert(self, spec: FieldSpec, raw: Any) -> tuple[Any, Problem | None]:
        text = clean(raw).replace(" ", "")
        if not text:
            return MISSING, None
        integer_only = spec.json_type == "integer"
        if _INTEGER.match(text):
            return int(text), None
        if not integer_only and _DECIMAL.match(text):
            try:
                value = float(Decimal(text.replace(",", ".")))
            except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
                return MISSING, Problem("number")
            return (int(value) if value.is_integer() else value), None
        return MISSING, Problem("integer" if integer_only else "number")

    def raw(self, spec: FieldSpec, value: Any) -> Any:
        return "" if value is MISSING else format_number(value)

    def input_attrs(self, spec: FieldSpec) -> dict[str, Any]:
        attrs = super().input_attrs(spec)
        if spec.json_type != "integer":
            attrs["inputmode"] = "decimal"
        return attrs


class MoneyKind(FieldKind):
    """An amount in dong: typed with or without dots between thousands, shown with them."""

    names = ("money",)
    keys: ClassVar[dict[str, str]] = {"type": "money", "integer": "money", "number": "money"}
    inputmode = "numeric"
    spellcheck = False

    def convert(self, spec: FieldSpec, raw: Any) -> tuple[Any, Problem | None]:
        text = _CURRENCY.sub("", clean(raw)).replace(" ", "")
        if not text:
            return MISSING, None
        if not _MONEY.match(text):
            return MISSING, Problem("money")
        return int(text.replace(".", "")), None

    def raw(self, spec: FieldSpec, value: Any) -> Any:
        return "" if value is MISSING else format_money(value)

    def display(self, spec: FieldSpec, value: Any, lang: str) -> str:
        return f"{format_money(value)} đ"
