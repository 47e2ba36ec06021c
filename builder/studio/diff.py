"""A reviewer's diff between two versions: metadata, fields, components, fees, steps.

Pure: two documents in, a list of :class:`Change` out, each saying what kind
of thing changed, where, and how (added, removed, changed), with the old and
new values summarised as short text.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

METADATA = ("version", "name", "short_name", "sector", "level", "agency_kind", "applicant_types",
            "channels", "online_level", "effective_from", "effective_to", "legal_basis", "requirements")


@dataclass(frozen=True)
class Change:
    area: str    # metadata | case | page | field | component | fee | step
    where: str   # e.g. "birth / child / child_name"
    how: str     # added | removed | changed
    old: str = ""
    new: str = ""


def _short(value: Any, limit: int = 160) -> str:
    if value is None:
        return ""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _by_id(items: Any, key: str = "id") -> dict[str, Any]:
    return {str(i.get(key)): i for i in items or [] if isinstance(i, Mapping)}


def _compare(area: str, where: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> Iterator[Change]:
    for name in list(old) + [n for n in new if n not in old]:
        path = f"{where} / {name}" if where else name
        if name not in new:
            yield Change(area, path, "removed", _short(old[name]))
        elif name not in old:
            yield Change(area, path, "added", "", _short(new[name]))
        elif old[name] != new[name]:
            yield Change(area, path, "changed", _short(old[name]), _short(new[name]))


def _fields(page: Mapping[str, Any]) -> dict[str, Any]:
    schema = page.get("schema") or {}
    return dict(schema.get("properties") or {})


def _conditional(page: Mapping[str, Any]) -> dict[str, Any]:
    """Fields shown under a rule, by name, with the rule's condition beside them."""
    found: dict[str, Any] = {}
    for rule in (page.get("schema") or {}).get("allOf") or []:
        if isinstance(rule, Mapping) and isinstance(rule.get("then"), Mapping):
            for name, schema in (rule["then"].get("properties") or {}).items():
                found[name] = {"when": rule.get("if"), "field": schema}
    return found


def _rules_pairs(page_a: Mapping[str, Any], page_b: Mapping[str, Any]):
    yield _conditional(page_a), _conditional(page_b)


def diff_documents(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    changes: list[Change] = []
    changes.extend(_compare("metadata", "", {k: old[k] for k in METADATA if k in old},
                            {k: new[k] for k in METADATA if k in new}))
    old_cases, new_cases = _by_id(old.get("cases")), _by_id(new.get("cases"))
    for case_id in list(old_cases) + [c for c in new_cases if c not in old_cases]:
        if case_id not in new_cases or case_id not in old_cases:
            how = "removed" if case_id not in new_cases else "added"
            changes.append(Change("case", case_id, how))
        a, b = old_cases.get(case_id, {}), new_cases.get(case_id, {})
        pages_a, pages_b = _by_id((a.get("form") or {}).get("pages")), _by_id((b.get("form") or {}).get("pages"))
        for page_id in list(pages_a) + [p for p in pages_b if p not in pages_a]:
            where = f"{case_id} / {page_id}"
            if page_id not in pages_b or page_id not in pages_a:
                changes.append(Change("page", where, "removed" if page_id not in pages_b else "added"))
            page_a, page_b = pages_a.get(page_id, {}), pages_b.get(page_id, {})
            changes.extend(_compare("field", where, _fields(page_a), _fields(page_b)))
            for rule_a, rule_b in _rules_pairs(page_a, page_b):
                changes.extend(_compare("field", f"{where} (conditional)", rule_a, rule_b))
            required_a = (page_a.get("schema") or {}).get("required")
            required_b = (page_b.get("schema") or {}).get("required")
            if required_a != required_b:
                changes.append(Change("field", f"{where} (required)", "changed",
                                      _short(required_a), _short(required_b)))
        changes.extend(_compare("component", case_id, _by_id(a.get("components")), _by_id(b.get("components"))))
        fees_a, fees_b = a.get("fees") or {}, b.get("fees") or {}
        changes.extend(_compare("fee", case_id, _by_id(fees_a.get("items")), _by_id(fees_b.get("items"))))
        rest_a = {k: v for k, v in fees_a.items() if k != "items"}
        rest_b = {k: v for k, v in fees_b.items() if k != "items"}
        changes.extend(_compare("fee", f"{case_id} (rules)", rest_a, rest_b))
    steps_a = _by_id((old.get("processing") or {}).get("steps"))
    steps_b = _by_id((new.get("processing") or {}).get("steps"))
    changes.extend(_compare("step", "", steps_a, steps_b))
    return changes
