"""The report is immutable, JSON-safe and speaks to citizens in vi and en."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime

import pytest
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.x509.oid import NameOID

from runtime.signatures import official_texts, texts
from runtime.signatures.identity import identity_of, matches_applicant
from runtime.signatures.policy import decide
from runtime.signatures.report import (
    AttachmentVerification,
    ChainStatus,
    Coverage,
    Modification,
    PdfInspection,
    Reason,
    Revocation,
    Severity,
    SignaturePolicy,
    SignatureReport,
    SignerIdentity,
    Verdict,
)
from runtime.signatures.trust import TrustStore, TrustStoreError

from .pdfs import append_content_change
from .pki import make_cert


def test_report_round_trips_through_json_when_stored_on_dossier(verify, signed, pki, sign):
    for data in (signed, append_content_change(signed), sign(signed, pki.other_person)):
        report = verify(data)
        stored = json.loads(json.dumps(report.to_dict()))
        assert AttachmentVerification.from_dict(stored) == report


def test_report_is_immutable_when_created(verify, signed):
    report = verify(signed)
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.verdict = Verdict.INVALID  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.signatures[0].valid = False  # type: ignore[misc]


def test_every_reason_key_has_messages_when_rendered_in_both_languages():
    assert set(texts.CITIZEN) == set(official_texts.OFFICIAL)
    for key in official_texts.OFFICIAL:
        reason = Reason(key, Severity.ERROR)
        vi, en = reason.message("vi"), reason.message("en")
        assert vi and en and vi != en
        assert vi.strip().lower() != "không hợp lệ."
    for key, (vi, en) in texts.CITIZEN.items():
        assert vi[0].isupper() and vi.endswith(".") and en.endswith("."), key
        if key.startswith(("pdf.not_pdf", "signature.missing", "signature.modified")):
            assert "vui lòng" in vi.lower(), key


def test_citizen_message_uses_the_first_error_when_several_reasons_exist():
    report = AttachmentVerification(
        verdict=Verdict.INVALID,
        reasons=(Reason("signature.revoked", Severity.ERROR, params=(("date", "01/02/2026"),)),
                 Reason("pdf.javascript", Severity.WARNING)),
        signatures=(),
        inspection=PdfInspection(media_type="application/pdf", size=1),
        checked_at=datetime(2026, 1, 1, tzinfo=UTC),
        policy=SignaturePolicy(),
    )
    assert "01/02/2026" in report.citizen_message("vi")
    assert report.citizen_message("en").startswith("The signing certificate was revoked")


def test_policy_rejects_unknown_signer_requirement_when_constructed():
    with pytest.raises(ValueError, match="unknown signer"):
        SignaturePolicy(signer="anyone")  # type: ignore[arg-type]


def _cert(*attrs: tuple[x509.ObjectIdentifier, str]) -> asn1_x509.Certificate:
    node = make_cert(x509.Name([x509.NameAttribute(o, v) for o, v in attrs]), None, ca=False)
    return asn1_x509.Certificate.load(node.der)


@pytest.mark.parametrize(("attrs", "personal", "tax"), [
    ([(NameOID.USER_ID, "CCCD:001234567890")], ("001234567890",), ()),
    ([(NameOID.SERIAL_NUMBER, "001234567890")], ("001234567890",), ()),
    ([(NameOID.COMMON_NAME, "Nguyễn Văn A - CMND:123456789")], (), ()),
    ([(NameOID.USER_ID, "CMND:001234567890")], ("001234567890",), ()),
    ([(NameOID.USER_ID, "MST:0301234567-001")], (), ("0301234567-001",)),
    ([(NameOID.SERIAL_NUMBER, "0301234567")], (), ("0301234567",)),
])
def test_identity_finds_ids_when_vietnamese_ca_conventions_are_used(attrs, personal, tax):
    identity = identity_of(_cert((NameOID.COMMON_NAME, "X"), *attrs))
    assert identity.personal_ids == personal
    assert identity.tax_codes == tax


def test_identity_keeps_legacy_id_when_nine_digit_cmnd():
    identity = identity_of(_cert((NameOID.COMMON_NAME, "A"), (NameOID.USER_ID, "CMND:123456789")))
    assert identity.other_ids == ("CMND:123456789",)
    assert not matches_applicant(identity, {"123456789000"})


def test_trust_store_loads_roots_intermediates_and_crls_when_reading_directory(tmp_path, pki):
    (tmp_path / "roots").mkdir()
    (tmp_path / "intermediates").mkdir()
    (tmp_path / "crls").mkdir()
    (tmp_path / "roots" / "root.pem").write_bytes(pki.root.pem + pki.rogue_root.pem)
    (tmp_path / "intermediates" / "ca.der").write_bytes(pki.intermediate.der)
    (tmp_path / "crls" / "ca.crl").write_bytes(pki.crls[0])
    (tmp_path / "README.txt").write_text("ignored")
    store = TrustStore.from_directory(tmp_path)
    assert store.roots == (pki.root.der, pki.rogue_root.der)
    assert store.intermediates == (pki.intermediate.der,)
    assert store.crls == (pki.crls[0],)


def test_trust_store_raises_when_a_file_is_not_a_certificate(tmp_path):
    (tmp_path / "roots").mkdir()
    (tmp_path / "roots" / "bad.pem").write_bytes(b"-----BEGIN CERTIFICATE-----\nAAAA\n"
                                                 b"-----END CERTIFICATE-----\n")
    with pytest.raises(TrustStoreError, match=r"bad\.pem"):
        TrustStore.from_directory(tmp_path)


def test_signature_is_untrusted_when_trust_store_is_empty(verify, signed):
    report = verify(signed, trust=TrustStore())  # never falls back to the OS trust list
    assert report.verdict is Verdict.INVALID
    assert {r.key for r in report.reasons} == {"signature.untrusted"}


def _good_signature(**changes) -> SignatureReport:
    base = SignatureReport(
        field_name="Signature1", intact=True, valid=True, coverage=Coverage.ENTIRE_FILE,
        modification=Modification.NONE, chain=ChainStatus.TRUSTED, revocation=Revocation.GOOD,
        signer=SignerIdentity(common_name="Nguyễn Văn A", personal_ids=("001234567890",)))
    return dataclasses.replace(base, **changes)


def test_policy_warns_when_signatures_were_checked_on_a_tolerant_parse():
    inspection = PdfInspection(media_type="application/pdf", size=1)
    verdict, reasons = decide(inspection, (_good_signature(),), SignaturePolicy(),
                              lenient=True)
    assert verdict is Verdict.VALID_WITH_WARNINGS
    assert [r.key for r in reasons] == ["pdf.lenient_parse"]


def test_policy_matches_applicant_ids_when_written_with_dots_or_spaces():
    inspection = PdfInspection(media_type="application/pdf", size=1)
    verdict, _ = decide(inspection, (_good_signature(),),
                        SignaturePolicy(signer="applicant"), {"001.234.567 890"})
    assert verdict is Verdict.VALID


def test_policy_reports_wrong_signer_when_no_applicant_ids_are_given():
    inspection = PdfInspection(media_type="application/pdf", size=1)
    verdict, reasons = decide(inspection, (_good_signature(),),
                              SignaturePolicy(signer="applicant"), ())
    assert verdict is Verdict.INVALID
    assert [r.key for r in reasons] == ["signature.wrong_signer"]


def test_every_refusal_text_has_a_flag_text_when_policy_only_flags_it():
    assert set(texts.REFUSED) <= set(texts.CITIZEN)
    for key, (vi, en) in texts.REFUSED.items():
        assert "vui lòng" in vi.lower() and en.endswith("."), key
