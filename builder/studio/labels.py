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


#: words for the parts of an identity attribute's name (``x-autofill.source``, e.g. citizen.mother.full_name)
SOURCE_WORDS = {
    "personal_id": _l("personal ID number"), "old_id_number": _l("old ID card number"), "tax_code": _l("tax code"),
    "full_name": _l("full name"), "family_name": _l("family name"), "middle_name": _l("middle name"),
    "given_name": _l("given name"), "sex": _l("sex"), "birth_date": _l("date of birth"),
    "ethnicity": _l("ethnicity"), "religion": _l("religion"), "nationality": _l("nationality"),
    "marital_status": _l("marital status"), "blood_type": _l("blood type"), "email": _l("e-mail"),
    "phone": _l("phone"), "birth_place": _l("place of birth"), "home_town": _l("home town"),
    "permanent_address": _l("permanent residence"), "current_address": _l("current residence"),
    "province_code": _l("province"), "commune_code": _l("commune"), "street": _l("house and street"),
    "text": _l("as text"), "father": _l("father"), "mother": _l("mother"), "spouse": _l("spouse"),
    "legal_representative": _l("legal representative"), "household_head": _l("head of household"),
    "household": _l("household"), "number": _l("household number"),
    "relationship_to_head": _l("relationship to the head of household"),
}


def source_label(source: str) -> str:
    """An identity attribute in words: citizen.mother.full_name → "Applicant's mother: full name"."""
    parts = source.split(".")
    if parts[:1] != ["citizen"] or len(parts) < 2 or any(p not in SOURCE_WORDS for p in parts[1:]):
        return source
    words = [str(SOURCE_WORDS[p]) for p in parts[1:]]
    return str(_l("Applicant")) + ": " + " › ".join(words)


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
            "kind_name": kind_name, "today_date": today, "rule_value": show_value,
            "source_label": source_label}
