"""The shipped procedures' eForm pages, for parametrised tests."""

from __future__ import annotations

import functools

from runtime.definitions import load_definitions
from runtime.definitions.model import Procedure
from runtime.paths import procedures_dir


@functools.cache
def procedures() -> tuple[Procedure, ...]:
    return tuple(load_definitions([procedures_dir()]).procedures)


def pages() -> list[tuple[str, str, str]]:
    """(code, case id, page id) of every page of every shipped procedure."""
    return [(p.code, c.id, page.id) for p in procedures() if "online" in p.channels
            for c in p.cases for page in c.form.pages]


def find(code: str, case_id: str, page_id: str):
    procedure = next(p for p in procedures() if p.code == code)
    case = procedure.case(case_id)
    return procedure, case, case.form.page(page_id)
