"""Fees: per-page tiers with a cap, exemptions with dates, online discounts, conditions."""

from __future__ import annotations

import datetime as dt

import pytest

from runtime.definitions import compile_procedure
from runtime.fees import compute_fees
from tests.definitions.helpers import minimal

FILED = dt.date(2026, 3, 2)


def _case(**fees):
    document = minimal()
    document["cases"][0]["fees"].update(fees)
    return compile_procedure(document).cases[0]


@pytest.mark.parametrize(("pages", "expected"), [
    (1, 2000), (2, 4000), (3, 5000), (5, 7000), (100, 102000), (198, 200000), (199, 200000), (500, 200000),
])
def test_certification_per_page_rule_when_a_document_has_n_pages(pages, expected):
    # 2,000 VND a page, 1,000 from page 3, at most 200,000 a copy (2.000815).
    case = _case()
    fees = compute_fees(case, {"copies": 1}, filed_on=FILED, channel="in-person", page_counts={"document": [pages]})
    assert next(x for x in fees.lines if x.item_id == "pages").amount == expected


def test_per_page_fee_counts_every_document_and_every_copy():
    case = _case()
    fees = compute_fees(case, {"copies": 3}, filed_on=FILED, channel="in-person",
                        page_counts={"document": [2, 5]})
    assert next(x for x in fees.lines if x.item_id == "pages").amount == (4000 + 7000) * 3


def test_per_page_fee_uses_the_shipped_certification_procedure():
    from runtime.definitions import load_procedure
    from runtime.paths import procedures_dir

    path = procedures_dir() / "2.000815" / "procedure.json"
    if not path.exists():
        pytest.skip("2.000815 not in the catalog")
    case = load_procedure(path).cases[0]
    item = next(i for i in case.fees.items if i.kind == "per-page")
    data = {item.quantity.field.strip("/"): 2} if item.quantity and item.quantity.field else {}
    fees = compute_fees(case, data, filed_on=FILED, channel="in-person", page_counts={item.component: [5]})
    copies = 2 if data else 1
    assert next(x for x in fees.lines if x.item_id == item.id).gross == 7000 * copies


@pytest.mark.parametrize(("day", "exempt"), [
    (dt.date(2024, 12, 31), False), (dt.date(2025, 1, 1), True), (dt.date(2025, 12, 31), True),
    (dt.date(2026, 1, 1), False),
])
def test_exemption_applies_only_on_dates_it_is_valid(day, exempt):
    case = _case()  # "promo" exempts "base" (10,000) during 2025
    line = next(x for x in compute_fees(case, {}, filed_on=day, channel="online").lines if x.item_id == "base")
    assert line.gross == 10000
    assert line.amount == (0 if exempt else 10000)
    assert (line.exemption_reason is not None) is exempt


def test_exemptions_do_not_stack_the_largest_applies():
    case = _case(exemptions=[
        {"id": "half", "reason": {"vi": "Giảm 50%", "en": "Half"}, "percent": 50},
        {"id": "most", "reason": {"vi": "Giảm 80%", "en": "Most"}, "percent": 80, "items": ["base"]}])
    line = next(x for x in compute_fees(case, {}, filed_on=FILED, channel="in-person").lines if x.item_id == "base")
    assert line.exemption == 8000 and line.amount == 2000 and line.exemption_reason.en == "Most"


def test_conditional_exemption_needs_its_condition():
    case = _case(exemptions=[{"id": "kind-b", "reason": {"vi": "Loại B", "en": "Kind B"},
                              "when": {"properties": {"kind": {"const": "b"}}, "required": ["kind"]}}])
    lines = {k: compute_fees(case, {"kind": k}, filed_on=FILED, channel="in-person").lines for k in ("a", "b")}
    assert next(x for x in lines["a"] if x.item_id == "base").amount == 10000
    assert next(x for x in lines["b"] if x.item_id == "base").amount == 0


def test_online_discount_applies_only_online_and_after_exemptions():
    case = _case(exemptions=[], online_discount={"percent": 50, "from": "2026-01-01", "to": "2026-12-31"})
    online = compute_fees(case, {}, filed_on=FILED, channel="online")
    desk = compute_fees(case, {}, filed_on=FILED, channel="in-person")
    assert next(x for x in online.lines if x.item_id == "base").amount == 5000
    assert next(x for x in desk.lines if x.item_id == "base").amount == 10000
    expired = compute_fees(case, {}, filed_on=dt.date(2027, 1, 1), channel="online")
    assert next(x for x in expired.lines if x.item_id == "base").amount == 10000


def test_conditional_item_is_charged_only_when_its_condition_holds():
    case = _case(items=[{"id": "express", "name": {"vi": "Phí nhanh", "en": "Express"}, "kind": "fixed",
                         "amount": 50000, "when": {"properties": {"kind": {"const": "b"}}, "required": ["kind"]}}],
                 exemptions=[])
    assert compute_fees(case, {"kind": "a"}, filed_on=FILED, channel="online").total == 0
    assert compute_fees(case, {"kind": "b"}, filed_on=FILED, channel="online").total == 50000


def test_per_unit_quantity_from_a_field_and_missing_field_charges_nothing():
    case = _case(items=[{"id": "copy", "name": {"vi": "Bản sao", "en": "Copy"}, "kind": "per-unit",
                         "unit_price": 8000, "quantity": {"field": "/copies"}}], exemptions=[])
    assert compute_fees(case, {"copies": 3}, filed_on=FILED, channel="online").total == 24000
    assert compute_fees(case, {}, filed_on=FILED, channel="online").total == 0


def test_breakdown_separates_what_is_due_at_receipt_and_at_result():
    case = _case(items=[
        {"id": "now", "name": {"vi": "Nộp ngay", "en": "Now"}, "kind": "fixed", "amount": 1000},
        {"id": "later", "name": {"vi": "Nộp sau", "en": "Later"}, "kind": "fixed", "amount": 2000,
         "collect_at": "result"}], exemptions=[])
    fees = compute_fees(case, {}, filed_on=FILED, channel="online")
    assert (fees.due_at("receipt"), fees.due_at("result"), fees.total) == (1000, 2000, 3000)
    assert fees.to_dict()["total"] == 3000


def test_channel_bound_items_charge_by_how_the_dossier_was_filed():
    case = _case(items=[
        {"id": "online", "name": {"vi": "Trực tuyến", "en": "Online"}, "kind": "fixed", "amount": 150000,
         "channels": ["online", "postal"]},
        {"id": "desk", "name": {"vi": "Trực tiếp", "en": "In person"}, "kind": "fixed", "amount": 50000,
         "channels": ["in-person"]}], exemptions=[])
    assert compute_fees(case, {}, filed_on=FILED, channel="online").total == 150000
    assert compute_fees(case, {}, filed_on=FILED, channel="postal").total == 150000
    assert compute_fees(case, {}, filed_on=FILED, channel="in-person").total == 50000
