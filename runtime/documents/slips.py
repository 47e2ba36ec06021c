"""The content of the slips of Circular 01/2018/TT-VPCP.

01 receipt and appointment, 02 supplement request, 03 refusal, 04 apology and
new appointment date, 05 process control sheet. The result issued at the end is
laid out by its case's template (:mod:`runtime.documents.results`).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from ..agencies import Agency
from ..definitions.model import Case, Procedure
from ..dossiers.model import Dossier
from . import words
from .context import place_of
from .pdf import SlipContent

VN = ZoneInfo("Asia/Ho_Chi_Minh")

SLIP_TITLES = {
    "01": ("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", "Receipt and appointment slip"),
    "02": ("PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", "Request to supplement the dossier"),
    "03": ("PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ", "Refusal to receive the dossier"),
    "04": ("PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ", "Apology and new appointment date"),
    "05": ("PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ", "Process control sheet"),
}


def _when(moment: dt.datetime | None) -> str:
    return "—" if moment is None else words.moment(moment)


def _place_and_date(agency: Agency, now: dt.datetime) -> str:
    """ "Phường Bến Thành, ngày 02 tháng 03 năm 2026": the agency's commune (or province) and the date."""
    local = now.astimezone(VN)
    place = place_of(agency)
    return f"{place}, {words.date_long(local)}" if place else words.date_long(local).capitalize()


def _components_table(case: Case, dossier: Dossier) -> tuple[tuple[str, ...], ...]:
    files = {c.component_id: c.files for c in dossier.components}
    rows: list[tuple[str, ...]] = [("Tên giấy tờ", "Bản chính", "Bản sao", "Tệp điện tử")]
    for component in case.components:
        attached = files.get(component.id, [])
        if not attached and not component.is_required(dossier.data):
            continue
        rows.append((component.name.vi, str(component.originals), str(component.copies), str(len(attached))))
    return tuple(rows)


def build_slip(kind: str, *, dossier: Dossier, procedure: Procedure, case: Case, agency: Agency,
               now: dt.datetime, tracking_url: str | None = None, comment: str | None = None,
               new_due_at: dt.datetime | None = None) -> SlipContent:
    """The content of slip ``kind`` ("01"–"05") for ``dossier`` (results: :mod:`.results`)."""
    applicant = dossier.applicant
    common = (("Mã hồ sơ", dossier.reference or "—"), ("Thủ tục", procedure.name.vi),
              ("Người nộp hồ sơ", applicant.full_name))
    fee_total = int((dossier.fees or {}).get("total", 0))
    title, subtitle = SLIP_TITLES[kind]
    rows: list[tuple[str, str]] = list(common)
    paragraphs: list[str] = []
    table: tuple[tuple[str, ...], ...] = ()
    signer = "NGƯỜI TIẾP NHẬN HỒ SƠ"
    if kind == "01":
        rows += [("Số định danh cá nhân", applicant.personal_id or "—"), ("Số điện thoại", applicant.phone or "—"),
                 ("Trường hợp", case.name.vi), ("Thời gian nhận hồ sơ", _when(dossier.received_at)),
                 ("Thời gian trả kết quả", _when(dossier.due_at)), ("Phí, lệ phí", words.money(fee_total))]
        table = _components_table(case, dossier)
        paragraphs.append("Vào sổ theo dõi hồ sơ. Người nộp có thể tra cứu tiến độ bằng mã hồ sơ "
                          "hoặc mã QR dưới đây.")
    elif kind in ("02", "03"):
        reason = comment or "—"
        paragraphs.append(("Nội dung cần bổ sung, hoàn thiện: " if kind == "02" else "Lý do từ chối: ") + reason)
        if kind == "02":
            paragraphs.append("Thời gian giải quyết tạm dừng cho đến khi người nộp bổ sung đủ hồ sơ.")
    elif kind == "04":
        rows += [("Thời gian hẹn trả kết quả trước đây", _when(dossier.due_at if new_due_at is None else None)),
                 ("Thời gian hẹn trả kết quả mới", _when(new_due_at or dossier.due_at))]
        paragraphs.append("Cơ quan xin lỗi ông/bà vì đã trả kết quả chậm so với thời hạn. Lý do: " + (comment or "—"))
        signer = "THỦ TRƯỞNG CƠ QUAN"
    elif kind == "05":
        rows += [("Thời gian nhận hồ sơ", _when(dossier.received_at)), ("Hẹn trả kết quả", _when(dossier.due_at))]
        history = tuple((_when(e.at), e.to_step or "", e.actor, e.action) for e in dossier.events)
        table = (("Thời gian", "Bước", "Người xử lý", "Hành động"), *history)
        signer = ""
    return SlipContent(
        agency=agency.name_vi, title=title, subtitle=subtitle, number=f"{dossier.reference}/{kind}",
        place_and_date=_place_and_date(agency, now), rows=tuple(rows), table_title="Thành phần hồ sơ:"
        if kind == "01" else ("Quá trình giải quyết:" if kind == "05" else ""), table=table,
        paragraphs=tuple(paragraphs), signer_title=signer, qr_url=tracking_url,
        qr_caption="Tra cứu hồ sơ / Track this dossier", footer=f"{procedure.code} · {procedure.short_hash}")
