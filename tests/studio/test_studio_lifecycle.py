"""Draft → review → publish (now or scheduled) → served without a restart; rollback; the diff."""

from __future__ import annotations

import datetime as dt

from runtime.storage import open_store
from runtime.storage.definitions import verify_changes

from .conftest import client_as, csrf


def _store(app):
    return open_store(app.config["MOTCUA_STORE"])


def _record(app, code, number):
    with _store(app) as store, store.unit_of_work() as uow:
        return uow.definitions.get(code, number)


def _post(client, url, **data):
    return client.post(url, data={"csrf_token": csrf(client), **data})


def test_published_procedure_is_offered_to_citizens_without_a_restart(app, author, publisher):
    url = _post(author, "/studio/new", how="scratch", code="9.000321", name_vi="Cấp giấy thử",
                name_en="Trial permit").headers["Location"]
    response = _post(author, f"{url}/fields?case=0&page=0", revision=1, action="add", kind="choice",
                     name="purpose", label_vi="Mục đích", label_en="Purpose", required="1",
                     options="work | Làm việc | Work\nstudy | Học tập | Study")
    assert response.status_code == 302
    _post(author, f"{url}/fields?case=0&page=0", revision=2, action="add", kind="text", name="school",
          label_vi="Tên trường", label_en="School", required="1", when_field="purpose", when_value="study")
    record = _record(app, "9.000321", 1)
    rule = record.document["cases"][0]["form"]["pages"][0]["schema"]["allOf"][0]
    assert rule["if"] == {"properties": {"purpose": {"const": "study"}}, "required": ["purpose"]}
    assert rule["then"]["required"] == ["school"]

    citizen = client_as(app, None)
    assert citizen.get("/procedures/9.000321").status_code == 404
    _post(author, f"{url}/submit", revision=3)
    diff = publisher.get("/studio/9.000321/diff?to=1").get_data(as_text=True)
    assert "purpose" in diff and "Cấp giấy thử" in diff
    published = _post(publisher, f"{url}/publish", revision=4, effective_from="")
    assert published.status_code == 302
    assert _record(app, "9.000321", 1).status == "published"
    page = citizen.get("/procedures/9.000321")
    assert page.status_code == 200 and "Cấp giấy thử" in page.get_data(as_text=True)
    with _store(app) as store, store.unit_of_work() as uow:
        log = uow.definitions.changes("9.000321")
        assert [e.action for e in log] == ["create", "edit", "edit", "submit", "publish"]
        assert [e.actor for e in log][-1] == "duyet.hcm"
        assert verify_changes(uow.definitions.changes()) == []


def test_publication_on_a_later_date_is_scheduled_not_served_when_published(app, author, publisher):
    later = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    url = _post(author, "/studio/new", how="scratch", code="9.000322", name_vi="Sau này",
                name_en="Later").headers["Location"]
    _post(author, f"{url}/submit", revision=1)
    _post(publisher, f"{url}/publish", revision=2, effective_from=later)
    assert _record(app, "9.000322", 1).display_status(dt.date.today()) == "scheduled"
    assert client_as(app, None).get("/procedures/9.000322").status_code == 404
    assert "Scheduled" in publisher.get(url + "?lang=en").get_data(as_text=True) or \
        "Hẹn" in publisher.get(url).get_data(as_text=True)


def test_publishing_is_refused_when_the_version_has_errors(app, author, publisher):
    url = _post(author, "/studio/new", how="scratch", code="9.000323", name_vi="Lỗi",
                name_en="Broken").headers["Location"]
    _post(author, f"{url}/submit", revision=1)
    with _store(app) as store, store.unit_of_work() as uow:  # broken behind the studio's back
        record = uow.definitions.get("9.000323", 1)
        record.document["processing"]["start"] = "nowhere"
        uow.definitions.update(record)
        uow.commit()
    _post(publisher, f"{url}/publish", revision=3)
    assert _record(app, "9.000323", 1).status == "review"


def test_rollback_restores_an_earlier_version_as_the_one_in_force(app, author, publisher):
    url = _post(author, "/studio/1.000656/drafts").headers["Location"]
    _post(author, f"{url}/submit", revision=1)
    _post(publisher, f"{url}/publish", revision=2)
    second = _post(author, "/studio/1.000656/drafts", based_on=1).headers["Location"]
    page = author.get(f"{second}/metadata")
    assert page.status_code == 200
    record = _record(app, "1.000656", 2)
    with _store(app) as store, store.unit_of_work() as uow:
        record.document["name"]["vi"] = "Tên sai"
        record.status = "published"
        record.effective_from = dt.date.today().isoformat()
        uow.definitions.update(record)
        uow.commit()
    assert "Tên sai" in client_as(app, None).get("/procedures/1.000656").get_data(as_text=True)
    restored = _post(publisher, "/studio/1.000656/1/rollback")
    assert restored.headers["Location"].endswith("/studio/1.000656/3")
    assert "Tên sai" not in client_as(app, None).get("/procedures/1.000656").get_data(as_text=True)
    assert _post(author, "/studio/1.000656/1/rollback").status_code == 302  # refused with a message
    assert len(_record_list(app, "1.000656")) == 3


def _record_list(app, code):
    with _store(app) as store, store.unit_of_work() as uow:
        return uow.definitions.versions(code)


def test_group_fields_and_length_limits_are_set_from_the_field_editor(app, author):
    url = _post(author, "/studio/new", how="scratch", code="9.000324", name_vi="Nhóm", name_en="Group").headers[
        "Location"]
    fields = f"{url}/fields?case=0&page=0"
    assert _post(author, fields, revision=1, action="add", kind="repeat", name="children", label_vi="Các con",
                 label_en="Children").status_code == 302
    page = author.get(fields).get_data(as_text=True)
    assert 'id="add-parent"' in page
    assert _post(author, fields, revision=2, action="add", kind="text", name="child_name", label_vi="Tên con",
                 label_en="Child's name", required="1", parent="children").status_code == 302
    assert _post(author, fields, revision=3, action="update", name="children.child_name", label_vi="Tên con",
                 label_en="Child's name", required="1", min_length="2", max_length="60").status_code == 302
    assert _post(author, fields, revision=4, action="update", name="children.child_name", label_vi="Tên con",
                 label_en="Child's name", min_length="9", max_length="3").status_code == 400
    record = _record(app, "9.000324", 1)
    inner = record.document["cases"][0]["form"]["pages"][0]["schema"]["properties"]["children"]["items"]
    assert inner["properties"]["child_name"]["minLength"] == 2 and inner["required"] == ["child_name"]
    assert "Các con" in author.get(f"{url}/preview").get_data(as_text=True)  # items are added by the citizen


def test_cases_conditional_components_and_fee_rules_are_edited_without_json(app, author):
    url = _post(author, "/studio/1.001193/drafts").headers["Location"]
    assert _post(author, f"{url}/cases?case=0", revision=1, action="copy", id="late", name_vi="Đăng ký quá hạn",
                 name_en="Late registration").status_code == 302
    assert _post(author, f"{url}/cases?case=1", revision=2, action="update", name_vi="Đăng ký quá hạn",
                 name_en="Late registration", amount="5", unit="working-days").status_code == 302
    component = _record(app, "1.001193", 1).document["cases"][1]["components"][0]["id"]
    assert _post(author, f"{url}/components?case=1", revision=3, action="condition", id=component,
                 when_field="relationship_to_child", when_value="mother").status_code == 302
    assert _post(author, f"{url}/fees?case=1", revision=4, action="rules", collect_at="result", discount="50",
                 discount_from="2026-01-01", discount_to="2026-12-31").status_code == 302
    assert _post(author, f"{url}/fees?case=1", revision=5, action="rules", collect_at="result",
                 discount="500").status_code == 400
    document = _record(app, "1.001193", 1).document
    late = document["cases"][1]
    assert late["time_limit"] == {**late["time_limit"], "amount": 5, "unit": "working-days"}
    assert late["components"][0]["when"]["properties"] == {"relationship_to_child": {"const": "mother"}}
    assert late["fees"]["online_discount"] == {"percent": 50, "from": "2026-01-01", "to": "2026-12-31"}
    from runtime.definitions import check_definition
    assert [p.format() for p in check_definition(document, "f") if p.is_error] == []
    assert author.get(f"{url}/cases?case=1").status_code == 200


def test_step_agency_and_fee_exemptions_are_edited_without_json(app, author):
    url = _post(author, "/studio/new", how="scratch", code="9.000325", name_vi="Cơ quan", name_en="Agency").headers[
        "Location"]
    assert _post(author, f"{url}/processing", revision=1, action="add-step", id="province-check",
                 name_vi="Sở thẩm định", name_en="Department checks", role="leader", status="4",
                 resolve="applicant-address", level="province").status_code == 302
    assert _post(author, f"{url}/processing", revision=2, action="add-step", id="x", name_vi="X", name_en="X",
                 role="leader", status="4", resolve="fixed", agency_code="bad code").status_code == 400
    _post(author, f"{url}/fees?case=0", revision=2, action="add", id="charge", name_vi="Lệ phí",
          name_en="Charge", kind="fixed", amount="10000")
    assert _post(author, f"{url}/fees?case=0", revision=3, action="exemption", id="poor", reason_vi="Hộ nghèo",
                 reason_en="Poor households", items="charge", starts="2026-01-01",
                 ends="2026-12-31").status_code == 302
    assert _post(author, f"{url}/fees?case=0", revision=4, action="exemption", id="late", reason_vi="a",
                 reason_en="b", starts="2026-12-31", ends="2026-01-01").status_code == 400
    document = _record(app, "9.000325", 1).document
    assert document["processing"]["steps"][-1]["agency"] == {"resolve": "applicant-address", "level": "province"}
    assert document["cases"][0]["fees"]["exemptions"] == [
        {"id": "poor", "reason": {"vi": "Hộ nghèo", "en": "Poor households"}, "items": ["charge"],
         "from": "2026-01-01", "to": "2026-12-31"}]


def test_draft_is_created_from_a_national_record_when_an_importer_is_configured(tmp_path):
    import json

    from builder.studio import create_app
    from tests.importer.records import crawled

    records = tmp_path / "records"
    records.mkdir()
    (records / "9.000001.json").write_text(json.dumps(crawled(), ensure_ascii=False), encoding="utf-8")
    app = create_app({"TESTING": True, "SECRET_KEY": "s", "INSTANCE_PATH": str(tmp_path / "i"),
                      "MOTCUA_STORE": f"tinydb://{tmp_path / 's'}", "MOTCUA_NATIONAL_RECORDS": str(records)})
    author = client_as(app, "admin.hcm")
    response = _post(author, "/studio/new", how="import", code="9.000001.H79", source="9.000001")
    assert response.status_code == 302 and response.headers["Location"].endswith("/studio/9.000001.H79/1/import")
    record = _record(app, "9.000001.H79", 1)
    assert record.document["code"] == "9.000001.H79" and "nuôi chim cảnh" in record.document["name"]["vi"]
    missing = _post(author, "/studio/new", how="import", code="9.000002.H79", source="9.000002")
    assert missing.status_code == 302 and missing.headers["Location"].endswith("/studio/")
