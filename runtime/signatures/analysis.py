"""Per-signature facts from pyHanko (runs inside the sandbox).

:func:`analyse_signatures` opens the PDF with pyHanko, validates every filled
signature field (integrity, byte-range coverage, difference analysis of later
revisions, DocMDP, timestamps, pyHanko's algorithm and trust constraint
indications) and then checks the signer's chain with
:mod:`runtime.signatures.chain`. It returns plain report objects; no policy is
applied here.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from io import BytesIO

from asn1crypto import x509
from pyhanko.pdf_utils.misc import PdfReadError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.fields import enumerate_sig_fields
from pyhanko.sign.validation import (
    EmbeddedPdfSignature,
    validate_pdf_signature,
    validate_pdf_timestamp,
)

from runtime.signatures import evidence as ev
from runtime.signatures.anchors import path_problem
from runtime.signatures.chain import SIGNER_KEY_USAGE, ChainResult, check_chain
from runtime.signatures.identity import identity_of
from runtime.signatures.report import ChainStatus, SignatureReport, SignerIdentity
from runtime.signatures.revisions import unsigned_tail
from runtime.signatures.speedups import install as install_speedups
from runtime.signatures.status_map import constraint_fields, coverage_of, integrity_fields
from runtime.signatures.trust import TrustStore

install_speedups()


@dataclass(frozen=True)
class Analysis:
    """What the worker found in the document's signatures."""

    signatures: tuple[SignatureReport, ...] = ()
    """One report per filled signature field, in revision order."""
    error: str = ""
    """Why the document could not be opened for signature analysis."""
    lenient: bool = False
    """The strict parser refused the file and a lenient parse was used."""
    unsigned_tail: str = ""
    """Bytes after the last signed revision that are no allowed incremental update."""


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
    embedded: list[tuple[str, EmbeddedPdfSignature | Exception]] = []
    for name, _value, field in fields:
        try:
            embedded.append((name, EmbeddedPdfSignature(reader, field, name)))  # type: ignore[arg-type]
        except Exception as exc:  # any structural damage in the signature dictionary
            embedded.append((name, exc))
    # Document timestamps first: a trusted one proves that every earlier
    # revision (and the signatures in it) existed at its time (PAdES B-LTA).
    stamps = [(n, e) for n, e in embedded
              if isinstance(e, EmbeddedPdfSignature) and e.sig_object_type == "/DocTimeStamp"]
    reports = {n: _analyse_timestamp(e, n, trust, moment, document) for n, e in stamps}
    proofs = tuple((r.signed_revision, r.timestamp) for r in reports.values()
                   if r.timestamp is not None and r.timestamp_trusted and r.intact and r.valid
                   and r.chain is ChainStatus.TRUSTED)
    for name, emb in embedded:
        if isinstance(emb, Exception):
            reports[name] = SignatureReport(field_name=name, error=f"{type(emb).__name__}: {emb}")
        elif name not in reports:
            reports[name] = _analyse_signature(emb, name, trust, moment, document, proofs)
    ordered = sorted(reports.values(), key=lambda r: r.signed_revision)
    return Analysis(tuple(ordered), lenient=lenient,
                    unsigned_tail=_unsigned_tail(data, reader, embedded))


def _unsigned_tail(data: bytes, reader: PdfFileReader,
                   embedded: list[tuple[str, EmbeddedPdfSignature | Exception]]) -> str:
    """Revision accounting after the signature that reaches furthest into the file."""
    latest: tuple[int, int] | None = None
    for _name, emb in embedded:
        try:
            _start, _len1, start2, len2 = (int(v) for v in emb.byte_range)  # type: ignore[union-attr]
            end, revision = start2 + len2, emb.signed_revision  # type: ignore[union-attr]
        except Exception:  # noqa: S112 - a broken signature is reported on its own
            continue
        if latest is None or end > latest[0]:
            latest = (end, revision)
    if latest is None:
        return ""
    try:
        after = reader.xrefs.total_revisions - 1 - latest[1]
    except Exception:
        after = 0
    return unsigned_tail(data, latest[0], after)


def _analyse_timestamp(emb: EmbeddedPdfSignature, name: str, trust: TrustStore,
                       moment: datetime, document: ev.Evidence) -> SignatureReport:
    kind = "document_timestamp"
    try:
        status = validate_pdf_timestamp(emb, validation_context=trust.validation_context(
            moment, tsa=True))
    except Exception as exc:  # SignatureValidationError, CMS/ASN.1 and PDF errors
        return _failed(emb, kind, name, exc)
    evidence = ev.merge(document, ev.from_signature(emb.signed_data, emb.signer_info))
    chain = check_chain(status.signing_cert, _for_tsa(trust), moment, evidence, None)
    trusted = bool(status.trusted) and chain.status is ChainStatus.TRUSTED
    return _report(emb, name, kind, status, chain, status.timestamp, trusted, None,
                   "validation_time", moment)


def _analyse_signature(emb: EmbeddedPdfSignature, name: str, trust: TrustStore,
                       moment: datetime, document: ev.Evidence,
                       proofs: tuple[tuple[int, datetime], ...]) -> SignatureReport:
    kind = "signature"
    try:
        signer_context = trust.validation_context(moment)
        status = validate_pdf_signature(
            emb,
            signer_validation_context=signer_context,
            ts_validation_context=(trust.validation_context(moment, tsa=True)
                                   if _has_timestamp_token(emb) else signer_context),
            key_usage_settings=SIGNER_KEY_USAGE,
        )
    except Exception as exc:  # SignatureValidationError, CMS/ASN.1 and PDF errors
        return _failed(emb, kind, name, exc)
    evidence = ev.merge(document, ev.from_signature(emb.signed_data, emb.signer_info))
    tst = getattr(status, "timestamp_validity", None)
    ts_time = tst.timestamp if tst is not None else None
    ts_trusted = _token_trusted(tst, moment) if tst is not None else None
    proven = [(ts_time, "timestamp")] if ts_trusted else []
    proven += [(when, "document_timestamp") for revision, when in proofs
               if revision > emb.signed_revision]
    chain, basis, at = _chain_at_trusted_time(status.signing_cert, trust, moment, evidence,
                                              proven)
    return _report(emb, name, kind, status, chain, ts_time, ts_trusted,
                   getattr(status, "signer_reported_dt", None), basis, at)


def _has_timestamp_token(emb: EmbeddedPdfSignature) -> bool:
    """The CMS signer info carries an RFC 3161 signature timestamp token (PAdES B-T)."""
    try:
        attrs = emb.signer_info["unsigned_attrs"]
        return any(a["type"].native == "signature_time_stamp_token" for a in attrs or ())
    except (KeyError, ValueError, TypeError):
        return True  # let pyHanko look at it with the timestamp anchors


def _for_tsa(trust: TrustStore) -> TrustStore:
    """The store with the timestamp-only anchors promoted to roots."""
    return replace(trust, roots=trust.roots + trust.tsa_roots) if trust.tsa_roots else trust


def _token_trusted(tst: object, moment: datetime) -> bool:
    """A signature timestamp token is intact, valid and issued by a TSA in force."""
    if not (getattr(tst, "intact", False) and getattr(tst, "valid", False)
            and getattr(tst, "trusted", False)):
        return False
    path = getattr(tst, "validation_path", None)
    certs = list(path.iter_certs(include_root=True)) if path is not None else []
    return not path_problem(certs, moment)


def _report(emb: EmbeddedPdfSignature, name: str, kind: str, status: object,
            chain: ChainResult, ts_time: datetime | None, ts_trusted: bool | None,
            claimed: datetime | None, basis: str, at: datetime) -> SignatureReport:
    cert = status.signing_cert  # type: ignore[attr-defined]
    return SignatureReport(
        field_name=name,
        kind=kind,
        **integrity_fields(emb, status),
        **constraint_fields(status),
        chain=chain.status,
        chain_detail=chain.detail,
        revocation=chain.revocation,
        revocation_detail=chain.revocation_detail,
        revoked_at=chain.revoked_at,
        signer=_identity(cert),
        claimed_signing_time=claimed,
        timestamp=ts_time,
        timestamp_trusted=ts_trusted if ts_time else None,
        validated_at=at,
        time_basis=basis,
        signed_revision=emb.signed_revision,
        digest_algorithm=emb.md_algorithm,
        signature_mechanism=status.pkcs7_signature_mechanism,  # type: ignore[attr-defined]
    )


def _chain_at_trusted_time(cert: x509.Certificate, trust: TrustStore, moment: datetime,
                           evidence: ev.Evidence, proven: list[tuple[datetime, str]],
                           ) -> tuple[ChainResult, str, datetime]:
    """Check the chain now; if it has expired since, at a *trusted* earlier time.

    Only a trusted time counts: a signature timestamp token from a configured
    TSA (``time_basis`` ``timestamp``, PAdES B-T) or a later trusted document
    timestamp (``document_timestamp``, B-LTA). The signing time the signer wrote
    into its own signature proves nothing and is never used.
    """
    result = check_chain(cert, trust, moment, evidence, SIGNER_KEY_USAGE)
    if result.status is not ChainStatus.EXPIRED:
        return result, "validation_time", moment
    for when, basis in sorted(proven, key=lambda item: item[0]):
        if when <= moment:
            earlier = check_chain(cert, trust, when, evidence, SIGNER_KEY_USAGE)
            if earlier.status is ChainStatus.TRUSTED:
                return earlier, basis, when
            if earlier.status is ChainStatus.REVOKED:
                return earlier, "validation_time", moment
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

