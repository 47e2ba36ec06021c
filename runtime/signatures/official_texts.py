"""Official-facing texts for verification reasons, Vietnamese and English.

One short, factual sentence per reason key for the officials handling the
dossier; the technical detail (English, from the libraries) is shown next to
it. Fields as in :mod:`runtime.signatures.texts`.
"""

from __future__ import annotations

#: Official-facing messages: key -> (vi, en).
OFFICIAL: dict[str, tuple[str, str]] = {
    "pdf.not_pdf": (
        "Tệp không phải PDF (nhận diện theo nội dung: {media_type}).",
        "The file is not a PDF (content detected as {media_type}).",
    ),
    "pdf.too_large": (
        "Tệp {size_mb} MB vượt giới hạn {limit_mb} MB nên không được phân tích.",
        "The {size_mb} MB file exceeds the {limit_mb} MB limit and was not parsed.",
    ),
    "pdf.timeout": (
        "Không đọc xong tệp trong {seconds} giây; việc phân tích đã bị dừng.",
        "The file could not be read within {seconds} s; parsing was stopped.",
    ),
    "pdf.too_complex": (
        "Tệp vượt giới hạn bộ nhớ hoặc độ lồng cấu trúc khi phân tích; việc phân tích đã bị "
        "dừng.",
        "The file exceeded the memory or nesting limits while being parsed; parsing was "
        "stopped.",
    ),
    "pdf.unreadable": (
        "Cấu trúc PDF bị hỏng, không đọc được.",
        "The PDF structure is damaged and could not be read.",
    ),
    "pdf.truncated": (
        "Tệp PDF bị cắt cụt (thiếu dấu kết thúc %%EOF).",
        "The PDF is truncated (no %%EOF end marker).",
    ),
    "pdf.encrypted": (
        "Tệp PDF được mã hoá bằng mật khẩu nên không kiểm tra được.",
        "The PDF is password-encrypted and cannot be checked.",
    ),
    "pdf.javascript": (
        "Tệp PDF có chứa mã JavaScript.",
        "The PDF contains JavaScript.",
    ),
    "pdf.launch_action": (
        "Tệp PDF có lệnh Launch (mở chương trình bên ngoài).",
        "The PDF contains a Launch action (starts external programs).",
    ),
    "pdf.embedded_files": (
        "Tệp PDF có tệp nhúng bên trong: {names}.",
        "The PDF carries embedded files: {names}.",
    ),
    "pdf.scan_incomplete": (
        "Chưa quét hết nội dung chủ động của tệp (dừng sau {objects} đối tượng).",
        "The active-content scan stopped after {objects} objects.",
    ),
    "pdf.lenient_parse": (
        "Cấu trúc tệp PDF không chuẩn (ví dụ bảng xref lai); chữ ký được kiểm tra ở chế độ "
        "dung thứ.",
        "The PDF structure is non-standard (e.g. hybrid xref); signatures were checked in "
        "tolerant mode.",
    ),
    "signature.missing": (
        "Tài liệu không có chữ ký số.",
        "The document has no digital signature.",
    ),
    "signature.broken": (
        "Chữ ký {field} của {name} bị hỏng: giá trị băm hoặc chữ ký không khớp với tệp.",
        "Signature {field} by {name} is broken: the digest or signature does not match the "
        "file.",
    ),
    "signature.modified": (
        "Nội dung tài liệu bị sửa sau chữ ký {field} của {name} (mức thay đổi: {change}).",
        "The content was changed after signature {field} by {name} (change level: {change}).",
    ),
    "signature.certification_violated": (
        "Tài liệu được chứng thực bởi {name} bị thay đổi vượt quyền DocMDP (mức thay đổi: "
        "{change}).",
        "The document certified by {name} was changed beyond its DocMDP permissions (change "
        "level: {change}).",
    ),
    "signature.changed_after_signing": (
        "Sau chữ ký {field} của {name}, tài liệu được điền biểu mẫu hoặc thêm chú thích (mức "
        "thay đổi: {change}).",
        "After signature {field} by {name}, forms were filled or annotations added (change "
        "level: {change}).",
    ),
    "signature.untrusted": (
        "Chứng thư số của {name} không xác thực được tới CA gốc tin cậy đã cấu hình.",
        "The certificate of {name} does not validate to a configured trust root.",
    ),
    "signature.expired": (
        "Chứng thư số của {name} đã hết hạn ngày {date}.",
        "The certificate of {name} expired on {date_iso}.",
    ),
    "signature.not_yet_valid": (
        "Chứng thư số của {name} chỉ có hiệu lực từ ngày {date}.",
        "The certificate of {name} is only valid from {date_iso}.",
    ),
    "signature.revoked": (
        "Chứng thư số của {name} đã bị thu hồi ngày {date}.",
        "The certificate of {name} was revoked on {date_iso}.",
    ),
    "signature.revocation_unknown": (
        "Chưa kiểm tra được tình trạng thu hồi chứng thư số của {name}: không có dữ liệu thu "
        "hồi.",
        "Revocation of the certificate of {name} was not checked: no revocation data.",
    ),
    "signature.wrong_signer": (
        "Người ký ({name}, số định danh: {ids}) không phải {expected}.",
        "The signer ({name}, IDs: {ids}) is not {expected_en}.",
    ),
    "signature.timestamp_untrusted": (
        "Dấu thời gian {field} không được xác thực.",
        "The timestamp {field} is not trusted.",
    ),
    "signature.expired_after_signing": (
        "Chứng thư số của {name} hết hạn ngày {date}, sau thời điểm ký đã được dấu thời gian "
        "tin cậy xác nhận.",
        "The certificate of {name} expired on {date_iso}, after the signing time proven by a "
        "trusted timestamp.",
    ),
    "signature.ca_expired": (
        "Chứng thư số của CA gốc hoặc CA trung gian trong chuỗi của {name} đã hết hạn; CA hết "
        "hạn không xác thực được chữ ký nào.",
        "A root or intermediate CA certificate in the chain of {name} has expired; an expired "
        "CA validates no signature.",
    ),
    "signature.weak_algorithm": (
        "Chữ ký {field} của {name} dùng thuật toán/khoá bị chính sách thuật toán từ chối "
        "({algorithm}).",
        "Signature {field} by {name} uses an algorithm or key the algorithm policy refuses "
        "({algorithm}).",
    ),
    "signature.unsigned_update": (
        "Có dữ liệu được thêm vào sau phiên bản đã ký mà không phải là bản cập nhật tăng dần "
        "hợp lệ (có thể đã thay nội dung trang).",
        "Bytes were added after the signed revision that are no valid incremental update "
        "(page content may have been redefined).",
    ),
    "signature.self_signed": (
        "Chứng thư số của {name} là chứng thư tự cấp trùng CA gốc; chính sách triển khai không "
        "chấp nhận hoặc mục đích sử dụng khoá không phù hợp.",
        "The certificate of {name} is self-signed and is itself a trust root; the deployment "
        "policy does not accept it or its key usage does not fit.",
    ),
    "signature.not_analysed": (
        "Không phân tích được chữ ký số trong tệp (thành phần không bắt buộc ký số).",
        "The signatures in the file could not be analysed (no signature required here).",
    ),
    "pdf.embedded_executable": (
        "Tệp PDF có nhúng chương trình hoặc tập lệnh: {names}.",
        "The PDF carries embedded programs or scripts: {names}.",
    ),
    "pdf.external_action": (
        "Tệp PDF có hành động ra ngoài tài liệu: {names}.",
        "The PDF has actions leaving the document: {names}.",
    ),
}
