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

from runtime.signatures.official_texts import OFFICIAL
from runtime.signatures.texts import CITIZEN, UNSIGNED_OPTIONAL, VALID

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

    for severity in (Severity.ERROR, Severity.WARNING):
        for reason in report.reasons:
            if reason.severity is severity and reason.key in CITIZEN:
                return _pick(CITIZEN[reason.key], lang).format_map(_Fields(reason.params))
    if report.verdict is Verdict.UNSIGNED:
        return _pick(UNSIGNED_OPTIONAL, lang)
    names = [s.signer.common_name for s in report.signatures
             if s.kind == "signature" and s.signer is not None]
    return _pick(VALID, lang).format_map(_Fields(name=", ".join(dict.fromkeys(names)) or "?"))
