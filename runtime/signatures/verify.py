"""Verify the digital signatures on an uploaded PDF.

:func:`verify_pdf` is the entry point. Cheap checks (size, media type,
truncation) run in the caller's process; everything that parses the file —
pypdf inspection and pyHanko signature validation — runs as one task in the
sandbox (:mod:`runtime.signatures.sandbox`), so a hostile file costs at most
``Limits.timeout_s`` seconds and ``Limits.memory_mb`` MiB of one worker.
Policy is applied afterwards in the caller (:mod:`runtime.signatures.policy`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from runtime.signatures.analysis import Analysis, analyse_signatures
from runtime.signatures.inspect import failed_inspection, precheck, scan_pdf
from runtime.signatures.policy import decide
from runtime.signatures.report import (
    AttachmentVerification,
    PdfInspection,
    SignaturePolicy,
)
from runtime.signatures.sandbox import InProcess, Limits, Sandbox, Status, default_sandbox
from runtime.signatures.trust import TrustStore


def examine(data: bytes, trust: TrustStore, moment: datetime, max_objects: int,
            ) -> tuple[PdfInspection, Analysis]:
    """Sandbox task: inspect the PDF, then analyse its signatures if it is readable."""
    inspection = scan_pdf(data, max_objects)
    if inspection.problem:
        return inspection, Analysis()
    return inspection, analyse_signatures(data, trust, moment)


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def verify_pdf(
    data: bytes,
    policy: SignaturePolicy,
    trust: TrustStore,
    applicant_ids: Iterable[str] = (),
    at: datetime | None = None,
    *,
    limits: Limits | None = None,
    sandbox: Sandbox | InProcess | None = None,
) -> AttachmentVerification:
    """Check ``data`` and return one immutable report; never raises for bad input.

    :param policy: what the procedure requires of the signature.
    :param trust: trust roots, CA certificates and CRLs (never the OS trust list).
    :param applicant_ids: personal IDs / tax codes of the applicant, for
        ``policy.signer == "applicant"``.
    :param at: reference time for certificate validity (default: now, UTC);
        naive datetimes are taken as UTC.
    :param limits: size, time and memory bounds (default :class:`Limits`).
    :param sandbox: where parsing runs (default: the shared process pool);
        :class:`InProcess` skips isolation and is only for trusted input.
    """
    checked_at = datetime.now(UTC)
    moment = _utc(at) if at is not None else checked_at
    limits = limits or Limits()
    analysis = Analysis()
    inspection = precheck(data, limits)
    if inspection is None:
        runner = sandbox or default_sandbox()
        outcome = runner.run(examine, data, trust, moment, limits.max_objects, limits=limits)
        if outcome.status is Status.OK:
            inspection, analysis = outcome.value
        else:
            inspection = failed_inspection(data, outcome, limits)
    verdict, reasons = decide(inspection, analysis.signatures, policy, tuple(applicant_ids),
                              analysis.error, limits, lenient=analysis.lenient,
                              unsigned_tail=analysis.unsigned_tail)
    return AttachmentVerification(
        verdict=verdict,
        reasons=reasons,
        signatures=analysis.signatures,
        inspection=inspection,
        checked_at=checked_at,
        validation_time=moment,
        policy=policy,
    )
