"""Enumerations and the signature policy used by the verification reports.

All enums are ``StrEnum`` so their values are stable strings in stored JSON.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal


class Verdict(StrEnum):
    """Overall outcome for one attachment."""

    VALID = "valid"
    VALID_WITH_WARNINGS = "valid_with_warnings"
    UNSIGNED = "unsigned"
    INVALID = "invalid"
    UNREADABLE = "unreadable"


SignerRequirement = Literal["applicant", "trusted", "organisation"]


@dataclass(frozen=True)
class SignaturePolicy:
    """What a procedure requires of the signatures on one kind of attachment."""

    required: bool = True
    """A missing signature fails the attachment."""
    signer: SignerRequirement = "trusted"
    """``applicant``: the certificate carries one of the applicant's IDs;
    ``organisation``: it carries a tax code or organisation name;
    ``trusted``: any certificate chaining to a trust root."""
    refuse_launch: bool = True
    """Refuse a PDF with a Launch action (starts programs on the reader's computer)."""
    refuse_executables: bool = True
    """Refuse a PDF carrying an embedded executable file (``.exe``, ``.bat``, ``.js`` ...)."""
    refuse_javascript: bool = False
    """Refuse a PDF with JavaScript (default: accept and flag it to the official)."""

    def __post_init__(self) -> None:
        if self.signer not in ("applicant", "trusted", "organisation"):
            raise ValueError(f"unknown signer requirement {self.signer!r}")


class Severity(StrEnum):
    """How much a :class:`Reason` weighs on the verdict."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Coverage(StrEnum):
    """Which bytes of the file a signature protects."""

    ENTIRE_FILE = "entire_file"
    ENTIRE_REVISION = "entire_revision"
    PARTIAL = "partial"
    UNCLEAR = "unclear"


class Modification(StrEnum):
    """Worst change made after a signature, from pyHanko's difference analysis."""

    NONE = "none"
    LTA_UPDATES = "lta_updates"
    FORM_FILLING = "form_filling"
    ANNOTATIONS = "annotations"
    OTHER = "other"
    SUSPICIOUS = "suspicious"


class ChainStatus(StrEnum):
    """Outcome of validating the signer's certificate chain."""

    TRUSTED = "trusted"
    UNTRUSTED = "untrusted"
    EXPIRED = "expired"
    NOT_YET_VALID = "not_yet_valid"
    REVOKED = "revoked"
    NOT_CHECKED = "not_checked"


class Revocation(StrEnum):
    """What is known about revocation of the signer's chain."""

    GOOD = "good"
    REVOKED = "revoked"
    UNKNOWN = "unknown"
    NOT_CHECKED = "not_checked"
