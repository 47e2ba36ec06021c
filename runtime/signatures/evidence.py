"""Validation material shipped inside a signed PDF.

Certificates and revocation data can travel with the document: in the PDF's
Document Security Store (``/DSS``, PAdES-LT), in the CMS ``certificates`` and
``crls`` sets, and in Adobe's ``adbe-revocationInfoArchival`` signed attribute.
They are *untrusted input*: certificates only help to build a path to the
configured roots, and CRLs / OCSP responses are only accepted when their own
issuer validates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from asn1crypto import cms, crl, ocsp, x509
from pyhanko.pdf_utils.reader import PdfFileReader


@dataclass(frozen=True)
class Evidence:
    """Certificates and revocation data that came with the document."""

    certs: Sequence[x509.Certificate] = ()
    crls: Sequence[crl.CertificateList] = ()
    ocsps: Sequence[ocsp.OCSPResponse] = ()


def _stream_items(dss: object, key: str) -> list[bytes]:
    try:
        refs = dss[key]  # type: ignore[index]
    except (KeyError, TypeError):
        return []
    out = []
    for ref in refs:
        try:
            out.append(ref.get_object().data)
        except (AttributeError, ValueError, KeyError):  # not a stream / undecodable
            continue
    return out


def from_document(reader: PdfFileReader) -> Evidence:
    """Certificates, CRLs and OCSP responses in the document's ``/DSS``."""
    try:
        dss = reader.root["/DSS"]
    except (KeyError, TypeError):
        return Evidence()
    certs, crls, ocsps = [], [], []
    for der in _stream_items(dss, "/Certs"):
        certs.append(x509.Certificate.load(der))
    for der in _stream_items(dss, "/CRLs"):
        crls.append(crl.CertificateList.load(der))
    for der in _stream_items(dss, "/OCSPs"):
        ocsps.append(ocsp.OCSPResponse.load(der))
    return Evidence(certs, crls, ocsps)


def from_signature(signed_data: cms.SignedData, signer_info: cms.SignerInfo) -> Evidence:
    """Certificates and revocation data carried in the CMS signature itself."""
    certs = [c.chosen for c in signed_data["certificates"] or ()
             if c.name == "certificate"]
    crls: list[crl.CertificateList] = []
    ocsps: list[ocsp.OCSPResponse] = []
    for choice in signed_data["crls"] or ():
        if choice.name == "crl":
            crls.append(choice.chosen)
    signed_attrs = signer_info["signed_attrs"]
    for attr in signed_attrs or ():
        if attr["type"].native != "adobe_revocation_info_archival":
            continue
        for archival in attr["values"]:
            crls.extend(archival["crl"] or ())
            ocsps.extend(archival["ocsp"] or ())
    return Evidence(certs, crls, ocsps)


def merge(*items: Evidence) -> Evidence:
    """Concatenate several evidence sets."""
    return Evidence(
        [c for e in items for c in e.certs],
        [c for e in items for c in e.crls],
        [o for e in items for o in e.ocsps],
    )
