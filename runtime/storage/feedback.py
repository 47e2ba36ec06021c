"""Citizens' feedback (phản ánh, kiến nghị) in the store: one record per item, answered by an agency.

Usage::

    with store.unit_of_work() as uow:
        uow.feedback.add(item)
        found = uow.feedback.list(FeedbackQuery(agency_codes=("000.26.743.H79",), status="open"))
        uow.commit()

Records are versioned like dossiers: :meth:`FeedbackRepository.update` refuses a
record read at an older revision (:class:`StaleFeedbackError`).
"""

from __future__ import annotations

import datetime as dt
import secrets
from abc import ABC, abstractmethod
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from runtime.storage.base import StorageError

KINDS = ("complaint", "suggestion")
"""``complaint`` — phản ánh (something went wrong); ``suggestion`` — kiến nghị (something should change)."""
SUBJECTS = ("dossier", "procedure")
STATUSES = ("open", "answered")


class FeedbackNotFound(StorageError):
    """No feedback has this id."""


class StaleFeedbackError(StorageError):
    """The feedback was changed by someone else since it was read."""

    def __init__(self, feedback_id: str, expected: int, actual: int) -> None:
        self.feedback_id, self.expected, self.actual = feedback_id, expected, actual
        super().__init__(f"feedback {feedback_id} was changed (read at revision {expected}, now {actual}): "
                         "reload it and apply the change again")


def new_feedback_id() -> str:
    return secrets.token_hex(16)


def _dt(value: Any) -> dt.datetime | None:
    if value is None or isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(value)


@dataclass(kw_only=True)
class Feedback:
    """One citizen's feedback about a dossier or a procedure, and the agency's answer.

    ``text`` and ``answer`` are kept as written (officials need them); what the
    public page shows is ``public_text`` and ``public_answer``, with personal
    data removed when the item was answered, and only when ``consent`` is given.
    """

    id: str = field(default_factory=new_feedback_id)
    kind: str
    subject: str
    procedure_code: str
    agency_code: str
    province_code: str
    text: str
    created_at: dt.datetime
    due_at: dt.datetime
    consent: bool = False
    dossier_id: str | None = None
    dossier_reference: str | None = None
    account_id: str | None = None
    """The citizen's account; None when sent without logging in."""
    author_name: str = ""
    contact: str = ""
    """An e-mail or phone number for the answer (never published)."""
    status: str = "open"
    answer: str = ""
    answered_at: dt.datetime | None = None
    answered_by: str = ""
    answered_by_name: str = ""
    public_text: str = ""
    public_answer: str = ""
    published: bool = False
    revision: int = 0

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"feedback kind {self.kind!r} not in {KINDS}")
        if self.subject not in SUBJECTS:
            raise ValueError(f"feedback subject {self.subject!r} not in {SUBJECTS}")
        if self.status not in STATUSES:
            raise ValueError(f"feedback status {self.status!r} not in {STATUSES}")
        for name in ("created_at", "due_at", "answered_at"):
            value = getattr(self, name)
            if value is not None and (value.tzinfo is None or value.utcoffset() is None):
                raise ValueError(f"feedback {name} must carry a timezone")

    def overdue(self, now: dt.datetime) -> bool:
        """Not answered by its deadline (answered late, or still open after it)."""
        if self.answered_at is not None:
            return self.answered_at > self.due_at
        return now > self.due_at

    def to_row(self) -> dict[str, Any]:
        row = asdict(self)
        for name in ("created_at", "due_at", "answered_at"):
            row[name] = row[name].isoformat() if row[name] is not None else None
        return row

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Feedback:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in row.items() if k in known}
        for name in ("created_at", "due_at", "answered_at"):
            values[name] = _dt(values.get(name))
        return cls(**values)


@dataclass(frozen=True)
class FeedbackQuery:
    """Which feedback to list; every given filter must hold. Newest first, paged."""

    agency_codes: tuple[str, ...] | None = None
    province_code: str | None = None
    account_id: str | None = None
    """Only the feedback a citizen sent while logged in."""
    status: str | None = None
    published: bool | None = None
    overdue_at: dt.datetime | None = None
    """Only items still open after their deadline at this moment."""
    limit: int = 100
    offset: int = 0

    def matches(self, item: Feedback) -> bool:
        return ((self.agency_codes is None or item.agency_code in self.agency_codes)
                and (self.province_code is None or item.province_code == self.province_code)
                and (self.account_id is None or item.account_id == self.account_id)
                and (self.status is None or item.status == self.status)
                and (self.published is None or item.published == self.published)
                and (self.overdue_at is None or (item.status == "open" and item.due_at < self.overdue_at)))


@dataclass(frozen=True)
class FeedbackTally:
    """Feedback counts of one agency and month (by deadline) for the scorecard."""

    agency_code: str
    month: str
    """``YYYY-MM`` of the deadline, Vietnam time."""
    decided: int
    """Answered, or still open after the deadline."""
    on_time: int
    """Answered by the deadline."""


class FeedbackRepository(ABC):
    """Feedback inside one unit of work."""

    @abstractmethod
    def add(self, item: Feedback) -> None:
        """Store a new item; sets ``item.revision`` to 1."""

    @abstractmethod
    def get(self, feedback_id: str) -> Feedback:
        """The item; raise :class:`FeedbackNotFound`."""

    @abstractmethod
    def update(self, item: Feedback) -> None:
        """Save an item read at ``item.revision``; raise :class:`StaleFeedbackError` if it changed since."""

    @abstractmethod
    def list(self, query: FeedbackQuery) -> list[Feedback]:
        """Items matching ``query``, newest first, paged."""

    @abstractmethod
    def count(self, query: FeedbackQuery) -> int:
        """How many items match ``query`` (ignores limit and offset)."""

    @abstractmethod
    def tallies(self, agency_codes: tuple[str, ...] | None, start: dt.datetime, end: dt.datetime,
                now: dt.datetime, tz: dt.tzinfo) -> list[FeedbackTally]:
        """Per agency and month: items due in [start, end) that are decided at ``now``, and answered on time."""


def tally_items(items: list[Feedback], start: dt.datetime, end: dt.datetime, now: dt.datetime,
                tz: dt.tzinfo) -> list[FeedbackTally]:
    """:meth:`FeedbackRepository.tallies` over items in memory (the embedded store's way)."""
    counts: dict[tuple[str, str], list[int]] = {}
    for item in items:
        if not start <= item.due_at < end:
            continue
        decided = item.answered_at is not None or item.due_at < now
        if not decided:
            continue
        slot = counts.setdefault((item.agency_code, item.due_at.astimezone(tz).strftime("%Y-%m")), [0, 0])
        slot[0] += 1
        slot[1] += item.answered_at is not None and item.answered_at <= item.due_at
    return [FeedbackTally(a, m, d, o) for (a, m), (d, o) in sorted(counts.items())]
