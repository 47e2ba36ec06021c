"""The national status codes (1–10) every dossier reports to the national public service portal."""

from __future__ import annotations

#: Code → machine name (the status API and the portal messages carry both).
NATIONAL_STATUS = {
    1: "newly_registered", 2: "accepted", 3: "not_accepted", 4: "in_progress", 5: "supplement_requested",
    6: "financial_obligation_requested", 7: "withdrawn", 8: "handling_stopped", 9: "handling_finished",
    10: "result_returned",
}

#: Code → the portal's Vietnamese label.
NATIONAL_LABEL_VI = {
    1: "Mới đăng ký", 2: "Được tiếp nhận", 3: "Không được tiếp nhận", 4: "Đang xử lý",
    5: "Yêu cầu bổ sung giấy tờ", 6: "Yêu cầu thực hiện nghĩa vụ tài chính", 7: "Công dân yêu cầu rút hồ sơ",
    8: "Dừng xử lý", 9: "Đã xử lý xong", 10: "Đã trả kết quả",
}
