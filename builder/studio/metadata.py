"""The metadata editor: a procedure's names, sector, levels... as form fields, and back.

``metadata_fields(document)`` gives the values the form shows; ``apply_metadata``
writes submitted values into a copy of the document, keeping every key it
does not edit (and the order of keys), so opening and saving an unchanged
definition gives back the same document. Bad values come back as messages
by field name, never an exception.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from runtime.text import normalise_input as normalise  # NFC + strip

LEVELS = ("commune", "province", "ministry")
APPLICANT_TYPES = ("citizen", "overseas-vietnamese", "foreigner", "enterprise", "household-business",
                   "cooperative", "organisation", "official")
CHANNELS = ("in-person", "online", "postal")
ONLINE_LEVELS = ("full", "partial")
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MAX_TEXT = 2000


def N_(message: str) -> str:
    """Mark a message for the catalogue; the page translates it when shown."""
    return message

#: (form field, JSON path inside the document) of every bilingual text edited here.
TEXTS = (("name", ("name",)), ("short_name", ("short_name",)), ("sector_name", ("sector", "name")),
         ("agency_kind_name", ("agency_kind", "name")), ("requirements", ("requirements",)))


def _get(document: Mapping[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = document
    for key in path:
        value = value.get(key) if isinstance(value, Mapping) else None
    return value


def metadata_fields(document: Mapping[str, Any]) -> dict[str, Any]:
    """The form's values for ``document``."""
    values: dict[str, Any] = {}
    for name, path in TEXTS:
        text = _get(document, path) or {}
        values[f"{name}_vi"], values[f"{name}_en"] = text.get("vi", ""), text.get("en", "")
    values.update(
        version=document.get("version", ""), sector_code=_get(document, ("sector", "code")) or "",
        agency_kind=_get(document, ("agency_kind", "id")) or "",
        level=list(document.get("level", [])), applicant_types=list(document.get("applicant_types", [])),
        channels=list(document.get("channels", [])), online_level=document.get("online_level", ""),
        effective_from=document.get("effective_from", ""), effective_to=document.get("effective_to") or "",
        keywords="\n".join(document.get("keywords", [])), legal_basis=legal_rows(document))
    return values


#: a legal document's form fields (row ``i`` submits ``lb-<i>-<name>``)
LEGAL_FIELDS = ("number", "title_vi", "title_en", "issuer", "issued_on", "position", "from")
MAX_LEGAL = 60


def legal_rows(document: Mapping[str, Any]) -> list[dict[str, str]]:
    """The legal basis as the form's rows (``from`` is the row's place in the document)."""
    rows = []
    for i, entry in enumerate(document.get("legal_basis") or []):
        title = entry.get("title") or {}
        rows.append({"number": entry.get("number", ""), "title_vi": title.get("vi", ""),
                     "title_en": title.get("en", ""), "issuer": entry.get("issuer", ""),
                     "issued_on": entry.get("issued_on", ""), "position": str(i + 1), "from": str(i)})
    return rows


def submitted_legal_rows(form: Any) -> list[dict[str, str]]:
    """The legal basis rows as submitted (the page shows them back when something is wrong)."""
    count = str(form.get("lb-count", "0"))
    total = min(int(count), MAX_LEGAL + 1) if count.isdigit() and len(count) < 4 else 0
    return [{name: _text(form, f"lb-{i}-{name}") for name in LEGAL_FIELDS} | {"remove": _text(form, f"lb-{i}-remove")}
            for i in range(total)]


def _legal_basis(document: Mapping[str, Any], form: Any, errors: dict[str, str]) -> list[dict[str, Any]]:
    """The submitted legal basis in its new order: rows marked for removal and empty rows left out.

    An unchanged document keeps each entry's keys and their order (only edited values change).
    """
    old = list(document.get("legal_basis") or [])
    kept: list[tuple[int, int, int, dict[str, Any]]] = []
    for i, row in enumerate(submitted_legal_rows(form)):
        if row["remove"] or not any(row[k] for k in ("number", "title_vi", "title_en", "issuer", "issued_on")):
            continue
        start = int(row["from"]) if row["from"].isdigit() and int(row["from"]) < len(old) else None
        entry: dict[str, Any] = copy.deepcopy(old[start]) if start is not None else {}
        if not row["number"]:
            errors[f"lb-{i}-number"] = N_("Enter the document's number, e.g. 60/2014/QH13")
        entry["number"] = row["number"]
        if not row["title_vi"]:
            errors[f"lb-{i}-title_vi"] = N_("Enter the Vietnamese text")
        if not row["title_en"]:
            errors[f"lb-{i}-title_en"] = N_("Enter the English text")
        entry["title"] = {**(entry.get("title") or {}), "vi": row["title_vi"], "en": row["title_en"]}
        if row["issuer"]:
            entry["issuer"] = row["issuer"]
        else:
            entry.pop("issuer", None)
        if row["issued_on"]:
            try:
                entry["issued_on"] = dt.date.fromisoformat(row["issued_on"]).isoformat()
            except ValueError:
                errors[f"lb-{i}-issued_on"] = N_("Enter a real date, for example 2026-01-31")
        else:
            entry.pop("issued_on", None)
        position = row["position"]
        if position and not (position.isdigit() and len(position) < 4):
            errors[f"lb-{i}-position"] = N_("Enter the position as a whole number")
            position = ""
        place = int(position) if position else len(old) + i + 1
        moved = not position or start is None or place != start + 1
        kept.append((place, 0 if moved and position else 1, i, entry))  # a document moved to a taken place goes first
    if len(kept) > MAX_LEGAL:
        errors["lb-count"] = N_("List at most 60 legal documents")
    return [entry for *_order, entry in sorted(kept, key=lambda k: k[:3])]


def _text(form: Mapping[str, Any], name: str) -> str:
    return normalise(str(form.get(name, "")))[:MAX_TEXT + 1]


def _choices(form: Any, name: str, allowed: tuple[str, ...], errors: dict[str, str]) -> list[str]:
    values = form.getlist(name) if hasattr(form, "getlist") else list(form.get(name, []))
    if any(v not in allowed for v in values):
        errors[name] = N_("Choose from the options shown")
    if not values:
        errors[name] = N_("Choose at least one")
    return [v for v in allowed if v in values]  # the schema's order, no duplicates


def _keep_order(original: list[str], chosen: list[str]) -> list[str]:
    """``chosen`` in the order the document had, new ones after (no drift when unchanged)."""
    return [v for v in original if v in chosen] + [v for v in chosen if v not in original]


def apply_metadata(document: Mapping[str, Any], form: Any) -> tuple[dict[str, Any], dict[str, str]]:
    """A copy of ``document`` with the submitted metadata, and the errors by field name."""
    out = copy.deepcopy(dict(document))
    errors: dict[str, str] = {}
    for name, path in TEXTS:
        vi, en = _text(form, f"{name}_vi"), _text(form, f"{name}_en")
        for key, value in ((f"{name}_vi", vi), (f"{name}_en", en)):
            if len(value) > MAX_TEXT:
                errors[key] = N_("Enter at most 2000 characters")
        if not vi and not en and name in ("short_name", "requirements"):
            out.pop(path[0], None)
            continue
        if not vi:
            errors[f"{name}_vi"] = N_("Enter the Vietnamese text")
        if not en:
            errors[f"{name}_en"] = N_("Enter the English text")
        parent = out
        for key in path[:-1]:
            parent = parent.setdefault(key, {})
        old = parent.get(path[-1]) if isinstance(parent.get(path[-1]), dict) else {}
        parent[path[-1]] = {**old, "vi": vi, "en": en}
    version = _text(form, "version")
    if not version or len(version) > 40:
        errors["version"] = N_("Enter a version label of 1 to 40 characters")
    out["version"] = version
    sector = _text(form, "sector_code")
    if not sector:
        errors["sector_code"] = N_("Enter the sector's code")
    out.setdefault("sector", {})["code"] = sector
    kind = _text(form, "agency_kind")
    if not _ID.match(kind):
        errors["agency_kind"] = N_("Enter the agency kind as lowercase words joined by hyphens")
    out.setdefault("agency_kind", {})["id"] = kind
    for name, allowed in (("level", LEVELS), ("applicant_types", APPLICANT_TYPES), ("channels", CHANNELS)):
        out[name] = _keep_order(list(document.get(name, [])), _choices(form, name, allowed, errors))
    online = _text(form, "online_level")
    if online not in ONLINE_LEVELS:
        errors["online_level"] = N_("Choose full or partial")
    out["online_level"] = online
    for name in ("effective_from", "effective_to"):
        raw = _text(form, name)
        if not raw and name == "effective_to":
            if "effective_to" in document:
                out["effective_to"] = None
            continue
        try:
            out[name] = dt.date.fromisoformat(raw).isoformat()
        except ValueError:
            errors[name] = N_("Enter a real date, for example 2026-01-31")
            out[name] = raw
    if "lb-count" in form:
        legal = _legal_basis(document, form, errors)
        if legal or "legal_basis" in document:
            out["legal_basis"] = legal
    keywords = [normalise(k) for k in str(form.get("keywords", "")).splitlines() if normalise(k)]
    if keywords or "keywords" in document:
        out["keywords"] = keywords[:100]
    return out, errors
