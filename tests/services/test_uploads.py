"""Uploads: the type comes from the content; hostile or wrongly signed PDFs are refused, never stored."""

from __future__ import annotations

import pytest

from runtime.dossiers.model import Dossier, Person
from runtime.services.uploads import UploadRefused, attach, check_upload
from runtime.signatures.demo_ca import sign_pdf

from .conftest import APPLICANT_ID, one_page_pdf


def _component(services, component_id="birth-certificate", case="on-time", code="1.001193"):
    return services.catalog.get(code).case(case).component(component_id)


def _stored_count(services) -> int:
    return sum(1 for p in services.attachments.root.rglob("*") if p.is_file())


def test_signed_pdf_is_verified_stored_and_counted(services):
    credentials = services.signer.ca.issue_person("012345678901", "Bác sĩ Lê Văn Hùng")
    stored = check_upload(services, _component(services), "chung-sinh.pdf", sign_pdf(one_page_pdf(), credentials),
                          {APPLICANT_ID})
    assert stored.media_type == "application/pdf" and stored.pages == 1
    assert stored.verification["verdict"] in ("valid", "valid_with_warnings")
    assert services.attachments.exists(stored.sha256)


@pytest.mark.parametrize(("data", "key"), [
    (b"", "file.empty"),
    (b"MZ\x90\x00 this is an executable renamed .pdf", "file.type"),
    (b"\x89PNG\r\n\x1a\n" + b"0" * 100, "file.type"),  # the component takes PDF only
])
def test_wrong_content_is_refused_before_parsing(services, data, key):
    with pytest.raises(UploadRefused) as info:
        check_upload(services, _component(services), "giay.pdf", data, {APPLICANT_ID})
    assert info.value.key == key and info.value.message("vi") and info.value.message("en")
    assert _stored_count(services) == 0


def test_unsigned_pdf_is_refused_when_the_component_needs_a_signature(services):
    with pytest.raises(UploadRefused) as info:
        check_upload(services, _component(services), "giay.pdf", one_page_pdf(), {APPLICANT_ID})
    assert info.value.key.startswith("signature.") and "ký số" in info.value.message("vi")
    assert _stored_count(services) == 0


def test_truncated_pdf_gets_its_message(services):
    credentials = services.signer.ca.issue_person("012345678901", "Bác sĩ Lê Văn Hùng")
    data = sign_pdf(one_page_pdf(), credentials)
    with pytest.raises(UploadRefused) as info:
        check_upload(services, _component(services), "giay.pdf", data[: len(data) // 2], {APPLICANT_ID})
    assert info.value.key == "signature.unreadable"


def test_applicant_signed_component_refuses_someone_elses_signature(services):
    component = _component(services, "authorisation")
    other = services.signer.ca.issue_person("098765432109", "Người Khác")
    with pytest.raises(UploadRefused) as info:
        check_upload(services, component, "uy-quyen.pdf", sign_pdf(one_page_pdf(), other), {APPLICANT_ID})
    assert info.value.key == "signature.invalid"
    mine = services.signer.ca.issue_person(APPLICANT_ID, "Nguyễn Thị Lan")
    assert check_upload(services, component, "uy-quyen.pdf", sign_pdf(one_page_pdf(), mine), {APPLICANT_ID})


def test_too_large_file_is_refused(services):
    from dataclasses import replace

    component = replace(_component(services), max_size_mb=0.001)
    with pytest.raises(UploadRefused) as info:
        check_upload(services, component, "big.pdf", b"%PDF-1.7\n" + b"0" * 5000, {APPLICANT_ID})
    assert info.value.key == "file.too_large"


def test_component_takes_no_more_files_than_it_allows(services):
    credentials = services.signer.ca.issue_person("012345678901", "Bác sĩ Lê Văn Hùng")
    component = _component(services)
    dossier = Dossier(procedure_code="1.001193", applicant=Person(full_name="Nguyễn Thị Lan"))
    attach(dossier, component, check_upload(services, component, "a.pdf", sign_pdf(one_page_pdf("a"), credentials),
                                            set()))
    with pytest.raises(UploadRefused) as info:
        attach(dossier, component, check_upload(services, component, "b.pdf",
                                                sign_pdf(one_page_pdf("b"), credentials), set()))
    assert info.value.key == "file.count"
