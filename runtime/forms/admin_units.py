"""The 2025 administrative units (34 provinces, 3,321 communes) for the address picker.

Read once from ``data/admin_units_2025.json`` (derived by ``builder/admin_units.py``
from an MIT-licensed data set: see ``data/LICENSE.admin-units``).
"""

from __future__ import annotations

import functools
import unicodedata
from pathlib import Path
from typing import Any

import orjson

DATA_FILE = Path(__file__).resolve().parent / "data" / "admin_units_2025.json"


_PREFIXES = ("Thành phố ", "Tỉnh ", "Phường ", "Xã ", "Đặc khu ")


def _sort_key(name: str) -> str:
    """Sort by the proper name ("Bắc Ninh", not "Tỉnh Bắc Ninh"), ignoring diacritics."""
    for prefix in _PREFIXES:
        if name.startswith(prefix):
            name = name[len(prefix):]
            break
    folded = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in folded if not unicodedata.combining(ch)).lower()


@functools.cache
def units() -> dict[str, Any]:
    """``{province_code: {"name": ..., "communes": {code: name}}}``."""
    return orjson.loads(DATA_FILE.read_bytes())


@functools.cache
def provinces() -> tuple[tuple[str, str], ...]:
    """(code, name) of every province, by name."""
    return tuple(sorted(((code, p["name"]) for code, p in units().items()),
                        key=lambda item: _sort_key(item[1])))


@functools.cache
def communes(province_code: str) -> tuple[tuple[str, str], ...]:
    """(code, name) of the communes of a province, by name; none for an unknown code."""
    province = units().get(province_code)
    if province is None:
        return ()
    return tuple(sorted(province["communes"].items(), key=lambda item: _sort_key(item[1])))


def province_name(code: str) -> str | None:
    province = units().get(code)
    return province["name"] if province else None


def commune_name(province_code: str | None, code: str) -> str | None:
    """The commune's name, looked up in its province (or in every province)."""
    if province_code and province_code in units():
        return units()[province_code]["communes"].get(code)
    for province in units().values():
        if code in province["communes"]:
            return province["communes"][code]
    return None


@functools.cache
def as_json() -> bytes:
    """The compact data for the browser's live commune filter."""
    compact = {code: [[c, n] for c, n in communes(code)] for code, _name in provinces()}
    return orjson.dumps(compact)
