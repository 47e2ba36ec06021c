"""Payments: a gateway interface, a demo gateway, and how a confirmation changes a dossier."""

from .base import CallbackResult, ForgedCallbackError, PaymentGateway, PaymentRequest
from .demo import DemoGateway
from .ledger import ConfirmationOutcome, apply_confirmation, new_payment, paid_total

__all__ = [
    "CallbackResult", "ConfirmationOutcome", "DemoGateway", "ForgedCallbackError", "PaymentGateway",
    "PaymentRequest", "apply_confirmation", "new_payment", "paid_total",
]
