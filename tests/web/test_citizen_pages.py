"""What citizens read: the dossier page, My dossiers, drafts, the applicant page, sessions, languages.

Each test names the issue-16 item it would have caught.
"""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest

from runtime import create_app
from runtime.forms.drafts import JOURNEY_KEY
from runtime.services import act_on_dossier, submit_draft
from runtime.signatures.demo_ca import sign_pdf
from runtime.web.access import Principal
from runtime.workflow import Actor
from tests.forms.conftest import Browser
from tests.identity.helpers import csrf_token, demo_login
from tests.services.conftest import Clock, make_draft, one_page_pdf
from tests.web.test_filing_journey import RECENT_BIRTH

AGENCY = "000.26.743.H79"
RECEIVER = Actor("receiver-1", "official", frozenset({(AGENCY, "receiver")}))
MAI = "079300334579"


@pytest.fixture
def app(tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "INSTANCE_PATH": str(tmp_path), "WTF_CSRF_ENABLED": False,
                      "MOTCUA_STORE": f"tinydb://{tmp_path / 'store'}"})
    app.extensions["motcua.services"].clock = Clock()
    return app


@pytest.fixture
def services(app):
    return app.extensions["motcua.services"]


def login(client, who="citizen-lan"):
    with client.session_transaction() as session:
        session["principal"] = Principal("citizen", id=who, name=who).to_session()


@pytest.fixture
def filed(services):
    return submit_draft(services, make_draft(services).id, "citizen-lan")


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_timeline_names_every_event_in_words_when_the_dossier_was_paid_and_accepted(app, services, filed):
    """Item 1: no `payment.confirmed`, `submit → receive` or `approve → result-ready` on the citizen's page."""
    act_on_dossier(services, filed.id, "accept", RECEIVER, expected_version=filed.version)
    client = app.test_client()
    login(client)
    for lang, said in (("vi", "Nộp hồ sơ"), ("en", "Dossier filed")):
        text = _text(_page(client, f"/my/dossiers/{filed.id}?lang={lang}"))
        assert said in text
        assert not re.search(r"\b[a-z]+(-[a-z]+)* → [a-z]", text), "no step ids"
        assert "submit" not in text.split() and "payment.confirmed" not in text and "receive" not in text.split()


def test_dossier_page_shows_stage_next_step_deadline_in_words_and_each_document_once(app, services, filed):
    """The task-list page: stage, what happens next, deadline in words, documents once, messages received."""
    client = app.test_client()
    login(client)
    text = _text(_page(client, f"/my/dossiers/{filed.id}?lang=en"))
    assert "Stage 2 of 4: Received by the agency" in text and "What happens next" in text
    assert "(tomorrow)" in text, "the appointment of 3 March, seen on 2 March"
    assert text.count("Receipt and appointment slip") == 1
    assert "Messages sent to you" in text


def test_dossier_page_flags_an_overdue_dossier_when_its_appointment_has_passed(app, services, filed):
    """Item 13: a past-due dossier shows an overdue flag (here and in My dossiers)."""
    services.clock.now = filed.due_at + dt.timedelta(days=2)
    client = app.test_client()
    login(client)
    text = _text(_page(client, f"/my/dossiers/{filed.id}?lang=en"))
    assert "Overdue" in text and "2 days late" in text
    assert "Overdue" in _text(_page(client, "/my/dossiers"))


def test_my_dossiers_tells_dossiers_apart_with_filing_date_and_readable_names(app, services, filed):
    """Item 13: filing date shown, names not in capitals; the rating's five choices have words."""
    client = app.test_client()
    login(client)
    text = _text(_page(client, "/my/dossiers?lang=en"))
    assert "Filed" in text and filed.submitted_at.astimezone(dt.timezone(dt.timedelta(hours=7))).strftime(
        "%H:%M %d/%m/%Y") in text
    assert "Birth registration" in text and "ĐĂNG KÝ" not in text
    with services.store.unit_of_work() as uow:
        stored = uow.dossiers.get(filed.id)
        stored.status.national_code = 10
        uow.dossiers.update(stored)
        uow.commit()
    text = _text(_page(client, f"/my/dossiers/{filed.id}?lang=en"))
    for label in ("Very satisfied", "Satisfied", "Neither satisfied nor dissatisfied", "Dissatisfied",
                  "Very dissatisfied"):
        assert label in text


def test_dossier_page_in_english_names_documents_in_english(app, services, filed):
    """Item 16: English mode shows no Vietnamese document titles (nor the PDF's capitals)."""
    client = app.test_client()
    login(client)
    html = _page(client, f"/my/dossiers/{filed.id}?lang=en")
    assert "Receipt and appointment slip" in html and "GIẤY TIẾP NHẬN" not in html


def test_drafts_show_vietnam_time_and_are_listed_in_my_dossiers_when_unfinished(app, services):
    """Item 6: drafts in Vietnam time, told apart by progress, and listed under My dossiers."""
    draft = make_draft(services, with_certificate=False)
    with services.store.unit_of_work() as uow:
        stored = uow.dossiers.get(draft.id)
        stored.extra[JOURNEY_KEY] = {"done": ["applicant"], "seen": ["applicant"]}
        uow.dossiers.update(stored)
        uow.commit()
        saved = uow.dossiers.get(draft.id).updated_at
    vietnam = saved.astimezone(dt.timezone(dt.timedelta(hours=7))).strftime("%H:%M %d/%m/%Y")
    utc = saved.astimezone(dt.UTC).strftime("%H:%M %d/%m/%Y")
    client = app.test_client()
    login(client)
    for url in ("/my/dossiers", "/procedures/1.001193/apply"):
        text = _text(_page(client, url))
        assert vietnam in text and utc not in text, f"{url}: saved at {vietnam} in Vietnam"
        assert re.search(r"đã khai 1/\d trang", text), f"{url}: how far the draft got"


def test_procedure_start_page_says_how_many_steps_and_what_you_will_need(app):
    """Item 14: a "what you will need" summary and the number of steps before starting."""
    text = _text(_page(app.test_client(), "/procedures/1.001193/apply?lang=en"))
    assert "What you will need" in text and "Applying takes" in text
    assert "Log in first" in text, "anonymous visitors are told to log in first"


def test_form_pages_show_the_step_number_when_a_draft_is_open(app):
    """Item 14: "Bước 1/6" on the form's first page."""
    client = app.test_client()
    start = client.post("/procedures/1.001193/apply")
    text = _text(_page(client, start.headers["Location"]))
    assert re.search(r"Bước 1/\d+", text)


def test_anonymous_applicant_can_correct_an_invalid_id_when_not_logged_in(app):
    """Item 3: an invalid id typed anonymously comes back editable, never locked."""
    client = app.test_client()
    page_url = client.post("/procedures/1.001193/apply").headers["Location"]
    response = client.post(page_url, data={"applicant_name": "Nguyễn Văn A", "applicant_personal_id": "12345abc",
                                           "action": "continue"})
    html = response.get_data(as_text=True)
    field = re.search(r'<input[^>]*name="applicant_personal_id"[^>]*>', html).group(0)
    assert 'value="12345abc"' in field and "readonly" not in field
    assert "không sửa được tại đây" not in html and "cannot be changed here" not in html


def test_anonymous_applicant_page_offers_login_instead_of_describing_empty_fields(app):
    """Item 4: no "from the national population database" above empty fields; log in comes back here."""
    client = app.test_client()
    page_url = client.post("/procedures/1.001193/apply").headers["Location"]
    html = _page(client, page_url)
    assert "Thông tin lấy từ Cơ sở dữ liệu quốc gia về dân cư" not in html
    path = page_url.replace("http://localhost", "")
    assert f'/auth/login?next={path}"' in html, "the login link returns to this page"


def test_header_login_link_returns_to_the_page_when_the_citizen_logs_in(app):
    """Item 4: after logging in the citizen lands where they were, not on the home page."""
    html = _page(app.test_client(), "/procedures/1.001193")
    assert 'href="/auth/login?next=/procedures/1.001193"' in html


def test_fees_page_says_paid_and_offers_the_office_before_paying(app, services):
    """Item 7: after paying the page says so; the receiving office is chosen with the payment."""
    services.clock.now = dt.datetime.now(dt.UTC)  # the form checks the birth against today
    client = app.test_client()
    demo_login(client, MAI)
    browser = Browser(client)
    from tests.web.test_filing_journey import _fill_the_birth_registration

    draft_id = _fill_the_birth_registration(browser)
    client.post(f"/drafts/{draft_id}/check", data={"csrf_token": csrf_token(browser.html)})
    doctor = services.signer.ca.issue_person("012345678901", "Bác sĩ Lê Văn Hùng")
    client.post(f"/drafts/{draft_id}/documents", data={
        "component": "birth-certificate", "file": (io.BytesIO(sign_pdf(one_page_pdf(), doctor)), "chung-sinh.pdf")},
        content_type="multipart/form-data")
    html = _page(client, f"/drafts/{draft_id}/fees")
    pay_form = re.search(r'<form method="post" action="/drafts/[^"]+/pay".*?</form>', html, re.S)
    assert pay_form is not None
    offices = re.findall(r'<option value="([^"]+)"', pay_form.group(0))
    if len(offices) > 1:  # the province has several offices of that kind
        other = offices[-1]
        client.post(f"/drafts/{draft_id}/pay", data={"csrf_token": csrf_token(html), "agency": other})
        with services.store.unit_of_work() as uow:
            assert uow.dossiers.get(draft_id).extra["chosen_office"] == other
    with services.store.unit_of_work() as uow:
        stored = uow.dossiers.get(draft_id)
        stored.payments.append({"txn_ref": "test-1", "amount": 8000, "status": "paid"})
        uow.dossiers.update(stored)
        uow.commit()
    text = _text(_page(client, f"/drafts/{draft_id}/fees"))
    assert "Bạn đã thanh toán 8.000 đ" in text and "Nộp hồ sơ" in text


def test_expired_session_asks_to_log_in_again_when_a_form_is_sent(app, services):
    """Item 8: not "the form has expired" then "page not found", but "log in again to continue"."""
    app.config["WTF_CSRF_ENABLED"] = True
    draft = make_draft(services, with_certificate=False)
    client = app.test_client()  # a browser whose session is gone
    response = client.post(f"/drafts/{draft.id}/pages/applicant", data={"action": "continue", "csrf_token": "old"},
                           headers={"Referer": f"http://localhost/drafts/{draft.id}/pages/applicant"})
    text = response.get_data(as_text=True)
    assert response.status_code == 401 and "Đăng nhập lại để tiếp tục" in text
    assert f"next=/drafts/{draft.id}/pages/applicant" in text
    again = client.get(f"/drafts/{draft.id}/pages/applicant")
    assert again.status_code == 401 and "Đăng nhập lại" in again.get_data(as_text=True), "not page not found"


def test_language_link_keeps_the_query_string_when_switching(app):
    """Item 20: ?lang=en keeps the filters (here the search)."""
    html = _page(app.test_client(), "/?q=khai+sinh&sector=")
    assert 'href="/?q=khai+sinh&amp;sector=&amp;lang=en"' in html


@pytest.mark.parametrize(("relationship", "prefilled"), [("mother", True), ("father", False)])
def test_mother_page_is_prefilled_when_the_logged_in_applicant_is_the_mother(app, relationship, prefilled):
    """Item 5: the mother's page is filled from the applicant's identity when she said she is the mother."""
    app.extensions["motcua.services"].clock.now = dt.datetime.now(dt.UTC)
    client = app.test_client()
    demo_login(client, MAI)
    browser = Browser(client)
    browser.get("/procedures/1.001193/apply")
    browser.send()
    browser.send({"relationship_to_child": relationship})
    browser.send({"child_name": "Tăng Minh An", "child_sex": "male", "child_birth_date": RECENT_BIRTH,
                  "child_birth_place": "Bệnh viện Từ Dũ"})
    assert "/pages/mother" in browser.url
    field = re.search(r'<input[^>]*name="mother_name"[^>]*>', browser.html).group(0)
    assert ('value="Tăng Ngọc Mai"' in field) is prefilled
    assert ('value="' + MAI + '"' in browser.html) is prefilled
    assert "readonly" not in field, "the applicant may still correct it"


def test_check_answers_refuses_to_continue_when_the_answers_do_not_fit_the_case(app, services, monkeypatch):
    """A case's condition (``when``: which answers select it) is told before filing, not after."""
    from runtime.definitions.model import Case

    services.clock.now = dt.datetime.now(dt.UTC)
    client = app.test_client()
    demo_login(client, MAI)
    browser = Browser(client)
    from tests.web.test_filing_journey import _fill_the_birth_registration

    draft_id = _fill_the_birth_registration(browser)
    monkeypatch.setattr(Case, "fits", lambda self, data: False)
    page = client.get(f"/drafts/{draft_id}/check?lang=en").get_data(as_text=True)
    assert "Your answers do not fit the case you chose" in page
    assert "<title>Error: Check your answers" in page
    refused = client.post(f"/drafts/{draft_id}/check", data={"csrf_token": csrf_token(page)})
    assert refused.status_code == 400
    monkeypatch.undo()
    assert client.post(f"/drafts/{draft_id}/check", data={"csrf_token": csrf_token(page)}).status_code == 302
