"""Compute a dossier's fees from its case's fee rules.

Amounts are whole VND. Rules, in order, per item:

1. an item applies when its ``when`` condition holds for the eForm data and
   the dossier was filed through one of its ``channels`` (all when omitted);
2. its gross amount: ``fixed`` → amount; ``per-unit`` → unit price × quantity
   (a constant or a numeric field), capped; ``per-page`` → for each attached
   document, the tiered price of its pages (page 1 … n, each at the price of
   the highest tier starting at or before it), capped per copy, times the
   number of copies;
3. exemptions valid on the filing date whose condition holds: the largest
   percentage among them applies (exemptions do not stack);
4. the online discount, for online filing on a date it is valid, applies to
   what remains.

Reductions are rounded half up to the đồng.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ..definitions.model import Case, FeeItem, Quantity, Text
from ..jsonpointer import value_at


@dataclass(frozen=True, slots=True)
class FeeLine:
    """One fee item as charged."""

    item_id: str
    name: Text
    gross: int
    """Before exemptions and discounts."""
    exemption: int
    """Taken off by an exemption (0 when none)."""
    exemption_reason: Text | None
    discount: int
    """Taken off for online filing."""
    amount: int
    """What is due."""
    collect_at: str
    detail: str
    """How the gross amount was computed, e.g. "5 trang × 1 bản"."""


@dataclass(frozen=True, slots=True)
class FeeBreakdown:
    lines: tuple[FeeLine, ...]

    @property
    def total(self) -> int:
        return sum(line.amount for line in self.lines)

    def due_at(self, moment: str) -> int:
        """What is due at ``receipt``, ``supplement`` or ``result``."""
        return sum(line.amount for line in self.lines if line.collect_at == moment)

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "lines": [
                {"item_id": x.item_id, "name": {"vi": x.name.vi, "en": x.name.en}, "gross": x.gross,
                 "exemption": x.exemption,
                 "exemption_reason": None if x.exemption_reason is None else
                 {"vi": x.exemption_reason.vi, "en": x.exemption_reason.en},
                 "discount": x.discount, "amount": x.amount, "collect_at": x.collect_at, "detail": x.detail}
                for x in self.lines],
        }


def _percent_of(amount: int, percent: float) -> int:
    value = Decimal(amount) * Decimal(str(percent)) / Decimal(100)
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _quantity(quantity: Quantity | None, data: Mapping[str, Any], default: int = 1) -> int:
    if quantity is None:
        return default
    if quantity.const is not None:
        return quantity.const
    value = value_at(data, quantity.field or "")
    if isinstance(value, bool) or not isinstance(value, int | float):
        return 0
    return max(int(value), 0)


def page_price(item: FeeItem, pages: int) -> int:
    """The tiered price of one copy of a ``pages``-page document, capped."""
    total = 0
    tiers = sorted(item.tiers, key=lambda t: t.from_page)
    for i, tier in enumerate(tiers):
        last = tiers[i + 1].from_page - 1 if i + 1 < len(tiers) else pages
        counted = max(0, min(pages, last) - tier.from_page + 1)
        total += counted * tier.price
    return min(total, item.cap) if item.cap is not None else total


def _gross(item: FeeItem, data: Mapping[str, Any], page_counts: Mapping[str, Sequence[int]]) -> tuple[int, str]:
    if item.kind == "fixed":
        return item.amount or 0, ""
    if item.kind == "per-unit":
        units = _quantity(item.quantity, data, default=0)
        gross = (item.unit_price or 0) * units
        return (min(gross, item.cap) if item.cap is not None else gross), f"{units} × {item.unit_price}"
    copies = _quantity(item.quantity, data, default=1)
    documents = page_counts.get(item.component or "", ())
    per_copy = [page_price(item, pages) for pages in documents]
    detail = " + ".join(f"{pages}p" for pages in documents)
    return sum(per_copy) * copies, f"({detail}) × {copies}"


def compute_fees(case: Case, data: Mapping[str, Any], *, filed_on: dt.date, channel: str,
                 page_counts: Mapping[str, Sequence[int]] | None = None) -> FeeBreakdown:
    """The fees due for a dossier of ``case`` with eForm ``data``.

    ``page_counts`` maps a component id to the page count of each PDF attached
    to it (from the verified uploads).
    """
    page_counts = page_counts or {}
    fees = case.fees
    lines = []
    for item in fees.items:
        if item.when is not None and not item.when.holds(data):
            continue
        if item.channels is not None and channel not in item.channels:
            continue
        gross, detail = _gross(item, data, page_counts)
        best = None
        for exemption in fees.exemptions:
            if exemption.items is not None and item.id not in exemption.items:
                continue
            if not exemption.valid_on(filed_on):
                continue
            if exemption.when is not None and not exemption.when.holds(data):
                continue
            if best is None or exemption.percent > best.percent:
                best = exemption
        exempted = _percent_of(gross, best.percent) if best else 0
        discount = 0
        offer = fees.online_discount
        if (channel == "online" and offer is not None and offer.valid_on(filed_on)
                and (offer.items is None or item.id in offer.items)):
            discount = _percent_of(gross - exempted, offer.percent)
        lines.append(FeeLine(item.id, item.name, gross, exempted, best.reason if best else None, discount,
                             gross - exempted - discount, item.collect_at, detail))
    return FeeBreakdown(tuple(lines))
