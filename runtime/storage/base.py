"""The storage contract every backend implements, and its errors.

Usage::

    with store.unit_of_work() as uow:
        dossier = uow.dossiers.get(dossier_id)
        dossier.reference = uow.references.next_reference(dossier.agency_code, today)
        uow.dossiers.update(dossier)
        uow.commit()

Everything done in one unit of work is committed together by ``commit()`` or
not at all: leaving the ``with`` block without committing, or by an exception,
rolls everything back (including dossier codes taken from the sequence).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from types import TracebackType
from typing import TYPE_CHECKING, Self

from runtime.dossiers.model import Dossier
from runtime.storage.query import DossierQuery, DossierSummary, InboxCounts, InboxQuery

if TYPE_CHECKING:
    from runtime.storage.definitions import DefinitionRepository
    from runtime.storage.exchange import ExchangeRepository
    from runtime.storage.feedback import FeedbackRepository


class StorageError(Exception):
    """Base class of every storage failure."""


class StaleDossierError(StorageError):
    """The dossier was changed by someone else since it was read."""

    def __init__(self, dossier_id: str, expected: int, actual: int | None) -> None:
        self.dossier_id, self.expected, self.actual = dossier_id, expected, actual
        super().__init__(
            f"dossier {dossier_id} was modified concurrently: it was read at version "
            f"{expected} but the stored version is {actual}; reload it and apply the change again"
        )


class DossierNotFound(StorageError):
    """No dossier has the given id or reference."""


class DuplicateDossierError(StorageError):
    """A dossier with the same id or reference is already stored."""


class EventLogError(StorageError):
    """An update would change or drop stored events, or carries a broken hash chain."""


class UnsupportedUsageError(StorageError):
    """The store is used in a way it cannot support safely (refused, not corrupted)."""


class StoreBusyError(StorageError):
    """The store could not be locked (or a connection borrowed) in time."""


class CorruptStoreError(StorageError):
    """A stored file or row cannot be read back: restore from backup."""


class DossierRepository(ABC):
    """Dossiers inside one unit of work."""

    @abstractmethod
    def add(self, dossier: Dossier) -> None:
        """Store a new dossier; sets ``dossier.version`` to 1."""

    @abstractmethod
    def get(self, dossier_id: str) -> Dossier:
        """Return the dossier; raise :class:`DossierNotFound`."""

    @abstractmethod
    def get_by_reference(self, reference: str) -> Dossier:
        """Return the dossier with this dossier code; raise :class:`DossierNotFound`."""

    @abstractmethod
    def update(self, dossier: Dossier) -> None:
        """Save changes made to a dossier read at ``dossier.version``.

        Raises :class:`StaleDossierError` if the stored version differs and
        :class:`EventLogError` if stored events were changed or dropped. On
        success ``dossier.version`` is incremented.
        """

    @abstractmethod
    def list(self, query: DossierQuery) -> list[Dossier]:
        """Return full dossiers matching ``query``, ordered and paged."""

    @abstractmethod
    def count(self, query: DossierQuery) -> int:
        """Count dossiers matching ``query`` (ignores limit and offset)."""

    @abstractmethod
    def list_summaries(self, query: DossierQuery) -> list[DossierSummary]:
        """Return lightweight inbox rows matching ``query``, ordered and paged."""

    @abstractmethod
    def inbox(self, query: InboxQuery) -> list[DossierSummary]:
        """One keyset page of the filed dossiers at ``query.slots``, most urgent first."""

    @abstractmethod
    def inbox_counts(self, query: InboxQuery, now: datetime, soon_until: datetime) -> InboxCounts:
        """Counts per deadline mark of the rows ``query`` selects (its bounds, cursor and limit ignored).

        A row is overdue when its urgency is before ``now``, due soon up to
        ``soon_until`` (inclusive), on time after it.
        """

    @abstractmethod
    def iter_ids(self) -> Iterator[str]:
        """Yield the id of every stored dossier (for audits and exports)."""


class ReferenceSequence(ABC):
    """Gap-free dossier codes, per agency and day."""

    @abstractmethod
    def next_reference(self, agency_code: str, on_date: date) -> str:
        """Take the next dossier code; given back if the unit of work rolls back."""


class UnitOfWork(ABC):
    """A transaction: all changes are committed together or not at all."""

    dossiers: DossierRepository
    references: ReferenceSequence
    definitions: DefinitionRepository
    exchange: ExchangeRepository
    feedback: FeedbackRepository

    @abstractmethod
    def commit(self) -> None:
        """Make every change durable atomically."""

    @abstractmethod
    def rollback(self) -> None:
        """Discard every uncommitted change."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.rollback()


class Store(ABC):
    """A dossier store; thread-safe, one per process is enough."""

    #: ``str.format`` pattern of dossier codes; fields ``agency``, ``date``, ``seq``.
    reference_pattern: str = "{agency}-{date:%y%m%d}-{seq:04d}"

    @abstractmethod
    def unit_of_work(self) -> UnitOfWork:
        """Start a unit of work (use it as a context manager)."""

    def reading(self) -> UnitOfWork:
        """A unit of work that only reads, for pages that show what is stored (use it as a context manager).

        Nothing is committed; a store may answer each read on its own, as a READ COMMITTED
        transaction would (each statement sees what was committed when it started), without
        opening and closing a transaction around them. The default is :meth:`unit_of_work`.
        """
        return self.unit_of_work()

    def bulk_add(self, dossiers: Iterable[Dossier]) -> int:
        """Store many new dossiers at once (imports, benchmarks); return the count."""
        count = 0
        with self.unit_of_work() as uow:
            for dossier in dossiers:
                uow.dossiers.add(dossier)
                count += 1
            uow.commit()
        return count

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release resources (connections, file handles)."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def format_reference(self, agency_code: str, on_date: date, seq: int) -> str:
        """Render a dossier code with :attr:`reference_pattern`."""
        return self.reference_pattern.format(agency=agency_code, date=on_date, seq=seq)
