"""The public service scorecard of a province (or one of its agencies): indicators by month for a year,
per agency, with charts (Chart.js, drawn from the tables, which are the page without JavaScript) and CSV."""

from __future__ import annotations

import threading
import time

from flask import Blueprint, Response, current_app, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from ..forms.admin_units import province_name, provinces
from ..scorecard import INDICATORS, Scorecard, build_scorecard, csv_bytes
from ..scorecard.counts import count
from ..scorecard.indicators import year_bounds
from ..services import Services
from .access import access

bp = Blueprint("scorecard", __name__, url_prefix="/scorecard")

DEFAULT_PROVINCE = "79"
CACHE_SECONDS = 300.0
"""The figures of a scope are computed at most once per five minutes (the page is public)."""
FIRST_YEAR = 2020


def services() -> Services:
    return current_app.extensions["motcua.services"]


def lang() -> str:
    return str(get_locale() or "vi")


class _Cache:
    def __init__(self, limit: int = 256) -> None:
        self.limit = limit
        self.items: dict[tuple, tuple[float, Scorecard]] = {}
        self.lock = threading.Lock()

    def get(self, key: tuple, make) -> Scorecard:
        now = time.monotonic()
        with self.lock:
            found = self.items.get(key)
        if found is not None and now - found[0] < CACHE_SECONDS:
            return found[1]
        value = make()
        with self.lock:
            if len(self.items) >= self.limit:
                self.items.clear()
            self.items[key] = (now, value)
        return value


def _cache() -> _Cache:
    return current_app.extensions.setdefault("motcua.scorecard_cache", _Cache())


def indicator_names() -> dict[str, str]:
    return {"on_time": _("Results on time"), "online": _("Filed online"), "fully_online": _("Fully online"),
            "satisfaction": _("Satisfied users"), "digitised": _("Results issued digitally"),
            "feedback_on_time": _("Feedback answered on time")}


class _Scope:
    """The province, agency, year and month asked for (anything unknown falls back to a default)."""

    def __init__(self) -> None:
        svc = services()
        tz = svc.calendar.timezone
        this_year = svc.now().astimezone(tz).year
        province = (request.args.get("province") or DEFAULT_PROVINCE).strip()[:8]
        self.province = province if province_name(province) else DEFAULT_PROVINCE
        self.agencies = sorted((a for a in svc.agencies if a.province_code == self.province),
                               key=lambda a: a.name(lang()))
        agency = (request.args.get("agency") or "").strip()[:40]
        self.agency = agency if any(a.code == agency for a in self.agencies) else ""
        try:
            year = int(request.args.get("year", this_year))
        except ValueError:
            year = this_year
        self.year = year if FIRST_YEAR <= year <= this_year else this_year
        self.years = list(range(this_year, FIRST_YEAR - 1, -1))
        try:
            month = int(request.args.get("month", "0"))
        except ValueError:
            month = 0
        self.month = f"{self.year:04d}-{month:02d}" if 1 <= month <= 12 else None

    def card(self) -> Scorecard:
        svc = services()
        tz = svc.calendar.timezone
        codes = [self.agency] if self.agency else [a.code for a in self.agencies]
        start, end = year_bounds(self.year, tz)

        def make() -> Scorecard:
            now = svc.now()
            return build_scorecard(count(svc.store, codes, start, end, now, tz), self.year, now, tz)

        full = _cache().get((self.province, self.agency, self.year), make)
        if self.month is None:
            return full
        return build_scorecard(full.by_key, self.year, svc.now(), tz, month=self.month)

    def args(self, **changes) -> dict:
        values = {"province": self.province, "agency": self.agency or None, "year": self.year,
                  "month": int(self.month[5:]) if self.month else None}
        values.update(changes)
        return {k: v for k, v in values.items() if v}


@bp.route("/")
@access("public")
def index():
    """Anyone sees a province's (or an agency's) service indicators for a year, month by month."""
    scope = _Scope()
    card = scope.card()
    svc = services()
    names = {a.code: a.name(lang()) for a in scope.agencies}
    month_rows = [(f"{name[5:]}/{name[:4]}", None, counts) for name, counts in card.months]
    agency_rows = [(names.get(code, code), url_for("scorecard.index", **scope.args(agency=code)), counts)
                   for code, counts in card.agencies.items()]
    return render_template("scorecard/index.html", card=card, scope=scope, indicators=INDICATORS,
                           names=indicator_names(), provinces=provinces(), province_name=province_name(scope.province),
                           agency_names=names, values=card.values, now=svc.now(), month_rows=month_rows,
                           agency_rows=agency_rows)


@bp.route("/scorecard.csv")
@access("public")
def export():
    """The same figures as a spreadsheet: one row per agency and month (UTF-8 CSV with a byte-order mark)."""
    scope = _Scope()
    card = scope.card()
    names = {a.code: a.name(lang()) for a in scope.agencies}
    label = indicator_names()
    headers = [_("Agency code"), _("Agency"), _("Month"), _("Received"), _("Filed online"), _("Fully online"),
               _("Results issued"), _("On time or early"), _("Issued digitally"), _("Ratings"),
               _("Average rating (1–5)"), _("Feedback due"), _("Feedback answered on time")]
    headers += [f"{label[i.key]} (%)" for i in INDICATORS]
    rows = None
    if card.month is not None:
        rows = [(a, m, c) for (a, m), c in sorted(card.by_key.items()) if m == card.month]
    body = csv_bytes(card, headers, lambda code: names.get(code, code), rows)
    name = f"motcua-scorecard-{scope.province}-{card.month or card.year}.csv"
    return Response(body, mimetype="text/csv", headers={"Content-Type": "text/csv; charset=utf-8",
                                                        "Content-Disposition": f'attachment; filename="{name}"'})
