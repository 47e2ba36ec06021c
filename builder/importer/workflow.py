"""The default processing of an imported procedure: receive → examine → approve → hand over.

The case's time limit is split across the steps (10 % receiving, 55 % examining, 25 % approving,
10 % handing over); the first step finds its agency from the applicant's address at the level of
the agency kind; the examining role follows the sector.
"""

from __future__ import annotations

from typing import Any

from runtime.agencies.kinds import KINDS

SHARES = {"receive": 0.10, "examine": 0.55, "approve": 0.25, "hand-over": 0.10}
_ROLES = (("hộ tịch", "civil-status-officer"), ("chứng thực", "civil-status-officer"),
          ("cư trú", "residence-officer"), ("xây dựng", "construction-officer"),
          ("kinh doanh", "business-registration-officer"))


def _t(vi: str, en: str) -> dict[str, str]:
    return {"vi": vi, "en": en}


def examiner_role(sector: str) -> str:
    low = sector.lower()
    return next((role for word, role in _ROLES if word in low), "specialist")


def step_durations(amount: float, unit: str) -> dict[str, dict[str, Any]]:
    """Each step's share of the time limit, never zero."""
    out = {}
    for step, share in SHARES.items():
        value = round(amount * share, 2)
        if unit == "working-days" and value < 0.25:  # too short in days: count it in working hours
            out[step] = {"amount": max(round(amount * 8 * share, 2), 0.5), "unit": "working-hours"}
        else:
            out[step] = {"amount": max(value, 0.01), "unit": unit}
    return out


def default_processing(agency_kind: str, sector: str, amount: float, unit: str) -> dict[str, Any]:
    kind = KINDS.get(agency_kind)
    level = kind.level if kind else "province"
    d = step_durations(amount, unit)
    supplement = {"id": "request-supplement", "name": _t("Yêu cầu bổ sung, hoàn thiện hồ sơ", "Ask for more documents"),
                  "kind": "request-supplement", "to": "awaiting-supplement", "slip": "02", "requires": ["comment"]}
    refuse = {"id": "refuse", "name": _t("Từ chối giải quyết", "Refuse"), "kind": "refuse", "to": "refused",
              "slip": "03", "requires": ["comment"]}
    steps = [
        {"id": "receive", "name": _t("Tiếp nhận và kiểm tra hồ sơ", "Receive and check the dossier"),
         "role": "receiver", "agency": {"resolve": "applicant-address", "level": level}, "duration": d["receive"],
         "status": 1, "actions": [
             {"id": "accept", "name": _t("Tiếp nhận hồ sơ", "Accept the dossier"), "kind": "accept", "to": "examine",
              "slip": "01"}, supplement, {**refuse, "name": _t("Từ chối tiếp nhận", "Refuse to receive")}]},
        {"id": "awaiting-supplement",
         "name": _t("Chờ người nộp bổ sung hồ sơ", "Waiting for the applicant's additions"),
         "role": "applicant", "status": 5, "actions": [
             {"id": "answer", "name": _t("Nộp bổ sung hồ sơ", "Send the additions"), "kind": "answer-supplement",
              "to": "receive"},
             {"id": "withdraw", "name": _t("Rút hồ sơ", "Withdraw the dossier"), "kind": "withdraw",
              "to": "withdrawn"}]},
        {"id": "examine", "name": _t("Thẩm định hồ sơ", "Examine the dossier"), "role": examiner_role(sector),
         "duration": d["examine"], "status": 4, "actions": [
             {"id": "propose", "name": _t("Trình lãnh đạo phê duyệt", "Submit for approval"), "kind": "forward",
              "to": "approve"}, supplement, refuse]},
        {"id": "approve", "name": _t("Lãnh đạo phê duyệt, ký kết quả", "The leader approves and signs the result"),
         "role": "leader", "duration": d["approve"], "status": 4, "actions": [
             {"id": "approve", "name": _t("Phê duyệt, ký kết quả", "Approve and sign"), "kind": "issue-result",
              "to": "hand-over"},
             {"id": "return", "name": _t("Trả lại để thẩm định lại", "Send back for re-examination"), "kind": "return",
              "to": "examine", "requires": ["comment"]}]},
        {"id": "hand-over", "name": _t("Trả kết quả", "Hand the result over"), "role": "receiver",
         "duration": d["hand-over"], "status": 9, "actions": [
             {"id": "hand-over", "name": _t("Trả kết quả cho người nộp", "Hand the result to the applicant"),
              "kind": "return-result", "to": "done"}]},
        {"id": "done", "name": _t("Đã trả kết quả", "Result returned"), "role": "receiver", "status": 10, "end": True},
        {"id": "refused", "name": _t("Từ chối giải quyết", "Refused"), "role": "receiver", "status": 3, "end": True},
        {"id": "withdrawn", "name": _t("Người nộp đã rút hồ sơ", "Withdrawn by the applicant"), "role": "receiver",
         "status": 7, "end": True},
    ]
    return {"start": "receive", "steps": steps}
