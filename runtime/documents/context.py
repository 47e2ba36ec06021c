"""What a document template can read: the dossier's data formatted for print, and its facts.

Every top-level eForm field is available by its name as display text (choices by their
Vietnamese label, addresses with the names of the commune and province, dates DD/MM/YYYY,
yes/no as "Có"/"Không"); ``raw.<field>`` is the value as filed (for filters such as
``date_words``). :data:`CONTEXT_NAMES` lists the other names, documented in the reference.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from ..agencies import Agency
from ..definitions.fields import iter_fields
from ..definitions.model import Case, Procedure
from ..dossiers.model import Dossier
from ..forms.admin_units import commune_name, province_name
from . import words

VN = ZoneInfo("Asia/Ho_Chi_Minh")

CONTEXT_NAMES = {
    "raw": "the eForm data as filed: raw.child_birth_date | date_words",
    "dossier": "reference, received_at, due_at, submitted_at, channel",
    "applicant": "full_name, personal_id, phone, email",
    "agency": "name, name_en, code, address, phone, province, commune",
    "procedure": "code, name, version",
    "case": "id, name",
    "result": "name (the result's name)",
    "issued_on": "the date the document is issued",
    "place": "the place a document is dated at: the agency's commune or province",
    "number": "the document's number (the dossier code for results)",
    "tracking_url": "the public tracking address of the dossier",
    "fees": "total, items (name, amount)",
    "components": "the dossier's components: name, originals, copies, files",
    "events": "the dossier's history: at, step, actor, action",
    "comment": "the official's comment (slips 02, 03, 04)",
    "new_due_at": "the new appointment (slip 04)",
    "filled": "every answer of the eForm, in form order: label, value",
    "row": "inside a table column: the current item",
    "index": "inside a table column: the row number, from 1",
    "today": "the same as issued_on",
}
"""Names a template may use besides the eForm's top-level fields (name → what it holds)."""


def address_text(value: dict[str, Any]) -> str:
    """An address object as one line: "12 Lê Lợi, Phường Sài Gòn, Thành phố Hồ Chí Minh"."""
    province = value.get("province_code")
    parts = [value.get("street") or value.get("detail") or ""]
    if value.get("commune_code"):
        parts.append(commune_name(province, str(value["commune_code"])) or str(value["commune_code"]))
    if province:
        parts.append(province_name(str(province)) or str(province))
    parts += [str(v) for k, v in value.items() if k not in ("street", "detail", "province_code", "commune_code")
              and isinstance(v, str) and v]
    return ", ".join(p for p in parts if p)


def display(value: Any, schema: dict[str, Any]) -> str:
    """A value as printed on a document, following its field's schema."""
    if value is None or value == "":
        return ""
    labels = schema.get("x-enum-labels") or {}
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, list):
        item_schema = schema.get("items", {}) if isinstance(schema.get("items"), dict) else {}
        return ", ".join(display(v, item_schema) for v in value)
    if isinstance(value, dict):
        if schema.get("x-widget") == "address" or "province_code" in value:
            return address_text(value)
        props = schema.get("properties", {})
        return ", ".join(display(v, props.get(k, {})) for k, v in value.items() if v not in (None, ""))
    if str(value) in labels:
        return labels[str(value)]["vi"]
    if schema.get("format") == "date":
        return words.date_numeric(value) or str(value)
    if schema.get("x-widget") == "money" and isinstance(value, int | float):
        return words.money(value)
    return str(value)


def field_schemas(case: Case) -> dict[str, dict[str, Any]]:
    """Top-level field name → its (resolved) schema, in form order."""
    found: dict[str, dict[str, Any]] = {}
    for page in case.form.pages:
        for info in iter_fields(page.schema, case.form.defs):
            if info.pointer.count("/") == 1:
                found.setdefault(info.pointer[1:], info.schema)
    return found


def place_of(agency: Agency) -> str:
    """Where the agency dates its documents: its commune's name, else its province's."""
    if agency.commune_code:
        name = commune_name(agency.province_code, agency.commune_code)
        if name:
            return name
    return province_name(agency.province_code) or ""


def document_context(*, dossier: Dossier, procedure: Procedure, case: Case, agency: Agency, now: dt.datetime,
                     number: str = "", tracking_url: str | None = None, comment: str | None = None,
                     new_due_at: dt.datetime | None = None) -> dict[str, Any]:
    """The names a template reads for ``dossier`` (see :data:`CONTEXT_NAMES`)."""
    data = dossier.data or {}
    schemas = field_schemas(case)
    context: dict[str, Any] = {name: display(data.get(name), schema) for name, schema in schemas.items()}
    files = {c.component_id: c.files for c in dossier.components}
    components = [{"name": c.name.vi, "originals": c.originals, "copies": c.copies,
                   "files": len(files.get(c.id, []))} for c in case.components
                  if files.get(c.id) or c.is_required(data)]
    fees = dossier.fees or {}
    applicant = dossier.applicant
    today = now.astimezone(VN).date()
    context.update({
        "raw": data,
        "dossier": {"reference": dossier.reference or "", "received_at": dossier.received_at,
                    "due_at": dossier.due_at, "submitted_at": dossier.submitted_at, "channel": dossier.channel},
        "applicant": {"full_name": applicant.full_name, "personal_id": applicant.personal_id or "",
                      "phone": applicant.phone or "", "email": applicant.email or ""},
        "agency": {"name": agency.name_vi, "name_en": agency.name_en, "code": agency.code,
                   "address": agency.address, "phone": agency.phone,
                   "province": province_name(agency.province_code) or "",
                   "commune": commune_name(agency.province_code, agency.commune_code or "") or ""},
        "procedure": {"code": procedure.code, "name": procedure.name.vi, "version": procedure.version_label},
        "case": {"id": case.id, "name": case.name.vi},
        "result": {"name": case.result.name.vi if case.result else ""},
        "issued_on": today, "today": today, "place": place_of(agency), "number": number,
        "tracking_url": tracking_url or "",
        "fees": {"total": int(fees.get("total", 0)), "items": list(fees.get("items", []))},
        "components": components,
        "events": [{"at": e.at, "step": e.to_step or "", "actor": e.actor, "action": e.action}
                   for e in dossier.events],
        "comment": comment or "", "new_due_at": new_due_at,
        "filled": [{"label": (schema.get("x-label") or {}).get("vi", name), "value": context[name]}
                   for name, schema in schemas.items() if context[name]],
    })
    return context
