"""Reading a value at a JSON pointer (RFC 6901) in eForm data."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def value_at(data: Any, pointer: str) -> Any:
    """The value at ``pointer`` (e.g. ``/mother_address/commune_code``, ``/items/0``), or None
    when absent."""
    value = data
    for part in pointer.strip("/").split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        if isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
            continue
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return value
