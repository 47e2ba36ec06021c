"""Verified attachments: PDF inspection and digital-signature verification.

Public API (imported lazily so that using the report types does not load
pyHanko)::

    from runtime.signatures import SignaturePolicy, TrustStore, verify_pdf

    trust = TrustStore.from_directory("instance/trust")
    report = verify_pdf(data, SignaturePolicy(required=True, signer="applicant"),
                        trust, applicant_ids={"001234567890"})
    report.verdict, report.citizen_message("vi"), report.to_dict()

See ``docs/signatures.md`` for the design.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "AttachmentVerification": "report",
    "PdfInspection": "report",
    "Reason": "report",
    "Severity": "report",
    "SignaturePolicy": "report",
    "SignatureReport": "report",
    "SignerIdentity": "report",
    "Verdict": "report",
    "Limits": "sandbox",
    "Sandbox": "sandbox",
    "InProcess": "sandbox",
    "TrustStore": "trust",
    "inspect_pdf": "inspect",
    "verify_pdf": "verify",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
