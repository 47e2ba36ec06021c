"""Creating a draft from a national catalogue record, through ``builder.importer``.

The studio asks each registered importer ``(record id, new code) -> definition or None``;
:func:`national_records` is the one for a folder of records (``MOTCUA_NATIONAL_RECORDS``) saved
from the national catalogue as ``<record id>.json`` (e.g. ``1.001193.json``) anywhere under it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

_RECORD_ID = re.compile(r"^[0-9]\.[0-9]{6}$")

Importer = Callable[[str, str], "dict[str, Any] | None"]


def national_records(folder: str | Path) -> Importer:
    root = Path(folder)

    def importer(record_id: str, code: str) -> dict[str, Any] | None:
        from builder.importer import import_file, record_files

        if not _RECORD_ID.match(record_id):
            return None
        found = next((p for p in record_files(root) if p.stem == record_id), None)
        if found is None:
            return None
        imported = import_file(found)
        if imported.definition is None:
            raise ValueError(f"the record {record_id} gives no definition (see `motcua import` for its report)")
        return {**imported.definition, "code": code}

    return importer
