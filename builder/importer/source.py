"""The two shapes a province gets, read into one: the portal's structured record and the crawl's flat one."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .channels import Channel, channels_from_portal, channels_from_text
from .components import ComponentsRead, components_from_portal, components_from_text, split_cases
from .legal import LegalDocument, legal_from_portal, legal_from_text
from .metadata import Read, read_results
from .text import one_line


class RecordError(ValueError):
    """The input is not a national catalogue record."""


@dataclass
class Source:
    shape: str
    code: str
    name: str
    decision: str = ""
    url: str = ""
    levels: str = ""
    agencies: list[str] = field(default_factory=list)
    applicants: str = ""
    sector: str = ""
    sector_code: str = ""
    channels: list[Channel] = field(default_factory=list)
    channels_text: str = ""
    cases: list[tuple[str, ComponentsRead]] = field(default_factory=list)
    components_text: str = ""
    legal: list[LegalDocument] = field(default_factory=list)
    legal_text: str = ""
    results: Read | None = None
    steps: str = ""
    requirements: str = ""


def _names(items: list[dict[str, Any]] | None) -> list[str]:
    return [one_line(i.get("name")) for i in items or () if one_line(i.get("name"))]


def read_source(raw: Any) -> Source:
    """Either shape, recognised by its keys; anything else is a :class:`RecordError`."""
    if isinstance(raw, dict) and isinstance(raw.get("data"), dict) and "executionMethods" in raw["data"]:
        return _portal(raw["data"])
    if isinstance(raw, dict) and raw.get("ma_thu_tuc"):
        return _crawl(raw)
    raise RecordError("not a national catalogue record: expected the portal's detail record (data.executionMethods) "
                      "or the public crawl's record (ma_thu_tuc)")


def _crawl(raw: dict[str, Any]) -> Source:
    def text(key: str) -> str:
        value = raw.get(key)
        return value if isinstance(value, str) else ""

    components = components_from_text(text("thanh_phan_ho_so"))
    return Source(
        "crawl", one_line(text("ma_thu_tuc")), one_line(text("ten_thu_tuc")), one_line(text("so_quyet_dinh")),
        one_line(text("detail_url")), text("cap_thuc_hien"),
        [text("co_quan_thuc_hien"), text("co_quan_co_tham_quyen"), text("dia_chi_tiep_nhan")],
        text("doi_tuong_thuc_hien"), text("linh_vuc"), "",
        channels_from_text(text("cach_thuc_thuc_hien")), text("cach_thuc_thuc_hien"),
        split_cases(components), text("thanh_phan_ho_so"),
        legal_from_text(text("can_cu_phap_ly")), text("can_cu_phap_ly"),
        read_results(text("ket_qua_xu_ly")), text("trinh_tu_thuc_hien"), text("yeu_cau_dieu_kien"))


def _portal(data: dict[str, Any]) -> Source:
    levels = ", ".join(name for flag, name in (("isWard", "Cấp xã"), ("isProvince", "Cấp tỉnh"),
                                               ("isMinistry", "Cấp bộ")) if data.get(flag))
    cases = [(one_line(c.get("name")), components_from_portal(c)) for c in data.get("executionCases") or ()]
    results = [{"name": one_line(r.get("name")), "code": one_line(r.get("code"))}
               for r in data.get("resultsDetails") or ()]
    category = data.get("category") or {}
    return Source(
        "portal", one_line(data.get("code") or data.get("codeNotation")), one_line(data.get("name")),
        one_line(data.get("decisionNo")), "", levels,
        _names(data.get("unitGroupsExecuting")) + _names(data.get("departmentsExecuting")),
        ", ".join(_names(data.get("subjectTypesDetails"))), one_line(category.get("name")),
        one_line(category.get("code")), channels_from_portal(data.get("executionMethods") or []), "",
        cases or [("", ComponentsRead([], [], []))], "",
        legal_from_portal(data.get("legalBasisesDetails") or []), "",
        Read(results, "parsed" if results and all(r["code"] for r in results) else "review",
             "; ".join(f"{r['name']} ({r['code']})" for r in results)),
        "\n".join(one_line(s.get("description")) for s in data.get("executionSteps") or ()),
        one_line(data.get("requirementsAndConditions") or data.get("description")))
