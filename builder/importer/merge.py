"""A three-way merge of JSON documents: a re-imported record over a draft an administrator edited.

``base`` is the definition as last imported, ``mine`` the draft as the administrator left it,
``theirs`` the definition imported now. What only one side changed is taken from that side; what
both changed differently is a :class:`Conflict`, kept as the administrator left it unless its
pointer is in ``take_theirs`` (their choice, made on the studio's review page). Objects merge key
by key; lists of objects with unique ``id`` merge item by item (order: the draft's, then items new
in the import); other lists of the same length merge by position; anything else is one value.
A conflict's pointer names list items merged by id by their id (``/cases/standard/fees``), so a
choice still applies when the draft's items were reordered.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()
"""A key absent on one side (a value of its own, distinct from null)."""


@dataclass(frozen=True)
class Conflict:
    pointer: str
    base: Any
    mine: Any
    theirs: Any


def _escape(key: Any) -> str:
    return str(key).replace("~", "~0").replace("/", "~1")


def _ids(value: Any) -> list[str] | None:
    if not isinstance(value, list) or not all(isinstance(i, dict) and isinstance(i.get("id"), str) for i in value):
        return None
    ids = [i["id"] for i in value]
    return ids if len(set(ids)) == len(ids) else None


def merge3(base: Any, mine: Any, theirs: Any, take_theirs: Collection[str] = (),
           at: str = "") -> tuple[Any, list[Conflict]]:
    """(the merged value, the conflicts found) — see the module's docstring."""
    if mine == theirs:
        return mine, []
    if mine == base:
        return theirs, []
    if theirs == base:
        return mine, []
    if all(isinstance(v, dict) for v in (base, mine, theirs)):
        merged: dict[str, Any] = {}
        conflicts: list[Conflict] = []
        for key in list(mine) + [k for k in theirs if k not in mine]:
            value, found = merge3(base.get(key, MISSING), mine.get(key, MISSING), theirs.get(key, MISSING),
                                  take_theirs, f"{at}/{_escape(key)}")
            conflicts.extend(found)
            if value is not MISSING:
                merged[key] = value
        return merged, conflicts
    ids = [_ids(v) for v in (base, mine, theirs)]
    if all(i is not None for i in ids):
        return _merge_by_id(base, mine, theirs, take_theirs, at)
    if all(isinstance(v, list) for v in (base, mine, theirs)) and len(base) == len(mine) == len(theirs):
        items, conflicts = [], []
        for n, (b, m, t) in enumerate(zip(base, mine, theirs, strict=True)):
            value, found = merge3(b, m, t, take_theirs, f"{at}/{n}")
            items.append(value)
            conflicts.extend(found)
        return items, conflicts
    conflict = Conflict(at or "/", base, mine, theirs)
    return (theirs if (at or "/") in take_theirs else mine), [conflict]


def _merge_by_id(base: list[dict[str, Any]], mine: list[dict[str, Any]], theirs: list[dict[str, Any]],
                 take_theirs: Collection[str], at: str) -> tuple[list[Any], list[Conflict]]:
    b, m, t = ({i["id"]: i for i in side} for side in (base, mine, theirs))
    order = [i["id"] for i in mine] + [i["id"] for i in theirs if i["id"] not in m and i["id"] not in b]
    items: list[Any] = []
    conflicts: list[Conflict] = []
    for item_id in order:
        value, found = merge3(b.get(item_id, MISSING), m.get(item_id, MISSING), t.get(item_id, MISSING),
                              take_theirs, f"{at}/{_escape(item_id)}")
        conflicts.extend(found)
        if value is not MISSING:
            items.append(value)
    return items, conflicts
