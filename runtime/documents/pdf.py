"""Render a slip to PDF with reportlab, in a font with full Vietnamese diacritics.

The font (Noto Sans, OFL-1.1) comes from the ``fontpkg-noto-sans`` package and
is embedded in every PDF, so the text reads the same everywhere and can be
extracted again (tests read receipts back with pypdf).
"""

from __future__ import annotations

import functools
import importlib.resources
import io
from dataclasses import dataclass, field

from reportlab.graphics.barcode import qrencoder
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

FONT = "NotoSans"


@functools.cache
def _register_font() -> str:
    path = importlib.resources.files("fontpkg_noto_sans") / "files" / "NotoSans[wdth,wght].ttf"
    with importlib.resources.as_file(path) as real:
        pdfmetrics.registerFont(TTFont(FONT, str(real)))
    return FONT


@dataclass(frozen=True)
class SlipContent:
    """What a slip says: everything is plain text, laid out by :func:`render_pdf`."""

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


def _wrap(text: str, width: float, size: float) -> list[str]:
    words, lines, line = text.split(), [], ""
    for word in words:
        trial = f"{line} {word}".strip()
        if pdfmetrics.stringWidth(trial, FONT, size) <= width or not line:
            line = trial
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines or [""]


class _Writer:
    def __init__(self, c: canvas.Canvas):
        self.c = c
        self.width, self.height = A4
        self.margin = 20 * mm
        self.y = self.height - self.margin

    def ensure(self, needed: float) -> None:
        if self.y - needed < self.margin:
            self.c.showPage()
            self.y = self.height - self.margin

    def text(self, text: str, size: float = 11, x: float | None = None, center: bool = False,
             width: float | None = None) -> None:
        width = width or self.width - 2 * self.margin
        for line in _wrap(text, width, size):
            self.ensure(size * 1.5)
            self.c.setFont(FONT, size)
            if center:
                self.c.drawCentredString(self.width / 2, self.y, line)
            else:
                self.c.drawString(x if x is not None else self.margin, self.y, line)
            self.y -= size * 1.45

    def gap(self, points: float = 6) -> None:
        self.y -= points


def _draw_qr(c: canvas.Canvas, text: str, x: float, y: float, size: float) -> None:
    """A QR code as one filled path (encoded once; far cheaper than a drawing of many shapes)."""
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(text)
    code.make()
    count = code.getModuleCount()
    quiet = 2
    cell = size / (count + 2 * quiet)
    path = c.beginPath()
    for row in range(count):
        for col in range(count):
            if code.isDark(row, col):
                path.rect(x + (col + quiet) * cell, y + size - (row + quiet + 1) * cell, cell, cell)
    c.drawPath(path, stroke=0, fill=1)


def render_pdf(content: SlipContent) -> bytes:
    """The slip as a one- or multi-page A4 PDF."""
    _register_font()
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4, pageCompression=1)
    c.setTitle(content.title)
    c.setAuthor(content.agency)
    c.setSubject(content.number)
    w = _Writer(c)
    half = (w.width - 2 * w.margin) / 2
    top = w.y
    w.text(content.agency.upper(), 10, width=half - 10)
    w.text(f"Số: {content.number}", 10)
    left_bottom, w.y = w.y, top
    w.text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 10, x=w.margin + half, width=half)
    w.text("Độc lập - Tự do - Hạnh phúc", 10, x=w.margin + half + 20, width=half)
    w.text(content.place_and_date, 9, x=w.margin + half + 10, width=half)
    w.y = min(w.y, left_bottom) - 10
    w.text(content.title, 14, center=True)
    if content.subtitle:
        w.text(content.subtitle, 9, center=True)
    w.gap(8)
    for label, value in content.rows:
        w.text(f"{label}: {value}", 11)
    if content.table:
        w.gap(4)
        if content.table_title:
            w.text(content.table_title, 11)
        for i, row in enumerate(content.table):
            w.text(("   " if i else "") + " | ".join(row), 10)
    for paragraph in content.paragraphs:
        w.gap(4)
        w.text(paragraph, 10.5)
    if content.qr_url:
        w.ensure(40 * mm)
        size = 30 * mm
        _draw_qr(c, content.qr_url, w.margin, w.y - size, size)
        c.setFont(FONT, 8.5)
        c.drawString(w.margin, w.y - size - 10, content.qr_caption)
        c.drawString(w.margin, w.y - size - 21, content.qr_url)
    if content.signer_title:
        c.setFont(FONT, 11)
        c.drawCentredString(w.margin + half * 1.5, w.y - 12, content.signer_title)
        c.setFont(FONT, 9)
        c.drawCentredString(w.margin + half * 1.5, w.y - 26, "(Ký số)")
    if content.footer:
        c.setFont(FONT, 8)
        c.drawString(w.margin, w.margin - 8 * mm, content.footer)
    c.showPage()
    c.save()
    return buffer.getvalue()
