"""Filling the citizens' wallets (:mod:`runtime.wallet`) as dossiers are filed and results issued.

With a job queue the collection is queued inside the unit of work that files the
dossier or issues its result (so it happens once that commits, and a crash loses
nothing); without one (``MOTCUA_WORKER=inline``) it runs right after the commit.
"""

from __future__ import annotations

from typing import Any

from ..dossiers.model import Dossier
from .context import Services

JOB = "wallet.collect"


def queue_collection(services: Services, dossier: Dossier, uow: Any) -> None:
    """Call inside the unit of work that changes the dossier's files or results."""
    if services.wallet is not None and services.jobs is not None:
        services.jobs.enqueue(JOB, {"dossier_id": dossier.id}, key=f"wallet:{dossier.id}:{len(dossier.events)}",
                              within=uow)


def collect_after_commit(services: Services, dossier: Dossier) -> None:
    """Call after the commit: collects at once where no worker will."""
    if services.wallet is not None and services.jobs is None:
        services.wallet.collect(dossier)
