"""Issue 14: components that need no signature accept any readable PDF; active content policy."""

from __future__ import annotations

import pytest

from runtime.signatures.policy import decide
from runtime.signatures.report import PdfInspection, SignaturePolicy, Verdict

from .conftest import TRUSTED, reason_keys
from .pdfs import (
    embedded_exe_pdf,
    javascript_pdf,
    launch_pdf,
    pdf20,
    pypdf_20,
    tamper_signature_value,
)
from .test_signatures_hostile import _encrypted

OPTIONAL = SignaturePolicy(required=False, signer="trusted")

BENIGN = {
    "pdf-2.0": lambda: pdf20(),
    "pdf-2.0 by pypdf": pypdf_20,
    "junk before header, offsets from the file start": lambda: pdf20(b"%!PS-junk\n" * 40),
    "junk before header, offsets from the header": lambda: pdf20(b"%!PS-junk\n" * 40, True),
    "unreadable metadata": lambda: pdf20(info=b"<< /Title (x) /Author ] /Producer <<< >>"),
    "metadata object that is not one": lambda: pdf20(info=b"xx yy (unbalanced"),
}


@pytest.mark.parametrize("make", BENIGN.values(), ids=BENIGN.keys())
def test_benign_pdf_is_accepted_when_component_needs_no_signature(verify, make):
    report = verify(make(), policy=OPTIONAL)
    assert report.verdict is Verdict.UNSIGNED
    assert report.accepted and report.category == ""
    assert report.inspection.page_count == 1


def test_untrusted_signature_is_reported_not_refused_when_component_needs_no_signature(
        verify, one_page, pki, sign):
    report = verify(sign(one_page, pki.rogue_signer), policy=OPTIONAL)
    assert report.accepted
    assert report.verdict is Verdict.VALID_WITH_WARNINGS
    assert report.category == "untrusted"
    assert "signature.untrusted" in reason_keys(report)
    assert "không bắt buộc" in report.citizen_message("vi")


def test_broken_signature_is_reported_not_refused_when_component_needs_no_signature(
        verify, signed):
    report = verify(tamper_signature_value(signed), policy=OPTIONAL)
    assert report.accepted and report.category == "broken"


def test_same_broken_signature_is_refused_when_component_requires_one(verify, signed):
    report = verify(tamper_signature_value(signed), policy=TRUSTED)
    assert not report.accepted and report.category == "broken"


def test_signature_parser_failure_is_a_warning_when_component_needs_no_signature():
    inspection = PdfInspection(media_type="application/pdf", size=100, page_count=1,
                               signature_fields=1)
    verdict, reasons = decide(inspection, (), OPTIONAL, analysis_error="PdfReadError: odd")
    assert verdict is Verdict.UNSIGNED
    assert {r.key for r in reasons} == {"signature.not_analysed", "signature.missing"}
    required, _ = decide(inspection, (), TRUSTED, analysis_error="PdfReadError: odd")
    assert required is Verdict.UNREADABLE


def test_password_protected_pdf_is_refused_when_component_needs_no_signature(
        verify, one_page):
    report = verify(_encrypted(one_page), policy=OPTIONAL)
    assert not report.accepted and report.category == "unreadable"
    assert reason_keys(report) == {"pdf.encrypted"}
    assert "mật khẩu" in report.citizen_message("vi")


@pytest.mark.parametrize(("make", "key"), [(launch_pdf, "pdf.launch_action"),
                                           (embedded_exe_pdf, "pdf.embedded_executable")])
def test_active_content_is_refused_by_default_policy(verify, make, key):
    report = verify(make(), policy=OPTIONAL)
    assert report.verdict is Verdict.INVALID and not report.accepted
    assert report.category == "active_content"
    assert key in reason_keys(report)
    assert report.citizen_message("vi") != report.citizen_message("en")


def test_javascript_is_flagged_not_refused_by_default_policy(verify):
    report = verify(javascript_pdf(), policy=OPTIONAL)
    assert report.accepted and report.category == "active_content"
    assert "mã lệnh" in report.citizen_message("vi")


def test_javascript_is_refused_when_component_policy_says_so(verify):
    strict = SignaturePolicy(required=False, signer="trusted", refuse_javascript=True)
    report = verify(javascript_pdf(), policy=strict)
    assert not report.accepted and report.category == "active_content"


def test_launch_is_flagged_when_component_policy_allows_it(verify):
    lenient = SignaturePolicy(required=False, signer="trusted", refuse_launch=False)
    report = verify(launch_pdf(), policy=lenient)
    assert report.accepted and "pdf.launch_action" in reason_keys(report)
