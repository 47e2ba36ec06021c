"""Small certificate-issuing helpers on top of ``cryptography`` (for the demo CA).

Keys are EC P-256: key generation and signing are fast, and every Vietnamese
CA product in use accepts ECDSA signatures in PDFs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

#: Subject attribute for user IDs (UID), where Vietnamese CAs put ``CCCD:…``.
UID = NameOID.USER_ID


@dataclass(frozen=True)
class Issued:
    """A certificate and its private key, both PEM encoded."""

    cert_pem: bytes
    key_pem: bytes

    @property
    def cert(self) -> x509.Certificate:
        """The certificate as a ``cryptography`` object."""
        return x509.load_pem_x509_certificate(self.cert_pem)

    @property
    def key(self) -> ec.EllipticCurvePrivateKey:
        """The private key as a ``cryptography`` object."""
        key = serialization.load_pem_private_key(self.key_pem, password=None)
        assert isinstance(key, ec.EllipticCurvePrivateKey)
        return key


def name(*pairs: tuple[x509.ObjectIdentifier, str]) -> x509.Name:
    """A distinguished name from ``(oid, value)`` pairs, one attribute per RDN."""
    return x509.Name([x509.NameAttribute(oid, value) for oid, value in pairs])


def new_key() -> ec.EllipticCurvePrivateKey:
    """A fresh EC P-256 private key."""
    return ec.generate_private_key(ec.SECP256R1())


def issue(subject: x509.Name, key: ec.EllipticCurvePrivateKey, *,
          issuer: Issued | None, not_before: datetime, not_after: datetime,
          ca: bool, path_length: int | None = None,
          extra: Iterable[x509.ExtensionType] = ()) -> Issued:
    """Issue a certificate for ``key``; self-signed when ``issuer`` is ``None``."""
    signing_key = issuer.key if issuer else key
    issuer_name = issuer.cert.subject if issuer else subject
    public = key.public_key()
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_name)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=path_length if ca else None),
                       critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .add_extension(_key_usage(ca), critical=True)
    )
    authority = issuer.key.public_key() if issuer else public
    builder = builder.add_extension(
        x509.AuthorityKeyIdentifier.from_issuer_public_key(authority), critical=False)
    for extension in extra:
        builder = builder.add_extension(extension, critical=False)
    cert = builder.sign(signing_key, hashes.SHA256())
    return Issued(cert.public_bytes(serialization.Encoding.PEM), key_pem(key))


def _key_usage(ca: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True, content_commitment=not ca, key_encipherment=False,
        data_encipherment=False, key_agreement=False, key_cert_sign=ca, crl_sign=ca,
        encipher_only=False, decipher_only=False)


def key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    """Unencrypted PKCS#8 PEM for ``key`` (demo material only)."""
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def crl_for(issuer: Issued, revoked: Iterable[tuple[int, datetime]], *,
            this_update: datetime, next_update: datetime) -> bytes:
    """A DER CRL signed by ``issuer`` listing ``(serial, revocation time)`` pairs."""
    builder = (x509.CertificateRevocationListBuilder()
               .issuer_name(issuer.cert.subject)
               .last_update(this_update)
               .next_update(next_update)
               .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                   issuer.key.public_key()), critical=False)
               .add_extension(x509.CRLNumber(int(this_update.timestamp())), critical=False))
    for serial, when in revoked:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(when).build())
    return builder.sign(issuer.key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)


def now_minus(delta: timedelta, now: datetime) -> datetime:
    """``now - delta`` truncated to whole seconds (X.509 times have no fractions)."""
    return (now - delta).replace(microsecond=0)
