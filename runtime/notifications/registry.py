"""Which sender delivers each channel: ``MOTCUA_EMAIL_SENDER`` and ``MOTCUA_SMS_SENDER``.

E-mail: ``"smtp"`` (the default when ``MOTCUA_SMTP_HOST`` is set) or ``"log"``;
SMS: ``"http"`` (a provider's HTTP API) or ``"log"``. ``"log"`` records the
message without delivering it: a demo backend, refused in production.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..plugins import Registry
from .base import Sender

EMAIL: Registry[Sender] = Registry("e-mail sender", "MOTCUA_EMAIL_SENDER",
                                   default=lambda config: "smtp" if config.get("MOTCUA_SMTP_HOST") else "log")
EMAIL.register("log", "runtime.notifications.contrib.log:build_email", demo=True,
               description="logs e-mails without sending them")
EMAIL.register("smtp", "runtime.notifications.contrib.smtp:build", description="an SMTP server")

SMS: Registry[Sender] = Registry("SMS sender", "MOTCUA_SMS_SENDER", default="log")
SMS.register("log", "runtime.notifications.contrib.log:build_sms", demo=True,
             description="logs SMS without sending them")
SMS.register("http", "runtime.notifications.contrib.http_sms:build",
             description="a brandname SMS provider's HTTP API")

CHANNELS = {"email": EMAIL, "sms": SMS}


def build_senders(config: Mapping[str, Any]) -> dict[str, Sender]:
    return {channel: registry.build(config) for channel, registry in CHANNELS.items()}
