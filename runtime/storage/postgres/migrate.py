"""Numbered SQL migrations and the ``schema_migrations`` table.

``migrations/NNNN_name.sql`` files run in order, each once, inside one
transaction guarded by an advisory lock, so :func:`upgrade` is idempotent
and safe to run from several processes at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

import psycopg
from psycopg import sql

from runtime.storage.base import StorageError, UnsupportedUsageError
from runtime.storage.postgres.url import redact, split_url

#: Advisory lock key serializing schema changes ("motcua" in ASCII).
LOCK_KEY = 0x6D6F74637561

CREATE_TABLE = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version    integer PRIMARY KEY,
    name       text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
)
"""


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def migrations() -> list[Migration]:
    """Every migration shipped with this version, in order."""
    folder = resources.files(__package__).joinpath("migrations")
    found = []
    for entry in folder.iterdir():
        if entry.name.endswith(".sql"):
            number, _, name = entry.name.removesuffix(".sql").partition("_")
            found.append(Migration(int(number), name, entry.read_text(encoding="utf-8")))
    return sorted(found, key=lambda m: m.version)


def latest_version() -> int:
    return migrations()[-1].version


def applied_version(conn: psycopg.Connection) -> int | None:
    """Highest applied migration, or None when the schema was never created."""
    exists = conn.execute("SELECT to_regclass('schema_migrations')").fetchone()
    if exists is None or exists[0] is None:
        return None
    row = conn.execute("SELECT max(version) FROM schema_migrations").fetchone()
    return None if row is None else row[0]


def check_version(conn: psycopg.Connection, url: str) -> None:
    """Refuse a schema that is missing, behind, or newer than this code."""
    current, latest = applied_version(conn), latest_version()
    if current is not None and current > latest:
        raise UnsupportedUsageError(
            f"{redact(url)}: schema is at migration {current}, newer than this motcua "
            f"knows ({latest}); upgrade motcua"
        )
    if current is None or current < latest:
        raise StorageError(
            f"{redact(url)}: schema at migration {current or 0}, {latest} needed; "
            f"run `motcua db upgrade --url ...` first"
        )


def upgrade(url: str) -> list[str]:
    """Apply pending migrations; return the names applied (empty if up to date)."""
    conninfo, schema = split_url(url)
    applied: list[str] = []
    with psycopg.connect(conninfo) as conn:
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
        if schema:
            conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)))
        conn.execute(CREATE_TABLE)
        done = {row[0] for row in conn.execute("SELECT version FROM schema_migrations")}
        known = migrations()
        if done and max(done) > known[-1].version:
            raise UnsupportedUsageError(
                f"{redact(url)}: schema is at migration {max(done)}, newer than this "
                f"motcua knows ({known[-1].version}); upgrade motcua"
            )
        for migration in known:
            if migration.version in done:
                continue
            conn.execute(migration.sql)  # type: ignore[arg-type]  # trusted file, no params
            conn.execute(
                "INSERT INTO schema_migrations (version, name) VALUES (%s, %s)",
                (migration.version, migration.name),
            )
            applied.append(f"{migration.version:04d}_{migration.name}")
        conn.commit()
    return applied
