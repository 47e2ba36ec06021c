"""Per-signature facts from pyHanko (runs inside the sandbox).

:func:`analyse_signatures` opens the PDF with pyHanko, validates every filled
signature field (integrity, byte-range coverage, difference analysis of later
revisions, DocMDP, timestamps) and then checks the signer's chain with
:mod:`runtime.signatures.chain`. It returns plain report objects; no policy is
applied here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from io import BytesIO

from asn1crypto import x509
from pyhanko.pdf_utils.misc import PdfReadError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.fields import enumerate_sig_fields
from pyhanko.sign.validation import (
    EmbeddedPdfSignature,
    KeyUsageConstraints,
    validate_pdf_signature,
    validate_pdf_timestamp,
)

from runtime.signatures import evidence as ev
from runtime.signatures.chain import SIGNER_KEY_USAGE, ChainResult, check_chain
from runtime.signatures.identity import identity_of
from runtime.signatures.report import ChainStatus, SignatureReport, SignerIdentity
from runtime.signatures.status_map import coverage_of, integrity_fields
from runtime.signatures.trust import TrustStore


@dataclass(frozen=True)
class Analysis:
    """What the worker found in the document's signatures."""

    signatures: tuple[SignatureReport, ...] = ()
    """One report per filled signature field, in revision order."""
    error: str = ""
    """Why the document could not be opened for signature analysis."""
    lenient: bool = False
    """The strict parser refused the file and a lenient parse was used."""


def _open(data: bytes) -> tuple[PdfFileReader, bool]:
    try:
        reader, lenient = PdfFileReader(BytesIO(data), strict=True), False
    except PdfReadError:
        reader, lenient = PdfFileReader(BytesIO(data), strict=False), True
    if reader.encrypted:
        result = reader.decrypt("")
        if not result.status.value:
            raise PdfReadError("document is encrypted with a password")
    return reader, lenient


def analyse_signatures(data: bytes, trust: TrustStore, moment: datetime) -> Analysis:
    """Validate every signature in ``data`` against ``trust`` at ``moment``."""
    try:
        reader, lenient = _open(data)
        fields = list(enumerate_sig_fields(reader, filled_status=True))
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError) as exc:
        return Analysis(error=f"{type(exc).__name__}: {exc}")
    try:
        document = ev.from_document(reader)
    except (ValueError, TypeError, PdfReadError):  # a damaged DSS is just no evidence
        document = ev.Evidence()
    reports = [_analyse_one(reader, name, field, trust, moment, document)
               for name, _value, field in fields]
    reports.sort(key=lambda r: r.signed_revision)
    return Analysis(tuple(reports), lenient=lenient)


def _analyse_one(reader: PdfFileReader, name: str, field: object, trust: TrustStore,
                 moment: datetime, document: ev.Evidence) -> SignatureReport:
    try:
        emb = EmbeddedPdfSignature(reader, field, name)  # type: ignore[arg-type]
    except Exception as exc:  # any structural damage in the signature dictionary
        return SignatureReport(field_name=name, error=f"{type(exc).__name__}: {exc}")
    is_timestamp = emb.sig_object_type == "/DocTimeStamp"
    kind = "document_timestamp" if is_timestamp else "signature"
    try:
        if is_timestamp:
            status = validate_pdf_timestamp(emb, validation_context=trust.validation_context(moment))
        else:
            status = validate_pdf_signature(
                emb,
                signer_validation_context=trust.validation_context(moment),
                ts_validation_context=trust.validation_context(moment),
                key_usage_settings=SIGNER_KEY_USAGE,
            )
    except Exception as exc:  # SignatureValidationError, CMS/ASN.1 and PDF errors
        return _failed(emb, kind, name, exc)

    cert = status.signing_cert
    evidence = ev.merge(document, ev.from_signature(emb.signed_data, emb.signer_info))
    tst = getattr(status, "timestamp_validity", None)
    ts_time = getattr(status, "timestamp", None) if is_timestamp else (tst.timestamp if tst else None)
    ts_trusted = (status.trusted if is_timestamp else tst.trusted) if ts_time else None
    claimed = getattr(status, "signer_reported_dt", None)
    chain, basis, at = _chain_at_signing_time(cert, trust, moment, evidence,
                                              ts_time if ts_trusted else None, claimed,
                                              None if is_timestamp else SIGNER_KEY_USAGE)
    return SignatureReport(
        field_name=name,
        kind=kind,
        **integrity_fields(emb, status),
        chain=chain.status,
        chain_detail=chain.detail,
        revocation=chain.revocation,
        revocation_detail=chain.revocation_detail,
        revoked_at=chain.revoked_at,
        signer=_identity(cert),
        claimed_signing_time=claimed,
        timestamp=ts_time,
        timestamp_trusted=ts_trusted,
        validated_at=at,
        time_basis=basis,
        signed_revision=emb.signed_revision,
        digest_algorithm=emb.md_algorithm,
        signature_mechanism=status.pkcs7_signature_mechanism,
    )


def _chain_at_signing_time(cert: x509.Certificate, trust: TrustStore, moment: datetime,
                           evidence: ev.Evidence, proven: datetime | None,
                           claimed: datetime | None, key_usage: KeyUsageConstraints | None,
                           ) -> tuple[ChainResult, str, datetime]:
    """Check the chain now; if the certificate has expired since, at the signing time.

    A trusted timestamp proves the signing time (``time_basis`` ``timestamp``);
    otherwise the signer's own claim is used (``claimed``), which the policy
    reports as a warning because it proves nothing.
    """
    result = check_chain(cert, trust, moment, evidence, key_usage)
    if result.status is not ChainStatus.EXPIRED:
        return result, "validation_time", moment
    for basis, when in (("timestamp", proven), ("claimed", claimed)):
        if when is not None and when <= moment:
            earlier = check_chain(cert, trust, when, evidence, key_usage)
            if earlier.status is ChainStatus.TRUSTED:
                return earlier, basis, when
            return result, "validation_time", moment
    return result, "validation_time", moment


def _identity(cert: x509.Certificate) -> SignerIdentity | None:
    try:
        return identity_of(cert)
    except Exception:  # a malformed subject must not hide the other findings
        return None


def _failed(emb: EmbeddedPdfSignature, kind: str, name: str, exc: Exception) -> SignatureReport:
    try:
        signer = _identity(emb.signer_cert)
    except Exception:  # the certificate itself may be what is broken
        signer = None
    try:
        coverage = coverage_of(emb.evaluate_signature_coverage())
    except Exception:
        coverage = None
    extra = {"coverage": coverage} if coverage is not None else {}
    return SignatureReport(field_name=name, kind=kind, signer=signer,
                           signed_revision=emb.signed_revision,
                           error=f"{type(exc).__name__}: {exc}"[:500], **extra)

