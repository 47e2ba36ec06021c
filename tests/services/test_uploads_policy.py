"""Issue 14 at the upload: no-signature components take any readable PDF; active content is told."""

from __future__ import annotations

from dataclasses import replace

import pytest

from runtime.definitions.model import SignaturePolicy
from runtime.services.uploads import UploadRefused, check_upload
from runtime.signatures.report import AttachmentVerification
from runtime.web.filing import upload_notice
from tests.signatures.pdfs import javascript_pdf, launch_pdf, pdf20, pypdf_20

from .conftest import APPLICANT_ID


@pytest.fixture
def optional(services):
    component = services.catalog.get("1.001193").case("on-time").component("birth-certificate")
    return replace(component, signature=SignaturePolicy(required=False))


@pytest.mark.parametrize("data", [pdf20(), pdf20(b"%junk\n" * 30), pypdf_20(),
                                  pdf20(info=b"<< /Title ] >>")],
                         ids=["pdf-2.0", "junk-before-header", "pypdf-2.0", "bad-metadata"])
def test_benign_pdf_is_stored_when_component_needs_no_signature(services, optional, data):
    stored = check_upload(services, optional, "giay-to.pdf", data, {APPLICANT_ID})
    assert stored.pages == 1 and services.attachments.exists(stored.sha256)
    assert upload_notice(stored.verification, "vi") == ""


def test_javascript_is_told_to_the_citizen_when_the_file_is_accepted(services, optional):
    stored = check_upload(services, optional, "co-ma.pdf", javascript_pdf(), {APPLICANT_ID})
    assert "mã lệnh" in upload_notice(stored.verification, "vi")
    assert AttachmentVerification.from_dict(stored.verification).category == "active_content"


def test_launch_action_is_refused_and_not_stored_when_policy_is_the_default(services, optional):
    with pytest.raises(UploadRefused) as info:
        check_upload(services, optional, "mo-chuong-trinh.pdf", launch_pdf(), {APPLICANT_ID})
    assert "chương trình" in info.value.message("vi")
    assert list(services.attachments.blobs()) == []


def test_component_can_flag_launch_instead_of_refusing_it(services, optional):
    lenient = replace(optional, signature=SignaturePolicy(required=False, refuse_launch=False))
    stored = check_upload(services, lenient, "mo-chuong-trinh.pdf", launch_pdf(), {APPLICANT_ID})
    assert services.attachments.exists(stored.sha256)


def test_active_content_rules_compile_from_the_definition():
    from runtime.definitions.compiler import _active_content

    assert _active_content({"launch": "flag", "javascript": "refuse"}) == {
        "refuse_launch": False, "refuse_javascript": True}
    assert _active_content({}) == {}


