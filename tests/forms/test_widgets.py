"""Repeatable groups, alternatives, conditional sections and the address picker, without JavaScript."""

from __future__ import annotations

from .conftest import Browser
from .test_journey import APPLICANT, _draft, _start


def _household(app) -> Browser:
    browser = _start(app)
    browser.send(APPLICANT)
    assert "/pages/household" in browser.url
    return browser


def test_repeat_item_is_added_and_values_kept_when_add_is_pressed(sample_app):
    browser = _household(sample_app)
    browser.send({"members-0-member_name": "Hoa", "members-0-birth_year": "19x"}, action="add:members")
    assert browser.response.status_code == 200 and not browser.page.summary_links
    assert 'name="members-1-member_name"' in browser.html
    assert 'value="Hoa"' in browser.html and 'value="19x"' in browser.html


def test_repeat_item_is_removed_and_others_renumbered_when_remove_is_pressed(sample_app):
    browser = _household(sample_app)
    browser.send({"members-0-member_name": "A"}, action="add:members")
    browser.send({"members-1-member_name": "B"}, action="add:members")
    browser.send({"members-2-member_name": "C"}, action="remove:members:1")
    assert 'value="A"' in browser.html and 'value="C"' in browser.html and 'value="B"' not in browser.html
    assert 'name="members-1-member_name" type="text" value="C"' in browser.html


def test_repeat_stops_offering_add_when_max_items_is_reached(sample_app):
    browser = _household(sample_app)
    for _ in range(6):
        browser.send({}, action="add:members")
    assert browser.html.count('value="remove:members:') == 5
    assert 'value="add:members"' not in browser.html


def test_repeat_items_are_validated_with_their_position_when_wrong(sample_app):
    browser = _household(sample_app)
    browser.send({}, action="add:members")
    browser.send({"members-0-member_name": "A", "members-0-birth_year": "1990",
                  "members-1-member_name": "B", "members-1-birth_year": "1800"})
    assert "Vui lòng nhập năm sinh từ 1900 trở lên (Thành viên 2)" in browser.html
    assert "members-1-birth_year" in browser.page.summary_links


def test_value_list_keeps_typed_phones_and_refuses_a_wrong_one(sample_app):
    browser = _household(sample_app)
    browser.send({}, action="add:other_phones")
    browser.send({"members-0-member_name": "A", "members-0-birth_year": "1990",
                  "other_phones-0": "12"})
    assert "Vui lòng nhập số điện thoại khác là số điện thoại Việt Nam" in browser.html
    assert 'value="12"' in browser.html


def test_alternative_fields_are_required_when_their_choice_is_made(sample_app):
    browser = _start(sample_app)
    browser.send({**APPLICANT, "applicant_kind": "company"})
    assert browser.response.status_code == 200
    assert "Vui lòng nhập tên doanh nghiệp" in browser.html
    assert "Vui lòng nhập mã số thuế" in browser.html


def test_alternative_fields_are_not_stored_when_another_choice_is_made(sample_app):
    browser = _start(sample_app)
    browser.send({**APPLICANT, "company_name": "Công ty A", "tax_code": "0100109106"})
    assert "/pages/household" in browser.url
    assert "company_name" not in _draft(sample_app).data


def test_tax_code_checksum_is_verified_when_a_company_applies(sample_app):
    browser = _start(sample_app)
    browser.send({**APPLICANT, "applicant_kind": "company", "company_name": "Công ty A",
                  "tax_code": "0100109107"})
    assert "Vui lòng nhập mã số thuế là mã số thuế hợp lệ" in browser.html
    browser.send({"tax_code": "0100109106-001"})
    assert "/pages/household" in browser.url
    assert _draft(sample_app).data["tax_code"] == "0100109106-001"


def test_dependent_section_is_required_when_its_field_is_given(sample_app):
    browser = _start(sample_app)
    browser.send({**APPLICANT, "wants_post": "true"})
    assert "Vui lòng nhập địa chỉ nhận" in browser.html
    browser.send({"postal_address": "12 Hàng Bài, Hà Nội"})
    assert _draft(sample_app).data["postal_address"] == "12 Hàng Bài, Hà Nội"


def test_any_of_names_every_alternative_when_none_is_given(sample_app):
    browser = _start(sample_app)
    browser.send({**APPLICANT, "phone": ""})
    assert "Vui lòng nhập ít nhất một trong các thông tin: số điện thoại, thư điện tử" in browser.html


def test_communes_follow_the_province_when_update_is_pressed(sample_app):
    browser = _household(sample_app)
    browser.send({"members-0-member_name": "A", "members-0-birth_year": "1990", "has_income": "true"})
    assert "/pages/income" in browser.url
    assert "Phường Ba Đình" not in browser.html
    browser.send({"home-province_code": "01", "monthly_income": "2000000"}, action="refresh:home")
    assert "Phường Ba Đình" in browser.html and 'value="2.000.000"' not in browser.html
    assert 'value="2000000"' in browser.html


def test_money_is_shown_with_dots_when_read_back(sample_app):
    browser = _household(sample_app)
    browser.send({"members-0-member_name": "A", "members-0-birth_year": "1990", "has_income": "true"})
    browser.send({"monthly_income": "2500000", "home-province_code": "01",
                  "home-commune_code": "00004", "home-street": "Phố Huế"})
    draft = _draft(sample_app)
    browser.get(f"/drafts/{draft.id}/pages/income")
    assert 'value="2.500.000"' in browser.html


def test_english_messages_use_english_nouns_when_english_is_chosen(sample_app):
    browser = _start(sample_app)
    browser.get(browser.url + "?lang=en")
    browser.send({"birth_date": "2020-13-01"})
    assert "Error: " in browser.page.title
    assert "Enter date of birth as a real date" in browser.html
    assert "Vui lòng" not in browser.html
