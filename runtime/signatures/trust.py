"""Trust roots, intermediate certificates and CRLs configured by the operator.

A trust directory looks like::

    trust/
      roots/           CA certificates signatures must chain to (PEM or DER)
      intermediates/   optional extra CA certificates for path building
      crls/            optional CRLs (PEM or DER), refreshed by the operator
      tsa/             optional extra roots trusted for RFC 3161 timestamps only

Certificate files placed directly in the directory are read as roots too.
Every anchor's own validity period is checked at validation time
(:func:`runtime.signatures.chain.path_problem`): an expired root trusts nothing.
The operating system's trust list is never consulted, and nothing is fetched
from the network: every :class:`~pyhanko_certvalidator.ValidationContext`
made here has explicit ``trust_roots`` and ``allow_fetching=False``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from asn1crypto import crl, pem, x509
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.policy_decl import (
    CertRevTrustPolicy,
    RevocationCheckingPolicy,
    RevocationCheckingRule,
)

_CERT_SUFFIXES = frozenset({".pem", ".crt", ".cer", ".der"})
_CRL_SUFFIXES = frozenset({".pem", ".crl", ".der"})


class TrustStoreError(ValueError):
    """A file in the trust directory could not be read."""


def _blocks(path: Path, kinds: tuple[str, ...]) -> list[bytes]:
    """DER blocks in a PEM or DER file; PEM blocks of other kinds are skipped."""
    data = path.read_bytes()
    if not pem.detect(data):
        return [data]
    return [der for kind, _headers, der in pem.unarmor(data, multiple=True) if kind in kinds]


def _load(path: Path, suffixes: frozenset[str], kinds: tuple[str, ...],
          parser: type) -> list[bytes]:
    if not path.is_dir():
        return []
    found: list[bytes] = []
    for file in sorted(path.iterdir()):
        if not file.is_file() or file.suffix.lower() not in suffixes:
            continue
        try:
            for der in _blocks(file, kinds):
                parser.load(der).native  # noqa: B018 - force a full parse to fail early
                found.append(der)
        except (ValueError, TypeError, OSError) as exc:
            raise TrustStoreError(f"{file}: not a readable {parser.__name__}: {exc}") from exc
    return found


@lru_cache(maxsize=512)
def _certificate(der: bytes) -> x509.Certificate:
    """Parsed certificate, shared between validation contexts.

    asn1crypto caches derived values (normalised names, key identifiers) on
    the object, so reusing it makes path building several times faster.
    """
    return x509.Certificate.load(der)


@lru_cache(maxsize=128)
def _crl(der: bytes) -> crl.CertificateList:
    return crl.CertificateList.load(der)


def _der(items: Iterable[bytes]) -> tuple[bytes, ...]:
    """Each item as DER; PEM items may hold several blocks."""
    out: list[bytes] = []
    for item in items:
        if pem.detect(item):
            out.extend(der for _kind, _headers, der in pem.unarmor(item, multiple=True))
        else:
            out.append(item)
    return tuple(out)


def revocation_policy(ee: RevocationCheckingRule,
                      ca: RevocationCheckingRule) -> CertRevTrustPolicy:
    """A revocation policy with separate rules for the signer and CA certificates."""
    return CertRevTrustPolicy(RevocationCheckingPolicy(ee_certificate_rule=ee,
                                                       intermediate_ca_cert_rule=ca))


#: Path validation only; revocation is assessed in separate passes.
NO_REVOCATION = revocation_policy(RevocationCheckingRule.NO_CHECK,
                                  RevocationCheckingRule.NO_CHECK)


@dataclass(frozen=True)
class TrustStore:
    """Immutable, picklable set of trust anchors, CA certificates and CRLs (DER)."""

    roots: tuple[bytes, ...] = ()
    """Trust anchors."""
    intermediates: tuple[bytes, ...] = ()
    """Untrusted CA certificates offered for path building."""
    crls: tuple[bytes, ...] = ()
    """Certificate revocation lists."""
    source: str = ""
    """Where the store was loaded from, for reports and logs."""
    tsa_roots: tuple[bytes, ...] = ()
    """Extra anchors trusted for timestamp authorities only (never for signers)."""
    self_signed_signers: bool = False
    """Deployment policy: a signer whose certificate *is* one of ``roots``
    (e.g. a registry that enrols citizens' own keys) is accepted. Off by default."""
    self_signed_key_usage: tuple[str, ...] = ("digital_signature", "non_repudiation")
    """Key usages such a self-signed signer certificate must allow (any one of them)."""

    @classmethod
    def from_directory(cls, path: str | Path) -> TrustStore:
        """Load ``roots/``, ``intermediates/`` and ``crls/`` under ``path``."""
        base = Path(path)
        if not base.is_dir():
            raise TrustStoreError(f"{base}: trust directory does not exist")
        cert_kinds = ("CERTIFICATE", "TRUSTED CERTIFICATE")
        roots = _load(base / "roots", _CERT_SUFFIXES, cert_kinds, x509.Certificate)
        roots += _load(base, _CERT_SUFFIXES, cert_kinds, x509.Certificate)
        return cls(
            roots=tuple(dict.fromkeys(roots)),
            intermediates=tuple(_load(base / "intermediates", _CERT_SUFFIXES, cert_kinds,
                                      x509.Certificate)),
            crls=tuple(_load(base / "crls", _CRL_SUFFIXES, ("X509 CRL",), crl.CertificateList)),
            source=str(base),
            tsa_roots=tuple(_load(base / "tsa", _CERT_SUFFIXES, cert_kinds, x509.Certificate)),
        )

    @classmethod
    def from_certificates(cls, roots: Iterable[bytes], intermediates: Iterable[bytes] = (),
                          crls: Iterable[bytes] = (), source: str = "", *,
                          tsa_roots: Iterable[bytes] = (), self_signed_signers: bool = False,
                          ) -> TrustStore:
        """Build a store from DER (or PEM) encoded certificates and CRLs."""
        return cls(_der(roots), _der(intermediates), _der(crls), source,
                   tsa_roots=_der(tsa_roots), self_signed_signers=self_signed_signers)

    def merged(self, other: TrustStore) -> TrustStore:
        """A store with the anchors, certificates and CRLs of both."""
        return TrustStore(
            tuple(dict.fromkeys(self.roots + other.roots)),
            tuple(dict.fromkeys(self.intermediates + other.intermediates)),
            tuple(dict.fromkeys(self.crls + other.crls)),
            " + ".join(s for s in (self.source, other.source) if s),
            tuple(dict.fromkeys(self.tsa_roots + other.tsa_roots)),
            self.self_signed_signers or other.self_signed_signers,
            self.self_signed_key_usage,
        )

    def is_root(self, cert: x509.Certificate) -> bool:
        """True when ``cert`` is one of the configured signer trust anchors."""
        return cert.dump() in self.roots

    def validation_context(self, moment: datetime, *,
                           revinfo_policy: CertRevTrustPolicy = NO_REVOCATION,
                           other_certs: Iterable[x509.Certificate] = (),
                           crls: Iterable[crl.CertificateList] = (),
                           ocsps: Iterable[object] = (),
                           tsa: bool = False) -> ValidationContext:
        """A fresh validation context at ``moment`` (never the OS trust list, never fetching).

        ``tsa=True`` adds the timestamp-only anchors (:attr:`tsa_roots`).
        """
        anchors = self.roots + self.tsa_roots if tsa else self.roots
        return ValidationContext(
            trust_roots=[_certificate(r) for r in anchors],
            other_certs=[*(_certificate(c) for c in self.intermediates), *other_certs],
            crls=[*(_crl(c) for c in self.crls), *crls],
            ocsps=list(ocsps),
            moment=moment,
            allow_fetching=False,
            revinfo_policy=revinfo_policy,
        )
