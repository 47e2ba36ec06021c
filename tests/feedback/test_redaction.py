"""What the public page shows of a feedback has no personal data: names, ids, phones, e-mails, addresses."""

from __future__ import annotations

import pytest

from runtime.feedback import redact


@pytest.mark.parametrize(("text", "gone"), [
    ("Gọi tôi số 0912345678 nhé", "0912345678"),
    ("Gọi 0912 345 678 hoặc 0912.345.678", "345"),
    ("Số máy +84 912 345 678", "912"),
    ("Máy bàn (028) 3829 1234", "3829 1234"),
    ("CCCD 079190012345 của tôi", "079190012345"),
    ("CMND cũ 123456789", "123456789"),
    ("thư lan.nguyen+dvc@example.com.vn", "example"),
    ("Hồ sơ 000.26.743.H79-260301-0001 trễ hạn", "000.26.743.H79-260301-0001"),
    ("Hồ sơ 000.26.743.H79-260301-10001 trễ hạn", "000.26.743.H79"),  # the 10,001st dossier of a day
    ("Nhà tôi ở 42/22 Nguyễn Huệ, phường Sài Gòn", "Nguyễn Huệ"),
    ("Tôi ở số 5 đường Đồng Khởi", "Đồng Khởi"),
    ("Tôi là Trần Văn Bình, xin hỏi", "Trần Văn Bình"),
    ("bà Lê Thị Hoa đã nộp", "Lê Thị Hoa"),
    ("My name is John Smith and I waited", "John Smith"),
    ("I live at 12 Baker Street", "Baker"),
])
def test_personal_data_in_the_text_is_removed(text, gone):
    assert gone not in redact(text)


def test_known_names_and_values_are_removed_whatever_the_case_or_diacritics():
    text = "NGUYEN THI LAN nộp hồ sơ; chị nguyễn thị lan chờ lâu. Mã định danh 079-190-012-345."
    out = redact(text, names=["Nguyễn Thị Lan"], values=["079190012345"])
    assert "lan" not in out.casefold() and "012" not in out
    assert out.count("[họ tên đã ẩn]") == 2


def test_what_is_removed_is_shown_as_removed_and_the_rest_is_kept():
    out = redact("Tôi là Trần Văn Bình, gọi 0912345678. Thủ tục cần 15 ngày làm việc và lệ phí 8.000 đ.")
    assert out == ("Tôi là [họ tên đã ẩn], gọi [số điện thoại đã ẩn]. "
                   "Thủ tục cần 15 ngày làm việc và lệ phí 8.000 đ.")


def test_ordinary_numbers_dates_and_sentences_are_kept():
    text = "Ngày 12/3/2026 tôi nộp 2 bản sao, chờ 10 ngày, năm 2026 phường Bến Thành. Anh ấy nói vậy."
    assert redact(text) == text


def test_placeholders_follow_the_language_asked():
    assert redact("call 0912345678", lang="en") == "call [phone number removed]"
