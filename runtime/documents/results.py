"""The result document: the case's template (or a generic one) filled with the dossier's data.

:func:`result_layout` is what issuance draws; :func:`preview_result` is what the studio and
``motcua result preview`` call: a definition and sample data in, PDF bytes out, with no store,
no signature and no side effect.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..agencies import Agency
from ..definitions.model import Case, Procedure
from ..definitions.problems import DefinitionError
from ..dossiers.model import Dossier, Person
from .context import document_context
from .drawing import draw_layout
from .layout import Layout, build_layout

GENERIC_RESULT: dict[str, Any] = {
    "id": "generic-result",
    "notes": "Used when a case's result has no layout of its own: every answer of the eForm, in form order.",
    "blocks": [
        {"type": "national-header"},
        {"type": "title", "text": "{{ result.name | upper }}"},
        {"type": "text", "text": "Thủ tục: {{ procedure.name }} ({{ procedure.code }})", "size": 10.5,
         "italic": True},
        {"type": "fields", "items": "filled", "label": "{{ row.label }}", "value": "{{ row.value }}"},
        {"type": "text", "text": "Cấp cho ông/bà {{ applicant.full_name }} theo hồ sơ số {{ dossier.reference }}."},
        {"type": "signature", "title": "THỦ TRƯỞNG CƠ QUAN", "note": "(Ký số)",
         "qr": "{{ tracking_url }}", "qr_caption": "Tra cứu kết quả / Look up"},
    ],
}
"""The layout of a result whose definition has none."""


def template_of(case: Case) -> dict[str, Any]:
    """The case's result template, or :data:`GENERIC_RESULT`."""
    return case.result.layout if case.result and case.result.layout else GENERIC_RESULT


def result_layout(*, dossier: Dossier, procedure: Procedure, case: Case, agency: Agency, now: dt.datetime,
                  tracking_url: str | None = None) -> Layout:
    """The result document of ``dossier`` laid out by its case's template."""
    context = document_context(dossier=dossier, procedure=procedure, case=case, agency=agency, now=now,
                               number=dossier.reference or "", tracking_url=tracking_url)
    title = (case.result.name.vi if case.result else procedure.name.vi).upper()
    return build_layout(template_of(case), context, title=title, author=agency.name_vi,
                        subject=dossier.reference or "", footer=f"{procedure.code} · {procedure.short_hash}")


def render_result(**kwargs: Any) -> bytes:
    """The result document as PDF bytes (see :func:`result_layout` for the arguments)."""
    return draw_layout(result_layout(**kwargs))


SAMPLE_AGENCY = Agency(code="000.00.00.H79", name_vi="Ủy ban nhân dân phường Sài Gòn",
                       name_en="Sai Gon Ward People's Committee", kind="commune-peoples-committee",
                       level="commune", province_code="79", commune_code="26740")
"""The agency a preview is issued by when none is given."""


PREVIEW_COMMENT = "(Nội dung cán bộ ghi khi thao tác / What the official writes)"
"""The official's comment a slip's preview shows (slips 02, 03, 04 print it)."""


def preview_result(procedure: Procedure, data: dict[str, Any], *, case_id: str | None = None,
                   agency: Agency | None = None, applicant: Person | None = None,
                   now: dt.datetime | None = None, reference: str = "PREVIEW-0001", kind: str = "result") -> bytes:
    """The result PDF ``procedure`` would issue for sample ``data`` (nothing stored or signed);
    with ``kind`` "01"–"05", that slip instead (laid out by the definition's template, if any)."""
    case = procedure.case(case_id) if case_id else procedure.cases[0]
    if case is None:
        raise LookupError(f"the procedure {procedure.code} has no case '{case_id}'")
    now = now or dt.datetime.now(dt.UTC)
    applicant = applicant or Person(full_name=str(data.get("applicant_name") or "Nguyễn Văn A"),
                                    personal_id=data.get("applicant_personal_id"), phone=data.get("applicant_phone"))
    dossier = Dossier(procedure_code=procedure.code, applicant=applicant, case_id=case.id, reference=reference,
                      data=data, received_at=now, is_draft=False)
    tracking_url = f"https://motcua.example/track/{reference}"
    if kind != "result":
        from .issue import document_layout  # here: issue imports this module

        return draw_layout(document_layout(kind, dossier=dossier, procedure=procedure, case=case,
                                           agency=agency or SAMPLE_AGENCY, now=now, tracking_url=tracking_url,
                                           comment=PREVIEW_COMMENT, new_due_at=now + dt.timedelta(days=3)))
    return render_result(dossier=dossier, procedure=procedure, case=case, agency=agency or SAMPLE_AGENCY, now=now,
                         tracking_url=tracking_url)


def preview_definition(document: dict[str, Any], data: dict[str, Any], **kwargs: Any) -> bytes:
    """The result PDF (or a slip's, with ``kind``) of a definition document that is not loaded yet
    (the studio's draft).

    The document is checked first: :class:`~runtime.definitions.DefinitionError` lists its
    errors (with JSON pointers) when it has any, so a broken draft is never drawn.
    """
    from ..definitions import check_definition, compile_procedure

    problems = [p for p in check_definition(document, "<draft>") if p.is_error]
    if problems:
        raise DefinitionError(problems)
    return preview_result(compile_procedure(document), data, **kwargs)
