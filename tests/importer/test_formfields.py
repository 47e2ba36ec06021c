"""Starter eForm fields read from what a record says its form template asks for (synthetic records)."""

from __future__ import annotations

from builder.importer import import_record
from builder.importer.components import Component
from builder.importer.formfields import template_fields
from runtime.definitions.loader import check_definition
from tests.importer.records import TABLE, crawled


def _form(name: str, template: str = "") -> Component:
    return Component(name, 1, 0, template)


def test_fields_named_after_ghi_ro_become_optional_fields_labelled_with_the_records_words():
    found = template_fields([_form("Văn bản đề nghị, trong đó ghi rõ tên, địa chỉ cơ quan, tổ chức; lý do; "
                                   "số lượng, chủng loại; họ tên, ngày, tháng, năm sinh của người đến liên hệ.")])
    assert list(found.fields) == ["form_organisation_name", "form_address", "form_reason", "form_quantity",
                                  "form_item_kind", "form_full_name", "form_date_of_birth"]
    assert found.fields["form_address"]["x-label"]["vi"] == "Địa chỉ cơ quan, tổ chức"
    assert found.fields["form_date_of_birth"]["format"] == "date"
    assert "cần rà soát" in found.fields["form_reason"]["x-help"]["vi"]


def test_an_exception_ends_the_list_and_is_never_a_field():
    found = template_fields([_form("Tờ khai (Mẫu CT01), trong đó ghi rõ ý kiến đồng ý của cha, mẹ hoặc người giám hộ, "
                                   "trừ trường hợp đã có ý kiến đồng ý bằng văn bản.")])
    assert list(found.fields) == ["form_content"]
    assert found.fields["form_content"]["x-label"]["vi"] == "Ý kiến đồng ý của cha, mẹ hoặc người giám hộ"


def test_papers_that_are_not_forms_give_no_fields_even_when_they_say_ghi_ro():
    assert template_fields([_form("Giấy giới thiệu của thủ trưởng đơn vị ghi rõ họ tên, lý do.")]).fields == {}


def test_form_that_names_nothing_it_asks_gives_no_fields():
    assert template_fields([_form("Tờ khai đăng ký theo mẫu", "TK01.docx")]).fields == {}


def test_imported_definition_gets_a_page_for_review_and_the_report_says_guessed():
    record = crawled(thanh_phan_ho_so="* Giấy tờ phải nộp:" + TABLE + "Đơn đề nghị, trong đó ghi rõ họ tên, "
                     "số định danh cá nhân, lý do đề nghị.TK01.docx1 bản chính")
    imported = import_record(record)
    pages = imported.definition["cases"][0]["form"]["pages"]
    page = next(p for p in pages if p["id"] == "template-fields")
    assert "cần rà soát" in page["title"]["vi"] and "for review" in page["title"]["en"]
    assert set(page["schema"]["properties"]) == {"form_full_name", "form_identity_number", "form_reason"}
    assert "required" not in page["schema"]
    eform = imported.report.to_dict()["fields"]["eform"]
    assert eform["status"] == "guessed" and eform["items"][0]["status"] == "guessed"
    assert not [p for p in check_definition(imported.definition, "t") if p.is_error]


def test_record_without_such_description_keeps_the_starter_form_flagged_for_review():
    imported = import_record(crawled())
    assert "template-fields" not in [p["id"] for p in imported.definition["cases"][0]["form"]["pages"]]
    assert imported.report.to_dict()["fields"]["eform"]["status"] == "review"
