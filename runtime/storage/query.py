"""Dossier queries, inbox summaries and the index row both backends derive.

An *index row* is a small JSON-safe dict with the columns views filter and
sort on. Its datetimes are UTC ISO-8601 strings of fixed width, so comparing
the strings compares the instants. The embedded store keeps these rows in its
lookup indexes; PostgreSQL stores the same values in indexed columns.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from runtime.dossiers.model import Dossier
from runtime.text import fold

ORDER_FIELDS = ("due_at", "updated_at", "submitted_at")


fold_text = fold
"""Lower-case, strip Vietnamese diacritics (đ → d) and collapse whitespace."""


def utc_key(value: datetime | None) -> str | None:
    """Fixed-width UTC ISO string: sorts like the instant it names."""
    if value is None:
        return None
    if value.tzinfo is None:
        raise ValueError(f"naive datetime {value!r}: pass a timezone-aware datetime")
    return value.astimezone(UTC).isoformat(timespec="microseconds")


@dataclass(frozen=True)
class DossierQuery:
    """Filters, order and paging for dossier listings; ``None`` means any.

    ``step`` and ``national_code`` take one value or a tuple of values.
    ``text`` matches the dossier code or the applicant's name, ignoring case
    and diacritics. ``order_by`` is one of :data:`ORDER_FIELDS`, prefixed with
    ``-`` for descending; missing values sort last, ties by id.
    """

    agency_code: str | None = None
    step: str | tuple[str, ...] | None = None
    national_code: int | tuple[int, ...] | None = None
    account_id: str | None = None
    is_draft: bool | None = None
    due_before: datetime | None = None
    procedure_code: str | None = None
    text: str | None = None
    order_by: str = "due_at"
    limit: int | None = None
    offset: int = 0

    def __post_init__(self) -> None:
        if isinstance(self.step, str):
            object.__setattr__(self, "step", (self.step,))
        elif self.step is not None:
            object.__setattr__(self, "step", tuple(self.step))
        if isinstance(self.national_code, int):
            object.__setattr__(self, "national_code", (self.national_code,))
        elif self.national_code is not None:
            object.__setattr__(self, "national_code", tuple(self.national_code))
        if self.order_by.removeprefix("-") not in ORDER_FIELDS:
            raise ValueError(f"order_by {self.order_by!r}: use one of {ORDER_FIELDS}, '-' to reverse")
        if self.limit is not None and self.limit < 0:
            raise ValueError("limit must be >= 0")
        if self.offset < 0:
            raise ValueError("offset must be >= 0")
        if self.due_before is not None and self.due_before.tzinfo is None:
            raise ValueError("due_before must be timezone-aware")

    @property
    def order_field(self) -> str:
        return self.order_by.removeprefix("-")

    @property
    def descending(self) -> bool:
        return self.order_by.startswith("-")

    @property
    def folded_text(self) -> str | None:
        return fold_text(self.text) if self.text and self.text.strip() else None


@dataclass(frozen=True)
class DossierSummary:
    """An inbox row: enough to list a dossier without loading it."""

    id: str
    reference: str | None
    procedure_code: str
    applicant_name: str
    step: str
    national_code: int
    due_at: datetime | None
    step_deadline: datetime | None
    agency_code: str | None
    account_id: str | None
    is_draft: bool
    submitted_at: datetime | None
    updated_at: datetime
    version: int


def summary_row(dossier: Dossier) -> dict[str, Any]:
    """Derive the index row of a dossier."""
    return {
        "id": dossier.id,
        "reference": dossier.reference,
        "procedure_code": dossier.procedure_code,
        "applicant_name": dossier.applicant.full_name,
        "step": dossier.status.step,
        "national_code": dossier.status.national_code,
        "due_at": utc_key(dossier.due_at),
        "step_deadline": utc_key(dossier.step_deadline),
        "agency_code": dossier.agency_code,
        "account_id": dossier.account_id,
        "is_draft": dossier.is_draft,
        "submitted_at": utc_key(dossier.submitted_at),
        "updated_at": utc_key(dossier.updated_at),
        "version": dossier.version,
        "text": fold_text(f"{dossier.reference or ''} {dossier.applicant.full_name}"),
    }


def _parse(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def row_to_summary(row: dict[str, Any]) -> DossierSummary:
    """Turn an index row into a :class:`DossierSummary`."""
    return DossierSummary(
        id=row["id"],
        reference=row["reference"],
        procedure_code=row["procedure_code"],
        applicant_name=row["applicant_name"],
        step=row["step"],
        national_code=row["national_code"],
        due_at=_parse(row["due_at"]),
        step_deadline=_parse(row["step_deadline"]),
        agency_code=row["agency_code"],
        account_id=row["account_id"],
        is_draft=row["is_draft"],
        submitted_at=_parse(row["submitted_at"]),
        updated_at=_parse(row["updated_at"]),  # type: ignore[arg-type]
        version=row["version"],
    )


def row_matches(row: dict[str, Any], query: DossierQuery) -> bool:
    """Whether an index row satisfies every filter of ``query``."""
    if query.agency_code is not None and row["agency_code"] != query.agency_code:
        return False
    if query.step is not None and row["step"] not in query.step:
        return False
    if query.national_code is not None and row["national_code"] not in query.national_code:
        return False
    if query.account_id is not None and row["account_id"] != query.account_id:
        return False
    if query.is_draft is not None and row["is_draft"] != query.is_draft:
        return False
    if query.procedure_code is not None and row["procedure_code"] != query.procedure_code:
        return False
    if query.due_before is not None:
        due = row["due_at"]
        if due is None or due >= utc_key(query.due_before):
            return False
    folded = query.folded_text
    return folded is None or folded in row["text"]


def select_rows(rows: Iterable[dict[str, Any]], query: DossierQuery) -> list[dict[str, Any]]:
    """Filter, order (missing values last, ties by id) and page index rows."""
    matching = sorted((r for r in rows if row_matches(r, query)), key=lambda r: r["id"])
    key = query.order_field
    present = [r for r in matching if r[key] is not None]
    present.sort(key=lambda r: r[key], reverse=query.descending)
    ordered = present + [r for r in matching if r[key] is None]
    end = None if query.limit is None else query.offset + query.limit
    return ordered[query.offset : end]
