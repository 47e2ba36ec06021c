"""Test helpers: the minimal definition, JSON Patch, writing a catalog folder."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
MINIMAL = json.loads((HERE / "minimal.json").read_text(encoding="utf-8"))


def minimal() -> dict[str, Any]:
    return copy.deepcopy(MINIMAL)


def _unescape(part: str) -> str:
    return part.replace("~1", "/").replace("~0", "~")


def apply_patch(document: Any, operations: list[dict[str, Any]]) -> Any:
    """Apply RFC 6902 add/replace/remove operations (enough for the tests)."""
    for op in operations:
        *parents, last = [_unescape(p) for p in op["path"].split("/")[1:]]
        target = document
        for part in parents:
            target = target[int(part)] if isinstance(target, list) else target[part]
        if isinstance(target, list):
            index = len(target) if last == "-" else int(last)
            if op["op"] == "add":
                target.insert(index, op["value"])
            elif op["op"] == "replace":
                target[index] = op["value"]
            else:
                del target[index]
        elif op["op"] == "remove":
            del target[last]
        else:
            target[last] = op["value"]
    return document


def write_definition(root: Path, document: Any, folder: str | None = None) -> Path:
    code = folder or (document.get("code") if isinstance(document, dict) else "9.000001")
    path = root / code / "procedure.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
    return path
