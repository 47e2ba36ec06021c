"""Walking an eForm's JSON Schema: which fields exist, and which a condition names."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

_SUBSCHEMA_LISTS = ("allOf", "anyOf", "oneOf")
_SUBSCHEMAS = ("then", "else")


@dataclass(frozen=True, slots=True)
class FieldInfo:
    """A field found in an eForm: its JSON pointer into the data and its schema."""

    pointer: str
    schema: dict[str, Any]
    json_pointer: str  # where the field's schema stands in the definition document

    @property
    def type(self) -> str | None:
        return self.schema.get("type")


def _resolve(schema: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        target = defs.get(ref.removeprefix("#/$defs/"))
        if isinstance(target, dict):
            return {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
    return schema


def iter_fields(
    schema: dict[str, Any], defs: dict[str, Any], base: str = "", doc_at: str = "",
    _depth: int = 0,
) -> Iterator[FieldInfo]:
    """Yield every field a data object may hold under ``schema`` (recursively)."""
    if _depth > 32:  # refs that loop back on themselves: stop, the checker reports them
        return
    schema = _resolve(schema, defs)
    for name, sub in (schema.get("properties") or {}).items():
        if not isinstance(sub, dict):
            continue
        here = f"{base}/{name}"
        at = f"{doc_at}/properties/{name}"
        resolved = _resolve(sub, defs)
        yield FieldInfo(here, resolved, at)
        yield from iter_fields(resolved, defs, here, at, _depth + 1)
    for key in _SUBSCHEMAS:
        if isinstance(schema.get(key), dict):
            yield from iter_fields(schema[key], defs, base, f"{doc_at}/{key}", _depth + 1)
    for key in _SUBSCHEMA_LISTS:
        for i, sub in enumerate(schema.get(key) or ()):
            if isinstance(sub, dict):
                yield from iter_fields(sub, defs, base, f"{doc_at}/{key}/{i}", _depth + 1)
    for name, sub in (schema.get("dependentSchemas") or {}).items():
        if isinstance(sub, dict):
            yield from iter_fields(sub, defs, base, f"{doc_at}/dependentSchemas/{name}", _depth + 1)


def condition_references(condition: Any, base: str = "") -> Iterator[str]:
    """Yield the field pointers a condition schema names (in ``properties`` or ``required``)."""
    if not isinstance(condition, dict):
        return
    for name in condition.get("required") or ():
        yield f"{base}/{name}"
    for name, sub in (condition.get("properties") or {}).items():
        yield f"{base}/{name}"
        yield from condition_references(sub, f"{base}/{name}")
    for key in ("not", "contains"):
        yield from condition_references(condition.get(key), base)
    for key in _SUBSCHEMA_LISTS:
        for sub in condition.get(key) or ():
            yield from condition_references(sub, base)


def passes_when_absent(condition: Any) -> list[str]:
    """Field names a condition tests in ``properties`` without requiring them.

    Such a condition is also true when the field is missing, which is rarely meant.
    """
    if not isinstance(condition, dict):
        return []
    required = set(condition.get("required") or ())
    loose = [n for n in (condition.get("properties") or {}) if n not in required]
    for key in ("allOf",):
        for sub in condition.get(key) or ():
            loose.extend(passes_when_absent(sub))
    return loose
