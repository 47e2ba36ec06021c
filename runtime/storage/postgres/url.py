"""PostgreSQL store URLs: a libpq URL plus an optional ``schema`` parameter."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from psycopg.conninfo import conninfo_to_dict, make_conninfo

from runtime.storage.base import UnsupportedUsageError

_SCHEMA = re.compile(r"[a-z_][a-z0-9_]{0,62}")


def split_url(url: str) -> tuple[str, str | None]:
    """Return (libpq conninfo with ``search_path`` set, schema or None)."""
    parts = urlsplit(url)
    params = parse_qsl(parts.query, keep_blank_values=True)
    schemas = [value for key, value in params if key == "schema"]
    rest = [(key, value) for key, value in params if key != "schema"]
    base = urlunsplit(parts._replace(query=urlencode(rest)))
    if not schemas:
        return base, None
    schema = schemas[-1]
    if not _SCHEMA.fullmatch(schema):
        raise UnsupportedUsageError(
            f"schema {schema!r}: use lower-case letters, digits and '_' (max 63), "
            "starting with a letter or '_'"
        )
    options = conninfo_to_dict(base).get("options") or ""
    options = f"{options} -c search_path={schema}".strip()
    return make_conninfo(base, options=options), schema


def with_schema(url: str, schema: str) -> str:
    """``url`` with its ``schema`` parameter set to ``schema``."""
    parts = urlsplit(url)
    params = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "schema"]
    params.append(("schema", schema))
    return urlunsplit(parts._replace(query=urlencode(params)))


def redact(url: str) -> str:
    """``url`` without its password, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return urlunsplit(parts._replace(netloc=netloc))
