"""Citizens send feedback, officials of the agency (only) answer it, the public page shows it without personal data."""

from __future__ import annotations

import datetime as dt

import pytest

from runtime.feedback import send_feedback
from runtime.storage.feedback import FeedbackQuery
from tests.officials.conftest import AGENCY, CITIZEN, LEADER, OFFICER, OTHER_AGENCY, STRANGER, file_dossier, log_in

TEXT = ("Tôi là Nguyễn Thị Lan, CCCD 079190012345, gọi 0912 345 678 hoặc lan@example.vn, nhà 12 Lê Lợi. "
        "Hồ sơ của tôi quá hạn ba ngày mà không ai báo.")


def _stored(services):
    with services.store.unit_of_work() as uow:
        return uow.feedback.list(FeedbackQuery())


def _send_about_dossier(client, dossier, **form):
    log_in(client, CITIZEN)
    data = {"kind": "complaint", "text": TEXT, "consent": "yes", **form}
    return client.post(f"/feedback/new?dossier={dossier.id}", data=data)


def test_a_citizen_sends_feedback_about_their_dossier_and_it_goes_to_its_agency_with_a_working_day_deadline(
        client, services):
    dossier = file_dossier(services)
    response = _send_about_dossier(client, dossier)
    assert response.status_code == 200
    [item] = _stored(services)
    assert item.agency_code == dossier.agency_code == AGENCY and item.account_id == CITIZEN.id
    assert item.dossier_reference == dossier.reference and item.status == "open" and item.consent
    assert item.due_at == services.calendar.deadline_for(services.now(), 10, "working-days")
    assert item.due_at.strftime("%d/%m/%Y") in response.get_data(as_text=True)


def test_another_citizen_cannot_send_feedback_about_a_dossier_that_is_not_theirs(client, services):
    dossier = file_dossier(services)
    log_in(client, CITIZEN.__class__("citizen", "someone-else", "Lê Văn Tám"))
    response = client.post(f"/feedback/new?dossier={dossier.id}", data={"kind": "complaint", "text": TEXT})
    assert response.status_code == 404 and not _stored(services)


def test_feedback_about_a_procedure_may_be_sent_without_logging_in_after_choosing_the_agency(client, services):
    page = client.get("/feedback/new?procedure=1.001193&province=79")
    assert AGENCY in page.get_data(as_text=True)
    response = client.post("/feedback/new?procedure=1.001193&province=79",
                           data={"kind": "suggestion", "text": "Xin cho phép nộp bản sao điện tử của giấy chứng sinh.",
                                 "agency": AGENCY})
    assert response.status_code == 200
    [item] = _stored(services)
    assert item.account_id is None and item.subject == "procedure" and item.province_code == "79"


@pytest.mark.parametrize(("form", "message"), [
    ({"kind": "complaint", "text": "short"}, "at least 20 characters"),
    ({"kind": "complaint", "text": "x" * 5000}, "too long"),
    ({"kind": "nonsense", "text": TEXT}, "complaint or a suggestion"),
    ({"text": TEXT}, "complaint or a suggestion"),
])
def test_malformed_feedback_is_refused_with_a_message_and_nothing_is_stored(client, services, form, message):
    dossier = file_dossier(services)
    log_in(client, CITIZEN)
    response = client.post(f"/feedback/new?dossier={dossier.id}&lang=en", data=form)
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and message in body and "<title>Error:" in body
    assert not _stored(services)


def test_feedback_about_a_procedure_for_an_agency_outside_the_province_chosen_is_refused(client, services):
    response = client.post("/feedback/new?procedure=1.001193&province=01&lang=en",
                           data={"kind": "complaint", "text": TEXT, "agency": AGENCY})
    assert "Choose the agency" in response.get_data(as_text=True) and not _stored(services)


def test_unknown_procedure_or_dossier_is_not_found(client, services):
    assert client.get("/feedback/new?procedure=9.999999").status_code == 404
    log_in(client, CITIZEN)
    assert client.get("/feedback/new?dossier=nope").status_code == 404


def test_an_official_of_the_agency_answers_and_the_public_page_shows_it_without_personal_data(client, services):
    dossier = file_dossier(services)
    _send_about_dossier(client, dossier)
    [item] = _stored(services)
    log_in(client, OFFICER)
    assert "quá hạn ba ngày" in client.get("/officials/feedback").get_data(as_text=True)
    page = client.get(f"/officials/feedback/{item.id}").get_data(as_text=True)
    assert "079190012345" in page, "officials read what the citizen wrote"
    response = client.post(f"/officials/feedback/{item.id}/answer",
                           data={"answer": "Chúng tôi xin lỗi bà Nguyễn Thị Lan; kết quả đã gửi đến 0912345678.",
                                 "publish": "yes", "revision": str(item.revision)})
    assert response.status_code == 302
    [answered] = _stored(services)
    assert answered.status == "answered" and answered.published and answered.answered_by == OFFICER.id
    public = client.get(f"/feedback/{item.id}").get_data(as_text=True)
    listing = client.get("/feedback/?province=79").get_data(as_text=True)
    for page in (public, listing):
        assert "quá hạn ba ngày" in page and "Chúng tôi xin lỗi" in page
        for personal in ("Nguyễn Thị Lan", "079190012345", "0912", "lan@example.vn", "12 Lê Lợi", dossier.reference):
            assert personal not in page, personal


def test_an_official_of_another_agency_can_neither_see_nor_answer_the_feedback(client, services):
    dossier = file_dossier(services)
    _send_about_dossier(client, dossier)
    [item] = _stored(services)
    log_in(client, STRANGER)
    assert OTHER_AGENCY not in {item.agency_code}
    assert client.get(f"/officials/feedback/{item.id}").status_code == 404
    response = client.post(f"/officials/feedback/{item.id}/answer",
                           data={"answer": "Không phải việc của tôi", "publish": "yes", "revision": "1"})
    assert response.status_code == 404
    assert "quá hạn" not in client.get("/officials/feedback").get_data(as_text=True)
    [still] = _stored(services)
    assert still.status == "open" and not still.published


def test_citizens_cannot_answer_and_anonymous_visitors_are_sent_to_log_in(client, services):
    dossier = file_dossier(services)
    _send_about_dossier(client, dossier)
    [item] = _stored(services)
    url, form = f"/officials/feedback/{item.id}/answer", {"answer": "x", "revision": "1"}
    assert client.post(url, data=form).status_code == 403
    with client.session_transaction() as session:
        session.clear()
    assert client.post(url, data=form).status_code == 302
    assert _stored(services)[0].status == "open"


def test_an_empty_or_stale_answer_is_refused_with_a_message(client, services):
    dossier = file_dossier(services)
    _send_about_dossier(client, dossier)
    [item] = _stored(services)
    log_in(client, OFFICER)
    empty = client.post(f"/officials/feedback/{item.id}/answer?lang=en", data={"answer": "  ", "revision": "1"})
    assert empty.status_code == 400 and "Write the answer" in empty.get_data(as_text=True)
    stale = client.post(f"/officials/feedback/{item.id}/answer?lang=en", data={"answer": "OK", "revision": "abc"})
    assert stale.status_code == 400 and "just changed" in stale.get_data(as_text=True)
    assert _stored(services)[0].status == "open"


def test_feedback_without_consent_is_answered_but_never_published(client, services):
    dossier = file_dossier(services)
    _send_about_dossier(client, dossier, consent="")
    [item] = _stored(services)
    log_in(client, OFFICER)
    client.post(f"/officials/feedback/{item.id}/answer", data={"answer": "Đã xử lý.", "publish": "yes",
                                                              "revision": "1"})
    assert _stored(services)[0].status == "answered"
    assert client.get(f"/feedback/{item.id}").status_code == 404
    assert "Đã xử lý" not in client.get("/feedback/").get_data(as_text=True)


def test_leaders_see_how_many_answers_are_overdue(client, services, clock):
    dossier = file_dossier(services)
    _send_about_dossier(client, dossier)
    log_in(client, LEADER)
    assert "not answered in time" not in client.get("/officials/feedback?lang=en").get_data(as_text=True)
    clock.now += dt.timedelta(days=30)
    page = client.get("/officials/feedback?lang=en").get_data(as_text=True)
    assert "1 feedback of your agencies was not answered in time" in page and "Overdue" in page


def test_answering_needs_the_csrf_token(services, tmp_path):
    from runtime import create_app
    from runtime.web import officials

    app = create_app({"TESTING": True, "SECRET_KEY": "t", "INSTANCE_PATH": str(tmp_path / "csrf")})
    app.extensions["motcua.services"] = services
    if "officials" not in app.blueprints:
        officials.init_app(app)
    client = app.test_client()
    dossier = file_dossier(services)
    log_in(client, CITIZEN)
    sent = client.post(f"/feedback/new?dossier={dossier.id}", data={"kind": "complaint", "text": TEXT})
    assert sent.status_code == 400 and not _stored(services)
    item = send_feedback(services, kind="complaint", text=TEXT, consent=True, agency_code=AGENCY,
                         procedure_code="1.001193")
    log_in(client, OFFICER)
    answered = client.post(f"/officials/feedback/{item.id}/answer", data={"answer": "Đã xử lý", "revision": "1"})
    assert answered.status_code == 400 and _stored(services)[0].status == "open"


def test_anonymous_feedback_is_limited_to_five_an_hour_per_address(client, services):
    url = "/feedback/new?procedure=1.001193&province=79&lang=en"
    form = {"kind": "suggestion", "text": "Xin cho phép nộp bản sao điện tử của giấy chứng sinh.", "agency": AGENCY}
    assert all(client.post(url, data=form).status_code == 200 for _ in range(5))
    refused = client.post(url, data=form)
    assert "Too many feedback messages" in refused.get_data(as_text=True) and len(_stored(services)) == 5


def test_a_citizen_reads_their_own_feedback_and_the_answer_as_written_and_nobody_elses(client, services):
    dossier = file_dossier(services)
    _send_about_dossier(client, dossier)
    send_feedback(services, kind="complaint", text="Góp ý của một người khác, không đăng nhập.", consent=True,
                  agency_code=AGENCY, procedure_code="1.001193")
    [item] = [i for i in _stored(services) if i.account_id]
    log_in(client, OFFICER)
    client.post(f"/officials/feedback/{item.id}/answer", data={"answer": "Bà Nguyễn Thị Lan vui lòng chờ.",
                                                              "revision": "1"})
    log_in(client, CITIZEN)
    page = client.get("/feedback/mine").get_data(as_text=True)
    assert "079190012345" in page and "Bà Nguyễn Thị Lan vui lòng chờ." in page, "their own words, unredacted"
    assert "một người khác" not in page
    log_in(client, OFFICER)
    assert client.get("/feedback/mine").status_code == 403
