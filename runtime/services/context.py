"""The services bundle: everything an action needs, built once per application."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from ..definitions import Catalog, Procedure
from ..definitions.model import Case
from ..dossiers.model import Dossier

if TYPE_CHECKING:  # heavy modules (pyHanko, reportlab) load when a service first needs them
    from ..agencies import AgencyDirectory
    from ..calendar import WorkingCalendar
    from ..documents import AgencySigner
    from ..jobs import JobQueue
    from ..notifications import Outbox
    from ..notifications.queued import QueuedOutbox
    from ..payments import PaymentGateway
    from ..signatures import TrustStore
    from ..storage import Store
    from ..storage.attachments import AttachmentStore

VN = ZoneInfo("Asia/Ho_Chi_Minh")


class DefinitionGoneError(LookupError):
    """The definition version a dossier was filed under cannot be found."""


@dataclass
class Services:
    store: Store
    catalog: Catalog
    agencies: AgencyDirectory
    calendar: WorkingCalendar
    attachments: AttachmentStore
    signer: AgencySigner
    outbox: Outbox | QueuedOutbox
    gateway: PaymentGateway
    trust: TrustStore
    jobs: JobQueue | None = None
    """The durable job queue, or None when everything runs on the request path (``MOTCUA_WORKER=inline``)."""
    portal: Any = None
    """The national-portal connector (:mod:`runtime.portal`)."""
    wallet: Any = None
    """The citizens' document wallets (:class:`runtime.wallet.Wallet`), or None for a store without
    shared tables (the in-memory store)."""
    exchange: Any = None
    """The inter-system exchange client (:class:`runtime.exchange.client.ExchangeClient`), or None without partners."""
    sync_log: Any = None
    """What the portal made of each status change (:mod:`runtime.portal.synclog`)."""
    preferences: Any = None
    """Citizens' choice of progress messages (:mod:`runtime.notifications.preferences`)."""
    base_url: str = "http://127.0.0.1:5000"
    clock: Callable[[], dt.datetime] = field(default=lambda: dt.datetime.now(VN))

    def now(self) -> dt.datetime:
        return self.clock()

    def definition_of(self, dossier: Dossier) -> tuple[Procedure, Case]:
        """The exact definition version (and case) the dossier is pinned to."""
        procedure = self.catalog.version(dossier.procedure_code, dossier.definition_version)
        case = procedure.case(dossier.case_id or "") if procedure else None
        if procedure is None or case is None:
            raise DefinitionGoneError(
                f"definition {dossier.procedure_code} {dossier.definition_version} is not available")
        return procedure, case

    def tracking_url(self, reference: str) -> str:
        return f"{self.base_url.rstrip('/')}/track/{reference}"
