"""Which (procedure, step) pairs each role acts at: the officials' slots, read from the catalog."""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from ..definitions import Catalog


@dataclass(frozen=True)
class StepMap:
    """Which (procedure, step) pairs each role acts at, and which steps wait for the applicant."""

    by_role: MappingProxyType[str, frozenset[tuple[str, str]]]
    applicant_steps: frozenset[str]
    names: MappingProxyType[tuple[str, str], Any]
    """(procedure code, step id) → the step's name (:class:`~runtime.definitions.Text`)."""

    @classmethod
    def of(cls, catalog: Catalog) -> StepMap:
        by_role: dict[str, set[tuple[str, str]]] = {}
        applicant: set[str] = set()
        names: dict[tuple[str, str], Any] = {}
        for procedure in catalog:
            for case in procedure.cases:
                for step in case.processing.steps:
                    names.setdefault((procedure.code, step.id), step.name)
                    if step.end:
                        continue
                    if step.waits_for_applicant:
                        applicant.add(step.id)
                    else:
                        by_role.setdefault(step.role, set()).add((procedure.code, step.id))
        return cls(MappingProxyType({r: frozenset(p) for r, p in by_role.items()}), frozenset(applicant),
                   MappingProxyType(names))

    def pairs(self, roles: Iterable[str]) -> frozenset[tuple[str, str]]:
        found: set[tuple[str, str]] = set()
        for role in roles:
            found |= self.by_role.get(role, frozenset())
        return frozenset(found)

    def step_name(self, procedure_code: str, step_id: str, lang: str) -> str:
        name = self.names.get((procedure_code, step_id))
        return name.get(lang) if name is not None else step_id


_MAPS: weakref.WeakKeyDictionary[Catalog, StepMap] = weakref.WeakKeyDictionary()


def step_map(catalog: Catalog) -> StepMap:
    """The step map of ``catalog``, built once per catalog object."""
    found = _MAPS.get(catalog)
    if found is None:
        found = _MAPS[catalog] = StepMap.of(catalog)
    return found
