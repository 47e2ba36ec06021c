"""Where in the studio a problem's JSON pointer is edited (tab, and field of that tab)."""

from __future__ import annotations

import re

#: pointer prefix -> metadata form field
METADATA_FIELDS = (
    ("/name/vi", "name_vi"), ("/name/en", "name_en"), ("/name", "name_vi"),
    ("/short_name", "short_name_vi"), ("/sector/code", "sector_code"), ("/sector", "sector_name_vi"),
    ("/agency_kind/id", "agency_kind"), ("/agency_kind", "agency_kind_name_vi"), ("/level", "level"),
    ("/applicant_types", "applicant_types"), ("/channels", "channels"), ("/online_level", "online_level"),
    ("/effective_from", "effective_from"), ("/effective_to", "effective_to"), ("/version", "version"),
    ("/keywords", "keywords"), ("/requirements", "requirements_vi"),
)
_LEGAL = re.compile(r"^/legal_basis/(\d+)(?:/(number|title|issuer|issued_on))?(?:/(vi|en))?")
_FIELD = re.compile(r"^/cases/(\d+)/form/pages/(\d+)/schema/properties/([^/]+)")
_PAGE = re.compile(r"^/cases/(\d+)/form/pages/(\d+)")
_RESULT = re.compile(r"^/cases/(\d+)/(?:processing/)?result(/|$)")
_SLIP = re.compile(r"^(?:/cases/(\d+))?/processing/slips/(0[1-5])(/|$)")


def locate(pointer: str) -> tuple[str, dict[str, str]]:
    """(tab, its arguments) where the value at ``pointer`` is edited."""
    for prefix, field in METADATA_FIELDS:
        if pointer == prefix or pointer.startswith(prefix + "/"):
            return "metadata", {"field": field}
    found = _LEGAL.match(pointer)
    if found:
        part = found[2] or "number"
        part = f"title_{found[3] or 'vi'}" if part == "title" else part
        return "metadata", {"field": f"lb-{found[1]}-{part}"}
    found = _FIELD.match(pointer)
    if found:
        return "fields", {"case": found[1], "page": found[2], "field": found[3]}
    found = _PAGE.match(pointer)
    if found:
        return "fields", {"case": found[1], "page": found[2]}
    found = _RESULT.match(pointer)
    if found:
        return "result", {"case": found[1]}
    found = _SLIP.match(pointer)
    if found:
        return "result", {"case": found[1] or "0", "slip": found[2]}
    return "json", {}


def metadata_field(pointer: str) -> str | None:
    tab, args = locate(pointer)
    return args["field"] if tab == "metadata" else None
