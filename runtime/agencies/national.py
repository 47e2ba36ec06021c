"""The default agencies of the whole country, generated from the 2025 administrative units."""

from __future__ import annotations

import functools

from ..forms.admin_units import units
from .directory import Agency
from .kinds import COMMUNE_KINDS, PROVINCE_KINDS, english_unit_name


@functools.cache
def national_agencies() -> tuple[Agency, ...]:
    """Each province's departments and service centre, each commune's committee, police and office."""
    agencies: list[Agency] = []
    for p, province in units().items():
        unit_en = english_unit_name(province["name"])
        for kind in PROVINCE_KINDS:
            agencies.append(Agency(kind.code.format(p=p), kind.name_vi.format(unit=province["name"]),
                                   kind.name_en.format(unit=unit_en), kind.id, "province", p,
                                   address=province["name"]))
        for c, commune in province["communes"].items():
            commune_en = english_unit_name(commune)
            address = f"{commune}, {province['name']}"
            for kind in COMMUNE_KINDS:
                agencies.append(Agency(kind.code.format(p=p, a=c[:2], b=c[2:]), kind.name_vi.format(unit=commune),
                                       kind.name_en.format(unit=commune_en), kind.id, "commune", p, c,
                                       address=address))
    return tuple(agencies)
