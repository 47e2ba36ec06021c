"""Slips as PDFs: a slip's content (:class:`SlipContent`) laid out by the document engine.

Slips 01–05 and results are drawn by the same engine (:mod:`runtime.documents.layout` and
:mod:`runtime.documents.drawing`): the national header, the title, "label: value" lines, the
table of components or of the history, paragraphs, and the signature block with the QR code.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .drawing import draw_layout
from .layout import Block, FieldRow, Header, Layout, Paragraph, Signature, Table, Title


@dataclass(frozen=True)
class SlipContent:
    """What a slip says: everything is plain text, laid out by :func:`slip_layout`."""

    agency: str
    title: str
    subtitle: str
    number: str
    place_and_date: str
    rows: tuple[tuple[str, str], ...]
    """(label, value) lines."""
    table_title: str = ""
    table: tuple[tuple[str, ...], ...] = ()
    """Header row first."""
    paragraphs: tuple[str, ...] = ()
    signer_title: str = ""
    qr_url: str | None = None
    qr_caption: str = ""
    footer: str = ""
    extra: dict[str, str] = field(default_factory=dict)


def slip_layout(content: SlipContent) -> Layout:
    """The blocks of a slip: header, title, its lines, its table, its paragraphs, signature and QR."""
    blocks: list[Block] = [
        Header(agency_lines=(content.agency.upper(),), number=f"Số: {content.number}",
               place_date=content.place_and_date),
        Title(content.title, content.subtitle, 14),
    ]
    blocks += [FieldRow(((label, value),), size=11) for label, value in content.rows]
    if content.table:
        widths = (4.0,) + (1.4,) * (len(content.table[0]) - 1) if len(content.table[0]) > 2 else ()
        blocks.append(Table(headers=content.table[0], rows=content.table[1:], widths=widths,
                            title=content.table_title.rstrip(":"), size=9.5))
    blocks += [Paragraph(text, 10.5) for text in content.paragraphs]
    if content.signer_title or content.qr_url:
        blocks.append(Signature(title=content.signer_title, note="(Ký số)" if content.signer_title else "",
                                qr=content.qr_url or "", qr_caption=content.qr_caption, size=11))
    return Layout(tuple(blocks), title=content.title, author=content.agency, subject=content.number,
                  footer=content.footer)


def render_pdf(content: SlipContent) -> bytes:
    """The slip as a one- or multi-page A4 PDF."""
    return draw_layout(slip_layout(content))
