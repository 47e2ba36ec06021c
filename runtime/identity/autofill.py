"""Autofill an eForm from the applicant's identity, and keep what the applicant changed.

Pure functions (no Flask, no I/O). A field declares ``x-autofill: {source, mode}``:

* ``locked`` — the identity value is authoritative: whatever a client sends,
  the server keeps the identity value (and says so in a notice);
* ``editable`` — the applicant may correct it; the value they send is kept and
  the provenance becomes ``changed`` with the identity value as ``original``,
  so an official sees both.

Provenance is a dict per JSON pointer (``/applicant_address``)::

    {"source": "autofilled" | "changed", "attribute": "citizen.current_address",
     "original": <identity value>, "mode": "locked" | "editable"}

An identity address from before the 2025 reorganisation is converted to the new units
(:mod:`runtime.addresses`) and the entry records ``"conversion": {"status", "from",
"candidates"}``; a split commune is left empty, with its candidates, for the applicant.

which :class:`runtime.dossiers.model.Provenance` reads (``mode`` is extra: pass
``fields=autofill_fields(case)`` to :func:`merge_submitted` so the definition,
not the stored provenance, decides what is locked).

Every read of identity data must be logged: see :mod:`runtime.identity.lookups`.
"""

from __future__ import annotations

import copy
import json
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from ..definitions.fields import iter_fields
from .base import lookup

if TYPE_CHECKING:
    from ..definitions.model import Case, Page

Mode = Literal["locked", "editable"]
_MISSING = object()


@dataclass(frozen=True)
class AutofillField:
    pointer: str
    source: str
    mode: Mode
    schema: Mapping[str, Any]
    when: Any = None
    """A condition (JSON Schema) on the answers so far; the field is filled only while it holds."""

    def applies(self, answers: Mapping[str, Any] | None) -> bool:
        """Filled now: unconditional fields always; conditional ones once the answers meet the condition."""
        if self.when is None:
            return True
        from ..definitions.model import Condition

        return answers is not None and Condition(self.when).holds(dict(answers))


@dataclass(frozen=True)
class Notice:
    """Something the applicant should be told about their submission."""

    pointer: str
    attribute: str
    kind: Literal["locked-kept"]
    """``locked-kept``: the applicant changed a locked field; the identity value was kept."""


def _pages(case: Case, page: Page | None) -> Iterable[Page]:
    return (page,) if page is not None else case.form.pages


def autofill_fields(case: Case, page: Page | None = None) -> dict[str, AutofillField]:
    """The fields of a case (or of one of its pages) that declare ``x-autofill``, by JSON pointer."""
    found: dict[str, AutofillField] = {}
    for p in _pages(case, page):
        for info in iter_fields(p.schema, case.form.defs):
            spec = info.schema.get("x-autofill")
            if isinstance(spec, Mapping) and isinstance(spec.get("source"), str) and info.pointer not in found:
                mode: Mode = "locked" if spec.get("mode") == "locked" else "editable"
                found[info.pointer] = AutofillField(info.pointer, spec["source"], mode, info.schema, spec.get("when"))
    return found


def reuse_fields(case: Case, page: Page | None = None) -> list[str]:
    """The JSON pointers of fields that offer values from earlier dossiers (``x-reuse: true``)."""
    seen: dict[str, None] = {}
    for p in _pages(case, page):
        for info in iter_fields(p.schema, case.form.defs):
            if info.schema.get("x-reuse") is True:
                seen.setdefault(info.pointer, None)
    return list(seen)


# -- JSON pointers ----------------------------------------------------------------------------

def _parts(pointer: str) -> list[str]:
    return [p.replace("~1", "/").replace("~0", "~") for p in pointer.split("/")[1:]]


def get_at(data: Mapping[str, Any], pointer: str) -> Any:
    """The value at ``pointer``, or the module's ``_MISSING`` marker."""
    value: Any = data
    for part in _parts(pointer):
        if not isinstance(value, Mapping) or part not in value:
            return _MISSING
        value = value[part]
    return value


def set_at(data: dict[str, Any], pointer: str, value: Any) -> None:
    *parents, last = _parts(pointer)
    target = data
    for part in parents:
        child = target.get(part)
        if not isinstance(child, dict):
            child = target[part] = {}
        target = child
    target[last] = copy.deepcopy(value)


# -- shaping identity values to a field ---------------------------------------------------------

def _shape(value: Any, schema: Mapping[str, Any]) -> Any:
    """The identity value as the field holds it, or ``_MISSING`` when it does not fit."""
    if value is None:
        return _MISSING
    kind = schema.get("type")
    props = schema.get("properties")
    if kind == "object" or isinstance(props, Mapping):
        if not isinstance(value, Mapping) or not isinstance(props, Mapping):
            return _MISSING
        out = {}
        for name, sub in props.items():
            if name in value:
                shaped = _shape(value[name], sub if isinstance(sub, Mapping) else {})
                if shaped is not _MISSING:
                    out[name] = shaped
        return out or _MISSING
    if isinstance(value, Mapping | list):
        return _MISSING
    if kind == "string" and not isinstance(value, str):
        value = str(value)
    if kind in ("integer", "number") and (isinstance(value, bool) or not isinstance(value, int | float)):
        return _MISSING
    if kind == "boolean" and not isinstance(value, bool):
        return _MISSING
    enum = schema.get("enum")
    if isinstance(enum, list) and value not in enum:
        return _MISSING
    return value


def _normal(value: Any) -> Any:
    if isinstance(value, str):
        value = unicodedata.normalize("NFC", value).strip()
        return value or None
    if isinstance(value, Mapping):
        return {k: v for k, v in ((k, _normal(v)) for k, v in value.items()) if v is not None} or None
    if isinstance(value, list):
        return [_normal(v) for v in value] or None
    return value


def same_value(a: Any, b: Any) -> bool:
    """Equal once strings are NFC-normalised and trimmed, and empty values dropped."""
    return _normal(None if a is _MISSING else a) == _normal(None if b is _MISSING else b)


# -- the two moments: prefill, then merge what comes back --------------------------------------

def prefill(case: Case, identity: Any, answers: Mapping[str, Any] | None = None,
            page: Page | None = None) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """Initial form data from ``identity`` (an :class:`~runtime.identity.base.Identity` or its
    attribute mapping), and the provenance of each value filled in. Fields with a ``when`` are
    filled only when ``answers`` (the answers so far) meet it; ``page`` limits to one page."""
    attributes = identity if isinstance(identity, Mapping) else identity.attributes
    data: dict[str, Any] = {}
    provenance: dict[str, dict[str, Any]] = {}
    for pointer, spec in autofill_fields(case, page).items():
        if not spec.applies(answers):
            continue
        raw, conversion = _in_2025_units(lookup(attributes, spec.source))
        value = _shape(raw, spec.schema)
        extra = {"conversion": conversion} if conversion else {}
        if value is _MISSING:
            if conversion:  # nothing usable: the applicant types it, and is told why
                provenance[pointer] = {"source": "typed", "attribute": spec.source, "original": None,
                                       "mode": spec.mode, **extra}
            continue
        set_at(data, pointer, value)
        provenance[pointer] = {"source": "autofilled", "attribute": spec.source, "original": copy.deepcopy(value),
                               "mode": spec.mode, **extra}
    return data, provenance


def _in_2025_units(value: Any) -> tuple[Any, dict[str, Any] | None]:
    """A pre-2025 address converted to the 2025 units, and what the conversion was (None: nothing to do).

    A commune split across several new ones is left out for the applicant to choose: never guessed.
    """
    if not isinstance(value, Mapping) or "province_code" not in value:
        return value, None
    from ..addresses import convert_address

    converted = convert_address(value)
    return converted.address, converted.provenance()


def conversion_messages(provenance: Mapping[str, Mapping[str, Any]], lang: str) -> list[str]:
    """What the applicant is told about the old addresses converted when the form was filled."""
    from ..addresses import convert_address

    return [convert_address(entry["conversion"]["from"]).message(lang)
            for entry in provenance.values() if isinstance(entry.get("conversion"), Mapping)]


def attributes_read(provenance: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """The identity attributes a prefill read (for the lookup log)."""
    return sorted({p["attribute"] for p in provenance.values() if p.get("attribute")})


def merge_submitted(
    page_data: Mapping[str, Any], provenance: Mapping[str, Mapping[str, Any]], *,
    fields: Mapping[str, AutofillField] | None = None,
) -> tuple[dict[str, Any], dict[str, dict[str, Any]], list[Notice]]:
    """Apply the autofill rules to data a client submitted.

    ``fields`` (from :func:`autofill_fields`, for the submitted page) is authoritative for
    which fields are on the page and which are locked; without it, an entry's ``mode`` is
    used and only entries whose top-level field appears in ``page_data`` are considered.
    """
    data = copy.deepcopy(dict(page_data))
    merged = {k: dict(v) for k, v in provenance.items()}
    notices: list[Notice] = []
    for pointer, entry in provenance.items():
        if entry.get("source") not in ("autofilled", "changed"):
            continue
        if fields is not None:
            if pointer not in fields:
                continue
            mode = fields[pointer].mode
        else:
            if _parts(pointer)[0] not in data:  # not a field of the submitted page
                continue
            mode = "locked" if entry.get("mode") == "locked" else "editable"
        original = entry.get("original")
        submitted = get_at(data, pointer)
        attribute = entry.get("attribute") or ""
        base = {"attribute": attribute, "original": copy.deepcopy(original), "mode": mode}
        if "conversion" in entry:
            base["conversion"] = copy.deepcopy(entry["conversion"])
        if mode == "locked":
            if submitted is not _MISSING and not same_value(submitted, original):
                notices.append(Notice(pointer, attribute, "locked-kept"))
            set_at(data, pointer, original)
            merged[pointer] = {"source": "autofilled", **base}
        elif same_value(submitted, original):
            if submitted is not _MISSING:
                set_at(data, pointer, original)  # the same value: keep the identity's exact spelling
            merged[pointer] = {"source": "autofilled", **base}
        else:
            merged[pointer] = {"source": "changed", **base}
    return data, merged, notices


# -- reuse from earlier dossiers -----------------------------------------------------------------

def reuse_candidates(
    pointers: Iterable[str], earlier: Iterable[Mapping[str, Any]], *, limit: int = 3,
) -> dict[str, list[Any]]:
    """For each pointer, the distinct non-empty values earlier dossiers' data held (newest first).

    ``earlier`` is the applicant's earlier dossiers' form data, newest first.
    """
    wanted = list(dict.fromkeys(pointers))
    found: dict[str, list[Any]] = {p: [] for p in wanted}
    seen: dict[str, set[str]] = {p: set() for p in wanted}
    for data in earlier:
        for pointer in wanted:
            if len(found[pointer]) >= limit:
                continue
            value = get_at(data, pointer)
            if value is _MISSING or _normal(value) is None:
                continue
            key = json.dumps(_normal(value), sort_keys=True, ensure_ascii=False)
            if key not in seen[pointer]:
                seen[pointer].add(key)
                found[pointer].append(copy.deepcopy(value))
    return {p: values for p, values in found.items() if values}
