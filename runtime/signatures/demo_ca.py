"""A demo certification authority and a PDF signing helper.

For development and product demos only: the keys are stored unencrypted.
:meth:`DemoCA.open` creates (once) and then reuses a root CA and an
intermediate "signing CA" under a directory such as ``instance/demo-ca/``,
issues person and organisation certificates on demand (cached per identity),
and publishes an empty CRL per CA so demo signatures validate with revocation
checked. Operators trust it explicitly (``motcua demo ca --dir DIR``); nothing
here is trusted by default.

:func:`sign_pdf` signs with any :class:`SigningCredentials` (demo or real
PEM material), e.g. agency receipts signed with an organisation certificate.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from asn1crypto import keys, pem
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.x509.oid import NameOID
from filelock import FileLock

from runtime.signatures import pki
from runtime.signatures.trust import TrustStore

_ROOT_DAYS, _CA_DAYS, _SIGNER_DAYS, _CRL_DAYS = 20 * 365, 10 * 365, 2 * 365, 365
_READ_CACHE = 256  # signers' credentials kept in memory per CA (agencies sign with a few)
_BRAND = "motcua demo CA - KHÔNG CÓ GIÁ TRỊ PHÁP LÝ"


@dataclass(frozen=True)
class SigningCredentials:
    """PEM certificate, private key and CA chain (issuer first) of a signer."""

    cert_pem: bytes
    key_pem: bytes
    chain_pems: tuple[bytes, ...] = ()


def _der(pem_bytes: bytes) -> bytes:
    return pem.unarmor(pem_bytes)[2] if pem.detect(pem_bytes) else pem_bytes


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    ascii_text = ascii_text.encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-").lower()[:40] or "x"


class DemoCA:
    """Root + intermediate CA kept on disk under ``directory``."""

    def __init__(self, directory: Path, root: pki.Issued, intermediate: pki.Issued) -> None:
        self.directory = directory
        self.root = root
        self.intermediate = intermediate
        #: Signers' credentials this process read and checked, per file stem, with the certificate's expiry.
        self._read: dict[str, tuple[datetime, SigningCredentials]] = {}

    @classmethod
    def open(cls, directory: str | Path) -> DemoCA:
        """Load the CA from ``directory``, creating it on first use (process-safe)."""
        base = Path(directory)
        base.mkdir(parents=True, exist_ok=True)
        with FileLock(str(base / ".lock")):
            now = datetime.now(UTC).replace(microsecond=0)
            root, fresh_root = cls._load_or_issue(base, "root", lambda: pki.issue(
                pki.name((NameOID.COUNTRY_NAME, "VN"), (NameOID.ORGANIZATION_NAME, _BRAND),
                         (NameOID.COMMON_NAME, "motcua Demo Root CA")),
                pki.new_key(), issuer=None, not_before=now - timedelta(days=1),
                not_after=now + timedelta(days=_ROOT_DAYS), ca=True, path_length=1))
            intermediate, fresh_intermediate = cls._load_or_issue(base, "intermediate", lambda: pki.issue(
                pki.name((NameOID.COUNTRY_NAME, "VN"), (NameOID.ORGANIZATION_NAME, _BRAND),
                         (NameOID.COMMON_NAME, "motcua Demo Signing CA")),
                pki.new_key(), issuer=root, not_before=now - timedelta(days=1),
                not_after=now + timedelta(days=_CA_DAYS), ca=True, path_length=0),
                force=fresh_root)
            ca = cls(base, root, intermediate)
            ca._refresh_crls(now, force=fresh_root or fresh_intermediate)
        return ca

    @staticmethod
    def _load_or_issue(base: Path, stem: str, make: Callable[[], pki.Issued],
                       force: bool = False) -> tuple[pki.Issued, bool]:
        """Cached ``stem.pem``/``stem.key``; (re)issued when missing, expiring or forced."""
        cert_file, key_file = base / f"{stem}.pem", base / f"{stem}.key"
        if cert_file.exists() and key_file.exists() and not force:
            issued = pki.Issued(cert_file.read_bytes(), key_file.read_bytes())
            if issued.cert.not_valid_after_utc > datetime.now(UTC) + timedelta(days=1):
                return issued, False
        issued = make()
        key_file.write_bytes(issued.key_pem)
        key_file.chmod(0o600)
        cert_file.write_bytes(issued.cert_pem)
        return issued, True

    def _refresh_crls(self, now: datetime, force: bool) -> None:
        """Re-sign the (empty) CRLs when a CA changed or they are over 30 days old."""
        crl_dir = self.directory / "crls"
        crl_dir.mkdir(exist_ok=True)
        for stem, issuer in (("root", self.root), ("intermediate", self.intermediate)):
            target = crl_dir / f"{stem}.crl"
            recent = target.exists() and target.stat().st_mtime > now.timestamp() - 30 * 86400
            if recent and not force:
                continue
            target.write_bytes(pki.crl_for(issuer, (), this_update=now - timedelta(hours=1),
                                           next_update=now + timedelta(days=_CRL_DAYS)))

    def crls(self) -> tuple[bytes, ...]:
        """The CAs' current (empty) CRLs, DER."""
        return tuple(p.read_bytes() for p in sorted((self.directory / "crls").glob("*.crl")))

    def trust_store(self) -> TrustStore:
        """A trust store that trusts this demo CA (and knows its CRLs)."""
        return TrustStore.from_certificates([self.root.cert_pem], [self.intermediate.cert_pem],
                                            self.crls(), source=f"demo CA {self.directory}")

    def issue_person(self, personal_id: str, full_name: str) -> SigningCredentials:
        """Credentials for a citizen: ``CN=<name>, UID=CCCD:<12-digit ID>``."""
        if not re.fullmatch(r"\d{12}", personal_id):
            raise ValueError("personal ID must be 12 digits")
        subject = pki.name((NameOID.COUNTRY_NAME, "VN"), (pki.UID, f"CCCD:{personal_id}"),
                           (NameOID.COMMON_NAME, full_name))
        return self._issue_cached(f"person-{personal_id}-{_slug(full_name)}", subject)

    def issue_organisation(self, org_name: str, tax_code: str,
                           agency_code: str | None = None) -> SigningCredentials:
        """Credentials for an agency: ``O=CN=<name>, UID=MST:<tax code>`` (+ agency code)."""
        if not re.fullmatch(r"\d{10}(-\d{3})?", tax_code):
            raise ValueError("tax code must be 10 digits, optionally -NNN")
        pairs = [(NameOID.COUNTRY_NAME, "VN"), (NameOID.ORGANIZATION_NAME, org_name),
                 (pki.UID, f"MST:{tax_code}")]
        if agency_code:
            pairs.append((NameOID.ORGANIZATION_IDENTIFIER, agency_code))
        pairs.append((NameOID.COMMON_NAME, org_name))
        slug = f"org-{tax_code}-{_slug(agency_code or '')}-{_slug(org_name)}"
        return self._issue_cached(slug, pki.name(*pairs))

    def _issued_by_us(self, cert_file: Path) -> bool:
        """False when a cached certificate was issued by a previous intermediate."""
        if not cert_file.exists():
            return True
        try:
            pki.Issued(cert_file.read_bytes(), b"").cert.verify_directly_issued_by(
                self.intermediate.cert)
        except (ValueError, TypeError, InvalidSignature):
            return False
        return True

    def _issue_cached(self, slug: str, subject: x509.Name) -> SigningCredentials:
        signer_dir = self.directory / "signers"
        digest = hashlib.sha256(subject.public_bytes()).hexdigest()[:8]
        stem = f"{slug[:60]}-{digest}"
        files = (signer_dir / f"{stem}.pem", signer_dir / f"{stem}.key")
        read = self._read.get(stem)
        if read is not None and read[0] > datetime.now(UTC) + timedelta(days=1) and _unchanged(files, read[1]):
            return read[1]  # the files this process read and checked, unchanged since: no lock, no parsing
        signer_dir.mkdir(exist_ok=True)
        with FileLock(str(self.directory / ".lock")):
            now = datetime.now(UTC).replace(microsecond=0)
            issued, _ = self._load_or_issue(signer_dir, stem, lambda: pki.issue(
                subject, pki.new_key(), issuer=self.intermediate,
                not_before=now - timedelta(days=1), not_after=now + timedelta(days=_SIGNER_DAYS),
                ca=False), force=not self._issued_by_us(files[0]))
        credentials = SigningCredentials(issued.cert_pem, issued.key_pem,
                                         (self.intermediate.cert_pem, self.root.cert_pem))
        if len(self._read) >= _READ_CACHE:
            self._read.pop(next(iter(self._read)), None)
        self._read[stem] = (issued.cert.not_valid_after_utc, credentials)
        return credentials


def _unchanged(files: tuple[Path, Path], credentials: SigningCredentials) -> bool:
    """Whether the certificate and key files still hold ``credentials`` (another process may reissue them)."""
    try:
        return files[0].read_bytes() == credentials.cert_pem and files[1].read_bytes() == credentials.key_pem
    except FileNotFoundError:
        return False


@lru_cache(maxsize=64)
def _pyhanko_signer(signer: SigningCredentials) -> Any:
    """pyHanko's signer for ``signer``'s PEM material, built once per credentials (their whole content is
    the key, so new or reissued credentials get a signer of their own)."""
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    chain = [asn1_x509.Certificate.load(_der(c)) for c in signer.chain_pems]
    return signers.SimpleSigner(signing_cert=asn1_x509.Certificate.load(_der(signer.cert_pem)),
                                signing_key=keys.PrivateKeyInfo.load(_der(signer.key_pem)),
                                cert_registry=SimpleCertificateStore.from_certs(chain))


def sign_pdf(data: bytes, signer: SigningCredentials, *, field_name: str | None = None,
             reason: str | None = None, location: str | None = None,
             certify: bool = False, docmdp: int = 2, timestamper: object = None) -> bytes:
    """Sign ``data`` (a PDF) with ``signer``'s PEM material and return the signed bytes
    (:func:`runtime.signing.pdf.sign_pdf_with`: PAdES, SHA-256; ``certify`` and ``docmdp`` as there)."""
    from runtime.signing.pdf import sign_pdf_with

    return sign_pdf_with(data, _pyhanko_signer(signer), field_name=field_name, reason=reason,
                         location=location, certify=certify, docmdp=docmdp, timestamper=timestamper)
