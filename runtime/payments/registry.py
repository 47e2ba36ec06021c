"""Which payment gateway citizens pay through: ``config["MOTCUA_PAYMENT_GATEWAY"]``.

``"demo"`` (the default; refused in production): the in-app demo bank;
``"hmac"``: an HMAC-signed redirect + IPN gateway configured by keys (see :mod:`.contrib.hmac`);
``"package.module:factory"``: a gateway of your own.
"""

from __future__ import annotations

from ..plugins import Registry
from .base import PaymentGateway

PAYMENTS: Registry[PaymentGateway] = Registry("payment gateway", "MOTCUA_PAYMENT_GATEWAY", default="demo")
PAYMENTS.register("demo", "runtime.payments.contrib.demo:build", demo=True,
                  description="citizens approve their own payments on an in-app bank page")
PAYMENTS.register("hmac", "runtime.payments.contrib.hmac:build",
                  description="HMAC-signed redirect and IPN (VNPay-like), parameter names configured")
