"""Routing a step to an agency from the applicant's address, for every ward of the country."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from runtime.agencies import UnknownAgencyError, build_directory, load_directory
from runtime.agencies.coverage import CoverageCache, routing_needs, routing_problems, wards
from runtime.definitions import load_definitions
from runtime.demo import DEMO_DIR
from runtime.paths import procedures_dir


@pytest.fixture(scope="module")
def directory():
    return load_directory(DEMO_DIR / "agencies.json")


@pytest.fixture(scope="module")
def shipped():
    return load_definitions([procedures_dir()]).procedures


def test_commune_agency_is_the_applicants_own_commune(directory):
    agency = directory.resolve("commune-peoples-committee", "commune", "79", "26743")
    assert agency.commune_code == "26743" and "Bến Thành" in agency.name_vi


def test_demo_directory_keeps_its_hand_written_agencies_over_the_generated_ones(directory):
    assert directory.get("000.26.740.H79").address == "Trụ sở UBND Phường Sài Gòn, Thành phố Hồ Chí Minh"


def test_ward_outside_hcmc_has_its_own_committee_and_police(directory):
    committee = directory.resolve("commune-peoples-committee", "commune", "01", "00004")
    police = directory.resolve("commune-police", "commune", "01", "00004")
    assert committee.code == "000.00.004.H01" and committee.name_vi == "Ủy ban nhân dân Phường Ba Đình"
    assert police.commune_code == "00004" and police.name_en == "Police of Ba Đình Ward"


def test_province_level_finds_the_department(directory):
    assert directory.resolve("department-of-construction", "province", "79").code == "000.00.13.H79"
    justice = directory.resolve("department-of-justice", "province", "01", "00004")
    assert justice.name_vi == "Sở Tư pháp Thành phố Hà Nội"


def test_every_province_has_its_public_service_centre(directory):
    centres = directory.of_kind("public-service-centre")
    assert len(centres) == 34 and len({a.province_code for a in centres}) == 34


def test_directory_covers_every_commune_of_2025(directory):
    committees = {a.commune_code for a in directory.of_kind("commune-peoples-committee")}
    assert len(committees) == sum(1 for _ in wards()) == 3321


def test_unknown_kind_is_a_clear_error(directory):
    with pytest.raises(UnknownAgencyError, match="ministry-of-magic"):
        directory.resolve("ministry-of-magic", "province", "79")


def test_unknown_province_is_a_clear_error_never_another_province(directory):
    with pytest.raises(UnknownAgencyError, match="province 99"):
        directory.resolve("commune-peoples-committee", "commune", "99", "00004")


def test_removed_commune_agency_falls_back_within_its_province():
    directory = build_directory({"remove": ["000.00.004.H01"]})
    agency = directory.resolve("commune-peoples-committee", "commune", "01", "00004")
    assert agency.province_code == "01" and agency.commune_code != "00004"


def test_every_ward_routes_within_its_province_for_every_kind_the_catalogue_uses(directory, shipped):
    needs = {need for p in shipped for need in routing_needs(p.document)}
    assert ("commune-peoples-committee", "commune") in needs and len(needs) >= 4
    for kind, level in sorted(needs):
        for province, commune in wards():
            agency = directory.resolve(kind, level, province, commune)
            assert agency.province_code == province, (kind, level, province, commune)
            if level == "commune" and agency.level == "commune":
                assert agency.commune_code == commune, (kind, province, commune)


def test_checker_names_the_wards_a_kind_leaves_unserved(shipped):
    only_hcmc = build_directory(json.loads((DEMO_DIR / "agencies.json").read_text(encoding="utf-8")) | {"base": "none"})
    birth = next(p for p in shipped if p.code == "1.001193")
    [problem] = routing_problems(birth.document, birth.file, CoverageCache(only_hcmc))
    assert problem.code == "agency.unserved" and problem.is_error and "ward(s) cannot be served" in problem.message
    assert routing_problems(birth.document, birth.file, CoverageCache(load_directory(DEMO_DIR / "agencies.json"))) == []


def test_agencies_cli_adds_shows_and_removes_through_the_overrides_file(tmp_path):
    from builder.cli import cli

    file = tmp_path / "agencies.json"
    runner = CliRunner()
    added = runner.invoke(cli, ["agencies", "add", "000.00.99.H01", "--name-vi", "Trung tâm Phục vụ hành chính "
                                "công số 2", "--name-en", "Service centre no. 2", "--kind", "public-service-centre",
                                "--province", "01", "--file", str(file)])
    assert added.exit_code == 0, added.output
    shown = runner.invoke(cli, ["agencies", "show", "000.00.99.H01", "--file", str(file)])
    assert json.loads(shown.output)["name"]["en"] == "Service centre no. 2"
    removed = runner.invoke(cli, ["agencies", "remove", "CA.00.004.H01", "--file", str(file)])
    assert removed.exit_code == 0 and json.loads(file.read_text(encoding="utf-8"))["remove"] == ["CA.00.004.H01"]
    listed = runner.invoke(cli, ["agencies", "list", "--commune", "00004", "--file", str(file)])
    assert "000.00.004.H01" in listed.output and "CA.00.004.H01" not in listed.output


def test_agencies_check_passes_for_the_shipped_catalogue():
    from builder.cli import cli

    result = CliRunner().invoke(cli, ["agencies", "check"])
    assert result.exit_code == 0, result.output
    assert "leave wards unserved" in result.output


def test_old_or_mistyped_commune_code_is_an_error_never_a_guessed_ward(directory):
    with pytest.raises(UnknownAgencyError, match="not a 2025 commune"):
        directory.resolve("commune-peoples-committee", "commune", "01", "00007")  # old Phường Cống Vị (split)
