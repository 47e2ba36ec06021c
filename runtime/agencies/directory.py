"""The agency directory: codes, kinds, levels and places, and routing by address.

Since 1 July 2025 local government has two tiers (province, commune). The default
directory is generated for the whole country from the 2025 administrative units
(:mod:`runtime.agencies.national`); a directory file (``MOTCUA_AGENCIES``, or the demo
province's) adds or replaces agencies by code and may remove generated ones:

    {"agencies": [{"code": ..., "name": {"vi": ..., "en": ...}, "kind": ..., "level": ...,
                   "province_code": ..., "commune_code": ...}],
     "remove": ["CA.26.740.H79"]}

``"base": "none"`` makes the file the whole directory (nothing generated).
Resolution prefers the agency of the applicant's commune and falls back to the
province's designated agency of that kind, never to another province.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class UnknownAgencyError(LookupError):
    """No agency fits a routing rule."""


def is_2025_commune(province_code: str, commune_code: str) -> bool:
    from ..forms.admin_units import units

    province = units().get(province_code)
    return province is not None and commune_code in province["communes"]


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

    def to_dict(self) -> dict[str, Any]:
        raw: dict[str, Any] = {"code": self.code, "name": {"vi": self.name_vi, "en": self.name_en},
                               "kind": self.kind, "level": self.level, "province_code": self.province_code}
        for key in ("commune_code", "address", "phone"):
            if getattr(self, key):
                raw[key] = getattr(self, key)
        return raw


class AgencyDirectory:
    """All agencies, indexed for routing."""

    def __init__(self, agencies: Iterable[Agency]):
        self._by_code = {a.code: a for a in agencies}
        self._by_place: dict[tuple[str, str, str | None], Agency] = {}
        self._province_default: dict[tuple[str, str], Agency] = {}
        for a in self._by_code.values():
            self._by_place.setdefault((a.kind, a.province_code, a.commune_code), a)
            if a.commune_code is None:  # a province's own agency is its designated one
                self._province_default[(a.kind, a.province_code)] = self._by_place[(a.kind, a.province_code, None)]
        for a in self._by_code.values():
            self._province_default.setdefault((a.kind, a.province_code), a)

    def __iter__(self):
        return iter(self._by_code.values())

    def __len__(self) -> int:
        return len(self._by_code)

    def get(self, code: str) -> Agency | None:
        return self._by_code.get(code)

    def kinds(self) -> set[str]:
        return {kind for kind, _province in self._province_default}

    def own_agency(self, kind: str, province_code: str, commune_code: str | None) -> Agency | None:
        """The agency of ``kind`` placed exactly there (``commune_code`` None: the province's own)."""
        return self._by_place.get((kind, province_code, commune_code))

    def resolve(self, kind: str, level: str, province_code: str, commune_code: str | None = None) -> Agency:
        """The agency of ``kind`` for an address: the commune's own, else the province's designated one.

        A commune code that is not one of the province's 2025 communes (an old or mistyped code) is an
        error, never routed to a guessed ward.
        """
        if commune_code and not is_2025_commune(province_code, commune_code):
            raise UnknownAgencyError(f"{commune_code} is not a 2025 commune of province {province_code or '(none)'}")
        order = (commune_code, None) if level == "commune" else (None, commune_code)
        for place in order:
            if place is not None or level == "province" or not commune_code:
                found = self._by_place.get((kind, province_code, place))
                if found is not None:
                    return found
        found = self._province_default.get((kind, province_code))
        if found is None:
            raise UnknownAgencyError(f"no agency of kind {kind!r} in province {province_code or '(none)'}")
        return found

    def of_kind(self, kind: str) -> list[Agency]:
        return [a for a in self._by_code.values() if a.kind == kind]


def agency_from_dict(raw: dict[str, Any]) -> Agency:
    return Agency(raw["code"], raw["name"]["vi"], raw["name"]["en"], raw["kind"], raw["level"],
                  str(raw["province_code"]), raw.get("commune_code"), raw.get("address", ""), raw.get("phone", ""))


def build_directory(overrides: dict[str, Any] | None = None) -> AgencyDirectory:
    """The national directory with ``overrides`` (a directory file's content) applied."""
    from .national import national_agencies

    overrides = overrides or {}
    base = overrides.get("base", "national")
    if base not in ("national", "none"):
        raise ValueError(f"agency directory: 'base' must be 'national' or 'none', not {base!r}")
    agencies = {a.code: a for a in national_agencies()} if base == "national" else {}
    for raw in overrides.get("agencies", ()):
        agency = agency_from_dict(raw)
        agencies[agency.code] = agency
    for code in overrides.get("remove", ()):
        agencies.pop(code, None)
    return AgencyDirectory(agencies.values())


def read_overrides(path: str | Path) -> dict[str, Any]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path}: an agency directory file is a JSON object")
    return data


def load_directory(path: str | Path | None = None) -> AgencyDirectory:
    """The directory for the whole country, adjusted by the file at ``path`` (if any)."""
    return build_directory(read_overrides(path) if path else None)


class LiveDirectory(AgencyDirectory):
    """The directory of an overrides file, rebuilt when the file changes (no restart needed).

    The file's modification time is looked at no more often than every ``interval`` seconds;
    :meth:`refresh` looks at once (after an edit in this process). A file that became unreadable
    keeps the directory last read (and says why in :attr:`error`).
    """

    def __init__(self, path: str | Path, interval: float = 1.0):
        import threading

        self.path, self.interval = Path(path), interval
        self.error = ""
        self._lock = threading.Lock()
        self._checked = 0.0
        self._stamp = self._mtime()
        self._current = load_directory(self.path)

    def _mtime(self) -> tuple[int, int, int] | None:
        """The file's modification time, size and inode (an atomic rewrite is a new inode)."""
        try:
            found = self.path.stat()
        except OSError:
            return None
        return found.st_mtime_ns, found.st_size, found.st_ino

    def refresh(self, *, force: bool = True) -> AgencyDirectory:
        import time

        now = time.monotonic()
        if not force and now - self._checked < self.interval:
            return self._current
        with self._lock:
            self._checked = now
            stamp = self._mtime()
            if stamp != self._stamp:
                try:
                    self._current = load_directory(self.path) if stamp is not None else build_directory()
                    self.error = ""
                except (OSError, ValueError, KeyError, TypeError) as exc:
                    self.error = f"{self.path}: {exc}"
                self._stamp = stamp
        return self._current

    def _now(self) -> AgencyDirectory:
        return self.refresh(force=False)

    def __iter__(self):
        return iter(self._now())

    def __len__(self) -> int:
        return len(self._now())

    def get(self, code: str) -> Agency | None:
        return self._now().get(code)

    def kinds(self) -> set[str]:
        return self._now().kinds()

    def own_agency(self, kind: str, province_code: str, commune_code: str | None) -> Agency | None:
        return self._now().own_agency(kind, province_code, commune_code)

    def resolve(self, kind: str, level: str, province_code: str, commune_code: str | None = None) -> Agency:
        return self._now().resolve(kind, level, province_code, commune_code)

    def of_kind(self, kind: str) -> list[Agency]:
        return self._now().of_kind(kind)
