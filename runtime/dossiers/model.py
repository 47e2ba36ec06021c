"""The dossier (hồ sơ) record: plain dataclasses, no storage code.

Every class converts to and from a JSON-safe dict (``to_dict``/``from_dict``):
datetimes become ISO-8601 strings with their UTC offset (naive datetimes are
refused), dates become ISO dates. Field names are a contract shared by the
workflow, views, fees and storage modules.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Literal

from runtime.dossiers import audit

JsonDict = dict[str, Any]
Channel = Literal["online", "in-person", "postal"]
CHANNELS: tuple[str, ...] = ("online", "in-person", "postal")
ProvenanceSource = Literal["typed", "autofilled", "changed"]
PROVENANCE_SOURCES: tuple[str, ...] = ("typed", "autofilled", "changed")


def new_id() -> str:
    """Return a new internal dossier id (uuid4 hex)."""
    return uuid.uuid4().hex


def utcnow() -> datetime:
    """Return the current time, timezone-aware (UTC)."""
    return datetime.now(UTC)


def dt_out(value: datetime | None) -> str | None:
    """Serialize an aware datetime; refuse naive ones (their instant is ambiguous)."""
    if value is None:
        return None
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"naive datetime {value!r}: dossier datetimes must carry a timezone")
    return value.isoformat()


def dt_in(value: str | None) -> datetime | None:
    """Parse an ISO-8601 datetime written by :func:`dt_out`."""
    if value is None:
        return None
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError(f"naive datetime {value!r}: dossier datetimes must carry a timezone")
    return parsed


@dataclass(kw_only=True)
class Person:
    """An applicant or representative."""

    full_name: str
    personal_id: str | None = None
    birth_date: date | None = None
    phone: str | None = None
    email: str | None = None
    #: ``{"province_code": ..., "commune_code": ..., "street": ...}``
    address: JsonDict | None = None

    def to_dict(self) -> JsonDict:
        return {
            "full_name": self.full_name,
            "personal_id": self.personal_id,
            "birth_date": self.birth_date.isoformat() if self.birth_date else None,
            "phone": self.phone,
            "email": self.email,
            "address": dict(self.address) if self.address is not None else None,
        }

    @classmethod
    def from_dict(cls, raw: JsonDict) -> Person:
        birth = raw.get("birth_date")
        return cls(
            full_name=raw["full_name"],
            personal_id=raw.get("personal_id"),
            birth_date=date.fromisoformat(birth) if birth else None,
            phone=raw.get("phone"),
            email=raw.get("email"),
            address=raw.get("address"),
        )


@dataclass(kw_only=True)
class Provenance:
    """Where an eForm value came from: typed, autofilled from an attribute, or changed."""

    source: ProvenanceSource
    attribute: str | None = None
    original: Any = None
    conversion: JsonDict | None = None
    """An old (pre-2025) address converted to the new units: ``{"status", "from", "candidates"}``."""

    def __post_init__(self) -> None:
        if self.source not in PROVENANCE_SOURCES:
            raise ValueError(f"provenance source {self.source!r} not in {PROVENANCE_SOURCES}")

    def to_dict(self) -> JsonDict:
        raw = {"source": self.source, "attribute": self.attribute, "original": self.original}
        if self.conversion is not None:
            raw["conversion"] = self.conversion
        return raw

    @classmethod
    def from_dict(cls, raw: JsonDict) -> Provenance:
        return cls(source=raw["source"], attribute=raw.get("attribute"), original=raw.get("original"),
                   conversion=raw.get("conversion"))


@dataclass(kw_only=True)
class StoredFile:
    """An uploaded file, stored outside the record and referenced by its SHA-256."""

    sha256: str
    name: str
    media_type: str
    size: int
    pages: int | None = None
    verification: JsonDict | None = None
    uploaded_at: datetime = field(default_factory=utcnow)
    reused_from: JsonDict | None = None
    """Set when the file came from the applicant's wallet (:mod:`runtime.wallet`): the dossier it
    was first filed with (``reference``, ``dossier_id``), ``kind`` and when it entered the wallet.
    Its ``verification`` is then the report made at that time."""

    def to_dict(self) -> JsonDict:
        out = {
            "sha256": self.sha256,
            "name": self.name,
            "media_type": self.media_type,
            "size": self.size,
            "pages": self.pages,
            "verification": self.verification,
            "uploaded_at": dt_out(self.uploaded_at),
        }
        if self.reused_from is not None:
            out["reused_from"] = self.reused_from
        return out

    @classmethod
    def from_dict(cls, raw: JsonDict) -> StoredFile:
        return cls(
            sha256=raw["sha256"],
            name=raw["name"],
            media_type=raw["media_type"],
            size=raw["size"],
            pages=raw.get("pages"),
            verification=raw.get("verification"),
            uploaded_at=dt_in(raw.get("uploaded_at")) or utcnow(),
            reused_from=raw.get("reused_from"),
        )


@dataclass(kw_only=True)
class ComponentFiles:
    """The files given for one component (thành phần hồ sơ) of the procedure."""

    component_id: str
    files: list[StoredFile] = field(default_factory=list)

    def to_dict(self) -> JsonDict:
        return {"component_id": self.component_id, "files": [f.to_dict() for f in self.files]}

    @classmethod
    def from_dict(cls, raw: JsonDict) -> ComponentFiles:
        return cls(
            component_id=raw["component_id"],
            files=[StoredFile.from_dict(f) for f in raw.get("files", [])],
        )


@dataclass(kw_only=True)
class Status:
    """Current workflow step and its national status code."""

    step: str = "draft"
    national_code: int = 1

    def to_dict(self) -> JsonDict:
        return {"step": self.step, "national_code": self.national_code}

    @classmethod
    def from_dict(cls, raw: JsonDict) -> Status:
        return cls(step=raw["step"], national_code=int(raw["national_code"]))


@dataclass(kw_only=True)
class Pause:
    """A period during which the processing clock is stopped."""

    start: datetime
    end: datetime | None = None
    reason: str = ""

    def to_dict(self) -> JsonDict:
        return {"start": dt_out(self.start), "end": dt_out(self.end), "reason": self.reason}

    @classmethod
    def from_dict(cls, raw: JsonDict) -> Pause:
        return cls(start=dt_in(raw["start"]), end=dt_in(raw.get("end")), reason=raw.get("reason", ""))  # type: ignore[arg-type]


@dataclass(kw_only=True)
class Event:
    """One entry of the dossier's append-only, hash-chained event log."""

    seq: int
    at: datetime
    actor: str
    action: str
    actor_role: str | None = None
    from_step: str | None = None
    to_step: str | None = None
    comment: str | None = None
    attachments: list[str] = field(default_factory=list)
    data: JsonDict = field(default_factory=dict)
    prev_hash: str = audit.GENESIS_HASH
    hash: str = ""

    def to_dict(self) -> JsonDict:
        return {
            "seq": self.seq,
            "at": dt_out(self.at),
            "actor": self.actor,
            "actor_role": self.actor_role,
            "action": self.action,
            "from_step": self.from_step,
            "to_step": self.to_step,
            "comment": self.comment,
            "attachments": list(self.attachments),
            "data": dict(self.data),
            "prev_hash": self.prev_hash,
            "hash": self.hash,
        }

    @classmethod
    def from_dict(cls, raw: JsonDict) -> Event:
        return cls(
            seq=int(raw["seq"]),
            at=dt_in(raw["at"]),  # type: ignore[arg-type]
            actor=raw["actor"],
            action=raw["action"],
            actor_role=raw.get("actor_role"),
            from_step=raw.get("from_step"),
            to_step=raw.get("to_step"),
            comment=raw.get("comment"),
            attachments=list(raw.get("attachments") or []),
            data=dict(raw.get("data") or {}),
            prev_hash=raw["prev_hash"],
            hash=raw["hash"],
        )


def _dt_map_out(values: dict[str, datetime]) -> dict[str, str | None]:
    return {key: dt_out(value) for key, value in values.items()}


def _dt_map_in(values: dict[str, str] | None) -> dict[str, datetime]:
    return {key: dt_in(value) for key, value in (values or {}).items()}  # type: ignore[misc]


@dataclass(kw_only=True)
class Dossier:
    """A citizen's filing for one procedure, from draft to result.

    ``version`` is 0 until the dossier is first stored, then the stored
    version (1 on first store, +1 on every committed update): stores use it
    for optimistic concurrency. ``events`` is append-only: use
    :meth:`append_event`, never edit or remove an event.
    """

    procedure_code: str
    applicant: Person
    id: str = field(default_factory=new_id)
    reference: str | None = None
    definition_version: str = ""
    case_id: str | None = None
    account_id: str | None = None
    representative: Person | None = None
    channel: Channel = "online"
    agency_code: str | None = None
    data: JsonDict = field(default_factory=dict)
    provenance: dict[str, Provenance] = field(default_factory=dict)
    components: list[ComponentFiles] = field(default_factory=list)
    fees: JsonDict = field(default_factory=dict)
    payments: list[JsonDict] = field(default_factory=list)
    status: Status = field(default_factory=Status)
    is_draft: bool = True
    created_at: datetime = field(default_factory=utcnow)
    updated_at: datetime = field(default_factory=utcnow)
    submitted_at: datetime | None = None
    received_at: datetime | None = None
    due_at: datetime | None = None
    step_deadlines: dict[str, datetime] = field(default_factory=dict)
    pauses: list[Pause] = field(default_factory=list)
    returned_at: datetime | None = None
    assignments: dict[str, str] = field(default_factory=dict)
    version: int = 0
    events: list[Event] = field(default_factory=list)
    extra: JsonDict = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.channel not in CHANNELS:
            raise ValueError(f"channel {self.channel!r} not in {CHANNELS}")

    @property
    def step_deadline(self) -> datetime | None:
        """Deadline of the current step, if one is set."""
        return self.step_deadlines.get(self.status.step)

    def append_event(
        self,
        *,
        actor: str,
        action: str,
        at: datetime | None = None,
        actor_role: str | None = None,
        from_step: str | None = None,
        to_step: str | None = None,
        comment: str | None = None,
        attachments: list[str] | None = None,
        data: JsonDict | None = None,
    ) -> Event:
        """Append the next event, chained by hash to the previous one, and return it."""
        event = Event(
            seq=len(self.events) + 1,
            at=at or utcnow(),
            actor=actor,
            action=action,
            actor_role=actor_role,
            from_step=from_step,
            to_step=to_step,
            comment=comment,
            attachments=list(attachments or []),
            data=dict(data or {}),
            prev_hash=self.events[-1].hash if self.events else audit.GENESIS_HASH,
        )
        event.hash = audit.event_hash(event.to_dict())
        self.events.append(event)
        return event

    def to_dict(self) -> JsonDict:
        """Return a JSON-safe dict of every field."""
        return {
            "id": self.id,
            "reference": self.reference,
            "procedure_code": self.procedure_code,
            "definition_version": self.definition_version,
            "case_id": self.case_id,
            "account_id": self.account_id,
            "applicant": self.applicant.to_dict(),
            "representative": self.representative.to_dict() if self.representative else None,
            "channel": self.channel,
            "agency_code": self.agency_code,
            "data": self.data,
            "provenance": {ptr: p.to_dict() for ptr, p in self.provenance.items()},
            "components": [c.to_dict() for c in self.components],
            "fees": self.fees,
            "payments": self.payments,
            "status": self.status.to_dict(),
            "is_draft": self.is_draft,
            "created_at": dt_out(self.created_at),
            "updated_at": dt_out(self.updated_at),
            "submitted_at": dt_out(self.submitted_at),
            "received_at": dt_out(self.received_at),
            "due_at": dt_out(self.due_at),
            "step_deadlines": _dt_map_out(self.step_deadlines),
            "pauses": [p.to_dict() for p in self.pauses],
            "returned_at": dt_out(self.returned_at),
            "assignments": dict(self.assignments),
            "version": self.version,
            "events": [e.to_dict() for e in self.events],
            "extra": self.extra,
        }

    @classmethod
    def from_dict(cls, raw: JsonDict) -> Dossier:
        """Rebuild a dossier from :meth:`to_dict` output."""
        representative = raw.get("representative")
        return cls(
            id=raw["id"],
            reference=raw.get("reference"),
            procedure_code=raw["procedure_code"],
            definition_version=raw.get("definition_version", ""),
            case_id=raw.get("case_id"),
            account_id=raw.get("account_id"),
            applicant=Person.from_dict(raw["applicant"]),
            representative=Person.from_dict(representative) if representative else None,
            channel=raw.get("channel", "online"),
            agency_code=raw.get("agency_code"),
            data=raw.get("data") or {},
            provenance={k: Provenance.from_dict(v) for k, v in (raw.get("provenance") or {}).items()},
            components=[ComponentFiles.from_dict(c) for c in raw.get("components") or []],
            fees=raw.get("fees") or {},
            payments=list(raw.get("payments") or []),
            status=Status.from_dict(raw["status"]) if raw.get("status") else Status(),
            is_draft=bool(raw.get("is_draft", True)),
            created_at=dt_in(raw["created_at"]),  # type: ignore[arg-type]
            updated_at=dt_in(raw["updated_at"]),  # type: ignore[arg-type]
            submitted_at=dt_in(raw.get("submitted_at")),
            received_at=dt_in(raw.get("received_at")),
            due_at=dt_in(raw.get("due_at")),
            step_deadlines=_dt_map_in(raw.get("step_deadlines")),
            pauses=[Pause.from_dict(p) for p in raw.get("pauses") or []],
            returned_at=dt_in(raw.get("returned_at")),
            assignments=dict(raw.get("assignments") or {}),
            version=int(raw.get("version", 0)),
            events=[Event.from_dict(e) for e in raw.get("events") or []],
            extra=raw.get("extra") or {},
        )
