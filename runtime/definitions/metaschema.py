"""Validation of definition documents against the motcua meta-schema.

Two validators, one verdict: a compiled ``jsonschema_rs`` validator answers
"is this document valid?" fast; only when it is not, the reference
``jsonschema`` implementation explains every error, which we translate into
problems an administrator can act on. Neither ever fetches a remote ``$ref``.
"""

from __future__ import annotations

import difflib
import functools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import jsonschema_rs
from referencing import Registry
from referencing.exceptions import NoSuchResource

from .problems import DefinitionProblem, pointer

SCHEMAS_DIR = Path(__file__).resolve().parents[2] / "schemas"
PROCEDURE_SCHEMA_ID = "urn:motcua:schema:procedure:1"

_PATTERN_MEANINGS = {
    "^[a-z0-9]+(-[a-z0-9]+)*$": (
        "an id in ASCII kebab-case", "use lower-case letters, digits and single hyphens, e.g. 'receive-dossier'"),
    "^[a-z][a-z0-9_]*$": (
        "a field name in ASCII snake_case", "use lower-case letters, digits and underscores, e.g. 'birth_date'"),
    "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$": (
        "a date written YYYY-MM-DD", "write dates like 2025-07-01"),
    "^#/\\$defs/[A-Za-z][A-Za-z0-9_]*$": (
        "a local reference to the form's $defs", "write '#/$defs/NAME'; remote references are never fetched"),
    "^(/[a-z][a-z0-9_]*)+$": (
        "a JSON pointer to an eForm field", "write the field's path, e.g. '/copies' or '/child/birth_date'"),
}


def _refuse_remote(uri: str) -> Any:
    raise NoSuchResource(ref=uri)


@functools.cache
def procedure_schema() -> dict[str, Any]:
    """The procedure meta-schema, read once."""
    return json.loads((SCHEMAS_DIR / "procedure.schema.json").read_text(encoding="utf-8"))


@functools.cache
def _fast_validator() -> Any:
    return jsonschema_rs.Draft202012Validator(procedure_schema(), offline=True)


@functools.cache
def _detailed_validator() -> jsonschema.Draft202012Validator:
    schema = procedure_schema()
    registry: Registry = Registry(retrieve=_refuse_remote)  # type: ignore[call-arg]
    return jsonschema.Draft202012Validator(schema, registry=registry)


def is_valid_definition(document: Any) -> bool:
    """True when ``document`` satisfies the meta-schema."""
    return bool(_fast_validator().is_valid(document))


def explain(document: Any, file: str) -> list[DefinitionProblem]:
    """Every meta-schema error in ``document`` as problems (empty when valid)."""
    if is_valid_definition(document):
        return []
    seen: set[tuple[str, str]] = set()
    problems = []
    for error in _detailed_validator().iter_errors(document):
        for problem in _translate(error, file):
            key = (problem.pointer, problem.message)
            if key not in seen:
                seen.add(key)
                problems.append(problem)
    return sorted(problems, key=lambda p: p.pointer)


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _suggest(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'? " if close else ""


def _translate(error: jsonschema.ValidationError, file: str) -> Iterator[DefinitionProblem]:
    at = pointer(*error.absolute_path)
    kind = error.validator
    schema = error.schema if isinstance(error.schema, dict) else {}
    if kind in ("oneOf", "anyOf") and error.context:
        # A branch whose type does not even match the value (a string where an object is given)
        # explains nothing; when one branch is left, every error in it is the administrator's to fix.
        fitting = [e for e in error.context if not (e.validator == "type" and not e.relative_path)]
        branches = {e.schema_path[0] for e in fitting if e.schema_path}
        if len(branches) == 1:
            for sub in fitting:
                yield from _translate(sub, file)
            return
        best = jsonschema.exceptions.best_match(fitting or error.context)
        yield from _translate(best, file)
        return
    if kind == "additionalProperties" and isinstance(error.instance, dict):
        known = sorted(schema.get("properties", {}))
        for key in sorted(set(error.instance) - set(known)):
            if key.startswith("x-"):
                x_known = [k for k in known if k.startswith("x-")]
                yield DefinitionProblem(
                    file, at + pointer(key), f"unknown keyword '{key}'",
                    _suggest(key, x_known) + "known x- keywords: " + ", ".join(x_known),
                    code="keyword.unknown_x")
            elif "x-label" in known:
                yield DefinitionProblem(
                    file, at + pointer(key), f"the JSON Schema keyword '{key}' is not supported in eForms",
                    _suggest(key, known) + "the form compiler renders only: "
                    + ", ".join(k for k in known if not k.startswith("x-")),
                    code="keyword.unsupported")
            else:
                yield DefinitionProblem(
                    file, at + pointer(key), f"unknown key '{key}'",
                    _suggest(key, known) + "allowed here: " + ", ".join(known), code="key.unknown")
        return
    if kind == "required":
        missing = [name for name in error.validator_value if name not in error.instance]
        for name in missing:
            if set(schema.get("properties", {})) == {"vi", "en"}:
                language = "Vietnamese" if name == "vi" else "English"
                yield DefinitionProblem(
                    file, at, f"the {language} text is missing",
                    "every user-facing text needs both 'vi' and 'en'", code="text.language_missing")
            else:
                yield DefinitionProblem(file, at, f"'{name}' is required here", code="key.required")
        return
    if kind == "pattern":
        meaning, hint = _PATTERN_MEANINGS.get(
            error.validator_value, (f"text matching {error.validator_value}", ""))
        yield DefinitionProblem(
            file, at, f"{json.dumps(error.instance, ensure_ascii=False)} is not {meaning}", hint,
            code="value.pattern")
        return
    if kind == "enum":
        choices = [str(c) for c in error.validator_value]
        value = error.instance
        hint = (_suggest(str(value), choices) if isinstance(value, str) else "")
        yield DefinitionProblem(
            file, at, f"{json.dumps(value, ensure_ascii=False)} is not one of: {', '.join(choices)}",
            hint.strip(), code="value.enum")
        return
    if kind == "const":
        yield DefinitionProblem(
            file, at, f"must be {json.dumps(error.validator_value, ensure_ascii=False)}",
            code="value.const")
        return
    if kind == "type":
        expected = error.validator_value
        expected = " or ".join(expected) if isinstance(expected, list) else expected
        yield DefinitionProblem(
            file, at, f"expected {expected}, found {_json_type(error.instance)}", code="value.type")
        return
    if kind == "false":
        yield DefinitionProblem(file, at, "no value is allowed here", code="value.forbidden")
        return
    yield DefinitionProblem(file, at, error.message, code=f"value.{kind}")
