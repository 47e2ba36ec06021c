"""Words the studio's pages show for codes (statuses, kinds, choices), in the reader's language."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from .palette import BY_ID
from .rules import show_value

STATUS = {"draft": _l("Draft"), "review": _l("In review"), "published": _l("Published"),
          "scheduled": _l("Scheduled"), "retired": _l("Retired")}
CHOICES = {
    "commune": _l("Commune"), "province": _l("Province"), "ministry": _l("Ministry"),
    "citizen": _l("Citizens"), "overseas-vietnamese": _l("Overseas Vietnamese"), "foreigner": _l("Foreigners"),
    "enterprise": _l("Enterprises"), "household-business": _l("Household businesses"),
    "cooperative": _l("Cooperatives"), "organisation": _l("Organisations"), "official": _l("Officials"),
    "in-person": _l("In person"), "online": _l("Online"), "postal": _l("By post"),
    "full": _l("Full (end to end online)"), "partial": _l("Partial"),
    "applicant": _l("the applicant"), "trusted": _l("anyone with a trusted certificate"),
    "fixed": _l("fixed amount"), "per-unit": _l("per unit"),
    "per-page": _l("per page"), "working-hours": _l("working hours"), "working-days": _l("working days"),
    "calendar-days": _l("calendar days"),
}
AREAS = {"metadata": _l("Details"), "case": _l("Case"), "page": _l("Page"), "field": _l("Field"),
         "component": _l("Component"), "fee": _l("Fee"), "step": _l("Step")}
HOW = {"added": _l("added"), "removed": _l("removed"), "changed": _l("changed")}


def helpers() -> dict[str, Any]:
    from flask_babel import get_locale

    from .context import today

    def kind_name(kind: str) -> str:
        found = BY_ID.get(kind)
        if found is None:
            return kind
        return found.en if str(get_locale()) == "en" else found.vi

    return {"status_name": lambda s: str(STATUS.get(s, s)), "choice_name": lambda c: str(CHOICES.get(c, c)),
            "area_name": lambda a: str(AREAS.get(a, a)), "how_name": lambda h: str(HOW.get(h, h)),
            "kind_name": kind_name, "today_date": today, "rule_value": show_value}
