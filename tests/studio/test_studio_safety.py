"""Who may do what in the studio, concurrent saves, bad input and CSRF."""

from __future__ import annotations

import pytest

from runtime.storage import open_store

from .conftest import client_as, csrf
from .html_forms import form_with


def _new(client, code: str = "9.000123") -> str:
    response = client.post("/studio/new", data={"csrf_token": csrf(client), "how": "scratch", "code": code,
                                                "name_vi": "Thủ tục thử", "name_en": "Trial procedure"})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"]


def _record(app, code="9.000123", number=1):
    with open_store(app.config["MOTCUA_STORE"]) as store, store.unit_of_work() as uow:
        return uow.definitions.get(code, number)


def test_people_without_a_studio_role_are_refused_when_they_open_the_studio(app):
    assert client_as(app, None).get("/studio/").status_code == 302  # to the login page
    assert client_as(app, "tiepnhan.saigon").get("/studio/").status_code == 403


def test_author_cannot_publish_when_the_version_is_in_review(app, author):
    url = _new(author)
    author.post(f"{url}/submit", data={"csrf_token": csrf(author), "revision": 1})
    assert _record(app).status == "review"
    author.post(f"{url}/publish", data={"csrf_token": csrf(author), "revision": 2})
    assert _record(app).status == "review"
    page = author.get(url).get_data(as_text=True)
    assert "Publish" not in page and "Công bố</button>" not in page


def test_other_province_cannot_see_or_edit_a_draft_when_it_is_not_theirs(app, author, other_province):
    url = _new(author)
    assert other_province.get(url).status_code == 404
    assert other_province.get(f"{url}/metadata").status_code == 404
    token = csrf(other_province)
    response = other_province.post(f"{url}/json", data={"csrf_token": token, "document": "{}", "revision": 1})
    assert response.status_code == 404
    assert "9.000123" not in other_province.get("/studio/").get_data(as_text=True)
    assert "9.000123" not in other_province.get("/studio/log").get_data(as_text=True)
    assert _record(app).revision == 1


def test_second_saver_is_told_and_keeps_their_input_when_someone_saved_first(app, author):
    url = _new(author)
    page = author.get(f"{url}/metadata").get_data(as_text=True)
    first, second = form_with(page, "name_vi"), form_with(page, "name_vi")
    first["name_vi"] = "Tên của người thứ nhất"
    second["name_vi"] = "Tên của người thứ hai"
    assert author.post(f"{url}/metadata", data=first).status_code == 302
    response = author.post(f"{url}/metadata", data=second)
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Tên của người thứ hai" in page  # their input is still in the form
    assert _record(app).document["name"]["vi"] == "Tên của người thứ nhất"  # nothing lost silently
    again = author.post(f"{url}/metadata", data=form_with(page, "name_vi"))  # saving again keeps theirs
    assert again.status_code == 302
    assert _record(app).document["name"]["vi"] == "Tên của người thứ hai"


@pytest.mark.parametrize("field,value", [
    ("effective_from", "31/02/2026"), ("effective_from", "x" * 5000), ("version", ""),
    ("agency_kind", "Not An Id"), ("level", "galaxy"), ("online_level", "<script>"), ("name_vi", ""),
    ("revision", "not-a-number"), ("channels", ""),
])
def test_bad_details_get_a_message_and_nothing_is_saved_when_submitted(app, author, field, value):
    url = _new(author)
    data = form_with(author.get(f"{url}/metadata").get_data(as_text=True), "name_vi")
    data.setlist(field, [value])
    response = author.post(f"{url}/metadata", data=data)
    assert response.status_code in (400, 409)
    assert "govuk-error-summary" in response.get_data(as_text=True)
    assert "<script>" not in response.get_data(as_text=True)
    assert _record(app).revision == 1


@pytest.mark.parametrize("data", [
    {"action": "add", "kind": "nope"}, {"action": "add", "kind": "text", "name": "Bad Name", "label_vi": "a",
                                        "label_en": "b"},
    {"action": "add", "kind": "choice", "name": "c", "label_vi": "a", "label_en": "b"},
    {"action": "add", "kind": "text", "name": "x", "label_vi": "a", "label_en": "b", "when_field": "ghost"},
    {"action": "add", "kind": "text", "name": "x", "label_vi": "a", "label_en": "b", "autofill": "citizen.soul"},
    {"action": "remove", "name": "ghost"}, {"action": "up", "name": "ghost"}, {"action": "order", "order": "x"},
    {"action": "add-page", "page_id": "Bad Id", "title_vi": "a", "title_en": "b"}, {"action": "explode"},
])
def test_bad_field_edits_get_a_message_never_a_crash_when_submitted(app, author, data):
    url = _new(author)
    response = author.post(f"{url}/fields?case=0&page=0", data={"csrf_token": csrf(author), "revision": 1, **data})
    assert response.status_code == 400
    assert "govuk-error-summary" in response.get_data(as_text=True)
    assert _record(app).revision == 1


def test_bad_json_gets_a_message_and_the_text_is_kept_when_saved(app, author):
    url = _new(author)
    response = author.post(f"{url}/json", data={"csrf_token": csrf(author), "revision": 1,
                                                "document": '{"code": "9.000123",'})
    assert response.status_code == 400
    assert "not valid JSON" in response.get_data(as_text=True) or "JSON" in response.get_data(as_text=True)
    assert '{&#34;code&#34;: &#34;9.000123&#34;,' in response.get_data(as_text=True)


def test_unknown_pages_are_404_when_indexes_are_out_of_range(author):
    url = _new(author)
    for query in ("case=9&page=0", "case=0&page=99", "case=-1&page=x"):
        assert author.get(f"{url}/fields?{query}").status_code == 404
    assert author.get(f"{url}/preview?case=zzz").status_code == 404
    assert author.get("/studio/9.000123/77").status_code == 404


def test_every_write_is_refused_without_the_csrf_token(tmp_path):
    from builder.studio import create_app

    app = create_app({"SECRET_KEY": "s", "INSTANCE_PATH": str(tmp_path / "i"),
                      "MOTCUA_STORE": f"tinydb://{tmp_path / 's'}"})
    client = client_as(app, "admin.hcm")
    writes = [rule.rule for rule in app.url_map.iter_rules()
              if rule.endpoint.startswith("studio.") and "POST" in (rule.methods or ())]
    assert len(writes) >= 9
    for rule in writes:
        url = rule.replace("<code>", "9.000123").replace("<int:number>", "1")
        assert client.post(url, data={"code": "9.000999", "how": "scratch"}).status_code == 400, url
    with open_store(app.config["MOTCUA_STORE"]) as store, store.unit_of_work() as uow:
        assert uow.definitions.all() == []


@pytest.mark.parametrize("part,data", [
    ("components", {"action": "add", "id": "Bad", "name_vi": "a", "name_en": "b"}),
    ("components", {"action": "add", "id": "ok", "name_vi": "a", "name_en": "b", "originals": "x"}),
    ("components", {"action": "add", "id": "ok", "name_vi": "a", "name_en": "b", "media_types": "text/html"}),
    ("components", {"action": "add", "id": "ok", "name_vi": "a", "name_en": "b", "media_types": "image/png",
                    "signature": "required", "signer": "applicant"}),
    ("components", {"action": "remove", "id": "ghost"}),
    ("fees", {"action": "add", "id": "f", "name_vi": "a", "name_en": "b", "kind": "per-page", "component": "x"}),
    ("fees", {"action": "add", "id": "f", "name_vi": "a", "name_en": "b", "kind": "fixed", "amount": "-5"}),
    ("fees", {"action": "add", "id": "f", "name_vi": "a", "name_en": "b", "kind": "bitcoin"}),
    ("processing", {"action": "add-step", "id": "s", "name_vi": "a", "name_en": "b", "role": "x", "status": "99"}),
    ("processing", {"action": "add-step", "id": "s", "name_vi": "a", "name_en": "b", "role": "x", "status": "4",
                    "duration": "soon"}),
    ("processing", {"action": "add-action", "step": "receive", "id": "go", "name_vi": "a", "name_en": "b",
                    "kind": "accept", "to": "nowhere"}),
    ("processing", {"action": "remove", "step": "ghost"}), ("processing", {"action": "start", "step": "ghost"}),
])
def test_bad_component_fee_and_step_edits_get_a_message_when_submitted(app, author, part, data):
    url = _new(author)
    response = author.post(f"{url}/{part}?case=0", data={"csrf_token": csrf(author), "revision": 1, **data})
    assert response.status_code == 400
    assert "govuk-error-summary" in response.get_data(as_text=True)
    assert _record(app).revision == 1
