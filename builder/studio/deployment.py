"""Checks that need the deployment, not only the definition: agencies and officials.

A definition can be clean and still file dossiers into no inbox: its agency
kind has no agency here, or a step's role is held by no official in the
agencies it routes to. These problems have the same shape as the checker's
(JSON pointer, message, hint) so the studio shows them beside the field.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from runtime.definitions import DefinitionProblem

#: Roles that are not officials' (the applicant acts on these steps).
NOT_OFFICIALS = frozenset({"applicant"})


def check_deployment(document: dict[str, Any], file: str, agencies: Iterable[Any],
                     officials: Iterable[Any]) -> list[DefinitionProblem]:
    kind = (document.get("agency_kind") or {}).get("id")
    agencies = list(agencies)
    of_kind = {a.code for a in agencies if a.kind == kind}
    problems: list[DefinitionProblem] = []
    if kind and not of_kind:
        problems.append(DefinitionProblem(
            file, "/agency_kind/id", f"no agency of kind '{kind}' exists in this deployment, so no "
            "dossier could be routed", "choose an agency kind listed in the agency directory, or add "
            "the agencies first", code="deployment.agency_kind"))
        return problems
    held = {(agency, role) for official in officials if official.active for agency, role in official.roles}
    steps = (document.get("processing") or {}).get("steps") or []
    for n, step in enumerate(steps):
        role = step.get("role")
        if not role or role in NOT_OFFICIALS or step.get("end"):
            continue
        step_kind = (step.get("agency") or {}).get("kind") or kind
        targets = {a.code for a in agencies if a.kind == step_kind}
        if not any((code, role) in held for code in targets):
            problems.append(DefinitionProblem(
                file, f"/processing/steps/{n}/role", f"no official holds the role '{role}' in an "
                f"agency of kind '{step_kind}': dossiers at step '{step.get('id')}' would reach no inbox",
                "give the role to an official of that agency, or choose a role they hold",
                code="deployment.role"))
    return problems
