"""Pure edits of a case's dossier components and fees, and of the processing steps.

Each function returns a changed copy of the document or raises
:class:`~builder.studio.form_edit.EditError` with a message for the administrator.
Values arrive already parsed (numbers as int); the view turns form text into them.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from flask_babel import lazy_gettext as _l

from .form_edit import EditError
from .rules import condition

_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MEDIA_TYPES = ("application/pdf", "image/jpeg", "image/png")
SIGNERS = ("applicant", "trusted", "organisation")
FEE_KINDS = ("fixed", "per-unit", "per-page")
COLLECT_AT = ("receipt", "supplement", "result")
DURATION_UNITS = ("working-hours", "working-days", "calendar-days")
ACTION_KINDS = ("accept", "forward", "return", "request-supplement", "answer-supplement", "request-payment",
                "pay", "refuse", "approve", "issue-result", "transfer", "return-result", "withdraw")
SLIPS = ("01", "02", "03", "04", "05")


def _case(out: dict[str, Any], case: int) -> dict[str, Any]:
    try:
        if case < 0:
            raise IndexError(case)
        return out["cases"][case]
    except (KeyError, IndexError, TypeError) as exc:
        raise EditError(_l("This case does not exist")) from exc


def _check_id(value: str, taken: list[str]) -> None:
    if not _ID.match(value):
        raise EditError(_l("An id is lowercase words joined by hyphens, e.g. birth-notice"))
    if value in taken:
        raise EditError(_l("Another item here already has this id"))


def _text(vi: str, en: str) -> dict[str, str]:
    if not vi or not en:
        raise EditError(_l("Enter the name in Vietnamese and in English"))
    return {"vi": vi, "en": en}


def add_component(document: dict[str, Any], case: int, *, id: str, name_vi: str, name_en: str,
                  originals: int, copies: int, required: bool, media_types: list[str], max_size_mb: int,
                  signature: str, signer: str) -> dict[str, Any]:
    out = copy.deepcopy(document)
    components = _case(out, case).setdefault("components", [])
    _check_id(id, [c.get("id") for c in components])
    if not 0 <= originals <= 20 or not 0 <= copies <= 20:
        raise EditError(_l("Originals and copies are whole numbers from 0 to 20"))
    if not media_types or any(m not in MEDIA_TYPES for m in media_types):
        raise EditError(_l("Choose at least one kind of file"))
    if not 0 < max_size_mb <= 50:
        raise EditError(_l("The largest file size is from 1 to 50 MB"))
    component: dict[str, Any] = {"id": id, "name": _text(name_vi, name_en), "originals": originals,
                                 "copies": copies, "required": required, "media_types": media_types,
                                 "max_size_mb": max_size_mb}
    if signature == "required":
        if signer not in SIGNERS:
            raise EditError(_l("Choose who must sign"))
        if media_types != ["application/pdf"]:
            raise EditError(_l("A signed component accepts PDF files only"))
        component["signature"] = {"policy": "required", "signer": signer}
    components.append(component)
    return out


def remove_item(document: dict[str, Any], case: int, where: str, item_id: str) -> dict[str, Any]:
    """Remove a component (``where`` = components) or a fee item (``where`` = fees)."""
    out = copy.deepcopy(document)
    holder = _case(out, case)
    items = holder.get("components", []) if where == "components" else (holder.get("fees") or {}).get("items", [])
    kept = [i for i in items if i.get("id") != item_id]
    if len(kept) == len(items):
        raise EditError(_l("This item does not exist"))
    items[:] = kept
    return out


def _tiers(text: str) -> list[dict[str, int]]:
    """Tiers typed one per line as ``from_page: price``."""
    tiers = []
    for line in text.splitlines():
        if not line.strip():
            continue
        first, _, price = line.partition(":")
        if not first.strip().isdigit() or not price.strip().replace(".", "").isdigit():
            raise EditError(_l("Write each tier as from page: price, e.g. 1: 2000"))
        tiers.append({"from_page": int(first), "price": int(price.strip().replace(".", ""))})
    if not tiers:
        raise EditError(_l("A per-page fee needs at least one tier"))
    return tiers


def add_fee(document: dict[str, Any], case: int, *, id: str, name_vi: str, name_en: str, kind: str,
            amount: int | None, unit_price: int | None, quantity_field: str, component: str,
            tiers: str, cap: int | None, copies_field: str) -> dict[str, Any]:
    out = copy.deepcopy(document)
    fees = _case(out, case).setdefault("fees", {"items": []})
    items = fees.setdefault("items", [])
    _check_id(id, [i.get("id") for i in items])
    if kind not in FEE_KINDS:
        raise EditError(_l("Choose a kind of fee"))
    item: dict[str, Any] = {"id": id, "name": _text(name_vi, name_en), "kind": kind}
    if kind == "fixed":
        if amount is None or amount < 0:
            raise EditError(_l("Enter the amount in VND"))
        item["amount"] = amount
    elif kind == "per-unit":
        if unit_price is None or unit_price < 0 or not quantity_field:
            raise EditError(_l("Enter the price of one unit and the field that gives how many"))
        item["unit_price"] = unit_price
        item["quantity"] = {"field": "/" + quantity_field}
    else:
        known = [c.get("id") for c in _case(out, case).get("components", [])]
        if component not in known:
            raise EditError(_l("Choose the component whose pages are counted"))
        item["component"] = component
        item["tiers"] = _tiers(tiers)
        if copies_field:
            item["quantity"] = {"field": "/" + copies_field}
    if cap is not None:
        if cap < 0:
            raise EditError(_l("The cap is an amount in VND"))
        item["cap"] = cap
    items.append(item)
    return out


def _steps(out: dict[str, Any]) -> list[dict[str, Any]]:
    return out.setdefault("processing", {"start": "", "steps": []}).setdefault("steps", [])


_AGENCY_CODE = re.compile(r"^[0-9A-Z.]+$")


def _agency(resolve: str, level: str, code: str) -> dict[str, Any] | None:
    """Which agency handles a step: the previous step's, the applicant's commune/province, or a fixed one."""
    if not resolve:
        return None
    if resolve == "same":
        return {"resolve": "same"}
    if resolve == "applicant-address":
        if level not in ("commune", "province"):
            raise EditError(_l("Choose the level of the agency found from the applicant's address"))
        return {"resolve": "applicant-address", "level": level}
    if resolve == "fixed":
        if not _AGENCY_CODE.match(code):
            raise EditError(_l("Enter the agency's electronic code, e.g. 000.00.20.H29"))
        return {"resolve": "fixed", "code": code}
    raise EditError(_l("Choose how the agency is found"))


def add_step(document: dict[str, Any], *, id: str, name_vi: str, name_en: str, role: str, status: int,
             duration: float | None, unit: str, end: bool, resolve: str = "", level: str = "",
             agency_code: str = "") -> dict[str, Any]:
    out = copy.deepcopy(document)
    steps = _steps(out)
    _check_id(id, [s.get("id") for s in steps])
    if not _ID.match(role):
        raise EditError(_l("A role is lowercase words joined by hyphens, e.g. civil-status-officer"))
    if not 1 <= status <= 10:
        raise EditError(_l("The national status code is from 1 to 10"))
    step: dict[str, Any] = {"id": id, "name": _text(name_vi, name_en), "role": role, "status": status}
    agency = _agency(resolve, level, agency_code)
    if agency is not None:
        step["agency"] = agency
    if duration is not None:
        if not 0 < duration <= 3650 or unit not in DURATION_UNITS:
            raise EditError(_l("Enter a duration above 0 and its unit"))
        step["duration"] = {"amount": int(duration) if duration == int(duration) else duration, "unit": unit}
    if end:
        step["end"] = True
    else:
        step["actions"] = []
    steps.append(step)
    if not out["processing"].get("start"):
        out["processing"]["start"] = id
    return out


def add_action(document: dict[str, Any], step_id: str, *, id: str, name_vi: str, name_en: str, kind: str,
               to: str, slip: str) -> dict[str, Any]:
    out = copy.deepcopy(document)
    steps = _steps(out)
    step = next((s for s in steps if s.get("id") == step_id), None)
    if step is None or step.get("end"):
        raise EditError(_l("Choose a step that is not an end step"))
    actions = step.setdefault("actions", [])
    _check_id(id, [a.get("id") for a in actions])
    if kind not in ACTION_KINDS:
        raise EditError(_l("Choose what the action does"))
    if to not in [s.get("id") for s in steps]:
        raise EditError(_l("Choose the step the action leads to"))
    action: dict[str, Any] = {"id": id, "name": _text(name_vi, name_en), "kind": kind, "to": to}
    if slip:
        if slip not in SLIPS:
            raise EditError(_l("Choose a slip from the list"))
        action["slip"] = slip
    actions.append(action)
    return out


def remove_step(document: dict[str, Any], step_id: str, action_id: str = "") -> dict[str, Any]:
    """Remove one action of a step, or the whole step."""
    out = copy.deepcopy(document)
    steps = _steps(out)
    step = next((s for s in steps if s.get("id") == step_id), None)
    if step is None:
        raise EditError(_l("This step does not exist"))
    if action_id:
        before = len(step.get("actions", []))
        step["actions"] = [a for a in step.get("actions", []) if a.get("id") != action_id]
        if len(step["actions"]) == before:
            raise EditError(_l("This action does not exist"))
    else:
        steps.remove(step)
    return out


def set_start(document: dict[str, Any], step_id: str) -> dict[str, Any]:
    out = copy.deepcopy(document)
    if step_id not in [s.get("id") for s in _steps(out)]:
        raise EditError(_l("This step does not exist"))
    out["processing"]["start"] = step_id
    return out


def copy_case(document: dict[str, Any], case: int, *, id: str, name_vi: str, name_en: str) -> dict[str, Any]:
    """A new case starting as a copy of ``case`` (its form, components, fees and time limit)."""
    out = copy.deepcopy(document)
    source = copy.deepcopy(_case(out, case))
    _check_id(id, [c.get("id") for c in out["cases"]])
    source.update(id=id, name=_text(name_vi, name_en))
    out["cases"].append(source)
    return out


def update_case(document: dict[str, Any], case: int, *, name_vi: str, name_en: str, amount: float | None,
                unit: str) -> dict[str, Any]:
    """A case's name and its time limit (thời hạn giải quyết)."""
    out = copy.deepcopy(document)
    target = _case(out, case)
    target["name"] = {**target.get("name", {}), **_text(name_vi, name_en)}
    if amount is None or not 0 < amount <= 3650 or unit not in DURATION_UNITS:
        raise EditError(_l("Enter a duration above 0 and its unit"))
    limit = target.setdefault("time_limit", {})
    limit["amount"] = int(amount) if amount == int(amount) else amount
    limit["unit"] = unit
    return out


def remove_case(document: dict[str, Any], case: int) -> dict[str, Any]:
    out = copy.deepcopy(document)
    _case(out, case)
    if len(out["cases"]) == 1:
        raise EditError(_l("A procedure keeps at least one case"))
    del out["cases"][case]
    return out


def case_condition(document: dict[str, Any], case: int, rows: list[tuple[str, Any]],
                   names: set[str]) -> dict[str, Any]:
    """Which answers select a case: every row "field is value" must hold (no rows: the case has no condition).

    ``names`` are the case's field names; a row naming another field is refused.
    """
    out = copy.deepcopy(document)
    target = _case(out, case)
    if any(field not in names for field, _value in rows):
        raise EditError(_l("Choose a field of this case for the condition"))
    if len({field for field, _value in rows}) != len(rows):
        raise EditError(_l("Name each field once in the condition"))
    if rows:
        target["when"] = condition(rows)
    else:
        target.pop("when", None)
    return out


def component_condition(document: dict[str, Any], case: int, component: str,
                        when: tuple[str, Any] | None) -> dict[str, Any]:
    """Make a component required only when a field has a value (or always required again)."""
    out = copy.deepcopy(document)
    target = next((c for c in _case(out, case).get("components", []) if c.get("id") == component), None)
    if target is None:
        raise EditError(_l("This item does not exist"))
    if when is None:
        target.pop("when", None)
        target["required"] = True
    else:
        target.pop("required", None)
        target["when"] = condition([when])
    return out


def fee_rules(document: dict[str, Any], case: int, *, collect_at: str, discount: float | None,
              discount_from: str, discount_to: str) -> dict[str, Any]:
    """When fees are collected, and a reduction for dossiers filed online (with its dates)."""
    import datetime as dt

    out = copy.deepcopy(document)
    fees = _case(out, case).setdefault("fees", {"items": []})
    if collect_at not in COLLECT_AT:
        raise EditError(_l("Choose when the fees are collected"))
    fees["collect_at"] = collect_at
    if discount is None:
        fees.pop("online_discount", None)
        return out
    if not 0 < discount <= 100:
        raise EditError(_l("The online reduction is a percentage above 0 and at most 100"))
    offer: dict[str, Any] = {"percent": int(discount) if discount == int(discount) else discount}
    for key, raw in (("from", discount_from), ("to", discount_to)):
        if raw:
            try:
                offer[key] = dt.date.fromisoformat(raw).isoformat()
            except ValueError as exc:
                raise EditError(_l("Enter a real date, for example 2026-01-31")) from exc
    fees["online_discount"] = offer
    return out


def add_exemption(document: dict[str, Any], case: int, *, id: str, reason_vi: str, reason_en: str,
                  items: list[str], starts: str, ends: str) -> dict[str, Any]:
    """Exempt fee items (all when none is chosen), between optional dates."""
    import datetime as dt

    out = copy.deepcopy(document)
    fees = _case(out, case).setdefault("fees", {"items": []})
    exemptions = fees.setdefault("exemptions", [])
    _check_id(id, [e.get("id") for e in exemptions])
    known = [i.get("id") for i in fees.get("items", [])]
    if any(i not in known for i in items):
        raise EditError(_l("Choose fee items of this case"))
    exemption: dict[str, Any] = {"id": id, "reason": _text(reason_vi, reason_en)}
    if items:
        exemption["items"] = items
    dates = {}
    for key, raw in (("from", starts), ("to", ends)):
        if raw:
            try:
                dates[key] = dt.date.fromisoformat(raw)
            except ValueError as exc:
                raise EditError(_l("Enter a real date, for example 2026-01-31")) from exc
            exemption[key] = dates[key].isoformat()
    if "from" in dates and "to" in dates and dates["to"] < dates["from"]:
        raise EditError(_l("The exemption ends before it starts"))
    exemptions.append(exemption)
    return out
