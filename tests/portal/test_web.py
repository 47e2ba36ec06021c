"""The portal's hand-over door, the officials' sync log and the citizens' choice of progress messages."""

from __future__ import annotations

import base64

import orjson
import pytest

from runtime import create_app
from runtime.notifications.preferences import Preferences
from runtime.portal.reference import ReferencePortal
from runtime.services import act_on_dossier, submit_draft
from runtime.services.jobs import make_worker
from runtime.signatures.demo_ca import sign_pdf
from runtime.storage import DossierQuery
from runtime.web.access import Principal
from runtime.workflow import Actor
from tests.services.conftest import BIRTH_DATA, Clock, make_draft, one_page_pdf

from .conftest import KEY, PORTAL_URL, connect

AGENCY = "000.26.743.H79"
PATH = "/portal/v1/dossiers"
PERSONAL_ID = "079190012345"


@pytest.fixture
def portal():
    return ReferencePortal(KEY, prefix="/api")


@pytest.fixture
def app(tmp_path, portal):
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "INSTANCE_PATH": str(tmp_path), "WTF_CSRF_ENABLED": False,
                      "MOTCUA_STORE": f"tinydb://{tmp_path / 'store'}", "MOTCUA_WORKER": "external",
                      "MOTCUA_PORTAL_SYNC": "http", "MOTCUA_PORTAL_URL": PORTAL_URL, "MOTCUA_PORTAL_KEY": KEY})
    services = app.extensions["motcua.services"]
    services.clock = Clock()
    connect(services, portal)
    return app


@pytest.fixture
def services(app):
    return app.extensions["motcua.services"]


def login(client, kind="citizen", who="citizen-lan", roles=()):
    with client.session_transaction() as session:
        session["principal"] = Principal(kind, id=who, name=who, roles=frozenset(roles)).to_session()


def _handover(services, portal_id="G22-2603-000123", **changes):
    credentials = services.signer.ca.issue_person("012345678901", "Bác sĩ Lê Văn Hùng")
    certificate = sign_pdf(one_page_pdf(), credentials)
    born = services.now().date().replace(day=1).isoformat()
    payload = {
        "version": 1, "type": "dossier", "portal_id": portal_id, "procedure_code": "1.001193", "case_id": "on-time",
        "applicant": {"full_name": "Nguyễn Thị Lan", "personal_id": PERSONAL_ID, "phone": "0912345678",
                      "email": "lan@example.vn", "address": BIRTH_DATA["applicant_address"]},
        "data": {**BIRTH_DATA, "child_birth_date": born},
        "components": [{"component_id": "birth-certificate", "files": [
            {"name": "giay-chung-sinh.pdf", "media_type": "application/pdf",
             "content_base64": base64.b64encode(certificate).decode()}]}],
    }
    payload.update(changes)
    return orjson.dumps(payload)


def _post(client, portal, body, headers=None):
    return client.post(PATH, data=body, headers=headers if headers is not None else portal.signed("POST", PATH, body))


def test_a_dossier_handed_over_by_the_portal_is_filed_routed_and_in_the_inbox(app, services, portal):
    client = app.test_client()
    body = _handover(services)
    answer = _post(client, portal, body)
    assert answer.status_code == 201, answer.get_json()
    code = answer.get_json()["dossier_code"]
    assert code.startswith(AGENCY) and answer.get_json()["status_code"] == 1
    with services.store.unit_of_work() as uow:
        [row] = uow.dossiers.list_summaries(DossierQuery(agency_code=AGENCY, is_draft=False))
        dossier = uow.dossiers.get(row.id)
    assert (row.reference, dossier.account_id, dossier.extra["portal"]["id"]) == (code, f"vn-{PERSONAL_ID}",
                                                                                   "G22-2603-000123")
    again = _post(client, portal, body)  # the portal sends it again: the same dossier, not a second one
    assert again.status_code == 200 and again.get_json()["dossier_code"] == code and again.get_json()["duplicate"]
    make_worker(services, app.config).run(until_idle=True)
    [update] = portal.updates[code]
    assert (update["status_code"], update["portal_id"]) == (1, "G22-2603-000123")


def test_a_hand_over_sent_again_while_the_first_is_being_filed_is_told_to_wait(app, services, portal):
    services.sync_log.claim_incoming("G22-2603-000123", "being-filed")
    answer = _post(app.test_client(), portal, _handover(services))
    assert answer.status_code == 409 and answer.get_json()["error"]["code"] == "busy"
    with services.store.unit_of_work() as uow:
        assert uow.dossiers.count(DossierQuery()) == 0


def test_a_forged_or_stale_hand_over_is_refused_with_the_reason(app, services, portal):
    client = app.test_client()
    body = _handover(services)
    forged = ReferencePortal("someone-else-guessing-the-key-00", prefix="/api").signed("POST", PATH, body)
    answer = _post(client, portal, body, forged)
    assert answer.status_code == 401
    assert answer.get_json()["error"] == {"code": "bad_signature", "message": "the signature does not match the "
                                          "request: wrong key, or the body or path was altered"}
    tampered = _post(client, portal, body.replace(b"Lan", b"Lam"), portal.signed("POST", PATH, body))
    assert tampered.status_code == 401
    unsigned = _post(client, portal, body, {"Content-Type": "application/json"})
    assert unsigned.status_code == 401 and "not signed" in unsigned.get_json()["error"]["message"]
    portal.clock = lambda: 1_000_000.0  # signed long ago: a replay
    assert _post(client, portal, body).get_json()["error"]["message"].startswith("X-Portal-Timestamp is more than")
    with services.store.unit_of_work() as uow:
        assert uow.dossiers.count(DossierQuery(is_draft=False)) == 0


def test_a_hand_over_that_cannot_be_filed_lists_its_problems(app, services, portal):
    client = app.test_client()
    data = {k: v for k, v in BIRTH_DATA.items() if k != "child_name"}
    answer = _post(client, portal, _handover(services, data=data, components=[]))
    assert answer.status_code == 422
    keys = {p["key"] for p in answer.get_json()["error"]["problems"]}
    assert keys == {"page.invalid", "component.missing"}
    unknown = _post(client, portal, _handover(services, procedure_code="9.999999"))
    assert unknown.status_code == 422 and "not offered" in unknown.get_json()["error"]["message"]
    malformed = _post(client, portal, _handover(services, applicant={"full_name": "X", "personal_id": "12"}))
    assert malformed.status_code == 400 and "personal ID" in malformed.get_json()["error"]["message"]
    not_json = _post(client, portal, b"{not json")
    assert not_json.status_code == 400
    with services.store.unit_of_work() as uow:
        assert uow.dossiers.count(DossierQuery()) == 0, "nothing stored for a refused hand-over"


def test_officials_see_the_dossiers_sync_log_with_the_portals_answers(app, services, portal):
    filed = submit_draft(services, make_draft(services).id, "citizen-lan")
    act_on_dossier(services, filed.id, "accept", Actor("receiver-1", "official", frozenset({(AGENCY, "receiver")})))
    portal.down = True
    make_worker(services, app.config).run(until_idle=True)
    client = app.test_client()
    login(client, "official", "receiver-1", [(AGENCY, "receiver")])
    page = client.get(f"/officials/dossiers/{filed.id}").get_data(as_text=True)
    assert "Cổng Dịch vụ công quốc gia" in page and "Chờ gửi" in page and "503" in page
    portal.down = False
    services.sync_log.mark(filed.id, 1, "refused", "mã thủ tục không có trong CSDL quốc gia")
    page = client.get(f"/officials/dossiers/{filed.id}").get_data(as_text=True)
    assert "Cổng từ chối" in page and "mã thủ tục không có trong CSDL quốc gia" in page


def test_a_citizen_turns_sms_off_and_gets_only_e_mail(app, services):
    client = app.test_client()
    login(client)
    page = client.get("/my/notifications").get_data(as_text=True)
    assert page.count("checked") == 2, "both channels on until the citizen chooses"
    saved = client.post("/my/notifications", data={"channels": ["email"]})
    assert saved.status_code == 302
    assert services.preferences.get("citizen-lan") == Preferences(email=True, sms=False)
    assert client.get("/my/notifications").get_data(as_text=True).count("checked") == 1
    filed = submit_draft(services, make_draft(services).id, "citizen-lan")
    channels = sorted(m.channel for m in services.outbox.recent() if m.dossier_id == filed.id)
    assert channels == ["email"]


def test_the_preferences_page_is_the_logged_in_citizens_own(app):
    client = app.test_client()
    assert client.get("/my/notifications").status_code == 302
    login(client, "official", "receiver-1", [(AGENCY, "receiver")])
    assert client.post("/my/notifications", data={"channels": []}).status_code == 403


def test_progress_messages_go_through_the_worker_on_the_channels_the_citizen_keeps(app, services):
    services.preferences.set("citizen-lan", Preferences(email=False, sms=True))
    filed = submit_draft(services, make_draft(services).id, "citizen-lan")
    receiver = Actor("receiver-1", "official", frozenset({(AGENCY, "receiver")}))
    act_on_dossier(services, filed.id, "request-supplement", receiver, comment="Bổ sung bản gốc giấy chứng sinh")
    queued = [m for m in services.outbox.recent() if m.dossier_id == filed.id]
    assert sorted((m.kind, m.channel, m.status) for m in queued) == [("receipt", "sms", "queued"),
                                                                     ("supplement", "sms", "queued")]
    make_worker(services, app.config).run(until_idle=True)
    delivered = [m for m in services.outbox.recent() if m.dossier_id == filed.id]
    assert {(m.kind, m.status) for m in delivered} == {("receipt", "sent"), ("supplement", "sent")}
