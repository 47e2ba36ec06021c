"""The log sender: records a message as sent without delivering it (development, demonstrations)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..senders import LogSender


def build_email(config: Mapping[str, Any]) -> LogSender:
    return LogSender("email")


def build_sms(config: Mapping[str, Any]) -> LogSender:
    return LogSender("sms")
