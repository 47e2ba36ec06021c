"""The citizen's form as citizens will see it, page by page, in vi and en, with trial data and fees.

Rendered by the runtime's own field templates (``forms/widgets.html``) from the
runtime's own compiled page specs, so what the administrator sees is what
citizens get. Trial answers are checked by the runtime's page verdict and fed
to the runtime's fee calculator.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import abort, current_app, render_template, request
from flask_babel import force_locale
from werkzeug.datastructures import MultiDict

from runtime.definitions.compiler import compile_procedure, content_hash
from runtime.fees.calculator import compute_fees
from runtime.forms.compiler import FormCache
from runtime.forms.convert import read
from runtime.forms.verdict import check
from runtime.web.access import access

from ..context import open_version
from ..example_data import remember_trial
from ..problems import problems_of
from . import bp

MAX_COMPILED = 64


def _compiled(code: str, number: int, document: dict[str, Any]):
    """The compiled version, cached by content (an edit makes a new entry)."""
    cache: dict[str, Any] = current_app.extensions["motcua.studio"].setdefault("compiled", {})
    digest = content_hash(document)
    found = cache.get(digest)
    if found is None:
        if len(cache) >= MAX_COMPILED:
            cache.pop(next(iter(cache)))
        found = cache[digest] = compile_procedure(document, f"store:{code}@{number}", digest)
    return found


def _forms() -> FormCache:
    return current_app.extensions["motcua.studio"].setdefault("forms", FormCache())


def _page_counts(case: Any) -> dict[str, list[int]]:
    counts = {}
    for component in case.components:
        raw = request.form.get(f"pages-{component.id}", "")
        if raw.isdigit() and 0 < int(raw) < 10000:
            counts[component.id] = [int(raw)]
    return counts


@bp.route("/<code>/<int:number>/preview", methods=["GET", "POST"])
@access("official")
def preview(code: str, number: int):
    """One page of the eForm in one language; POST tries answers and shows messages and fees."""
    user, record = open_version(code, number)
    lang = request.values.get("in", "vi")
    lang = lang if lang in ("vi", "en") else "vi"
    problems = [p for p in problems_of(code, number, record.document) if p.is_error]
    if problems:
        return render_template("studio/preview.html", record=record, user=user, problems=problems,
                               lang_shown=lang), 200
    procedure = _compiled(code, number, record.document)
    case_id = request.values.get("case") or procedure.cases[0].id
    case = procedure.case(case_id)
    if case is None:
        abort(404)
    page_id = request.values.get("page") or case.form.pages[0].id
    page = case.form.page(page_id)
    if page is None:
        abort(404)
    forms = _forms()
    spec = forms.spec(procedure, case, page)
    form_class = forms.form_class(procedure, case, page, lang)
    errors, fees = [], None
    if request.method == "POST":
        form = form_class(formdata=request.form)
        verdict = check(page, spec, form, lang)
        errors = verdict.errors
        remember_trial(code, number, case.id, verdict.data)  # the result's preview is filled with them
        fees = compute_fees(case, verdict.data, filed_on=dt.date.today(), channel="online",
                            page_counts=_page_counts(case))
    else:
        form = form_class(formdata=MultiDict())
        read(spec.fields, form)
    with force_locale(lang):
        return render_template("studio/preview.html", record=record, user=user, problems=[],
                               procedure=procedure, case=case, page=page, spec=spec, form=form,
                               errors=errors, fees=fees, lang_shown=lang)
