"""Reason categories officials can act on, independent of the order of checks.

Every error key belongs to one category; an attachment's category is that of
its gravest error by a fixed ranking (the file cannot be read > the signature
is broken > the document was modified after signing > the certificate was
revoked > it had expired > it is not trusted > ...), so the category names the
real problem whichever check happened to find it first.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from runtime.signatures.report import Reason

#: Categories, gravest first.
CATEGORIES = ("unreadable", "active_content", "broken", "modified", "revoked", "expired",
              "untrusted", "wrong_signer", "missing")

_BY_KEY = {
    "signature.broken": "broken",
    "signature.weak_algorithm": "broken",
    "signature.modified": "modified",
    "signature.certification_violated": "modified",
    "signature.unsigned_update": "modified",
    "signature.revoked": "revoked",
    "signature.expired": "expired",
    "signature.ca_expired": "expired",
    "signature.not_yet_valid": "expired",
    "signature.untrusted": "untrusted",
    "signature.self_signed": "untrusted",
    "signature.wrong_signer": "wrong_signer",
    "signature.missing": "missing",
    "pdf.launch_action": "active_content",
    "pdf.embedded_executable": "active_content",
    "pdf.javascript": "active_content",
}


def category_of_key(key: str) -> str:
    """Category of one reason key (``pdf.*`` problems are ``unreadable``)."""
    if key in _BY_KEY:
        return _BY_KEY[key]
    return "unreadable" if key.startswith("pdf.") else "broken"


def category(reasons: Iterable[Reason]) -> str:
    """Category of the gravest error among ``reasons``; else of the gravest flagged
    warning (a signature problem on a file that needs none, JavaScript ...); else ''."""
    from runtime.signatures.kinds import Severity

    reasons = list(reasons)
    found = {category_of_key(r.key) for r in reasons if r.severity is Severity.ERROR}
    if not found:
        found = {_BY_KEY[r.key] for r in reasons
                 if r.severity is Severity.WARNING and r.key in _BY_KEY}
    return next((c for c in CATEGORIES if c in found), "")
