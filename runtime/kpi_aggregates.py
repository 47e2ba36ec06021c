"""KPI aggregates: the indicators' counts kept beside the store, refreshed incrementally.

Each filed dossier adds *contributions* to the counts: ``(agency, procedure,
bucket, step, figure, value)``, where ``bucket`` is the local month
(``YYYY-MM``, step ``""``) of the moment a figure counts (filed, result
issued, closed, rated) or ``"open"`` (per step) for the snapshot figures
(in progress, paused). A period's figures are then the sum of a few rows:
this month's bucket, this year's buckets, or all of them, plus the open ones.
This gives exactly what :func:`runtime.kpi.compute` gives from the records
(periods start at a local month or year, and end now).

What each dossier last contributed is kept (``kpi_records``), so a change is
applied as the difference between its new and old contributions, under one
lock: refreshing costs what changed, never what is stored. Tables: PostgreSQL
``kpi_records``/``kpi_counts``/``kpi_state`` (migration 0004); the embedded
store: the same tables in ``kpi.sqlite3`` beside it (:mod:`runtime.storage.sidecar`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

import orjson

from .calendar import WorkingCalendar
from .kpi import Figures, KpiRecord, Period, Report, timing_of
from .storage.sidecar import SqlRunner, Transaction

FIGURES = ("received", "online", "in_progress", "paused", "done", "early", "on_time", "late", "closed",
           "working_days", "timed", "rating_sum", "ratings")
OPEN = "open"
#: Advisory lock serializing refreshes of the PostgreSQL aggregates ("kpi" in ASCII).
LOCK_KEY = 0x6B7069
#: Ids per ``IN (...)`` list.
CHUNK = 500

Contribution = tuple[str, str, str, str, str, float]
Key = tuple[str, str, str, str]

SQLITE_SCHEMA = """
CREATE TABLE IF NOT EXISTS kpi_records (dossier_id TEXT PRIMARY KEY, version INTEGER NOT NULL,
    contributions TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS kpi_counts (agency_code TEXT NOT NULL, procedure_code TEXT NOT NULL,
    bucket TEXT NOT NULL, step TEXT NOT NULL, """ + ", ".join(
    f"{f} {'REAL' if f == 'working_days' else 'INTEGER'} NOT NULL DEFAULT 0" for f in FIGURES) + """,
    PRIMARY KEY (agency_code, bucket, procedure_code, step));
CREATE TABLE IF NOT EXISTS kpi_state (id INTEGER PRIMARY KEY CHECK (id = 1), refreshed_at TEXT, watermark TEXT);
INSERT OR IGNORE INTO kpi_state (id) VALUES (1);
"""

_UPSERT_COUNTS = (
    "INSERT INTO kpi_counts (agency_code, procedure_code, bucket, step, " + ", ".join(FIGURES) + ") VALUES ("  # noqa: S608
    + ", ".join(["{p}"] * (4 + len(FIGURES))) + ") ON CONFLICT (agency_code, bucket, procedure_code, step) "
    "DO UPDATE SET " + ", ".join(f"{f} = kpi_counts.{f} + excluded.{f}" for f in FIGURES)
)
_UPSERT_RECORD = (
    "INSERT INTO kpi_records (dossier_id, version, contributions) VALUES ({p}, {p}, {p}) "
    "ON CONFLICT (dossier_id) DO UPDATE SET version = excluded.version, contributions = excluded.contributions"
)


def month_of(moment: dt.datetime, tz: dt.tzinfo) -> str:
    return moment.astimezone(tz).strftime("%Y-%m")


def contributions(record: KpiRecord, calendar: WorkingCalendar) -> list[Contribution]:
    """What ``record`` adds to the counts (the same rules as :func:`runtime.kpi.add_record`)."""
    tz = calendar.timezone
    agency, procedure = record.agency_code, record.procedure_code
    found: list[Contribution] = []

    def add(moment: dt.datetime, figure: str, value: float = 1) -> None:
        found.append((agency, procedure, month_of(moment, tz), "", figure, value))

    if record.submitted_at is not None:
        add(record.submitted_at, "received")
        if record.channel == "online":
            add(record.submitted_at, "online")
    if record.open:
        found.append((agency, procedure, OPEN, record.step, "in_progress", 1))
        if record.paused:
            found.append((agency, procedure, OPEN, record.step, "paused", 1))
    if record.result_at is not None:
        add(record.result_at, "done")
        add(record.result_at, timing_of(record.result_at, record.due_at, record.apologised, tz))
        start = record.received_at or record.submitted_at
        if start is not None and start <= record.result_at:
            spent = calendar.working_time_between(start, record.result_at, record.pauses)
            add(record.result_at, "working_days", spent / calendar.working_day_length)
            add(record.result_at, "timed")
    elif record.stopped_at is not None:
        add(record.stopped_at, "closed")
    if record.rating is not None and record.rated_at is not None:
        add(record.rated_at, "rating_sum", record.rating)
        add(record.rated_at, "ratings")
    return found


def _delta(old: Iterable[Sequence[Any]], new: Iterable[Sequence[Any]]) -> dict[Key, Counter[str]]:
    changes: dict[Key, Counter[str]] = defaultdict(Counter)
    for sign, items in ((-1, old), (1, new)):
        for agency, procedure, bucket, step, figure, value in items:
            changes[(agency, procedure, bucket, step)][figure] += sign * value
    return changes


def _in(values: Sequence[Any]) -> str:
    return ", ".join(["{p}"] * len(values))


def _moment(value: Any) -> dt.datetime | None:
    if value is None or isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(value)


class KpiAggregates:
    """The aggregate tables of one store (through its :class:`~runtime.storage.sidecar.SqlRunner`)."""

    def __init__(self, runner: SqlRunner):
        self.runner = runner

    # ------------------------------------------------------------- refreshing

    def versions(self, ids: Sequence[str]) -> dict[str, int]:
        """The dossier version each id was last counted at."""
        found: dict[str, int] = {}
        for i in range(0, len(ids), CHUNK):
            part = list(ids[i:i + CHUNK])
            found.update(self.runner.run(
                f"SELECT dossier_id, version FROM kpi_records WHERE dossier_id IN ({_in(part)})", tuple(part)))  # noqa: S608 - placeholders and constant names only
        return found

    def stale_ids(self, since: dt.datetime | None, limit: int) -> list[tuple[str, dt.datetime]] | None:
        """PostgreSQL: filed dossiers changed at or after ``since`` whose counted version differs, oldest
        change first (None: ask the store instead, as the embedded store must)."""
        if self.runner.dialect != "postgresql":
            return None
        rows = self.runner.run(
            "SELECT d.id, d.updated_at FROM dossiers d LEFT JOIN kpi_records k ON k.dossier_id = d.id "
            "WHERE NOT d.is_draft AND d.updated_at >= {p} AND k.version IS DISTINCT FROM d.version "
            "ORDER BY d.updated_at LIMIT {p}",
            (since or dt.datetime(1, 1, 1, tzinfo=dt.UTC), limit))
        return [(r[0], r[1]) for r in rows]

    def apply(self, items: Sequence[tuple[str, int, Sequence[Contribution]]], watermark: dt.datetime | None,
              *, wait: bool = True) -> bool:
        """Count ``(dossier id, version, contributions)`` in place of what they counted before.

        An item older than what is counted is skipped. Returns False, changing
        nothing, when ``wait`` is False and another refresh holds the lock.
        """
        with self.runner.transaction() as tx:
            if self.runner.dialect == "postgresql":
                if wait:
                    tx.run("SELECT pg_advisory_xact_lock({p})", (LOCK_KEY,))
                elif not tx.run("SELECT pg_try_advisory_xact_lock({p})", (LOCK_KEY,))[0][0]:
                    return False
            old = self._old(tx, [i[0] for i in items])
            changes: dict[Key, Counter[str]] = defaultdict(Counter)
            records = []
            for dossier_id, version, new in items:
                before_version, before = old.get(dossier_id, (0, []))
                if before_version >= version:
                    continue
                for key, delta in _delta(before, new).items():
                    changes[key].update(delta)
                records.append((dossier_id, version, orjson.dumps([list(c) for c in new]).decode()))
            tx.run_many(_UPSERT_COUNTS, [(*key, *(delta.get(f, 0) for f in FIGURES))
                                         for key, delta in sorted(changes.items()) if any(delta.values())])
            tx.run_many(_UPSERT_RECORD, records)
            now = dt.datetime.now(dt.UTC)
            state = tx.run("SELECT watermark FROM kpi_state WHERE id = 1")
            current = _moment(state[0][0]) if state else None
            mark = max((m for m in (current, watermark) if m is not None), default=None)
            tx.run("UPDATE kpi_state SET refreshed_at = {p}, watermark = {p} WHERE id = 1",
                   self._times(now, mark))
        return True

    def _times(self, *moments: dt.datetime | None) -> tuple[Any, ...]:
        if self.runner.dialect == "postgresql":
            return moments
        return tuple(None if m is None else m.astimezone(dt.UTC).isoformat() for m in moments)

    @staticmethod
    def _old(tx: Transaction, ids: list[str]) -> dict[str, tuple[int, list[Any]]]:
        found: dict[str, tuple[int, list[Any]]] = {}
        for i in range(0, len(ids), CHUNK):
            part = ids[i:i + CHUNK]
            for dossier_id, version, raw in tx.run(
                    f"SELECT dossier_id, version, contributions FROM kpi_records WHERE dossier_id IN ({_in(part)})",  # noqa: S608 - placeholders and constant names only
                    tuple(part)):
                found[dossier_id] = (version, orjson.loads(raw) if isinstance(raw, str | bytes) else raw)
        return found

    def state(self) -> tuple[dt.datetime | None, dt.datetime | None]:
        """(when the aggregates were last refreshed, the latest change counted)."""
        rows = self.runner.run("SELECT refreshed_at, watermark FROM kpi_state WHERE id = 1")
        return (_moment(rows[0][0]), _moment(rows[0][1])) if rows else (None, None)

    # ---------------------------------------------------------------- reading

    def report(self, agencies: Sequence[str], period: Period, tz: dt.tzinfo) -> Report:
        """The indicators of ``agencies`` for ``period`` (a month, a year or all time up to now)."""
        groups: dict[tuple[str, str], Figures] = {}
        agencies = sorted(agencies)
        if agencies:
            since = "" if period.start is None else (
                f"{period.start.astimezone(tz):%Y}-01" if period.key == "year" else month_of(period.start, tz))
            rows = self.runner.run(
                f"SELECT agency_code, procedure_code, bucket, step, {', '.join(FIGURES)} FROM kpi_counts "  # noqa: S608 - placeholders and constant names only
                f"WHERE agency_code IN ({_in(agencies)}) AND (bucket = {{p}} OR bucket >= {{p}})",
                (*agencies, OPEN, since))
            for agency, procedure, bucket, step, *values in rows:
                figures = groups.setdefault((agency, procedure), Figures())
                counted = dict(zip(FIGURES, values, strict=True))
                if bucket == OPEN:
                    figures.in_progress += int(counted["in_progress"])
                    figures.paused += int(counted["paused"])
                    if counted["in_progress"]:
                        figures.backlog[step] += int(counted["in_progress"])
                    continue
                for name in FIGURES:
                    if name not in ("in_progress", "paused"):
                        value = counted[name]
                        setattr(figures, name, getattr(figures, name) + (value if name == "working_days"
                                                                         else int(value)))
        groups = {k: f for k, f in sorted(groups.items()) if _shown(f)}
        by_agency: dict[str, Figures] = {}
        total = Figures()
        for (agency, _procedure), figures in groups.items():
            by_agency.setdefault(agency, Figures()).add(figures)
            total.add(figures)
        return Report(period, groups, by_agency, total)


def _shown(figures: Figures) -> bool:
    """A group whose counts all went back to zero (its dossiers moved away) is not listed."""
    return any(getattr(figures, name) for name in FIGURES) or bool(+figures.backlog)
