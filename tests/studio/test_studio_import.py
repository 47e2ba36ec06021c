"""Importing national records in the studio: the review page, the report as JSON, re-importing, who may."""

from __future__ import annotations

import io
import json

import pytest

from builder.studio import create_app
from runtime.storage import open_store
from tests.importer.records import crawled

from .conftest import client_as, csrf

CODE = "9.000001"


@pytest.fixture
def records(tmp_path):
    folder = tmp_path / "records"
    folder.mkdir()
    (folder / f"{CODE}.json").write_text(json.dumps(crawled(), ensure_ascii=False), encoding="utf-8")
    return folder


@pytest.fixture
def app(tmp_path, records):
    return create_app({"TESTING": True, "SECRET_KEY": "s", "INSTANCE_PATH": str(tmp_path / "i"),
                       "MOTCUA_STORE": f"tinydb://{tmp_path / 's'}", "MOTCUA_NATIONAL_RECORDS": str(records),
                       "MOTCUA_CATALOG_REFRESH_SECONDS": 0})


def _post(client, url, files=None, **data):
    payload = {"csrf_token": csrf(client), **data}
    if files:
        payload.update(files)
        return client.post(url, data=payload, content_type="multipart/form-data")
    return client.post(url, data=payload)


def _document(app, code=CODE, number=1):
    with open_store(app.config["MOTCUA_STORE"]) as store, store.unit_of_work() as uow:
        return uow.definitions.get(code, number)


def _imported(app, author):
    response = _post(author, "/studio/import", record_id=CODE)
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    assert response.headers["Location"].endswith(f"/studio/{CODE}/1/import")
    return f"/studio/{CODE}/1"


def test_search_finds_a_record_by_name_without_diacritics_when_records_are_configured(app):
    page = client_as(app, "admin.hcm").get("/studio/import?q=nuoi chim").get_data(as_text=True)
    assert f'value="{CODE}"' in page and "nuôi chim cảnh" in page


def test_importing_a_record_lands_on_its_review_page_with_each_field_and_its_source(app):
    author = client_as(app, "admin.hcm")
    url = _imported(app, author)
    page = author.get(f"{url}/import").get_data(as_text=True)
    assert "20,000 Việt Nam Đồng" in page  # the fees' source text beside the field
    assert 'id="import-fees"' in page
    assert f'href="/studio/{CODE}/1/fields?case=0" data-fix="eform"' in page  # a flagged field links to its editor
    assert 'id="import-problems"' in page
    assert _document(app).document["name"]["vi"] == "Đăng ký thử nghiệm việc nuôi chim cảnh"


def test_report_downloads_as_json_with_every_field_status(app):
    author = client_as(app, "admin.hcm")
    url = _imported(app, author)
    response = author.get(f"{url}/import.json")
    assert response.mimetype == "application/json" and "attachment" in response.headers["Content-Disposition"]
    report = response.get_json()
    assert report["record_id"] == CODE and report["fields"]["fees"]["status"] in ("parsed", "guessed", "review")


def test_uploaded_record_is_imported_under_the_code_given(app):
    author = client_as(app, "admin.hcm")
    data = json.dumps(crawled(ma_thu_tuc="9.000002"), ensure_ascii=False).encode()
    response = _post(author, "/studio/import", files={"record": (io.BytesIO(data), "r.json")}, code="9.000002.H79")
    assert response.status_code == 302 and response.headers["Location"].endswith("/studio/9.000002.H79/1/import")


@pytest.mark.parametrize("content", [b"{not json", b"\xff\xfe", b"[1, 2]", b'{"hello": "world"}',
                                     b'{"ma_thu_tuc": "9.1", "ten_thu_tuc": 5}'])
def test_malformed_record_upload_gets_a_message_and_no_draft(app, content):
    author = client_as(app, "admin.hcm")
    response = _post(author, "/studio/import", files={"record": (io.BytesIO(content), "r.json")})
    assert response.status_code == 400
    assert "govuk-error-summary" in response.get_data(as_text=True)
    with open_store(app.config["MOTCUA_STORE"]) as store, store.unit_of_work() as uow:
        assert uow.definitions.all() == []


def test_record_larger_than_the_bound_is_refused_before_parsing():
    from builder.importer import MAX_RECORD_BYTES
    from builder.studio.importing import RecordRefused, parse_record

    with pytest.raises(RecordRefused):
        parse_record(b" " * (MAX_RECORD_BYTES + 1))


def test_publisher_without_author_role_cannot_import_nor_is_offered_to(app):
    publisher = client_as(app, "duyet.hcm")
    assert publisher.get("/studio/import").status_code == 403
    assert 'href="/studio/import"' not in publisher.get("/studio/").get_data(as_text=True)
    assert 'href="/studio/import"' in client_as(app, "admin.hcm").get("/studio/").get_data(as_text=True)


def test_other_province_cannot_see_the_review_page_or_reimport(app):
    url = _imported(app, client_as(app, "admin.hcm"))
    other = client_as(app, "admin.hanoi")
    assert other.get(f"{url}/import").status_code == 404
    assert other.get(f"{url}/import.json").status_code == 404
    assert _post(other, f"{url}/import/again", revision=1).status_code == 404


def test_reimport_of_a_changed_record_updates_an_unedited_draft_and_shows_the_diff(app, records):
    author = client_as(app, "admin.hcm")
    url = _imported(app, author)
    (records / f"{CODE}.json").write_text(json.dumps(crawled(ten_thu_tuc="Đăng ký nuôi chim cảnh (sửa đổi)"),
                                                     ensure_ascii=False), encoding="utf-8")
    assert _post(author, f"{url}/import/again", revision=1).status_code == 302
    assert _document(app).document["name"]["vi"] == "Đăng ký nuôi chim cảnh (sửa đổi)"
    page = author.get(f"{url}/import").get_data(as_text=True)
    assert 'id="import-changes"' in page and "(sửa đổi)" in page


def test_reimport_never_overwrites_an_administrators_edit_and_lets_them_choose(app, records):
    author = client_as(app, "admin.hcm")
    url = _imported(app, author)
    document = _document(app).document
    document["name"]["vi"] = "Tên do quản trị viên sửa"
    document["sector"]["name"] = {"vi": "Lĩnh vực đã sửa", "en": "Edited sector"}
    assert _post(author, f"{url}/json", revision=1, document=json.dumps(document)).status_code == 302
    changed = crawled(ten_thu_tuc="Tên mới trong cơ sở dữ liệu quốc gia", so_quyet_dinh="2/QĐ-BTP")
    (records / f"{CODE}.json").write_text(json.dumps(changed, ensure_ascii=False), encoding="utf-8")
    assert _post(author, f"{url}/import/again", revision=2).status_code == 302
    assert _document(app).document["name"]["vi"] == "Tên do quản trị viên sửa"  # nothing overwritten yet
    page = author.get(f"{url}/import").get_data(as_text=True)
    assert 'value="/name/vi"' in page  # the conflict, with a choice
    # keep their name; the change nobody edited (the decision) is applied
    assert _post(author, f"{url}/import/resolve", revision=2, action="apply").status_code == 302
    after = _document(app).document
    assert after["name"]["vi"] == "Tên do quản trị viên sửa" and after["source"]["decision"] == "2/QĐ-BTP"
    assert after["sector"]["name"]["vi"] == "Lĩnh vực đã sửa"


def test_reimport_conflict_takes_the_records_value_where_chosen(app, records):
    author = client_as(app, "admin.hcm")
    url = _imported(app, author)
    document = _document(app).document
    document["name"]["vi"] = "Tên do quản trị viên sửa"
    _post(author, f"{url}/json", revision=1, document=json.dumps(document))
    (records / f"{CODE}.json").write_text(json.dumps(crawled(ten_thu_tuc="Tên mới"), ensure_ascii=False),
                                          encoding="utf-8")
    _post(author, f"{url}/import/again", revision=2)
    _post(author, f"{url}/import/resolve", revision=2, action="apply", take_import="/name/vi")
    assert _document(app).document["name"]["vi"] == "Tên mới"


def test_import_from_the_catalogue_page_lands_on_the_review_page(app):
    author = client_as(app, "admin.hcm")
    response = _post(author, "/studio/new", how="import", code="9.000001.H79", source=CODE)
    assert response.status_code == 302 and response.headers["Location"].endswith("/studio/9.000001.H79/1/import")


def test_fields_read_from_the_form_template_are_linked_from_the_review_page_for_review(app):
    from tests.importer.records import TABLE

    author = client_as(app, "admin.hcm")
    record = crawled(ma_thu_tuc="9.000003", thanh_phan_ho_so="* Giấy tờ phải nộp:" + TABLE +
                     "Đơn đề nghị, trong đó ghi rõ họ tên, lý do đề nghị.DN01.docx1 bản chính")
    data = json.dumps(record, ensure_ascii=False).encode()
    response = _post(author, "/studio/import", files={"record": (io.BytesIO(data), "r.json")})
    assert response.headers["Location"].endswith("/studio/9.000003/1/import")
    pages = [p["id"] for p in _document(app, "9.000003").document["cases"][0]["form"]["pages"]]
    page = author.get("/studio/9.000003/1/import").get_data(as_text=True)
    assert f'href="/studio/9.000003/1/fields?case=0&amp;page={pages.index("template-fields")}" data-fix="eform"' in page
    fields = author.get(f"/studio/9.000003/1/fields?case=0&page={pages.index('template-fields')}").get_data(
        as_text=True)
    assert "cần rà soát" in fields and "form_reason" in fields
