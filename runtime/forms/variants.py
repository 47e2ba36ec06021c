"""Alternatives without a choice field: which one the stored data answers.

A ``oneOf``/``anyOf`` whose branches bring fields of their own but no field that
names the branch gets a virtual chooser (see :mod:`runtime.forms.compiler`).
The chooser is never stored; when a form is filled again from stored data, the
alternative is inferred: the branch whose own fields the data holds most of,
ties broken by the first branch the data is valid against.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import jsonschema_rs

from .spec import FieldSpec


def _valid(branch: dict[str, Any], data: dict[str, Any]) -> bool:
    try:
        return bool(jsonschema_rs.Draft202012Validator(branch, offline=True).is_valid(data))
    except (ValueError, jsonschema_rs.ReferencingError):  # a $ref outside the branch
        return False


def infer(spec: FieldSpec, data: dict[str, Any]) -> int | None:
    """The alternative of ``spec`` (a virtual chooser) the data answers, or None."""
    others = set()
    for branch in spec.variants:
        others |= set(branch.get("properties") or {})
    best: tuple[int, int, int] | None = None
    for i, branch in enumerate(spec.variants):
        own = set(branch.get("properties") or {})
        score = len(own & set(data))
        if score == 0:
            continue
        rank = (score, 1 if _valid(branch, data) else 0, -i)
        if best is None or rank > best:
            best = rank
    return None if best is None else -best[2]


def infer_choosers(specs: Iterable[FieldSpec], data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with the value of every virtual chooser it does not hold yet, inferred."""
    out = data
    for spec in specs:
        if spec.virtual and spec.name not in data:
            found = infer(spec, data)
            if found is not None:
                out = {**out, spec.name: found} if out is data else out
                out[spec.name] = found
    return out
