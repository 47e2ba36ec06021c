"""Which agency handles a step: pure resolution from the rule and the dossier."""

from __future__ import annotations

from typing import Any

from ..agencies import AgencyDirectory
from ..definitions.model import AgencyRule, Procedure
from ..dossiers.model import Dossier
from ..jsonpointer import value_at


def _address(rule: AgencyRule, dossier: Dossier) -> dict[str, Any]:
    if rule.address_field:
        value = value_at(dossier.data, rule.address_field)
        if isinstance(value, dict):
            return value
    return dossier.applicant.address or {}


def resolve_agency(rule: AgencyRule, dossier: Dossier, procedure: Procedure, directory: AgencyDirectory) -> str:
    """The agency code for a step with ``rule`` (raises UnknownAgencyError when none fits)."""
    if rule.resolve == "fixed" and rule.code:
        return rule.code
    if rule.resolve == "same" and dossier.agency_code:
        return dossier.agency_code
    address = _address(rule, dossier)
    kind = rule.kind or procedure.agency_kind
    level = rule.level or ("commune" if "commune" in procedure.levels else "province")
    province = str(address.get("province_code") or "")
    agency = directory.resolve(kind, level, province, address.get("commune_code"))
    return agency.code
