"""The compiled, immutable form of a procedure definition.

A definition is compiled once from its checked JSON document; everything the
runtime derives from it (form classes, validators, the process graph) hangs off
these objects and is cached on them, never rebuilt per request. The JSON
fragments kept here (eForm pages, conditions) are shared and must never be
mutated.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

Language = Literal["vi", "en"]
LANGUAGES: tuple[Language, ...] = ("vi", "en")
DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"


@dataclass(frozen=True, slots=True)
class Text:
    """User-facing text in Vietnamese and English."""

    vi: str
    en: str

    def get(self, language: str) -> str:
        return self.en if language == "en" else self.vi

    @classmethod
    def of(cls, value: dict[str, str] | None) -> Text | None:
        return None if value is None else cls(value["vi"], value["en"])


@dataclass(frozen=True)
class Condition:
    """A JSON Schema evaluated against the dossier's data: true when the data is valid."""

    schema: Any

    @cached_property
    def _validator(self) -> Any:
        from .dates import validator

        return validator(self.schema)

    def holds(self, data: Any) -> bool:
        return bool(self._validator.is_valid(data))

    @classmethod
    def of(cls, value: Any) -> Condition | None:
        return None if value is None else cls(value)


@dataclass(frozen=True, slots=True)
class Duration:
    amount: float
    unit: Literal["working-hours", "working-days", "calendar-days"]

    @property
    def working_hours(self) -> float | None:
        """The duration in working hours (8 a day), or None for calendar days."""
        if self.unit == "working-hours":
            return float(self.amount)
        if self.unit == "working-days":
            return float(self.amount) * 8
        return None


@dataclass(frozen=True)
class Page:
    id: str
    title: Text
    schema: dict[str, Any]
    defs: dict[str, Any]
    intro: Text | None = None
    when: Condition | None = None

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(self.schema.get("properties", {}))

    @cached_property
    def standalone_schema(self) -> dict[str, Any]:
        """The page's schema as a self-contained document (local ``$defs`` attached)."""
        return {"$schema": DRAFT_2020_12, **self.schema,
                "$defs": {**(self.schema.get("$defs") or {}), **self.defs}}

    @cached_property
    def validator(self) -> Any:
        """The compiled validator of this page, built on first use."""
        from .dates import validator

        return validator(self.standalone_schema)


@dataclass(frozen=True)
class Form:
    pages: tuple[Page, ...]
    defs: dict[str, Any]

    def page(self, page_id: str) -> Page | None:
        return next((p for p in self.pages if p.id == page_id), None)

    def pages_shown(self, data: dict[str, Any]) -> tuple[Page, ...]:
        """The pages whose condition holds for ``data``."""
        return tuple(p for p in self.pages if p.when is None or p.when.holds(data))


@dataclass(frozen=True, slots=True)
class SignaturePolicy:
    required: bool
    signer: Literal["applicant", "trusted", "organisation"] | None = None
    refuse_launch: bool = True
    refuse_executables: bool = True
    refuse_javascript: bool = False


@dataclass(frozen=True)
class Component:
    id: str
    name: Text
    originals: int
    copies: int
    required: bool | None
    when: Condition | None
    media_types: tuple[str, ...]
    max_size_mb: float
    max_files: int
    signature: SignaturePolicy
    description: Text | None = None
    template: Text | None = None

    def is_required(self, data: dict[str, Any]) -> bool:
        if self.required is not None:
            return self.required
        return self.when is not None and self.when.holds(data)


@dataclass(frozen=True, slots=True)
class Quantity:
    const: int | None = None
    field: str | None = None


@dataclass(frozen=True, slots=True)
class Tier:
    from_page: int
    price: int


@dataclass(frozen=True)
class FeeItem:
    id: str
    name: Text
    kind: Literal["fixed", "per-unit", "per-page"]
    collect_at: str
    amount: int | None = None
    unit_price: int | None = None
    quantity: Quantity | None = None
    component: str | None = None
    tiers: tuple[Tier, ...] = ()
    cap: int | None = None
    when: Condition | None = None
    channels: tuple[str, ...] | None = None
    """Channels the item applies to; None for all."""


@dataclass(frozen=True)
class Exemption:
    id: str
    reason: Text
    items: tuple[str, ...] | None
    percent: float
    valid_from: dt.date | None
    valid_to: dt.date | None
    when: Condition | None = None
    legal_basis: str | None = None

    def valid_on(self, day: dt.date) -> bool:
        return _within(day, self.valid_from, self.valid_to)


@dataclass(frozen=True)
class Discount:
    percent: float
    items: tuple[str, ...] | None
    valid_from: dt.date | None
    valid_to: dt.date | None
    legal_basis: str | None = None

    def valid_on(self, day: dt.date) -> bool:
        return _within(day, self.valid_from, self.valid_to)


def _within(day: dt.date, start: dt.date | None, end: dt.date | None) -> bool:
    """``day`` is in the period (open-ended where a bound is None)."""
    return (start is None or start <= day) and (end is None or day <= end)


@dataclass(frozen=True)
class Fees:
    collect_at: str
    items: tuple[FeeItem, ...]
    exemptions: tuple[Exemption, ...]
    online_discount: Discount | None
    note: Text | None = None


@dataclass(frozen=True, slots=True)
class Result:
    name: Text
    template: str | None
    """The template's id (a name such as "birth-certificate")."""
    signed: bool
    layout: dict[str, Any] | None = None
    """The document template (blocks laid out by runtime.documents); None for the generic layout."""


@dataclass(frozen=True, slots=True)
class AgencyRule:
    resolve: Literal["same", "fixed", "applicant-address"]
    code: str | None = None
    level: str | None = None
    kind: str | None = None
    address_field: str | None = None


SAME_AGENCY = AgencyRule("same")


@dataclass(frozen=True)
class Action:
    id: str
    name: Text
    kind: str
    to: str
    when: Condition | None = None
    slip: str | None = None
    requires: tuple[str, ...] = ()


@dataclass(frozen=True)
class Exchange:
    """The step is handled by a partner system (liên thông); see :mod:`runtime.exchange`."""

    to: str
    procedure: str
    case: str | None = None
    on: dict[str, str] = field(default_factory=dict)
    """Partner report (``result``, ``supplement``, ``refused``) → the action of the step it takes."""


@dataclass(frozen=True)
class Step:
    id: str
    name: Text
    role: str
    status: int
    agency: AgencyRule
    duration: Duration | None
    end: bool
    actions: tuple[Action, ...]
    exchange: Exchange | None = None

    @property
    def waits_for_applicant(self) -> bool:
        """At this step the dossier waits for the applicant and the clock is paused."""
        return self.role == "applicant"

    def action(self, action_id: str) -> Action | None:
        return next((a for a in self.actions if a.id == action_id), None)


@dataclass(frozen=True)
class Processing:
    start: str
    steps: tuple[Step, ...]
    result: Result | None = None
    slips: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Slip kind ("01"–"05") → its document template, where the definition replaces the standard one."""

    @cached_property
    def _by_id(self) -> dict[str, Step]:
        return {s.id: s for s in self.steps}

    def step(self, step_id: str) -> Step:
        return self._by_id[step_id]

    @property
    def first_step(self) -> Step:
        return self._by_id[self.start]


@dataclass(frozen=True)
class Case:
    id: str
    name: Text
    form: Form
    components: tuple[Component, ...]
    fees: Fees
    time_limit: Duration
    processing: Processing
    result: Result | None = None
    description: Text | None = None
    when: Condition | None = None

    def fits(self, data: dict[str, Any]) -> bool:
        """Whether answers ``data`` select this case (always, when it has no condition)."""
        return self.when is None or self.when.holds(data)

    def component(self, component_id: str) -> Component | None:
        return next((c for c in self.components if c.id == component_id), None)


@dataclass(frozen=True, slots=True)
class LegalDocument:
    number: str
    title: Text
    issuer: str | None = None
    issued_on: dt.date | None = None


@dataclass(frozen=True)
class Procedure:
    """One procedure definition at one exact version (its content hash)."""

    code: str
    version_label: str
    content_hash: str
    name: Text
    sector_code: str
    sector: Text
    levels: tuple[str, ...]
    agency_kind: str
    agency_kind_name: Text
    applicant_types: tuple[str, ...]
    legal_basis: tuple[LegalDocument, ...]
    channels: tuple[str, ...]
    online_level: str
    effective_from: dt.date
    effective_to: dt.date | None
    source: bytes = field(repr=False, compare=False, default=b"")
    """The checked definition as compact JSON: parsed and compiled on first use, so a large
    catalog is listed and searched without keeping every document in memory."""
    file: str = ""
    short_name: Text | None = None
    keywords: tuple[str, ...] = ()
    requirements: Text | None = None
    source_decision: str | None = None
    source_url: str | None = None
    search_text: str = field(default="", repr=False)

    @cached_property
    def document(self) -> dict[str, Any]:
        """The definition document (parsed once; shared and never mutated)."""
        import orjson

        return orjson.loads(self.source)

    @cached_property
    def cases(self) -> tuple[Case, ...]:
        """The cases, compiled once on first use."""
        from .compiler import compile_cases

        return compile_cases(self.document)

    @property
    def version(self) -> str:
        """The version a dossier is pinned to: the definition's content hash."""
        return self.content_hash

    @property
    def short_hash(self) -> str:
        return self.content_hash.removeprefix("sha256:")[:12]

    def is_effective(self, day: dt.date) -> bool:
        return _within(day, self.effective_from, self.effective_to)

    def case(self, case_id: str) -> Case | None:
        return next((c for c in self.cases if c.id == case_id), None)

    @property
    def display_name(self) -> Text:
        return self.short_name or self.name
