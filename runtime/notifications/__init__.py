"""Notifications by e-mail and SMS: queued after the commit, sent with retries, never undoing a dossier."""

from .base import Message, Sender, SendError
from .outbox import Outbox
from .render import render_message
from .senders import LogSender, SMTPSender

__all__ = ["LogSender", "Message", "Outbox", "SMTPSender", "SendError", "Sender", "render_message"]
