"""Page invariants on every page a visitor can open without a browser journey, in both languages.

The home page, every shipped procedure's summary and start page, and every page of every eForm (with
its errors shown once): one h1, a title that matches it, the error prefix exactly when an error
summary is shown, no internal ids or machine times, and in English no Vietnamese-only text outside
user data. The same rules as the browser journey (:mod:`tests.web.pagecheck`), read from the HTML.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from runtime import create_app
from tests.forms import payloads, shipped
from tests.web.pagecheck import page_problems

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Reader(HTMLParser):
    """What :func:`page_problems` needs, as the browser would read it (no scripts, hidden user data)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.seen = {"title": "", "lang": "", "h1": [], "errorSummary": False, "own": [], "all": []}
        self._h1: list[str] | None = None
        self._title = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.seen["lang"] = attrs.get("lang", "")
        outside = attrs.get("translate") == "no" or ("lang" in attrs and tag != "html"
                                                      and attrs["lang"] != self.seen["lang"])
        if "govuk-error-summary" in (attrs.get("class") or "").split():
            self.seen["errorSummary"] = True
        if tag == "h1":
            self._h1 = []
        self._title = tag == "title"
        for name in ("aria-label", "title"):  # a placeholder is an example of what people type
            if attrs.get(name) and not (outside or self.hidden):
                self.seen["own"].append(attrs[name])
        if tag not in VOID:
            self.stack.append((tag, outside or self.hidden or tag in ("script", "style"),
                               "data-machine-ref" in attrs or self.machine))

    @property
    def hidden(self) -> bool:
        return any(skip for _tag, skip, _machine in self.stack)

    @property
    def machine(self) -> bool:
        """Inside text meant for machines (``data-machine-ref``): not checked for ids, as in the browser."""
        return any(machine for _tag, _skip, machine in self.stack)

    def handle_endtag(self, tag):
        if tag == "h1" and self._h1 is not None:
            self.seen["h1"].append(" ".join("".join(self._h1).split()))
            self._h1 = None
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        text = " ".join(data.split())
        if self._title:
            self.seen["title"] += text
            self._title = False
            return
        if self._h1 is not None:
            self._h1.append(data)
        if not text or any(tag in ("script", "style") for tag, _skip, _machine in self.stack):
            return
        if not self.machine:
            self.seen["all"].append(text)
        if not self.hidden:
            self.seen["own"].append(text)


def problems_of(html: str) -> list[str]:
    reader = _Reader()
    reader.feed(html)
    return page_problems(reader.seen)


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("invariants")
    return create_app({"TESTING": True, "SECRET_KEY": "t", "INSTANCE_PATH": str(tmp), "WTF_CSRF_ENABLED": False,
                       "MOTCUA_STORE": "memory://"})


def _urls() -> list[str]:
    urls = ["/", "/?q=khai+sinh", "/track/", "/auth/login", "/auth/official"]
    for procedure in shipped.procedures():
        urls.append(f"/procedures/{procedure.code}")
        if "online" in procedure.channels:
            urls.append(f"/procedures/{procedure.code}/apply")
    return urls


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_public_pages_keep_the_invariants_when_rendered_in_each_language(app, lang):
    client = app.test_client()
    found = []
    for url in _urls():
        response = client.get(f"{url}{'&' if '?' in url else '?'}lang={lang}")
        assert response.status_code == 200, url
        found += [f"{url}: {p}" for p in problems_of(response.get_data(as_text=True))]
    assert not found, "\n".join(found)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_form_page_keeps_the_invariants_with_and_without_errors_in_each_language(app, lang):
    from runtime.forms.drafts import Draft
    from runtime.web.services import drafts

    client = app.test_client()
    client.get(f"/?lang={lang}")
    with client.session_transaction() as session:
        session["draft_owner"] = "session:invariants"
    found = []
    with app.app_context():
        created = []
        for code, case_id, page_id in shipped.pages():
            procedure, _case, form_page = shipped.find(code, case_id, page_id)
            seed = payloads.satisfy(form_page.when.schema if form_page.when else None)
            draft = drafts().create(Draft(owner="session:invariants", procedure_code=code, case_id=case_id,
                                          version=procedure.content_hash, data=seed))
            created.append((draft.id, page_id))
    for draft_id, page_id in created:
        url = f"/drafts/{draft_id}/pages/{page_id}"
        html = client.get(url).get_data(as_text=True)
        found += [f"{url}: {p}" for p in problems_of(html)]
        errors = client.post(url, data={"action": "continue"})
        if errors.status_code == 200:  # else the page needed nothing and the answer moved on
            found += [f"{url} (sent empty): {p}" for p in problems_of(errors.get_data(as_text=True))]
    assert not found, "\n".join(found[:40])


def test_checker_finds_the_problems_it_names_when_a_page_breaks_them():
    broken = ('<html lang="en"><head><title>Inbox – motcua</title></head><body><h1>One</h1><h1>Two</h1>'
              '<div class="govuk-error-summary"></div><p>payment.confirmed</p><p>submit → receive</p>'
              '<p>2026-03-02T08:30</p><p>Đăng ký khai sinh</p><p translate="no">Tăng Ngọc Mai</p></body></html>')
    found = " ".join(problems_of(broken))
    for what in ("2 h1 elements", "error summary shown=True", "an event or source key", "a step id transition",
                 "a machine time", "Vietnamese in English mode: 'Đăng ký khai sinh'"):
        assert what in found
    assert "Tăng Ngọc Mai" not in found, "user data is left alone"
