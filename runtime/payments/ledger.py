"""How a payment confirmation changes a dossier: idempotent, amount-checked, logged."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from ..dossiers.model import Dossier
from .base import CallbackResult


class ConfirmationOutcome(StrEnum):
    CONFIRMED = "confirmed"
    """The payment is recorded as paid."""
    FAILED = "failed"
    """The gateway reports the payment failed or was cancelled."""
    ALREADY_CONFIRMED = "already_confirmed"
    """A replay: nothing changes."""
    UNKNOWN_PAYMENT = "unknown_payment"
    AMOUNT_MISMATCH = "amount_mismatch"


@dataclass(frozen=True, slots=True)
class Confirmation:
    outcome: ConfirmationOutcome
    changed: bool


def new_payment(dossier: Dossier, amount: int, gateway: str, now: dt.datetime) -> dict[str, Any]:
    """Record a pending payment attempt on the dossier and return it."""
    payment = {"txn_ref": f"{dossier.id}-{secrets.token_hex(4)}", "amount": amount, "gateway": gateway,
               "status": "pending", "created_at": now.isoformat(), "confirmed_at": None, "gateway_txn": None}
    dossier.payments.append(payment)
    return payment


def dossier_id_of(txn_ref: str) -> str:
    """The dossier a payment reference belongs to (references are ``<dossier id>-<random>``)."""
    return txn_ref.split("-", 1)[0]


def paid_total(dossier: Dossier) -> int:
    return sum(p["amount"] for p in dossier.payments if p.get("status") == "paid")


def apply_confirmation(dossier: Dossier, result: CallbackResult, now: dt.datetime) -> ConfirmationOutcome:
    """Apply a verified gateway confirmation to the dossier (in place).

    Only a confirmation for a pending payment of exactly the expected amount
    marks it paid; a replay of an applied confirmation changes nothing.
    """
    payment = next((p for p in dossier.payments if p["txn_ref"] == result.txn_ref), None)
    if payment is None:
        return ConfirmationOutcome.UNKNOWN_PAYMENT
    if payment["status"] in ("paid", "failed"):
        return ConfirmationOutcome.ALREADY_CONFIRMED
    if result.amount != payment["amount"]:
        dossier.append_event(actor="gateway", action="payment.amount_mismatch", at=now,
                             data={"txn_ref": result.txn_ref, "expected": payment["amount"],
                                   "reported": result.amount})
        return ConfirmationOutcome.AMOUNT_MISMATCH
    payment["status"] = "paid" if result.success else "failed"
    payment["confirmed_at"] = now.isoformat()
    payment["gateway_txn"] = result.gateway_txn
    dossier.append_event(actor="gateway", action="payment.confirmed" if result.success else "payment.failed",
                         at=now, data={"txn_ref": result.txn_ref, "amount": result.amount,
                                       "gateway_txn": result.gateway_txn, "code": result.response_code})
    return ConfirmationOutcome.CONFIRMED if result.success else ConfirmationOutcome.FAILED
