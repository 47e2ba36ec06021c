"""Issuing slips and results: render, sign with the agency's certificate, store, record."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..definitions.model import Case, Procedure
from ..dossiers.model import Dossier
from .context import Services

_REASONS = {"01": "Tiếp nhận hồ sơ", "02": "Yêu cầu bổ sung hồ sơ", "03": "Từ chối tiếp nhận hồ sơ",
            "04": "Xin lỗi và hẹn lại ngày trả kết quả", "05": "Kiểm soát quá trình giải quyết",
            "result": "Cấp kết quả giải quyết thủ tục hành chính"}


class ResultNotVerifiedError(RuntimeError):
    """A signed result failed its own verification: it is not released."""


def issue_document(services: Services, kind: str, dossier: Dossier, procedure: Procedure, case: Case,
                   now: dt.datetime, *, comment: str | None = None, new_due_at: dt.datetime | None = None,
                   sign: bool = True, pdf: bytes | None = None) -> dict[str, Any]:
    """Render (or take ``pdf``, e.g. a result an official uploaded), sign and store one document;
    record it on the dossier and return its record."""
    from ..documents import document_layout, draw_layout
    from ..signatures import SignaturePolicy, verify_pdf

    agency = services.agencies.get(dossier.agency_code or "")
    if agency is None:
        raise LookupError(f"unknown agency {dossier.agency_code}")
    layout = document_layout(kind, dossier=dossier, procedure=procedure, case=case, agency=agency, now=now,
                             tracking_url=services.tracking_url(dossier.reference or ""), comment=comment,
                             new_due_at=new_due_at)
    pdf = draw_layout(layout) if pdf is None else pdf
    verification = None
    if sign:
        pdf = services.signer.sign(pdf, agency, _REASONS[kind])
        if kind == "result":  # released only when it verifies as citizens and partners will check it
            # in the sandbox even when rendered here: asn1crypto objects are parsed lazily and are not safe to
            # share between request threads, which in-process verification does (a valid result was refused)
            report = verify_pdf(pdf, SignaturePolicy(required=True, signer="organisation"), services.trust)
            if not report.accepted:
                raise ResultNotVerifiedError(report.citizen_message("en"))
            verification = report.to_dict()
    sha256 = services.attachments.put(pdf)
    record = {"kind": kind, "sha256": sha256, "size": len(pdf), "created_at": now.isoformat(), "signed": sign,
              "event_seq": len(dossier.events), "title": layout.title, "verification": verification}
    dossier.extra.setdefault("documents", []).append(record)
    return record


def documents_of(dossier: Dossier, kind: str | None = None) -> list[dict[str, Any]]:
    return [d for d in dossier.extra.get("documents", []) if kind is None or d["kind"] == kind]
