"""Senders: SMTP for e-mail, and a log sender for channels without a provider (demo SMS)."""

from __future__ import annotations

import logging
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from .base import Channel, Message, SendError

log = logging.getLogger(__name__)


class SMTPSender:
    channel: Channel = "email"

    def __init__(self, host: str, port: int = 25, *, sender: str, sender_name: str = "Dịch vụ công một cửa",
                 username: str | None = None, password: str | None = None, starttls: bool = False,
                 timeout: float = 10.0):
        self.host, self.port, self.sender, self.sender_name = host, port, sender, sender_name
        self.username, self.password, self.starttls, self.timeout = username, password, starttls, timeout

    def send(self, message: Message) -> None:
        email = EmailMessage()
        email["From"] = formataddr((self.sender_name, self.sender))
        email["To"] = message.to
        email["Subject"] = message.subject
        email["Message-ID"] = make_msgid(idstring=message.id, domain=self.sender.split("@")[-1])
        email.set_content(message.body)
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
                if self.starttls:
                    smtp.starttls(context=ssl.create_default_context())
                if self.username:
                    smtp.login(self.username, self.password or "")
                smtp.send_message(email)
        except (OSError, smtplib.SMTPException) as exc:
            raise SendError(f"SMTP {self.host}:{self.port}: {exc}") from exc


class LogSender:
    """Records the message as sent (development, demonstrations, SMS without a provider)."""

    def __init__(self, channel: Channel):
        self.channel = channel

    def send(self, message: Message) -> None:
        log.info("%s to %s: %s", self.channel, message.to, message.subject)
