"""The agency editor: a province's administrators list, search, edit and add their agencies.

Only people holding a studio role for a whole province (``province:<code>``) see it, and only their
province's agencies. Changes go to the directory's overrides file (``MOTCUA_AGENCIES``, the file
``motcua agencies`` edits); routing and the checker use them at once, without a restart.
"""

from __future__ import annotations

import re
from pathlib import Path

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from runtime.agencies import Agency
from runtime.agencies.directory import LiveDirectory, is_2025_commune
from runtime.agencies.kinds import KINDS
from runtime.agencies.overrides import save_agency
from runtime.forms.admin_units import units
from runtime.text import fold, normalise_input
from runtime.web.access import access
from runtime.web.services import agencies as directory

from ..context import studio_user
from . import bp

AGENCY_CODE = re.compile(r"^[A-Z0-9][A-Z0-9.\-]{2,39}$")
PHONE = re.compile(r"^[0-9 +().\-]{0,30}$")
MAX_SHOWN = 100


@bp.context_processor
def _agency_helpers() -> dict:
    from flask_babel import get_locale

    def agency_kind_name(kind: str) -> str:
        """A kind's name without its unit ("Ủy ban nhân dân", "People's Committee"), else its id."""
        found = KINDS.get(kind)
        if found is None:
            return kind
        if str(get_locale()) == "en":
            return found.name_en.format(unit="").strip().removesuffix(" of")
        return found.name_vi.format(unit="").strip()

    return {"agency_kind_name": agency_kind_name}


def _provinces() -> list[str]:
    """The provinces this administrator holds a studio role for (403 when none)."""
    found = studio_user().provinces
    if not found:
        abort(403)
    return found


def _file() -> Path | None:
    path = current_app.config.get("MOTCUA_AGENCIES")
    return Path(path) if path else None


def _kinds() -> list[str]:
    return sorted(set(KINDS) | directory().kinds())


def _province(provinces: list[str]) -> str:
    chosen = request.values.get("province", provinces[0])
    return chosen if chosen in provinces else provinces[0]


def _form(agency: Agency | None, province: str, *, new: bool) -> tuple[Agency | None, dict[str, str]]:
    """The agency the form describes, or the errors by field."""
    values = {k: normalise_input(request.form.get(k, ""))[:limit] for k, limit in
              (("code", 40), ("name_vi", 300), ("name_en", 300), ("kind", 80), ("commune", 5), ("address", 300),
               ("phone", 30))}
    errors: dict[str, str] = {}
    code = values["code"] if new else agency.code  # type: ignore[union-attr]
    if new:
        if not AGENCY_CODE.match(code):
            errors["code"] = _("Enter the agency's electronic code, for example 000.26.740.H79")
        elif directory().get(code) is not None:
            errors["code"] = _("An agency with this code exists already: edit it instead")
    if not values["name_vi"]:
        errors["name_vi"] = _("Enter the agency's name in Vietnamese")
    if values["kind"] not in _kinds():
        errors["kind"] = _("Choose a kind of agency")
    if not PHONE.match(values["phone"]):
        errors["phone"] = _("Enter a phone number of digits, spaces and + ( ) . -")
    commune = values["commune"] if new else (agency.commune_code or "")  # type: ignore[union-attr]
    if new and commune and not is_2025_commune(province, commune):
        errors["commune"] = _("Enter the code of one of this province's communes (5 digits), or leave it empty")
    if errors:
        return None, errors
    return Agency(code, values["name_vi"], values["name_en"] or values["name_vi"], values["kind"],
                  "commune" if commune else "province", province, commune or None, values["address"],
                  values["phone"]), {}


def _save(agency: Agency) -> bool:
    path = _file()
    if path is None:
        flash(_("Agencies cannot be edited here: no directory file is configured (MOTCUA_AGENCIES)"), "error")
        return False
    save_agency(path, agency)
    found = directory()
    if isinstance(found, LiveDirectory):
        found.refresh()
    return True


@bp.route("/agencies", methods=["GET", "POST"])
@access("official")
def agencies():
    """A province's agencies: search by name, code, kind or commune; add one."""
    provinces = _provinces()
    user = studio_user()
    province = _province(provinces)
    query = normalise_input(request.args.get("q", ""))[:200]
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        agency, errors = _form(None, province, new=True)
        if agency is not None:
            if _save(agency):
                flash(_("Agency %(code)s added", code=agency.code), "success")
            return redirect(url_for("studio.agencies", province=province, q=agency.code))
        status = 400
    words = fold(query).split()
    communes = units().get(province, {}).get("communes", {})
    matching = [a for a in directory() if a.province_code == province and all(
        w in fold(f"{a.code} {a.name_vi} {a.name_en} {a.kind} {a.commune_code or ''} "
                  f"{communes.get(a.commune_code or '', '')}") for w in words)]
    matching.sort(key=lambda a: (a.commune_code or "", a.kind, a.code))
    return render_template("studio/agencies.html", user=user, provinces=provinces, province=province,
                           query=query, shown=matching[:MAX_SHOWN], total=len(matching), kinds=_kinds(),
                           communes=communes, errors=errors, values=request.form, editable=_file() is not None,
                           province_name=units().get(province, {}).get("name", province)), status


@bp.route("/agencies/<code>", methods=["GET", "POST"])
@access("official")
def agency(code: str):
    """One agency of the administrator's province: name, kind and contact."""
    provinces = _provinces()
    user = studio_user()
    found = directory().get(code)
    if found is None or found.province_code not in provinces:
        abort(404)
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        changed, errors = _form(found, found.province_code, new=False)
        if changed is not None:
            if _save(changed):
                flash(_("Agency %(code)s saved", code=code), "success")
            return redirect(url_for("studio.agency", code=code))
        status = 400
    values = request.form if request.method == "POST" else {
        "name_vi": found.name_vi, "name_en": found.name_en, "kind": found.kind, "address": found.address,
        "phone": found.phone}
    communes = units().get(found.province_code, {}).get("communes", {})
    return render_template("studio/agency.html", user=user, agency=found, values=values, errors=errors,
                           kinds=_kinds(), editable=_file() is not None,
                           commune_name=communes.get(found.commune_code or "", "")), status
