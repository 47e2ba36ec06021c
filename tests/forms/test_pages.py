"""Every page of every shipped procedure renders accessibly, and refuses and accepts as it should."""

from __future__ import annotations

import random
import re

import pytest
from werkzeug.datastructures import MultiDict

from runtime.forms.compiler import page_spec
from runtime.forms.spec import FieldSpec

from . import payloads, shipped
from .conftest import open_draft
from .html import Page

PAGES = shipped.pages()
LIBRARY_TEXT = re.compile(r"is a required property|is not valid|does not match|is longer than|"
                          r"is shorter than|is not a|was expected|is less than|is greater than|"
                          r"is not one of|has non-unique|Traceback", re.IGNORECASE)


def _nouns(fields: tuple[FieldSpec, ...], lang: str) -> set[str]:
    found = set()
    for spec in fields:
        found.add(spec.text_noun(lang))
        found |= _nouns(spec.children, lang)
        if spec.item is not None:
            found.add(spec.item.text_noun(lang))
            found |= _nouns(spec.item.children, lang)
    return found


def check_invariants(html: str) -> Page:
    """One h1, unique ids, every control labelled, a CSRF token, summary links that resolve."""
    page = Page(html)
    assert page.h1 == 1
    duplicates = {i for i in page.ids if page.ids.count(i) > 1}
    assert not duplicates, duplicates
    for control in page.controls:
        if control.type in ("hidden", "submit", "button"):
            continue
        assert control.attrs.get("id") in page.labels_for, f"unlabelled {control.name}"
    assert page.csrf
    for link in page.summary_links:
        assert link in page.ids, f"error summary links to missing #{link}"
    return page


def _open(app, client, code, case_id, page_id, data):
    _procedure, _case, page = shipped.find(code, case_id, page_id)
    seed = payloads.satisfy(page.when.schema if page.when else None)
    return open_draft(app, client, code, case_id, {**seed, **data})


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize(("code", "case_id", "page_id"), PAGES)
def test_page_renders_accessibly_when_shown(forms_app, code, case_id, page_id, lang):
    client = forms_app.test_client()
    draft_id = _open(forms_app, client, code, case_id, page_id, {})
    response = client.get(f"/drafts/{draft_id}/pages/{page_id}", query_string={"lang": lang})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'<html lang="{lang}">' in html
    check_invariants(html)


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize(("code", "case_id", "page_id"), PAGES)
def test_page_explains_errors_in_the_language_when_sent_empty(forms_app, code, case_id, page_id, lang):
    _procedure, _case, page = shipped.find(code, case_id, page_id)
    client = forms_app.test_client()
    draft_id = _open(forms_app, client, code, case_id, page_id, {})
    url = f"/drafts/{draft_id}/pages/{page_id}"
    shown = Page(client.get(url, query_string={"lang": lang}).get_data(as_text=True))
    blank = MultiDict([(k, "") if k not in ("csrf_token", "action") else (k, v)
                       for k, v in shown.form_data().items(multi=True)])
    response = client.post(url, data=blank)
    if page.validator.is_valid({}):
        assert response.status_code == 302
        return
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    result = check_invariants(html)
    assert result.summary_links and result.error_messages
    prefix = "Lỗi: " if lang == "vi" else "Error: "
    assert result.title.strip().startswith(prefix)
    nouns = _nouns(page_spec(page).fields, lang)
    for text in result.error_messages:
        message = text.split(":", 1)[1].strip()
        assert not LIBRARY_TEXT.search(message), message
        assert message.startswith("Vui lòng") == (lang == "vi"), message
        assert any(noun in message for noun in nouns), message


@pytest.mark.parametrize(("code", "case_id", "page_id"), PAGES)
def test_page_accepts_valid_answers_and_refuses_broken_ones_like_its_schema(forms_app, code, case_id,
                                                                            page_id):
    """Render → post → compare with the page's JSON Schema validator (seeded random data)."""
    _procedure, _case, page = shipped.find(code, case_id, page_id)
    spec = page_spec(page)
    rng = random.Random(f"{code}/{case_id}/{page_id}")
    client = forms_app.test_client()
    outcomes = []
    for n in range(6):
        data = payloads.obj(spec.fields, rng)
        if n % 2:
            data = payloads.mutate(spec.fields, data, rng)
        draft_id = _open(forms_app, client, code, case_id, page_id, data)
        url = f"/drafts/{draft_id}/pages/{page_id}"
        shown = client.get(url)
        if shown.status_code == 404:  # the data hides its own page: nothing to send
            continue
        response = client.post(url, data=Page(shown.get_data(as_text=True)).form_data())
        accepted = response.status_code == 302
        expected = bool(page.validator.is_valid(data))
        assert accepted == expected, (data, Page(response.get_data(as_text=True)).error_messages)
        outcomes.append(accepted)
    assert outcomes
