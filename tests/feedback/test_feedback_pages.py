"""The feedback pages keep the page invariants (one h1, title, error prefix, no internal ids, English
without Vietnamese outside user data), in both languages, with and without errors."""

from __future__ import annotations

import pytest

from runtime.storage.feedback import FeedbackQuery
from tests.officials.conftest import CITIZEN, OFFICER, file_dossier, log_in
from tests.web.test_page_invariants import problems_of


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_feedback_page_keeps_the_invariants(client, services, lang):
    dossier = file_dossier(services)
    found = []

    def check(url, response):
        assert response.status_code in (200, 400), url
        found.extend(f"{url}: {p}" for p in problems_of(response.get_data(as_text=True)))

    for url in ("/feedback/new?procedure=1.001193", "/feedback/new?procedure=1.001193&province=79", "/feedback/"):
        check(url, client.get(f"{url}{'&' if '?' in url else '?'}lang={lang}"))
    log_in(client, CITIZEN)
    url = f"/feedback/new?dossier={dossier.id}&lang={lang}"
    check(url, client.get(url))
    check(url + " (error)", client.post(url, data={"kind": "complaint", "text": "short"}))
    check(url + " (sent)", client.post(url, data={"kind": "complaint", "consent": "yes",
                                                  "text": "Hồ sơ của tôi trễ hạn, tôi là Nguyễn Thị Lan."}))
    with services.store.unit_of_work() as uow:
        [item] = uow.feedback.list(FeedbackQuery())
    check("/feedback/mine", client.get(f"/feedback/mine?lang={lang}"))
    log_in(client, OFFICER)
    for url in ("/officials/feedback", f"/officials/feedback/{item.id}"):
        check(url, client.get(f"{url}?lang={lang}"))
    url = f"/officials/feedback/{item.id}/answer?lang={lang}"
    check(url + " (error)", client.post(url, data={"answer": "", "revision": "1"}))
    client.post(url, data={"answer": "Chúng tôi đã trả kết quả.", "publish": "yes", "revision": "1"})
    for url in (f"/officials/feedback/{item.id}", "/officials/feedback?status=answered", f"/feedback/{item.id}",
                "/feedback/?province=79"):
        check(url, client.get(f"{url}{'&' if '?' in url else '?'}lang={lang}"))
    assert not found, "\n".join(found)
