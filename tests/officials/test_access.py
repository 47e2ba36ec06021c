"""Who may use the officials' views: officials only, their agencies' dossiers only, their steps only."""

from __future__ import annotations

import pytest

from runtime.services import act_on_dossier
from runtime.services.documents import documents_of
from runtime.web.access import policy_of
from runtime.web.officials import actor_of

from .conftest import CITIZEN, LEADER, OFFICER, RECEIVER, STRANGER, file_dossier, log_in


@pytest.fixture
def filed(services):
    return file_dossier(services)


def urls(dossier):
    sha256 = documents_of(dossier, "01")[0]["sha256"]
    return [("get", "/officials/"), ("get", f"/officials/dossiers/{dossier.id}"),
            ("get", f"/officials/dossiers/{dossier.id}/files/{sha256}"), ("get", "/officials/kpis"),
            ("get", "/officials/kpis.csv"), ("get", "/officials/waiting"),
            ("post", f"/officials/dossiers/{dossier.id}/actions/accept")]


def stored(services, dossier_id):
    with services.store.unit_of_work() as uow:
        return uow.dossiers.get(dossier_id)


def test_every_officials_view_declares_who_may_see_it_when_registered(app):
    endpoints = [r.endpoint for r in app.url_map.iter_rules() if r.endpoint.startswith("officials.")]
    with app.test_request_context():
        assert len(endpoints) == 11 and all(policy_of(e).audience == "official" for e in endpoints)


def test_anonymous_visitor_is_sent_to_log_in_when_opening_any_officials_view(client, filed):
    for method, url in urls(filed):
        response = getattr(client, method)(url, data={"version": filed.version})
        assert response.status_code == 302 and "/auth/login" in response.location, url


def test_citizen_is_refused_when_opening_any_officials_view(client, filed):
    log_in(client, CITIZEN)
    for method, url in urls(filed):
        assert getattr(client, method)(url, data={"version": filed.version}).status_code == 403, url


def test_official_of_another_agency_gets_not_found_when_opening_or_acting_on_the_dossier(services, client, filed):
    log_in(client, STRANGER)
    for method, url in urls(filed)[1:3] + urls(filed)[6:]:
        assert getattr(client, method)(url, data={"version": filed.version}).status_code == 404, url
    assert stored(services, filed.id).version == filed.version
    assert filed.reference not in client.get("/officials/").get_data(as_text=True)


def test_official_of_another_agency_does_not_see_the_dossier_when_it_waits_for_the_applicant(services, client, filed):
    act_on_dossier(services, filed.id, "request-supplement", actor_of(RECEIVER), comment="Bổ sung bản gốc")
    log_in(client, RECEIVER)
    assert filed.reference in client.get("/officials/waiting").get_data(as_text=True)
    log_in(client, STRANGER)
    assert filed.reference not in client.get("/officials/waiting").get_data(as_text=True)


def test_receiver_cannot_take_the_leaders_action_when_the_dossier_waits_for_signature(services, client, filed):
    dossier = act_on_dossier(services, filed.id, "accept", actor_of(RECEIVER)).dossier
    dossier = act_on_dossier(services, filed.id, "propose", actor_of(OFFICER)).dossier
    log_in(client, RECEIVER)
    page = client.get(f"/officials/dossiers/{filed.id}?lang=en").get_data(as_text=True)
    assert "actions/approve" not in page and "You have no action at this step." in page
    response = client.post(f"/officials/dossiers/{filed.id}/actions/approve", data={"version": dossier.version})
    assert response.status_code == 403 and "You cannot take this action" in response.get_data(as_text=True)
    assert stored(services, filed.id).version == dossier.version
    log_in(client, LEADER)
    assert "actions/approve" in client.get(f"/officials/dossiers/{filed.id}").get_data(as_text=True)


def test_only_leaders_see_the_indicators_when_officials_open_them(client, filed):
    log_in(client, RECEIVER)
    assert client.get("/officials/kpis").status_code == 403
    assert client.get("/officials/kpis.csv").status_code == 403
    assert 'href="/officials/kpis"' not in client.get("/officials/").get_data(as_text=True)
    log_in(client, LEADER)
    assert client.get("/officials/kpis").status_code == 200
    assert 'href="/officials/kpis"' in client.get("/officials/").get_data(as_text=True)


def test_action_is_refused_without_the_form_token_when_csrf_protection_is_on(app, services, filed):
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    log_in(client, RECEIVER)
    response = client.post(f"/officials/dossiers/{filed.id}/actions/accept", data={"version": filed.version})
    assert response.status_code == 400
    assert stored(services, filed.id).version == filed.version
    page = client.get(f"/officials/dossiers/{filed.id}").get_data(as_text=True)
    main = page.split("<main", 1)[1]
    assert main.count('name="csrf_token"') == main.count("/actions/") == 3, "every action form carries the token"
