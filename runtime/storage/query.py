"""Dossier queries, inbox summaries and the index row both backends derive.

An *index row* is a small JSON-safe dict with the columns views filter and
sort on. Its datetimes are UTC ISO-8601 strings of fixed width, so comparing
the strings compares the instants. The embedded store keeps these rows in its
lookup indexes; PostgreSQL stores the same values in indexed columns.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
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
    updated_since: datetime | None = None
    """Changed at or after this instant."""
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
        for name in ("due_before", "updated_since"):
            value = getattr(self, name)
            if value is not None and value.tzinfo is None:
                raise ValueError(f"{name} must be timezone-aware")

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
    if query.updated_since is not None and row["updated_at"] < utc_key(query.updated_since):
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


# --------------------------------------------------------------------- inbox

#: Sorts after every instant: the urgency of a dossier without any deadline.
NO_DEADLINE = "~"


@dataclass(frozen=True)
class InboxCursor:
    """Where a keyset page ends: the last row's urgency, filing time and id (None: no value)."""

    urgent_at: datetime | None
    submitted_at: datetime | None
    id: str

    @classmethod
    def after(cls, summary: DossierSummary) -> InboxCursor:
        return cls(urgent_of(summary.due_at, summary.step_deadline), summary.submitted_at, summary.id)

    def token(self) -> str:
        """A URL-safe form (``~`` for a missing value), read back by :meth:`parse`."""
        def part(value: datetime | None) -> str:
            return NO_DEADLINE if value is None else str(int(value.timestamp() * 1_000_000))
        return f"{part(self.urgent_at)}.{part(self.submitted_at)}.{self.id}"

    @classmethod
    def parse(cls, token: str | None) -> InboxCursor | None:
        """The cursor of ``token``; None when it is missing or malformed (then the first page is shown)."""
        if not token or len(token) > 200:
            return None
        first, _, rest = token.partition(".")
        second, _, dossier_id = rest.partition(".")

        def moment(part: str) -> datetime | None:
            if part == NO_DEADLINE:
                return None
            micros = int(part)
            return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=micros)

        try:
            urgent, submitted = moment(first), moment(second)
        except (ValueError, OverflowError):
            return None
        if not dossier_id or not dossier_id.isascii() or not dossier_id.replace("-", "").isalnum():
            return None
        return cls(urgent, submitted, dossier_id)

    def key(self) -> tuple[str, str, str]:
        return (utc_key(self.urgent_at) or NO_DEADLINE, utc_key(self.submitted_at) or NO_DEADLINE, self.id)


def urgent_of(due_at: datetime | None, step_deadline: datetime | None) -> datetime | None:
    """The nearer of a dossier's two deadlines (None when it has neither)."""
    return min((d for d in (due_at, step_deadline) if d is not None), default=None)


@dataclass(frozen=True)
class InboxQuery:
    """Filed dossiers at given (agency, procedure, step) slots, most urgent first, one keyset page.

    Rows are ordered by their *urgency* (the nearer of the overall and the step
    deadline; none last), then filing time, then id. ``urgent_from`` and
    ``urgent_until`` (inclusive) keep rows whose urgency lies between them (a
    row without deadline never matches a bound); ``after`` starts the page
    after that row. ``text`` matches the dossier code or the applicant's name
    ignoring case and diacritics.
    """

    slots: tuple[tuple[str, str, str], ...]
    text: str | None = None
    urgent_from: datetime | None = None
    urgent_until: datetime | None = None
    after: InboxCursor | None = None
    limit: int = 50

    def __post_init__(self) -> None:
        object.__setattr__(self, "slots", tuple(sorted({tuple(s) for s in self.slots})))  # type: ignore[misc]
        if self.limit < 0:
            raise ValueError("limit must be >= 0")
        for bound in (self.urgent_from, self.urgent_until):
            if bound is not None and bound.tzinfo is None:
                raise ValueError("urgency bounds must be timezone-aware")

    @property
    def folded_text(self) -> str | None:
        return fold_text(self.text) if self.text and self.text.strip() else None

    @property
    def agencies(self) -> tuple[str, ...]:
        return tuple(sorted({agency for agency, _p, _s in self.slots}))


@dataclass(frozen=True)
class InboxCounts:
    """How many rows of an inbox stand at each deadline mark at ``now``."""

    total: int = 0
    overdue: int = 0
    due_soon: int = 0
    on_time: int = 0
    overall_overdue: int = 0
    """The overall deadline (appointment) is past."""
    step_overdue: int = 0
    """The current step's deadline is past."""


def _urgent_key(row: dict[str, Any]) -> str:
    present = [v for v in (row["due_at"], row["step_deadline"]) if v is not None]
    return min(present) if present else NO_DEADLINE


def _inbox_matches(row: dict[str, Any], query: InboxQuery, slots: frozenset[tuple[str, str, str]]) -> bool:
    if row["is_draft"] or (row["agency_code"], row["procedure_code"], row["step"]) not in slots:
        return False
    folded = query.folded_text
    return folded is None or folded in row["text"]


def select_inbox(rows: Iterable[dict[str, Any]], query: InboxQuery) -> list[dict[str, Any]]:
    """The page of index rows ``query`` asks for (the embedded store's inbox)."""
    slots = frozenset(query.slots)
    low = utc_key(query.urgent_from)
    high = utc_key(query.urgent_until)
    after = query.after.key() if query.after else None
    found = []
    for row in rows:
        if not _inbox_matches(row, query, slots):
            continue
        urgent = _urgent_key(row)
        if low is not None and (urgent == NO_DEADLINE or urgent < low):
            continue
        if high is not None and (urgent == NO_DEADLINE or urgent > high):
            continue
        key = (urgent, row["submitted_at"] or NO_DEADLINE, row["id"])
        if after is not None and key <= after:
            continue
        found.append((key, row))
    found.sort(key=lambda item: item[0])
    return [row for _key, row in found[: query.limit]]


def deadline_mark(due: Any, now: Any, soon_until: Any) -> str | None:
    """The mark of a deadline at ``now``: overdue before ``now``, due soon up to ``soon_until`` (the calendar's
    ``due_soon_until(now)``, inclusive), on time after it; None without a deadline. The same two comparisons
    as the stores' counts; works on datetimes and on their sort keys alike."""
    if due is None:
        return None
    if due < now:
        return "overdue"
    return "due_soon" if due <= soon_until else "on_time"


def count_inbox(rows: Iterable[dict[str, Any]], query: InboxQuery, now: datetime,
                soon_until: datetime) -> InboxCounts:
    """Counts per mark of the rows ``query`` selects, bounds and cursor ignored (the embedded store's)."""
    slots = frozenset(query.slots)
    now_key, soon_key = utc_key(now), utc_key(soon_until)
    counts = dict.fromkeys(("total", "overdue", "due_soon", "on_time", "overall_overdue", "step_overdue"), 0)
    for row in rows:
        if not _inbox_matches(row, query, slots):
            continue
        counts["total"] += 1
        urgent = _urgent_key(row)
        if urgent != NO_DEADLINE:
            counts[deadline_mark(urgent, now_key, soon_key)] += 1
        counts["overall_overdue"] += row["due_at"] is not None and row["due_at"] < now_key
        counts["step_overdue"] += row["step_deadline"] is not None and row["step_deadline"] < now_key
    return InboxCounts(**counts)
