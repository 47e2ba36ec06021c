"""Independent revision accounting: what lies after the last signed revision.

pyHanko follows the file's own ``startxref`` chain, so bytes appended after a
signed ``%%EOF`` that no cross-reference section points to (for instance an
object redefining a page's content, then a trailer and ``startxref`` pointing
back at the *signed* cross-reference table) are not a revision to it, and the
signature reads "entire revision". Tolerant readers rebuild the
cross-reference table by scanning and show the appended object.

Here the file is split at every ``%%EOF``; each piece after the last signed
byte must be a recognisable incremental update: it ends with ``startxref``
pointing *into that piece* at an ``xref`` table or an ``/XRef`` stream. Any
other byte (except white space) is refused, and the number of such updates
must match the number of revisions pyHanko saw after the signed one.
Pure functions on bytes; no parsing library involved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_EOF = re.compile(rb"%%EOF[ \t\r\n\x00]*")
_STARTXREF = re.compile(rb"startxref\s+(\d{1,15})\s*$")
_OBJ = re.compile(rb"\s*\d{1,10}\s+\d{1,5}\s+obj\b")
_WHITESPACE = b" \t\r\n\x00\x0c"


@dataclass(frozen=True)
class Revision:
    """One piece of the file, from the previous ``%%EOF`` to the end of its own."""

    start: int
    end: int
    xref_offset: int | None
    """Offset named by this piece's ``startxref`` (``None``: no ``startxref``)."""
    xref_kind: str
    """``table``, ``stream`` or ``""`` when the offset names neither."""


def _xref_kind(data: bytes, offset: int) -> str:
    window = data[offset:offset + 4096]
    if window.lstrip(_WHITESPACE).startswith(b"xref"):
        return "table"
    if _OBJ.match(window) and b"/XRef" in window[:4096]:
        return "stream"
    return ""


def split_revisions(data: bytes) -> list[Revision]:
    """Every ``%%EOF``-terminated piece of ``data`` with its ``startxref`` target."""
    header = max(data.find(b"%PDF-"), 0)
    pieces, start = [], 0
    for match in _EOF.finditer(data):
        body = data[start:match.start()]
        found = _STARTXREF.search(body[-64:])
        offset = kind = None
        if found is not None:
            named = int(found.group(1))
            # Offsets count from the header; tolerate files whose writer counted from byte 0.
            for candidate in (named + header, named):
                if candidate < len(data) and _xref_kind(data, candidate):
                    offset, kind = candidate, _xref_kind(data, candidate)
                    break
            else:
                offset, kind = named + header, ""
        pieces.append(Revision(start, match.end(), offset, kind or ""))
        start = match.end()
    return pieces


def unsigned_tail(data: bytes, signed_end: int, revisions_after: int) -> str:
    """Why the bytes after ``signed_end`` are not allowed updates ('' when they are).

    :param signed_end: first byte not covered by the latest signature.
    :param revisions_after: revisions pyHanko found after that signature's own.
    """
    if not data[signed_end:].strip(_WHITESPACE):
        return ""
    later = [r for r in split_revisions(data) if r.end > signed_end
             and data[max(r.start, signed_end):r.end].strip(_WHITESPACE) not in (b"", b"%%EOF")]
    last_end = later[-1].end if later else signed_end
    if data[last_end:].strip(_WHITESPACE):
        return (f"{len(data) - last_end} byte(s) after the last %%EOF are not part of any "
                f"revision")
    for piece in later:
        begin = max(piece.start, signed_end)
        if piece.xref_offset is None:
            return f"update ending at byte {piece.end} has no startxref"
        if not piece.xref_kind:
            return f"update ending at byte {piece.end}: startxref names no cross-reference section"
        if not begin <= piece.xref_offset < piece.end:
            return (f"update ending at byte {piece.end} has no cross-reference section of its "
                    f"own (startxref points back to byte {piece.xref_offset})")
    if len(later) != revisions_after:
        return (f"{len(later)} update(s) after the signed revision in the file, but "
                f"{revisions_after} revision(s) seen by the signature parser")
    return ""
