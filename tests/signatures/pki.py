"""A throw-away PKI for the signature tests, built with ``cryptography``.

Deliberately independent of :mod:`runtime.signatures.pki` so the tests do not
trust the code under test to produce their certificates.

All validity periods are relative to :data:`AT`, the frozen "now" that tests
pass to ``verify_pdf(at=...)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from runtime.signatures.demo_ca import SigningCredentials

#: Frozen validation time; certificates are valid around it.
AT = datetime.now(UTC).replace(microsecond=0)
DAY = timedelta(days=1)


@dataclass
class Node:
    """A certificate with its key."""

    cert: x509.Certificate
    key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey
    issuer: Node | None = None
    children: list[Node] = field(default_factory=list)

    @property
    def pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)

    @property
    def der(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.DER)

    def credentials(self) -> SigningCredentials:
        """Signing material with the chain up to (and including) the root."""
        chain, node = [], self.issuer
        while node is not None:
            chain.append(node.pem)
            node = node.issuer
        key = self.key.private_bytes(serialization.Encoding.PEM,
                                     serialization.PrivateFormat.PKCS8,
                                     serialization.NoEncryption())
        return SigningCredentials(self.pem, key, tuple(chain))


def _name(cn: str, uid: str | None = None, org: str | None = None) -> x509.Name:
    attrs = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
    if org:
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, org))
    if uid:
        attrs.append(x509.NameAttribute(NameOID.USER_ID, uid))
    attrs.append(x509.NameAttribute(NameOID.COMMON_NAME, cn))
    return x509.Name(attrs)


def make_cert(subject: x509.Name, issuer: Node | None, *, ca: bool,
              not_before: datetime = AT - 30 * DAY, not_after: datetime = AT + 365 * DAY,
              tsa: bool = False) -> Node:
    """Issue a certificate (self-signed when ``issuer`` is None).

    Keys are EC P-256, except RSA-2048 for the TSA (pyHanko's test TSA is RSA-only).
    """
    key = (rsa.generate_private_key(65537, 2048) if tsa
           else ec.generate_private_key(ec.SECP256R1()))
    signer_key = issuer.key if issuer else key
    builder = (x509.CertificateBuilder()
               .subject_name(subject)
               .issuer_name(issuer.cert.subject if issuer else subject)
               .public_key(key.public_key())
               .serial_number(x509.random_serial_number())
               .not_valid_before(not_before)
               .not_valid_after(not_after)
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
               .add_extension(x509.KeyUsage(
                   digital_signature=True, content_commitment=not ca and not tsa,
                   key_encipherment=False, data_encipherment=False, key_agreement=False,
                   key_cert_sign=ca, crl_sign=ca, encipher_only=False, decipher_only=False),
                   critical=True)
               .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                              critical=False)
               .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                   signer_key.public_key()), critical=False))
    if tsa:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
    node = Node(builder.sign(signer_key, hashes.SHA256()), key, issuer)
    if issuer:
        issuer.children.append(node)
    return node


def make_crl(issuer: Node, revoked: list[tuple[Node, datetime]] = (),
             this_update: datetime = AT - DAY, next_update: datetime = AT + 7 * DAY) -> bytes:
    """A DER CRL from ``issuer`` listing ``revoked`` certificates."""
    builder = (x509.CertificateRevocationListBuilder()
               .issuer_name(issuer.cert.subject)
               .last_update(this_update)
               .next_update(next_update)
               .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                   issuer.key.public_key()), critical=False)
               .add_extension(x509.CRLNumber(1), critical=False))
    for node, when in revoked:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder().serial_number(node.cert.serial_number)
            .revocation_date(when).build())
    return builder.sign(issuer.key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)


@dataclass
class TestPki:
    """Everything the tests sign and verify with."""

    root: Node
    intermediate: Node
    applicant: Node
    other_person: Node
    organisation: Node
    expired: Node
    revoked: Node
    tsa: Node
    rogue_root: Node
    rogue_signer: Node
    crls: tuple[bytes, ...]
    expired_root: Node | None = None
    """A root whose own validity ended 10 days before :data:`AT`."""
    under_expired_root: Node | None = None
    """A signer, itself valid at :data:`AT`, issued by :attr:`expired_root`."""

    __test__ = False  # not a pytest test class


def build_pki() -> TestPki:
    """Root → intermediate → signers; a rogue root; CRLs revoking one signer."""
    root = make_cert(_name("Test Root CA", org="Bộ Kiểm thử"), None, ca=True,
                     not_before=AT - 3650 * DAY, not_after=AT + 3650 * DAY)
    inter = make_cert(_name("Test Signing CA", org="Bộ Kiểm thử"), root, ca=True,
                      not_before=AT - 1000 * DAY, not_after=AT + 3000 * DAY)
    revoked = make_cert(_name("Lê Văn C", uid="CCCD:001099000111"), inter, ca=False)
    rogue_root = make_cert(_name("Rogue Root CA"), None, ca=True)
    crls = (make_crl(inter, [(revoked, AT - 2 * DAY)]), make_crl(root))
    expired_root = make_cert(_name("Old Root CA", org="Bộ Kiểm thử"), None, ca=True,
                             not_before=AT - 3650 * DAY, not_after=AT - 10 * DAY)
    return TestPki(
        expired_root=expired_root,
        under_expired_root=make_cert(_name("Nguyễn Văn A", uid="CCCD:001234567890"),
                                     expired_root, ca=False, not_before=AT - 30 * DAY,
                                     not_after=AT + 365 * DAY),
        root=root,
        intermediate=inter,
        applicant=make_cert(_name("Nguyễn Văn A", uid="CCCD:001234567890"), inter, ca=False),
        other_person=make_cert(_name("Trần Thị B", uid="CCCD:079123456789"), inter, ca=False),
        organisation=make_cert(_name("UBND Phường Bến Nghé", uid="MST:0301234567",
                                     org="UBND Phường Bến Nghé"), inter, ca=False),
        expired=make_cert(_name("Phạm Văn D", uid="CCCD:001088000222"), inter, ca=False,
                          not_before=AT - 800 * DAY, not_after=AT - 35 * DAY),
        revoked=revoked,
        tsa=make_cert(_name("Test TSA"), inter, ca=False, tsa=True,
                      not_before=AT - 100 * DAY, not_after=AT + 2000 * DAY),
        rogue_root=rogue_root,
        rogue_signer=make_cert(_name("Nguyễn Văn A", uid="CCCD:001234567890"), rogue_root,
                               ca=False),
        crls=crls,
    )
