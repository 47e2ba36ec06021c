"""Draw a :class:`~runtime.documents.layout.Layout` on PDF pages, block by block.

The canvas was chosen by measurement (``bench/results.py``): ~20 ms of CPU a page for the birth
certificate, a receipt or a generic result, where the same layouts through platypus flowables cost
about 1.5× that; and the canvas never interprets markup in the administrator's or applicant's text
(platypus paragraphs do, so every text would need escaping).
"""

from __future__ import annotations

import io
import threading

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from .layout import QR, Box, FieldRow, Header, Layout, PageBreak, Paragraph, Signature, Spacer, Table, Title
from .pen import (
    BOLD,
    BOLD_ITALIC,
    ITALIC_STYLE,
    LEADING,
    PAGE_SIZES,
    REGULAR,
    Pen,
    draw_emblem,
    draw_qr,
    register_fonts,
    text_width,
    wrap_runs,
)


def _header(pen: Pen, block: Header) -> None:
    c = pen.c
    if block.emblem:
        r = 11 * mm
        c.saveState()
        draw_emblem(c, pen.width / 2, pen.y - r, r)
        c.restoreState()
        pen.y -= 2 * r + 4 * mm
    if not block.agency_lines and not block.number:
        pen.paragraph([("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", BOLD)], 12.5, pen.left, pen.right, "center")
        _motto(pen, pen.left, pen.right)
        if block.place_date:
            pen.paragraph([(block.place_date, ITALIC_STYLE)], 11, pen.left, pen.right, "right")
        pen.y -= 4 * mm
        return
    split = pen.left + pen.usable * 0.44
    top = pen.y
    for i, text in enumerate(block.agency_lines):
        pen.paragraph([(text, BOLD if i == len(block.agency_lines) - 1 else REGULAR)], 10.5, pen.left, split - 4,
                      "center")
    rule = min(text_width(block.agency_lines[-1] if block.agency_lines else "", 10.5), split - pen.left) / 3
    c.setLineWidth(0.6)
    c.line((pen.left + split) / 2 - rule / 2, pen.y - 1.5, (pen.left + split) / 2 + rule / 2, pen.y - 1.5)
    pen.y -= 5
    if block.number:
        pen.paragraph([(block.number, REGULAR)], 10.5, pen.left, split - 4, "center")
    left_bottom, pen.y = pen.y, top
    pen.paragraph([("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", BOLD)], 11.5, split, pen.right, "center")
    _motto(pen, split, pen.right)
    if block.place_date:
        pen.y -= 4
        pen.paragraph([(block.place_date, ITALIC_STYLE)], 11, split, pen.right, "center")
    pen.y = min(pen.y, left_bottom) - 6 * mm


def _motto(pen: Pen, x0: float, x1: float) -> None:
    motto = "Độc lập - Tự do - Hạnh phúc"
    pen.paragraph([(motto, BOLD)], 12, x0, x1, "center")
    width = text_width(motto, 12)
    pen.c.setLineWidth(0.6)
    pen.c.line((x0 + x1 - width) / 2, pen.y + 1, (x0 + x1 + width) / 2, pen.y + 1)
    pen.y -= 3


def _fields(pen: Pen, block: FieldRow) -> None:
    weights = block.widths if len(block.widths) == len(block.cells) else (1.0,) * len(block.cells)
    total = sum(weights) or 1.0
    x, bottoms, top = pen.left, [], pen.y
    wrapped = []
    for (label, value), weight in zip(block.cells, weights, strict=True):
        width = pen.usable * weight / total
        runs = [(label + (": " if label and not label.endswith(":") else " "), REGULAR), (value or "", BOLD)]
        wrapped.append((x, x + width - 6, runs))
        x += width
    height = max(len(wrap_runs(r, x1 - x0, block.size)) for x0, x1, r in wrapped) * block.size * LEADING
    pen.ensure(height)
    top = pen.y
    for x0, x1, runs in wrapped:
        pen.y = top
        pen.paragraph(runs, block.size, x0, x1)
        bottoms.append(pen.y)
    pen.y = min(bottoms) - 1.5


def _table(pen: Pen, block: Table) -> None:
    c, size = pen.c, block.size
    if block.title:
        pen.paragraph([(block.title, BOLD)], size + 1, pen.left, pen.right)
        pen.y -= 2
    weights = block.widths if len(block.widths) == len(block.headers) else (1.0,) * len(block.headers)
    total = sum(weights) or 1.0
    widths = [pen.usable * w / total for w in weights]
    pad = 3

    def row(cells: tuple[str, ...], style: str) -> None:
        wrapped = [wrap_runs([(cell, style)], w - 2 * pad, size) for cell, w in zip(cells, widths, strict=False)]
        height = max((len(w) for w in wrapped), default=1) * size * LEADING + 2 * pad
        if pen.y - height < pen.margin:
            pen.new_page()
            if style != BOLD:
                row(block.headers, BOLD)
        x = pen.left
        c.setLineWidth(0.5)
        for lines, w in zip(wrapped, widths, strict=False):
            c.rect(x, pen.y - height, w, height, stroke=1, fill=0)
            y = pen.y - pad - size
            for line in lines:
                pen.line(line, size, x + pad, x + w - pad, "left", y=y)
                y -= size * LEADING
            x += w
        pen.y -= height

    row(block.headers, BOLD)
    for cells in block.rows:
        row(cells, REGULAR)
    pen.y -= 4


def _signature(pen: Pen, block: Signature) -> None:
    pen.y -= 4 * mm
    left_height = len(block.left_lines) * 14 + ((24 * mm + 24) if block.qr else 0)
    pen.ensure(max(45 * mm, left_height))  # both columns on one page
    top = pen.y
    split = pen.left + pen.usable * 0.45
    for i, line in enumerate(block.left_lines):
        pen.paragraph([(line, BOLD_ITALIC if i == 0 else REGULAR)], 9.5 if i else 10.5, pen.left, split)
    if block.qr:
        size = 24 * mm
        draw_qr(pen.c, block.qr, pen.left - 2 * mm, pen.y - size, size)
        pen.y -= size
        if block.qr_caption:
            pen.paragraph([(block.qr_caption, ITALIC_STYLE)], 8, pen.left, split)
        pen.paragraph([(block.qr, REGULAR)], 7.5, pen.left, split)
    left_bottom, pen.y = pen.y, top
    for text in block.title.split("\n"):
        pen.paragraph([(text, BOLD)], block.size, split, pen.right, "center")
    if block.note:
        pen.paragraph([(block.note, ITALIC_STYLE)], block.size - 1.5, split, pen.right, "center")
    pen.y -= 22 * mm
    if block.signer:
        pen.paragraph([(block.signer, BOLD)], block.size, split, pen.right, "center")
    pen.y = min(pen.y, left_bottom) - 4 * mm


def _qr(pen: Pen, block: QR) -> None:
    size = block.size_mm * mm
    pen.ensure(size + 4)
    draw_qr(pen.c, block.value, pen.left - 2 * mm, pen.y - size, size)
    y = pen.y
    pen.y -= size / 2 - 8
    if block.caption:
        pen.paragraph([(block.caption, ITALIC_STYLE)], 8.5, pen.left + size + 2 * mm, pen.right)
    pen.paragraph([(block.value, REGULAR)], 8, pen.left + size + 2 * mm, pen.right)
    pen.y = y - size - 4


def _box(pen: Pen, block: Box) -> None:
    height = block.height_mm * mm
    pen.ensure(height)
    pen.c.setLineWidth(0.8)
    pen.c.rect(pen.left, pen.y - height, pen.usable, height, stroke=1, fill=0)
    top = pen.y
    pen.y -= 3 * mm
    if block.title:
        pen.paragraph([(block.title, BOLD)], 11.5, pen.left, pen.right, "center")
    pen.y = top - height - 4 * mm


#: reportlab subsets the embedded fonts when a canvas is saved, reading the shared font file with a
#: position of its own: two documents saved at once (request threads, the worker) corrupt each other's
#: subset (an IndexError, or wrong glyphs). One save at a time.
_SAVING = threading.Lock()


def draw_layout(layout: Layout) -> bytes:
    """The layout as a PDF (one or more pages)."""
    register_fonts()
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=PAGE_SIZES.get(layout.page_size, A4), pageCompression=1)
    c.setTitle(layout.title)
    c.setAuthor(layout.author)
    c.setSubject(layout.subject)
    pen = Pen(c, layout)
    for block in layout.blocks:
        if isinstance(block, Header):
            _header(pen, block)
        elif isinstance(block, Title):
            pen.y -= 2 * mm
            pen.paragraph([(block.text, BOLD)], block.size, pen.left, pen.right, "center")
            if block.subtitle:
                pen.paragraph([(block.subtitle, ITALIC_STYLE)], 10, pen.left, pen.right, "center")
            pen.y -= 3 * mm
        elif isinstance(block, Paragraph):
            style = (BOLD if block.bold else "") + (ITALIC_STYLE if block.italic else "") or REGULAR
            pen.paragraph([(block.text, style)], block.size, pen.left, pen.right, block.align)
            pen.y -= 2
        elif isinstance(block, FieldRow):
            _fields(pen, block)
        elif isinstance(block, Table):
            _table(pen, block)
        elif isinstance(block, Signature):
            _signature(pen, block)
        elif isinstance(block, QR):
            _qr(pen, block)
        elif isinstance(block, Box):
            _box(pen, block)
        elif isinstance(block, Spacer):
            pen.y -= block.height_mm * mm
        elif isinstance(block, PageBreak):
            pen.new_page()
    pen._footer()
    c.showPage()
    with _SAVING:
        c.save()
    return buffer.getvalue()
