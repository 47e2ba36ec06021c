"""What officials read (issue 16, items 17–19): names not ids, the result before signing, their own outbox."""

from __future__ import annotations

import pytest

from runtime.notifications.base import Message
from runtime.services import act_on_dossier
from runtime.web.officials import actor_of

from .conftest import LEADER, OFFICER, RECEIVER, STRANGER, file_dossier, log_in


@pytest.fixture
def filed(services):
    return file_dossier(services)


def _to_the_leader(services, dossier):
    for who, action in ((RECEIVER, "accept"), (OFFICER, "propose")):
        dossier = act_on_dossier(services, dossier.id, action, actor_of(who), expected_version=dossier.version).dossier
    return dossier


def test_history_names_the_applicant_when_the_applicant_filed(client, services, filed):
    """Item 17: the applicant appears by name in the history, never as their account id."""
    log_in(client, RECEIVER)
    page = client.get(f"/officials/dossiers/{filed.id}?lang=en").get_data(as_text=True)
    assert filed.account_id not in page
    assert f"{filed.applicant.full_name}</span> (Applicant)" in page


def test_leader_previews_the_result_before_signing_when_the_dossier_awaits_approval(client, services, filed):
    """Item 18: the leader sees the result filled with the dossier's data before signing it."""
    dossier = _to_the_leader(services, filed)
    log_in(client, LEADER)
    page = client.get(f"/officials/dossiers/{dossier.id}").get_data(as_text=True)
    assert f"/officials/dossiers/{dossier.id}/result-preview" in page
    preview = client.get(f"/officials/dossiers/{dossier.id}/result-preview")
    assert preview.status_code == 200 and preview.data.startswith(b"%PDF")
    assert "sandbox" in preview.headers["Content-Security-Policy"]


def test_result_preview_is_not_found_when_the_official_cannot_issue_the_result(client, services, filed):
    """Item 18: only who is about to sign previews; a receiver at the first step gets nothing."""
    log_in(client, RECEIVER)
    assert "result-preview" not in client.get(f"/officials/dossiers/{filed.id}").get_data(as_text=True)
    assert client.get(f"/officials/dossiers/{filed.id}/result-preview").status_code == 404


def test_outbox_shows_only_the_officials_agency_messages_when_others_exist(client, services, filed):
    """Item 19: the demo outbox is scoped to the official's agency (it holds personal data)."""
    services.outbox.enqueue(Message(id="other-1", channel="email", to="someone@example.vn",
                                    subject="Other ward's dossier", body="Private", kind="receipt",
                                    dossier_id="not-this-agency"))
    log_in(client, RECEIVER)
    page = client.get("/dev/outbox").get_data(as_text=True)
    assert filed.reference in page, "the receipt message of the agency's own dossier"
    assert "Other ward&#39;s dossier" not in page and "Other ward's dossier" not in page
    log_in(client, STRANGER)
    assert filed.reference not in client.get("/dev/outbox").get_data(as_text=True), "another agency sees nothing"
