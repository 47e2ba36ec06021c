"""The identity attributes an eForm field may be autofilled from (``x-autofill.source``).

The names follow the national population database's data: the person, their
addresses (with province and commune codes), relatives and household.
"""

from __future__ import annotations

_PERSON = (
    "personal_id", "old_id_number", "tax_code", "full_name", "family_name", "middle_name",
    "given_name", "sex", "birth_date", "ethnicity", "religion", "nationality",
    "marital_status", "blood_type", "email", "phone",
)
_ADDRESS_KINDS = ("birth_place", "home_town", "permanent_address", "current_address")
_ADDRESS_PARTS = ("province_code", "commune_code", "street", "text")
_RELATIVES = ("father", "mother", "spouse", "legal_representative", "household_head")
_RELATIVE_ATTRS = ("full_name", "personal_id", "birth_date", "nationality", "ethnicity")


def _build() -> frozenset[str]:
    names: set[str] = {f"citizen.{a}" for a in _PERSON}
    for kind in _ADDRESS_KINDS:
        names.add(f"citizen.{kind}")
        names.update(f"citizen.{kind}.{part}" for part in _ADDRESS_PARTS)
    for relative in _RELATIVES:
        names.update(f"citizen.{relative}.{a}" for a in _RELATIVE_ATTRS)
    names.update({"citizen.household.number", "citizen.household.relationship_to_head"})
    return frozenset(names)


#: Every known autofill source.
AUTOFILL_SOURCES: frozenset[str] = _build()
