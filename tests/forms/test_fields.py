"""Reading what citizens type: dates, amounts, numbers, phones, IDs, tax codes, text."""

from __future__ import annotations

import pytest

from runtime.forms.compiler import build_field
from runtime.forms.fields import kind_of
from runtime.forms.spec import MISSING


def _read(schema, raw):
    spec = build_field("f", schema, {})
    value, problem = kind_of(spec).convert(spec, raw)
    return value, problem.key if problem else None


@pytest.mark.parametrize(("raw", "expected"), [
    ("05/03/2026", "2026-03-05"), ("5/3/2026", "2026-03-05"), ("05-03-2026", "2026-03-05"),
    ("2026-03-05", "2026-03-05"), (" 05 / 03 / 2026 ", "2026-03-05")])
def test_date_is_stored_as_iso_when_typed_day_first(raw, expected):
    assert _read({"type": "string", "format": "date"}, raw) == (expected, None)


@pytest.mark.parametrize(("raw", "key"), [("31/02/2026", "date.real"), ("2026-13-01", "date.real"),
                                          ("mai", "date.format"), ("5 tháng 3", "date.format")])
def test_date_problem_is_told_apart_when_wrong(raw, key):
    assert _read({"type": "string", "format": "date"}, raw) == (MISSING, key)


@pytest.mark.parametrize(("raw", "expected"), [("1500000", 1500000), ("1.500.000", 1500000),
                                               ("1.500.000 đ", 1500000), ("0", 0)])
def test_money_is_read_with_or_without_dots(raw, expected):
    assert _read({"type": "integer", "x-widget": "money", "minimum": 0}, raw) == (expected, None)


@pytest.mark.parametrize("raw", ["1.50.000", "1,5", "-3", "mười nghìn"])
def test_money_is_refused_when_not_an_amount(raw):
    assert _read({"type": "integer", "x-widget": "money", "minimum": 0}, raw) == (MISSING, "money")


def test_numbers_accept_a_decimal_comma_and_integers_refuse_fractions():
    assert _read({"type": "number"}, "2,5") == (2.5, None)
    assert _read({"type": "number"}, "-4") == (-4, None)
    assert _read({"type": "integer"}, "2,5") == (MISSING, "integer")
    assert _read({"type": "integer"}, "") == (MISSING, None)


def test_phone_and_personal_id_drop_the_separators_people_type():
    assert _read({"type": "string", "x-widget": "phone"}, "0912.345.678") == ("0912345678", None)
    assert _read({"type": "string", "x-widget": "citizen-id"}, "001 234 567 890") == ("001234567890", None)


@pytest.mark.parametrize(("raw", "expected"), [("0100109106", "0100109106"),
                                               ("0100109106-001", "0100109106-001"),
                                               ("0100109106001", "0100109106-001"),
                                               ("001234567890", "001234567890")])
def test_tax_code_is_verified_and_formatted_when_valid(raw, expected):
    assert _read({"type": "string", "x-widget": "tax-code"}, raw) == (expected, None)


def test_tax_code_is_refused_when_its_check_digit_is_wrong():
    assert _read({"type": "string", "x-widget": "tax-code"}, "0100109107") == (MISSING, "tax_code")


def test_text_is_nfc_normalised_and_stripped_when_read():
    decomposed = "Nguye\u0302\u0303n"
    assert _read({"type": "string"}, f"  {decomposed}  ") == ("Nguyễn", None)
    assert _read({"type": "string"}, "   ") == (MISSING, None)


def test_choices_map_back_to_typed_values_when_chosen():
    schema = {"type": "integer", "enum": [1, 2, 3]}
    assert _read(schema, "2") == (2, None)
    assert _read(schema, "7") == (MISSING, "enum")
    assert _read({"type": "boolean", "x-widget": "radio"}, "false") == (False, None)
