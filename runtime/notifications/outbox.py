"""A durable outbox: one JSON file per message, written atomically.

A message is queued only after the dossier change that caused it has been
committed, and sending happens afterwards with retries (exponential backoff),
so a mail server being down never undoes or blocks a dossier. Messages that
fail every attempt stay visible with their last error.
"""

from __future__ import annotations

import os
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator, Mapping
from pathlib import Path

import orjson
from filelock import FileLock, Timeout

from .base import Message, Sender, SendError

MAX_ATTEMPTS = 6
BACKOFF_SECONDS = (0, 30, 120, 600, 1800, 3600)


class Outbox:
    def __init__(self, root: str | Path, senders: Mapping[str, Sender], clock=time.time):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self.senders = dict(senders)
        self.clock = clock
        self._lock = threading.Lock()

    def _path(self, message_id: str) -> Path:
        return self.root / f"{message_id}.json"

    def _write(self, message: Message) -> None:
        fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".msg-")
        with os.fdopen(fd, "wb") as out:
            out.write(orjson.dumps(message.to_dict()))
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, self._path(message.id))

    def enqueue(self, message: Message) -> Message:
        """Queue a message (call after the commit of the change it reports)."""
        if not message.id:
            message.id = uuid.uuid4().hex
        message.created_at = message.created_at or self.clock()
        message.status, message.next_attempt_at = "queued", self.clock()
        self._write(message)
        return message

    def messages(self) -> Iterator[Message]:
        for path in sorted(self.root.glob("*.json")):
            try:
                yield Message.from_dict(orjson.loads(path.read_bytes()))
            except (OSError, orjson.JSONDecodeError, TypeError):
                continue  # a half-written file is never there (atomic writes); skip anything foreign

    def recent(self, limit: int = 100) -> list[Message]:
        return sorted(self.messages(), key=lambda m: m.created_at, reverse=True)[:limit]

    def dispatch(self) -> tuple[int, int]:
        """Try every due message once; returns (sent, failed attempts). Safe across processes."""
        try:
            with self._lock, FileLock(str(self.root / ".dispatch.lock"), timeout=0):
                return self._dispatch()
        except Timeout:
            return 0, 0  # another process is dispatching

    def _dispatch(self) -> tuple[int, int]:
        sent = failed = 0
        now = self.clock()
        for message in self.messages():
            if message.status != "queued" or message.next_attempt_at > now:
                continue
            sender = self.senders.get(message.channel)
            message.attempts += 1
            try:
                if sender is None:
                    raise SendError(f"no sender for {message.channel}")
                sender.send(message)
            except SendError as exc:
                failed += 1
                message.last_error = str(exc)[:500]
                if message.attempts >= MAX_ATTEMPTS:
                    message.status = "failed"
                else:
                    message.next_attempt_at = now + BACKOFF_SECONDS[min(message.attempts, len(BACKOFF_SECONDS) - 1)]
            else:
                sent += 1
                message.status, message.sent_at, message.last_error = "sent", now, None
            self._write(message)
        return sent, failed
