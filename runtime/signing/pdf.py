"""Signing a PDF with any pyHanko signer (a PKCS#12 key, a PKCS#11 token) as an agency."""

from __future__ import annotations

from io import BytesIO
from typing import Any


def certify_pdf(pdf: bytes, signer: Any, *, reason: str, location: str) -> bytes:
    """A PAdES certification signature (SHA-256, DocMDP 1: no later changes) by ``signer``."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
    existing = sum(1 for _ in fields.enumerate_sig_fields(writer))
    cert = signer.signing_cert
    meta = signers.PdfSignatureMetadata(
        field_name=f"Signature{existing + 1}", md_algorithm="sha256", reason=reason, location=location,
        name=cert.subject.native.get("common_name") if cert is not None else None, certify=True,
        docmdp_permissions=fields.MDPPerm(1), subfilter=fields.SigSeedSubFilter.PADES)
    return signers.sign_pdf(writer, meta, signer=signer).getvalue()
