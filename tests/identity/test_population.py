"""The demo population registry: generated deterministically, realistic, internally consistent."""

from __future__ import annotations

import collections
import json
from pathlib import Path

import pytest

from builder import population
from runtime.identity.attributes import AUTOFILL_SOURCES
from runtime.identity.contrib.demo import POPULATION, PopulationRegistry

ROOT = Path(__file__).resolve().parents[2]
UNITS = json.loads((ROOT / "runtime" / "forms" / "data" / "admin_units_2025.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def citizens() -> list[dict]:
    return json.loads(POPULATION.read_text(encoding="utf-8"))["citizens"]


@pytest.mark.skipif(not (population.DEFAULT_SOURCE / "merges.json").exists(),
                    reason="the shared admin-units data set is not next to the repository")
def test_shipped_registry_is_what_the_builder_generates_when_run_again():
    assert population.dumps(population.generate()) == POPULATION.read_text(encoding="utf-8")


def test_personal_ids_follow_the_national_format_when_generated(citizens):
    ids = [c["personal_id"] for c in citizens]
    assert len(ids) == len(set(ids)) >= 300
    for c in citizens:
        pid, year = c["personal_id"], int(c["birth_date"][:4])
        assert len(pid) == 12 and pid.isdigit()
        century = 0 if year < 2000 else 1
        assert int(pid[3]) == century * 2 + (c["sex"] == "female"), c
        assert pid[4:6] == c["birth_date"][2:4]


def test_names_have_vietnamese_frequencies_when_counted(citizens):
    families = collections.Counter(c["family_name"] for c in citizens)
    assert families.most_common(1)[0][0] == "Nguyễn"
    assert 0.25 < families["Nguyễn"] / len(citizens) < 0.5
    assert {"Trần", "Lê", "Phạm"} <= set(families)
    assert all(c["full_name"] == f"{c['family_name']} {c['middle_name']} {c['given_name']}" for c in citizens)
    assert collections.Counter(c["ethnicity"] for c in citizens).most_common(1)[0][0] == "Kinh"


def test_addresses_are_on_the_2025_units_and_mostly_in_the_demo_wards_when_generated(citizens):
    demo_communes = set(population.demo_communes())
    in_demo = 0
    for c in citizens:
        for kind in ("permanent_address", "current_address"):
            address = c[kind]
            assert address["commune_code"] in UNITS[address["province_code"]]["communes"], address
        in_demo += c["permanent_address"]["commune_code"] in demo_communes
    assert in_demo / len(citizens) > 0.6
    assert any(c["permanent_address"]["province_code"] != "79" for c in citizens)
    stale = [c for c in citizens if c["current_address"] != c["permanent_address"]]
    assert 0 < len(stale) < len(citizens) / 4


def test_relatives_and_households_link_inside_the_registry_when_they_name_a_personal_id(citizens):
    by_id = {c["personal_id"]: c for c in citizens}
    for c in citizens:
        assert c["household"]["head"] in by_id
        for relation in ("father", "mother", "spouse"):
            link = c.get(relation, {}).get("personal_id")
            if link:
                assert link in by_id
        if "spouse" in c and "personal_id" in c["spouse"]:
            assert by_id[c["spouse"]["personal_id"]]["spouse"]["personal_id"] == c["personal_id"]
        if "personal_id" in c.get("father", {}):
            assert by_id[c["father"]["personal_id"]]["sex"] == "male"
            assert by_id[c["father"]["personal_id"]]["birth_date"] < c["birth_date"]


def test_identity_attributes_are_known_autofill_sources_when_read_from_the_registry():
    registry = PopulationRegistry.load()
    featured = registry.featured()
    assert 5 <= len(featured) <= 12

    def names(value, prefix):
        for key, sub in value.items():
            path = f"{prefix}.{key}"
            if path in AUTOFILL_SOURCES:
                yield path
            if isinstance(sub, dict):
                yield from names(sub, path)
            elif path not in AUTOFILL_SOURCES:
                yield f"unknown {path}"

    for record in registry.featured():
        found = list(names(registry.attributes(record["personal_id"]), "citizen"))
        assert [n for n in found if n.startswith("unknown")] == []
        assert "citizen.current_address.commune_code" in found
