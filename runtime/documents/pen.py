"""Text and shapes on a PDF page with reportlab's canvas: fonts, widths, wrapping, the pen that
keeps its place down the page, the QR code and the emblem. :mod:`.drawing` lays blocks out with it.

Noto Sans (OFL-1.1) is embedded so Vietnamese reads the same everywhere and extracts again; the
variable font has no separate bold file, so bold is drawn as filled-and-stroked text.
"""

from __future__ import annotations

import functools
import importlib.resources
import math

from reportlab.graphics.barcode import qrencoder
from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from .layout import Layout

FONT = "NotoSans"
ITALIC = "NotoSans-Italic"
REGULAR, BOLD, ITALIC_STYLE, BOLD_ITALIC = "r", "b", "i", "bi"
PAGE_SIZES = {"A4": A4, "A5": A5}
LEADING = 1.42
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


class Pen:
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
            self.ensure(size * LEADING)
            self.y -= size
            self.line(line, size, x0, x1, align)
            self.y -= size * (LEADING - 1)


def draw_emblem(c: canvas.Canvas, cx: float, cy: float, r: float) -> None:
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
