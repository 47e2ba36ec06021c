"""Imported drafts on disk: written, updated on re-import with a diff, an administrator's edits never overwritten.

Each record becomes ``OUT/<code>/procedure.json`` (the draft administrators edit), beside
``import-report.json`` and ``.imported.json`` (the definition exactly as last imported). On
re-import, when the draft still equals what was last imported it is updated and the diff shown;
when an administrator changed it, it is kept, the new import is written to
``procedure.imported.json`` for them to compare, and the report says so.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from runtime.storage.fsutil import atomic_write

from .definition import Imported

DRAFT = "procedure.json"
BASELINE = ".imported.json"
PENDING = "procedure.imported.json"
REPORT = "import-report.json"


def _dump(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _read(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def json_diff(old: Any, new: Any, at: str = "") -> list[str]:
    """The differences between two JSON values, one line per changed pointer."""
    if isinstance(old, dict) and isinstance(new, dict):
        lines: list[str] = []
        for key in list(old) + [k for k in new if k not in old]:
            here = f"{at}/{str(key).replace('~', '~0').replace('/', '~1')}"
            if key not in new:
                lines.append(f"- {here}")
            elif key not in old:
                lines.append(f"+ {here}: {_short(new[key])}")
            else:
                lines.extend(json_diff(old[key], new[key], here))
        return lines
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        return [line for i, (a, b) in enumerate(zip(old, new, strict=True)) for line in json_diff(a, b, f"{at}/{i}")]
    return [] if old == new else [f"~ {at or '/'}: {_short(old)} → {_short(new)}"]


def _short(value: Any, limit: int = 120) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def write_draft(out: Path, imported: Imported) -> None:
    """Write one imported record's draft and report under ``out`` (see the module's docstring)."""
    report = imported.report
    folder = out / (report.code or "unknown")
    folder.mkdir(parents=True, exist_ok=True)
    if imported.definition is not None:
        new = imported.definition
        draft, baseline = _read(folder / DRAFT), _read(folder / BASELINE)
        if draft is None:
            report.outcome = "created"
            atomic_write(folder / DRAFT, _dump(new), durable=False, sync_dir=False)
        elif baseline is None or draft != baseline:  # written or edited by hand since: never overwritten
            report.outcome = "kept-edits"
            report.diff = json_diff(baseline if baseline is not None else draft, new)
            if report.diff:
                atomic_write(folder / PENDING, _dump(new), durable=False, sync_dir=False)
        elif draft == new:
            report.outcome = "unchanged"
        else:
            report.outcome = "updated"
            report.diff = json_diff(draft, new)
            atomic_write(folder / DRAFT, _dump(new), durable=False, sync_dir=False)
        if report.outcome != "kept-edits":
            (folder / PENDING).unlink(missing_ok=True)
            atomic_write(folder / BASELINE, _dump(new), durable=False, sync_dir=False)
    atomic_write(folder / REPORT, _dump(report.to_dict()), durable=False, sync_dir=False)


def read_report(folder: Path) -> dict[str, Any] | None:
    """The import report of one imported procedure's folder (for the studio's review page)."""
    return _read(folder / REPORT)
