"""Cleaning the portal's text: whitespace, non-breaking spaces, "Không có thông tin"."""

from __future__ import annotations

import re
import unicodedata

NO_INFO = "Không có thông tin"
_SPACES = re.compile(r"[ \t\u00a0\u200b\u200e\u200f\ufeff]+")


def clean(text: str | None) -> str:
    """NFC, one space between words, trimmed lines (newlines kept)."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", str(text))
    lines = (_SPACES.sub(" ", line).strip() for line in text.replace("\r", "").split("\n"))
    return "\n".join(line for line in lines if line)


def one_line(text: str | None) -> str:
    return " ".join(clean(text).split())


def is_empty(text: str | None) -> bool:
    value = one_line(text)
    return not value or value.rstrip(".") == NO_INFO


def bilingual(vi: str, en: str | None = None) -> dict[str, str]:
    """A text in both languages; the English defaults to the Vietnamese until someone translates it."""
    vi = one_line(vi) or "—"
    return {"vi": vi, "en": one_line(en) or vi}


def slug(text: str, fallback: str = "item", limit: int = 40) -> str:
    """An ASCII kebab-case id from Vietnamese text."""
    from runtime.text import fold

    words = re.findall(r"[a-z0-9]+", fold(text))
    out = ""
    for word in words:
        if len(out) + len(word) + 1 > limit:
            break
        out = f"{out}-{word}" if out else word
    return out or fallback
