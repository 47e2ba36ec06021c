"""Issue 14: an over-limit upload is answered on the documents page, with the limit in words."""

from __future__ import annotations

import pytest

from runtime import create_app
from tests.forms.conftest import Browser
from tests.identity.helpers import csrf_token, demo_login
from tests.web.test_filing_journey import MAI, _fill_the_birth_registration


def _multipart(fields: dict[str, str], file: bytes) -> tuple[str, bytes]:
    """A multipart body in memory (the test client would spool a large one to an open temp file)."""
    boundary = "motcua-test-boundary"
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
             for k, v in fields.items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="lon.pdf"\r\n'
                 f"Content-Type: application/pdf\r\n\r\n".encode() + file + b"\r\n")
    return boundary, b"".join(parts) + f"--{boundary}--\r\n".encode()


@pytest.fixture
def app(tmp_path):
    return create_app({"TESTING": True, "SECRET_KEY": "t", "INSTANCE_PATH": str(tmp_path),
                       "MOTCUA_STORE": f"tinydb://{tmp_path / 'store'}",
                       "MAX_CONTENT_LENGTH": 2 * 1024 * 1024})


def test_over_limit_upload_returns_to_the_documents_page_with_the_limit_when_too_large(app):
    services = app.extensions["motcua.services"]
    client = app.test_client()
    demo_login(client, MAI)
    draft_id = _fill_the_birth_registration(Browser(client))
    page = client.get(f"/drafts/{draft_id}/documents").get_data(as_text=True)
    boundary, body = _multipart({"csrf_token": csrf_token(page), "component": "birth-certificate"},
                                b"%PDF-1.7\n" + b"0" * (3 * 1024 * 1024))
    response = client.post(f"/drafts/{draft_id}/documents", data=body,
                           content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 303, response.headers.get("Location")
    assert response.headers["Location"].endswith(f"/drafts/{draft_id}/documents")
    text = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "2 MB" in text and "govuk-error-summary" in text
    with services.store.unit_of_work() as uow:
        draft = uow.dossiers.get(draft_id)
    assert draft.is_draft and draft.components == [], "the draft is kept, nothing attached"


def test_documents_page_tells_the_browser_the_limit_when_rendered(app):
    client = app.test_client()
    demo_login(client, MAI)
    draft_id = _fill_the_birth_registration(Browser(client))
    page = client.get(f"/drafts/{draft_id}/documents").get_data(as_text=True)
    assert 'data-max-bytes="2097152"' in page  # the request limit is below the component's 10 MB
    assert "js/upload-limit.js" in page
    assert 'class="govuk-error-message" hidden' in page


def test_session_keeps_only_the_latest_messages_when_redirects_are_never_followed(app):
    from flask.sessions import SecureCookieSessionInterface

    from runtime.web.security import MAX_FLASHES

    client = app.test_client()
    demo_login(client, MAI)
    draft_id = _fill_the_birth_registration(Browser(client))
    token = csrf_token(client.get(f"/drafts/{draft_id}/documents").get_data(as_text=True))
    for _ in range(3 * MAX_FLASHES):  # "choose a file", each time, and the next page never opened
        answer = client.post(f"/drafts/{draft_id}/documents", data={"csrf_token": token,
                                                                    "component": "birth-certificate"})
        assert answer.status_code in (302, 303)
    cookie = client.get_cookie("session").value
    saved = SecureCookieSessionInterface().get_signing_serializer(app).loads(cookie)
    assert len(saved["_flashes"]) == MAX_FLASHES  # the cookie stays far below browsers' 4 KB
    assert len(cookie) < 2048
    page = client.get(f"/drafts/{draft_id}/documents").get_data(as_text=True)
    assert "govuk-error-summary" in page  # the messages kept are still shown
