"""A gateway adapter for the HMAC-signed redirect + IPN protocol most Vietnamese gateways share.

The parameter names, the prefix of signed parameters, the hash, the amount's
scale, the success code and the fixed parameters (merchant code, version...)
are configuration, so one adapter fits VNPay-like gateways and the demo bank::

    MOTCUA_PAYMENT_GATEWAY = "hmac"
    MOTCUA_PAYMENT_URL = "https://pay.example.vn/paymentv2/vpcpay.html"
    MOTCUA_PAYMENT_SECRET = "..."            # the shared key (at least 16 characters)
    MOTCUA_PAYMENT_PREFIX = "vnp_"           # signed parameters start with it
    MOTCUA_PAYMENT_HASH = "sha512"           # or sha256
    MOTCUA_PAYMENT_FIELDS = {"txn_ref": "vnp_TxnRef", "amount": "vnp_Amount", ...}
    MOTCUA_PAYMENT_FIXED = {"vnp_TmnCode": "MOTCUA01", "vnp_Version": "2.1.0", "vnp_Command": "pay"}
    MOTCUA_PAYMENT_AMOUNT_SCALE = 100        # the gateway counts hundredths of a đồng
    MOTCUA_PAYMENT_SUCCESS_CODE = "00"

A callback is accepted only when its signature matches and its amount is a
whole number of đồng; the ledger then compares that amount with what is due.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote_plus, urlencode

from ...plugins import PluginError
from ..base import CallbackResult, ForgedCallbackError, PaymentRequest

#: Roles of the parameters the adapter reads or writes, with the demo bank's names.
DEFAULT_FIELDS = {
    "txn_ref": "mc_TxnRef", "amount": "mc_Amount", "response_code": "mc_ResponseCode",
    "transaction_no": "mc_TransactionNo", "order_info": "mc_OrderInfo", "return_url": "mc_ReturnUrl",
    "currency": "mc_CurrCode", "signature": "mc_SecureHash",
}


@dataclass(frozen=True)
class HmacSettings:
    secret: str
    checkout_url: str
    prefix: str = "mc_"
    hash_name: str = "sha512"
    fields: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_FIELDS))
    fixed: Mapping[str, str] = field(default_factory=dict)
    amount_scale: int = 100
    success_code: str = "00"

    def __post_init__(self) -> None:
        if len(self.secret) < 16:
            raise ValueError("the gateway secret must be at least 16 characters")
        if self.hash_name not in ("sha256", "sha512"):
            raise ValueError(f"unsupported gateway hash {self.hash_name!r}: use sha256 or sha512")
        missing = sorted(set(DEFAULT_FIELDS) - set(self.fields))
        if missing:
            raise ValueError(f"gateway parameter names missing for {', '.join(missing)}")
        if self.amount_scale < 1:
            raise ValueError("the amount scale must be a positive whole number")


class HmacGateway:
    name = "hmac"

    def __init__(self, settings: HmacSettings):
        self.settings = settings
        self._secret = settings.secret.encode()
        self._digest = getattr(hashlib, settings.hash_name)
        self.base_url = settings.checkout_url

    def _field(self, role: str) -> str:
        return self.settings.fields[role]

    def _canonical(self, params: Mapping[str, str]) -> str:
        signature, prefix = self._field("signature"), self.settings.prefix
        items = sorted((k, v) for k, v in params.items() if k.startswith(prefix) and k != signature)
        return "&".join(f"{quote_plus(k)}={quote_plus(str(v))}" for k, v in items)

    def sign(self, params: Mapping[str, str]) -> str:
        return hmac.new(self._secret, self._canonical(params).encode(), self._digest).hexdigest()

    def signed(self, params: Mapping[str, str]) -> dict[str, str]:
        out = {k: str(v) for k, v in params.items()}
        out[self._field("signature")] = self.sign(out)
        return out

    def checkout_url(self, request: PaymentRequest, return_url: str) -> str:
        f = self._field
        params = self.signed({**self.settings.fixed, f("txn_ref"): request.txn_ref,
                              f("amount"): str(request.amount * self.settings.amount_scale),
                              f("order_info"): request.description[:255], f("return_url"): return_url,
                              f("currency"): "VND"})
        separator = "&" if "?" in self.base_url else "?"
        return f"{self.base_url}{separator}{urlencode(params)}"

    def _check_signature(self, params: Mapping[str, str]) -> None:
        given = params.get(self._field("signature"), "")
        if not given or not hmac.compare_digest(given.lower(), self.sign(params)):
            raise ForgedCallbackError("the signature does not match")

    def _amount(self, raw: str) -> int:
        try:
            scaled = int(raw)
        except ValueError as exc:
            raise ForgedCallbackError("the amount is not a number") from exc
        if scaled < 0 or scaled % self.settings.amount_scale:
            raise ForgedCallbackError("the amount is not a whole number of đồng")
        return scaled // self.settings.amount_scale

    def verify_callback(self, params: Mapping[str, str]) -> CallbackResult:
        self._check_signature(params)
        f = self._field
        roles = ("txn_ref", "amount", "response_code", "transaction_no")
        missing = [f(r) for r in roles if f(r) not in params]
        if missing:
            raise ForgedCallbackError(f"missing {', '.join(missing)}")
        code = params[f("response_code")]
        return CallbackResult(params[f("txn_ref")], self._amount(params[f("amount")]),
                              code == self.settings.success_code, params[f("transaction_no")], code)


def settings_from_config(config: Mapping[str, Any], **defaults: Any) -> HmacSettings:
    """Read the ``MOTCUA_PAYMENT_*`` keys (``defaults`` fill what is not configured)."""
    secret = config.get("MOTCUA_PAYMENT_SECRET") or defaults.pop("secret", None)
    url = config.get("MOTCUA_PAYMENT_URL") or defaults.pop("checkout_url", None)
    if not secret or not url:
        raise PluginError("the payment gateway needs MOTCUA_PAYMENT_SECRET and MOTCUA_PAYMENT_URL")
    defaults.pop("secret", None)
    defaults.pop("checkout_url", None)
    keys = {"prefix": "MOTCUA_PAYMENT_PREFIX", "hash_name": "MOTCUA_PAYMENT_HASH",
            "fixed": "MOTCUA_PAYMENT_FIXED", "amount_scale": "MOTCUA_PAYMENT_AMOUNT_SCALE",
            "success_code": "MOTCUA_PAYMENT_SUCCESS_CODE"}
    values = {**defaults, **{attr: config[key] for attr, key in keys.items() if config.get(key) is not None}}
    if config.get("MOTCUA_PAYMENT_FIELDS"):
        values["fields"] = {**DEFAULT_FIELDS, **config["MOTCUA_PAYMENT_FIELDS"]}
    if "amount_scale" in values:
        values["amount_scale"] = int(values["amount_scale"])
    try:
        return HmacSettings(str(secret), str(url), **values)
    except (TypeError, ValueError) as exc:
        raise PluginError(f"payment gateway settings: {exc}") from exc


def build(config: Mapping[str, Any]) -> HmacGateway:
    """The plugin factory (``MOTCUA_PAYMENT_GATEWAY = "hmac"``)."""
    return HmacGateway(settings_from_config(config))
