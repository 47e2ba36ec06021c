"""The studio's catalogue: every procedure with its versions' status; creating new ones."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from runtime.definitions.model import Procedure
from runtime.storage.definitions import DefinitionRecord, in_force
from runtime.text import fold, normalise_input
from runtime.web.access import access
from runtime.web.services import catalog

from .. import lifecycle
from ..context import definition_store, province_of, studio_user, today
from ..importing import RecordRefused
from ..skeleton import new_document
from . import bp

CODE_PATTERN = re.compile(r"^[0-9]\.[0-9]{6}(\.[A-Z0-9]{2,6})?$")
MAX_QUERY = 200


@dataclass
class Row:
    code: str
    name: str
    served: Procedure | None
    in_force: DefinitionRecord | None
    pending: list[DefinitionRecord] = field(default_factory=list)


def _rows(user, query: str) -> list[Row]:
    with definition_store().unit_of_work() as uow:
        records = uow.definitions.all()
    current = in_force(records, today())
    lang = "en" if str(get_locale() or "vi") == "en" else "vi"
    rows: dict[str, Row] = {}
    for procedure in catalog():
        rows[procedure.code] = Row(procedure.code, procedure.name.get(lang), procedure, current.get(procedure.code))
    for record in records:
        row = rows.get(record.code)
        if row is None:
            names = record.document.get("name") or {}
            row = rows[record.code] = Row(record.code, str(names.get(lang) or names.get("vi", "")),
                                          None, current.get(record.code))
        pending = record.status in ("draft", "review") or record.display_status(today()) == "scheduled"
        if pending and user.can_see(record, province_of):
            row.pending.append(record)
    words = fold(query).split()
    found = [r for r in rows.values()
             if all(w in fold(f"{r.code} {r.name} {r.served.search_text if r.served else ''}") for w in words)]
    # a draft of a new code nobody else may see stays invisible
    return sorted((r for r in found if r.served or r.in_force or r.pending), key=lambda r: r.code)


@bp.route("/")
@access("official")
def index():
    """Studio administrators see every procedure, and the drafts of their own province or agency."""
    user = studio_user()
    query = request.args.get("q", "")[:MAX_QUERY]
    load = catalog().load
    problems = {}
    if load is not None:
        for procedure in catalog():
            problems[procedure.code] = len(load.problems.get(procedure.file, []))
    return render_template("studio/index.html", rows=_rows(user, query), query=query, user=user,
                           problems=problems, today=today(),
                           records=current_app.extensions["motcua.studio"]["records"])


def _served_document(code: str) -> dict | None:
    procedure = catalog().get(code)
    return copy.deepcopy(procedure.document) if procedure is not None else None


@bp.route("/new", methods=["POST"])
@access("official")
def new():
    """Start a draft: from scratch, as a copy of a procedure, or from a national catalogue record."""
    user = studio_user()
    how = request.form.get("how", "scratch")
    code = normalise_input(request.form.get("code", ""))[:40]
    if not CODE_PATTERN.match(code):
        flash(_("Enter the procedure's code like 1.001193, or 1.001193.H79 for a local variant"), "error")
        return redirect(url_for("studio.index"))
    if code_taken(code):
        flash(_("A procedure with the code %(code)s already exists: open it and make a new draft instead",
                code=code), "error")
        return redirect(url_for("studio.index"))
    if how == "copy":
        source = _served_document(normalise_input(request.form.get("source", ""))[:40])
        if source is None:
            flash(_("Choose a procedure to copy"), "error")
            return redirect(url_for("studio.index"))
        document = {**source, "code": code}
    elif how == "import":  # lands on the draft's import review page
        from .imports import _source_record, start_import

        try:
            raw, record_id = _source_record(normalise_input(request.form.get("source", ""))[:40])
            return start_import(user, raw, record_id, code)
        except RecordRefused as exc:
            flash(_("The national record could not be imported: %(reason)s", reason=str(exc)), "error")
            return redirect(url_for("studio.index"))
    else:
        name_vi = normalise_input(request.form.get("name_vi", ""))[:500] or code
        name_en = normalise_input(request.form.get("name_en", ""))[:500] or name_vi
        document = new_document(code, name_vi, name_en)
    with definition_store().unit_of_work() as uow:
        record = lifecycle.create_draft(uow, user, document, how=how)
        uow.commit()
    flash(_("Draft created"), "success")
    return redirect(url_for("studio.version", code=record.code, number=record.number))


def code_taken(code: str) -> bool:
    """Whether a procedure with this code is served or stored (a new draft needs a new code)."""
    if catalog().get(code) is not None:
        return True
    with definition_store().unit_of_work() as uow:
        return bool(uow.definitions.versions(code))


@bp.route("/<code>/drafts", methods=["POST"])
@access("official")
def new_draft(code: str):
    """A new draft of an existing procedure, from the version served now or a stored version."""
    user = studio_user()
    based_on = request.form.get("based_on", type=int)
    with definition_store().unit_of_work() as uow:
        if based_on:
            from ..context import visible_record

            document = copy.deepcopy(visible_record(uow, user, code, based_on).document)
        else:
            document = _served_document(code)
            if document is None:
                flash(_("This procedure is not served: open one of its versions instead"), "error")
                return redirect(url_for("studio.index"))
        record = lifecycle.create_draft(uow, user, document, based_on=based_on, how="new-version")
        uow.commit()
    flash(_("Draft created"), "success")
    return redirect(url_for("studio.version", code=record.code, number=record.number))
