"""Feedback and the scorecard in a real browser (Debian's Chromium driven by Playwright, JavaScript on).

A citizen logs in and sends a complaint about a procedure to Phường Sài Gòn (with her name, identity
number, phone, e-mail and address in the text), agreeing to publish it; an official of that ward
answers it; the public page shows the question and the answer without any of that personal data. The
scorecard of Ho Chi Minh City shows every indicator, draws its charts (Chart.js, served locally) and
keeps its tables. Every page visited keeps the page invariants of :mod:`tests.web.pagecheck` (axe: no
serious or critical violation) in Vietnamese and English. Skipped, with the reason, without Chromium.
"""

from __future__ import annotations

import pytest

from tests.forms.live import chromium_missing, serving
from tests.scorecard.test_scorecard_counts import at, dossier
from tests.web.pagecheck import PageChecker
from tests.web.test_browser_journey import _context, browser  # noqa: F401 - the browser fixture

pytestmark = pytest.mark.skipif(chromium_missing() is not None, reason=chromium_missing() or "")

MAI = "079300334579"
PASSWORD = "motcua-demo-2025"
SAIGON = "000.26.740.H79"
PERSONAL = ["Tăng Ngọc Mai", MAI, "0903 123 456", "mai.tang@example.vn", "42/22 Nguyễn Huệ"]
COMPLAINT = (f"Tôi là Tăng Ngọc Mai, CCCD {MAI}, điện thoại 0903 123 456, thư mai.tang@example.vn, "
             "nhà 42/22 Nguyễn Huệ. Hướng dẫn về giấy chứng sinh trên cổng chưa rõ, tôi phải hỏi ba lần.")
ANSWER = "Cảm ơn bà Tăng Ngọc Mai. Phường đã bổ sung hướng dẫn về giấy chứng sinh; mọi thắc mắc xin gọi 0903 123 456."
WORDS = {"vi": {"on_time": "Đúng hạn", "fully": "Trực tuyến toàn trình"},
         "en": {"on_time": "Results on time", "fully": "Fully online"}}


@pytest.mark.parametrize(("lang", "width"), [("vi", 1280), ("en", 375)])
def test_a_citizen_sends_feedback_an_official_answers_and_the_public_sees_it_without_personal_data(
        browser, tmp_path, lang, width):  # noqa: F811 - the fixture imported above
    checker = PageChecker(other_language="en" if lang == "vi" else "vi")
    config = {"SECRET_KEY": "browser-feedback", "INSTANCE_PATH": str(tmp_path),
              "MOTCUA_STORE": f"tinydb://{tmp_path / 'store'}"}
    with serving(config) as (app, base):
        services = app.extensions["motcua.services"]
        services.store.bulk_add([
            dossier(SAIGON, filed=at(3, 2), result=at(3, 5), due=at(3, 6), signed_result=True, rating=5),
            dossier(SAIGON, filed=at(4, 2), delivery="desk", result=at(4, 20), due=at(4, 10), rating=3),
            dossier(SAIGON, filed=at(5, 4), channel="in-person", delivery=None)])
        context = _context(browser, lang, width)
        page = context.new_page()

        # The citizen logs in, opens the procedure and sends a complaint to Phường Sài Gòn.
        page.goto(f"{base}/auth/citizen?next=/procedures/1.001193&lang={lang}")
        page.locator("form", has=page.locator(f'input[name="personal_id"][value="{MAI}"]')).locator("button").click()
        checker.check(page, "procedure")
        page.locator("main a[href*='/feedback/new']").click()
        checker.check(page, "feedback-province")
        page.select_option("#province", "79")
        page.locator("main form button").click()
        page.select_option("#agency", SAIGON)
        page.locator("#kind").check()
        page.fill("#text", "ngắn")
        page.locator("main form[method=post] button").click()
        assert page.locator(".govuk-error-summary").count() == 1, "a too short text is refused with a message"
        checker.check(page, "feedback-error")
        page.select_option("#agency", SAIGON)
        page.locator("#kind").check()
        page.fill("#text", COMPLAINT)
        page.locator("#consent").check()
        page.locator("main form[method=post] button").click()
        assert page.locator(".govuk-panel--confirmation").count() == 1
        checker.check(page, "feedback-sent")

        # An official of Phường Sài Gòn answers it.
        official = _context(browser, lang, width).new_page()
        official.goto(f"{base}/auth/official?lang={lang}")
        official.fill('[name="username"]', "tiepnhan.saigon")
        official.fill('[name="password"]', PASSWORD)
        official.locator('form button[type="submit"]').last.click()
        official.goto(f"{base}/officials/feedback?lang={lang}")
        checker.check(official, "officials-feedback")
        official.locator("main table a").first.click()
        assert MAI in official.content(), "the official reads what the citizen wrote"
        checker.check(official, "officials-feedback-item")
        official.fill("#answer", ANSWER)
        official.locator("main form button[type=submit]").click()
        assert "govuk-notification-banner--success" in official.content()
        checker.check(official, "officials-feedback-answered")
        official.context.close()

        # The public page shows the complaint and the answer without personal data.
        page.goto(f"{base}/feedback/?province=79&lang={lang}")
        checker.check(page, "feedback-published")
        text = page.locator("main").inner_text()
        assert "Hướng dẫn về giấy chứng sinh trên cổng chưa rõ" in text and "Phường đã bổ sung hướng dẫn" in text
        for personal in PERSONAL:
            assert personal not in page.locator("main").inner_html(), personal
        page.locator("main h2 a").first.click()
        checker.check(page, "feedback-item")
        for personal in PERSONAL:
            assert personal not in page.locator("main").inner_html(), personal

        # The scorecard: every indicator, charts drawn from the tables, tables kept.
        page.goto(f"{base}/scorecard/?province=79&year=2026&lang={lang}")
        page.wait_for_function("document.querySelectorAll('figure.motcua-chart:not([hidden]) canvas').length >= 2")
        assert WORDS[lang]["on_time"] in page.locator("main").inner_text()
        assert WORDS[lang]["fully"] in page.locator("main").inner_text()
        assert page.evaluate("typeof Chart !== 'undefined' && Object.keys(Chart.instances).length") >= 2
        assert page.locator("#scorecard-months tbody tr").count() >= 5
        checker.check(page, "scorecard")
        context.close()
    assert not checker.problems, "every page keeps the invariants:\n" + "\n".join(checker.problems)
    assert len(checker.checked) >= 20
