"""Draw a :class:`~runtime.documents.layout.Layout` on PDF pages with reportlab's canvas.

The canvas was chosen by measurement (``bench/results.py``): ~20 ms of CPU a page for the birth
certificate, a receipt or a generic result, where the same layouts through platypus flowables cost
about 1.5× that; and the canvas never interprets markup in the administrator's or applicant's text
(platypus paragraphs do, so every text would need escaping). Noto Sans (OFL-1.1) is
embedded so Vietnamese reads the same everywhere and extracts again; the variable font has no
separate bold file, so bold is drawn as filled-and-stroked text.
"""

from __future__ import annotations

import functools
import importlib.resources
import io
import math

from reportlab.graphics.barcode import qrencoder
from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from .layout import QR, Box, FieldRow, Header, Layout, PageBreak, Paragraph, Signature, Spacer, Table, Title

FONT = "NotoSans"
ITALIC = "NotoSans-Italic"
REGULAR, BOLD, ITALIC_STYLE, BOLD_ITALIC = "r", "b", "i", "bi"
PAGE_SIZES = {"A4": A4, "A5": A5}
_LEADING = 1.42
_RED, _GOLD, _YELLOW = (0.78, 0.07, 0.09), (0.83, 0.63, 0.09), (1.0, 0.85, 0.0)


@functools.cache
def register_fonts() -> str:
    """Register Noto Sans (regular and italic) with reportlab once per process.

    Also writes binary streams (no ASCII85 armour): smaller files, and ~1 ms less per page.
    """
    from reportlab import rl_config

    rl_config.useA85 = 0
    files = importlib.resources.files("fontpkg_noto_sans") / "files"
    for name, file in ((FONT, "NotoSans[wdth,wght].ttf"), (ITALIC, "NotoSans-Italic[wdth,wght].ttf")):
        with importlib.resources.as_file(files / file) as real:
            pdfmetrics.registerFont(TTFont(name, str(real)))
    return FONT


def _font(style: str) -> str:
    return ITALIC if "i" in style else FONT


@functools.lru_cache(maxsize=65536)
def text_width(text: str, size: float, style: str = REGULAR) -> float:
    """The width of ``text`` in points (cached: words repeat across documents, and reportlab's
    width function is pure Python here)."""
    return pdfmetrics.stringWidth(text, _font(style), size)


Run = tuple[str, str]
"""(text, style)."""


def wrap_runs(runs: list[Run], width: float, size: float) -> list[list[Run]]:
    """Break styled text into lines no wider than ``width`` (a word longer than a line is kept whole)."""
    lines: list[list[Run]] = [[]]
    used = 0.0
    space = text_width(" ", size)
    for text, style in runs:
        for word in text.split():
            w = text_width(word, size, style)
            gap = space if lines[-1] else 0.0
            if lines[-1] and used + gap + w > width:
                lines.append([])
                used, gap = 0.0, 0.0
            lines[-1].append((word, style))
            used += gap + w
    return lines


def _merge(line: list[Run]) -> list[Run]:
    """Consecutive words of one style as one run ("a b" rather than "a", "b")."""
    merged: list[Run] = []
    for word, style in line:
        if merged and merged[-1][1] == style:
            merged[-1] = (merged[-1][0] + " " + word, style)
        elif merged:
            merged[-1] = (merged[-1][0] + " ", merged[-1][1])
            merged.append((word, style))
        else:
            merged.append((word, style))
    return merged


class _Pen:
    """Draws runs of text and keeps the vertical position, starting new pages when needed."""

    def __init__(self, c: canvas.Canvas, layout: Layout):
        self.c = c
        self.layout = layout
        self.width, self.height = PAGE_SIZES.get(layout.page_size, A4)
        self.margin = layout.margin_mm * mm
        self.left, self.right = self.margin, self.width - self.margin
        self.y = self.height - self.margin
        self.page = 1

    @property
    def usable(self) -> float:
        return self.right - self.left

    def new_page(self) -> None:
        self._footer()
        self.c.showPage()
        self.page += 1
        self.y = self.height - self.margin

    def ensure(self, needed: float) -> None:
        if self.y - needed < self.margin:
            self.new_page()

    def _footer(self) -> None:
        if self.layout.footer:
            self.c.setFont(FONT, 7.5)
            self.c.setFillGray(0.35)
            self.c.drawString(self.left, self.margin * 0.45, self.layout.footer)
            self.c.drawRightString(self.right, self.margin * 0.45, f"Trang {self.page}")
            self.c.setFillGray(0)

    def runs(self, runs: list[Run], x: float, y: float, size: float) -> None:
        """Draw styled runs starting at (x, y), as one text object (fewer PDF operators)."""
        bold = any("b" in style for _text, style in runs)
        if bold:  # the render mode outlives the text object: keep it inside this saved state
            self.c.saveState()
            self.c.setLineWidth(size * 0.045)  # the outline that makes filled text bold
        t = self.c.beginText(x, y)
        for text, style in runs:
            t.setFont(_font(style), size)
            t.setTextRenderMode(2 if "b" in style else 0)
            t.textOut(text)
        self.c.drawText(t)
        if bold:
            self.c.restoreState()

    def line(self, runs: list[Run], size: float, x0: float, x1: float, align: str = "left",
             y: float | None = None) -> None:
        runs = _merge(runs)
        width = sum(text_width(t, size, s) for t, s in runs)
        x = {"center": (x0 + x1 - width) / 2, "right": x1 - width}.get(align, x0)
        self.runs(runs, x, self.y if y is None else y, size)

    def paragraph(self, runs: list[Run], size: float, x0: float, x1: float, align: str = "left") -> None:
        for line in wrap_runs(runs, x1 - x0, size):
            self.ensure(size * _LEADING)
            self.y -= size
            self.line(line, size, x0, x1, align)
            self.y -= size * (_LEADING - 1)


def _draw_emblem(c: canvas.Canvas, cx: float, cy: float, r: float) -> None:
    """A stylised national emblem: a red disc with a gold star inside a gold ring.

    A deployment that must print the official emblem replaces this drawing with the image.
    """
    c.setFillColorRGB(*_GOLD)
    c.circle(cx, cy, r, stroke=0, fill=1)
    c.setFillColorRGB(*_RED)
    c.circle(cx, cy, r * 0.8, stroke=0, fill=1)
    path = c.beginPath()
    for i in range(10):
        radius = r * (0.5 if i % 2 == 0 else 0.2)
        angle = math.pi / 2 + i * math.pi / 5
        x, y = cx + radius * math.cos(angle), cy + radius * math.sin(angle)
        path.moveTo(x, y) if i == 0 else path.lineTo(x, y)
    path.close()
    c.setFillColorRGB(*_YELLOW)
    c.drawPath(path, stroke=0, fill=1)
    c.setFillColorRGB(0, 0, 0)


QR_MASK = 0
"""The QR mask pattern. Every mask gives a valid code; searching for the "best" one (what
``QRCode.make`` does) costs ~10 ms a code in reportlab's pure-Python encoder, for a marginal
gain in contrast, so a fixed mask keeps issuance within its time budget."""


def draw_qr(c: canvas.Canvas, text: str, x: float, y: float, size: float) -> None:
    """A QR code as one filled path (encoded once; far cheaper than a drawing of many shapes)."""
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(text)
    code.version = code.calculate_version()
    code.makeImpl(False, QR_MASK)
    count = code.getModuleCount()
    quiet = 2
    c.saveState()
    c.translate(x, y)
    c.scale(size / (count + 2 * quiet), size / (count + 2 * quiet))  # one unit per module
    path = c.beginPath()
    for row in range(count):
        top = count + quiet - row - 1
        col = 0
        while col < count:  # one rectangle per run of dark modules: fewer, shorter operators
            if code.isDark(row, col):
                start = col
                while col < count and code.isDark(row, col):
                    col += 1
                path.rect(start + quiet, top, col - start, 1)
            col += 1
    c.drawPath(path, stroke=0, fill=1)
    c.restoreState()


def _header(pen: _Pen, block: Header) -> None:
    c = pen.c
    if block.emblem:
        r = 11 * mm
        c.saveState()
        _draw_emblem(c, pen.width / 2, pen.y - r, r)
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


def _motto(pen: _Pen, x0: float, x1: float) -> None:
    motto = "Độc lập - Tự do - Hạnh phúc"
    pen.paragraph([(motto, BOLD)], 12, x0, x1, "center")
    width = text_width(motto, 12)
    pen.c.setLineWidth(0.6)
    pen.c.line((x0 + x1 - width) / 2, pen.y + 1, (x0 + x1 + width) / 2, pen.y + 1)
    pen.y -= 3


def _fields(pen: _Pen, block: FieldRow) -> None:
    weights = block.widths if len(block.widths) == len(block.cells) else (1.0,) * len(block.cells)
    total = sum(weights) or 1.0
    x, bottoms, top = pen.left, [], pen.y
    wrapped = []
    for (label, value), weight in zip(block.cells, weights, strict=True):
        width = pen.usable * weight / total
        runs = [(label + (": " if label and not label.endswith(":") else " "), REGULAR), (value or "", BOLD)]
        wrapped.append((x, x + width - 6, runs))
        x += width
    height = max(len(wrap_runs(r, x1 - x0, block.size)) for x0, x1, r in wrapped) * block.size * _LEADING
    pen.ensure(height)
    top = pen.y
    for x0, x1, runs in wrapped:
        pen.y = top
        pen.paragraph(runs, block.size, x0, x1)
        bottoms.append(pen.y)
    pen.y = min(bottoms) - 1.5


def _table(pen: _Pen, block: Table) -> None:
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
        height = max((len(w) for w in wrapped), default=1) * size * _LEADING + 2 * pad
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
                y -= size * _LEADING
            x += w
        pen.y -= height

    row(block.headers, BOLD)
    for cells in block.rows:
        row(cells, REGULAR)
    pen.y -= 4


def _signature(pen: _Pen, block: Signature) -> None:
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


def _qr(pen: _Pen, block: QR) -> None:
    size = block.size_mm * mm
    pen.ensure(size + 4)
    draw_qr(pen.c, block.value, pen.left - 2 * mm, pen.y - size, size)
    y = pen.y
    pen.y -= size / 2 - 8
    if block.caption:
        pen.paragraph([(block.caption, ITALIC_STYLE)], 8.5, pen.left + size + 2 * mm, pen.right)
    pen.paragraph([(block.value, REGULAR)], 8, pen.left + size + 2 * mm, pen.right)
    pen.y = y - size - 4


def _box(pen: _Pen, block: Box) -> None:
    height = block.height_mm * mm
    pen.ensure(height)
    pen.c.setLineWidth(0.8)
    pen.c.rect(pen.left, pen.y - height, pen.usable, height, stroke=1, fill=0)
    top = pen.y
    pen.y -= 3 * mm
    if block.title:
        pen.paragraph([(block.title, BOLD)], 11.5, pen.left, pen.right, "center")
    pen.y = top - height - 4 * mm


def draw_layout(layout: Layout) -> bytes:
    """The layout as a PDF (one or more pages)."""
    register_fonts()
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=PAGE_SIZES.get(layout.page_size, A4), pageCompression=1)
    c.setTitle(layout.title)
    c.setAuthor(layout.author)
    c.setSubject(layout.subject)
    pen = _Pen(c, layout)
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
    c.save()
    return buffer.getvalue()
