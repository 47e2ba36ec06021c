"""Drafts of eForms: what a citizen has answered so far, kept between visits.

The journey talks to a :class:`DraftRepository`; :class:`StoreDrafts` keeps drafts
as draft dossiers in the dossier store, :class:`MemoryDrafts` in memory (tests,
preview). A draft belongs to an *owner*: today a random id kept in the browser's
signed session cookie (``session:<id>``), later the citizen's account.
"""

from __future__ import annotations

import copy
import threading
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

JOURNEY_KEY = "journey"


class DraftConflict(Exception):
    """The draft was changed elsewhere (another tab) since it was read."""


@dataclass
class Draft:
    """One citizen's answers to one procedure's eForm, pinned to a definition version."""

    owner: str
    procedure_code: str
    version: str
    case_id: str
    data: dict[str, Any] = field(default_factory=dict)
    done: list[str] = field(default_factory=list)
    seen: list[str] = field(default_factory=list)
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    revision: int = 0
    updated_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    provenance: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Per JSON pointer: where a value came from (autofilled from identity data, changed by the applicant)."""

    def progress(self) -> dict[str, Any]:
        return {"done": list(self.done), "seen": list(self.seen)}


class DraftRepository(Protocol):
    """Where drafts are kept."""

    def create(self, draft: Draft) -> Draft: ...

    def get(self, draft_id: str) -> Draft | None: ...

    def save(self, draft: Draft) -> None:
        """Store changes; raise :class:`DraftConflict` if it changed since it was read."""

    def list(self, owner: str) -> list[Draft]:
        """The owner's open drafts, most recently changed first."""

    def discard(self, draft: Draft) -> None: ...


class MemoryDrafts:
    """Drafts in memory (lost on restart): for tests and the preview server."""

    def __init__(self) -> None:
        self._drafts: dict[str, Draft] = {}
        self._lock = threading.Lock()

    def create(self, draft: Draft) -> Draft:
        with self._lock:
            draft.revision = 1
            self._drafts[draft.id] = copy.deepcopy(draft)
        return draft

    def get(self, draft_id: str) -> Draft | None:
        with self._lock:
            found = self._drafts.get(draft_id)
            return copy.deepcopy(found) if found else None

    def save(self, draft: Draft) -> None:
        with self._lock:
            stored = self._drafts.get(draft.id)
            if stored is None or stored.revision != draft.revision:
                raise DraftConflict(draft.id)
            draft.revision += 1
            draft.updated_at = datetime.now(UTC)
            self._drafts[draft.id] = copy.deepcopy(draft)

    def list(self, owner: str) -> list[Draft]:
        with self._lock:
            mine = [copy.deepcopy(d) for d in self._drafts.values() if d.owner == owner]
        return sorted(mine, key=lambda d: d.updated_at, reverse=True)

    def discard(self, draft: Draft) -> None:
        with self._lock:
            self._drafts.pop(draft.id, None)


class StoreDrafts:
    """Drafts as draft dossiers (``is_draft=True``) in the dossier store."""

    def __init__(self, store: Any):
        self.store = store

    @staticmethod
    def _draft(dossier: Any) -> Draft | None:
        journey = (dossier.extra or {}).get(JOURNEY_KEY) or {}
        if not dossier.is_draft or journey.get("discarded"):
            return None
        return Draft(owner=dossier.account_id or "", procedure_code=dossier.procedure_code,
                     version=dossier.definition_version, case_id=dossier.case_id or "",
                     data=dict(dossier.data or {}), done=list(journey.get("done", ())),
                     seen=list(journey.get("seen", ())), id=dossier.id, revision=dossier.version,
                     updated_at=dossier.updated_at,
                     provenance={k: v.to_dict() for k, v in (dossier.provenance or {}).items()})

    def create(self, draft: Draft) -> Draft:
        from ..dossiers.model import Dossier, Person, Provenance

        dossier = Dossier(id=draft.id, procedure_code=draft.procedure_code,
                          applicant=Person(full_name=""), definition_version=draft.version,
                          case_id=draft.case_id, account_id=draft.owner, data=draft.data,
                          provenance={k: Provenance.from_dict(v) for k, v in draft.provenance.items()},
                          is_draft=True, extra={JOURNEY_KEY: draft.progress()})
        with self.store.unit_of_work() as uow:
            uow.dossiers.add(dossier)
            uow.commit()
        draft.revision = dossier.version
        return draft

    def get(self, draft_id: str) -> Draft | None:
        from ..storage import DossierNotFound

        with self.store.unit_of_work() as uow:
            try:
                return self._draft(uow.dossiers.get(draft_id))
            except DossierNotFound:
                return None

    def _update(self, draft: Draft, journey: dict[str, Any]) -> None:
        from ..dossiers.model import Provenance
        from ..storage import DossierNotFound, StaleDossierError

        with self.store.unit_of_work() as uow:
            try:
                dossier = uow.dossiers.get(draft.id)
            except DossierNotFound as exc:
                raise DraftConflict(draft.id) from exc
            if dossier.version != draft.revision or not dossier.is_draft:
                raise DraftConflict(draft.id)
            dossier.data = draft.data
            dossier.account_id = draft.owner
            dossier.provenance = {k: Provenance.from_dict(v) for k, v in draft.provenance.items()}
            dossier.definition_version = draft.version
            dossier.case_id = draft.case_id
            dossier.extra = {**(dossier.extra or {}), JOURNEY_KEY: journey}
            dossier.updated_at = datetime.now(UTC)
            try:
                uow.dossiers.update(dossier)
            except StaleDossierError as exc:
                raise DraftConflict(draft.id) from exc
            uow.commit()
        draft.revision = dossier.version
        draft.updated_at = dossier.updated_at

    def save(self, draft: Draft) -> None:
        self._update(draft, draft.progress())

    def list(self, owner: str) -> list[Draft]:
        from ..storage import DossierQuery

        with self.store.unit_of_work() as uow:
            found = uow.dossiers.list(DossierQuery(account_id=owner, is_draft=True,
                                                   order_by="-updated_at", limit=50))
        return [d for d in (self._draft(x) for x in found) if d is not None]

    def discard(self, draft: Draft) -> None:
        self._update(draft, {**draft.progress(), "discarded": True})
