"""Citizen-facing texts for attachment verification, Vietnamese and English.

Kept apart from the logic in :mod:`runtime.signatures.messages` so translators
can review them; official-facing texts are in
:mod:`runtime.signatures.official_texts`. Templates are ``str.format`` strings; the fields come from
``Reason.params`` (``name``, ``field``, ``date`` as dd/mm/yyyy, ``date_iso``,
``size_mb``, ``limit_mb``, ``seconds``, ``media_type``, ``names``, ``change``,
``ids``, ``expected``/``expected_en``). A missing field renders as ``?``.
Citizen sentences are plain and specific, and say what to do ("vui lòng …").
"""

from __future__ import annotations

#: Citizen-facing sentences: key -> (vi, en).
CITIZEN: dict[str, tuple[str, str]] = {
    "pdf.not_pdf": (
        "Tệp bạn tải lên không phải là tài liệu PDF, vui lòng chọn đúng tệp PDF và tải lên lại.",
        "The file you uploaded is not a PDF document; please choose the PDF file and upload it "
        "again.",
    ),
    "pdf.too_large": (
        "Tệp có dung lượng {size_mb} MB, vượt quá mức tối đa {limit_mb} MB, vui lòng tải lên "
        "tệp có dung lượng nhỏ hơn.",
        "The file is {size_mb} MB, more than the {limit_mb} MB maximum; please upload a smaller "
        "file.",
    ),
    "pdf.timeout": (
        "Hệ thống không đọc được tệp PDF này trong thời gian cho phép, vui lòng kiểm tra lại "
        "tệp rồi tải lên lại.",
        "The system could not read this PDF in the time allowed; please check the file and "
        "upload it again.",
    ),
    "pdf.too_complex": (
        "Tệp PDF có cấu trúc quá phức tạp nên hệ thống không đọc được, vui lòng tải lên một bản "
        "PDF khác của tài liệu.",
        "The PDF is too complex for the system to read; please upload another PDF copy of the "
        "document.",
    ),
    "pdf.unreadable": (
        "Tệp PDF bị hỏng nên hệ thống không đọc được, vui lòng mở thử tệp trên máy của bạn rồi "
        "tải lên lại.",
        "The PDF is damaged and cannot be read; please check that it opens on your device and "
        "upload it again.",
    ),
    "pdf.truncated": (
        "Tệp PDF chưa được tải lên đầy đủ (bị thiếu phần cuối tệp), vui lòng tải lên lại tệp.",
        "The PDF was not uploaded completely (the end of the file is missing); please upload it "
        "again.",
    ),
    "pdf.encrypted": (
        "Tệp PDF đang được đặt mật khẩu nên không kiểm tra được, vui lòng tải lên bản không đặt "
        "mật khẩu.",
        "The PDF is protected by a password and cannot be checked; please upload a copy without "
        "a password.",
    ),
    "pdf.javascript": (
        "Tệp PDF có chứa mã lệnh tự động; tài liệu vẫn được tiếp nhận và cán bộ sẽ kiểm tra "
        "thêm.",
        "The PDF contains script code; the document is accepted and an official will check it "
        "further.",
    ),
    "pdf.launch_action": (
        "Tệp PDF có chứa lệnh mở chương trình khác; tài liệu vẫn được tiếp nhận và cán bộ sẽ "
        "kiểm tra thêm.",
        "The PDF contains a command that starts other programs; it is accepted and an official "
        "will check it further.",
    ),
    "pdf.embedded_files": (
        "Tệp PDF có đính kèm tệp khác bên trong; tài liệu vẫn được tiếp nhận và cán bộ sẽ kiểm "
        "tra thêm.",
        "The PDF has other files embedded in it; it is accepted and an official will check it "
        "further.",
    ),
    "pdf.scan_incomplete": (
        "Tệp PDF có quá nhiều thành phần để kiểm tra tự động hết; tài liệu vẫn được tiếp nhận "
        "và cán bộ sẽ kiểm tra thêm.",
        "The PDF has too many parts to check automatically; it is accepted and an official will "
        "check it further.",
    ),
    "pdf.lenient_parse": (
        "Chữ ký số đã được kiểm tra, nhưng cấu trúc tệp PDF không chuẩn; cán bộ sẽ kiểm tra "
        "thêm.",
        "The signature was checked, but the PDF structure is non-standard; an official will "
        "check it further.",
    ),
    "signature.missing": (
        "Tài liệu này chưa có chữ ký số, vui lòng ký số tài liệu rồi tải lên lại.",
        "This document has no digital signature; please sign it digitally and upload it again.",
    ),
    "signature.broken": (
        "Chữ ký số trên tài liệu bị hỏng hoặc không khớp với nội dung tệp, vui lòng tải lên bản "
        "gốc đã được ký.",
        "The digital signature is damaged or does not match the file; please upload the "
        "original signed file.",
    ),
    "signature.modified": (
        "Nội dung tài liệu đã bị thay đổi sau khi ký số nên chữ ký không còn giá trị, vui lòng "
        "tải lên bản gốc đã được ký.",
        "The document was changed after it was signed, so the signature no longer holds; please "
        "upload the original signed file.",
    ),
    "signature.certification_violated": (
        "Tài liệu đã bị thay đổi vượt quá phạm vi người chứng thực cho phép, vui lòng tải lên "
        "bản gốc đã được ký.",
        "The document was changed beyond what its certifying signer allowed; please upload the "
        "original signed file.",
    ),
    "signature.changed_after_signing": (
        "Chữ ký số hợp lệ, nhưng sau khi ký tài liệu có được điền thêm thông tin hoặc ghi chú; "
        "cán bộ sẽ xem xét các thay đổi này.",
        "The signature is valid, but form fields or notes were added after signing; an official "
        "will review these changes.",
    ),
    "signature.untrusted": (
        "Chữ ký số không do tổ chức cung cấp dịch vụ chứng thực chữ ký số được công nhận cấp, "
        "vui lòng ký lại bằng chứng thư số của nhà cung cấp được cấp phép.",
        "The signature does not come from a recognised certification authority; please sign "
        "again with a certificate from a licensed provider.",
    ),
    "signature.expired": (
        "Chứng thư số dùng để ký đã hết hạn từ ngày {date}, vui lòng ký lại tài liệu bằng chứng "
        "thư số còn hiệu lực.",
        "The signing certificate expired on {date_iso}; please sign the document again with a "
        "valid certificate.",
    ),
    "signature.not_yet_valid": (
        "Chứng thư số dùng để ký chỉ có hiệu lực từ ngày {date}, vui lòng ký lại khi chứng thư "
        "số đã có hiệu lực.",
        "The signing certificate is only valid from {date_iso}; please sign again once it is "
        "valid.",
    ),
    "signature.revoked": (
        "Chứng thư số dùng để ký đã bị thu hồi từ ngày {date}, vui lòng ký lại tài liệu bằng "
        "chứng thư số còn hiệu lực.",
        "The signing certificate was revoked on {date_iso}; please sign the document again with "
        "a valid certificate.",
    ),
    "signature.revocation_unknown": (
        "Chữ ký số hợp lệ, nhưng hệ thống chưa kiểm tra được chứng thư số có bị thu hồi hay "
        "không; cán bộ sẽ kiểm tra thêm.",
        "The signature is valid, but the system could not check whether the certificate was "
        "revoked; an official will check it.",
    ),
    "signature.wrong_signer": (
        "Tài liệu được ký bởi {name}, không phải {expected}, vui lòng nộp tài liệu có chữ ký số "
        "của {expected}.",
        "The document was signed by {name}, not by {expected_en}; please submit a document "
        "signed by {expected_en}.",
    ),
    "signature.timestamp_untrusted": (
        "Chữ ký số hợp lệ, nhưng dấu thời gian kèm theo chưa được xác thực; cán bộ sẽ kiểm tra "
        "thêm.",
        "The signature is valid, but its timestamp could not be verified; an official will "
        "check it.",
    ),
    "signature.expired_after_signing": (
        "Chữ ký số hợp lệ, nhưng chứng thư số đã hết hạn sau khi ký và thời điểm ký chưa được "
        "xác nhận; cán bộ sẽ kiểm tra thêm.",
        "The signature is valid, but the certificate has expired since signing and the signing "
        "time is not proven; an official will check it.",
    ),
    "signature.ca_expired": (
        "Chứng thư số của tổ chức chứng thực đã cấp chữ ký này đã hết hạn, vui lòng ký lại tài "
        "liệu bằng chứng thư số còn hiệu lực.",
        "The certificate of the authority that issued this signature has expired; please sign "
        "the document again with a valid certificate.",
    ),
    "signature.weak_algorithm": (
        "Chữ ký số dùng thuật toán hoặc khoá không còn đủ an toàn ({algorithm}), vui lòng ký lại "
        "tài liệu bằng phần mềm ký số cập nhật.",
        "The digital signature uses an algorithm or key that is no longer safe ({algorithm}); "
        "please sign the document again with up-to-date signing software.",
    ),
    "signature.unsigned_update": (
        "Tệp có thêm nội dung sau khi ký số nên chữ ký không còn giá trị, vui lòng tải lên bản "
        "gốc đã được ký.",
        "Content was added to the file after it was signed, so the signature no longer holds; "
        "please upload the original signed file.",
    ),
    "signature.self_signed": (
        "Chữ ký số dùng chứng thư số tự cấp, không do tổ chức chứng thực được cấp phép cấp, vui "
        "lòng ký lại bằng chứng thư số của nhà cung cấp được cấp phép.",
        "The signature uses a self-issued certificate, not one from a licensed certification "
        "authority; please sign again with a certificate from a licensed provider.",
    ),
    "signature.not_analysed": (
        "Tài liệu đã được tiếp nhận; hệ thống không đọc được chữ ký số trên tệp nhưng thành "
        "phần này không bắt buộc ký số, cán bộ sẽ xem xét thêm.",
        "The document was accepted; the system could not read the digital signature in the "
        "file, but this document needs none and an official will look at it.",
    ),
    "pdf.embedded_executable": (
        "Tệp PDF có đính kèm chương trình máy tính ({names}); tài liệu vẫn được tiếp nhận và "
        "cán bộ sẽ kiểm tra thêm.",
        "The PDF carries a computer program ({names}); it is accepted and an official will "
        "check it further.",
    ),
    "pdf.external_action": (
        "Tệp PDF có liên kết mở tệp hoặc gửi dữ liệu ra bên ngoài; tài liệu vẫn được tiếp nhận "
        "và cán bộ sẽ kiểm tra thêm.",
        "The PDF has links that open other files or send data elsewhere; it is accepted and an "
        "official will check it further.",
    ),
}

#: Citizen sentences when the component's policy *refuses* the finding (severity error).
REFUSED: dict[str, tuple[str, str]] = {
    "pdf.launch_action": (
        "Tệp PDF có chứa lệnh tự mở chương trình khác trên máy người đọc nên không được tiếp "
        "nhận, vui lòng tải lên bản PDF không chứa lệnh này (ví dụ in lại ra PDF).",
        "The PDF contains a command that starts other programs on the reader's computer and "
        "cannot be accepted; please upload a PDF without it (for example, print it to PDF "
        "again).",
    ),
    "pdf.embedded_executable": (
        "Tệp PDF có đính kèm chương trình máy tính ({names}) nên không được tiếp nhận, vui lòng "
        "tải lên bản PDF không đính kèm tệp này.",
        "The PDF carries a computer program ({names}) and cannot be accepted; please upload a "
        "PDF without it.",
    ),
    "pdf.javascript": (
        "Tệp PDF có chứa mã lệnh tự động nên thành phần hồ sơ này không tiếp nhận, vui lòng tải "
        "lên bản PDF không chứa mã lệnh (ví dụ in lại ra PDF).",
        "The PDF contains script code, which this document does not accept; please upload a PDF "
        "without it (for example, print it to PDF again).",
    ),
}

#: Citizen sentence when a signature that was not required could not be confirmed.
SIGNATURE_NOT_REQUIRED: tuple[str, str] = (
    "Tài liệu đã được tiếp nhận (thành phần này không bắt buộc ký số); chữ ký số trên tài liệu "
    "không xác nhận được ({problem}), cán bộ sẽ xem xét thêm.",
    "The document was accepted (this document needs no digital signature); the digital "
    "signature on it could not be confirmed ({problem_en}) and an official will look at it.",
)

#: Words for each category, for :data:`SIGNATURE_NOT_REQUIRED`: category -> (vi, en).
CATEGORY_WORDS: dict[str, tuple[str, str]] = {
    "broken": ("chữ ký bị hỏng", "the signature is broken"),
    "modified": ("tài liệu bị sửa sau khi ký", "the document was changed after signing"),
    "revoked": ("chứng thư số đã bị thu hồi", "the certificate was revoked"),
    "expired": ("chứng thư số đã hết hạn", "the certificate has expired"),
    "untrusted": ("chứng thư số không do tổ chức chứng thực được công nhận cấp",
                  "the certificate is not from a recognised authority"),
    "wrong_signer": ("người ký không phải người nộp hồ sơ", "the signer is someone else"),
}

#: Citizen sentence when every signature checks out.
VALID: tuple[str, str] = (
    "Tài liệu có chữ ký số hợp lệ của {name} và không bị thay đổi sau khi ký.",
    "The document carries a valid digital signature by {name} and has not been changed since.",
)

#: Citizen sentence for an unsigned document when no signature is required.
UNSIGNED_OPTIONAL: tuple[str, str] = (
    "Tài liệu không có chữ ký số; thủ tục này không bắt buộc ký số nên tài liệu vẫn được "
    "tiếp nhận.",
    "The document has no digital signature; this procedure does not require one, so it is "
    "accepted.",
)
