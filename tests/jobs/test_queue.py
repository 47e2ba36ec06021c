"""The job queue contract, on both backends: idempotent keys, leases, retries, dead letters."""

from __future__ import annotations

import threading
import time

from runtime.jobs import RetryLater, backoff
from runtime.jobs.worker import Schedule, Worker


def make_due(queue):
    """Bring every retry forward to now (instead of waiting for the backoff)."""
    if hasattr(queue, "pool"):
        queue._execute("UPDATE jobs SET run_at = now()", {})
    else:
        queue._conn().execute("UPDATE jobs SET run_at = 0")


def test_enqueue_queues_one_job_per_key_when_the_key_repeats(queue):
    assert queue.enqueue("k", {"n": 1}, key="once")
    assert not queue.enqueue("k", {"n": 2}, key="once")
    assert [j.payload for j in queue.jobs()] == [{"n": 1}]


def test_claim_gives_a_job_to_one_worker_only_when_two_ask_at_once(queue):
    for n in range(20):
        queue.enqueue("k", {"n": n})
    claimed: list[int] = []
    lock = threading.Lock()

    def take(name):
        while (job := queue.claim(name)) is not None:
            with lock:
                claimed.append(job.payload["n"])
            queue.finish(job)

    threads = [threading.Thread(target=take, args=(f"w{i}",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(claimed) == list(range(20))


def test_claim_skips_a_job_until_it_is_due_when_delayed(queue):
    queue.enqueue("k", {}, delay=30)
    assert queue.claim("w") is None


def test_expired_lease_gives_the_job_to_another_worker_when_its_worker_died(queue):
    queue.enqueue("k", {"n": 1})
    first = queue.claim("dead-worker", lease=0.2)
    assert queue.claim("other") is None  # still leased
    time.sleep(0.5)
    again = queue.claim("other")
    assert again is not None and again.id == first.id and again.attempts == 2


def test_renewed_lease_keeps_the_job_when_its_worker_is_alive(queue):
    queue.enqueue("k", {})
    job = queue.claim("w", lease=0.3)
    queue.renew(job, 30)
    time.sleep(0.5)
    assert queue.claim("other") is None


def test_failing_job_is_retried_with_backoff_then_dead_lettered_when_attempts_run_out(queue):
    queue.enqueue("boom", {}, max_attempts=2)
    calls = []

    def handler(job):
        calls.append(job.attempts)
        raise OSError("mail server down")

    worker = Worker(queue, {"boom": handler}, name="w")
    worker.run_one()
    [job] = queue.jobs()
    assert job.status == "queued" and "mail server down" in job.last_error
    assert job.run_at is not None
    make_due(queue)
    worker.run_one()
    [job] = queue.jobs(status="dead")
    assert calls == [1, 2] and job.attempts == 2
    assert queue.requeue(job.id) and queue.jobs()[0].status == "queued"


def test_retry_later_requeues_without_dead_lettering_when_a_handler_asks_to_wait(queue):
    queue.enqueue("wait", {}, max_attempts=1)

    def handler(job):
        raise RetryLater("not yet", delay=0)

    Worker(queue, {"wait": handler}, name="w").run_one()
    assert queue.jobs()[0].status == "queued"


def test_backoff_doubles_each_attempt_up_to_an_hour_when_failures_repeat():
    assert [backoff(n) for n in (1, 2, 3, 4)] == [15, 30, 60, 120]
    assert backoff(30) == 3600


def test_scheduled_job_is_queued_once_per_slot_when_several_workers_run(queue):
    schedule = (Schedule("tick", every=3600),)
    workers = [Worker(queue, {"tick": lambda job: None}, schedules=schedule, name=f"w{i}", clock=lambda: 7200.5)
               for i in range(3)]
    assert sum(w.queue_scheduled() for w in workers) == 1
    assert sum(w.run(until_idle=True) for w in workers) == 1


def test_worker_offers_each_slot_once_when_it_polls_many_times_within_the_slot(queue):
    now = [7200.5]
    offered = []
    enqueue = queue.enqueue
    queue.enqueue = lambda *a, **k: offered.append(k["key"]) or enqueue(*a, **k)
    worker = Worker(queue, {"tick": lambda job: None}, schedules=(Schedule("tick", every=3600),), name="w",
                    clock=lambda: now[0])
    assert [worker.queue_scheduled() for _ in range(5)] == [1, 0, 0, 0, 0]
    worker.run(until_idle=True)
    queue.prune(older_than=0)
    assert worker.queue_scheduled() == 0, "a pruned job of the current slot is not queued again"
    now[0] = 10800.0
    assert worker.queue_scheduled() == 1
    assert offered == ["tick@2", "tick@3"]


def test_worker_keeps_running_and_queues_the_slot_later_when_the_store_fails_while_queueing(queue):
    keys, ran = [], threading.Event()
    enqueue = queue.enqueue

    def flaky(*args, **kwargs):
        keys.append(kwargs["key"])
        if len(keys) == 1:
            raise OSError("the store is unreachable")
        return enqueue(*args, **kwargs)

    queue.enqueue = flaky
    worker = Worker(queue, {"tick": lambda job: ran.set()}, schedules=(Schedule("tick", every=3600),), name="w",
                    poll=0.01)
    running = threading.Thread(target=worker.run)
    running.start()
    try:
        assert ran.wait(10), "the slot's job ran once the store answered"
    finally:
        worker.stop()
        running.join(10)
    assert not running.is_alive() and len(keys) == 2 and keys[0] == keys[1]


def test_prune_deletes_only_done_jobs_when_they_are_older_than_asked(queue):
    queue.enqueue("k", {"n": 1})
    queue.enqueue("k", {"n": 2})
    job = queue.claim("w")
    queue.finish(job)
    time.sleep(0.3)
    assert queue.prune(older_than=0.1) == 1
    assert [j.payload["n"] for j in queue.jobs()] == [2]
    assert queue.prune(older_than=0.1) == 0


def test_marked_keys_are_remembered_once_and_forever_when_marked_twice(queue):
    assert queue.marked(["a", "b"]) == set()
    queue.mark(["a"])
    queue.mark(["a", "c"])
    queue.prune(0)
    assert queue.marked(["a", "b", "c"]) == {"a", "c"}
