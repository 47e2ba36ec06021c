"""Which layout a document is issued with: the definition's template where it has one.

A result is laid out by its case's template (or the generic one); a slip by the template the
definition gives it under ``processing.slips``, else by the standard layout of Circular
01/2018/TT-VPCP (:func:`~runtime.documents.slips.build_slip`).
"""

from __future__ import annotations

import datetime as dt

from ..agencies import Agency
from ..definitions.model import Case, Procedure
from ..dossiers.model import Dossier
from .context import document_context
from .layout import Layout, build_layout
from .pdf import slip_layout
from .results import result_layout
from .slips import SLIP_TITLES, build_slip


def document_layout(kind: str, *, dossier: Dossier, procedure: Procedure, case: Case, agency: Agency,
                    now: dt.datetime, tracking_url: str | None = None, comment: str | None = None,
                    new_due_at: dt.datetime | None = None) -> Layout:
    """The layout of document ``kind`` ("01"–"05" or "result") for ``dossier``."""
    if kind == "result":
        return result_layout(dossier=dossier, procedure=procedure, case=case, agency=agency, now=now,
                             tracking_url=tracking_url)
    template = case.processing.slips.get(kind)
    if template is None:
        return slip_layout(build_slip(kind, dossier=dossier, procedure=procedure, case=case, agency=agency, now=now,
                                      tracking_url=tracking_url, comment=comment, new_due_at=new_due_at))
    number = f"{dossier.reference}/{kind}"
    context = document_context(dossier=dossier, procedure=procedure, case=case, agency=agency, now=now,
                               number=number, tracking_url=tracking_url, comment=comment, new_due_at=new_due_at)
    return build_layout(template, context, title=SLIP_TITLES[kind][0], author=agency.name_vi, subject=number,
                        footer=f"{procedure.code} · {procedure.short_hash}")
