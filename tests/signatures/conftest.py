"""Fixtures for the signature tests: a test PKI, trust stores, PDFs, a sandbox."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

import pytest
from asn1crypto import keys
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko_certvalidator.registry import SimpleCertificateStore

from runtime.signatures.demo_ca import SigningCredentials, sign_pdf
from runtime.signatures.report import AttachmentVerification, SignaturePolicy
from runtime.signatures.sandbox import Sandbox
from runtime.signatures.trust import TrustStore
from runtime.signatures.verify import verify_pdf

from .pdfs import text_pdf
from .pki import AT, TestPki, build_pki

APPLICANT_ID = "001234567890"
APPLICANT = SignaturePolicy(required=True, signer="applicant")
TRUSTED = SignaturePolicy(required=True, signer="trusted")

Verify = Callable[..., AttachmentVerification]


@pytest.fixture(scope="session")
def pki() -> TestPki:
    return build_pki()


@pytest.fixture(scope="session")
def trust(pki: TestPki) -> TrustStore:
    """Trusts the test root; knows the intermediate and both CRLs."""
    return TrustStore.from_certificates([pki.root.der], [pki.intermediate.der], pki.crls,
                                        source="test")


@pytest.fixture(scope="session")
def trust_without_crls(pki: TestPki) -> TrustStore:
    return TrustStore.from_certificates([pki.root.der], [pki.intermediate.der])


@pytest.fixture(scope="session")
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(workers=2) as pool:
        yield pool


@pytest.fixture(scope="session")
def verify(sandbox: Sandbox, trust: TrustStore) -> Verify:
    """``verify(data, policy=APPLICANT, ...)`` at the frozen time, through the sandbox."""
    def run(data: bytes, policy: SignaturePolicy = APPLICANT,
            applicant_ids: frozenset[str] = frozenset({APPLICANT_ID}),
            **kwargs: object) -> AttachmentVerification:
        kwargs.setdefault("trust", trust)
        kwargs.setdefault("at", AT)
        kwargs.setdefault("sandbox", sandbox)
        return verify_pdf(data, policy, applicant_ids=applicant_ids,
                          **kwargs)  # type: ignore[arg-type]
    return run


@pytest.fixture(scope="session")
def one_page() -> bytes:
    return text_pdf(1)


@pytest.fixture(scope="session")
def fifty_pages() -> bytes:
    return text_pdf(50)


@pytest.fixture(scope="session")
def sign() -> Callable[..., bytes]:
    """``sign(data, node_or_credentials, **sign_pdf_kwargs)``."""
    def run(data: bytes, who: object, **kwargs: object) -> bytes:
        credentials = who if isinstance(who, SigningCredentials) else who.credentials()
        return sign_pdf(data, credentials, **kwargs)  # type: ignore[arg-type]
    return run


@pytest.fixture(scope="session")
def timestamper(pki: TestPki) -> DummyTimeStamper:
    """An in-process RFC 3161 TSA whose certificate chains to the test root."""
    key = pki.tsa.key.private_bytes(serialization.Encoding.DER,
                                    serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption())
    return DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(pki.tsa.der),
        tsa_key=keys.PrivateKeyInfo.load(key),
        certs_to_embed=SimpleCertificateStore.from_certs(
            [asn1_x509.Certificate.load(pki.intermediate.der)]),
    )


@pytest.fixture(scope="session")
def signed(one_page: bytes, pki: TestPki, sign: Callable[..., bytes]) -> bytes:
    """One-page PDF signed by the applicant."""
    return sign(one_page, pki.applicant)


def reason_keys(report: AttachmentVerification) -> set[str]:
    return {r.key for r in report.reasons}


__all__ = ["APPLICANT", "APPLICANT_ID", "AT", "TRUSTED", "Verify", "partial", "reason_keys"]
