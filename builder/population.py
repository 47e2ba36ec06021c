"""Generate the demo identity provider's synthetic population registry.

Every person is invented: a seeded random generator builds a few hundred
citizens in households (names with realistic family-name frequencies, 12-digit
personal ID numbers shaped like the real ones, addresses on the 1 July 2025
administrative units, mostly the demo province's wards, relatives linked inside
the registry, and some stale data such as a current address that differs from
the permanent one). The output is deterministic: the same seed gives the same
file, byte for byte.

Run from the repository root::

    .venv/bin/python -m builder.population [SOURCE_DIR]

SOURCE_DIR holds ``merges.json`` of the 2025 administrative units (MIT, see
its LICENSE, copied next to the output as ``LICENSE.admin-units``).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from runtime.paths import PROJECT_ROOT

SEED = 20250701
SIZE = 320
TODAY = dt.date(2025, 11, 1)
DEFAULT_SOURCE = PROJECT_ROOT.parent / "shared" / "data" / "admin-units-2025"
TARGET = PROJECT_ROOT / "runtime" / "identity" / "contrib" / "demo"
AGENCIES = PROJECT_ROOT / "runtime" / "demo" / "agencies.json"
OUTPUT = "population.json"
LICENCE = "LICENSE.admin-units"
DEMO_PROVINCE = "79"
OTHER_PROVINCES = ("01", "48", "92", "75", "31", "56")

# Family names with their approximate share of the population (Nguyễn ~38 %, Trần ~11 %...).
FAMILY_NAMES = {
    "Nguyễn": 38, "Trần": 11, "Lê": 9.5, "Phạm": 7, "Huỳnh": 3, "Hoàng": 2, "Phan": 4.5, "Vũ": 2,
    "Võ": 2, "Đặng": 2.1, "Bùi": 2, "Đỗ": 1.4, "Hồ": 1.3, "Ngô": 1.3, "Dương": 1, "Lý": 0.5,
    "Đinh": 0.6, "Trương": 0.6, "Lâm": 0.5, "Mai": 0.4, "Tô": 0.3, "Cao": 0.3, "Đoàn": 0.4, "Lương": 0.3,
}
HOA_FAMILY_NAMES = {"Lý": 3, "Trương": 3, "Lâm": 3, "Quách": 2, "Hứa": 2, "Tăng": 1, "Mã": 1, "Châu": 2, "La": 1}
MIDDLE = {
    "male": {"Văn": 30, "Hữu": 6, "Đức": 8, "Minh": 12, "Quốc": 8, "Thanh": 6, "Công": 5, "Hoàng": 5,
             "Gia": 5, "Tuấn": 3, "Anh": 4, "Bảo": 4},
    "female": {"Thị": 35, "Ngọc": 12, "Thu": 6, "Thanh": 6, "Bảo": 4, "Minh": 5, "Phương": 4, "Kim": 5,
               "Mỹ": 4, "Hồng": 4, "Khánh": 3, "Thùy": 4},
}
GIVEN = {
    "male": ["Hùng", "Dũng", "Tuấn", "Minh", "Nam", "Long", "Quang", "Hải", "Phúc", "Khang", "Bảo", "Huy",
             "Khoa", "Trung", "Sơn", "Thành", "Tài", "Đạt", "Nghĩa", "An", "Hiếu", "Phong", "Thắng", "Tùng",
             "Vinh", "Lộc", "Kiệt", "Duy", "Thịnh", "Tâm"],
    "female": ["Lan", "Hương", "Mai", "Linh", "Trang", "Hà", "Thảo", "Ngân", "Vy", "Anh", "Nhung", "Hạnh",
               "Yến", "Tâm", "Phương", "Hoa", "Loan", "Thủy", "Châu", "Quyên", "Trâm", "Nhi", "Hằng", "Dung",
               "Uyên", "My", "Diễm", "Oanh", "Giang", "Thư"],
}
ETHNICITY = {"Kinh": 88, "Hoa": 7, "Khmer": 2, "Chăm": 1, "Tày": 1, "Mường": 1}
RELIGION = {"Không": 70, "Phật giáo": 15, "Công giáo": 9, "Cao Đài": 2, "Tin Lành": 2, "Phật giáo Hòa Hảo": 2}
BLOOD = {"O": 42, "B": 30, "A": 22, "AB": 6}
# Old (pre-2025) province codes people were born in, for those not born in the city (2-digit).
BIRTH_PROVINCES = {"74": 6, "77": 4, "80": 6, "82": 5, "83": 5, "84": 3, "86": 3, "87": 3, "89": 3, "91": 3,
                   "92": 3, "94": 3, "38": 4, "40": 5, "42": 4, "36": 3, "34": 3, "01": 4, "52": 4, "54": 2,
                   "46": 3, "48": 3, "51": 3, "75": 4}
PHONE_PREFIXES = ("090", "091", "093", "094", "096", "097", "098", "032", "033", "034", "035", "036", "037",
                  "038", "039", "070", "076", "077", "078", "079", "081", "082", "083", "084", "085", "086",
                  "088", "089")
STREETS = {
    "26740": ["Lê Lợi", "Nguyễn Huệ", "Đồng Khởi", "Hai Bà Trưng", "Lê Thánh Tôn", "Tôn Đức Thắng", "Pasteur"],
    "26743": ["Lê Lai", "Phạm Ngũ Lão", "Bùi Viện", "Nguyễn Thái Học", "Lý Tự Trọng", "Trần Hưng Đạo",
              "Nguyễn Trãi"],
    "26737": ["Hai Bà Trưng", "Trần Quang Khải", "Đinh Tiên Hoàng", "Nguyễn Hữu Cầu", "Trần Nhật Duật",
              "Trần Khắc Chân"],
    "27343": ["Trần Hưng Đạo", "Nguyễn Trãi", "Châu Văn Liêm", "Hải Thượng Lãn Ông", "Lương Nhữ Học",
              "Phùng Hưng"],
}
GENERIC_STREETS = ["Lê Duẩn", "Nguyễn Văn Linh", "Cách Mạng Tháng Tám", "Điện Biên Phủ", "Võ Văn Kiệt",
                   "Quang Trung", "Lý Thường Kiệt", "Nguyễn Du", "Phan Đình Phùng", "Hùng Vương", "Trần Phú",
                   "Lê Hồng Phong", "Ấp 3", "Tổ 5, Khu phố 2", "Thôn Đông"]


@dataclass
class Person:
    sex: str
    family: str
    middle: str
    given: str
    birth: dt.date
    birth_province_old: str
    ethnicity: str
    religion: str
    personal_id: str = ""
    record: dict[str, Any] = field(default_factory=dict)

    @property
    def full_name(self) -> str:
        return f"{self.family} {self.middle} {self.given}"

    @property
    def age(self) -> int:
        return TODAY.year - self.birth.year - ((TODAY.month, TODAY.day) < (self.birth.month, self.birth.day))


def _ascii(text: str) -> str:
    text = text.replace("Đ", "D").replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


class Generator:
    def __init__(self, units: dict[str, Any], demo_communes: list[str], seed: int = SEED):
        self.rng = random.Random(seed)  # noqa: S311 -- reproducible synthetic data, not secrets
        self.units = units
        self.demo_communes = demo_communes
        self.ids: set[str] = set()
        self.people: list[Person] = []
        self.old_to_new = {old: new for new, unit in units.items() for old in unit["old"]}
        self.household_seq = 0

    # -- small draws -------------------------------------------------------------------------

    def pick(self, weights: dict[str, float]) -> str:
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def birth_date(self, first_year: int, last_year: int) -> dt.date:
        start = dt.date(first_year, 1, 1).toordinal()
        end = min(dt.date(last_year, 12, 31), TODAY - dt.timedelta(days=30)).toordinal()
        return dt.date.fromordinal(self.rng.randint(start, max(start, end)))

    def personal_id(self, person: Person) -> str:
        century = (person.birth.year // 100) - 19  # 0 for 1900s, 1 for 2000s
        gender_digit = century * 2 + (1 if person.sex == "female" else 0)
        while True:
            number = (f"0{person.birth_province_old}{gender_digit}{person.birth.year % 100:02d}"
                      f"{self.rng.randint(0, 999999):06d}")
            if number not in self.ids:
                self.ids.add(number)
                return number

    def person(self, sex: str, years: tuple[int, int], family: str | None, ethnicity: str,
               born_in: str | None = None, religion: str | None = None) -> Person:
        if family is None:
            family = self.pick(HOA_FAMILY_NAMES if ethnicity == "Hoa" and self.rng.random() < 0.6
                               else FAMILY_NAMES)
        birth = self.birth_date(*years)
        middle_weights = dict(MIDDLE[sex])
        if sex == "female" and birth.year < 1985:
            middle_weights["Thị"] *= 2.5  # "Thị" was more common in older generations
        if born_in is None:
            born_in = "79" if self.rng.random() < 0.55 else self.pick(BIRTH_PROVINCES)
        if religion is None:
            religion = "Phật giáo" if ethnicity in ("Khmer", "Hoa") and self.rng.random() < 0.6 else self.pick(
                RELIGION)
        p = Person(sex, family, self.pick(middle_weights), self.rng.choice(GIVEN[sex]), birth, born_in,
                   ethnicity, religion)
        p.personal_id = self.personal_id(p)
        self.people.append(p)
        return p

    def address(self, province: str, commune: str | None = None) -> dict[str, Any]:
        communes = self.units[province]["communes"]
        if commune is None:
            commune = self.rng.choice(sorted(communes))
        streets = STREETS.get(commune) if province == DEMO_PROVINCE else None
        street_name = self.rng.choice(streets or GENERIC_STREETS)
        number = str(self.rng.randint(1, 280))
        roll = self.rng.random()
        if roll < 0.25:
            number += f"/{self.rng.randint(1, 40)}"
        elif roll < 0.35:
            number += self.rng.choice("ABC")
        street = f"{number} {street_name}" if not street_name.startswith(("Ấp", "Tổ", "Thôn")) else street_name
        return {"province_code": province, "commune_code": commune, "street": street,
                "text": f"{street}, {communes[commune]}, {self.units[province]['name']}"}

    def home_location(self) -> tuple[str, str | None]:
        roll = self.rng.random()
        if roll < 0.72:
            return DEMO_PROVINCE, self.rng.choice(self.demo_communes)
        if roll < 0.88:
            return DEMO_PROVINCE, None
        return self.rng.choice(OTHER_PROVINCES), None

    def phone(self, person: Person) -> str | None:
        if person.age < 15 or (person.age > 70 and self.rng.random() < 0.5) or self.rng.random() < 0.04:
            return None
        return self.rng.choice(PHONE_PREFIXES) + f"{self.rng.randint(0, 9999999):07d}"

    def email(self, person: Person) -> str | None:
        if person.age < 16 or person.age > 68 or self.rng.random() < 0.25:
            return None
        local = _ascii(f"{person.given}.{person.family}").lower()
        return f"{local}{self.rng.randint(1, 999)}@{self.rng.choice(['example.com', 'example.net', 'example.org'])}"

    # -- households ----------------------------------------------------------------------------

    def household(self) -> None:
        kind = self.pick({"nuclear": 50, "three-generation": 20, "couple": 10, "single": 12, "single-parent": 8})
        ethnicity = self.pick(ETHNICITY)
        province, commune = self.home_location()
        home = self.address(province, commune)
        self.household_seq += 1
        number = f"{province}{home['commune_code']}{self.household_seq:05d}"
        members: list[tuple[Person, str]] = []
        links: dict[str, dict[str, Any]] = {}

        def link(person: Person, **relatives: Person | dict[str, Any] | None) -> None:
            entry = links.setdefault(person.personal_id, {})
            for relation, other in relatives.items():
                if isinstance(other, Person):
                    entry[relation] = {"personal_id": other.personal_id}
                elif other:
                    entry[relation] = other

        def outside_parent(sex: str, child: Person) -> dict[str, Any] | None:
            if self.rng.random() < 0.15:
                return None
            family = child.family if sex == "male" else self.pick(FAMILY_NAMES)
            middle = self.pick(MIDDLE[sex])
            year = child.birth.year - self.rng.randint(22, 36)
            return {"full_name": f"{family} {middle} {self.rng.choice(GIVEN[sex])}", "birth_year": year}

        religion = self.pick(RELIGION)
        head_sex = "male" if self.rng.random() < 0.7 else "female"
        if kind == "three-generation":
            elder = self.person(head_sex, (1938, 1960), None, ethnicity, religion=religion)
            elder_spouse = None
            if self.rng.random() < 0.65:
                elder_spouse = self.person("female" if head_sex == "male" else "male", (1940, 1962),
                                           None, ethnicity, religion=religion)
            father = elder if elder.sex == "male" else elder_spouse
            mother = elder if elder.sex == "female" else elder_spouse
            child = self.person(self.rng.choice(["male", "female"]), (elder.birth.year + 22, 1995),
                                father.family if father else None, ethnicity, religion=religion)
            in_law = self.person("female" if child.sex == "male" else "male", (child.birth.year - 4,
                                 child.birth.year + 5), None, ethnicity)
            members += [(elder, "Chủ hộ")]
            if elder_spouse:
                members.append((elder_spouse, "Vợ" if elder_spouse.sex == "female" else "Chồng"))
            members += [(child, "Con"), (in_law, "Con dâu" if in_law.sex == "female" else "Con rể")]
            link(elder, father=outside_parent("male", elder), mother=outside_parent("female", elder),
                 spouse=elder_spouse)
            if elder_spouse:
                link(elder_spouse, spouse=elder, father=outside_parent("male", elder_spouse))
            link(child, father=father or outside_parent("male", child), mother=mother or outside_parent(
                "female", child), spouse=in_law)
            link(in_law, spouse=child, father=outside_parent("male", in_law), mother=outside_parent(
                "female", in_law))
            dad, mum = (child, in_law) if child.sex == "male" else (in_law, child)
            for _ in range(self.rng.randint(1, 3)):
                kid = self.person(self.rng.choice(["male", "female"]),
                                  (max(mum.birth.year, dad.birth.year) + 21, 2024), dad.family, ethnicity,
                                  born_in=self._local_old(province), religion=religion)
                members.append((kid, "Cháu"))
                link(kid, father=dad, mother=mum)
        elif kind in ("nuclear", "couple"):
            head = self.person(head_sex, (1955, 2000), None, ethnicity, religion=religion)
            spouse = self.person("female" if head_sex == "male" else "male",
                                 (head.birth.year - 6, head.birth.year + 6), None, ethnicity)
            members += [(head, "Chủ hộ"), (spouse, "Vợ" if spouse.sex == "female" else "Chồng")]
            link(head, spouse=spouse, father=outside_parent("male", head), mother=outside_parent("female", head))
            link(spouse, spouse=head, father=outside_parent("male", spouse),
                 mother=outside_parent("female", spouse))
            if kind == "nuclear":
                dad, mum = (head, spouse) if head.sex == "male" else (spouse, head)
                for _ in range(self.rng.randint(1, 3)):
                    kid = self.person(self.rng.choice(["male", "female"]),
                                      (max(mum.birth.year, dad.birth.year) + 20, 2025), dad.family, ethnicity,
                                      born_in=self._local_old(province), religion=religion)
                    members.append((kid, "Con"))
                    link(kid, father=dad, mother=mum)
        elif kind == "single-parent":
            parent = self.person("female" if self.rng.random() < 0.8 else "male", (1965, 1998), None, ethnicity,
                                 religion=religion)
            members.append((parent, "Chủ hộ"))
            link(parent, father=outside_parent("male", parent), mother=outside_parent("female", parent))
            for _ in range(self.rng.randint(1, 2)):
                kid = self.person(self.rng.choice(["male", "female"]), (parent.birth.year + 20, 2025),
                                  parent.family if parent.sex == "male" else None, ethnicity,
                                  born_in=self._local_old(province), religion=religion)
                members.append((kid, "Con"))
                if parent.sex == "male":
                    link(kid, father=parent, mother=outside_parent("female", kid))
                else:
                    link(kid, mother=parent, father=outside_parent("male", kid))
        else:
            single = self.person(self.rng.choice(["male", "female"]), (1945, 2005), None, ethnicity,
                                 religion=religion)
            members.append((single, "Chủ hộ"))
            link(single, father=outside_parent("male", single), mother=outside_parent("female", single))

        head = members[0][0]
        married = {p.personal_id for p in (m for m, _ in members) if "spouse" in links.get(p.personal_id, {})}
        for person, relationship in members:
            current = home
            # stale or moved: young adults study or work elsewhere; some households moved
            # without updating their permanent residence
            if (18 <= person.age <= 32 and relationship in ("Con", "Cháu") and self.rng.random() < 0.45) or \
                    self.rng.random() < 0.04:
                current = self.address(DEMO_PROVINCE, self.rng.choice(self.demo_communes)
                                       if self.rng.random() < 0.6 else None)
            if person.personal_id in married:
                marital = "married"
            elif kind == "single-parent" and person is head:
                marital = self.rng.choice(["divorced", "widowed", "single"])
            elif person.age >= 65 and kind == "three-generation":
                marital = "widowed"
            else:
                marital = "single"
            birth_new = self.old_to_new.get(person.birth_province_old, DEMO_PROVINCE)
            birth_place = {"province_code": birth_new, "text": self.units[birth_new]["name"]}
            record: dict[str, Any] = {
                "personal_id": person.personal_id,
                "full_name": person.full_name,
                "family_name": person.family,
                "middle_name": person.middle,
                "given_name": person.given,
                "sex": person.sex,
                "birth_date": person.birth.isoformat(),
                "ethnicity": person.ethnicity,
                "religion": person.religion,
                "nationality": "Việt Nam",
                "marital_status": marital if person.age >= 16 else "single",
                "blood_type": self.pick(BLOOD) if self.rng.random() < 0.6 else None,
                "phone": self.phone(person),
                "email": self.email(person),
                "birth_place": birth_place,
                "home_town": dict(birth_place),
                "permanent_address": home,
                "current_address": current,
                "household": {"number": number, "head": head.personal_id, "relationship_to_head": relationship},
            }
            if person.age >= 18:
                record["tax_code"] = person.personal_id  # since 1 July 2025 the personal ID is the tax code
            if person.birth.year < 1990 and self.rng.random() < 0.4:
                record["old_id_number"] = f"{self.rng.randint(20, 38):02d}{self.rng.randint(0, 9999999):07d}"
            for relation in ("father", "mother", "spouse"):
                relative = links.get(person.personal_id, {}).get(relation)
                if relative:
                    record[relation] = dict(relative)
            person.record = {k: v for k, v in record.items() if v is not None}

    def _local_old(self, province: str) -> str:
        """An old province code a child born where the household lives would carry."""
        olds = self.units[province]["old"]
        return province if province in olds else olds[0]

    def run(self, size: int = SIZE) -> list[dict[str, Any]]:
        while len(self.people) < size:
            self.household()
        records = [p.record for p in self.people]
        _feature(records)
        return records


def _feature(records: list[dict[str, Any]]) -> None:
    """Mark a handful of varied adults for the demo login page, with a note on each."""
    today = TODAY.isoformat()

    def adult(r: dict[str, Any]) -> bool:
        return r["birth_date"] <= f"{int(today[:4]) - 18}{today[4:]}"

    wants = [
        (lambda r: adult(r) and r["household"]["relationship_to_head"] == "Chủ hộ" and "spouse" in r
         and r["permanent_address"]["commune_code"] == "26740",
         {"vi": "Chủ hộ, đã kết hôn, thường trú Phường Sài Gòn", "en": "Head of household, married, Saigon Ward"}),
        (lambda r: adult(r) and r["current_address"] != r["permanent_address"] and r["birth_date"] >= "1995",
         {"vi": "Nơi ở hiện tại khác nơi thường trú", "en": "Current address differs from permanent residence"}),
        (lambda r: adult(r) and r["sex"] == "female" and "spouse" in r and r["birth_date"] >= "1990",
         {"vi": "Phụ nữ trẻ đã kết hôn (đăng ký khai sinh cho con)", "en": "Young married woman (birth registration)"}),
        (lambda r: r["ethnicity"] == "Hoa" and adult(r),
         {"vi": "Người dân tộc Hoa", "en": "Hoa ethnicity"}),
        (lambda r: r["birth_date"] < "1955" and adult(r),
         {"vi": "Người cao tuổi", "en": "Elderly citizen"}),
        (lambda r: adult(r) and r["permanent_address"]["province_code"] != DEMO_PROVINCE,
         {"vi": "Thường trú ngoài Thành phố Hồ Chí Minh", "en": "Permanent residence outside Ho Chi Minh City"}),
        (lambda r: adult(r) and "old_id_number" in r,
         {"vi": "Có số chứng minh nhân dân cũ", "en": "Has an old 9-digit ID card number"}),
        (lambda r: adult(r) and r["household"]["relationship_to_head"] == "Chủ hộ" and "spouse" not in r
         and r["marital_status"] in ("divorced", "widowed", "single") and any(
             x.get("mother", {}).get("personal_id") == r["personal_id"] for x in records),
         {"vi": "Cha hoặc mẹ đơn thân", "en": "Single parent"}),
    ]
    chosen: set[str] = set()
    for test, note in wants:
        for record in records:
            if record["personal_id"] not in chosen and test(record):
                record["demo"] = {"featured": True, "note": note}
                chosen.add(record["personal_id"])
                break


def load_units(source: Path) -> dict[str, Any]:
    data = json.loads((source / "merges.json").read_text(encoding="utf-8"))
    return {p["level1_id"]: {"name": p["name"], "old": [m["old_id"] for m in p["merges"]],
                             "communes": {c["level2_id"]: c["name"] for c in p["level2s"]}}
            for p in data["data"]}


def demo_communes() -> list[str]:
    agencies = json.loads(AGENCIES.read_text(encoding="utf-8"))["agencies"]
    return sorted({a["commune_code"] for a in agencies
                   if a.get("province_code") == DEMO_PROVINCE and a.get("commune_code")})


def generate(source: Path = DEFAULT_SOURCE, seed: int = SEED, size: int = SIZE) -> dict[str, Any]:
    units = load_units(source)
    citizens = Generator(units, demo_communes(), seed).run(size)
    return {
        "note": ("Synthetic population registry for the demo identity provider: every person is invented "
                 "(generated by builder/population.py with a fixed seed). Never use it as real data."),
        "notice": ("Administrative unit codes and names derive from merges.json of the public repository "
                   "dvhcvn/20250701 (MIT licence, see LICENSE.admin-units next to this file)."),
        "seed": seed,
        "as_of": TODAY.isoformat(),
        "citizens": citizens,
    }


def dumps(data: dict[str, Any]) -> str:
    """The registry as JSON with one citizen a line (small, and diffs read well)."""
    head = {k: v for k, v in data.items() if k != "citizens"}
    lines = [json.dumps(c, ensure_ascii=False, separators=(",", ":")) for c in data["citizens"]]
    return (json.dumps(head, ensure_ascii=False, indent=1)[:-2] + ',\n "citizens": [\n  '
            + ",\n  ".join(lines) + "\n ]\n}\n")


def build(source: Path = DEFAULT_SOURCE, target: Path = TARGET) -> Path:
    data = generate(source)
    target.mkdir(parents=True, exist_ok=True)
    path = target / OUTPUT
    path.write_text(dumps(data), encoding="utf-8")
    shutil.copyfile(source / "LICENSE", target / LICENCE)
    return path


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    path = build(Path(args[0]) if args else DEFAULT_SOURCE)
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
