"""Two motcua instances exchange a dossier of the joint procedure 2.000986 over HTTP, both ways."""

from __future__ import annotations

import pytest

from runtime.services import act_on_dossier
from runtime.services.documents import documents_of
from runtime.signatures.report import AttachmentVerification
from runtime.workflow import Actor
from tests.web.test_page_invariants import problems_of

from .instances import CITIZEN, OFFICER, RESIDENCE, filed_at_police, official_act, start_pair, stop, to_residence


def test_commune_hands_the_residence_part_to_the_police_system_which_files_it_in_its_ward_police_inbox(pair):
    commune, police = pair
    sent = to_residence(commune)
    assert sent.status.step == "residence" and police.count() == 0
    commune.run_worker()
    received = police.only_dossier()
    assert received.agency_code == "CA.26.743.H79" and received.status.step == "receive"
    assert received.reference and received.data["child_name"] == "Trần Minh Khôi"
    assert [c.component_id for c in received.components] == ["birth-notice"]
    link = commune.dossier(sent.id).extra["exchange"]["links"][0]
    assert link["remote_reference"] == received.reference and link["status"] == "sent"


@pytest.fixture
def pair_on_postgres(tmp_path, postgres_url):
    """The commune on PostgreSQL (its job queue in the same database), the police on the embedded store."""
    commune, police = start_pair(tmp_path, store_urls=(postgres_url, f"tinydb://{tmp_path / 'police-store'}"))
    yield commune, police
    stop(commune, police)


def test_police_supplement_request_reaches_the_citizen_and_its_signed_result_continues_the_commune_workflow(pair):
    exchange_both_ways(*pair)


def test_the_same_exchange_works_with_the_commune_on_postgresql(pair_on_postgres):
    exchange_both_ways(*pair_on_postgres)


def exchange_both_ways(commune, police):
    sent, filed_there = filed_at_police(commune, police)
    assert sent.extra["exchange"]["links"][0]["status"] == "received"

    official_act(police, filed_there.id, "request-supplement", RESIDENCE, comment="Bổ sung ý kiến của chủ hộ")
    police.run_worker()
    waiting = commune.dossier(sent.id)
    assert waiting.status.step == "awaiting-residence-supplement", "the partner's request is the citizen's request"
    assert documents_of(waiting, "02"), "the commune issues its own supplement request slip to the citizen"
    assert waiting.events[-1].comment == "Bổ sung ý kiến của chủ hộ"
    assert waiting.extra["exchange"]["links"][0]["status"] == "supplement"

    act_on_dossier(commune.services, sent.id, "answer", Actor("citizen-lan", "applicant"),
                   prepare=lambda d: d.data.update(household_head_name="Nguyễn Văn Bốn"))
    commune.run_worker()
    answered = police.dossier(filed_there.id)
    assert answered.status.step == "receive" and answered.data["household_head_name"] == "Nguyễn Văn Bốn"

    official_act(police, filed_there.id, "accept", RESIDENCE)
    official_act(police, filed_there.id, "approve", RESIDENCE)
    police.run_worker()
    done = commune.dossier(sent.id)
    assert done.status.step == "health-insurance", "the partner's result continues the commune's workflow"
    result = documents_of(done, "partner-result")
    assert len(result) == 1 and result[0]["sha256"] in done.events[-1].attachments
    assert AttachmentVerification.from_dict(result[0]["verification"]).accepted
    link = done.extra["exchange"]["links"][0]
    assert link["status"] == "result" and link["remote_reference"] == filed_there.reference
    assert not [e for e in done.extra["exchange"]["outbox"] if e["delivered_at"] is None]
    assert not [e for e in police.dossier(filed_there.id).extra["exchange"]["outbox"] if e["delivered_at"] is None]


def page(instance, principal, path: str) -> str:
    client = instance.app.test_client()
    with client.session_transaction() as session:
        session["principal"] = principal.to_session()
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def test_both_timelines_and_the_officials_exchange_panel_show_the_partners_statuses(pair):
    commune, police = pair
    sent, filed_there = filed_at_police(commune, police)
    official_act(police, filed_there.id, "request-supplement", RESIDENCE, comment="Bổ sung ý kiến của chủ hộ")
    police.run_worker()

    officials_a = page(commune, OFFICER, f"/officials/dossiers/{sent.id}?lang=en")
    assert "Exchange with other systems" in officials_a and "Sent to" in officials_a
    assert filed_there.reference in officials_a, "the partner's dossier code"
    assert "The partner asks for more documents" in officials_a, "the last status"
    assert "Dossier handed to the partner system" in officials_a and "Received by the partner" in officials_a
    assert "Partner system: police" in officials_a, "the partner acts under its own name on the timeline"

    citizen_a = page(commune, CITIZEN, f"/my/dossiers/{sent.id}?lang=en")
    assert "The police ask for more documents" in citizen_a and "Bổ sung ý kiến của chủ hộ" in citizen_a

    officials_b = page(police, RESIDENCE, f"/officials/dossiers/{filed_there.id}")
    assert "Trao đổi với hệ thống khác" in officials_b and "Nhận từ" in officials_b
    assert sent.reference in officials_b and "Đối tác yêu cầu bổ sung hồ sơ" in officials_b
    for html in (officials_a, citizen_a, officials_b):
        assert problems_of(html) == [], "page invariants (one h1, no internal ids, Vietnam times...)"
