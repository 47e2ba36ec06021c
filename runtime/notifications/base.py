"""The notification contract."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal, Protocol

Channel = Literal["email", "sms"]


class SendError(Exception):
    """Sending failed; the message stays in the outbox and is tried again later."""


@dataclass
class Message:
    id: str
    channel: Channel
    to: str
    subject: str
    body: str
    kind: str
    """receipt, supplement, result, apology, ..."""
    dossier_id: str | None = None
    lang: str = "vi"
    attempts: int = 0
    status: str = "queued"
    """queued → sent, or failed after the last attempt."""
    last_error: str | None = None
    next_attempt_at: float = 0.0
    created_at: float = 0.0
    sent_at: float | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Message:
        return cls(**raw)


class Sender(Protocol):
    channel: Channel

    def send(self, message: Message) -> None:
        """Deliver ``message`` or raise :class:`SendError`."""
