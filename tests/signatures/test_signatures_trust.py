"""Issue 14: verdicts that cannot be talked round, each asserting verdict and category.

Trusted time (timestamps vs the signer's own claim), expired anchors, algorithm
policy, self-signed roots, revision accounting and categories that name the real
problem. Every file is generated here from the test PKI.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from io import BytesIO

import pytest
from asn1crypto import algos, keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko_certvalidator.registry import SimpleCertificateStore

from runtime.signatures.report import ChainStatus, Coverage, Verdict
from runtime.signatures.trust import TrustStore

from .conftest import AT, TRUSTED, reason_keys
from .pki import DAY, Node, _name, make_cert, make_crl

LATER = AT + timedelta(days=400)  # the applicant's certificate (AT + 365 days) has expired


def _document_timestamp(data: bytes, timestamper) -> bytes:
    """Add a PAdES document timestamp (B-LTA style) as a new revision."""
    stamper = signers.PdfTimeStamper(timestamper)
    out = stamper.timestamp_pdf(IncrementalPdfFileWriter(BytesIO(data)), md_algorithm="sha256")
    return out.getvalue()


class _CarelessSigner(signers.SimpleSigner):
    """A signer that skips pyHanko's own digest/mechanism consistency check, as a careless
    or hostile tool would."""

    def _check_digest_algorithm(self, digest_algorithm: str) -> None:
        return None


def _sign_with_mechanism(data: bytes, node: Node, mechanism: str, digest: str) -> bytes:
    """Sign with an explicit signature mechanism and message digest (no policy on our side)."""
    key = node.key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                 serialization.NoEncryption())
    chain = [asn1_x509.Certificate.load(n.der) for n in (node.issuer, node.issuer.issuer) if n]
    signer = _CarelessSigner(
        signing_cert=asn1_x509.Certificate.load(node.der),
        signing_key=keys.PrivateKeyInfo.load(key),
        cert_registry=SimpleCertificateStore.from_certs(chain),
        signature_mechanism=algos.SignedDigestAlgorithm({"algorithm": mechanism}),
        prefer_pss=False)
    meta = signers.PdfSignatureMetadata(field_name="Signature1", md_algorithm=digest,
                                        subfilter=fields.SigSeedSubFilter.PADES)
    writer = IncrementalPdfFileWriter(BytesIO(data), strict=False)
    return signers.sign_pdf(writer, meta, signer=signer).getvalue()


def _self_signed(*, digital_signature: bool) -> Node:
    """A self-signed certificate used directly as a signer (a citizen's enrolled key)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = _name("Nguyễn Văn A", uid="CCCD:001234567890")
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(AT - 30 * DAY).not_valid_after(AT + 365 * DAY)
            .add_extension(x509.KeyUsage(
                digital_signature=digital_signature, content_commitment=digital_signature,
                key_encipherment=False, data_encipherment=False, key_agreement=False,
                key_cert_sign=not digital_signature, crl_sign=False, encipher_only=False,
                decipher_only=False), critical=True)
            .sign(key, hashes.SHA256()))
    return Node(cert, key)


def _append_without_xref(signed: bytes) -> bytes:
    """Redefine page 1's content after the signed %%EOF: an object and a trailer, no xref.

    ``startxref`` points back at the signed cross-reference section, so a parser that
    follows it sees no new revision; a reader that rebuilds the table shows the forgery.
    """
    previous = int(signed.rsplit(b"startxref", 1)[1].split()[0])
    forged = b"BT /F1 18 Tf 72 760 Td (Da sua noi dung) Tj ET"
    return (signed + b"5 0 obj\n<< /Length %d >>\nstream\n%s\nendstream\nendobj\n"
            % (len(forged), forged)
            + b"trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % previous)


# -- 1. Time you can trust ---------------------------------------------------------------

def test_expired_certificate_is_accepted_when_signature_carries_trusted_timestamp(
        verify, one_page, pki, sign, timestamper):
    report = verify(sign(one_page, pki.applicant, timestamper=timestamper), at=LATER)
    assert report.verdict is Verdict.VALID
    assert report.accepted and report.category == ""
    sig = report.signatures[0]
    assert sig.time_basis == "timestamp" and sig.timestamp_trusted


def test_expired_certificate_is_refused_when_only_the_signer_claims_a_time(
        verify, signed):
    report = verify(signed, at=LATER)
    assert report.verdict is Verdict.INVALID and not report.accepted
    assert report.category == "expired"
    assert reason_keys(report) == {"signature.expired"}
    assert report.signatures[0].claimed_signing_time is not None  # present, never proof
    assert "hết hạn" in report.citizen_message("vi")
    assert "expired" in report.citizen_message("en")
    official = report.reasons[0]
    assert official.message("vi") != official.message("en")


def test_expired_certificate_is_accepted_when_later_document_timestamp_is_trusted(
        verify, signed, timestamper):
    report = verify(_document_timestamp(signed, timestamper), at=LATER)
    assert report.verdict is Verdict.VALID, report.reasons
    assert report.category == ""
    sig = next(s for s in report.signatures if s.kind == "signature")
    assert sig.time_basis == "document_timestamp"


def test_timestamp_is_not_trusted_when_its_tsa_is_not_a_configured_root(
        verify, one_page, pki, sign, timestamper):
    stamped = sign(one_page, pki.applicant, timestamper=timestamper)
    signers_only = TrustStore.from_certificates([pki.rogue_root.der])  # the TSA's root is absent
    trust = replace(signers_only, roots=(pki.root.der,), intermediates=(pki.intermediate.der,),
                    crls=pki.crls)
    report = verify(stamped, at=LATER, trust=trust)
    assert report.signatures[0].timestamp_trusted  # same root: still trusted
    tsa_apart = TrustStore.from_certificates([pki.rogue_root.der], [pki.intermediate.der],
                                             pki.crls)
    refused = verify(stamped, at=LATER, trust=tsa_apart)
    assert refused.verdict is Verdict.INVALID and refused.category == "untrusted"


# -- 2. Anchors checked ------------------------------------------------------------------

def test_signature_is_refused_when_its_trust_root_has_expired(verify, one_page, pki, sign):
    trust = TrustStore.from_certificates([pki.expired_root.der])
    report = verify(sign(one_page, pki.under_expired_root), trust=trust)
    assert report.verdict is Verdict.INVALID
    assert report.category == "expired"
    assert report.signatures[0].chain is ChainStatus.EXPIRED
    assert "trust root" in report.signatures[0].chain_detail


def test_production_refuses_test_and_expired_roots(pki):
    from runtime.signatures.anchors import check_production_roots

    problems = check_production_roots([pki.root.der, pki.expired_root.der], AT)
    assert len(problems) == 2
    assert "demo/test root" in problems[0]


# -- 3. Algorithm policy -----------------------------------------------------------------

def test_signature_is_refused_when_hash_is_not_allowed_for_the_scheme(verify, one_page, pki):
    data = _sign_with_mechanism(one_page, pki.applicant, "sha512_ecdsa", "sha256")
    report = verify(data)
    assert report.verdict is Verdict.INVALID
    assert report.category == "broken"
    assert reason_keys(report) == {"signature.weak_algorithm"}
    sig = report.signatures[0]
    assert sig.intact  # the signed bytes are untouched; the policy refuses the combination
    assert sig.trust_problem.startswith("CRYPTO_CONSTRAINTS_FAILURE")


def test_signature_is_refused_when_hash_is_weak(verify, one_page, pki):
    report = verify(_sign_with_mechanism(one_page, pki.applicant, "sha1_ecdsa", "sha1"))
    assert report.verdict is Verdict.INVALID
    assert report.category == "broken"
    assert "signature.weak_algorithm" in reason_keys(report)


# -- 4. Revision accounting --------------------------------------------------------------

def test_appended_content_redefinition_without_xref_is_refused(verify, signed):
    report = verify(_append_without_xref(signed))
    assert report.verdict is Verdict.INVALID
    assert report.category == "modified"
    assert "signature.unsigned_update" in reason_keys(report)
    assert report.signatures[0].coverage is Coverage.ENTIRE_REVISION  # what pyHanko sees


def test_second_signature_after_certification_is_still_accepted(verify, one_page, pki, sign):
    certified = sign(one_page, pki.organisation, certify=True, docmdp=2)
    report = verify(sign(certified, pki.applicant))
    assert report.verdict is Verdict.VALID and report.category == ""


def test_white_space_after_the_signed_eof_is_accepted(verify, signed):
    report = verify(signed + b"\r\n  \n")
    assert report.verdict is Verdict.VALID and report.category == ""


# -- 5. Self-signed signer that is a configured root -------------------------------------

def test_self_signed_signer_is_refused_when_policy_does_not_allow_it(verify, one_page, sign):
    node = _self_signed(digital_signature=True)
    report = verify(sign(one_page, node), trust=TrustStore.from_certificates([node.der]))
    assert report.verdict is Verdict.INVALID
    assert report.category == "untrusted"
    assert reason_keys(report) == {"signature.self_signed"}


def test_self_signed_signer_is_accepted_when_policy_allows_it(verify, one_page, sign):
    node = _self_signed(digital_signature=True)
    trust = TrustStore.from_certificates([node.der], self_signed_signers=True)
    report = verify(sign(one_page, node), trust=trust)
    assert report.accepted and report.category == ""
    assert report.signatures[0].chain is ChainStatus.TRUSTED


def test_self_signed_signer_is_refused_when_key_usage_is_not_the_policys(
        verify, one_page, sign):
    node = _self_signed(digital_signature=False)
    trust = TrustStore.from_certificates([node.der], self_signed_signers=True)
    report = verify(sign(one_page, node), trust=trust)
    assert report.verdict is Verdict.INVALID
    assert report.category == "untrusted"
    assert "key usage" in report.signatures[0].chain_detail


# -- 6. Categories name the real problem -------------------------------------------------

def test_category_is_revoked_when_certificate_was_revoked_before_it_expired(
        verify, one_page, pki, sign):
    gone = make_cert(_name("Đỗ Văn E", uid="CCCD:001077000333"), pki.intermediate, ca=False,
                     not_before=AT - 400 * DAY, not_after=AT - 20 * DAY)
    crl = make_crl(pki.intermediate, [(gone, AT - 100 * DAY)])
    trust = TrustStore.from_certificates([pki.root.der], [pki.intermediate.der],
                                         [crl, make_crl(pki.root)])
    report = verify(sign(one_page, gone), trust=trust, policy=TRUSTED)
    assert report.verdict is Verdict.INVALID
    assert report.category == "revoked"
    assert reason_keys(report) == {"signature.revoked"}


def test_category_is_modified_when_an_expired_signature_was_also_altered(
        verify, one_page, pki, sign):
    from .pdfs import append_content_change

    report = verify(append_content_change(sign(one_page, pki.expired)))
    assert {"signature.modified", "signature.expired"} <= reason_keys(report)
    assert report.category == "modified"


@pytest.mark.parametrize(("who", "category"), [
    ("revoked", "revoked"), ("expired", "expired"), ("rogue_signer", "untrusted")])
def test_category_matches_the_certificate_problem(verify, one_page, pki, sign, who, category):
    report = verify(sign(one_page, getattr(pki, who)), policy=TRUSTED)
    assert report.verdict is Verdict.INVALID
    assert report.category == category


def test_category_is_broken_when_signature_value_is_tampered(verify, signed):
    from .pdfs import tamper_signature_value

    report = verify(tamper_signature_value(signed))
    assert report.verdict is Verdict.INVALID and report.category == "broken"


def test_category_is_unreadable_when_file_is_truncated(verify, signed):
    report = verify(signed[: len(signed) // 2])
    assert report.verdict is Verdict.UNREADABLE and report.category == "unreadable"
