"""Forged, replayed, stale, oversized and unverifiable messages are refused with a clear 4xx and lose nothing;
a partner that is down gets every message, in order, once it is back."""

from __future__ import annotations

import base64
import dataclasses
import io
import time
import uuid

import orjson
import pytest
import requests

from runtime.exchange.signing import sign_message
from runtime.services.documents import documents_of
from tests.services.conftest import one_page_pdf

from .instances import (
    LEADER,
    OFFICER,
    RECEIVER,
    RESIDENCE,
    file_joint_dossier,
    filed_at_police,
    official_act,
    to_residence,
)


@pytest.fixture
def handed_over(pair):
    """The residence part handed over once: what the commune sent (url, body, headers)."""
    commune, police = pair
    sent = to_residence(commune)
    commune.run_worker()
    assert police.count() == 1
    return sent, commune.services.exchange.transport.sent[0]


def post(url: str, body: bytes, headers: dict) -> tuple[int, dict]:
    response = requests.post(url, data=body, headers=headers, timeout=30)
    return response.status_code, response.json()


def signed(instance, partner_id: str, message: dict, *, at: float | None = None, nonce: str | None = None):
    """A message signed by ``instance`` for its partner: (url, body, headers)."""
    client = instance.services.exchange
    partner = client.partners.get(partner_id)
    body = orjson.dumps(message)
    envelope = sign_message(client.partners, partner, "/exchange/v1/messages", body, int(at or time.time()),
                            nonce or uuid.uuid4().hex)
    return partner.messages_url, body, {"Content-Type": "application/json", **envelope.headers()}


def test_a_replayed_handover_is_refused_with_409_and_files_nothing_twice(pair, handed_over):
    _commune, police = pair
    _sent, (url, body, headers) = handed_over
    status, answer = post(url, body, headers)
    assert status == 409 and answer["error"]["code"] == "replayed"
    assert police.count() == 1


def test_a_forged_message_is_refused_with_401_and_changes_nothing(pair, handed_over):
    _commune, police = pair
    _sent, (url, body, headers) = handed_over
    forged = body.replace("Trần Minh Khôi".encode(), "Kẻ Giả Mạo".encode())
    status, answer = post(url, forged, {**headers, "Motcua-Exchange-Nonce": uuid.uuid4().hex})
    assert status == 401 and answer["error"]["code"] == "bad_signature"
    status, answer = post(url, body, {**headers, "Motcua-Exchange-From": "someone-else"})
    assert status == 401 and answer["error"]["code"] == "unknown_partner"
    status, answer = post(url, body, {"Content-Type": "application/json"})
    assert status == 400 and answer["error"]["code"] == "envelope_missing"
    assert police.count() == 1 and police.only_dossier().data["child_name"] == "Trần Minh Khôi"


def test_a_message_signed_too_long_ago_is_refused_with_401(pair, handed_over):
    commune, police = pair
    _sent, (_url, body, _headers) = handed_over
    url, body, headers = signed(commune, "police-benthanh", orjson.loads(body), at=time.time() - 3600)
    status, answer = post(url, body, headers)
    assert status == 401 and answer["error"]["code"] == "timestamp_out_of_range"
    assert police.count() == 1


def test_a_message_larger_than_the_limit_is_refused_with_413_before_it_is_read(pair, handed_over):
    _commune, police = pair
    _sent, (url, body, headers) = handed_over
    client = police.services.exchange
    client.partners = dataclasses.replace(client.partners, max_bytes=len(body) - 1)
    status, answer = post(url, body, {**headers, "Motcua-Exchange-Nonce": uuid.uuid4().hex})
    assert status == 413 and answer["error"]["code"] == "too_large"
    assert police.count() == 1


def test_a_result_whose_signature_does_not_verify_is_refused_with_422_and_the_dossier_waits(pair, handed_over):
    commune, police = pair
    sent, _request = handed_over
    police.run_worker()
    before = commune.dossier(sent.id)
    unsigned = {"kind": "result", "title": "Kết quả", "content": base64.b64encode(one_page_pdf()).decode()}
    message = {"kind": "report", "dossier_id": sent.id, "sender_dossier_id": police.only_dossier().id,
               "reference": police.only_dossier().reference, "status": "result", "documents": [unsigned]}
    nonce = uuid.uuid4().hex
    status, answer = post(*signed(police, "ubnd-benthanh", message, nonce=nonce))
    assert status == 422 and answer["error"]["code"] == "result_not_verified"
    after = commune.dossier(sent.id)
    assert after.version == before.version and after.status.step == "residence", "nothing changed"
    not_json = signed(police, "ubnd-benthanh", {"kind": "report"}, nonce=nonce)
    status, answer = post(not_json[0], b"{not json", {**not_json[2], "Motcua-Exchange-Signature": "x"})
    assert status == 401, "the signature is checked before the body is parsed"
    status, answer = post(*signed(police, "ubnd-benthanh", {**message, "status": "processing"}, nonce=nonce))
    assert status == 200, "a refused message's nonce is not spent: it can be sent again"


def test_a_partner_refusal_takes_the_refusal_action_with_the_partners_slip(pair, handed_over):
    commune, police = pair
    sent, _request = handed_over
    police.run_worker()
    official_act(police, police.only_dossier().id, "refuse", RESIDENCE, comment="Địa chỉ không có thật")
    police.run_worker()
    refused = commune.dossier(sent.id)
    assert refused.status.step == "health-insurance" and refused.events[-1].action == "refuse-residence"
    assert refused.events[-1].comment == "Địa chỉ không có thật"
    slip = documents_of(refused, "partner-document")
    assert slip and slip[0]["sha256"] in refused.events[-1].attachments


def test_messages_to_a_partner_that_is_down_are_kept_and_delivered_in_order_when_it_is_back(pair):
    commune, police = pair
    sent, filed_there = filed_at_police(commune, police)
    commune.set_down(True)
    official_act(police, filed_there.id, "accept", RESIDENCE)
    official_act(police, filed_there.id, "approve", RESIDENCE)
    police.run_worker()
    waiting = police.dossier(filed_there.id).extra["exchange"]["outbox"]
    assert [e["status"] for e in waiting if e["delivered_at"] is None] == ["processing", "result"]
    assert "503" in next(e["error"] for e in waiting if e["delivered_at"] is None)
    assert commune.dossier(sent.id).status.step == "residence"
    commune.set_down(False)
    police.services.jobs.clock = lambda: time.time() + 7200  # the retries' back-off has passed
    police.run_worker()
    statuses = [e.data.get("status") for e in commune.dossier(sent.id).events if e.action == "exchange.status"]
    assert statuses == ["received", "processing", "result"], "in order, each once"
    assert commune.dossier(sent.id).status.step == "health-insurance"


def test_an_official_handing_over_to_a_partner_not_configured_here_is_told_and_nothing_changes(pair):
    commune, _police = pair
    filed = file_joint_dossier(commune)
    for action, principal in (("accept", RECEIVER), ("propose", OFFICER), ("approve", LEADER)):
        official_act(commune, filed.id, action, principal)
    commune.services.exchange = None  # e.g. MOTCUA_EXCHANGE_PARTNERS lost the police
    before = commune.dossier(filed.id)
    client = commune.app.test_client()
    with client.session_transaction() as session:
        session["principal"] = OFFICER.to_session()
    response = client.post(f"/officials/dossiers/{filed.id}/actions/transfer-police?lang=en",
                           data={"version": str(before.version),
                                 "attachment": (io.BytesIO(one_page_pdf("Phiếu chuyển")), "phieu.pdf")},
                           content_type="multipart/form-data")
    assert response.status_code == 503
    assert "handled by a partner system that cannot be reached" in response.get_data(as_text=True)
    after = commune.dossier(filed.id)
    assert after.version == before.version and after.status.step == "prepare-transfer"


def test_an_address_sending_forged_messages_again_and_again_is_refused_for_a_while(pair, handed_over):
    _commune, police = pair
    _sent, (url, body, headers) = handed_over
    police.app.config["MOTCUA_EXCHANGE_MAX_REFUSALS"] = 2
    forged = {**headers, "Motcua-Exchange-Signature": "hmac-sha256=AAAA"}
    assert [post(url, body, forged)[0] for _ in range(3)] == [401, 401, 429]
    status, answer = post(url, body, {**headers, "Motcua-Exchange-Nonce": uuid.uuid4().hex})
    assert status == 429 and answer["error"]["code"] == "too_many_refusals", "even a genuine one, for a while"
    assert police.count() == 1
