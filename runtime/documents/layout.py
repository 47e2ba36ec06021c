"""From a document template (data in the definition) to a layout of plain-text blocks.

A template is a list of blocks (``national-header``, ``title``, ``text``, ``fields``, ``table``,
``signature``, ``qr``, ``box``, ``spacer``, ``page-break``) whose texts are sandboxed Jinja
expressions over the dossier's context (see :mod:`runtime.documents.context`). Evaluating it gives
a :class:`Layout`: the same blocks with every text final, ready for :func:`draw_layout`. Results
and slips both go through it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from ..definitions.model import Condition
from .expressions import evaluate, render_text

DEFAULT_PLACE_DATE = "{{ place }}, {{ issued_on | date_long }}"


@dataclass(frozen=True)
class Header:
    """The national header: agency and number on the left, the national motto on the right."""

    agency_lines: tuple[str, ...]
    number: str
    place_date: str
    emblem: bool = False


@dataclass(frozen=True)
class Title:
    text: str
    subtitle: str = ""
    size: float = 15


@dataclass(frozen=True)
class Paragraph:
    text: str
    size: float = 11.5
    align: str = "left"
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class FieldRow:
    """One line of "label: value" pairs side by side (values stand out in bold)."""

    cells: tuple[tuple[str, str], ...]
    widths: tuple[float, ...] = ()
    size: float = 11.5


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] = ()
    title: str = ""
    size: float = 10


@dataclass(frozen=True)
class Signature:
    """The signer's block on the right; on the left, lines such as "Nơi nhận" and an optional QR."""

    title: str
    note: str = ""
    signer: str = ""
    left_lines: tuple[str, ...] = ()
    size: float = 11.5
    qr: str = ""
    qr_caption: str = ""


@dataclass(frozen=True)
class QR:
    value: str
    caption: str = ""
    size_mm: float = 26


@dataclass(frozen=True)
class Box:
    title: str
    height_mm: float = 60


@dataclass(frozen=True)
class Spacer:
    height_mm: float = 4


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Header | Title | Paragraph | FieldRow | Table | Signature | QR | Box | Spacer | PageBreak


@dataclass(frozen=True)
class Layout:
    """A document ready to draw: page settings, metadata and blocks of plain text."""

    blocks: tuple[Block, ...]
    title: str = ""
    author: str = ""
    subject: str = ""
    footer: str = ""
    page_size: str = "A4"
    margin_mm: float = 20
    extra: dict[str, str] = field(default_factory=dict)


def _text(value: Any, context: dict[str, Any]) -> str:
    return render_text(value, context) if isinstance(value, str) else ""


def _lines(value: Any, context: dict[str, Any]) -> tuple[str, ...]:
    """A text whose lines are kept ("\\n" in the template separates lines)."""
    if not isinstance(value, str):
        return ()
    return tuple(line for line in (render_text(part, context) for part in value.split("\n")) if line)


def _holds(block: dict[str, Any], data: dict[str, Any]) -> bool:
    when = block.get("when")
    return when is None or _condition(when).holds(data)


def _condition(schema: Any) -> Condition:
    import orjson

    return _compiled_condition(orjson.dumps(schema, option=orjson.OPT_SORT_KEYS).decode())


@functools.lru_cache(maxsize=1024)
def _compiled_condition(key: str) -> Condition:
    """A condition compiled once per distinct schema (templates are shared by many documents)."""
    import orjson

    return Condition(orjson.loads(key))


def _table(block: dict[str, Any], context: dict[str, Any]) -> Table:
    columns = block.get("columns", [])
    rows = []
    for index, item in enumerate(_items(block.get("items", "[]"), context)):
        row_context = {**context, "row": item, "index": index + 1}
        rows.append(tuple(_text(column.get("value", ""), row_context) for column in columns))
    return Table(headers=tuple(_text(c.get("header", ""), context) for c in columns), rows=tuple(rows),
                 widths=tuple(float(c.get("width", 1)) for c in columns), title=_text(block.get("title"), context),
                 size=float(block.get("size", 10)))


def _items(expression: str, context: dict[str, Any]) -> list[Any]:
    items = evaluate(expression, context)
    if isinstance(items, dict):
        items = list(items.values())
    return list(items[:500]) if isinstance(items, list | tuple) else []


def _repeated_fields(block: dict[str, Any], context: dict[str, Any], size: float) -> list[FieldRow]:
    """A ``fields`` block with ``items``: one "label: value" line per item (e.g. every answer)."""
    rows = []
    for index, item in enumerate(_items(block["items"], context)):
        row_context = {**context, "row": item, "index": index + 1}
        cell = (_text(block.get("label", ""), row_context), _text(block.get("value", ""), row_context))
        rows.append(FieldRow((cell,), size=size))
    return rows


def _block(block: dict[str, Any], context: dict[str, Any]) -> Block | None:
    kind = block["type"]
    size = block.get("size")
    if kind == "national-header":
        agency = _lines(block.get("agency", "{{ agency.name | upper }}"), context)
        return Header(agency_lines=agency, number=_text(block.get("number", "Số: {{ number }}"), context),
                      place_date=_text(block.get("place_date", DEFAULT_PLACE_DATE), context),
                      emblem=bool(block.get("emblem", False)))
    if kind == "title":
        return Title(_text(block.get("text"), context), _text(block.get("subtitle"), context), float(size or 15))
    if kind == "text":
        return Paragraph(_text(block.get("text"), context), float(size or 11.5), block.get("align", "left"),
                         bool(block.get("bold", False)), bool(block.get("italic", False)))
    if kind == "fields":
        return None  # expanded by the caller: one FieldRow per row
    if kind == "table":
        return _table(block, context)
    if kind == "signature":
        return Signature(_text(block.get("title"), context), _text(block.get("note"), context),
                         _text(block.get("signer"), context), _lines(block.get("left"), context), float(size or 11.5),
                         _text(block.get("qr"), context), _text(block.get("qr_caption"), context))
    if kind == "qr":
        value = _text(block.get("value", "{{ tracking_url }}"), context)
        return QR(value, _text(block.get("caption"), context), float(block.get("size_mm", 26))) if value else None
    if kind == "box":
        return Box(_text(block.get("title"), context), float(block.get("height_mm", 60)))
    if kind == "spacer":
        return Spacer(float(block.get("height_mm", 4)))
    if kind == "page-break":
        return PageBreak()
    return None


def build_layout(template: dict[str, Any], context: dict[str, Any], *, title: str = "", author: str = "",
                 subject: str = "", footer: str = "") -> Layout:
    """Evaluate every block of ``template`` against ``context`` (``context["raw"]`` is the eForm data
    that blocks' ``when`` conditions test)."""
    data = context.get("raw") or {}
    blocks: list[Block] = []
    for block in template.get("blocks", ()):
        if not _holds(block, data):
            continue
        if block["type"] == "fields":
            size = float(block.get("size", 11.5))
            if "items" in block:
                blocks.extend(_repeated_fields(block, context, size))
            for row in block.get("rows", ()):
                cells = tuple((_text(c.get("label", ""), context), _text(c.get("value", ""), context)) for c in row
                              if _holds(c, data))
                if cells:
                    blocks.append(FieldRow(cells, tuple(float(c.get("width", 1)) for c in row if _holds(c, data)),
                                           size))
            continue
        built = _block(block, context)
        if built is not None:
            blocks.append(built)
    page = template.get("page", {})
    return Layout(tuple(blocks), title=title, author=author, subject=subject, footer=footer,
                  page_size=page.get("size", "A4"), margin_mm=float(page.get("margin_mm", 20)))
