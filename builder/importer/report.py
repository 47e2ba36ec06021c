"""The import report: per record and per field, what was parsed, guessed or needs review, with its source text."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Literal

Status = Literal["parsed", "guessed", "review"]
STATUSES: tuple[Status, ...] = ("parsed", "guessed", "review")
_RANK = {"parsed": 0, "guessed": 1, "review": 2}
SOURCE_LIMIT = 2000
"""Source text kept beside a field (longer text is cut: the record itself holds all of it)."""


@dataclass
class FieldReport:
    """One field of one record: how it was read, the value, and the text it was read from."""

    status: Status
    source: str
    value: Any = None
    note: str = ""
    items: list[FieldReport] = field(default_factory=list)

    def worst(self) -> Status:
        return max([self.status, *(i.worst() for i in self.items)], key=_RANK.__getitem__)

    def to_dict(self) -> dict[str, Any]:
        raw: dict[str, Any] = {"status": self.worst(), "source": self.source[:SOURCE_LIMIT], "value": self.value}
        if self.note:
            raw["note"] = self.note
        if self.items:
            raw["items"] = [i.to_dict() for i in self.items]
        return raw


@dataclass
class RecordReport:
    """Everything the importer says about one record."""

    code: str
    source_file: str = ""
    fields: dict[str, FieldReport] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    """Why the record gave no definition, or what ``motcua check`` found in it."""
    outcome: str = "created"
    """created, updated, unchanged, kept-edits (an administrator's edits were kept), failed."""
    diff: list[str] = field(default_factory=list)

    def add(self, name: str, status: Status, source: str, value: Any = None, note: str = "",
            items: list[FieldReport] | None = None) -> FieldReport:
        self.fields[name] = FieldReport(status, source, value, note, items or [])
        return self.fields[name]

    def status(self) -> Status:
        return max((f.worst() for f in self.fields.values()), key=_RANK.__getitem__, default="parsed")

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "source_file": self.source_file, "status": self.status(),
                "outcome": self.outcome, "problems": self.problems, "diff": self.diff,
                "fields": {name: f.to_dict() for name, f in self.fields.items()}}


def summarise(reports: list[RecordReport]) -> dict[str, Any]:
    """Counts of parsed / guessed / review per field, and of outcomes."""
    per_field: dict[str, Counter[str]] = {}
    for report in reports:
        for name, item in report.fields.items():
            per_field.setdefault(name, Counter())[item.worst()] += 1
    return {"records": len(reports),
            "outcomes": dict(Counter(r.outcome for r in reports)),
            "records_by_status": dict(Counter(r.status() for r in reports)),
            "fields": {name: {s: counts.get(s, 0) for s in STATUSES} for name, counts in sorted(per_field.items())}}
