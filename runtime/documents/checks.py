"""Checks of a document template the meta-schema cannot make: every text compiles in the
sandbox and names only eForm fields and the documented context names."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any

from ..definitions.problems import DefinitionProblem, Severity
from ..definitions.problems import pointer as ptr
from .context import CONTEXT_NAMES
from .expressions import FILTERS, TemplateTextError, names_used

_TEXT_KEYS = ("text", "subtitle", "agency", "number", "place_date", "label", "value", "title", "note", "signer",
              "left", "qr", "qr_caption", "caption")
_ROW_NAMES = {"row", "index"}
_EXTRA_NAMES = {"range", "true", "false", "none"}


def _close(word: str, choices: list[str]) -> str:
    found = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"did you mean '{found[0]}'? " if found else ""


def _texts(block: dict[str, Any], at: str) -> Iterator[tuple[str, str, bool]]:
    """(text, pointer, inside a repeated row) of every text in a block."""
    repeated = "items" in block
    for key in _TEXT_KEYS:
        if isinstance(block.get(key), str):
            yield block[key], f"{at}/{key}", repeated and key in ("label", "value")
    for r, row in enumerate(block.get("rows", ())):
        for c, cell in enumerate(row):
            for key in ("label", "value"):
                if isinstance(cell.get(key), str):
                    yield cell[key], f"{at}/rows/{r}/{c}/{key}", False
    for c, column in enumerate(block.get("columns", ())):
        yield column.get("header", ""), f"{at}/columns/{c}/header", False
        yield column.get("value", ""), f"{at}/columns/{c}/value", True


def check_document_template(template: dict[str, Any], at: str, fields: set[str], file: str,
                            ) -> list[DefinitionProblem]:
    """Problems of one document template at JSON pointer ``at``; ``fields`` are the eForm's
    top-level field names."""
    problems: list[DefinitionProblem] = []
    known = set(fields) | set(CONTEXT_NAMES) | _EXTRA_NAMES
    for name in sorted(set(fields) & set(CONTEXT_NAMES)):
        problems.append(DefinitionProblem(
            file, at, f"the field '{name}' has the name of a document value: templates see the document value",
            f"use raw.{name} for the field's value", code="document.shadowed_field", severity=Severity.WARNING))

    def check(text: str, where: str, repeated: bool, expression: bool = False) -> None:
        try:
            roots, attributes = names_used(text, expression=expression)
        except TemplateTextError as exc:
            problems.append(DefinitionProblem(
                file, where, str(exc), "write {{ field_name }} or {{ raw.field_name | filter }}; filters: "
                + ", ".join(sorted(FILTERS)), code="document.syntax"))
            return
        allowed = known | (_ROW_NAMES if repeated else set())
        for name in sorted(roots - allowed):
            hint = _close(name, sorted(allowed))
            problems.append(DefinitionProblem(
                file, where, f"'{name}' is neither a field of the eForm nor a document value",
                hint + "fields are named as in the eForm; other values: " + ", ".join(sorted(CONTEXT_NAMES)),
                code="document.unknown_name"))
        for root, attribute in sorted(attributes):
            if root == "raw" and attribute not in fields:
                problems.append(DefinitionProblem(
                    file, where, f"raw.{attribute} names no field of the eForm",
                    _close(attribute, sorted(fields)) or "use a top-level field's name", code="document.unknown_field"))

    for i, block in enumerate(template.get("blocks", ())):
        b_at = f"{at}/blocks/{i}"
        for text, where, repeated in _texts(block, b_at):
            check(text, where, repeated)
        if isinstance(block.get("items"), str):
            check(block["items"], f"{b_at}/items", False, expression=True)
    return problems


__all__ = ["check_document_template", "ptr"]
