"""Reading the JSON Schema people write: draft-07 documents and local references.

:func:`upgrade` translates a draft-07 (or draft-06/04) document into the 2020-12
vocabulary the rest of the form compiler and the validator speak: ``definitions``
become ``$defs``, ``dependencies`` split into ``dependentRequired`` and
``dependentSchemas``, an ``items`` array becomes ``prefixItems`` (and
``additionalItems`` the new ``items``). :class:`Refs` resolves every local
``$ref`` (``#``, any JSON pointer, ``$anchor``); remote references are never
fetched.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote

from ..jsonpointer import value_at

#: A ``definitions`` step of a JSON pointer (not a property named so).
_DEFINITIONS = re.compile(r"(?<!/properties)/definitions/")
DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"
_OLD_DRAFTS = ("draft-07", "draft-06", "draft-04")
#: Keywords whose value is one subschema / a list of them / a map of them.
SUBSCHEMA = ("not", "if", "then", "else", "items", "contains", "additionalProperties",
             "propertyNames", "unevaluatedItems", "unevaluatedProperties", "additionalItems")
SUBSCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
SUBSCHEMA_MAPS = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")


def is_old_draft(schema: Any) -> bool:
    """Whether ``schema`` declares a draft before 2019-09 in its ``$schema``."""
    return isinstance(schema, dict) and any(d in str(schema.get("$schema", "")) for d in _OLD_DRAFTS)


def upgrade(schema: Any, old: bool | None = None) -> Any:
    """``schema`` in the 2020-12 vocabulary (a new value; the argument is not changed)."""
    if old is None:
        old = is_old_draft(schema)
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key == "$schema":
            continue
        if key in SUBSCHEMA and key != "items" and key != "additionalItems":
            out[key] = upgrade(value, old)
        elif key in SUBSCHEMA_LISTS and isinstance(value, list):
            out[key] = [upgrade(v, old) for v in value]
        elif key in SUBSCHEMA_MAPS and isinstance(value, dict):
            target = "$defs" if key == "definitions" and old else key
            out[target] = {**out.get(target, {}), **{k: upgrade(v, old) for k, v in value.items()}}
        elif key == "$ref" and old and isinstance(value, str):
            out[key] = _DEFINITIONS.sub("/$defs/", value) if value.startswith("#/") else value
        elif key == "dependencies" and old and isinstance(value, dict):
            required = {k: v for k, v in value.items() if isinstance(v, list)}
            schemas = {k: upgrade(v, old) for k, v in value.items() if not isinstance(v, list)}
            if required:
                out["dependentRequired"] = required
            if schemas:
                out["dependentSchemas"] = schemas
        elif key == "items" and isinstance(value, list):
            out["prefixItems"] = [upgrade(v, old) for v in value]
            if "additionalItems" in schema:
                out["items"] = upgrade(schema["additionalItems"], old)
        elif key == "items":
            out[key] = upgrade(value, old)
        elif key == "additionalItems":
            continue  # translated with an items array; meaningless without one
        else:
            out[key] = value
    if old and "$ref" in schema and len(schema) > 1:
        # draft-07: a $ref ignores its siblings
        return {"$ref": out["$ref"]}
    return out


def types_of(schema: dict[str, Any]) -> tuple[str, ...]:
    """The JSON types a schema names (``type`` as a string or a list)."""
    kind = schema.get("type")
    if isinstance(kind, list):
        return tuple(str(k) for k in kind)
    return (str(kind),) if isinstance(kind, str) else ()


def main_type(schema: dict[str, Any]) -> str | None:
    """The one non-null type of a field, or None (untyped, or several types)."""
    kinds = [k for k in types_of(schema) if k != "null"]
    if len(kinds) == 1:
        return kinds[0]
    if kinds == ["integer", "number"] or kinds == ["number", "integer"]:
        return "number"
    return None


def as_schema(value: Any) -> dict[str, Any]:
    """A subschema as a dict: ``true`` accepts anything, ``false`` nothing."""
    if value is True:
        return {}
    if value is False:
        return {"not": {}}
    return value if isinstance(value, dict) else {}


class Refs:
    """Local references of one document (a page's schema with the form's ``$defs``)."""

    def __init__(self, root: dict[str, Any]):
        self.root = root
        self._anchors: dict[str, Any] | None = None

    @classmethod
    def of(cls, schema: dict[str, Any], defs: dict[str, Any]) -> Refs:
        return cls({**schema, "$defs": {**defs, **(schema.get("$defs") or {})}})

    def anchors(self) -> dict[str, Any]:
        if self._anchors is None:
            found: dict[str, Any] = {}
            stack = [self.root]
            while stack:
                node = stack.pop()
                if isinstance(node, dict):
                    if isinstance(node.get("$anchor"), str):
                        found.setdefault(node["$anchor"], node)
                    stack.extend(v for v in node.values() if isinstance(v, dict | list))
                elif isinstance(node, list):
                    stack.extend(v for v in node if isinstance(v, dict | list))
            self._anchors = found
        return self._anchors

    def target(self, ref: str) -> Any:
        """The subschema ``ref`` points to, or None (remote or dangling)."""
        if not ref.startswith("#"):
            return None
        fragment = ref[1:]
        if fragment == "":
            return self.root
        if fragment.startswith("/"):
            return value_at(self.root, unquote(fragment))
        return self.anchors().get(unquote(fragment))

    def resolve(self, schema: Any, depth: int = 0) -> dict[str, Any]:
        """``schema`` with a local ``$ref`` replaced by its target (sibling keywords win)."""
        schema = as_schema(schema)
        ref = schema.get("$ref")
        if not isinstance(ref, str) or depth > 16:
            return schema
        target = self.target(ref)
        if target is None or target is schema:
            return schema
        merged = {**self.resolve(target, depth + 1), **{k: v for k, v in schema.items() if k != "$ref"}}
        return merged
