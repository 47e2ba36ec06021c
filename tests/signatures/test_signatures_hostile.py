"""Damaged, disguised and hostile files: each gets its own reason, nothing raises."""

from __future__ import annotations

from io import BytesIO

import pytest
from pypdf import PdfReader, PdfWriter

from runtime.signatures.inspect import inspect_pdf, sniff_media_type
from runtime.signatures.report import Verdict
from runtime.signatures.sandbox import (
    InProcess,
    Limits,
    Sandbox,
    Status,
    probe_allocate,
    probe_sleep,
)

from .conftest import reason_keys
from .pdfs import build_pdf, javascript_pdf, nested_pdf, text_pdf

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def _encrypted(data: bytes) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(BytesIO(data)))
    writer.encrypt(user_password="mat-khau", owner_password="chu-so-huu", algorithm="AES-256")
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _slow_pdf(objects: int = 100_000) -> bytes:
    """A valid PDF with a long chain of objects: seconds of parsing for a few MB."""
    chain = [b"<< /Next %d 0 R >>" % (i + 5) for i in range(objects)]
    return build_pdf([b"<< /Type /Catalog /Pages 2 0 R /Chain 4 0 R >>",
                      b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                      b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
                      *chain, b"null"])


def _assert_unreadable(report, key: str) -> None:
    assert report.verdict is Verdict.UNREADABLE
    assert reason_keys(report) == {key}
    for lang in ("vi", "en"):
        assert report.citizen_message(lang)
    assert report.reasons[0].message("vi") != report.reasons[0].message("en")


def test_verdict_is_unreadable_when_pdf_is_truncated(verify, signed):
    report = verify(signed[: len(signed) // 2])
    _assert_unreadable(report, "pdf.truncated")
    assert "chưa được tải lên đầy đủ" in report.citizen_message("vi")


def test_verdict_is_unreadable_when_pdf_is_encrypted(verify, one_page):
    report = verify(_encrypted(one_page))
    _assert_unreadable(report, "pdf.encrypted")
    assert report.inspection.needs_password
    assert "mật khẩu" in report.citizen_message("vi")


def test_verdict_is_unreadable_when_png_is_renamed_to_pdf(verify):
    report = verify(PNG)
    _assert_unreadable(report, "pdf.not_pdf")
    assert report.inspection.media_type == "image/png"
    assert report.reasons[0].params == (("media_type", "image/png"), ("size_mb", "0.0"),
                                        ("limit_mb", "25"), ("seconds", "20"))


@pytest.mark.parametrize("kind", ["array", "dict"])
def test_verdict_is_unreadable_when_objects_are_nested_100k_deep(verify, kind):
    report = verify(nested_pdf(100_000, kind))
    _assert_unreadable(report, "pdf.too_complex")
    assert "cấu trúc quá phức tạp" in report.citizen_message("vi")


def test_verdict_is_unreadable_when_file_exceeds_size_limit(verify, signed):
    report = verify(signed, limits=Limits(max_bytes=1000))
    _assert_unreadable(report, "pdf.too_large")
    assert report.signatures == ()


def test_parse_is_cut_off_when_it_exceeds_the_time_limit(verify, sandbox, signed):
    report = verify(_slow_pdf(), limits=Limits(timeout_s=0.3))
    _assert_unreadable(report, "pdf.timeout")
    assert "0.3" in report.reasons[0].message("en")
    # the killed worker is replaced: the next check works normally
    assert verify(signed).verdict is Verdict.VALID


def test_javascript_is_flagged_when_document_runs_script_on_open(verify):
    report = verify(javascript_pdf(), policy=_optional())
    assert report.verdict is Verdict.UNSIGNED
    assert "pdf.javascript" in reason_keys(report)
    assert report.inspection.has_open_action_js and report.inspection.has_javascript


def test_sandbox_reports_timeout_when_task_sleeps_too_long(sandbox: Sandbox):
    outcome = sandbox.run(probe_sleep, 10.0, limits=Limits(timeout_s=0.2))
    assert outcome.status is Status.TIMEOUT
    assert outcome.elapsed_s < 5


def test_sandbox_reports_memory_when_task_exceeds_memory_limit(sandbox: Sandbox):
    outcome = sandbox.run(probe_allocate, 2048, limits=Limits(memory_mb=64))
    assert outcome.status is Status.MEMORY
    assert sandbox.run(probe_allocate, 8, limits=Limits(memory_mb=64)).status is Status.OK


def test_sandbox_reports_error_when_task_raises(sandbox: Sandbox):
    outcome = sandbox.run(int, "not a number")
    assert outcome.status is Status.ERROR and "ValueError" in outcome.detail


def test_in_process_inspection_matches_sandbox_when_pdf_is_readable(sandbox, one_page):
    assert inspect_pdf(one_page, sandbox=InProcess()) == inspect_pdf(one_page, sandbox=sandbox)


def test_inspection_counts_pages_when_pdf_is_readable(sandbox, one_page):
    inspection = inspect_pdf(one_page, sandbox=sandbox)
    assert inspection.readable and inspection.page_count == 1
    assert inspection.pdf_version == "1.7" and not inspection.has_javascript


@pytest.mark.parametrize(("data", "media_type"), [
    (b"%PDF-1.4\n", "application/pdf"),
    (b"junk before header %PDF-1.7\n", "application/pdf"),
    (b"\xff\xd8\xff\xe0JFIF", "image/jpeg"),
    (b"PK\x03\x04word/document.xml", "application/zip"),
    ("Đơn đề nghị".encode(), "text/plain"),
])
def test_media_type_comes_from_content_when_sniffing(data, media_type):
    assert sniff_media_type(data) == media_type


def _optional():
    from runtime.signatures.report import SignaturePolicy

    return SignaturePolicy(required=False, signer="trusted")


def test_text_pdf_helper_builds_readable_pdf_when_given_pages():
    assert len(PdfReader(BytesIO(text_pdf(3))).pages) == 3


@pytest.mark.parametrize("variant", ["valid", "modified", "broken", "nested", "truncated"])
def test_in_process_verification_matches_sandbox_when_run_under_strict_warnings(
        verify, signed, variant):
    # In-process, warnings from pypdf/pyHanko are not silenced: with
    # filterwarnings=error any warning would surface as an "unreadable" verdict.
    from .pdfs import append_content_change, tamper_signature_value

    data = {"valid": signed, "modified": append_content_change(signed),
            "broken": tamper_signature_value(signed), "nested": nested_pdf(100_000),
            "truncated": signed[:-200]}[variant]
    in_process = verify(data, sandbox=InProcess())
    isolated = verify(data)
    assert in_process.verdict is isolated.verdict
    assert reason_keys(in_process) == reason_keys(isolated)


def test_active_content_is_flagged_when_behind_indirect_references(verify):
    data = text_pdf(catalog_extra=b"/OpenAction 4 0 R /AA << /WC 7 0 R >> "
                                  b"/Names << /EmbeddedFiles << /Names [(hoa-don.exe) 5 0 R] >> >>",
                    extra_objects=[
                        b"<< /S /JavaScript /JS (app.alert\\(1\\);) >>",
                        b"<< /Type /Filespec /F (hoa-don.exe) /UF (hoa-don.exe) /EF << /F 6 0 R >> >>",
                        b"<< /Type /EmbeddedFile /Length 2 >>\nstream\nMZ\nendstream",
                        b"<< /S /Launch /F (cmd.exe) >>",
                    ])
    report = verify(data, policy=_optional())
    inspection = report.inspection
    assert inspection.has_open_action_js and inspection.has_launch_action
    assert inspection.embedded_files == ("hoa-don.exe",)
    assert {"pdf.javascript", "pdf.launch_action", "pdf.embedded_files"} <= reason_keys(report)
