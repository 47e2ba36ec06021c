"""Citizens follow their own dossiers; the public lookup needs a second factor; the API needs a key."""

from __future__ import annotations

import io

import jsonschema
import pytest

from runtime import create_app
from runtime.services import act_on_dossier, submit_draft
from runtime.signatures.demo_ca import sign_pdf
from runtime.web.access import Principal
from runtime.workflow import Actor
from tests.services.conftest import Clock, make_draft, one_page_pdf

AGENCY = "000.26.743.H79"
RECEIVER = Actor("receiver-1", "official", frozenset({(AGENCY, "receiver")}))


@pytest.fixture
def app(tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "INSTANCE_PATH": str(tmp_path), "WTF_CSRF_ENABLED": False,
                      "MOTCUA_STORE": f"tinydb://{tmp_path / 'store'}", "MOTCUA_API_KEYS": "portal-key-123"})
    app.extensions["motcua.services"].clock = Clock()
    return app


@pytest.fixture
def services(app):
    return app.extensions["motcua.services"]


def login(client, kind="citizen", who="citizen-lan", roles=()):
    with client.session_transaction() as session:
        session["principal"] = Principal(kind, id=who, name=who, roles=frozenset(roles)).to_session()


@pytest.fixture
def filed(services):
    return submit_draft(services, make_draft(services).id, "citizen-lan")


def test_my_dossiers_lists_only_my_own(app, services, filed):
    other = submit_draft(services, make_draft(services, owner="citizen-other").id, "citizen-other")
    client = app.test_client()
    login(client)
    page = client.get("/my/dossiers").get_data(as_text=True)
    assert filed.reference in page and other.reference not in page
    assert client.get(f"/my/dossiers/{other.id}").status_code == 404
    assert client.get(f"/my/dossiers/{filed.id}").status_code == 200


def test_citizen_pages_need_a_citizen(app, filed):
    client = app.test_client()
    assert client.get("/my/dossiers").status_code == 302
    login(client, "official", "receiver-1", [(AGENCY, "receiver")])
    assert client.get(f"/my/dossiers/{filed.id}").status_code == 403


def test_dossier_page_shows_status_deadline_and_receipt(app, filed):
    client = app.test_client()
    login(client)
    page = client.get(f"/my/dossiers/{filed.id}").get_data(as_text=True)
    assert filed.reference in page and "03/03/2026" in page and "Giấy tiếp nhận hồ sơ và hẹn trả kết quả" in page
    receipt = filed.extra["documents"][0]["sha256"]
    response = client.get(f"/my/dossiers/{filed.id}/documents/{receipt}")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert client.get(f"/my/dossiers/{filed.id}/documents/{'0' * 64}").status_code == 404


def test_citizen_answers_a_supplement_request_with_a_signed_file(app, services, filed):
    act_on_dossier(services, filed.id, "request-supplement", RECEIVER,
                   comment="Vui lòng bổ sung giấy chứng sinh bản rõ")
    client = app.test_client()
    login(client)
    page = client.get(f"/my/dossiers/{filed.id}").get_data(as_text=True)
    assert "Vui lòng bổ sung giấy chứng sinh bản rõ" in page
    with services.store.unit_of_work() as uow:
        version = uow.dossiers.get(filed.id).version
    credentials = services.signer.ca.issue_person("012345678901", "Bác sĩ Lê Văn Hùng")
    pdf = sign_pdf(one_page_pdf("bản rõ"), credentials)
    response = client.post(f"/my/dossiers/{filed.id}/actions/answer", data={
        "version": str(version), "comment": "Đã bổ sung",
        "file-birth-certificate": (io.BytesIO(pdf), "chung-sinh-ro.pdf")}, content_type="multipart/form-data")
    assert response.status_code == 302
    with services.store.unit_of_work() as uow:
        after = uow.dossiers.get(filed.id)
    assert after.status.step == "receive" and after.pauses[-1].end is not None
    assert after.events[-1].action == "answer" and len(after.events[-1].attachments) == 1


def test_hostile_upload_is_refused_with_a_message_and_nothing_changes(app, services, filed):
    act_on_dossier(services, filed.id, "request-supplement", RECEIVER, comment="Bổ sung")
    client = app.test_client()
    login(client)
    with services.store.unit_of_work() as uow:
        version = uow.dossiers.get(filed.id).version
    response = client.post(f"/my/dossiers/{filed.id}/actions/answer", data={
        "version": str(version), "file-birth-certificate": (io.BytesIO(b"%PDF-1.7\n1 0 obj <<"), "x.pdf")},
        content_type="multipart/form-data", follow_redirects=True)
    assert response.status_code == 200
    with services.store.unit_of_work() as uow:
        assert uow.dossiers.get(filed.id).version == version


def test_citizen_withdraws_while_asked_for_more(app, services, filed):
    act_on_dossier(services, filed.id, "request-supplement", RECEIVER, comment="Bổ sung")
    client = app.test_client()
    login(client)
    with services.store.unit_of_work() as uow:
        version = uow.dossiers.get(filed.id).version
    client.post(f"/my/dossiers/{filed.id}/actions/withdraw", data={"version": str(version)})
    with services.store.unit_of_work() as uow:
        assert uow.dossiers.get(filed.id).status.national_code == 7


def test_citizen_rates_a_finished_dossier_once_and_not_before(app, services, filed):
    client = app.test_client()
    login(client)
    client.post(f"/my/dossiers/{filed.id}/rating", data={"score": "5"})
    with services.store.unit_of_work() as uow:
        assert "rating" not in uow.dossiers.get(filed.id).extra, "not finished yet"
    act_on_dossier(services, filed.id, "refuse", RECEIVER, comment="Không thuộc thẩm quyền")
    client.post(f"/my/dossiers/{filed.id}/rating", data={"score": "4"})
    with services.store.unit_of_work() as uow:
        assert uow.dossiers.get(filed.id).extra["rating"]["score"] == 4


def test_public_lookup_needs_the_right_phone_digits(app, filed):
    client = app.test_client()
    good = client.post("/track/", data={"reference": filed.reference, "phone_tail": "5678"}).get_data(as_text=True)
    assert filed.reference in good and "đăng ký khai sinh" in good
    bad = client.post("/track/", data={"reference": filed.reference, "phone_tail": "0000"}).get_data(as_text=True)
    assert "Không có hồ sơ" in bad and "đăng ký khai sinh" not in bad
    assert client.get(f"/track/{filed.reference}").status_code == 200  # the QR code's target asks for the digits


def test_public_lookup_is_rate_limited(app, filed):
    client = app.test_client()
    codes = [client.post("/track/", data={"reference": filed.reference, "phone_tail": "0000"}).status_code
             for _ in range(11)]
    assert codes[-1] == 429 and set(codes[:10]) == {200}


def test_api_needs_a_key_and_returns_the_status_it_documents(app, filed):
    client = app.test_client()
    assert client.get(f"/api/v1/dossiers/{filed.reference}").status_code == 401
    wrong = client.get(f"/api/v1/dossiers/{filed.reference}", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    response = client.get(f"/api/v1/dossiers/{filed.reference}", headers={"Authorization": "Bearer portal-key-123"})
    body = response.get_json()
    assert response.status_code == 200 and body["national_status"] == 1 and body["reference"] == filed.reference
    spec = client.get("/api/openapi.json").get_json()
    schema = {**spec["components"]["schemas"]["DossierStatus"], "components": spec["components"]}
    jsonschema.validate(body, schema)
    missing = client.get("/api/v1/dossiers/NOPE", headers={"Authorization": "Bearer portal-key-123"})
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "not_found"


def test_outbox_page_shows_queued_messages_to_officials_only(app, filed):
    client = app.test_client()
    login(client)
    assert client.get("/dev/outbox").status_code == 403
    login(client, "official", "receiver-1", [(AGENCY, "receiver")])
    page = client.get("/dev/outbox").get_data(as_text=True)
    assert filed.reference in page and "lan@example.vn" in page


def test_outbox_page_is_absent_outside_demonstrations(app, filed):
    app.config["MOTCUA_IDENTITY"] = "oidc"
    client = app.test_client()
    login(client, "official", "receiver-1", [(AGENCY, "receiver")])
    assert client.get("/dev/outbox").status_code == 404


def test_citizen_pays_fees_due_at_result_from_the_dossier_page(app, services, filed):
    with services.store.unit_of_work() as uow:
        dossier = uow.dossiers.get(filed.id)
        dossier.fees = {"total": 50000, "lines": [{"item_id": "c", "amount": 50000, "collect_at": "result"}]}
        uow.dossiers.update(dossier)
        uow.commit()
    client = app.test_client()
    login(client)
    assert "50.000 đ" in client.get(f"/my/dossiers/{filed.id}").get_data(as_text=True)
    gateway = client.post(f"/my/dossiers/{filed.id}/pay")
    assert "/demo-gateway/pay?" in gateway.headers["Location"]
    bank = client.get(gateway.headers["Location"]).get_data(as_text=True)
    import re

    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', bank))
    back = client.post("/demo-gateway/pay", data={**fields, "choice": "pay"})
    assert client.get(back.headers["Location"]).status_code == 200
    page = client.get(f"/my/dossiers/{filed.id}").get_data(as_text=True)
    assert "Phí, lệ phí nộp khi nhận kết quả" not in page


def test_dossier_code_pattern_comes_from_configuration(tmp_path):
    from tests.services.conftest import make_draft

    app = create_app({"TESTING": True, "SECRET_KEY": "t", "INSTANCE_PATH": str(tmp_path),
                      "MOTCUA_STORE": f"tinydb://{tmp_path / 'store'}",
                      "MOTCUA_REFERENCE_PATTERN": "{agency}-{date:%Y%m%d}-{seq:05d}"})
    services = app.extensions["motcua.services"]
    services.clock = Clock()
    filed = submit_draft(services, make_draft(services).id, "citizen-lan")
    assert filed.reference == f"{AGENCY}-20260302-00001"
