"""A test procedure that uses every kind of field, condition and alternative the forms support."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from ..definitions.helpers import minimal

CODE = "9.000002"


def _t(vi: str, en: str) -> dict[str, str]:
    return {"vi": vi, "en": en}


def _f(kind: str, vi: str, en: str, noun_vi: str, noun_en: str, **more: Any) -> dict[str, Any]:
    return {"type": kind, "x-label": _t(vi, en), "x-noun": _t(noun_vi, noun_en), **more}


APPLICANT = {
    "type": "object",
    "required": ["full_name", "birth_date", "applicant_kind"],
    "properties": {
        "full_name": _f("string", "Họ và tên", "Full name", "họ và tên", "full name", maxLength=100),
        "personal_id": _f("string", "Số định danh cá nhân", "Personal ID number", "số định danh cá nhân",
                          "personal ID number", pattern="^[0-9]{12}$", **{"x-widget": "citizen-id"}),
        "birth_date": _f("string", "Ngày sinh", "Date of birth", "ngày sinh", "date of birth",
                         format="date", **{"x-widget": "date"}),
        "phone": _f("string", "Số điện thoại", "Phone number", "số điện thoại", "phone number",
                    pattern="^(0|\\+84)[0-9]{9}$", **{"x-widget": "phone"}),
        "contact_email": _f("string", "Thư điện tử", "E-mail", "thư điện tử", "e-mail address",
                            format="email"),
        "applicant_kind": _f("string", "Bạn nộp với tư cách", "You apply as", "tư cách người nộp",
                             "who you apply as", enum=["person", "company"], **{
                                 "x-widget": "radio", "x-enum-labels": {
                                     "person": _t("Cá nhân", "A person"),
                                     "company": _t("Doanh nghiệp", "A company")}}),
        "wants_post": _f("boolean", "Nhận kết quả qua bưu điện", "Receive the result by post",
                         "nhận qua bưu điện", "receiving by post", **{"x-widget": "checkbox"}),
    },
    "anyOf": [{"properties": {"phone": {"minLength": 1}}, "required": ["phone"]},
              {"properties": {"contact_email": {"minLength": 1}}, "required": ["contact_email"]}],
    "oneOf": [
        {"properties": {"applicant_kind": {"const": "person"}}},
        {"properties": {"applicant_kind": {"const": "company"},
                        "company_name": _f("string", "Tên doanh nghiệp", "Company name",
                                           "tên doanh nghiệp", "company name", maxLength=200),
                        "tax_code": _f("string", "Mã số thuế", "Tax code", "mã số thuế", "tax code",
                                       pattern="^([0-9]{10}(-[0-9]{3})?|[0-9]{12})$",
                                       **{"x-widget": "tax-code"})},
         "required": ["company_name", "tax_code"]},
    ],
    "dependentSchemas": {"wants_post": {
        "properties": {"postal_address": _f("string", "Địa chỉ nhận", "Postal address",
                                            "địa chỉ nhận", "postal address", minLength=5,
                                            maxLength=200, **{"x-widget": "textarea"})},
        "required": ["postal_address"]}},
}

HOUSEHOLD = {
    "type": "object",
    "required": ["members"],
    "properties": {
        "members": _f("array", "Thành viên hộ gia đình", "Household members", "thành viên",
                      "household member", minItems=1, maxItems=5, items={
                          "type": "object", "required": ["member_name", "birth_year"],
                          "properties": {
                              "member_name": _f("string", "Họ và tên", "Full name",
                                                "họ và tên thành viên", "member's full name",
                                                maxLength=100),
                              "birth_year": _f("integer", "Năm sinh", "Year of birth", "năm sinh",
                                               "year of birth", minimum=1900, maximum=2030,
                                               **{"x-widget": "number"})}},
                      **{"x-widget": "repeat", "x-item-label": _t("Thành viên", "Member")}),
        "other_phones": _f("array", "Số điện thoại khác", "Other phone numbers", "số điện thoại khác",
                           "other phone number", maxItems=3,
                           items={"type": "string", "pattern": "^(0|\\+84)[0-9]{9}$",
                                  "x-widget": "phone"},
                           **{"x-widget": "repeat", "x-item-label": _t("Số điện thoại", "Phone")}),
        "has_income": _f("boolean", "Hộ có thu nhập", "The household has an income", "thu nhập",
                         "income", **{"x-widget": "checkbox"}),
    },
}

INCOME = {
    "type": "object",
    "required": ["monthly_income", "home"],
    "properties": {
        "monthly_income": _f("integer", "Thu nhập hằng tháng", "Monthly income", "thu nhập hằng tháng",
                             "monthly income", minimum=0, maximum=1_000_000_000,
                             **{"x-widget": "money"}),
        "income_sources": _f("array", "Nguồn thu nhập", "Sources of income", "nguồn thu nhập",
                             "sources of income", uniqueItems=True,
                             items={"type": "string", "enum": ["salary", "business", "pension"]},
                             **{"x-widget": "checkboxes", "x-enum-labels": {
                                 "salary": _t("Tiền lương", "Salary"),
                                 "business": _t("Kinh doanh", "Business"),
                                 "pension": _t("Lương hưu", "Pension")}}),
        "home": {"$ref": "#/$defs/address", "x-label": _t("Nơi ở", "Home"),
                 "x-noun": _t("nơi ở", "home address")},
    },
}

ADDRESS = {
    "type": "object", "x-widget": "address", "required": ["province_code", "commune_code", "street"],
    "properties": {
        "province_code": _f("string", "Tỉnh/thành phố", "Province or city", "tỉnh/thành phố",
                            "province", pattern="^[0-9]{2}$"),
        "commune_code": _f("string", "Xã/phường", "Commune or ward", "xã/phường", "commune",
                           pattern="^[0-9]{5}$"),
        "street": _f("string", "Số nhà, đường", "House number and street", "số nhà, đường",
                     "street address", minLength=2, maxLength=200),
    },
}


def document() -> dict[str, Any]:
    """The test procedure: 3 pages, the third shown only when the household has an income."""
    doc = minimal()
    doc["code"] = CODE
    doc["name"] = _t("Thủ tục thử nghiệm biểu mẫu", "Form test procedure")
    case = doc["cases"][0]
    case["components"] = [{"id": "document", "name": _t("Giấy tờ", "Document"), "originals": 1,
                           "copies": 0}]
    case["fees"] = {"items": [{"id": "base", "name": _t("Lệ phí", "Charge"), "kind": "fixed",
                               "amount": 10000}]}
    case["form"] = copy.deepcopy({"$defs": {"address": ADDRESS}, "pages": [
        {"id": "applicant", "title": _t("Người nộp", "The applicant"), "schema": APPLICANT},
        {"id": "household", "title": _t("Hộ gia đình", "The household"), "schema": HOUSEHOLD},
        {"id": "income", "title": _t("Thu nhập", "Income"), "schema": INCOME,
         "when": {"properties": {"has_income": {"const": True}}, "required": ["has_income"]}},
    ]})
    return doc


def write(folder: Path, doc: dict[str, Any] | None = None) -> Path:
    """Write the procedure as ``folder/<code>/procedure.json``; return the catalog folder."""
    target = folder / CODE
    target.mkdir(parents=True, exist_ok=True)
    (target / "procedure.json").write_text(json.dumps(doc or document(), ensure_ascii=False, indent=1),
                                           encoding="utf-8")
    return folder
