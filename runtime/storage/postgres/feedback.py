"""Citizens' feedback over one PostgreSQL transaction (table ``feedback``, migration 0007)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import psycopg
from psycopg import sql

from runtime.storage.feedback import (
    Feedback,
    FeedbackNotFound,
    FeedbackQuery,
    FeedbackRepository,
    FeedbackTally,
    StaleFeedbackError,
)
from runtime.storage.postgres.queries import jsonb

if TYPE_CHECKING:
    from runtime.storage.postgres.store import PostgresUnitOfWork

_COLUMNS = ("id", "agency_code", "province_code", "procedure_code", "dossier_id", "account_id", "status",
            "published", "created_at", "due_at", "answered_at", "revision", "doc")


def _params(item: Feedback) -> dict[str, Any]:
    return {"id": item.id, "agency_code": item.agency_code, "province_code": item.province_code,
            "procedure_code": item.procedure_code, "dossier_id": item.dossier_id, "account_id": item.account_id,
            "status": item.status,
            "published": item.published, "created_at": item.created_at, "due_at": item.due_at,
            "answered_at": item.answered_at, "revision": item.revision, "doc": jsonb(item.to_row())}


def _where(query: FeedbackQuery) -> tuple[sql.Composable, list[Any]]:
    parts: list[sql.Composable] = []
    params: list[Any] = []
    if query.agency_codes is not None:
        parts.append(sql.SQL("agency_code = ANY(%s)"))
        params.append(list(query.agency_codes))
    for column, value in (("province_code", query.province_code), ("account_id", query.account_id),
                          ("status", query.status), ("published", query.published)):
        if value is not None:
            parts.append(sql.SQL("{} = %s").format(sql.Identifier(column)))
            params.append(value)
    if query.overdue_at is not None:
        parts.append(sql.SQL("status = 'open' AND due_at < %s"))
        params.append(query.overdue_at)
    if not parts:
        return sql.SQL(""), params
    return sql.SQL(" WHERE ") + sql.SQL(" AND ").join(parts), params


class PostgresFeedbackRepository(FeedbackRepository):
    def __init__(self, uow: PostgresUnitOfWork) -> None:
        self.uow = uow

    def add(self, item: Feedback) -> None:
        item.revision = 1
        columns = sql.SQL(", ").join(sql.Identifier(c) for c in _COLUMNS)
        values = sql.SQL(", ").join(sql.Placeholder(c) for c in _COLUMNS)
        try:
            self.uow.conn().execute(sql.SQL("INSERT INTO feedback ({}) VALUES ({})").format(columns, values),
                                    _params(item))
        except psycopg.errors.UniqueViolation as exc:
            item.revision = 0
            raise ValueError(f"feedback {item.id} is already stored") from exc

    def get(self, feedback_id: str) -> Feedback:
        row = self.uow.conn().execute("SELECT doc FROM feedback WHERE id = %s", (feedback_id,)).fetchone()
        if row is None:
            raise FeedbackNotFound(f"feedback {feedback_id} does not exist")
        return Feedback.from_row(row[0])

    def update(self, item: Feedback) -> None:
        conn = self.uow.conn()
        row = conn.execute("SELECT revision FROM feedback WHERE id = %s FOR UPDATE", (item.id,)).fetchone()
        if row is None:
            raise FeedbackNotFound(f"feedback {item.id} does not exist")
        if row[0] != item.revision:
            raise StaleFeedbackError(item.id, item.revision, row[0])
        item.revision += 1
        sets = sql.SQL(", ").join(sql.SQL("{} = {}").format(sql.Identifier(c), sql.Placeholder(c))
                                  for c in _COLUMNS if c != "id")
        conn.execute(sql.SQL("UPDATE feedback SET {} WHERE id = %(id)s").format(sets), _params(item))

    def list(self, query: FeedbackQuery) -> list[Feedback]:
        clause, params = _where(query)
        statement = (sql.SQL("SELECT doc FROM feedback") + clause
                     + sql.SQL(" ORDER BY created_at DESC, id DESC LIMIT %s OFFSET %s"))
        rows = self.uow.conn().execute(statement, [*params, query.limit, query.offset]).fetchall()
        return [Feedback.from_row(r[0]) for r in rows]

    def count(self, query: FeedbackQuery) -> int:
        clause, params = _where(query)
        row = self.uow.conn().execute(sql.SQL("SELECT count(*) FROM feedback") + clause, params).fetchone()
        return int(row[0]) if row else 0

    def tallies(self, agency_codes: tuple[str, ...] | None, start: dt.datetime, end: dt.datetime,
                now: dt.datetime, tz: dt.tzinfo) -> list[FeedbackTally]:
        rows = self.uow.conn().execute(
            "SELECT agency_code, to_char(due_at AT TIME ZONE %(tz)s, 'YYYY-MM') AS month, count(*), "
            "count(*) FILTER (WHERE answered_at IS NOT NULL AND answered_at <= due_at) "
            "FROM feedback WHERE due_at >= %(start)s AND due_at < %(end)s "
            "AND (answered_at IS NOT NULL OR due_at < %(now)s) "
            "AND (%(all)s OR agency_code = ANY(%(agencies)s)) GROUP BY 1, 2 ORDER BY 1, 2",
            {"tz": str(tz), "start": start, "end": end, "now": now, "all": agency_codes is None,
             "agencies": list(agency_codes or ())}).fetchall()
        return [FeedbackTally(a, m, int(d), int(o)) for a, m, d, o in rows]
