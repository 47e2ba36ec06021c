"""Starter eForm fields from what a record says its form template asks for.

A record does not carry its form templates' content, but a component that is a form (it has a
template file, or is named as one: "Tờ khai…", "Đơn…", "Văn bản đề nghị…", "(Mẫu số…)") often
says what the form must state: "…trong đó ghi rõ họ tên, số định danh cá nhân…, lý do, số lượng,
chủng loại…". Rules: the clause after "ghi rõ" / "nêu rõ" / "gồm các thông tin" up to the end of
its sentence is split at commas and semicolons; each part that names a kind of information
(a vocabulary of the words forms use: name, date of birth, identity number, address, reason,
quantity…) becomes one optional field (``form_<kind>``) labelled with the record's own words. Everything added is
marked for review (the page's title and each field's help say so; the report says "guessed").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .components import Component
from .text import one_line

MAX_FIELDS = 20
_FORM = re.compile(r"^(Tờ khai|Đơn\b|Văn bản (đề nghị|yêu cầu)|Giấy đề nghị|Phiếu (yêu cầu|đề nghị)|Bản khai)"
                   r"|\(?Mẫu (số|[A-Z]{1,3}\d)", re.IGNORECASE)
_CLAUSE = re.compile(r"(?:ghi rõ|nêu rõ|gồm các thông tin|gồm các nội dung)\s*:?\s*(.+?)"
                     r"(?:\.(?=\s*[A-ZĐ(*]|\s*$)|\(Mẫu|\*|$)", re.IGNORECASE | re.DOTALL)
_PART = re.compile(r"\s*[;,]\s*|\s+và\s+(?=(?:số|lý do|ngày|địa chỉ|họ)\b)")


@dataclass(frozen=True)
class Kind:
    pattern: re.Pattern[str]
    name: str
    en: str
    schema: dict[str, Any]


def _kind(pattern: str, name: str, en: str, **schema: Any) -> Kind:
    return Kind(re.compile(pattern, re.IGNORECASE), name, en, {"type": "string", "maxLength": 200, **schema})


#: The kinds of information forms ask for, most specific first (the first that matches a part wins).
VOCABULARY: tuple[Kind, ...] = (
    _kind(r"ngày,?\s*tháng,?\s*năm sinh|^ngày sinh|^năm sinh", "date_of_birth", "Date of birth",
          format="date", **{"x-widget": "date", "maxLength": 10}),
    _kind(r"^giới tính", "sex", "Sex", enum=["nam", "nu"], maxLength=3,
          **{"x-widget": "radio", "x-enum-labels": {"nam": {"vi": "Nam", "en": "Male"},
                                                    "nu": {"vi": "Nữ", "en": "Female"}}}),
    _kind(r"^(số\s+)?(định danh|căn cước|chứng minh)", "identity_number", "Identity or passport number",
          maxLength=20),
    _kind(r"^(số\s+)?hộ chiếu", "passport_number", "Passport number", maxLength=20),
    _kind(r"^mã số (doanh nghiệp|thuế)", "tax_code", "Enterprise or tax code", maxLength=14),
    _kind(r"^quốc tịch", "nationality", "Nationality", maxLength=100),
    _kind(r"^dân tộc", "ethnicity", "Ethnicity", maxLength=100),
    _kind(r"^nơi sinh", "place_of_birth", "Place of birth", maxLength=300),
    _kind(r"^nơi đi", "from_place", "From", maxLength=300),
    _kind(r"^nơi đến", "to_place", "To", maxLength=300),
    _kind(r"^(địa chỉ|trụ sở|nơi cư trú|chỗ ở|địa điểm)|^thông tin về (chỗ ở|nơi ở)", "address", "Address",
          maxLength=300),
    _kind(r"^họ,?\s*(chữ đệm,?\s*)?(và\s*)?tên", "full_name", "Full name", maxLength=100),
    _kind(r"^tên\b", "organisation_name", "Name", maxLength=300),
    _kind(r"^người\b", "person", "Person concerned", maxLength=300),
    _kind(r"^chức vụ", "position", "Position", maxLength=200),
    _kind(r"^trình độ", "qualification", "Qualification", maxLength=300),
    _kind(r"^lý do", "reason", "Reason", maxLength=2000, **{"x-widget": "textarea"}),
    _kind(r"^(nội dung|ý kiến)", "content", "Content", maxLength=2000, **{"x-widget": "textarea"}),
    _kind(r"^(số lượng|khối lượng)", "quantity", "Quantity", maxLength=100),
    _kind(r"^chủng loại", "item_kind", "Kind of item", maxLength=300),
    _kind(r"^nhãn hiệu", "brand", "Brand", maxLength=200),
    _kind(r"^(số hiệu|ký hiệu|số khung|số máy)", "serial_number", "Serial number or mark", maxLength=200),
    _kind(r"^(nước sản xuất|xuất xứ|nguồn gốc)", "origin", "Origin", maxLength=300),
    _kind(r"^biển (kiểm soát|số)", "plate_number", "Licence plate", maxLength=20),
    _kind(r"^phương tiện", "vehicle", "Vehicle", maxLength=300),
    _kind(r"^thời (gian|hạn)", "period", "Period", maxLength=200),
    _kind(r"^tuyến đường", "route", "Route", maxLength=300),
    _kind(r"^số\b", "document_number", "Document number", maxLength=100),
)
#: Parts that state an exception or a condition, not something to fill in.
_NOT_A_FIELD = re.compile(r"^(trừ|trong trường hợp|trường hợp|nếu|đối với|kèm theo|bản sao|theo mẫu)\b", re.IGNORECASE)


@dataclass
class TemplateFields:
    fields: dict[str, dict[str, Any]]
    sources: list[str]
    """The clauses the fields were read from (for the report)."""
    templates: list[str]


def is_form(component: Component) -> bool:
    return bool(component.template) or bool(_FORM.search(component.name))


def _label(part: str) -> str:
    text = one_line(part).strip(" :-–")
    return (text[:1].upper() + text[1:])[:120]


def template_fields(components: Iterable[Component]) -> TemplateFields:
    """The fields the case's forms name (see the module's docstring); empty when none can be told.

    A part naming no kind of information continues the label of the part before it ("ý kiến đồng
    ý của cha, mẹ hoặc người giám hộ"); a part stating an exception ("trừ trường hợp…") ends the list.
    """
    found = TemplateFields({}, [], [])
    for component in components:
        if not is_form(component):
            continue
        for clause in _CLAUSE.finditer(component.name):
            labels: dict[str, str] = {}
            for part in _PART.split(clause.group(1)):
                part = part.strip()
                if _NOT_A_FIELD.match(part) or len(part) > 150:
                    break
                kind = next((k for k in VOCABULARY if k.pattern.search(part)), None) if part else None
                if kind is None:
                    if part and labels:
                        last = next(reversed(labels))
                        labels[last] = f"{labels[last]}, {part}"
                    continue
                name = f"form_{kind.name}"
                if name not in found.fields and name not in labels and len(found.fields) + len(labels) < MAX_FIELDS:
                    labels[name] = part
            by_name = {f"form_{k.name}": k for k in VOCABULARY}
            for name, part in labels.items():
                label, kind = _label(part), by_name[name]
                found.fields[name] = {
                    **kind.schema, "x-label": {"vi": label, "en": kind.en},
                    "x-noun": {"vi": label.lower()[:100], "en": kind.en.lower()},
                    "x-help": {"vi": f"Đọc từ hồ sơ quốc gia: «{one_line(clause.group(0))[:300]}» — cần rà soát",
                               "en": "Read from the national record's description of the form — for review"},
                }
            if labels:
                found.sources.append(one_line(clause.group(0))[:600])
                found.templates.append(component.template or component.name[:120])
    return found


def template_page(found: TemplateFields) -> dict[str, Any]:
    """The eForm page holding the fields read from the form template, marked for review."""
    names = "; ".join(dict.fromkeys(found.templates))[:300]
    return {
        "id": "template-fields",
        "title": {"vi": "Nội dung theo mẫu tờ khai (cần rà soát)", "en": "From the form template (for review)"},
        "intro": {"vi": f"Các trường dưới đây được đoán từ mô tả mẫu đơn, tờ khai trong hồ sơ quốc gia ({names}). "
                        "Người quản trị cần kiểm tra, sửa hoặc xoá trước khi gửi duyệt.",
                  "en": "The fields below were guessed from the national record's description of its form "
                        f"template ({names}). An administrator must check, correct or remove them before "
                        "sending the procedure for review."},
        "schema": {"type": "object", "properties": found.fields},
    }
