"""CSRF on every form, administrator text escaped, bounded input, no remote references."""

from __future__ import annotations

from . import fixture
from .test_journey import APPLICANT, _start


def test_page_is_refused_when_the_csrf_token_is_missing(sample_app):
    browser = _start(sample_app)
    response = browser.client.post(browser.url, data={"full_name": "A", "action": "continue"})
    assert response.status_code == 400


def test_start_is_refused_when_the_csrf_token_is_missing(sample_app):
    client = sample_app.test_client()
    assert client.post(f"/procedures/{fixture.CODE}/apply").status_code == 400


def test_administrator_text_is_escaped_when_rendered(tmp_path):
    from runtime import create_app

    doc = fixture.document()
    doc["cases"][0]["form"]["pages"][0]["schema"]["properties"]["full_name"]["x-label"] = {
        "vi": "<b onmouseover=alert(1)>Họ</b>", "en": "<i>Name</i>"}
    catalog = fixture.write(tmp_path / "procedures", doc)
    app = create_app({"TESTING": True, "SECRET_KEY": "s", "INSTANCE_PATH": str(tmp_path / "i"),
                      "MOTCUA_PROCEDURES": str(catalog), "MOTCUA_STORE": "memory://"})
    browser = _start(app)
    assert "<b onmouseover" not in browser.html and "&lt;b onmouseover=alert(1)&gt;Họ&lt;/b&gt;" in browser.html


def test_typed_markup_is_escaped_and_never_echoed_in_messages(sample_app):
    browser = _start(sample_app)
    browser.send({**APPLICANT, "full_name": "<script>x</script>" + "a" * 120})
    assert "<script>x</script>" not in browser.html
    assert all("script" not in m for m in browser.page.error_messages)


def test_repeat_items_are_bounded_when_many_are_posted(sample_app):
    browser = _start(sample_app)
    browser.send(APPLICANT)
    posted = {f"members-{i}-member_name": f"N{i}" for i in range(40)}
    browser.send(posted, action="add:members")
    assert browser.html.count('value="remove:members:') == 5


def test_unknown_action_is_treated_as_continue(sample_app):
    browser = _start(sample_app)
    browser.send(APPLICANT, action="remove:members:99999999999")
    assert "/pages/household" in browser.url


def test_remote_references_are_refused_by_the_checker():
    from runtime.definitions import check_definition

    doc = fixture.document()
    doc["cases"][0]["form"]["pages"][0]["schema"]["properties"]["full_name"] = {
        "$ref": "https://example.com/schema.json"}
    assert any(p.is_error for p in check_definition(doc, "t.json"))

