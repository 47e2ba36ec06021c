"""The address picker: province, then commune (2025 units), then the street.

Without JavaScript the commune list is the chosen province's, refreshed by the
"Update communes" button; with JavaScript it follows the province live.
"""

from __future__ import annotations

from typing import Any

from .. import admin_units
from ..spec import FieldSpec
from .base import FieldKind

PROVINCE = "province_code"
COMMUNE = "commune_code"
STREET = "street"


class ProvinceKind(FieldKind):
    """The province select of an address (its value is the 2-digit code)."""

    names = ("province",)
    keys = {"required": "required.choice", "pattern": "enum", "enum": "enum"}  # noqa: RUF012

    def display(self, spec: FieldSpec, value: Any, lang: str) -> str:
        return admin_units.province_name(str(value)) or self.raw(spec, value)


class CommuneKind(FieldKind):
    """The commune select of an address (its value is the 5-digit code)."""

    names = ("commune",)
    keys = {"required": "required.choice", "pattern": "enum", "enum": "enum"}  # noqa: RUF012

    def display(self, spec: FieldSpec, value: Any, lang: str) -> str:
        return admin_units.commune_name(None, str(value)) or self.raw(spec, value)


def child_kind(name: str, default: str) -> str:
    """The kind of a child of an address group."""
    return {PROVINCE: "province", COMMUNE: "commune"}.get(name, default)


def describe(value: Any) -> str:
    """An address in one line: street, commune, province."""
    if not isinstance(value, dict):
        return ""
    province = value.get(PROVINCE)
    parts = [value.get(STREET) or "",
             admin_units.commune_name(province, str(value.get(COMMUNE, ""))) or "",
             admin_units.province_name(str(province or "")) or ""]
    return ", ".join(p for p in parts if p)
