"""Personal data taken out of feedback before it is published.

What goes: e-mail addresses, phone numbers (Vietnamese mobiles and landlines,
with or without +84, spaces, dots or dashes), identity numbers (9 or 12 digits,
CCCD/CMND), dossier codes, house addresses (a house number followed by a street
name, "số 12", "12/3 Nguyễn Huệ", "hẻm 5"), the names of the people concerned
(the author, the applicant and anyone named on the dossier, given by the caller)
and personal names introduced by a title or "tôi là / tên là / my name is".
Each becomes a bracketed placeholder, so a reader sees that something was left out.
The redaction is conservative: it may remove a harmless number, never keep a phone.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
PHONE = re.compile(r"(?<![\w/])(?:\+?84|0)(?:[\s.-]?\d){8,10}(?![\w/])")
ID_NUMBER = re.compile(r"(?<![\w/])\d{9}(?:\d{3})?(?![\w/])")
LONG_NUMBER = re.compile(r"(?<![\w/])\d(?:[\s.-]?\d){8,}(?![\w/])")
DOSSIER_CODE = re.compile(r"\b\d{3}\.\d{2}\.\d{2,3}\.[A-Z]\d{2}-\d{6}-\d{4,}\b")  # 10,000+ a day: 5 digits

_TITLES = (r"(?:ông|bà|anh|chị|cô|chú|em|cháu|bác|tôi là|tôi tên là|tên là|tên tôi là|họ tên|họ và tên|"
           r"my name is|i am|mr\.?|mrs\.?|ms\.?|dr\.?)")
TITLED_NAME = re.compile(rf"(?<!\w){_TITLES}:?\s+", re.IGNORECASE)
_NAME_WORDS = re.compile(r"\w+")
_CAPITAL = r"[A-ZĐÀÁẢÃẠĂẮẰẲẴẶÂẤẦẨẪẬÈÉẺẼẸÊẾỀỂỄỆÌÍỈĨỊÒÓỎÕỌÔỐỒỔỖỘƠỚỜỞỠỢÙÚỦŨỤƯỨỪỬỮỰỲÝỶỸỴ]\w*"  # a capitalised word
_STREET_WORDS = r"(?:đường|Đường|phố|Phố|hẻm|Hẻm|ngõ|Ngõ|ngách|Ngách|kiệt|Kiệt|street|Street|St\.|road|Road)"
HOUSE_ADDRESS = re.compile(
    rf"(?:\b(?:số nhà|Số nhà|số|Số|nhà số|Nhà số|house|House|No\.)\s*)?"
    rf"\b\d+[A-Za-z]?(?:/\d+[A-Za-z]?)*\s*,?\s+(?:{_STREET_WORDS}\s+)?(?:{_CAPITAL}|\d+)(?:\s+{_CAPITAL}){{0,4}}"
    rf"|\b{_STREET_WORDS}\s+(?:số\s+)?\d+[A-Za-z]?(?:/\d+)*")

PLACEHOLDERS = {"vi": {"email": "[e-mail đã ẩn]", "phone": "[số điện thoại đã ẩn]", "id": "[số giấy tờ đã ẩn]",
                       "code": "[mã hồ sơ đã ẩn]", "name": "[họ tên đã ẩn]", "address": "[địa chỉ đã ẩn]"},
                "en": {"email": "[e-mail removed]", "phone": "[phone number removed]", "id": "[ID number removed]",
                       "code": "[dossier code removed]", "name": "[name removed]", "address": "[address removed]"}}


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _known_pattern(values: Iterable[str]) -> re.Pattern[str] | None:
    """A pattern for the given names and values, whatever the case, spacing or diacritics."""
    parts = []
    for value in values:
        words = [w for w in (value or "").split() if w]
        if not words or sum(len(w) for w in words) < 3:
            continue
        parts.append(r"\s+".join(re.escape(_fold(w)) for w in words))
    if not parts:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(sorted(parts, key=len, reverse=True)) + r")(?!\w)")


def _replace_known(text: str, pattern: re.Pattern[str], placeholder: str) -> str:
    """Replace what ``pattern`` finds in the folded text (folding keeps one character per character)."""
    folded = _fold(text)
    if len(folded) != len(text):  # a character folded to several: fall back to exact matching
        folded = text.casefold()
    out, last = [], 0
    for match in pattern.finditer(folded):
        out.append(text[last:match.start()])
        out.append(placeholder)
        last = match.end()
    out.append(text[last:])
    return "".join(out)


def _replace_titled(text: str, placeholder: str) -> str:
    """After a title ("bà", "my name is"…), the capitalised words that follow (a name) are replaced."""
    out, pos = [], 0
    for match in TITLED_NAME.finditer(text):
        if match.start() < pos:
            continue
        end = match.end()
        for word in _NAME_WORDS.finditer(text, match.end()):
            between = text[end:word.start()]
            if (between.strip() or not word.group()[0].isupper() or word.group().isdigit()
                    or word.start() - match.end() > 60):
                break
            end = word.end()
        if end > match.end():
            out += [text[pos:match.end()], placeholder]
            pos = end
    out.append(text[pos:])
    return "".join(out)


def redact(text: str, *, names: Iterable[str] = (), values: Iterable[str] = (), lang: str = "vi") -> str:
    """``text`` without personal data; ``names`` are people's names, ``values`` other known personal values
    (identity numbers, phones, streets) to take out wherever they appear."""
    words = PLACEHOLDERS.get(lang, PLACEHOLDERS["vi"])
    text = unicodedata.normalize("NFC", text)
    text = EMAIL.sub(words["email"], text)
    text = DOSSIER_CODE.sub(words["code"], text)
    known_values = _known_pattern(values)
    if known_values is not None:
        text = _replace_known(text, known_values, words["id"])
    text = PHONE.sub(words["phone"], text)
    text = ID_NUMBER.sub(words["id"], text)
    text = LONG_NUMBER.sub(words["id"], text)
    known_names = _known_pattern(names)
    if known_names is not None:
        text = _replace_known(text, known_names, words["name"])
    text = _replace_titled(text, words["name"])
    text = HOUSE_ADDRESS.sub(words["address"], text)
    return text
