"""Page invariants on the studio's pages, in both languages: the same rules as the citizens' and
officials' pages (:mod:`tests.web.pagecheck`), read from the HTML an administrator gets."""

from __future__ import annotations

import pytest

from tests.web.test_page_invariants import problems_of

from .conftest import client_as, csrf

CODE = "1.001193"
PARTS = ("", "/metadata", "/cases", "/fields", "/fields?case=0&page=1", "/fields/import?case=0&page=0",
         "/components", "/fees", "/processing", "/preview", "/json")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_studio_pages_keep_the_invariants_in_each_language(app, lang):
    client = client_as(app, "admin.hcm")
    client.get(f"/studio/?lang={lang}")
    draft = client.post(f"/studio/{CODE}/drafts", data={"csrf_token": csrf(client)}).headers["Location"]
    number = draft.rsplit("/", 1)[1]
    urls = ["/studio/", "/studio/log", f"/studio/{CODE}/diff?to={number}"] + [f"{draft}{part}" for part in PARTS]
    found = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        found += [f"{url}: {p}" for p in problems_of(response.get_data(as_text=True))]
    assert not found, "\n".join(found[:40])
