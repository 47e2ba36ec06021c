"""Dossier components (thành phần hồ sơ) from either shape of record.

The crawl runs each group's table together: "<group>Tên giấy tờMẫu đơn, tờ khaiSố lượng" then, per
row, the name, the form template's file name and "1 bản chính,1 bản sao". Rules: a row ends at its
quantity; a file name (".doc", ".docx", ".pdf", ".xls") just before it is the template, split from
the name where a lower-case letter or a full stop meets a capital; rows with no original and no
copy, rows of a "Lưu ý" group and rows that only explain are notes, not components; a group's
heading says whether its papers are submitted, shown ("xuất trình") or needed in one case only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .report import FieldReport, Status
from .text import one_line

_TABLE = "Tên giấy tờMẫu đơn, tờ khaiSố lượng"
_QUANTITY = re.compile(r"(\d+)\s*bản\s*(chính|sao)(?:\s*,\s*(\d+)\s*bản\s*(chính|sao))?")
_FILE = re.compile(r"\.(docx?|pdf|xlsx?|odt|rtf|zip|rar)$", re.IGNORECASE)
_NOTE_START = re.compile(r"^(Lưu ý|Ghi chú|Trường hợp .{0,40}(thì|không phải|được)|Người (yêu cầu|tiếp nhận)|Cơ quan|"
                         r"Cá nhân có quyền|Đối với giấy tờ|Bao gồm|Phiếu (này|được tạo))", re.IGNORECASE)


@dataclass
class Component:
    name: str
    originals: int
    copies: int
    template: str = ""
    group: str = "submit"
    """submit, present (shown at the desk, xuất trình), case (needed in some cases only)."""
    group_label: str = ""
    status: Status = "parsed"
    why: str = ""
    source: str = ""


@dataclass
class ComponentsRead:
    components: list[Component]
    notes: list[str]
    groups: list[str]


def _group_kind(label: str) -> str:
    low = label.lower()
    if "lưu ý" in low or "ghi chú" in low:
        return "note"
    if "xuất trình" in low:
        return "present"
    plain = low.strip("-*+• :")
    if not plain or "phải nộp" in low or "thành phần hồ sơ" in low or plain.startswith(("bao gồm", "hồ sơ", "nhóm")):
        return "submit"  # the whole dossier, or one part of it ("Hồ sơ của người nhận con nuôi:", "Nhóm 1 gồm…")
    return "case"


def split_template(text: str) -> tuple[str, str]:
    """(name, template file name) of a row whose text may end with the template's file name.

    The file name starts after a closing bracket or a full stop run into it ("…(theo mẫu)12.1.PL.docx",
    "…2023.NA5.doc") within the last word, else at the last place a lower-case letter or a full stop
    meets a capital ("…Việt NamMẫu số 06.docx").
    """
    found = _FILE.search(text)
    if not found:
        return text, ""
    end = found.start()
    word = text.rfind(" ", 0, end) + 1
    cut = next((i for i in range(end - 1, word, -1) if text[i - 1] == ")"), 0)
    if not cut:
        cut = next((i for i in range(word + 1, end) if text[i - 1] == "." and text[i].isupper()), 0)
    if not cut:
        for i in range(1, end):
            prev, ch = text[i - 1], text[i]
            starts_word = ch.isupper() or ch.isdigit()
            if starts_word and (prev.islower() or prev in ".)") and not (prev.isdigit() and ch.isdigit()):
                cut = i
    if cut == 0:
        cut = word  # no visible seam: the file name is the last word
    if cut == 0:
        return "", text
    return text[:cut].strip(), text[cut:].strip()


_NEXT_CASE = re.compile(r"[a-zđ]\)\s")


def _ends_row(block: str, match: re.Match[str]) -> bool:
    """A quantity that closes a table row, not one written in a name ("(01 bản chính)", "01 bản sao hoặc…")."""
    before = block[match.start() - 1:match.start()]
    after = block[match.end():match.end() + 2]
    if _NEXT_CASE.match(block, match.end()):  # "…1 bản chínhb) Phục hồi…": an enumerated row or case follows
        return before != "("
    glued = before.isdigit() or match.group(1).startswith("0")  # run into a form number, or "01" in prose
    if before == "(" or after[:1] in (")", ";") or (len(match.group(1)) > 1 and glued) or int(match.group(1)) > 50:
        return False
    return not (after[:1] == " " and after[1:2].islower()) and not after[:1].islower()


def _row_ends(block: str):
    """The quantities that close rows; "…BM.20.031 bản chính" is the form "BM.20.03" and "1 bản chính"."""
    at = 0
    while (match := _QUANTITY.search(block, at)) is not None:
        if _ends_row(block, match):
            yield match
            at = match.end()
        elif block[match.start() - 1:match.start()].isdigit() or int(match.group(1)) > 50:
            at = match.start() + 1  # glued to a form number or a year: the quantity is its last digit
        else:
            at = match.end()  # "01 bản chính" written in a name


def _rows(block: str) -> list[tuple[str, int, int, str]]:
    rows = []
    position = 0
    for match in _row_ends(block):
        text = block[position:match.start()]
        counts = {"chính": 0, "sao": 0}
        counts[match.group(2)] += int(match.group(1))
        if match.group(3):
            counts[match.group(4)] += int(match.group(3))
        rows.append((text, counts["chính"], counts["sao"], block[position:match.end()]))
        position = match.end()
    tail = block[position:]
    if tail.strip():
        rows.append((tail, -1, -1, tail))
    return rows


def components_from_text(text: str) -> ComponentsRead:
    """The components, notes and groups of the crawl's flattened ``thanh_phan_ho_so``."""
    body = one_line(text)
    blocks = body.split(_TABLE)
    components: list[Component] = []
    notes: list[str] = []
    groups: list[str] = []
    label = one_line(blocks[0])
    for block in blocks[1:]:
        rows = _rows(block)
        next_label = ""
        if rows and rows[-1][1] == -1:  # what follows the last quantity heads the next group
            next_label = one_line(rows.pop()[0])
        kind = _group_kind(label)
        groups.append(label)
        for raw, originals, copies, source in rows:
            name, template = split_template(one_line(raw))
            name = name.lstrip("-+•* ").strip() or template  # a row that is only a form: named by its file
            if not name:
                continue
            if len(items := _BULLETS.split(name)) > 1:  # "- Đơn … - Biên bản … - Dự án …" in one cell
                components += [Component(item.strip(), originals, copies, "", "case" if kind == "case" else kind,
                                         label, "review", "several papers listed in one row", one_line(source))
                               for item in items if item.strip()]
                continue
            if kind == "note" or (originals == 0 and copies == 0) or _NOTE_START.match(name):
                notes.append(name)
                continue
            status: Status = "parsed"
            why = ""
            if kind == "case" or name.lower().startswith(("trường hợp", "nếu", "đối với")):
                status, why = "review", f"needed only in some cases: {label or name[:80]}"
            components.append(Component(name, originals, copies, template, "case" if status == "review" else kind,
                                        label, status, why, one_line(source)))
        label = next_label
    return ComponentsRead(components, notes, groups)


_BULLETS = re.compile(r"(?<=[.;])\s*-\s+(?=[A-ZĐÂĂÊÔƠƯ])")
_CASE_LABEL = re.compile(r"^[-*+•\s]*(Trường hợp|Đối với|[a-zđ][).]\s)", re.IGNORECASE)


def split_cases(read: ComponentsRead) -> list[tuple[str, ComponentsRead]]:
    """One case per group headed "Trường hợp…", "Đối với…" or "a) …" when there are two or more.

    Each case has the papers every case needs and its own group's, which it requires.
    """
    labels = list(dict.fromkeys(c.group_label for c in read.components
                                if c.group == "case" and _CASE_LABEL.match(c.group_label)))
    if len(labels) < 2:
        return [("", read)]
    common = [c for c in read.components if c.group_label not in labels]
    cases = []
    for label in labels:
        own = [Component(c.name, c.originals, c.copies, c.template, "submit", label, "parsed", "", c.source)
               for c in read.components if c.group_label == label]
        cases.append((label.strip("-*+•: "), ComponentsRead(common + own, read.notes, [label])))
    return cases


def components_from_portal(case: dict[str, Any]) -> ComponentsRead:
    """The components of one of the portal's ``executionCases``."""
    components = []
    for raw in case.get("profileComponents") or ():
        name = one_line(raw.get("name"))
        files = [one_line(a.get("name") or a.get("fileName")) for a in raw.get("attachments") or ()]
        originals, copies = int(raw.get("originalQty") or 0), int(raw.get("copyQty") or 0)
        components.append(Component(name, originals, copies, next((f for f in files if f), ""),
                                    source=f"{name} ({originals} bản chính, {copies} bản sao)"))
    return ComponentsRead(components, [], [one_line(case.get("name"))])


def components_report(read: ComponentsRead, source: str) -> FieldReport:
    status: Status = "parsed" if read.components else "review"
    report = FieldReport(status, source, {"components": len(read.components), "notes": len(read.notes)},
                         "" if read.components else "no component found")
    for c in read.components:
        report.items.append(FieldReport(c.status, c.source, {"name": c.name, "originals": c.originals,
                                                             "copies": c.copies, "template": c.template,
                                                             "group": c.group}, c.why))
    return report
