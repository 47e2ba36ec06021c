"""Date relations (``x-date``) in the field editor: the form's values ↔ the keyword.

A date field may be on or before (``not_after``) and on or after (``not_before``) the
filing date or another date field of the same group, and within N days, months or years
of one of them (see :mod:`runtime.definitions.dates`). ``relation_values`` gives the form's
values for a field's ``x-date``; ``relation_from_form`` reads them back, giving back the
very same keyword when nothing was changed (no drift on save).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import lazy_gettext as _l

from runtime.definitions.dates import FILING, UNITS

from .form_edit import EditError, FieldRow

MAX_AMOUNT = 1200


def siblings(rows: list[FieldRow], row: FieldRow) -> list[str]:
    """The other date fields a relation of ``row`` may name (those of its group)."""
    return [r.name.rpartition(".")[2] for r in rows
            if r.parent == row.parent and r.kind == "date" and r.name != row.name]


def relation_values(relation: Any) -> dict[str, str]:
    """The form's values for a field's ``x-date`` (empty strings when absent)."""
    relation = relation if isinstance(relation, Mapping) else {}
    within = relation.get("within") if isinstance(relation.get("within"), Mapping) else {}
    unit = next((u for u in UNITS if u in within), "days")
    return {"not_after": str(relation.get("not_after", "")), "not_before": str(relation.get("not_before", "")),
            "within_amount": str(within.get(unit, "")), "within_unit": unit,
            "within_of": str(within.get("of", FILING))}


def relation_from_form(form: Mapping[str, str], allowed: list[str], old: Any) -> dict[str, Any] | None:
    """The ``x-date`` the form asks for (None: no relation); ``old`` when unchanged.

    ``allowed`` names the sibling date fields; "filing" is always allowed, and so is
    whatever ``old`` already names (a hand-written reference is kept, not refused).
    """
    found = relation_values(old)
    kept = set(allowed) | {FILING} | {found[k] for k in ("not_after", "not_before", "within_of") if found[k]}
    relation: dict[str, Any] = {}
    for key in ("not_after", "not_before"):
        value = str(form.get(f"date_{key}", "")).strip()
        if value:
            if value not in kept:
                raise EditError(_l("Choose the filing date or another date field of this page"))
            relation[key] = value
    amount = str(form.get("within_amount", "")).strip()
    if amount:
        if not amount.isdigit() or int(amount) > MAX_AMOUNT:
            raise EditError(_l("Enter the number of days, months or years as a whole number from 0 to 1200"))
        unit, of = str(form.get("within_unit", "days")), str(form.get("within_of", FILING)).strip() or FILING
        if unit not in UNITS:
            raise EditError(_l("Choose days, months or years"))
        if of not in kept:
            raise EditError(_l("Choose the filing date or another date field of this page"))
        relation["within"] = {unit: int(amount), "of": of}
    if not relation:
        return None
    return old if relation == old else relation
