"""The outbox kept in the job queue: each message is one ``notify.send`` job (shared by every node).

Delivery is the worker's: a failed attempt is retried with exponential backoff,
and a message that fails every attempt stays as a dead letter with its last
error (the officials' "undelivered messages" view), until requeued.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Mapping

from ..jobs import Job, JobQueue
from .base import Message, Sender, SendError

KIND = "notify.send"
MAX_ATTEMPTS = 6
_STATUS = {"done": "sent", "dead": "failed"}


def message_of(job: Job) -> Message:
    message = Message.from_dict(job.payload)
    message.status = _STATUS.get(job.status, "queued")
    message.attempts, message.last_error = job.attempts, job.last_error
    message.sent_at = job.finished_at.timestamp() if job.status == "done" and job.finished_at else None
    return message


class QueuedOutbox:
    """The same interface as :class:`~.outbox.Outbox`; sending happens in the worker."""

    def __init__(self, queue: JobQueue, senders: Mapping[str, Sender], clock=time.time):
        self.queue, self.senders, self.clock = queue, dict(senders), clock

    def _prepare(self, message: Message) -> Message:
        if not message.id:
            message.id = uuid.uuid4().hex
        message.created_at = message.created_at or self.clock()
        message.status = "queued"
        return message

    def enqueue(self, message: Message) -> Message:
        return self.enqueue_many([message])[0]

    def enqueue_many(self, messages: list[Message]) -> list[Message]:
        """Queue several messages at once (one transaction)."""
        prepared = [self._prepare(m) for m in messages]
        self.queue.enqueue_many([(KIND, m.to_dict(), f"message:{m.id}") for m in prepared], max_attempts=MAX_ATTEMPTS)
        return prepared

    def recent(self, limit: int = 100) -> list[Message]:
        return [message_of(job) for job in self.queue.jobs(kind=KIND, limit=limit)]

    def dead_letters(self, limit: int = 100) -> list[tuple[int, Message]]:
        return [(job.id, message_of(job)) for job in self.queue.jobs(kind=KIND, status="dead", limit=limit)]

    def dispatch(self) -> tuple[int, int]:
        """Nothing to do here: the worker delivers."""
        return 0, 0

    def deliver(self, job: Job) -> None:
        """The ``notify.send`` handler: one attempt; raises :class:`SendError` to be retried."""
        message = Message.from_dict(job.payload)
        sender = self.senders.get(message.channel)
        if sender is None:
            raise SendError(f"no sender for {message.channel}")
        sender.send(message)
