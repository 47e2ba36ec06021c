"""A demo gateway that behaves like Vietnamese gateways (HMAC-SHA512 over sorted parameters).

It has its own "bank" page inside the app (``/demo-gateway``) where a person
trying motcua approves or cancels a payment; the page then posts the signed
server-to-server confirmation to the same handler a real gateway would call.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from urllib.parse import quote_plus, urlencode

from .base import CallbackResult, ForgedCallbackError, PaymentRequest

SIGNATURE = "mc_SecureHash"
_FIELDS = ("mc_TxnRef", "mc_Amount", "mc_ResponseCode", "mc_TransactionNo")


def _canonical(params: Mapping[str, str]) -> str:
    items = sorted((k, v) for k, v in params.items() if k.startswith("mc_") and k != SIGNATURE)
    return "&".join(f"{quote_plus(k)}={quote_plus(str(v))}" for k, v in items)


class DemoGateway:
    name = "demo"

    def __init__(self, secret: str, base_url: str = "/demo-gateway/pay"):
        if len(secret) < 16:
            raise ValueError("the gateway secret must be at least 16 characters")
        self._secret = secret.encode()
        self.base_url = base_url

    def sign(self, params: Mapping[str, str]) -> str:
        return hmac.new(self._secret, _canonical(params).encode(), hashlib.sha512).hexdigest()

    def signed(self, params: Mapping[str, str]) -> dict[str, str]:
        out = {k: str(v) for k, v in params.items()}
        out[SIGNATURE] = self.sign(out)
        return out

    def checkout_url(self, request: PaymentRequest, return_url: str) -> str:
        params = self.signed({"mc_TxnRef": request.txn_ref, "mc_Amount": str(request.amount * 100),
                              "mc_OrderInfo": request.description[:255], "mc_ReturnUrl": return_url,
                              "mc_CurrCode": "VND"})
        return f"{self.base_url}?{urlencode(params)}"

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

    def _check_signature(self, params: Mapping[str, str]) -> None:
        given = params.get(SIGNATURE, "")
        if not given or not hmac.compare_digest(given, self.sign(params)):
            raise ForgedCallbackError("the signature does not match")

    def verify_callback(self, params: Mapping[str, str]) -> CallbackResult:
        self._check_signature(params)
        missing = [f for f in _FIELDS if f not in params]
        if missing:
            raise ForgedCallbackError(f"missing {', '.join(missing)}")
        try:
            amount_x100 = int(params["mc_Amount"])
        except ValueError as exc:
            raise ForgedCallbackError("the amount is not a number") from exc
        if amount_x100 < 0 or amount_x100 % 100:
            raise ForgedCallbackError("the amount is not a whole number of đồng")
        return CallbackResult(params["mc_TxnRef"], amount_x100 // 100, params["mc_ResponseCode"] == "00",
                              params["mc_TransactionNo"], params["mc_ResponseCode"])
