"""The demo gateway: the HMAC adapter with the demo bank's settings, and the bank page's helpers.

It has its own "bank" page inside the app (``/demo-gateway``) where a person
trying motcua approves or cancels a payment; the page then posts the signed
server-to-server confirmation to the same handler a real gateway would call.
Anyone can approve their own payment there, so production refuses it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from ..base import ForgedCallbackError, PaymentRequest
from .hmac import DEFAULT_FIELDS, HmacGateway, HmacSettings

SIGNATURE = DEFAULT_FIELDS["signature"]


class DemoGateway(HmacGateway):
    name = "demo"

    def __init__(self, secret: str, base_url: str = "/demo-gateway/pay"):
        super().__init__(HmacSettings(secret, base_url))

    def verify_request(self, params: Mapping[str, str]) -> PaymentRequest:
        """Check a checkout request reaching the demo bank page (it is signed too)."""
        self._check_signature(params)
        try:
            return PaymentRequest(params["mc_TxnRef"], int(params["mc_Amount"]) // 100,
                                  params.get("mc_OrderInfo", ""), "")
        except (KeyError, ValueError) as exc:
            raise ForgedCallbackError("malformed payment request") from exc

    def confirmation(self, request: PaymentRequest, success: bool, transaction_no: str) -> dict[str, str]:
        """The signed server-to-server confirmation the demo bank sends."""
        return self.signed({"mc_TxnRef": request.txn_ref, "mc_Amount": str(request.amount * 100),
                            "mc_ResponseCode": "00" if success else "24", "mc_TransactionNo": transaction_no})


def build(config: Mapping[str, Any]) -> DemoGateway:
    """The plugin factory (``MOTCUA_PAYMENT_GATEWAY = "demo"``); the key defaults to one derived
    from the session secret."""
    secret = config.get("MOTCUA_PAYMENT_SECRET") or hashlib.sha256(
        f"payment:{config['SECRET_KEY']}".encode()).hexdigest()
    return DemoGateway(secret)
