"""Each verdict of verify_pdf, proven on generated PDFs signed with the test PKI."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pyhanko.sign.signers.pdf_signer import PdfSigner

from runtime.signatures.report import (
    ChainStatus,
    Coverage,
    Modification,
    Revocation,
    SignaturePolicy,
    Verdict,
)
from runtime.signatures.trust import TrustStore

from .conftest import APPLICANT_ID, AT, TRUSTED, reason_keys
from .pdfs import (
    append_annotation,
    append_content_change,
    tamper_byte_range,
    tamper_signature_value,
    tamper_signed_bytes,
)
from .pki import make_crl


def test_verdict_is_valid_when_applicant_signed_and_nothing_changed(verify, signed):
    report = verify(signed)
    assert report.verdict is Verdict.VALID
    assert report.reasons == ()
    (sig,) = report.signatures
    assert sig.intact and sig.valid
    assert sig.coverage is Coverage.ENTIRE_FILE
    assert sig.chain is ChainStatus.TRUSTED
    assert sig.revocation is Revocation.GOOD
    assert sig.signer.personal_ids == (APPLICANT_ID,)
    assert report.accepted
    assert "Nguyễn Văn A" in report.citizen_message("vi")


def test_verdict_is_valid_when_fifty_page_document_is_signed(verify, fifty_pages, pki, sign):
    report = verify(sign(fifty_pages, pki.applicant))
    assert report.verdict is Verdict.VALID
    assert report.inspection.page_count == 50


def test_verdict_is_unsigned_when_document_has_no_signature(verify, one_page):
    report = verify(one_page)
    assert report.verdict is Verdict.UNSIGNED
    assert reason_keys(report) == {"signature.missing"}
    assert not report.accepted
    assert report.citizen_message("vi").startswith("Tài liệu này chưa có chữ ký số")


def test_unsigned_document_is_accepted_when_signature_is_optional(verify, one_page):
    report = verify(one_page, policy=SignaturePolicy(required=False, signer="trusted"))
    assert report.verdict is Verdict.UNSIGNED
    assert report.accepted
    assert "không bắt buộc" in report.citizen_message("vi")


def test_verdict_is_invalid_when_content_changed_in_incremental_update(verify, signed):
    report = verify(append_content_change(signed))
    assert report.verdict is Verdict.INVALID
    assert "signature.modified" in reason_keys(report)
    (sig,) = report.signatures
    assert sig.intact and sig.valid  # the signed revision itself is untouched
    assert sig.coverage is Coverage.ENTIRE_REVISION
    assert sig.modification in (Modification.OTHER, Modification.SUSPICIOUS)


def test_verdict_is_invalid_when_annotation_added_after_signing(verify, signed):
    # pyHanko's default difference policy does not whitelist new annotations.
    report = verify(append_annotation(signed))
    assert report.verdict is Verdict.INVALID
    assert "signature.modified" in reason_keys(report)


def test_verdict_is_invalid_when_signature_bytes_manipulated(verify, signed):
    report = verify(tamper_signature_value(signed))
    assert report.verdict is Verdict.INVALID
    assert reason_keys(report) == {"signature.broken"}
    assert report.signatures[0].intact and not report.signatures[0].valid


def test_verdict_is_invalid_when_signed_bytes_edited_in_place(verify, signed):
    report = verify(tamper_signed_bytes(signed, b"Noi dung ho so", b"Noi dung gia m"))
    assert report.verdict is Verdict.INVALID
    assert reason_keys(report) == {"signature.broken"}
    assert not report.signatures[0].intact


def test_verdict_is_invalid_when_byte_range_manipulated(verify, signed):
    report = verify(tamper_byte_range(signed))
    assert report.verdict is Verdict.INVALID
    assert reason_keys(report) == {"signature.broken"}


def test_verdict_is_invalid_when_someone_else_signed(verify, one_page, pki, sign):
    report = verify(sign(one_page, pki.other_person))
    assert report.verdict is Verdict.INVALID
    assert reason_keys(report) == {"signature.wrong_signer"}
    assert "Trần Thị B" in report.citizen_message("vi")
    assert "người nộp hồ sơ" in report.citizen_message("vi")


def test_other_signer_is_accepted_when_policy_only_requires_trust(verify, one_page, pki, sign):
    assert verify(sign(one_page, pki.other_person), policy=TRUSTED).verdict is Verdict.VALID


def test_organisation_policy_rejects_person_when_certificate_has_no_tax_code(
        verify, one_page, pki, sign):
    policy = SignaturePolicy(required=True, signer="organisation")
    assert verify(sign(one_page, pki.organisation), policy=policy).verdict is Verdict.VALID
    person = verify(sign(one_page, pki.applicant), policy=policy)
    assert reason_keys(person) == {"signature.wrong_signer"}


def test_verdict_is_invalid_when_certificate_expired(verify, one_page, pki, sign):
    report = verify(sign(one_page, pki.expired))
    assert report.verdict is Verdict.INVALID
    assert reason_keys(report) == {"signature.expired"}
    assert report.signatures[0].chain is ChainStatus.EXPIRED
    assert "hết hạn" in report.citizen_message("vi")


def test_verdict_is_invalid_when_certificate_revoked(verify, one_page, pki, sign):
    report = verify(sign(one_page, pki.revoked))
    assert report.verdict is Verdict.INVALID
    assert reason_keys(report) == {"signature.revoked"}
    sig = report.signatures[0]
    assert sig.revocation is Revocation.REVOKED and sig.revoked_at is not None
    assert "thu hồi" in report.citizen_message("vi")


def test_verdict_is_invalid_when_root_is_not_trusted(verify, one_page, pki, sign):
    report = verify(sign(one_page, pki.rogue_signer))  # same name and ID, rogue CA
    assert report.verdict is Verdict.INVALID
    assert reason_keys(report) == {"signature.untrusted"}


def test_verdict_has_warning_when_no_revocation_data(verify, signed, trust_without_crls):
    report = verify(signed, trust=trust_without_crls)
    assert report.verdict is Verdict.VALID_WITH_WARNINGS
    assert reason_keys(report) == {"signature.revocation_unknown"}
    assert report.signatures[0].revocation is Revocation.UNKNOWN
    assert report.accepted


def test_verdict_is_invalid_when_certified_document_changed_against_permissions(
        verify, one_page, pki, sign, monkeypatch):
    certified = sign(one_page, pki.organisation, certify=True, docmdp=1)
    assert verify(certified, policy=TRUSTED).verdict is Verdict.VALID
    # pyHanko refuses to sign a no-changes document; a careless tool would not.
    monkeypatch.setattr(PdfSigner, "_enforce_certification_constraints", lambda *a: None)
    changed = sign(certified, pki.applicant)
    report = verify(changed, policy=TRUSTED)
    assert report.verdict is Verdict.INVALID
    assert "signature.certification_violated" in reason_keys(report)
    author = report.signatures[0]
    assert author.certified and author.docmdp == 1 and author.docmdp_ok is False


def test_verdict_is_valid_when_second_signature_added_within_permissions(
        verify, one_page, pki, sign):
    certified = sign(one_page, pki.organisation, certify=True, docmdp=2)
    report = verify(sign(certified, pki.applicant))
    assert report.verdict is Verdict.VALID
    first, second = report.signatures
    assert first.modification is Modification.FORM_FILLING and first.docmdp_ok
    assert second.coverage is Coverage.ENTIRE_FILE


def test_verdict_is_invalid_when_one_of_two_signatures_is_broken(verify, signed, pki, sign):
    both = sign(signed, pki.other_person)
    assert verify(both).verdict is Verdict.VALID
    report = verify(tamper_signature_value(both, which=-1))
    assert report.verdict is Verdict.INVALID
    first, second = report.signatures
    assert first.valid and first.chain is ChainStatus.TRUSTED
    assert not second.valid
    assert {r.signature for r in report.reasons if r.key == "signature.broken"} == {
        second.field_name}


def test_verdict_is_valid_when_certificate_expired_after_timestamped_signing(
        verify, one_page, pki, sign, timestamper):
    stamped = sign(one_page, pki.applicant, timestamper=timestamper)
    report = verify(stamped, at=AT + timedelta(days=400))
    assert report.verdict is Verdict.VALID
    sig = report.signatures[0]
    assert sig.timestamp is not None and sig.timestamp_trusted
    assert sig.time_basis == "timestamp"
    assert reason_keys(report) == {"signature.expired_after_signing"}


def test_verdict_is_invalid_when_expiry_is_after_claimed_signing_time_only(
        verify, signed):
    # Issue 14: the signing time the signer wrote itself proves nothing; without a
    # trusted timestamp the certificate is judged now (this test used to expect a warning).
    report = verify(signed, at=AT + timedelta(days=400))
    assert report.verdict is Verdict.INVALID
    assert report.signatures[0].time_basis == "validation_time"
    assert reason_keys(report) == {"signature.expired"}
    assert report.category == "expired"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_citizen_message_is_one_specific_sentence_when_invalid(verify, signed, lang):
    message = verify(append_content_change(signed)).citizen_message(lang)
    assert message.endswith(".") and message.count(". ") == 0
    assert message.strip().lower() not in {"không hợp lệ.", "invalid."}


def test_verdict_has_warning_when_crls_are_stale(verify, signed, pki):
    stale = (make_crl(pki.intermediate, this_update=AT - timedelta(days=30),
                      next_update=AT - timedelta(days=20)),
             make_crl(pki.root))
    trust = TrustStore.from_certificates([pki.root.der], [pki.intermediate.der], stale)
    report = verify(signed, trust=trust)
    assert report.verdict is Verdict.VALID_WITH_WARNINGS
    assert reason_keys(report) == {"signature.revocation_unknown"}
    assert report.signatures[0].revocation_detail.startswith("signer certificate")
