"""Problems found in a procedure definition, written for administrators."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """How serious a problem is: errors block publication, warnings do not."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class DefinitionProblem:
    """One problem in one definition file."""

    file: str
    """The file the problem is in."""
    pointer: str
    """A JSON pointer (RFC 6901) to the offending value, "" for the whole document."""
    message: str
    """What is wrong, in words an administrator understands."""
    hint: str = ""
    """How to fix it."""
    code: str = "invalid"
    """A stable key for the kind of problem, e.g. ``action.unknown_target``."""
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def format(self) -> str:
        where = self.pointer or "/"
        text = f"{where}: {self.message}"
        if self.hint:
            text += f"\n      hint: {self.hint}"
        return text


def pointer(*parts: str | int) -> str:
    """Build a JSON pointer from path parts, escaping ``~`` and ``/``."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


class DefinitionError(Exception):
    """A definition could not be compiled because it has problems."""

    def __init__(self, problems: list[DefinitionProblem]):
        self.problems = problems
        first = problems[0].format() if problems else "unknown problem"
        super().__init__(f"{len(problems)} problem(s) in definition; first: {first}")
