"""Date relations in citizens' words: "Enter date of birth on or before 06/12/2026".

The validator's ``x-date`` errors (see :mod:`runtime.definitions.dates`) carry
the broken relation as JSON; this module turns it into a :class:`Problem` and
its words: the limit as a Vietnamese date, the other field by its noun.
"""

from __future__ import annotations

import json
from typing import Any

from flask_babel import gettext, ngettext

from .fields.base import Problem
from .fields.date import DateKind
from .spec import PageSpec, Path


def relation_problem(error: Any) -> Problem:
    """The problem of a custom-keyword validator error (a broken date relation)."""
    try:
        found = json.loads(error.message)
    except ValueError:
        return Problem("invalid")
    if not isinstance(found, dict) or "relation" not in found:
        return Problem("invalid")
    return Problem(f"date.{found['relation']}", {"relation": found})


def _span(amount: int, unit: str) -> str:
    if unit == "years":
        return ngettext("%(num)d year", "%(num)d years", amount)
    if unit == "months":
        return ngettext("%(num)d month", "%(num)d months", amount)
    return ngettext("%(num)d day", "%(num)d days", amount)


def relation_words(page: PageSpec, path: Path, found: dict[str, Any], lang: str) -> dict[str, str]:
    """The ``limit`` and ``other`` words of a broken relation's message."""
    other = found.get("of", "filing")
    if other == "filing":
        other_words = gettext("the filing date")
    else:
        spec = page.find((*path[:-1], other))
        other_words = spec.text_noun(lang) if spec is not None else str(other)
    if found["relation"] == "within":
        return {"limit": _span(int(found.get("amount", 0)), str(found.get("unit", "days"))),
                "other": other_words}
    limit = DateKind().raw(None, found.get("limit", ""))  # type: ignore[arg-type]
    return {"limit": f"{limit} ({other_words})" if other != "filing" else limit, "other": other_words}
