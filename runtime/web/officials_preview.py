"""The result as it will be issued, previewed (unsigned) by the official who is about to sign it."""

from __future__ import annotations

import dataclasses

from flask import Response, abort

from .access import access, current_principal
from .officials import actor_of, bp, services
from .officials_dossier import _visible
from .officials_present import action_forms, previews_result

PREVIEW_FOOTER = "BẢN XEM TRƯỚC – CHƯA KÝ SỐ, KHÔNG CÓ GIÁ TRỊ PHÁP LÝ / PREVIEW – NOT SIGNED, NOT VALID"


@bp.route("/dossiers/<dossier_id>/result-preview")
@access("official")
def result_preview(dossier_id: str):
    """The result document filled with the dossier's data, unsigned and marked as a preview."""
    from ..documents import document_layout, draw_layout

    item = _visible(dossier_id)
    svc = services()
    procedure, case = svc.definition_of(item)
    now = svc.now()
    if not previews_result(action_forms(case, item, actor_of(current_principal()), svc.calendar, now)):
        abort(404)
    agency = svc.agencies.get(item.agency_code or "")
    if agency is None:
        abort(404)
    layout = document_layout("result", dossier=item, procedure=procedure, case=case, agency=agency, now=now,
                             tracking_url=svc.tracking_url(item.reference or ""))
    pdf = draw_layout(dataclasses.replace(layout, footer=PREVIEW_FOOTER))
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="{item.reference or item.id}-preview.pdf"',
        "Content-Security-Policy": "sandbox; default-src 'none'; frame-ancestors 'self'",
        "X-Content-Type-Options": "nosniff", "X-Frame-Options": "SAMEORIGIN", "Cache-Control": "private, no-store"})
