"""Synthetic national-catalogue records in the crawl's flattened shape (written for the tests, not copied)."""

from __future__ import annotations

import copy
from typing import Any

HEADER = "Hình thức nộpThời gianPhí, lệ phíMô tả"
TABLE = "Tên giấy tờMẫu đơn, tờ khaiSố lượng"

CRAWLED: dict[str, Any] = {
    "ma_thu_tuc": "9.000001",
    "detail_url": "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/test",
    "ten_thu_tuc": "Đăng ký thử nghiệm việc nuôi chim cảnh",
    "so_quyet_dinh": "1/QĐ-BTP",
    "cap_thuc_hien": "Cấp xã",
    "linh_vuc": "Hộ tịch",
    "doi_tuong_thuc_hien": "Công dân Việt Nam, Tổ chức (không bao gồm doanh nghiệp, HTX), Tổ chức nước ngoài",
    "co_quan_thuc_hien": "Ủy ban Nhân dân xã, phường, đặc khu.",
    "co_quan_co_tham_quyen": "",
    "dia_chi_tiep_nhan": "",
    "cach_thuc_thuc_hien": HEADER + "Trực tiếp5 Ngày làm việc20,000 Việt Nam Đồng(/hồ sơ)Nộp tại bộ phận một cửa."
                           "Trực tuyến3 Ngày làm việcMiễn phí",
    "thanh_phan_ho_so": "* Giấy tờ phải nộp:" + TABLE + "Tờ khai đăng ký theo mẫu ban hành kèm theo Thông tư."
                        "TK01.docx1 bản chínhẢnh chân dung 4x6 cm (02 ảnh)2 bản chính"
                        "* Giấy tờ phải xuất trình:" + TABLE + "Thẻ căn cước của người yêu cầu1 bản chính"
                        "* Lưu ý:" + TABLE + "Người tiếp nhận kiểm tra, đối chiếu và trả lại giấy tờ.0 bản chính",
    "can_cu_phap_ly": "Tên văn bản pháp lýMã văn bảnLuật Hộ tịch60/2014/QH13Nghị định số 123/2015/NĐ-CP ngày "
                      "15/11/2015 của Chính phủ quy định chi tiết Luật Hộ tịch123/2015/NĐ-CPThông tư quy định mức "
                      "thu lệ phí281/2016/TT-BTC",
    "ket_qua_xu_ly": "Giấy chứng nhận đăng ký thử nghiệmMã: KQ.G15.000999Từ khóaKhông có thông tinMô tả",
    "trinh_tu_thuc_hien": "Bước 1: Người yêu cầu nộp hồ sơ.\nBước 2: Công chức kiểm tra và trình ký.",
    "yeu_cau_dieu_kien": "Không có thông tin",
}


def crawled(**changes: Any) -> dict[str, Any]:
    record = copy.deepcopy(CRAWLED)
    record.update(changes)
    return record
