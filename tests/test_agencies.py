"""Routing a step to an agency from the applicant's address."""

from __future__ import annotations

import pytest

from runtime.agencies import UnknownAgencyError, load_directory
from runtime.demo import DEMO_DIR


@pytest.fixture(scope="module")
def directory():
    return load_directory(DEMO_DIR / "agencies.json")


def test_commune_agency_is_the_applicants_own_commune(directory):
    agency = directory.resolve("commune-peoples-committee", "commune", "79", "26743")
    assert agency.commune_code == "26743" and "Bến Thành" in agency.name_vi


def test_commune_without_its_own_agency_falls_back_to_the_province(directory):
    agency = directory.resolve("commune-peoples-committee", "commune", "79", "25747")
    assert agency.province_code == "79"


def test_province_level_finds_the_department(directory):
    assert directory.resolve("department-of-construction", "province", "79").code == "000.00.13.H79"


def test_unknown_kind_is_a_clear_error(directory):
    with pytest.raises(UnknownAgencyError):
        directory.resolve("ministry-of-magic", "province", "79")
