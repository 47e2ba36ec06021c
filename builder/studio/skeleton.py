"""The smallest complete procedure a new draft starts from (the administrator fills it in)."""

from __future__ import annotations

import datetime as dt
from typing import Any


def _t(vi: str, en: str) -> dict[str, str]:
    return {"vi": vi, "en": en}


def new_document(code: str, name_vi: str, name_en: str, today: dt.date | None = None) -> dict[str, Any]:
    """A valid definition: one case, one page with the applicant's name, receive → decide → done."""
    today = today or dt.date.today()
    return {
        "$schema": "urn:motcua:schema:procedure:1",
        "code": code,
        "version": "1",
        "name": _t(name_vi, name_en),
        "sector": {"code": "chua-phan-loai", "name": _t("Chưa phân loại", "Unclassified")},
        "level": ["commune"],
        "agency_kind": {"id": "commune-peoples-committee",
                        "name": _t("Ủy ban nhân dân cấp xã", "Commune People's Committee")},
        "applicant_types": ["citizen"],
        "channels": ["online", "in-person"],
        "online_level": "full",
        "effective_from": today.isoformat(),
        "effective_to": None,
        "cases": [{
            "id": "default",
            "name": _t("Trường hợp chung", "General case"),
            "form": {"pages": [{
                "id": "applicant",
                "title": _t("Người nộp hồ sơ", "The applicant"),
                "schema": {"type": "object", "required": ["applicant_name"], "properties": {
                    "applicant_name": {"type": "string", "maxLength": 100,
                                       "x-label": _t("Họ, chữ đệm và tên", "Full name"),
                                       "x-noun": _t("họ và tên", "full name"),
                                       "x-autofill": {"source": "citizen.full_name", "mode": "locked"}}}},
            }]},
            "components": [],
            "fees": {"items": []},
            "time_limit": {"amount": 3, "unit": "working-days"},
        }],
        "processing": {
            "start": "receive",
            "steps": [
                {"id": "receive", "name": _t("Tiếp nhận hồ sơ", "Receive the dossier"), "role": "receiver",
                 "status": 1, "duration": {"amount": 4, "unit": "working-hours"},
                 "actions": [{"id": "accept", "name": _t("Tiếp nhận", "Accept"), "kind": "accept",
                              "to": "decide", "slip": "01"}]},
                {"id": "decide", "name": _t("Xem xét, quyết định", "Decide"), "role": "leader", "status": 4,
                 "duration": {"amount": 2, "unit": "working-days"},
                 "actions": [{"id": "approve", "name": _t("Phê duyệt", "Approve"), "kind": "approve", "to": "done"},
                             {"id": "refuse", "name": _t("Từ chối", "Refuse"), "kind": "refuse", "to": "refused",
                              "slip": "03", "requires": ["comment"]}]},
                {"id": "done", "name": _t("Hoàn thành", "Done"), "role": "receiver", "status": 10, "end": True},
                {"id": "refused", "name": _t("Từ chối", "Refused"), "role": "receiver", "status": 3, "end": True},
            ],
        },
    }
