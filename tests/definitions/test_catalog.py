"""The shipped catalog is clean, and search finds procedures with or without diacritics."""

from __future__ import annotations

import datetime as dt

import pytest

from runtime.definitions import Catalog, load_definitions
from runtime.definitions.text import fold
from runtime.paths import procedures_dir

DAY = dt.date(2026, 1, 15)


@pytest.fixture(scope="module")
def shipped():
    return load_definitions([procedures_dir()])


def test_shipped_catalog_has_no_problem_at_all(shipped):
    assert shipped.problems == {}
    assert len(shipped.procedures) == shipped.files >= 1


def test_shipped_procedures_live_in_folders_named_after_their_code(shipped):
    for procedure in shipped.procedures:
        assert procedure.file.endswith(f"{procedure.code}/procedure.json")


@pytest.mark.parametrize(("text", "folded"), [
    ("Đăng ký khai sinh", "dang ky khai sinh"),
    ("ĐĂNG KÝ   KẾT HÔN", "dang ky ket hon"),
    ("Chứng thực bản sao", "chung thuc ban sao"),
])
def test_fold_strips_vietnamese_diacritics_and_case(text, folded):
    assert fold(text) == folded


@pytest.mark.parametrize("query", ["khai sinh", "KHAI SINH", "dang ky khai sinh", "Đăng ký khai sinh",
                                   "birth registration", "1.001193", "ho tich"])
def test_search_finds_birth_registration_with_or_without_diacritics(shipped, query):
    found = Catalog(shipped.procedures).search(query, DAY)
    assert "1.001193" in [p.code for p in found]


def test_search_needs_every_word(shipped):
    assert Catalog(shipped.procedures).search("khai sinh xyzzy", DAY) == []


@pytest.mark.parametrize(("query", "first"), [
    ("khai sinh", "1.001193"), ("Khai Sinh", "1.001193"), ("dang ky khai sinh", "1.001193"),
    ("ket hon", "1.000894"), ("Đăng ký tạm trú", "1.004194"), ("tach", "1.010038"),
    ("giay phep xay dung", "1.013225"), ("marriage", "1.000894"),
])
def test_search_ranks_the_closest_name_first_when_several_procedures_match(shipped, query, first):
    found = Catalog(shipped.procedures).search(query, DAY)
    assert found[0].code == first, [p.code for p in found]


def test_search_ranks_name_matches_before_keyword_only_matches_when_a_word_is_in_both(shipped):
    codes = [p.code for p in Catalog(shipped.procedures).search("ho kinh doanh", DAY)]
    assert codes.index("1.001612") < codes.index("2.000720")
    codes = [p.code for p in Catalog(shipped.procedures).search("cu tru", DAY)]
    assert len(codes) >= 3  # keywords only: still found
