"""One verdict per page: the page's JSON Schema validator decides, messages explain.

The posted form is read into JSON (hidden fields left out) and validated with the
page's compiled validator; a page is accepted exactly when nothing could not be
read and the validator accepts the data. Each problem becomes one message on its
field and one line of the error summary, in the order of the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..definitions.model import Page
from .convert import Reading, read
from .fields.base import Problem
from .messages import explain, message
from .spec import PageSpec, Path


@dataclass(frozen=True, slots=True)
class ErrorLine:
    """One line of the error summary: the message and the id of the input it links to."""

    anchor: str
    message: str


@dataclass
class Verdict:
    """The outcome of checking one posted page."""

    reading: Reading
    valid: bool
    errors: list[ErrorLine] = field(default_factory=list)

    @property
    def data(self) -> dict[str, Any]:
        return self.reading.data


def _covered(path: Path, taken: dict[Path, Problem]) -> bool:
    """Whether a problem already stands at ``path``, inside it or above it."""
    return any(p[:len(path)] == path or path[:len(p)] == p for p in taken)


def problems_of(page: Page, spec: PageSpec, reading: Reading) -> dict[Path, Problem]:
    """Reading problems first, then the validator's, at most one per field."""
    problems = dict(reading.problems)
    for error in page.validator.iter_errors(reading.data):
        for path, problem in explain(error, spec, reading.data):
            if not _covered(path, reading.problems) and path not in problems:
                problems[path] = problem
    return problems


def _target(path: Path, fields: dict[Path, Any]) -> tuple[Path, Any] | None:
    for cut in range(len(path), 0, -1):
        if path[:cut] in fields:
            return path[:cut], fields[path[:cut]]
    return next(iter(fields.items()), None)


def check(page: Page, spec: PageSpec, form: Any, lang: str, report: bool = True) -> Verdict:
    """Read and validate a bound page form; with ``report``, set each field's message."""
    reading = read(spec.fields, form)
    valid = not reading.problems and bool(page.validator.is_valid(reading.data))
    verdict = Verdict(reading, valid)
    if valid or not report:
        return verdict
    order = {path: i for i, path in enumerate(reading.fields)}
    placed: list[tuple[int, ErrorLine]] = []
    for path, problem in problems_of(page, spec, reading).items():
        found = _target(path, reading.fields)
        if found is None:
            continue
        at, bound = found
        if bound.error:
            continue
        bound.error = message(spec, path, problem, lang)
        placed.append((order.get(at, len(order)), ErrorLine(bound.anchor, bound.error)))
    verdict.errors = [line for _i, line in sorted(placed, key=lambda x: x[0])]
    if not verdict.errors:  # the validator refused something no field shows
        first = next(iter(reading.fields.values()), None)
        verdict.errors = [ErrorLine(first.anchor if first is not None else "main",
                                    message(spec, (), Problem("invalid"), lang))]
    return verdict
