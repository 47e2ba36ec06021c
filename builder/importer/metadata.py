"""Levels, agency kind, applicant types, sector, results and steps: pattern rules over the portal's words."""

from __future__ import annotations

import re
from dataclasses import dataclass

from runtime.agencies.kinds import KINDS

from .report import FieldReport, Status
from .text import bilingual, clean, is_empty, one_line, slug

LEVELS = {"cấp xã": "commune", "cấp tỉnh": "province", "cấp bộ": "ministry", "cấp huyện": "commune"}

# (pattern over the agency's name, kind id), most specific first.
AGENCY_RULES: tuple[tuple[str, str], ...] = (
    (r"công an (cấp )?(xã|phường)|công an xã", "commune-police"),
    (r"(ủy|uỷ) ban nhân dân (cấp )?(xã|phường)|ubnd (cấp )?xã", "commune-peoples-committee"),
    (r"đăng ký kinh doanh cấp xã|phòng kinh tế", "commune-business-registration-office"),
    (r"công an (cấp )?tỉnh|công an tỉnh|xuất nhập cảnh|cảnh sát|phòng cháy|công an", "provincial-police"),
    (r"thi hành án", "civil-judgment-enforcement"),
    (r"sở tư pháp|tư pháp", "department-of-justice"),
    (r"sở nội vụ", "department-of-home-affairs"), (r"sở ngoại vụ", "department-of-foreign-affairs"),
    (r"sở y tế", "department-of-health"), (r"sở xây dựng", "department-of-construction"),
    (r"sở tài chính", "department-of-finance"), (r"sở công thương", "department-of-industry-and-trade"),
    (r"sở khoa học", "department-of-science-and-technology"),
    (r"sở giáo dục", "department-of-education-and-training"),
    (r"sở nông nghiệp", "department-of-agriculture-and-environment"),
    (r"sở văn hóa|sở văn hoá", "department-of-culture-sports-and-tourism"),
    (r"sở dân tộc", "department-of-ethnic-and-religious-affairs"),
    (r"bảo hiểm xã hội", "social-insurance"),
    (r"(ủy|uỷ) ban nhân dân (cấp )?tỉnh|ubnd (cấp )?tỉnh|chủ tịch (ủy|uỷ) ban nhân dân tỉnh",
     "provincial-peoples-committee"),
    (r"trung tâm phục vụ hành chính công", "public-service-centre"),
)

APPLICANTS: tuple[tuple[str, str], ...] = (
    (r"doanh nghiệp có vốn đầu tư nước ngoài", "foreign-invested-enterprise"),
    (r"tổ chức nước ngoài", "foreign-organisation"),
    (r"người việt nam định cư ở nước ngoài", "overseas-vietnamese"),
    (r"người nước ngoài", "foreigner"),
    (r"công dân việt nam", "citizen"),
    (r"hợp tác xã", "cooperative"),
    (r"hộ kinh doanh", "household-business"),
    (r"doanh nghiệp", "enterprise"),
    (r"tổ chức", "organisation"),
    (r"cán bộ|công chức|viên chức", "official"),
)

_RESULT = re.compile(r"(.+?)Mã:\s*(KQ\.[A-Z0-9]+\.\d+)")
_RESULT_END = re.compile(r"Từ khóa|Chọn cơ quan thực hiện")


@dataclass
class Read:
    value: object
    status: Status
    source: str
    note: str = ""

    def report(self) -> FieldReport:
        return FieldReport(self.status, self.source, self.value, self.note)


def read_levels(text: str) -> Read:
    found = []
    for part in one_line(text).split(","):
        level = LEVELS.get(part.strip().lower())
        if level and level not in found:
            found.append(level)
    if not found:
        return Read(["province"], "review", text, "no level named: province assumed")
    return Read(found, "parsed", text)


def read_agency_kind(texts: list[str], levels: list[str]) -> Read:
    """The kind of the implementing agency (its name kept for display) and the rule that chose it."""
    named = next((one_line(t) for t in texts if not is_empty(t)), "")
    low = named.lower()
    for pattern, kind in AGENCY_RULES:
        if re.search(pattern, low):
            if kind.startswith("commune") and "commune" not in levels and levels:
                continue
            return Read({"id": kind, "name": named}, "parsed", named)
    kind = "commune-peoples-committee" if levels == ["commune"] else "public-service-centre"
    note = "no agency of a known kind named: dossiers go to " + ("the commune's committee" if levels == ["commune"]
                                                                   else "the province's service centre")
    return Read({"id": kind, "name": named or KINDS[kind].name_vi.format(unit="").strip()}, "guessed", named, note)


def read_applicants(text: str) -> Read:
    low = re.sub(r"\(không bao gồm[^)]*\)", " ", one_line(text).lower())
    found: list[str] = []
    rest = low
    for pattern, kind in APPLICANTS:
        if re.search(pattern, rest):
            if kind not in found:
                found.append(kind)
            rest = re.sub(pattern, " ", rest)
    if not found:
        return Read(["citizen"], "review", text, "no applicant type recognised: citizens assumed")
    return Read(found, "parsed", text)


def read_sector(name: str, code: str = "") -> Read:
    name = one_line(name)
    if not name:
        return Read({"code": "khac", "name": bilingual("Khác", "Other")}, "review", "", "no sector")
    return Read({"code": slug(code or name, "khac"), "name": bilingual(name)}, "parsed", name)


def read_results(text: str) -> Read:
    body = one_line(text)
    end = _RESULT_END.search(body)
    body = body[:end.start()] if end else body
    results = [{"name": one_line(m.group(1)), "code": m.group(2)} for m in _RESULT.finditer(body)]
    if results:
        return Read(results, "parsed", body)
    if is_empty(body):
        return Read([], "review", body, "no result named")
    return Read([{"name": body[:300], "code": ""}], "review", body, "no national result code (KQ…)")


def read_steps(text: str) -> Read:
    """Numbered steps ("Bước 1: …") or the prose paragraphs."""
    body = clean(text)
    if is_empty(body):
        return Read([], "review", body, "no steps given")
    numbered = re.split(r"(?:^|\n|\s)-?\s*Bước\s*\d+\s*[:.]\s*", body)
    steps = [one_line(s) for s in numbered[1:] if one_line(s)]
    if steps:
        return Read(steps, "parsed", body)
    return Read([one_line(p) for p in body.split("\n") if one_line(p)], "guessed", body, "prose: one step a paragraph")
