"""The citizen's way through a procedure: pages, conditions, check answers, drafts, versions."""

from __future__ import annotations

from runtime import create_app

from . import fixture
from .conftest import Browser

APPLICANT = {"full_name": "  Nguyễn Thị Hoa ", "birth_date": "5/3/1990", "applicant_kind": "person",
             "phone": "0912 345 678"}


def _start(app) -> Browser:
    browser = Browser(app.test_client())
    browser.get(f"/procedures/{fixture.CODE}/apply")
    browser.send()
    assert "/pages/applicant" in browser.url
    return browser


def test_start_creates_a_draft_and_opens_the_first_page_when_the_procedure_has_one_case(sample_app):
    browser = _start(sample_app)
    assert "Người nộp" in browser.html and browser.page.h1 == 1


def test_typed_values_are_kept_and_errors_linked_when_a_page_is_refused(sample_app):
    browser = _start(sample_app)
    browser.send({"full_name": "Hoa", "birth_date": "31/02/2020", "phone": "12345"})
    assert browser.response.status_code == 200
    assert browser.page.title.startswith("Lỗi: ")
    assert 'value="31/02/2020"' in browser.html and 'value="12345"' in browser.html
    assert "Vui lòng nhập ngày sinh là một ngày có thật" in browser.html
    assert "birth_date" in browser.page.summary_links


def test_input_is_normalised_and_typed_when_a_page_is_accepted(sample_app):
    browser = _start(sample_app)
    browser.send(APPLICANT)
    assert "/pages/household" in browser.url
    draft = _draft(sample_app)
    assert draft.data["full_name"] == "Nguyễn Thị Hoa"
    assert draft.data["birth_date"] == "1990-03-05" and draft.data["phone"] == "0912345678"


def test_conditional_page_is_skipped_when_its_condition_is_false(sample_app):
    browser = _start(sample_app)
    browser.send(APPLICANT)
    browser.send({"members-0-member_name": "Hoa", "members-0-birth_year": "1990"})
    assert browser.url.endswith("/check")
    assert "Thu nhập" not in browser.html


def test_conditional_page_is_shown_and_its_data_dropped_when_the_condition_changes(sample_app):
    browser = _start(sample_app)
    browser.send(APPLICANT)
    browser.send({"members-0-member_name": "Hoa", "members-0-birth_year": "1990", "has_income": "true"})
    assert "/pages/income" in browser.url
    browser.send({"monthly_income": "1.500.000", "home-province_code": "01",
                  "home-commune_code": "00004", "home-street": "1 Tràng Tiền"})
    assert browser.url.endswith("/check")
    assert "1.500.000 đ" in browser.html and "Phường Ba Đình" in browser.html
    assert _draft(sample_app).data["monthly_income"] == 1_500_000
    draft_id = _draft(sample_app).id
    browser.get(f"/drafts/{draft_id}/pages/household?return=check")
    browser.send({"has_income": []})
    assert browser.url.endswith("/check")
    assert "monthly_income" not in _draft(sample_app).data


def test_change_link_returns_to_check_answers_when_the_page_is_accepted(sample_app):
    browser = _start(sample_app)
    browser.send(APPLICANT)
    browser.send({"members-0-member_name": "Hoa", "members-0-birth_year": "1990"})
    draft_id = _draft(sample_app).id
    assert f'/drafts/{draft_id}/pages/applicant?return=check' in browser.html
    browser.get(f"/drafts/{draft_id}/pages/applicant?return=check")
    browser.send({"full_name": "Trần Văn Nam"})
    assert browser.url.endswith("/check") and "Trần Văn Nam" in browser.html


def test_draft_is_resumed_from_the_store_when_the_server_restarts(tmp_path):
    catalog = fixture.write(tmp_path / "procedures")
    config = {"TESTING": True, "SECRET_KEY": "same", "INSTANCE_PATH": str(tmp_path / "instance"),
              "MOTCUA_PROCEDURES": str(catalog)}
    first = create_app(config)
    browser = _start(first)
    browser.send(APPLICANT, action="save")
    assert "Thông tin của bạn đã được lưu" in browser.html
    cookie = browser.client.get_cookie("session")
    second = create_app(config)
    client = second.test_client()
    client.set_cookie("session", cookie.value)
    page = client.get(f"/procedures/{fixture.CODE}/apply").get_data(as_text=True)
    assert "Tiếp tục hồ sơ lưu lúc" in page
    resumed = Browser(client)
    resumed.get(f"/drafts/{_draft(second).id}/pages/applicant")
    assert 'value="Nguyễn Thị Hoa"' in resumed.html


def test_someone_elses_draft_is_not_found(sample_app):
    _start(sample_app)
    draft_id = _draft(sample_app).id
    stranger = sample_app.test_client()
    assert stranger.get(f"/drafts/{draft_id}/pages/applicant").status_code == 404


def test_version_page_keeps_valid_answers_when_the_definition_changed(sample_app, tmp_path):
    browser = _start(sample_app)
    browser.send(APPLICANT)
    changed = fixture.document()
    changed["version"] = "2"
    changed["cases"][0]["form"]["pages"][0]["schema"]["properties"]["full_name"]["maxLength"] = 3
    fixture.write(tmp_path / "procedures", changed)
    from runtime.web.services import init_catalog

    init_catalog(sample_app)
    draft_id = _draft(sample_app).id
    browser.get(f"/drafts/{draft_id}/pages/household")
    assert browser.response.status_code == 302 and "/version" in browser.response.headers["Location"]
    browser.get(browser.response.headers["Location"])
    assert "Thủ tục này đã thay đổi" in browser.html
    browser.send({"choice": "continue"})
    draft = _draft(sample_app)
    assert "full_name" not in draft.data and draft.data["birth_date"] == "1990-03-05"
    assert "/pages/applicant" in browser.url


def test_discarding_a_changed_draft_removes_it(sample_app, tmp_path):
    browser = _start(sample_app)
    changed = fixture.document()
    changed["version"] = "2"
    fixture.write(tmp_path / "procedures", changed)
    from runtime.web.services import init_catalog

    init_catalog(sample_app)
    draft_id = _draft(sample_app).id
    browser.get(f"/drafts/{draft_id}/version")
    browser.send({"choice": "discard"})
    assert _draft(sample_app) is None


def _draft(app):
    """The only draft of the test procedure in the app's store (or None)."""
    from runtime.web.services import drafts

    with app.app_context():
        repository = drafts()
        owners = {d.owner for d in _all(repository)}
        for owner in owners:
            for draft in repository.list(owner):
                if draft.procedure_code == fixture.CODE:
                    return draft
    return None


def _all(repository):
    store = getattr(repository, "store", None)
    if store is None:
        return list(repository._drafts.values())
    with store.unit_of_work() as uow:
        return [repository._draft(uow.dossiers.get(i)) for i in uow.dossiers.iter_ids()
                if repository._draft(uow.dossiers.get(i)) is not None]

