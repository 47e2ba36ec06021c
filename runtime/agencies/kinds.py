"""The agency kinds every province and every commune has by default (two-tier government, 2025).

Each kind says how its agencies' electronic codes and names are made from the
administrative unit, so the default directory for the whole country is generated
from the 2025 units (34 provinces, 3,321 communes) rather than written by hand.
Administrators adjust it with an overrides file (see :mod:`runtime.agencies.directory`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class AgencyKind:
    id: str
    level: str
    """``commune``: one agency per commune; ``province``: one per province."""
    code: str
    """Code pattern: ``{p}`` province code, ``{a}``/``{b}`` the commune code's first two and last three digits."""
    name_vi: str
    """Name pattern: ``{unit}`` the unit's Vietnamese name (e.g. "Phường Ba Đình", "Tỉnh Lào Cai")."""
    name_en: str
    """Name pattern: ``{unit}`` the unit's English name (e.g. "Ba Đình Ward", "Lào Cai Province")."""


COMMUNE_KINDS: tuple[AgencyKind, ...] = (
    AgencyKind("commune-peoples-committee", "commune", "000.{a}.{b}.H{p}",
               "Ủy ban nhân dân {unit}", "People's Committee of {unit}"),
    AgencyKind("commune-police", "commune", "CA.{a}.{b}.H{p}", "Công an {unit}", "Police of {unit}"),
    AgencyKind("commune-business-registration-office", "commune", "DKKD.{a}.{b}.H{p}",
               "Phòng Kinh tế {unit} (đăng ký hộ kinh doanh)",
               "Economic Office of {unit} (household business registration)"),
)

PROVINCE_KINDS: tuple[AgencyKind, ...] = (
    AgencyKind("public-service-centre", "province", "000.00.01.H{p}",
               "Trung tâm Phục vụ hành chính công {unit}", "Public Administration Service Centre of {unit}"),
    AgencyKind("provincial-peoples-committee", "province", "000.00.00.H{p}",
               "Ủy ban nhân dân {unit}", "People's Committee of {unit}"),
    AgencyKind("department-of-home-affairs", "province", "000.00.02.H{p}",
               "Sở Nội vụ {unit}", "Department of Home Affairs of {unit}"),
    AgencyKind("department-of-foreign-affairs", "province", "000.00.03.H{p}",
               "Sở Ngoại vụ {unit}", "Department of Foreign Affairs of {unit}"),
    AgencyKind("department-of-education-and-training", "province", "000.00.04.H{p}",
               "Sở Giáo dục và Đào tạo {unit}", "Department of Education and Training of {unit}"),
    AgencyKind("department-of-health", "province", "000.00.05.H{p}",
               "Sở Y tế {unit}", "Department of Health of {unit}"),
    AgencyKind("department-of-agriculture-and-environment", "province", "000.00.06.H{p}",
               "Sở Nông nghiệp và Môi trường {unit}", "Department of Agriculture and Environment of {unit}"),
    AgencyKind("department-of-industry-and-trade", "province", "000.00.07.H{p}",
               "Sở Công Thương {unit}", "Department of Industry and Trade of {unit}"),
    AgencyKind("department-of-science-and-technology", "province", "000.00.08.H{p}",
               "Sở Khoa học và Công nghệ {unit}", "Department of Science and Technology of {unit}"),
    AgencyKind("department-of-culture-sports-and-tourism", "province", "000.00.09.H{p}",
               "Sở Văn hóa, Thể thao và Du lịch {unit}", "Department of Culture, Sports and Tourism of {unit}"),
    AgencyKind("department-of-justice", "province", "000.00.10.H{p}",
               "Sở Tư pháp {unit}", "Department of Justice of {unit}"),
    AgencyKind("civil-status-database-authority", "province", "000.00.11.H{p}",
               "Sở Tư pháp {unit} (Cơ sở dữ liệu hộ tịch)", "Department of Justice of {unit} (civil status database)"),
    AgencyKind("department-of-ethnic-and-religious-affairs", "province", "000.00.12.H{p}",
               "Sở Dân tộc và Tôn giáo {unit}", "Department of Ethnic and Religious Affairs of {unit}"),
    AgencyKind("department-of-construction", "province", "000.00.13.H{p}",
               "Sở Xây dựng {unit}", "Department of Construction of {unit}"),
    AgencyKind("department-of-finance", "province", "000.00.15.H{p}",
               "Sở Tài chính {unit}", "Department of Finance of {unit}"),
    AgencyKind("civil-judgment-enforcement", "province", "THADS.00.H{p}",
               "Thi hành án dân sự {unit}", "Civil Judgment Enforcement of {unit}"),
    AgencyKind("provincial-police", "province", "CA.00.H{p}", "Công an {unit}", "Police of {unit}"),
    AgencyKind("social-insurance", "province", "BHXH.00.H{p}", "Bảo hiểm xã hội {unit}", "Social Insurance of {unit}"),
)

KINDS: dict[str, AgencyKind] = {k.id: k for k in COMMUNE_KINDS + PROVINCE_KINDS}

_EN_SUFFIX = (("Thành phố ", "City"), ("Tỉnh ", "Province"), ("Phường ", "Ward"), ("Xã ", "Commune"),
              ("Đặc khu ", "Special Zone"))


def english_unit_name(name: str) -> str:
    """"Phường Ba Đình" → "Ba Đình Ward", "Thành phố Huế" → "Huế City" (proper names keep their marks)."""
    for prefix, suffix in _EN_SUFFIX:
        if name.startswith(prefix):
            return f"{name[len(prefix):]} {suffix}"
    return name
