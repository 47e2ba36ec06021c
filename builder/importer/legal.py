"""Legal basis (căn cứ pháp lý): number, title, issuer and date, split even when run together.

The crawl writes "Tên văn bản pháp lýMã văn bản" and then each title followed by its code with
nothing between ("…Luật Hộ tịch123/2015/NĐ-CPThông tư…"). Rules: a document code is
number[/year]/kind-issuer; the code that closes an entry is one at the end of the text or run into
the next title (a capital straight after it); a code inside a title is followed by a space. The
issuer is read from the code's suffix, the date from "ngày dd/mm/yyyy" or "ngày d tháng m năm y"
after the code in the title.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from .report import FieldReport, Status
from .text import one_line

_HEADER = "Tên văn bản pháp lýMã văn bản"
_UPPER = r"(?:TTg|[A-ZĐ]+)"
_CODE = re.compile(r"(\d{1,4}/(?:\d{4}/)?" + _UPPER + r"(?:-" + _UPPER + r")*(?:(?<=QH)\d{2})?)")


def _codes(body: str):
    """(start, end, code) of each document code; a capital run into the next title's word is given back."""
    for match in _CODE.finditer(body):
        end = match.end()
        while end < len(body) and body[end].islower() and body[end - 1].isupper() and end - match.start() > 6 \
                and body[end - 2] != "T":
            end -= 1
        yield match.start(), end, body[match.start():end]
_ISSUERS = (("UBTVQH", "Ủy ban Thường vụ Quốc hội"), ("NĐ-CP", "Chính phủ"), ("NQ-CP", "Chính phủ"),
            ("QĐ-TTg", "Thủ tướng Chính phủ"), ("CT-TTg", "Thủ tướng Chính phủ"), ("L-CTN", "Chủ tịch nước"),
            ("QH", "Quốc hội"), ("-BTC", "Bộ Tài chính"), ("-BTP", "Bộ Tư pháp"), ("-BCA", "Bộ Công an"),
            ("-BQP", "Bộ Quốc phòng"), ("-BNG", "Bộ Ngoại giao"), ("-BXD", "Bộ Xây dựng"), ("-BYT", "Bộ Y tế"),
            ("-BNV", "Bộ Nội vụ"), ("-NHNN", "Ngân hàng Nhà nước Việt Nam"), ("-BKHCN", "Bộ Khoa học và Công nghệ"),
            ("-BGDĐT", "Bộ Giáo dục và Đào tạo"), ("-BCT", "Bộ Công Thương"), ("-BGTVT", "Bộ Giao thông vận tải"),
            ("-BNNMT", "Bộ Nông nghiệp và Môi trường"), ("-BLĐTBXH", "Bộ Lao động - Thương binh và Xã hội"),
            ("-TANDTC", "Tòa án nhân dân tối cao"), ("-VKSNDTC", "Viện kiểm sát nhân dân tối cao"))
_DATE = re.compile(r"ngày\s*(\d{1,2})\s*(?:/|tháng)\s*(\d{1,2})\s*(?:/|năm)\s*(\d{4})", re.IGNORECASE)
_KINDS = ("Luật", "Bộ luật", "Nghị định", "Nghị quyết", "Thông tư liên tịch", "Thông tư", "Quyết định", "Chỉ thị",
          "Pháp lệnh", "Lệnh", "Văn bản hợp nhất")


@dataclass
class LegalDocument:
    number: str
    title: str
    issuer: str = ""
    issued_on: str = ""
    status: Status = "parsed"
    why: str = ""
    source: str = ""

    def to_definition(self) -> dict[str, Any]:
        from .text import bilingual

        raw: dict[str, Any] = {"number": self.number, "title": bilingual(self.title)}
        if self.issuer:
            raw["issuer"] = self.issuer
        if self.issued_on:
            raw["issued_on"] = self.issued_on
        return raw


def issuer_of(number: str) -> str:
    return next((name for suffix, name in _ISSUERS if suffix in number), "")


def date_after(title: str, number: str) -> str:
    """The date that follows the document's own number in its title, as ISO, or ""."""
    at = title.find(number)
    match = _DATE.search(title, at + len(number)) if at >= 0 else None
    if not match or match.start() - (at + len(number)) > 12:
        return ""
    day, month, year = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return ""


def _document(title: str, number: str, source: str) -> LegalDocument:
    title = one_line(title).strip(" .;:-")
    status: Status = "parsed"
    why = ""
    if not title or title in _KINDS or title.rstrip(" số") in _KINDS:
        kind = title.rstrip(" số") or "Văn bản"
        title, status, why = f"{kind} {number}", "guessed", "no title: the kind and number stand in for it"
    issuer = issuer_of(number)
    if not issuer:
        status, why = ("guessed", why or "issuer not known from the number")
    return LegalDocument(number, title, issuer, date_after(title, number), status, why, source)


def legal_from_text(text: str) -> list[LegalDocument]:
    body = one_line(text)
    if body.startswith(_HEADER):
        body = body[len(_HEADER):]
    documents: list[LegalDocument] = []
    start = 0
    for begin, end, code in _codes(body):
        after = body[end:end + 1]
        closes = after == "" or (not after.isspace() and not after.islower() and after not in ",;:)/")
        if not closes or begin < start:
            continue
        title = body[start:begin]
        start = end
        if documents and documents[-1].number == code and not title.strip():
            continue  # the code column repeating the number the title ended with
        documents.append(_document(title, code, body[begin - len(title):end]))
    if body[start:].strip() and not documents:
        documents.append(LegalDocument("", one_line(body[start:]), status="review", why="no document number found",
                                       source=body[start:]))
    return documents


def legal_from_portal(details: list[dict[str, Any]]) -> list[LegalDocument]:
    out = []
    for raw in details:
        number, name = one_line(raw.get("code")), one_line(raw.get("name"))
        out.append(_document(name if name != number else "", number, f"{name} | {number}"))
    return out


def legal_report(documents: list[LegalDocument], source: str) -> FieldReport:
    report = FieldReport("parsed" if documents else "review", source, len(documents),
                         "" if documents else "no legal document found")
    for d in documents:
        report.items.append(FieldReport(d.status, d.source, {"number": d.number, "title": d.title,
                                                             "issuer": d.issuer, "issued_on": d.issued_on}, d.why))
    return report
