"""The starter eForm of an imported procedure: the applicant's page, autofilled from identity.

Plain eForm dialect only (the fields the shipped procedures use). An organisation applying gets
its own page, shown when the applicant says they act for one.
"""

from __future__ import annotations

from typing import Any

_ORGANISATIONS = {"enterprise", "foreign-invested-enterprise", "cooperative", "organisation", "foreign-organisation",
                  "household-business"}


def _text(vi: str, en: str) -> dict[str, str]:
    return {"vi": vi, "en": en}


def _field(kind: str, vi: str, en: str, noun_vi: str, noun_en: str, **extra: Any) -> dict[str, Any]:
    return {"type": kind, "x-label": _text(vi, en), "x-noun": _text(noun_vi, noun_en), **extra}


ADDRESS: dict[str, Any] = {
    "type": "object", "x-widget": "address", "required": ["province_code", "commune_code", "street"],
    "properties": {
        "province_code": _field("string", "Tỉnh/thành phố", "Province or city", "tỉnh/thành phố", "province",
                                pattern="^[0-9]{2}$"),
        "commune_code": _field("string", "Xã/phường/đặc khu", "Commune or ward", "xã/phường", "commune",
                               pattern="^[0-9]{5}$"),
        "street": _field("string", "Số nhà, đường, thôn/ấp", "House number, street, hamlet", "địa chỉ chi tiết",
                         "street address", minLength=2, maxLength=200),
    },
}


def starter_form(applicant_types: list[str]) -> dict[str, Any]:
    applicant = {
        "applicant_name": _field("string", "Họ, chữ đệm và tên", "Full name", "họ và tên", "full name", maxLength=100,
                                 **{"x-autofill": {"source": "citizen.full_name", "mode": "locked"}}),
        "applicant_personal_id": _field("string", "Số định danh cá nhân", "Personal identification number",
                                        "số định danh cá nhân", "personal ID number", pattern="^[0-9]{12}$",
                                        **{"x-widget": "citizen-id",
                                           "x-autofill": {"source": "citizen.personal_id", "mode": "locked"}}),
        "applicant_phone": _field("string", "Số điện thoại", "Phone number", "số điện thoại", "phone number",
                                  pattern="^(0|\\+84)[0-9]{9}$",
                                  **{"x-widget": "phone", "x-autofill": {"source": "citizen.phone",
                                                                         "mode": "editable"}}),
        "applicant_email": _field("string", "Thư điện tử", "E-mail", "địa chỉ thư điện tử", "e-mail address",
                                  format="email", maxLength=254,
                                  **{"x-autofill": {"source": "citizen.email", "mode": "editable"}}),
        "applicant_address": {"$ref": "#/$defs/address", "x-label": _text("Nơi cư trú", "Place of residence"),
                              "x-noun": _text("nơi cư trú", "place of residence"),
                              "x-autofill": {"source": "citizen.current_address", "mode": "editable"}},
    }
    required = ["applicant_name", "applicant_personal_id", "applicant_phone", "applicant_address"]
    pages: list[dict[str, Any]] = [{
        "id": "applicant", "title": _text("Người nộp hồ sơ", "The applicant"),
        "intro": _text("Thông tin lấy từ Cơ sở dữ liệu quốc gia về dân cư. Vui lòng kiểm tra và sửa nếu đã thay đổi.",
                       "This information comes from the national population database. Please check it and correct "
                       "what has changed."),
        "schema": {"type": "object", "required": required, "properties": applicant},
    }]
    if _ORGANISATIONS & set(applicant_types):
        applicant["applicant_kind"] = _field(
            "string", "Người nộp hồ sơ là", "Applying as", "tư cách người nộp", "who applies",
            enum=["individual", "organisation"],
            **{"x-widget": "radio", "x-enum-labels": {"individual": _text("Cá nhân", "An individual"),
                                                      "organisation": _text("Đại diện cơ quan, tổ chức, doanh nghiệp",
                                                                            "On behalf of an organisation")}})
        required.append("applicant_kind")
        pages.append({
            "id": "organisation", "title": _text("Cơ quan, tổ chức, doanh nghiệp", "The organisation"),
            "when": {"properties": {"applicant_kind": {"const": "organisation"}}, "required": ["applicant_kind"]},
            "schema": {"type": "object", "required": ["organisation_name", "organisation_address"], "properties": {
                "organisation_name": _field("string", "Tên cơ quan, tổ chức, doanh nghiệp", "Name of the organisation",
                                            "tên tổ chức", "name of the organisation", maxLength=200),
                "organisation_address": {"$ref": "#/$defs/address", "x-label": _text("Địa chỉ trụ sở",
                                                                                     "Head office address"),
                                         "x-noun": _text("địa chỉ trụ sở", "head office address")},
            }},
        })
    return {"$defs": {"address": ADDRESS}, "pages": pages}
