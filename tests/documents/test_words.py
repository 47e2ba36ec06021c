"""Numbers, dates and money as Vietnamese state documents write them."""

from __future__ import annotations

import datetime as dt

import pytest

from runtime.documents.words import date_long, date_numeric, date_words, money, money_words, number_words


@pytest.mark.parametrize(("number", "words"), [
    (0, "không"), (5, "năm"), (10, "mười"), (15, "mười lăm"), (21, "hai mươi mốt"), (25, "hai mươi lăm"),
    (105, "một trăm linh năm"), (110, "một trăm mười"), (1005, "một nghìn không trăm linh năm"),
    (1990, "một nghìn chín trăm chín mươi"), (2026, "hai nghìn không trăm hai mươi sáu"),
    (16000, "mười sáu nghìn"), (1_500_000, "một triệu năm trăm nghìn"),
])
def test_number_is_written_in_vietnamese_words_when_whole(number, words):
    assert number_words(number) == words


@pytest.mark.parametrize(("value", "words"), [
    ("2026-02-20", "Ngày hai mươi, tháng hai, năm hai nghìn không trăm hai mươi sáu"),
    ("2026-04-05", "Ngày mồng năm, tháng tư, năm hai nghìn không trăm hai mươi sáu"),
    ("31/12/1990", "Ngày ba mươi mốt, tháng mười hai, năm một nghìn chín trăm chín mươi"),
    (dt.date(2025, 11, 15), "Ngày mười lăm, tháng mười một, năm hai nghìn không trăm hai mươi lăm"),
])
def test_date_is_written_in_words_as_on_a_birth_certificate_when_given_iso_or_dd_mm(value, words):
    assert date_words(value) == words


@pytest.mark.parametrize("value", ["2026-02-30", "not a date", None, 42])
def test_date_in_words_is_empty_when_the_value_is_no_real_date(value):
    assert date_words(value) == "" and date_numeric(value) == ""


def test_dates_and_money_print_in_the_state_formats():
    assert date_numeric("2026-03-02") == "02/03/2026"
    assert date_long("2026-03-02") == "ngày 02 tháng 03 năm 2026"
    assert money(16000) == "16.000 đồng" and money(1_250_000) == "1.250.000 đồng"
    assert money_words(16000) == "Mười sáu nghìn đồng"
    assert money("x") == ""
