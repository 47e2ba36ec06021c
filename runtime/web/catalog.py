"""The public catalog: search procedures and read each one's summary."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, render_template, request

from .access import access
from .services import catalog

bp = Blueprint("catalog", __name__)

_MAX_QUERY = 200


def _today() -> dt.date:
    return dt.date.today()


@bp.route("/")
@access("public")
def index():
    """Everyone may search the catalog (no login)."""
    query = request.args.get("q", "")[:_MAX_QUERY]
    sector = request.args.get("sector") or None
    level = request.args.get("level") or None
    cat = catalog()
    found = cat.search(query, _today(), sector=sector, level=level)
    return render_template("catalog/index.html", procedures=found, query=query, sector=sector,
                           level=level, sectors=cat.sectors(), total=len(cat))


@bp.route("/procedures/<code>")
@access("public")
def procedure(code: str):
    """Everyone may read a procedure's summary while it is offered."""
    found = catalog().offered(code, _today())
    if found is None:
        abort(404)
    return render_template("catalog/procedure.html", p=found)
