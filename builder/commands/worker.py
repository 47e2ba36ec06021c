"""``motcua worker`` runs background jobs; ``motcua jobs`` lists them and requeues dead letters."""

from __future__ import annotations

import os
import signal
import socket
import threading
from typing import Any

import click


def _services() -> tuple[Any, Any]:
    """The app (configured from the environment) and its services, with the job queue on."""
    from runtime import create_app

    app = create_app({"MOTCUA_WORKER": "external"})
    with app.app_context():
        services = app.extensions["motcua.services"]
        services.jobs  # noqa: B018 - builds the bundle now, so configuration errors show at start
    return app, services


@click.command("worker")
@click.option("--until-idle", is_flag=True, help="Stop when no job is due (batch runs, tests).")
@click.option("--poll", default=1.0, show_default=True, type=float, help="Seconds between looks at the queue.")
@click.option("--threads", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Jobs run at once in this process (for jobs that wait on the network: mail, SMS, the portal).")
def worker_command(until_idle: bool, poll: float, threads: int) -> None:
    """Run jobs from the store's queue (receipts, notifications, portal sync, scheduled jobs).

    Run as many as you like, on as many machines: each job runs once at a time.
    SIGTERM or Ctrl-C finishes the current jobs, then exits.
    """
    from runtime.services.jobs import make_worker

    app, services = _services()
    host = f"{socket.gethostname()}:{os.getpid()}"
    workers = [make_worker(services, app.config, poll=poll, name=f"{host}:{n}") for n in range(threads)]
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: [worker.stop() for worker in workers])
    click.echo(f"motcua worker {host}: {threads} thread(s) running {', '.join(sorted(workers[0].handlers))}")
    ran = [0] * threads

    def run(n: int) -> None:
        ran[n] = workers[n].run(until_idle=until_idle)

    running = [threading.Thread(target=run, args=(n,), name=f"motcua-worker-{n}") for n in range(1, threads)]
    for thread in running:
        thread.start()
    run(0)  # the main thread runs one too (and receives the signals)
    for thread in running:
        thread.join()
    click.echo(f"motcua worker {host}: {sum(ran)} job(s) run, stopped")


@click.group("jobs")
def jobs() -> None:
    """Inspect the job queue."""


@jobs.command("list")
@click.option("--status", type=click.Choice(["queued", "running", "done", "dead"]), default=None)
@click.option("--limit", default=50, show_default=True, type=int)
def jobs_list(status: str | None, limit: int) -> None:
    """The most recent jobs (``--status dead``: the dead letters, with their last error)."""
    _app, services = _services()
    counts = services.jobs.counts()
    click.echo("  ".join(f"{k}: {v}" for k, v in sorted(counts.items())) or "no jobs")
    for job in services.jobs.jobs(status=status, limit=limit):
        click.echo(f"{job.id}\t{job.status}\t{job.kind}\t{job.attempts}/{job.max_attempts}\t{job.last_error or ''}")


@jobs.command("requeue")
@click.argument("job_id", type=int)
def jobs_requeue(job_id: int) -> None:
    """Put a dead letter back in the queue (its attempts start again)."""
    _app, services = _services()
    if not services.jobs.requeue(job_id):
        raise click.ClickException(f"job {job_id} is not a dead letter")
    click.echo(f"job {job_id} queued again")


def register(cli: click.Group) -> None:
    cli.add_command(worker_command)
    cli.add_command(jobs)
