"""Every status change of a dossier reported to the national portal, in order, exactly once on the portal's side.

After a change commits, :func:`record_changes` logs each status change not
logged yet (sequence ``n`` = the dossier's n-th change, the update as it stands
then) and queues a ``portal.sync`` job keyed ``portal:<code>:<n>``. The job
(:func:`push_pending`) sends the dossier's unaccepted changes up to ``n``,
oldest first, and stops at the first that is not accepted: a later change is
never sent before an earlier one is accepted. A portal that cannot be reached
fails the job, which the worker retries with exponential back-off; the portal
drops repeats by idempotency key, so sending twice is harmless.

:func:`reconcile` (``motcua portal reconcile``) asks the portal what it holds
and sends again whatever it lacks.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from typing import Any

from ..dossiers.model import Dossier
from ..jobs import Job
from ..portal.base import ACCEPTED, PortalSyncError
from ..portal.message import status_changes, status_update
from ..storage import DossierNotFound
from .context import Services

log = logging.getLogger(__name__)

KIND = "portal.sync"
#: A portal down for a day is waited for: 15 s, 30 s, ... then hourly (about 13 hours in all).
MAX_ATTEMPTS = 20


def enabled(services: Services) -> bool:
    return services.portal is not None and services.portal.name != "none" and services.sync_log is not None


def _agency_name(services: Services, code: str | None) -> str:
    agency = services.agencies.get(code or "") if code else None
    return agency.name("vi") if agency is not None else ""


def _log_missing(services: Services, dossier: Dossier) -> list[dict[str, Any]]:
    """Log the dossier's status changes the sync log lacks; return the updates newly logged."""
    changes = status_changes(dossier)
    logged = services.sync_log.last_sequence(dossier.id)
    new = []
    for sequence in range(logged + 1, len(changes) + 1):
        update = status_update(dossier, sequence, _agency_name(services, changes[sequence - 1].data.get("agency")))
        if services.sync_log.record(dossier.id, update):
            new.append(update)
    return new


def record_changes(services: Services, dossier: Dossier) -> int:
    """Log and queue the dossier's status changes not logged yet (call after the commit); return how many."""
    if not enabled(services) or not dossier.reference:
        return 0
    new = _log_missing(services, dossier)
    if services.jobs is None:  # no worker: send now, in the background; reconcile picks up failures
        if new:
            threading.Thread(target=_push_quietly, args=(services, dossier.id), name="motcua-portal",
                             daemon=True).start()
        return len(new)
    for update in new:
        services.jobs.enqueue(KIND, {"dossier_id": dossier.id, "sequence": update["sequence"]},
                              key=f"portal:{update['idempotency_key']}", max_attempts=MAX_ATTEMPTS)
    return len(new)


def _push_quietly(services: Services, dossier_id: str) -> None:
    try:
        push_pending(services, dossier_id)
    except PortalSyncError as exc:
        log.warning("portal sync of %s left pending: %s", dossier_id, exc)


def push_pending(services: Services, dossier_id: str, up_to: int | None = None, *, resend: bool = False) -> int:
    """Send the dossier's unaccepted changes (up to ``up_to``) oldest first; return how many were accepted.

    Stops at a refusal (the later ones wait: the official sees why in the sync
    log). ``resend``: send refused ones again too (reconciliation). Raises
    :class:`PortalSyncError` when the portal cannot take them now.
    """
    accepted = 0
    for entry in services.sync_log.entries(dossier_id):
        if up_to is not None and entry.sequence > up_to:
            break
        if entry.state == "accepted":
            continue
        if entry.state == "refused" and not resend:
            return accepted
        services.sync_log.mark(dossier_id, entry.sequence, "sent", attempt=True)
        try:
            answer = services.portal.push(entry.update) or ACCEPTED
        except PortalSyncError as exc:
            services.sync_log.mark(dossier_id, entry.sequence, "sent" if exc.sent else "pending", str(exc))
            raise
        if not answer.accepted:
            services.sync_log.mark(dossier_id, entry.sequence, "refused", answer.reason)
            return accepted
        services.sync_log.mark(dossier_id, entry.sequence, "accepted", answer.reason or None)
        accepted += 1
    return accepted


def sync_job(services: Services, job: Job) -> None:
    """The ``portal.sync`` handler."""
    if not enabled(services):
        return
    push_pending(services, job.payload["dossier_id"], int(job.payload.get("sequence") or 0) or None)


@dataclass
class Reconciliation:
    checked: int = 0
    in_step: int = 0
    resent: int = 0
    logged: int = 0
    """Changes missing from the sync log (a crash right after the commit) rebuilt from the event log."""
    problems: list[str] = field(default_factory=list)


def reconcile(services: Services, codes: list[str] | None = None) -> Reconciliation:
    """Compare every filed dossier (or those with ``codes``) with the portal and send what it lacks."""
    sequences = getattr(services.portal, "sequences", None)
    if not enabled(services) or sequences is None:
        raise PortalSyncError("the configured portal connector (MOTCUA_PORTAL_SYNC) cannot be queried: "
                              "reconciliation needs the 'http' connector")
    outcome = Reconciliation()
    for dossier in _dossiers(services, codes, outcome):
        outcome.checked += 1
        outcome.logged += len(_log_missing(services, dossier))
        try:
            held = set(sequences(dossier.reference))
        except PortalSyncError as exc:
            outcome.problems.append(f"{dossier.reference}: {exc}")
            continue
        entries = services.sync_log.entries(dossier.id)
        missing = [e for e in entries if e.sequence not in held]
        if not missing:
            outcome.in_step += 1
            for entry in entries:
                if entry.state != "accepted":
                    services.sync_log.mark(dossier.id, entry.sequence, "accepted", "confirmed by reconciliation")
            continue
        for entry in missing:  # the portal lacks them: send them again from the first missing one
            services.sync_log.mark(dossier.id, entry.sequence, "pending", "missing on the portal (reconciliation)")
        try:
            outcome.resent += push_pending(services, dossier.id, resend=True)
        except PortalSyncError as exc:
            outcome.problems.append(f"{dossier.reference}: {exc}")
            continue
        refused = [e for e in services.sync_log.entries(dossier.id) if e.state == "refused"]
        outcome.problems.extend(f"{dossier.reference} #{e.sequence}: refused: {e.reason}" for e in refused)
    return outcome


def _dossiers(services: Services, codes: list[str] | None, outcome: Reconciliation):
    if not codes:
        with services.store.unit_of_work() as uow:
            ids = list(uow.dossiers.iter_ids())
    for wanted in codes or ids:
        try:
            with services.store.unit_of_work() as uow:
                dossier = uow.dossiers.get_by_reference(wanted) if codes else uow.dossiers.get(wanted)
        except DossierNotFound:
            outcome.problems.append(f"{wanted}: no such dossier")
            continue
        if not dossier.is_draft and dossier.reference:
            yield dossier
