"""A demo portal: updates are appended to ``<instance>/portal-sync.jsonl`` (one JSON object a line)."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import orjson


class FilePortalSync:
    name = "demo"

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._lock = threading.Lock()

    def push(self, update: Mapping[str, Any]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock, self.path.open("ab") as out:
            out.write(orjson.dumps(dict(update)) + b"\n")


def build(config: Mapping[str, Any]) -> FilePortalSync:
    return FilePortalSync(config.get("MOTCUA_PORTAL_FILE") or Path(config["MOTCUA_INSTANCE_DIR"]) / "portal-sync.jsonl")
