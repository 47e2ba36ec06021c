"""Citizens' feedback in the embedded store.

::

    <root>/feedback/<h2>.json      feedback records, 256 buckets by the hash of the id

Writes go through the unit of work's staging and journal, like dossiers. Lists
read every bucket: the embedded store serves one office, whose feedback fits.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
from typing import TYPE_CHECKING, Any

from runtime.storage.feedback import (
    Feedback,
    FeedbackNotFound,
    FeedbackQuery,
    FeedbackRepository,
    FeedbackTally,
    StaleFeedbackError,
    tally_items,
)

if TYPE_CHECKING:
    from runtime.storage.tinydb_store.unit_of_work import TinyDBUnitOfWork

FOLDER = "feedback"
TABLE = "feedback"


def _bucket(feedback_id: str) -> str:
    return f"{FOLDER}/{hashlib.sha256(feedback_id.encode('utf-8')).hexdigest()[:2]}.json"


class TinyDBFeedbackRepository(FeedbackRepository):
    def __init__(self, uow: TinyDBUnitOfWork) -> None:
        self.uow = uow

    def _rows(self, path: str) -> dict[str, Any]:
        return (self.uow.reader().load(path) or {}).get(TABLE, {})

    def _write(self, item: Feedback) -> None:
        path = _bucket(item.id)
        staging = self.uow.locked_staging()
        rows = copy.deepcopy((staging.load(path) or {}).get(TABLE, {}))
        rows[item.id] = item.to_row()
        staging.put(path, {TABLE: rows})

    def add(self, item: Feedback) -> None:
        self.uow.locked_staging()
        if item.id in self._rows(_bucket(item.id)):
            raise ValueError(f"feedback {item.id} is already stored")
        item.revision = 1
        self._write(item)

    def get(self, feedback_id: str) -> Feedback:
        row = self._rows(_bucket(feedback_id)).get(feedback_id)
        if row is None:
            raise FeedbackNotFound(f"feedback {feedback_id} does not exist")
        return Feedback.from_row(copy.deepcopy(row))

    def update(self, item: Feedback) -> None:
        self.uow.locked_staging()
        row = self._rows(_bucket(item.id)).get(item.id)
        if row is None:
            raise FeedbackNotFound(f"feedback {item.id} does not exist")
        if row["revision"] != item.revision:
            raise StaleFeedbackError(item.id, item.revision, row["revision"])
        item.revision += 1
        self._write(item)

    def _all(self) -> list[Feedback]:
        paths = set()
        folder = self.uow.store.root / FOLDER
        if folder.is_dir():
            paths.update(f"{FOLDER}/{p.name}" for p in folder.iterdir() if p.name.endswith(".json"))
        if self.uow.staging is not None:
            paths.update(p for p in self.uow.staging.changes if p.startswith(FOLDER + "/"))
        return [Feedback.from_row(copy.deepcopy(row)) for path in sorted(paths) for row in self._rows(path).values()]

    def _matching(self, query: FeedbackQuery) -> list[Feedback]:
        found = [item for item in self._all() if query.matches(item)]
        return sorted(found, key=lambda i: (i.created_at, i.id), reverse=True)

    def list(self, query: FeedbackQuery) -> list[Feedback]:
        return self._matching(query)[query.offset:query.offset + query.limit]

    def count(self, query: FeedbackQuery) -> int:
        return len(self._matching(query))

    def tallies(self, agency_codes: tuple[str, ...] | None, start: dt.datetime, end: dt.datetime,
                now: dt.datetime, tz: dt.tzinfo) -> list[FeedbackTally]:
        items = [i for i in self._all() if agency_codes is None or i.agency_code in agency_codes]
        return tally_items(items, start, end, now, tz)
