"""Pre-2025 addresses: converted when one-to-one, asked when split, refused clearly when unknown."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from runtime.addresses import convert_address
from runtime.definitions.model import Form, Page, Text
from runtime.dossiers.model import Provenance
from runtime.identity.autofill import conversion_messages, merge_submitted, prefill

# Old Phường Trúc Bạch (quận Ba Đình) went whole into the new Phường Ba Đình (00004);
# old Phường Cống Vị (00007) was split between Phường Ngọc Hà (00008) and Phường Giảng Võ (00025);
# old Tỉnh Hà Giang (02) is now part of Tỉnh Tuyên Quang (08).
TRUC_BACH = {"province_code": "01", "district_code": "001", "commune_code": "00004", "street": "5 Trúc Bạch"}
CONG_VI = {"province_code": "01", "district_code": "001", "commune_code": "00007", "street": "12 Đội Cấn"}

ADDRESS = {"type": "object", "properties": {
    "province_code": {"type": "string"}, "commune_code": {"type": "string"}, "street": {"type": "string"}}}
SCHEMA = {"type": "object", "properties": {
    "address": {"$ref": "#/$defs/address", "x-autofill": {"source": "citizen.current_address", "mode": "editable"}}}}


@pytest.fixture
def case():
    page = Page("applicant", Text("Người nộp", "Applicant"), SCHEMA, {"address": ADDRESS})
    return SimpleNamespace(form=Form((page,), {"address": ADDRESS}))


def test_old_commune_that_went_whole_into_one_new_commune_is_converted():
    converted = convert_address(TRUC_BACH)
    assert converted.status == "converted"
    assert converted.address == {"province_code": "01", "commune_code": "00004", "street": "5 Trúc Bạch"}
    assert "Phường Trúc Bạch" in converted.message_vi and "Phường Ba Đình" in converted.message_vi


def test_split_old_commune_gives_candidates_and_no_commune():
    converted = convert_address(CONG_VI)
    assert converted.status == "split" and "commune_code" not in converted.address
    assert [c["commune_code"] for c in converted.candidates] == ["00008", "00025"]
    assert "Phường Ngọc Hà" in converted.message_vi and "Phường Giảng Võ" in converted.message_vi


def test_province_code_that_never_existed_is_a_clear_message():
    converted = convert_address({"province_code": "99", "commune_code": "12345"})
    assert converted.status == "unknown" and converted.address is None
    assert "“99”" in converted.message_vi and "không còn tồn tại" in converted.message_vi


def test_old_province_without_a_known_commune_keeps_only_the_new_province():
    converted = convert_address({"province_code": "02", "commune_code": "99999"})
    assert converted.status == "province-only" and converted.address == {"province_code": "08"}
    assert "Tuyên Quang" in converted.message_vi


def test_current_2025_address_is_left_as_it_is():
    address = {"province_code": "79", "commune_code": "26743", "street": "1 Lê Lợi"}
    assert convert_address(address).status == "current" and convert_address(address).provenance() is None


def test_autofill_converts_one_to_one_and_records_it_in_the_provenance(case):
    data, provenance = prefill(case, {"current_address": TRUC_BACH})
    assert data["address"] == {"province_code": "01", "commune_code": "00004", "street": "5 Trúc Bạch"}
    entry = provenance["/address"]
    assert entry["conversion"]["status"] == "converted" and entry["conversion"]["from"] == TRUC_BACH
    assert Provenance.from_dict(entry).conversion["from"]["commune_code"] == "00004"
    _data, merged, _ = merge_submitted(data, provenance)
    assert merged["/address"]["source"] == "autofilled" and merged["/address"]["conversion"] == entry["conversion"]


def test_autofill_never_guesses_the_commune_of_a_split_one_and_the_applicants_choice_is_kept(case):
    data, provenance = prefill(case, {"current_address": CONG_VI})
    assert data["address"] == {"province_code": "01", "street": "12 Đội Cấn"}
    assert [c["name"] for c in provenance["/address"]["conversion"]["candidates"]] == ["Phường Ngọc Hà",
                                                                                       "Phường Giảng Võ"]
    [message] = conversion_messages(provenance, "vi")
    assert "Vui lòng chọn" in message
    chosen = {"address": {"province_code": "01", "commune_code": "00025", "street": "12 Đội Cấn"}}
    merged_data, merged, _ = merge_submitted(chosen, provenance)
    assert merged_data["address"]["commune_code"] == "00025"
    assert merged["/address"]["source"] == "changed" and merged["/address"]["conversion"]["status"] == "split"


def test_autofill_leaves_an_address_with_an_unknown_province_for_the_applicant_with_a_message(case):
    data, provenance = prefill(case, {"current_address": {"province_code": "99", "commune_code": "12345"}})
    assert "address" not in data and provenance["/address"]["source"] == "typed"
    [message] = conversion_messages(provenance, "en")
    assert "no longer exists" in message
