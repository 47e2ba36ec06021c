"""Numbers, dates and money written the way Vietnamese state documents write them.

Pure functions: ``number_words(2026)`` → "hai nghìn không trăm hai mươi sáu",
``date_words(date(2026, 2, 20))`` → "Ngày hai mươi, tháng hai, năm hai nghìn không trăm hai
mươi sáu" (the "ghi bằng chữ" line of a birth certificate), ``money(16000)`` → "16.000 đồng".
"""

from __future__ import annotations

import datetime as dt
from typing import Any

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_GROUPS = ("", "nghìn", "triệu", "tỷ")
_MONTHS = ("", "một", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười", "mười một",
           "mười hai")


def _below_thousand(n: int, full: bool) -> list[str]:
    """Words for 0 < n < 1000; ``full`` writes "không trăm" and "linh" inside a larger number."""
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    words: list[str] = []
    if hundreds or full:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and words:
            words.append("linh")
    elif tens == 1:
        words.append("mười")
    else:
        words += [_DIGITS[tens], "mươi"]
    if units:
        if units == 1 and tens >= 2:
            words.append("mốt")
        elif units == 5 and tens >= 1:
            words.append("lăm")
        else:
            words.append(_DIGITS[units])
    return words


def number_words(n: int) -> str:
    """A whole number in Vietnamese words (negative numbers get "âm")."""
    if n < 0:
        return "âm " + number_words(-n)
    if n == 0:
        return "không"
    groups: list[int] = []
    while n:
        groups.append(n % 1000)
        n //= 1000
    if len(groups) > len(_GROUPS):
        raise ValueError("number too large to write in words")
    words: list[str] = []
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            continue
        words += _below_thousand(group, full=bool(words))
        words.append(_GROUPS[index])
    return " ".join(w for w in words if w)


def as_date(value: Any) -> dt.date | None:
    """A date from a ``date``/``datetime``, an ISO string (YYYY-MM-DD…) or DD/MM/YYYY; else None."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        if len(text) >= 10 and text[4] == "-":
            return dt.date.fromisoformat(text[:10])
        if len(text) == 10 and text[2] == "/" and text[5] == "/":
            return dt.date(int(text[6:]), int(text[3:5]), int(text[:2]))
    except ValueError:
        return None
    return None


def day_words(day: int) -> str:
    """The day of the month as written in dates: "mồng một" … "mồng mười", then "mười một"…"""
    return f"mồng {number_words(day)}" if day <= 10 else number_words(day)


def date_words(value: Any) -> str:
    """A date in words, e.g. "Ngày hai mươi, tháng hai, năm hai nghìn không trăm hai mươi sáu"."""
    day = as_date(value)
    if day is None:
        return ""
    return f"Ngày {day_words(day.day)}, tháng {_MONTHS[day.month]}, năm {number_words(day.year)}"


def date_numeric(value: Any) -> str:
    """DD/MM/YYYY."""
    day = as_date(value)
    return "" if day is None else f"{day:%d/%m/%Y}"


def date_long(value: Any) -> str:
    """The way a document dates itself: "ngày 02 tháng 03 năm 2026"."""
    day = as_date(value)
    return "" if day is None else f"ngày {day:%d} tháng {day:%m} năm {day:%Y}"


def moment(value: Any) -> str:
    """A moment as slips write it, in Vietnam time: "09 giờ 30 phút, ngày 02/03/2026"."""
    if not isinstance(value, dt.datetime):
        return date_numeric(value)
    from zoneinfo import ZoneInfo

    return value.astimezone(ZoneInfo("Asia/Ho_Chi_Minh")).strftime("%H giờ %M phút, ngày %d/%m/%Y")


def money(value: Any) -> str:
    """An amount in VND with dots between thousands: "16.000 đồng"."""
    try:
        amount = int(value)
    except (TypeError, ValueError):
        return ""
    return f"{amount:,}".replace(",", ".") + " đồng"


def money_words(value: Any) -> str:
    """An amount in words, capitalised, as written under the figures: "Mười sáu nghìn đồng"."""
    try:
        amount = int(value)
    except (TypeError, ValueError):
        return ""
    text = number_words(amount) + " đồng"
    return text[:1].upper() + text[1:]
