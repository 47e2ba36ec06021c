"""E-mail through an SMTP server: ``MOTCUA_SMTP_HOST``, ``_PORT``, ``_FROM``, ``_USER``, ``_PASSWORD``..."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...plugins import PluginError
from ..senders import SMTPSender


def build(config: Mapping[str, Any]) -> SMTPSender:
    host = config.get("MOTCUA_SMTP_HOST")
    if not host:
        raise PluginError("MOTCUA_EMAIL_SENDER is 'smtp' but MOTCUA_SMTP_HOST is not set")
    return SMTPSender(host, int(config.get("MOTCUA_SMTP_PORT", 25)),
                      sender=config.get("MOTCUA_SMTP_FROM", "motcua@localhost"),
                      username=config.get("MOTCUA_SMTP_USER"), password=config.get("MOTCUA_SMTP_PASSWORD"),
                      starttls=bool(config.get("MOTCUA_SMTP_STARTTLS")),
                      timeout=float(config.get("MOTCUA_SMTP_TIMEOUT", 10)))
