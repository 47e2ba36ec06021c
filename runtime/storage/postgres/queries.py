"""SQL for the PostgreSQL store: row parameters, filters, ordering."""

from __future__ import annotations

from typing import Any

import orjson
from psycopg import sql
from psycopg.types.json import Jsonb

from runtime.dossiers.model import Dossier
from runtime.storage.query import DossierQuery, DossierSummary, InboxQuery, fold_text

COLUMNS = (
    "id",
    "reference",
    "procedure_code",
    "agency_code",
    "step",
    "national_code",
    "account_id",
    "is_draft",
    "applicant_name",
    "search_text",
    "due_at",
    "step_deadline",
    "submitted_at",
    "created_at",
    "updated_at",
    "version",
    "event_count",
    "last_event_hash",
    "doc",
)

SUMMARY_COLUMNS = (
    "id",
    "reference",
    "procedure_code",
    "applicant_name",
    "step",
    "national_code",
    "due_at",
    "step_deadline",
    "agency_code",
    "account_id",
    "is_draft",
    "submitted_at",
    "updated_at",
    "version",
)

# Hot statements are plain strings (rendered once, not per execute); every
# identifier in them is a constant of this module.

#: Full dossier: document, version and events aggregated in order.
SELECT_DOSSIER = (
    "SELECT d.doc, d.version, COALESCE((SELECT jsonb_agg(e.body ORDER BY e.seq) "
    "FROM dossier_events e WHERE e.dossier_id = d.id), '[]'::jsonb) FROM dossiers d"
)

#: Insert a dossier and its events in one round trip; yields no row on a duplicate.
# Only this module's constant column names are interpolated (hence the noqa).
INSERT_DOSSIER = (
    f"WITH d AS (INSERT INTO dossiers ({', '.join(COLUMNS)}) "  # noqa: S608
    f"VALUES ({', '.join(f'%({c})s' for c in COLUMNS)}) ON CONFLICT DO NOTHING RETURNING id), "
    "e AS (INSERT INTO dossier_events (dossier_id, seq, at, actor, action, prev_hash, hash, body) "
    "SELECT d.id, (ev->>'seq')::int, (ev->>'at')::timestamptz, ev->>'actor', ev->>'action', "
    "ev->>'prev_hash', ev->>'hash', ev FROM d, jsonb_array_elements(%(events)s::jsonb) AS ev) "
    "SELECT id FROM d"
)

#: Update every column of a dossier read at version ``%(expected)s``.
UPDATE_DOSSIER = (
    "UPDATE dossiers SET "  # noqa: S608
    + ", ".join(f"{c} = %({c})s" for c in COLUMNS if c != "id")
    + " WHERE id = %(id)s AND version = %(expected)s"
)

INSERT_EVENTS = (
    "INSERT INTO dossier_events (dossier_id, seq, at, actor, action, prev_hash, hash, body) "
    "SELECT %s, (e->>'seq')::int, (e->>'at')::timestamptz, e->>'actor', e->>'action', "
    "e->>'prev_hash', e->>'hash', e FROM jsonb_array_elements(%s::jsonb) AS e"
)


def _dumps(value: Any) -> str:
    return orjson.dumps(value).decode()


def jsonb(value: Any) -> Jsonb:
    """Adapt a JSON value with orjson."""
    return Jsonb(value, dumps=_dumps)


def row_params(dossier: Dossier, doc: dict[str, Any]) -> dict[str, Any]:
    """Column values for ``dossier`` (``doc`` is its JSON snapshot, events included)."""
    events = doc["events"]
    body = {k: v for k, v in doc.items() if k not in ("events", "version")}
    return {
        "id": dossier.id,
        "reference": dossier.reference,
        "procedure_code": dossier.procedure_code,
        "agency_code": dossier.agency_code,
        "step": dossier.status.step,
        "national_code": dossier.status.national_code,
        "account_id": dossier.account_id,
        "is_draft": dossier.is_draft,
        "applicant_name": dossier.applicant.full_name,
        "search_text": fold_text(f"{dossier.reference or ''} {dossier.applicant.full_name}"),
        "due_at": dossier.due_at,
        "step_deadline": dossier.step_deadline,
        "submitted_at": dossier.submitted_at,
        "created_at": dossier.created_at,
        "updated_at": dossier.updated_at,
        "version": doc["version"],
        "event_count": len(events),
        "last_event_hash": events[-1]["hash"] if events else None,
        "doc": jsonb(body),
    }


def where(query: DossierQuery) -> tuple[sql.Composable, list[Any]]:
    """WHERE clause and parameters for the filters of ``query``."""
    clauses: list[sql.Composable] = []
    params: list[Any] = []

    def add(clause: str, value: Any) -> None:
        clauses.append(sql.SQL(clause))
        params.append(value)

    if query.agency_code is not None:
        add("d.agency_code = %s", query.agency_code)
    if query.step is not None:
        add("d.step = ANY(%s)", list(query.step))
    if query.national_code is not None:
        add("d.national_code = ANY(%s)", list(query.national_code))  # type: ignore[arg-type]
    if query.account_id is not None:
        add("d.account_id = %s", query.account_id)
    if query.is_draft is not None:
        add("d.is_draft = %s", query.is_draft)
    if query.due_before is not None:
        add("d.due_at < %s", query.due_before)
    if query.procedure_code is not None:
        add("d.procedure_code = %s", query.procedure_code)
    if query.folded_text is not None:
        add("strpos(d.search_text, %s) > 0", query.folded_text)
    if query.updated_since is not None:
        add("d.updated_at >= %s", query.updated_since)
    if not clauses:
        return sql.SQL(""), params
    return sql.SQL(" WHERE ") + sql.SQL(" AND ").join(clauses), params


def order_and_page(query: DossierQuery) -> tuple[sql.Composable, list[Any]]:
    """ORDER BY (missing values last, ties by id) and LIMIT/OFFSET."""
    direction = sql.SQL("DESC") if query.descending else sql.SQL("ASC")
    clause = sql.SQL(' ORDER BY d.{} {} NULLS LAST, d.id COLLATE "C"').format(
        sql.Identifier(query.order_field), direction
    )
    params: list[Any] = []
    if query.limit is not None:
        clause += sql.SQL(" LIMIT %s")
        params.append(query.limit)
    if query.offset:
        clause += sql.SQL(" OFFSET %s")
        params.append(query.offset)
    return clause, params


def to_summary(row: tuple[Any, ...]) -> DossierSummary:
    """Build a summary from a row of :data:`SUMMARY_COLUMNS`."""
    return DossierSummary(**dict(zip(SUMMARY_COLUMNS, row, strict=True)))


# ----------------------------------------------------------------------- inbox
# One ordered index range per slot (agency, procedure, step), each cut at the
# page size, merged and cut again: the work is bounded by slots x page size,
# however many dossiers are stored.

_SUMMARY_SELECT = ", ".join(f"r.{c}" for c in SUMMARY_COLUMNS)
_SLOTS = ("unnest(%(agencies)s::text[], %(procedures)s::text[], %(steps)s::text[]) "
          "AS s(agency_code, procedure_code, step)")
_IN_SLOT = ("d.agency_code = s.agency_code AND d.procedure_code = s.procedure_code AND d.step = s.step "
            "AND NOT d.is_draft")


def _inbox_order(table: str) -> str:
    """The inbox order (most urgent first, then filed first, ties by id) on ``table``'s columns."""
    return f'{table}.urgent_key, {table}.submitted_key, {table}.id COLLATE "C"'


def _key_param(value: Any) -> Any:
    return "infinity" if value is None else value


def inbox_statement(query: InboxQuery) -> tuple[str, dict[str, Any]]:
    """The page statement of ``query`` and its parameters."""
    params: dict[str, Any] = {
        "agencies": [s[0] for s in query.slots], "procedures": [s[1] for s in query.slots],
        "steps": [s[2] for s in query.slots], "limit": query.limit,
    }
    filters = [_IN_SLOT]
    if query.urgent_from is not None:
        filters.append("d.urgent_key >= %(low)s AND d.urgent_key < 'infinity'")
        params["low"] = query.urgent_from
    if query.urgent_until is not None:
        filters.append("d.urgent_key <= %(high)s")
        params["high"] = query.urgent_until
    if query.folded_text is not None:
        filters.append("strpos(d.search_text, %(text)s) > 0")
        params["text"] = query.folded_text
    if query.after is not None:
        filters.append('(d.urgent_key, d.submitted_key, d.id COLLATE "C") > '
                       '(%(a_urgent)s::timestamptz, %(a_submitted)s::timestamptz, %(a_id)s::text COLLATE "C")')
        params.update(a_urgent=_key_param(query.after.urgent_at), a_submitted=_key_param(query.after.submitted_at),
                      a_id=query.after.id)
    # The keys of each slot's first rows come from the index alone (every filter is on its columns);
    # only the page's rows are then read from the table.
    statement = (
        f"SELECT {_SUMMARY_SELECT} FROM (SELECT k.id, k.urgent_key, k.submitted_key "  # noqa: S608 - constants only
        f"FROM {_SLOTS} CROSS JOIN LATERAL ("
        f"SELECT d.id, d.urgent_key, d.submitted_key FROM dossiers d "
        f"WHERE {' AND '.join(filters)} ORDER BY {_inbox_order('d')} LIMIT %(limit)s) k "
        f"ORDER BY {_inbox_order('k')} LIMIT %(limit)s) p JOIN dossiers r ON r.id = p.id "
        f"ORDER BY {_inbox_order('p')}"
    )
    return statement, params


def inbox_counts_statement(query: InboxQuery, now: Any, soon_until: Any) -> tuple[str, dict[str, Any]]:
    """Counts per deadline mark of ``query``'s slots (one index-only pass)."""
    params: dict[str, Any] = {
        "agencies": [s[0] for s in query.slots], "procedures": [s[1] for s in query.slots],
        "steps": [s[2] for s in query.slots], "now": now, "soon": soon_until,
    }
    condition = _IN_SLOT
    if query.folded_text is not None:
        condition += " AND strpos(d.search_text, %(text)s) > 0"
        params["text"] = query.folded_text
    statement = (
        "SELECT count(*), count(*) FILTER (WHERE d.urgent_key < %(now)s), "  # noqa: S608 - constants only
        "count(*) FILTER (WHERE d.urgent_key >= %(now)s AND d.urgent_key <= %(soon)s), "
        "count(*) FILTER (WHERE d.urgent_key > %(soon)s AND d.urgent_key < 'infinity'), "
        "count(*) FILTER (WHERE d.due_at < %(now)s), count(*) FILTER (WHERE d.step_deadline < %(now)s) "
        f"FROM {_SLOTS} JOIN dossiers d ON {condition}"
    )
    return statement, params
