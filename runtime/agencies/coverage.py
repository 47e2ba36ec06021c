"""Which wards a definition's routing cannot serve: checked before a procedure is published.

Pure functions over a directory and a definition document; each (kind, level) pair is
checked once over all 3,321 communes and remembered, so checking a large catalogue stays fast.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..definitions.problems import DefinitionProblem
from ..forms.admin_units import units
from .directory import AgencyDirectory, UnknownAgencyError


@dataclass(frozen=True, slots=True)
class Coverage:
    """How one (kind, level) routes over every ward of the country."""

    kind: str
    level: str
    unserved: tuple[tuple[str, str], ...]
    """(province, commune) codes of wards no agency serves."""
    shared: tuple[tuple[str, str], ...]
    """Commune level: wards served by another commune's agency (their own has none)."""

    @property
    def complete(self) -> bool:
        return not self.unserved


def wards() -> Iterator[tuple[str, str]]:
    for p, province in units().items():
        for c in province["communes"]:
            yield p, c


def coverage(directory: AgencyDirectory, kind: str, level: str) -> Coverage:
    unserved: list[tuple[str, str]] = []
    shared: list[tuple[str, str]] = []
    for p, c in wards():
        try:
            agency = directory.resolve(kind, level, p, c)
        except UnknownAgencyError:
            unserved.append((p, c))
            continue
        if agency.province_code != p:
            unserved.append((p, c))
        elif level == "commune" and agency.commune_code not in (None, c):
            shared.append((p, c))
    return Coverage(kind, level, tuple(unserved), tuple(shared))


def routing_needs(document: dict[str, Any]) -> set[tuple[str, str]]:
    """The (kind, level) pairs a definition routes by the applicant's address (as the engine does)."""
    kind = (document.get("agency_kind") or {}).get("id", "")
    levels = document.get("level") or ()
    default_level = "commune" if "commune" in levels else "province"
    needs: set[tuple[str, str]] = set()
    processings = [document.get("processing")] + [c.get("processing") for c in document.get("cases") or ()]
    for processing in processings:
        for step in (processing or {}).get("steps", ()):
            rule = step.get("agency")
            if rule and rule.get("resolve") == "applicant-address":
                needs.add((rule.get("kind") or kind, rule.get("level") or default_level))
    return needs


def describe_unserved(item: Coverage, limit: int = 3) -> str:
    """A short, readable list of the wards that cannot be served."""
    from ..forms.admin_units import commune_name, province_name

    names = [f"{commune_name(p, c)} ({province_name(p)})" for p, c in item.unserved[:limit]]
    more = len(item.unserved) - len(names)
    return ", ".join(names) + (f" and {more} more" if more > 0 else "")


class CoverageCache:
    """Coverage per (kind, level), computed once per directory."""

    def __init__(self, directory: AgencyDirectory):
        self.directory = directory
        self._seen: dict[tuple[str, str], Coverage] = {}

    def __call__(self, kind: str, level: str) -> Coverage:
        key = (kind, level)
        if key not in self._seen:
            self._seen[key] = coverage(self.directory, kind, level)
        return self._seen[key]


def routing_problems(document: dict[str, Any], file: str, cache: CoverageCache) -> list[DefinitionProblem]:
    """Errors for each (kind, level) of ``document`` that leaves some ward without an agency."""
    problems = []
    for kind, level in sorted(routing_needs(document)):
        item = cache(kind, level)
        if not item.complete:
            problems.append(DefinitionProblem(
                file, "/agency_kind", f"{len(item.unserved)} ward(s) cannot be served by an agency of kind "
                f"'{kind}' at {level} level: {describe_unserved(item)}",
                "add the agencies to the directory file (motcua agencies add) or route the step to another kind",
                code="agency.unserved"))
    return problems
