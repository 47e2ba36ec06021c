"""Keeping the KPI aggregates (:mod:`runtime.kpi_aggregates`) up to date with the dossiers.

:func:`refresh` finds the filed dossiers changed since the last refresh (their
``updated_at`` from a little before the watermark, for changes committed
late) whose counted version differs, reduces each to its
:class:`~runtime.kpi.KpiRecord` and applies the difference. The worker runs it
every minute (``kpi.refresh``); the dashboard runs it too, bounded and without
waiting, so what a leader just did shows at once.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Iterable

from ..dossiers.model import Dossier
from ..kpi import KpiRecord, record_of
from ..kpi_aggregates import SQLITE_SCHEMA, KpiAggregates, contributions
from ..storage import DossierNotFound, DossierQuery, Store
from ..storage.sidecar import runner_for
from ..workflow import current_step
from .context import DefinitionGoneError, Services

#: Changes are looked for from this long before the watermark (transactions that committed late).
LAG = dt.timedelta(minutes=2)
#: Dossiers reduced and applied per transaction.
BATCH = 500

_TABLES: weakref.WeakKeyDictionary[Store, KpiAggregates] = weakref.WeakKeyDictionary()


def kpi_aggregates(store: Store) -> KpiAggregates:
    """The aggregate tables kept with ``store`` (opened once per store)."""
    found = _TABLES.get(store)
    if found is None:
        found = _TABLES[store] = KpiAggregates(runner_for(store, "kpi.sqlite3", SQLITE_SCHEMA))
    return found


def record_for(services: Services, dossier: Dossier) -> KpiRecord:
    """The KPI record of ``dossier``; whether it ended is read from its procedure's definition."""
    try:
        _procedure, case = services.definition_of(dossier)
        ended = current_step(case, dossier).end
    except (DefinitionGoneError, KeyError):
        ended = dossier.status.national_code in (3, 7, 10)
    return record_of(dossier, ended=ended)


def _stale(services: Services, tables: KpiAggregates, since: dt.datetime | None,
           limit: int) -> list[tuple[str, dt.datetime]]:
    found = tables.stale_ids(since, limit)
    if found is not None:
        return found
    with services.store.unit_of_work() as uow:
        rows = uow.dossiers.list_summaries(DossierQuery(is_draft=False, updated_since=since, order_by="updated_at"))
    counted = tables.versions([r.id for r in rows])
    return [(r.id, r.updated_at) for r in rows if counted.get(r.id) != r.version][:limit]


def refresh(services: Services, *, limit: int | None = None, wait: bool = True) -> tuple[int, bool]:
    """Count what changed; return (dossiers applied, whether changes are left for a later run)."""
    tables = kpi_aggregates(services.store)
    _refreshed, watermark = tables.state()
    since = None if watermark is None else watermark - LAG
    applied = 0
    while limit is None or applied < limit:
        want = BATCH if limit is None else min(BATCH, limit - applied)
        stale = _stale(services, tables, since, want)
        if not stale:
            return applied, False
        items = list(_items(services, [i for i, _at in stale]))
        if not tables.apply(items, max(at for _i, at in stale), wait=wait):
            return applied, True
        applied += len(items)
        if len(stale) < want:
            return applied, False
    return applied, True


def _items(services: Services, ids: Iterable[str]):
    with services.store.unit_of_work() as uow:
        for dossier_id in ids:
            try:
                dossier = uow.dossiers.get(dossier_id)
            except DossierNotFound:
                continue
            yield dossier.id, dossier.version, contributions(record_for(services, dossier), services.calendar)
