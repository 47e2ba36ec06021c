"""The payment-gateway contract.

Vietnamese gateways work alike: the citizen is redirected to the gateway with
parameters signed by a shared secret (HMAC); the gateway later confirms the
payment server to server with signed parameters (an "IPN"), and sends the
citizen back to a return page. Only the server-to-server confirmation changes
what is paid; the return page only shows it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol


class ForgedCallbackError(ValueError):
    """A callback whose signature or form is wrong: it changes nothing."""


@dataclass(frozen=True, slots=True)
class PaymentRequest:
    txn_ref: str
    """Our reference for this payment attempt (unique)."""
    amount: int
    """In VND."""
    description: str
    dossier_id: str


@dataclass(frozen=True, slots=True)
class CallbackResult:
    """A verified callback from the gateway."""

    txn_ref: str
    amount: int
    success: bool
    gateway_txn: str
    response_code: str


class PaymentGateway(Protocol):
    name: str

    def checkout_url(self, request: PaymentRequest, return_url: str) -> str:
        """Where to send the citizen to pay."""

    def verify_callback(self, params: Mapping[str, str]) -> CallbackResult:
        """Check a callback's signature and form; raises :class:`ForgedCallbackError`."""
