"""The agency directory: codes, kinds, levels and places, and routing by address.

Since 1 July 2025 local government has two tiers (province, commune) and a
dossier may be filed at any service centre of the province, so resolution
prefers the agency of the applicant's commune and falls back to the
province's designated agency of that kind.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class UnknownAgencyError(LookupError):
    """No agency fits a routing rule."""


@dataclass(frozen=True, slots=True)
class Agency:
    code: str
    """Electronic agency code, the first part of a dossier code (e.g. 000.00.20.H29)."""
    name_vi: str
    name_en: str
    kind: str
    level: str
    province_code: str
    commune_code: str | None = None
    address: str = ""
    phone: str = ""

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_vi


class AgencyDirectory:
    """All agencies, indexed for routing."""

    def __init__(self, agencies: list[Agency]):
        self._by_code = {a.code: a for a in agencies}
        self._by_place: dict[tuple[str, str, str | None], Agency] = {}
        self._province_default: dict[tuple[str, str], Agency] = {}
        for a in agencies:
            self._by_place.setdefault((a.kind, a.province_code, a.commune_code), a)
            self._province_default.setdefault((a.kind, a.province_code), a)

    def __iter__(self):
        return iter(self._by_code.values())

    def __len__(self) -> int:
        return len(self._by_code)

    def get(self, code: str) -> Agency | None:
        return self._by_code.get(code)

    def resolve(self, kind: str, level: str, province_code: str, commune_code: str | None = None) -> Agency:
        """The agency of ``kind`` for an address: the commune's own, else the province's designated one."""
        if level == "commune" and commune_code:
            found = self._by_place.get((kind, province_code, commune_code))
            if found is not None:
                return found
        if level == "province":
            found = self._by_place.get((kind, province_code, None))
            if found is not None:
                return found
        found = self._province_default.get((kind, province_code))
        if found is None:
            raise UnknownAgencyError(f"no agency of kind {kind!r} in province {province_code}")
        return found

    def of_kind(self, kind: str) -> list[Agency]:
        return [a for a in self._by_code.values() if a.kind == kind]


def _agency(raw: dict[str, Any]) -> Agency:
    return Agency(raw["code"], raw["name"]["vi"], raw["name"]["en"], raw["kind"], raw["level"],
                  raw["province_code"], raw.get("commune_code"), raw.get("address", ""), raw.get("phone", ""))


def load_directory(path: str | Path) -> AgencyDirectory:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return AgencyDirectory([_agency(a) for a in data["agencies"]])
