"""Human messages for verification reasons, in Vietnamese and English.

Two audiences: officials see one message per :class:`~.report.Reason`
(:func:`reason_message`); the citizen sees one sentence for the whole
attachment (:func:`citizen_message`), taken from the most important error,
else the most important warning, else the overall verdict.
The texts live in :mod:`runtime.signatures.texts` (citizen) and
:mod:`runtime.signatures.official_texts` (officials).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from runtime.signatures.categories import category_of_key
from runtime.signatures.official_texts import OFFICIAL
from runtime.signatures.texts import (
    CATEGORY_WORDS,
    CITIZEN,
    REFUSED,
    SIGNATURE_NOT_REQUIRED,
    UNSIGNED_OPTIONAL,
    VALID,
)

if TYPE_CHECKING:
    from runtime.signatures.report import AttachmentVerification

LANGUAGES = ("vi", "en")


class _Fields(dict[str, str]):
    """Template fields; unknown names render as ``?`` instead of raising."""

    def __missing__(self, key: str) -> str:
        return "?"


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


def reason_message(key: str, params: dict[str, str], lang: str = "vi") -> str:
    """Official-facing message for a reason ``key`` in ``lang`` (``vi`` or ``en``)."""
    pair = OFFICIAL.get(key, (key, key))
    return _pick(pair, lang).format_map(_Fields(params))


def citizen_message(report: AttachmentVerification, lang: str = "vi") -> str:
    """One sentence for the citizen about ``report`` in ``lang`` (``vi`` or ``en``)."""
    from runtime.signatures.report import Severity, Verdict

    optional = report.policy is not None and not report.policy.required
    for severity in (Severity.ERROR, Severity.WARNING):
        for reason in report.reasons:
            if reason.severity is not severity:
                continue
            words = CATEGORY_WORDS.get(category_of_key(reason.key))
            if optional and severity is Severity.WARNING and reason.key.startswith(
                    "signature.") and words is not None:
                return _pick(SIGNATURE_NOT_REQUIRED, lang).format_map(
                    _Fields(problem=words[0], problem_en=words[1]))
            text = REFUSED.get(reason.key) if severity is Severity.ERROR else None
            text = text or CITIZEN.get(reason.key)
            if text is not None:
                return _pick(text, lang).format_map(_Fields(reason.params))
    if report.verdict is Verdict.UNSIGNED:
        return _pick(UNSIGNED_OPTIONAL, lang)
    names = [s.signer.common_name for s in report.signatures
             if s.kind == "signature" and s.signer is not None]
    return _pick(VALID, lang).format_map(_Fields(name=", ".join(dict.fromkeys(names)) or "?"))
