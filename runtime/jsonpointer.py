"""Reading a value at a JSON pointer (RFC 6901) in eForm data."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def value_at(data: Any, pointer: str) -> Any:
    """The value at ``pointer`` (e.g. ``/mother_address/commune_code``), or None when absent."""
    value = data
    for part in pointer.strip("/").split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return value
