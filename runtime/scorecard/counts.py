"""Counting what the indicators need, per agency and month, in the store.

PostgreSQL counts with one aggregate query (only dossiers touched since the
period began are read, and no dossier leaves the database); the embedded store
reduces each dossier with :func:`runtime.kpi.record_of` (it serves one office).
Both give the same :class:`~.indicators.Counts` for the same dossiers (tested).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from ..dossiers.model import Dossier
from ..kpi import record_of, timing_of
from ..storage import DossierQuery, Store
from .indicators import Counts

Key = tuple[str, str]
"""(agency code, ``YYYY-MM``)."""

ENDED = (3, 7, 10)
"""National status codes of a finished dossier (refused, withdrawn, returned)."""


def _month(moment: dt.datetime, tz: dt.tzinfo) -> str:
    return moment.astimezone(tz).strftime("%Y-%m")


def fully_online(dossier: Dossier) -> bool:
    """Filed online and the result delivered online (not at the desk nor by post)."""
    return dossier.channel == "online" and (dossier.data.get("delivery") or "online") == "online"


def digitised(dossier: Dossier) -> bool:
    """Its result was issued as a signed electronic document."""
    return any(d.get("kind") == "result" and d.get("signed") for d in dossier.extra.get("documents") or ())


def count_dossiers(dossiers: Iterable[Dossier], start: dt.datetime, end: dt.datetime,
                   tz: dt.tzinfo) -> dict[Key, Counts]:
    """Counts per agency and month of ``dossiers`` (filed ones), for moments in [start, end)."""
    found: dict[Key, Counts] = {}

    def slot(agency: str, moment: dt.datetime) -> Counts:
        return found.setdefault((agency, _month(moment, tz)), Counts())

    for dossier in dossiers:
        if dossier.is_draft:
            continue
        agency = dossier.agency_code or ""
        record = record_of(dossier, ended=dossier.status.national_code in ENDED)
        if record.submitted_at is not None and start <= record.submitted_at < end:
            counts = slot(agency, record.submitted_at)
            counts.received += 1
            counts.online += dossier.channel == "online"
            counts.fully_online += fully_online(dossier)
        if record.result_at is not None and start <= record.result_at < end:
            counts = slot(agency, record.result_at)
            counts.done += 1
            counts.on_time += timing_of(record.result_at, record.due_at, record.apologised, tz) != "late"
            counts.digitised += digitised(dossier)
        if record.rating is not None and record.rated_at is not None and start <= record.rated_at < end:
            counts = slot(agency, record.rated_at)
            counts.ratings += 1
            counts.rating_sum += record.rating
            counts.satisfied += record.rating >= 4
    return found


def _embedded(store: Store, agencies: Iterable[str], start: dt.datetime, end: dt.datetime,
              tz: dt.tzinfo) -> dict[Key, Counts]:
    found: dict[Key, Counts] = {}
    with store.unit_of_work() as uow:
        for agency in sorted(agencies):
            rows = uow.dossiers.list_summaries(DossierQuery(agency_code=agency, is_draft=False))
            touched = [r.id for r in rows if r.updated_at is None or r.updated_at >= start]
            found.update(count_dossiers((uow.dossiers.get(i) for i in touched), start, end, tz))
    return found


# One pass over the dossiers touched since the period began (and their events, aggregated in one hash
# join rather than a lookup per dossier); three aggregates over it.
_POSTGRES = """
WITH touched AS (
    SELECT d.id, d.agency_code, d.submitted_at, d.due_at, d.national_code, d.doc->>'channel' AS channel,
           d.doc->'data'->>'delivery' AS delivery, d.doc->>'returned_at' AS returned_text, d.doc->'extra' AS extra
    FROM dossiers d
    WHERE NOT d.is_draft AND d.updated_at >= %(start)s AND d.agency_code = ANY(%(agencies)s)
), ev AS (
    SELECT e.dossier_id, min(e.at) FILTER (WHERE e.body->'data'->>'kind' = 'issue-result') AS first_result,
           bool_or(e.body->'data'->'slips' ? '04') AS apologised
    FROM dossier_events e JOIN touched t ON t.id = e.dossier_id
    WHERE e.body->'data'->>'kind' = 'issue-result' OR e.body->'data' ? 'slips'
    GROUP BY e.dossier_id
), d AS (
    SELECT t.agency_code, t.submitted_at, t.due_at,
           t.channel = 'online' AS online,
           t.channel = 'online' AND coalesce(t.delivery, 'online') = 'online' AS fully,
           coalesce(ev.first_result, CASE WHEN t.national_code = 10 THEN t.returned_text::timestamptz END)
               AS result_at,
           coalesce(ev.apologised, false) AS apologised,
           coalesce(t.extra @> '{"documents": [{"kind": "result", "signed": true}]}', false) AS digitised,
           CASE WHEN t.extra->'rating'->>'score' ~ '^[1-5]$' THEN (t.extra->'rating'->>'score')::int END AS score,
           t.extra->'rating'->>'at' AS rated_text,
           t.returned_text::timestamptz AS returned_at
    FROM touched t LEFT JOIN ev ON ev.dossier_id = t.id
), rated AS (
    SELECT agency_code, score, coalesce(rated_text::timestamptz, result_at, returned_at) AS rated_at
    FROM d WHERE score IS NOT NULL
)
SELECT 'received', agency_code, to_char(submitted_at AT TIME ZONE %(tz)s, 'YYYY-MM'),
       count(*), count(*) FILTER (WHERE online), count(*) FILTER (WHERE fully), 0
FROM d WHERE submitted_at >= %(start)s AND submitted_at < %(end)s GROUP BY 2, 3
UNION ALL
SELECT 'done', agency_code, to_char(result_at AT TIME ZONE %(tz)s, 'YYYY-MM'), count(*),
       count(*) FILTER (WHERE NOT apologised AND (due_at IS NULL OR result_at <= due_at)),
       count(*) FILTER (WHERE digitised), 0
FROM d WHERE result_at >= %(start)s AND result_at < %(end)s GROUP BY 2, 3
UNION ALL
SELECT 'rated', agency_code, to_char(rated_at AT TIME ZONE %(tz)s, 'YYYY-MM'), count(*),
       sum(score), count(*) FILTER (WHERE score >= 4), 0
FROM rated WHERE rated_at >= %(start)s AND rated_at < %(end)s GROUP BY 2, 3
"""


def _postgres(store: Any, agencies: Iterable[str], start: dt.datetime, end: dt.datetime,
              tz: dt.tzinfo) -> dict[Key, Counts]:
    found: dict[Key, Counts] = {}
    with store.unit_of_work() as uow:
        rows = uow.conn().execute(_POSTGRES, {"start": start, "end": end, "tz": str(tz),
                                              "agencies": sorted(agencies)}).fetchall()
    for what, agency, month, n, a, b, _zero in rows:
        counts = found.setdefault((agency, month), Counts())
        if what == "received":
            counts.received, counts.online, counts.fully_online = int(n), int(a), int(b)
        elif what == "done":
            counts.done, counts.on_time, counts.digitised = int(n), int(a), int(b)
        else:
            counts.ratings, counts.rating_sum, counts.satisfied = int(n), int(a), int(b)
    return found


def count(store: Store, agencies: Iterable[str], start: dt.datetime, end: dt.datetime,
          now: dt.datetime, tz: dt.tzinfo) -> dict[Key, Counts]:
    """Dossier and feedback counts per agency and month of ``agencies``, for [start, end)."""
    agencies = sorted(set(agencies))
    method = _postgres if getattr(store, "pool", None) is not None else _embedded
    found = method(store, agencies, start, end, tz)
    with store.unit_of_work() as uow:
        tallies = uow.feedback.tallies(tuple(agencies), start, end, now, tz)
    for tally in tallies:
        counts = found.setdefault((tally.agency_code, tally.month), Counts())
        counts.feedback_decided, counts.feedback_on_time = tally.decided, tally.on_time
    return found
