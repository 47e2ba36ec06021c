"""Every problem of a version: the checker's, then the deployment's (agencies, officials)."""

from __future__ import annotations

from typing import Any

from runtime.definitions import DefinitionProblem, check_definition
from runtime.identity.session import officials
from runtime.web.services import agencies

from .deployment import check_deployment
from .locate import locate


def problems_of(code: str, number: int, document: Any) -> list[DefinitionProblem]:
    file = f"store:{code}@{number}"
    found = check_definition(document, file)
    if not any(p.is_error for p in found) and isinstance(document, dict):
        found += check_deployment(document, file, agencies(), officials())
    return found


def by_tab(problems: list[DefinitionProblem]) -> dict[str, list[tuple[DefinitionProblem, dict[str, str]]]]:
    """Problems grouped by the editor tab where each is fixed."""
    grouped: dict[str, list[tuple[DefinitionProblem, dict[str, str]]]] = {}
    for problem in problems:
        tab, args = locate(problem.pointer)
        grouped.setdefault(tab, []).append((problem, args))
    return grouped
