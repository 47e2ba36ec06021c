"""The worker loop: claim a due job, run its handler with a renewed lease, record the outcome.

Scheduled (cron-like) jobs are queued by every worker with the key
``kind@slot`` (slot = time // interval), so however many workers run, each
slot's job is queued once and run once. A worker offers each slot once: it
remembers the slots it has queued, so a poll within a slot writes nothing.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .base import LEASE_SECONDS, Handler, Job, JobQueue, RetryLater, backoff

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Schedule:
    """Queue ``kind`` every ``every`` seconds."""

    kind: str
    every: float
    payload: Mapping[str, Any] = field(default_factory=dict)


class Worker:
    def __init__(self, queue: JobQueue, handlers: Mapping[str, Handler], *, schedules: tuple[Schedule, ...] = (),
                 name: str | None = None, lease: float = LEASE_SECONDS, poll: float = 1.0,
                 clock: Callable[[], float] = time.time):
        self.queue, self.handlers, self.schedules = queue, dict(handlers), schedules
        self.name = name or f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"
        self.lease, self.poll, self.clock = lease, poll, clock
        self.stopping = threading.Event()
        self._offered: list[int | None] = [None] * len(schedules)
        """The last slot of each schedule this worker queued (or found queued)."""

    def queue_scheduled(self) -> int:
        """Queue the current slot's job of every schedule whose slot this worker has not offered yet (a no-op in
        the store for slots another worker queued); return how many jobs were added."""
        now, added = self.clock(), 0
        for n, schedule in enumerate(self.schedules):
            slot = int(now // schedule.every)
            if self._offered[n] != slot:
                added += self.queue.enqueue(schedule.kind, schedule.payload, key=f"{schedule.kind}@{slot}")
                self._offered[n] = slot
        return added

    def run_one(self) -> Job | None:
        """Run one due job, if any; return it."""
        job = self.queue.claim(self.name, tuple(self.handlers), self.lease)
        if job is None:
            return None
        renewing = threading.Event()
        keeper = threading.Thread(target=self._keep_lease, args=(job, renewing), daemon=True,
                                  name=f"motcua-lease-{job.id}")
        keeper.start()
        try:
            self.handlers[job.kind](job)
        except RetryLater as later:
            self.queue.fail(job, f"waiting: {later}", retry_in=later.delay)
        except Exception as exc:  # a handler's failure is recorded on the job, never kills the worker
            last = job.attempts >= job.max_attempts
            log.warning("job %s %s failed (attempt %s/%s): %s", job.id, job.kind, job.attempts,
                        job.max_attempts, exc, exc_info=not last)
            self.queue.fail(job, f"{type(exc).__name__}: {exc}", retry_in=None if last else backoff(job.attempts))
        else:
            self.queue.finish(job)
        finally:
            renewing.set()
            keeper.join()
        return job

    def _keep_lease(self, job: Job, done: threading.Event) -> None:
        while not done.wait(self.lease / 3):
            try:
                self.queue.renew(job, self.lease)
            except Exception:
                log.warning("could not renew the lease of job %s", job.id, exc_info=True)

    def run(self, *, until_idle: bool = False) -> int:
        """Run jobs until :meth:`stop` (or, with ``until_idle``, until none is due); return how many ran."""
        ran, last_schedule = 0, 0.0
        while not self.stopping.is_set():
            try:
                if self.schedules and self.clock() - last_schedule >= self.poll:
                    self.queue_scheduled()
                    last_schedule = self.clock()
                job = self.run_one()
            except Exception:  # the store is unreachable: wait and try again, never exit
                log.exception("worker %s cannot reach the job queue", self.name)
                job = None
                if until_idle:
                    raise
            if job is not None:
                ran += 1
                continue
            if until_idle:
                break
            self.stopping.wait(self.poll)
        return ran

    def stop(self) -> None:
        """Finish the current job, then return from :meth:`run` (graceful shutdown)."""
        self.stopping.set()
