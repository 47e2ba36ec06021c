"""Channels (hình thức nộp) with their time limits and fees, from either shape of record.

The crawl flattens the portal's table to one string: "Hình thức nộpThời gianPhí, lệ phíMô tả"
then, per channel, "Trực tiếp5 Ngày làm việcMiễn phí<description>". Rules, never per record:
a channel starts where its name is followed by a number or "Không có thông tin"; the time is a
number and a unit (a bare number is flagged); the fee is "Miễn phí", "Không có thông tin" or an
amount with its currency and an optional note in brackets; any tariff in the notes is flagged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .report import FieldReport, Status
from .text import NO_INFO, one_line

CHANNELS = {"Trực tiếp": "in-person", "Trực tuyến": "online", "Dịch vụ bưu chính": "postal"}
_HEADER = "Hình thức nộpThời gianPhí, lệ phíMô tả"
_START = re.compile(r"(Trực tiếp|Trực tuyến|Dịch vụ bưu chính)(?=\s*(?:\d|Không có thông tin|Miễn phí))")
_CURRENCY = r"(Việt Nam Đồng|VNĐ|VND|Đồng|đồng|USD)"
_TIME = re.compile(r"\s*(\d+(?:[.,]\d+)?)\s*(Ngày làm việc|Ngày|Giờ làm việc|Giờ|Tháng|Năm)?")
_AMOUNT = re.compile(r"\s*([\d][\d.,]*)\s*" + _CURRENCY)
_UNITS = {"Ngày làm việc": ("working-days", 1), "Ngày": ("calendar-days", 1), "Giờ làm việc": ("working-hours", 1),
          "Giờ": ("working-hours", 1), "Tháng": ("calendar-days", 30), "Năm": ("calendar-days", 365)}
_PROSE_TIME = re.compile(r"(\d+)\s*\(?[^)\d]{0,20}?\)?\s*(ngày làm việc|ngày|giờ làm việc|giờ)", re.IGNORECASE)
# A note that speaks of money: an amount with a currency, a money-shaped number ("8.000.000/lần"), a
# fee named ("Phí thẩm định"), a tariff set elsewhere.
_TARIFF = re.compile(r"\d[\d.,]*\s*(đồng|USD|VNĐ)|\d{1,3}(?:[.,]\d{3})+|\bphí\b|mức (thu|lệ phí|phí)|"
                     r"Hội đồng nhân dân|HĐND|biểu phí|theo quy định",
                     re.IGNORECASE)


@dataclass
class Fee:
    kind: str
    """free, fixed, per-page, per-unit, foreign (not in VND), unknown."""
    amount: int = 0
    unit: str = ""
    note: str = ""
    source: str = ""
    status: Status = "parsed"
    why: str = ""
    reduced: tuple[int, str, str] | None = None
    """A temporary lower amount and its period (ISO dates), as the note states."""


@dataclass
class Channel:
    channel: str
    time: tuple[float, str] | None
    time_status: Status
    time_source: str
    fees: list[Fee] = field(default_factory=list)
    description: str = ""
    time_note: str = ""


def _amount(text: str) -> int:
    return int(re.sub(r"[.,]", "", text) or 0)


def _bracketed(text: str) -> tuple[str, str]:
    """The text inside a leading balanced bracket, and the rest."""
    if not text.startswith("("):
        return "", text
    depth = 0
    for i, ch in enumerate(text):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth == 0:
            return text[1:i], text[i + 1:]
    return text[1:], ""


_DMY = r"(\d{1,2}/\d{1,2}/\d{4})"
_PERIOD = r"(?:kể từ ngày|từ ngày)\s*" + _DMY + r"\s*đến hết ngày\s*" + _DMY
_REDUCED = (re.compile(r"(\d[\d.]*)\s*(?:đồng|đ)\b[^;]{0,120}?" + _PERIOD, re.IGNORECASE),
            re.compile(_PERIOD + r"[^;]{0,160}?(\d[\d.]*)\s*(?:đồng|đ)\b", re.IGNORECASE))


def _iso(dmy: str) -> str:
    import datetime as dt

    day, month, year = (int(x) for x in dmy.split("/"))
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return ""


def reduced_rate(amount: int, note: str) -> tuple[int, str, str] | None:
    """A lower amount applying for a period ("áp dụng mức 25.000 đồng kể từ ngày 01/7/2025 đến hết ngày 31/12/2026")."""
    for n, pattern in enumerate(_REDUCED):
        match = pattern.search(note)
        if match:
            groups = match.groups()
            value, start, end = (groups[0], groups[1], groups[2]) if n == 0 else (groups[2], groups[0], groups[1])
            lower = _amount(value)
            if 0 <= lower < amount and _iso(start) and _iso(end) and _iso(start) <= _iso(end):
                return lower, _iso(start), _iso(end)
    return None


def read_fee(amount: int, currency: str, note: str, source: str) -> Fee:
    """One fee from its amount, currency and note (the unit "/trang", "/hồ sơ" is read from the note)."""
    note = one_line(note)
    unit_match = re.match(r"\s*/\s*([^\s(),;]+(?: [^\s(),;]+)?)", note) or re.search(
        r"đồng\s*/\s*([^\s(),;]+(?: [^\s(),;]+)?)", note)
    unit = unit_match.group(1) if unit_match else ""
    if currency == "USD":
        return Fee("foreign", amount, unit, note, source, "review", "amount in USD: charged abroad, not in VND")
    kind = "per-page" if unit.startswith("trang") else "fixed"
    others = {_amount(m.group(0).split()[0]) for m in re.finditer(r"\d[\d.,]*\s*(?=đồng)", note)} - {amount}
    reduced = reduced_rate(amount, note) if kind == "fixed" else None
    if reduced:
        return Fee(kind, amount, unit, note, source, "review", "a lower amount for a period: check its dates",
                   reduced)
    if others or re.search(r"mức (thu|lệ phí|phí)|từ trang|tối đa|giảm|miễn", note, re.IGNORECASE):
        return Fee(kind, amount, unit, note, source, "review", "the note names other amounts or conditions")
    if kind == "per-page":
        return Fee(kind, amount, unit, note, source, "review", "per page: the component whose pages count is a guess")
    return Fee(kind, amount, unit, note, source, "parsed")


def _fees(text: str) -> tuple[list[Fee], str]:
    """The fees at the start of ``text`` and the description after them."""
    fees: list[Fee] = []
    rest = text
    while True:
        stripped = rest.lstrip()
        if stripped.startswith("Miễn phí"):
            note, rest = _bracketed(stripped[len("Miễn phí"):])
            tariff = bool(_TARIFF.search(note))
            fees.append(Fee("free", 0, "", one_line(note), "Miễn phí" + (f"({note})" if note else ""),
                            "review" if tariff else "parsed",
                            "free, but the note speaks of a tariff" if tariff else ""))
            continue
        if stripped.startswith(NO_INFO) and not fees:
            fees.append(Fee("unknown", source=NO_INFO, status="review", why="no fee information"))
            rest = stripped[len(NO_INFO):]
            continue
        match = _AMOUNT.match(stripped)
        if not match:
            break
        note, after = _bracketed(stripped[match.end():])
        fees.append(read_fee(_amount(match.group(1)), "USD" if match.group(2) == "USD" else "VND", note,
                             stripped[:match.end()] + (f"({note})" if note else "")))
        rest = after
    return fees, one_line(rest)


def _time(text: str) -> tuple[tuple[float, str] | None, Status, str, str, str]:
    """(amount, unit) or None, its status, the source, the rest of the text, and a note."""
    stripped = text.lstrip()
    if stripped.startswith(NO_INFO):
        return None, "review", NO_INFO, stripped[len(NO_INFO):], "no time limit given"
    match = None if _AMOUNT.match(stripped) else _TIME.match(stripped)
    if not match:
        return None, "review", "", stripped, "no time limit given"
    number = float(match.group(1).replace(",", "."))
    source = match.group(0).strip()
    if not match.group(2):
        return (number, "working-days"), "review", source, stripped[match.end():], "a bare number: working days assumed"
    unit, factor = _UNITS[match.group(2)]
    status: Status = "guessed" if factor > 1 else "parsed"
    return (number * factor, unit), status, source, stripped[match.end():], ""


def time_in_prose(text: str) -> tuple[float, str] | None:
    """A time limit written in a description ("trong thời hạn 03 ngày làm việc")."""
    match = _PROSE_TIME.search(text or "")
    if not match:
        same_day = re.search(r"(ngay )?trong (ngày|ngày làm việc) (tiếp nhận|nhận được|làm việc)", text or "",
                             re.IGNORECASE)
        return (1.0, "working-days") if same_day else None
    unit = {"ngày làm việc": "working-days", "ngày": "calendar-days", "giờ làm việc": "working-hours",
            "giờ": "working-hours"}[match.group(2).lower()]
    return float(match.group(1)), unit


def channels_from_text(text: str) -> list[Channel]:
    """The channels of the crawl's flattened ``cach_thuc_thuc_hien``."""
    body = one_line(text)
    if body.startswith(_HEADER):
        body = body[len(_HEADER):]
    parts = _START.split(body)
    out: list[Channel] = []
    for i in range(1, len(parts), 2):
        time, status, source, rest, note = _time(parts[i + 1])
        fees, description = _fees(rest)
        _flag_other_amounts(fees, description)
        if time is None and (found := time_in_prose(description)):
            time, status, note = found, "guessed", "read from the description"
        elif time and time[1] == "calendar-days" and source.endswith("Ngày") and re.search(
                rf"\b0?{int(time[0])} ngày làm việc", description, re.IGNORECASE):
            time, note = (time[0], "working-days"), "“Ngày” in the table, working days in the description"
        out.append(Channel(CHANNELS[parts[i]], time, status, source, fees, description, note))
    return out


_PORTAL_CHANNELS = {"DIRECT": "in-person", "ONLINE": "online", "POSTAL": "postal", "POST": "postal"}
_PORTAL_UNITS = {"WORKING_DAY": "working-days", "DAY": "calendar-days", "HOUR": "working-hours",
                 "WORKING_HOUR": "working-hours"}


_MONEY = re.compile(r"(\d{1,3}(?:[.,]\d{3})+)\s*(?:đồng|đ\b|VNĐ|VND)", re.IGNORECASE)


def _flag_other_amounts(fees: list[Fee], description: str) -> None:
    """A description naming amounts the fee cells do not ("Lệ phí: 100.000 đồng") puts the fee up for review."""
    named = {_amount(m.group(1)) for m in _MONEY.finditer(description)}
    known = {fee.amount for fee in fees} | {fee.reduced[0] for fee in fees if fee.reduced}
    if fees and named - known and fees[-1].status == "parsed":
        fees[-1].status, fees[-1].why = "review", "the description names other amounts"
        fees[-1].note = " ".join(filter(None, (fees[-1].note, description)))[:2000]


def channels_from_portal(methods: list[dict[str, Any]]) -> list[Channel]:
    """The channels of the portal's ``executionMethods``."""
    out: list[Channel] = []
    for method in methods:
        channel = _PORTAL_CHANNELS.get(str(method.get("submissionMethod", "")).upper(), "in-person")
        amount, unit = method.get("processingTime") or 0, _PORTAL_UNITS.get(str(method.get("processingTimeUnit")))
        description = one_line(method.get("description"))
        source = f"{method.get('processingTime')} {method.get('processingTimeUnit')}"
        if amount and unit:
            time, status, note = (float(amount), unit), "parsed", ""
        elif found := time_in_prose(description):
            time, status, note = found, "guessed", "read from the description"
        else:
            time, status, note = None, "review", "no time limit given"
        fees = []
        for raw in method.get("fees") or ():
            currency = "USD" if "USD" in str(raw.get("currencyName")) else "VND"
            note_text = one_line(raw.get("description"))
            fees.append(read_fee(int(raw.get("value") or 0), currency, note_text,
                                 f"{raw.get('value')} {raw.get('currencyName')} {note_text}".strip()))
            if description and _TARIFF.search(description):
                fees[-1].status, fees[-1].why = "review", "the description holds a tariff"
                fees[-1].note = description
        out.append(Channel(channel, time, status, source, fees, description, note))
    return out


def channel_report(channels: list[Channel]) -> tuple[FieldReport, FieldReport]:
    """The reports of the time limits and of the fees, one item per channel and fee."""
    times = FieldReport("parsed" if channels else "review", "", [c.channel for c in channels],
                        "" if channels else "no channel found")
    fees = FieldReport("parsed" if channels else "review", "")
    for c in channels:
        times.items.append(FieldReport(c.time_status, c.time_source, {"channel": c.channel, "time": c.time},
                                       c.time_note))
        for fee in c.fees:
            fees.items.append(FieldReport(fee.status, fee.source, {"channel": c.channel, "kind": fee.kind,
                                                                   "amount": fee.amount, "unit": fee.unit},
                                          fee.why))
    if not fees.items:
        fees.status, fees.note = "review", "no fee information"
    return times, fees
