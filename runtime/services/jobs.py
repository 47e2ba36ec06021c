"""The jobs the worker runs for the services, and when the scheduled ones run.

``receipt.issue``   render and sign slip 01 of a filed dossier (off the request path)
``notify.send``     deliver one e-mail or SMS (:mod:`runtime.notifications.queued`)
``portal.sync``     report a dossier's status changes to the national portal, in order
``wallet.collect``  put a filed dossier's files and results in its applicant's wallet
``exchange.deliver`` send a dossier's messages to partner systems, in order (:mod:`runtime.exchange`)
``jobs.prune``      (hourly) delete done jobs older than ``MOTCUA_JOB_KEEP_DAYS`` (7)
``attachments.gc``  (daily) remove attachment files no dossier or draft references, older than
                    ``MOTCUA_ATTACHMENT_GRACE_HOURS`` (48)
``kpi.refresh``     (every minute) count the dossiers changed since into the KPI aggregates
``deadline.remind`` (every 15 minutes) remind officials of dossiers due soon, leaders of overdue ones
Every handler is idempotent: a job run twice (a worker killed after the work,
before recording it) changes nothing the second time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from ..dossiers.model import Dossier
from ..exchange.delivery import deliver as deliver_exchange
from ..identity.officials import DEMO_OFFICIALS, JsonOfficialDirectory, OfficialDirectory
from ..jobs import Job, RetryLater
from ..jobs.worker import Schedule, Worker
from ..plugins import load_object
from ..storage import DossierNotFound, StaleDossierError
from ..storage.attachment_gc import collect_garbage
from .context import Services
from .documents import documents_of, issue_document
from .kpis import refresh as refresh_kpis
from .portal_sync import sync_job
from .reminders import send_reminders
from .wallet import JOB as WALLET_JOB

RECEIPT_PENDING = "receipt_pending"


def _filed(uow: Any, job: Job) -> Dossier | None:
    """The filed dossier a job queued inside its filing is about; None when the filing was rolled
    back; :class:`RetryLater` while that filing may still be committing."""
    try:
        dossier = uow.dossiers.get(job.payload["dossier_id"])
    except DossierNotFound:
        dossier = None
    if dossier is None or dossier.is_draft:
        if job.awaits_commit():
            raise RetryLater("the filing is not committed yet", delay=1.0)
        return None
    return dossier


def issue_receipt(services: Services, job: Job) -> None:
    """Issue slip 01 of a filed dossier once (a no-op when it exists or the filing was rolled back)."""
    for _attempt in range(5):
        with services.store.unit_of_work() as uow:
            dossier = _filed(uow, job)
            if dossier is None:
                return  # the filing was rolled back: nothing to issue
            if documents_of(dossier, "01"):
                return
            procedure, case = services.definition_of(dossier)
            issue_document(services, "01", dossier, procedure, case, dossier.received_at or services.now())
            dossier.extra.pop(RECEIPT_PENDING, None)
            try:
                uow.dossiers.update(dossier)
            except StaleDossierError:
                continue  # an official acted meanwhile: read again and issue on the new version
            uow.commit()
            return
    raise RetryLater("the dossier keeps changing", delay=5.0)


def collect_wallet(services: Services, job: Job) -> None:
    """Put a filed dossier's files and results in its applicant's wallet (the wallet keeps the first
    copy of each file, so running twice changes nothing)."""
    if services.wallet is None:
        return
    with services.store.unit_of_work() as uow:
        dossier = _filed(uow, job)
    if dossier is not None:
        services.wallet.collect(dossier)


def handlers(services: Services, config: Mapping[str, Any]) -> dict[str, Any]:
    """The built-in handlers, plus ``MOTCUA_JOB_HANDLERS`` (``{kind: "module:factory"}``, ``factory(services)``)."""
    keep = float(config.get("MOTCUA_JOB_KEEP_DAYS", 7)) * 86400
    grace = dt.timedelta(hours=float(config.get("MOTCUA_ATTACHMENT_GRACE_HOURS", 48)))
    found = {
        "receipt.issue": lambda job: issue_receipt(services, job),
        "portal.sync": lambda job: sync_job(services, job),
        WALLET_JOB: lambda job: collect_wallet(services, job),
        "exchange.deliver": lambda job: deliver_exchange(services, job),
        "jobs.prune": lambda job: services.jobs.prune(keep),
        "attachments.gc": lambda job: collect_garbage(services.store, services.attachments, grace=grace),
        "kpi.refresh": lambda job: refresh_kpis(services),
        "deadline.remind": lambda job: send_reminders(services, officials_of(config)),
    }
    deliver = getattr(services.outbox, "deliver", None)
    if deliver is not None:
        found["notify.send"] = deliver
    for kind, path in (config.get("MOTCUA_JOB_HANDLERS") or {}).items():
        found[kind] = load_object(path)(services)
    return found


def officials_of(config: Mapping[str, Any]) -> OfficialDirectory:
    """The officials' directory the app signs in against (``MOTCUA_OFFICIALS``, else the demo's)."""
    return JsonOfficialDirectory(config.get("MOTCUA_OFFICIALS") or DEMO_OFFICIALS)


#: Scheduled jobs every worker queues (once per interval between them all).
BUILT_IN_SCHEDULES = (Schedule("jobs.prune", every=3600.0), Schedule("attachments.gc", every=86400.0),
                      Schedule("kpi.refresh", every=60.0), Schedule("deadline.remind", every=900.0))


def schedules(config: Mapping[str, Any]) -> tuple[Schedule, ...]:
    """The built-in schedules plus ``MOTCUA_JOB_SCHEDULES``: ``[{"kind": ..., "every": seconds, "payload": {}}]``."""
    return BUILT_IN_SCHEDULES + tuple(Schedule(s["kind"], float(s["every"]), s.get("payload") or {})
                                      for s in config.get("MOTCUA_JOB_SCHEDULES") or ())


def make_worker(services: Services, config: Mapping[str, Any], **options: Any) -> Worker:
    if services.jobs is None:
        raise RuntimeError("no job queue: set MOTCUA_WORKER to 'thread' or 'external'")
    return Worker(services.jobs, handlers(services, config), schedules=schedules(config),
                  lease=float(config.get("MOTCUA_JOB_LEASE", 60)), **options)
