"""Immutable result types for attachment verification.

Everything here is a frozen dataclass made of strings, numbers, enums,
datetimes and tuples, so a report can be pickled across the sandbox boundary,
stored on a dossier as JSON (:meth:`AttachmentVerification.to_dict`) and read
back (:meth:`AttachmentVerification.from_dict`) without loss.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from runtime.signatures import categories, messages
from runtime.signatures.kinds import (
    ChainStatus,
    Coverage,
    Modification,
    Revocation,
    Severity,
    SignaturePolicy,
    SignerRequirement,
    Verdict,
)
from runtime.signatures.serial import from_jsonable, to_jsonable

__all__ = [
    "AttachmentVerification",
    "ChainStatus",
    "Coverage",
    "Modification",
    "PdfInspection",
    "Reason",
    "Revocation",
    "Severity",
    "SignaturePolicy",
    "SignatureReport",
    "SignerIdentity",
    "SignerRequirement",
    "Verdict",
]


@dataclass(frozen=True)
class Reason:
    """One finding that contributed to the verdict."""

    key: str
    """Stable identifier, e.g. ``signature.modified``; safe to branch on."""
    severity: Severity
    """``error`` makes the attachment fail, ``warning`` needs an official's eye."""
    detail: str = ""
    """Technical explanation in English for officials and logs."""
    signature: str | None = None
    """Name of the signature field this finding is about, if any."""
    params: tuple[tuple[str, str], ...] = ()
    """Values substituted into the human messages (signer name, dates …)."""

    def message(self, lang: str = "vi") -> str:
        """A sentence for officials describing this finding in ``lang``."""
        return messages.reason_message(self.key, dict(self.params), lang)


@dataclass(frozen=True)
class SignerIdentity:
    """Who a certificate says its holder is."""

    common_name: str
    """Subject CN, usually the person's or organisation's name."""
    organisation: str | None = None
    """Subject O, if present."""
    personal_ids: tuple[str, ...] = ()
    """12-digit personal identification numbers (CCCD / 12-digit CMND)."""
    tax_codes: tuple[str, ...] = ()
    """Tax codes (MST), 10 digits or 10 digits + ``-`` + 3-digit branch."""
    other_ids: tuple[str, ...] = ()
    """Other identifiers as ``KIND:value`` (9-digit CMND, passport, agency code)."""
    subject: str = ""
    """Full subject distinguished name, human readable."""
    issuer: str = ""
    """Issuer distinguished name, human readable."""
    serial_number: str = ""
    """Certificate serial number in hex."""
    fingerprint_sha256: str = ""
    """SHA-256 fingerprint of the certificate, hex."""
    not_before: datetime | None = None
    """Start of the certificate's validity period."""
    not_after: datetime | None = None
    """End of the certificate's validity period."""

    @property
    def is_organisation(self) -> bool:
        """True when the certificate names an organisation (tax code or O=)."""
        return bool(self.tax_codes or self.organisation)


@dataclass(frozen=True)
class SignatureReport:
    """Facts established about one embedded signature (no policy applied)."""

    field_name: str
    """Fully qualified name of the signature form field."""
    kind: str = "signature"
    """``signature`` or ``document_timestamp``."""
    intact: bool = False
    """The digest of the signed byte ranges matches the signed digest."""
    valid: bool = False
    """The cryptographic signature over the signed attributes verifies."""
    coverage: Coverage = Coverage.UNCLEAR
    """Which part of the file the signature covers."""
    modification: Modification | None = None
    """Worst kind of change made in later revisions (``None``: not analysed)."""
    modification_detail: str = ""
    """Explanation from the difference analysis."""
    changed_fields: tuple[str, ...] = ()
    """Form fields filled in after this signature."""
    certified: bool = False
    """This is a certification (author, DocMDP) signature."""
    docmdp: int | None = None
    """DocMDP permission level in force for this signature (1, 2 or 3)."""
    docmdp_ok: bool | None = None
    """Later changes stay within the DocMDP / approval-signature allowance."""
    chain: ChainStatus = ChainStatus.NOT_CHECKED
    """Result of validating the certificate chain to the trust roots."""
    chain_detail: str = ""
    """Why the chain failed, if it did."""
    revocation: Revocation = Revocation.NOT_CHECKED
    """Revocation status of the chain."""
    revocation_detail: str = ""
    """What revocation data was used or missing."""
    revoked_at: datetime | None = None
    """When the certificate was revoked, if it was."""
    signer: SignerIdentity | None = None
    """Identity in the signer's certificate."""
    claimed_signing_time: datetime | None = None
    """Signing time stated by the signer (not proof)."""
    timestamp: datetime | None = None
    """Time in a signature timestamp token, if present."""
    timestamp_trusted: bool | None = None
    """The timestamp token is intact and its TSA chains to a trust root."""
    validated_at: datetime | None = None
    """Reference time the chain was validated at."""
    time_basis: str = "validation_time"
    """Where ``validated_at`` comes from: ``validation_time`` (now / ``at``),
    ``timestamp`` (a trusted timestamp token) or ``claimed`` (the signer's
    own statement; reports stored before it was refused as proof), or
    ``document_timestamp`` (a later trusted document timestamp, PAdES B-LTA)."""
    signed_revision: int = 0
    """Revision (0-based) of the file the signature belongs to."""
    digest_algorithm: str = ""
    """Digest algorithm, e.g. ``sha256``."""
    trust_problem: str = ""
    """pyHanko's AdES trust/constraint sub-indication (e.g. ``CRYPTO_CONSTRAINTS_FAILURE``)."""
    algorithm_problem: str = ""
    """Why the algorithm usage policy refuses this signature's hash, scheme or key."""
    signature_mechanism: str = ""
    """Signature mechanism, e.g. ``sha256_ecdsa``."""
    error: str = ""
    """Structural problem that stopped the analysis of this signature."""


@dataclass(frozen=True)
class PdfInspection:
    """Structure checks on the uploaded bytes (no signature logic)."""

    media_type: str
    """Media type detected from the content, e.g. ``application/pdf``."""
    size: int
    """Size in bytes."""
    problem: str = ""
    """Empty when readable, else a ``pdf.*`` reason key (``pdf.truncated`` …)."""
    detail: str = ""
    """Technical detail about the problem."""
    pdf_version: str = ""
    """Header version, e.g. ``1.7``."""
    page_count: int | None = None
    """Number of pages, when readable."""
    encrypted: bool = False
    """The file is encrypted."""
    needs_password: bool = False
    """The file cannot be opened without a password."""
    revisions: int = 0
    """Number of ``%%EOF`` markers (1 + incremental updates)."""
    has_javascript: bool = False
    """Some JavaScript action or name tree entry is present."""
    has_open_action_js: bool = False
    """JavaScript runs when the document is opened."""
    has_launch_action: bool = False
    """A Launch action (starting external programs) is present."""
    embedded_files: tuple[str, ...] = ()
    """Names of embedded files / file attachments."""
    embedded_executables: tuple[str, ...] = ()
    """Embedded files that are programs or scripts (by name or media type)."""
    external_actions: tuple[str, ...] = ()
    """Actions that reach outside the document (``/GoToR``, ``/SubmitForm``, ``/URI`` to a
    local file ...), as ``action: target``."""
    signature_fields: int = 0
    """Number of filled signature fields seen by pypdf."""
    objects_scanned: int = 0
    """Objects visited by the active-content scan."""
    scan_complete: bool = True
    """False when the object budget ran out before the scan finished."""

    @property
    def readable(self) -> bool:
        """True when the file could be opened as a PDF."""
        return not self.problem


@dataclass(frozen=True)
class AttachmentVerification:
    """Single immutable outcome of checking one uploaded attachment."""

    verdict: Verdict
    """Overall verdict."""
    reasons: tuple[Reason, ...]
    """Findings, most important first."""
    signatures: tuple[SignatureReport, ...]
    """One report per embedded signature or document timestamp."""
    inspection: PdfInspection
    """PDF structure checks."""
    checked_at: datetime
    """When the check ran (UTC)."""
    validation_time: datetime | None = None
    """Reference time certificates were validated at (``at`` or ``checked_at``)."""
    policy: SignaturePolicy | None = None
    """The signature policy applied."""

    @property
    def accepted(self) -> bool:
        """True when the attachment satisfies the policy it was checked against.

        Where the policy requires no signature, problems with signatures found
        on the file are warnings (:mod:`runtime.signatures.policy`), so any
        readable file without refused active content is accepted.
        """
        if self.verdict in (Verdict.VALID, Verdict.VALID_WITH_WARNINGS):
            return True
        required = self.policy.required if self.policy else True
        return self.verdict is Verdict.UNSIGNED and not required

    @property
    def category(self) -> str:
        """What officials can act on: ``expired``, ``untrusted``, ``revoked``,
        ``modified``, ``broken``, ``unreadable`` (also ``active_content``,
        ``wrong_signer``, ``missing``) of the gravest error, else of the gravest
        flagged warning; '' when nothing is wrong."""
        return categories.category(self.reasons)

    def citizen_message(self, lang: str = "vi") -> str:
        """One plain sentence telling the citizen what happened and what to do."""
        return messages.citizen_message(self, lang)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe representation (enums as strings, datetimes ISO 8601)."""
        return to_jsonable(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AttachmentVerification:
        """Rebuild a report from :meth:`to_dict` output."""
        return from_jsonable(cls, data)
