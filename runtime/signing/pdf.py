"""Signing a PDF with any pyHanko signer (demo credentials, a PKCS#12 key, a PKCS#11 token): one function.

pyHanko sizes the space it reserves for the signature by building a whole
dummy signature first (a dry run, ``bytes_reserved=None``), which costs as much
CPU as the signature itself. Without a timestamper that size depends only on
the signer (its certificate and chain, key type and digest), so the first
signature of each signer object is sized by pyHanko and later ones reserve the
same number of bytes, read back from that first signature: the issued PDFs are
laid out exactly as before.
"""

from __future__ import annotations

import threading
import weakref
from io import BytesIO
from typing import Any

#: Bytes pyHanko reserved for the signature container, per signer object (see the module's docstring).
_reserved: weakref.WeakKeyDictionary[Any, int] = weakref.WeakKeyDictionary()
_reserved_lock = threading.Lock()


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
    meta = signers.PdfSignatureMetadata(
        field_name=field_name, md_algorithm="sha256", reason=reason, location=location,
        name=cert.subject.native.get("common_name") if cert is not None else None, certify=certify,
        docmdp_permissions=fields.MDPPerm(docmdp), subfilter=fields.SigSeedSubFilter.PADES)
    sized = timestamper is None  # a timestamp token's size is the TSA's: pyHanko estimates it every time
    with _reserved_lock:
        reserved = _reserved.get(signer) if sized else None
    signed = signers.sign_pdf(writer, meta, signer=signer, timestamper=timestamper,
                              bytes_reserved=reserved).getvalue()
    if sized and reserved is None:
        size = _reserved_in(signed)
        with _reserved_lock:
            _reserved[signer] = size
    return signed


def certify_pdf(pdf: bytes, signer: Any, *, reason: str, location: str) -> bytes:
    """A PAdES certification signature (SHA-256, DocMDP 1: no later changes) by ``signer``."""
    return sign_pdf_with(pdf, signer, reason=reason, location=location, certify=True, docmdp=1)
