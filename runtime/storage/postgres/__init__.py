"""PostgreSQL storage backend (psycopg 3): JSONB documents, indexed columns,
append-only event table, numbered SQL migrations."""

from runtime.storage.postgres.migrate import upgrade
from runtime.storage.postgres.store import PostgresStore
from runtime.storage.postgres.url import split_url, with_schema

__all__ = ["PostgresStore", "split_url", "upgrade", "with_schema"]
