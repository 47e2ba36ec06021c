"""Signing a PDF with any pyHanko signer (demo credentials, a PKCS#12 key, a PKCS#11 token): one function.

Two things pyHanko redoes for every signature are done once per signer object
here, with the same result:

- the signed ``signing-certificate-v2`` attribute (the signer's certificate,
  hashed, with its issuer and serial number), which pyHanko builds afresh
  through asn1crypto for every signature, at about half the signature's CPU:
  it is encoded once per certificate and reused;
- the space reserved for the signature: pyHanko sizes it by building a whole
  dummy signature first (a dry run, ``bytes_reserved=None``), as costly again.
  Without a timestamper that size depends only on the signer (certificate,
  chain, key type, digest), so the first signature of each signer object is
  sized by pyHanko and later ones reserve the bytes read back from it.

The issued PDFs carry the same signature, laid out as before.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from asn1crypto import tsp, x509
from pyhanko.sign.attributes import CMSAttributeProvider, SignedAttributeProviderSpec, SigningCertificateV2Provider
from pyhanko.sign.general import as_signing_certificate_v2


class _EncodedSigningCertificate(SigningCertificateV2Provider):
    """pyHanko's ``signing-certificate-v2`` provider, with the value encoded once."""

    def __init__(self, signing_cert: x509.Certificate):
        super().__init__(signing_cert)
        self._der = as_signing_certificate_v2(signing_cert).dump()

    async def build_attr_value(self, dry_run: bool = False) -> tsp.SigningCertificateV2:
        return tsp.SigningCertificateV2.load(self._der)  # parsed, never modified: dumped without re-encoding


class _PadesSignedAttributes(SignedAttributeProviderSpec):
    """The signed attributes pyHanko gives a PAdES signature without CAdES options: signing-certificate-v2
    (with content type and message digest, which pyHanko always adds)."""

    def __init__(self, signing_cert: x509.Certificate):
        self._provider = _EncodedSigningCertificate(signing_cert)

    def signed_attr_providers(self, data_digest: bytes, digest_algorithm: str) -> Iterable[CMSAttributeProvider]:
        yield self._provider


@dataclass
class _Prepared:
    """What :func:`sign_pdf_with` keeps per signer object (for the certificate it had then)."""

    cert: x509.Certificate
    reserved: int | None = None


_prepared: weakref.WeakKeyDictionary[Any, _Prepared] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def _prepare(signer: Any, cert: x509.Certificate) -> _Prepared:
    with _lock:
        prepared = _prepared.get(signer)
        if prepared is None or prepared.cert is not cert:
            # asn1crypto parses lazily, writing as it reads: parse the certificates this signer shares between
            # threads whole, once, before any signature reads them
            for shared in (cert, *(signer.cert_registry or ())):
                shared.native  # noqa: B018
            prepared = _prepared[signer] = _Prepared(cert)
            if signer.signed_attr_prov_spec is None or isinstance(signer.signed_attr_prov_spec,
                                                                  _PadesSignedAttributes):
                signer.signed_attr_prov_spec = _PadesSignedAttributes(cert)  # else: the signer's own choice
        return prepared


def _reserved_in(signed: bytes) -> int:
    """The ``bytes_reserved`` of the last signature in ``signed``: the hex digits of its /Contents."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    contents = PdfFileReader(BytesIO(signed), strict=False).embedded_signatures[-1].sig_object["/Contents"]
    return 2 * len(contents)


def sign_pdf_with(data: bytes, signer: Any, *, field_name: str | None = None, reason: str | None = None,
                  location: str | None = None, certify: bool = False, docmdp: int = 2,
                  timestamper: Any = None) -> bytes:
    """Sign ``data`` (a PDF) with the pyHanko ``signer`` and return the signed bytes.

    Appends an incremental update with a PAdES signature (SHA-256) in the field
    ``field_name`` (default: ``SignatureN``, after the existing ones). With
    ``certify=True`` the signature is a certification signature whose DocMDP
    level ``docmdp`` (1 no changes, 2 form filling, 3 annotations) binds later
    changes. ``timestamper`` is an optional pyHanko ``TimeStamper``.
    """
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    writer = IncrementalPdfFileWriter(BytesIO(data), strict=False)
    if field_name is None:
        existing = sum(1 for _ in fields.enumerate_sig_fields(writer))
        field_name = f"Signature{existing + 1}"
    cert = signer.signing_cert
    prepared = _prepare(signer, cert) if cert is not None else None
    meta = signers.PdfSignatureMetadata(
        field_name=field_name, md_algorithm="sha256", reason=reason, location=location,
        name=cert.subject.native.get("common_name") if cert is not None else None, certify=certify,
        docmdp_permissions=fields.MDPPerm(docmdp), subfilter=fields.SigSeedSubFilter.PADES)
    if prepared is None:  # no certificate: pyHanko reports it
        return signers.sign_pdf(writer, meta, signer=signer, timestamper=timestamper).getvalue()
    sized = timestamper is None  # a timestamp token's size is the TSA's: pyHanko estimates it every time
    reserved = prepared.reserved if sized else None
    signed = signers.sign_pdf(writer, meta, signer=signer, timestamper=timestamper,
                              bytes_reserved=reserved).getvalue()
    if sized and reserved is None:
        prepared.reserved = _reserved_in(signed)
    return signed


def certify_pdf(pdf: bytes, signer: Any, *, reason: str, location: str) -> bytes:
    """A PAdES certification signature (SHA-256, DocMDP 1: no later changes) by ``signer``."""
    return sign_pdf_with(pdf, signer, reason=reason, location=location, certify=True, docmdp=1)
