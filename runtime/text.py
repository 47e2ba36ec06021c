"""Text helpers shared by every layer: Vietnamese-aware folding for search, input normalisation."""

from __future__ import annotations

import unicodedata

_EXTRA = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str) -> str:
    """Lower-case ``text``, strip Vietnamese diacritics and collapse spaces ("Đăng  ký" → "dang ky")."""
    decomposed = unicodedata.normalize("NFD", text.translate(_EXTRA))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.lower().split())


def normalise_input(text: str) -> str:
    """NFC-normalise and strip what a person typed."""
    return unicodedata.normalize("NFC", text).strip()
