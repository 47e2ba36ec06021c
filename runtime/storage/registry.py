"""Choosing a backend by URL: ``open_store(url)`` and ``upgrade(url)``.

* ``tinydb:///absolute/dir`` or ``tinydb://relative/dir``: embedded store.
* ``postgresql://user@host:5432/db[?schema=NAME]`` (or ``postgres://``):
  PostgreSQL through psycopg 3; ``schema`` selects a PostgreSQL schema.

Backends are imported lazily, so psycopg is needed only for PostgreSQL.
"""

from __future__ import annotations

from typing import Any

from runtime.storage.base import Store, UnsupportedUsageError

TINYDB_PREFIX = "tinydb://"
POSTGRES_PREFIXES = ("postgresql://", "postgres://")


def tinydb_path(url: str) -> str:
    """The directory named by a ``tinydb://`` URL."""
    path = url[len(TINYDB_PREFIX) :]
    if not path:
        raise UnsupportedUsageError(f"{url!r}: name a directory, e.g. tinydb:///var/lib/motcua")
    return path


def _kind(url: str) -> str:
    if url.startswith(TINYDB_PREFIX):
        return "tinydb"
    if url.startswith(POSTGRES_PREFIXES):
        return "postgres"
    raise UnsupportedUsageError(
        f"unknown store URL {url!r}: use tinydb:///path/to/dir or postgresql://..."
    )


def _postgres() -> Any:
    """The PostgreSQL backend, or a clear refusal when its driver is not installed."""
    try:
        import runtime.storage.postgres as backend
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith("psycopg"):
            raise UnsupportedUsageError(
                "PostgreSQL needs the psycopg driver: install motcua with the postgres extra, "
                "e.g. .venv/bin/pip install -e '.[postgres]'") from exc
        raise
    return backend


def open_store(url: str, **options: Any) -> Store:
    """Open the store named by ``url``; ``options`` go to the backend constructor.

    Common options: ``reference_pattern`` (dossier code pattern).
    """
    if _kind(url) == "tinydb":
        from runtime.storage.tinydb_store import TinyDBStore

        return TinyDBStore(tinydb_path(url), **options)
    return _postgres().PostgresStore(url, **options)


def upgrade(url: str) -> list[str]:
    """Create or migrate the store's schema; idempotent. Return what was applied."""
    if _kind(url) == "tinydb":
        from runtime.storage.tinydb_store import TinyDBStore

        TinyDBStore(tinydb_path(url)).close()
        return []
    return _postgres().upgrade(url)
