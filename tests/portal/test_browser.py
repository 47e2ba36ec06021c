"""The pages this area adds, in a real browser, under the page invariants (both languages, 320-1280 px, axe):
the officials' dossier page with its national-portal sync log, and the citizen's progress-message choice.
Skipped, with the reason, only when Chromium is not installed."""

from __future__ import annotations

import pytest

from runtime.services import act_on_dossier, submit_draft
from runtime.services.jobs import make_worker
from runtime.workflow import Actor
from tests.forms.live import AXE, CHROMIUM_ARGS, chromium_missing, chromium_path, serving
from tests.services.conftest import make_draft
from tests.web.pagecheck import PageChecker

from .conftest import KEY, PORTAL_URL, connect

pytestmark = pytest.mark.skipif(chromium_missing() is not None, reason=chromium_missing() or "")

AGENCY = "000.26.743.H79"
MAI = "079300334579"
PASSWORD = "motcua-demo-2025"


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True)
        yield launched
        launched.close()


def _page(browser):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    if AXE.exists():
        context.add_init_script(path=str(AXE))
    return context.new_page()


def _off_the_loop(function, *args):
    """Run ``function`` in another thread: pyHanko's synchronous API starts its own event loop,
    which cannot run inside Playwright's."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args).result()


def _filed_then_accepted_while_the_portal_is_down(app, portal):
    services = app.extensions["motcua.services"]
    connect(services, portal)
    filed = submit_draft(services, make_draft(services).id, "citizen-lan")
    make_worker(services, app.config).run(until_idle=True)
    portal.down = True
    act_on_dossier(services, filed.id, "accept", Actor("receiver-1", "official", frozenset({(AGENCY, "receiver")})))
    make_worker(services, app.config).run(until_idle=True)
    return filed


def test_sync_log_and_preferences_pages_keep_the_invariants(browser, tmp_path, portal):
    config = {"SECRET_KEY": "portal-pages", "INSTANCE_PATH": str(tmp_path), "MOTCUA_WORKER": "external",
              "MOTCUA_STORE": f"tinydb://{tmp_path / 'store'}", "MOTCUA_PORTAL_SYNC": "http",
              "MOTCUA_PORTAL_URL": PORTAL_URL, "MOTCUA_PORTAL_KEY": KEY}
    checker = PageChecker(other_language="en")
    with serving(config) as (app, base):
        filed = _off_the_loop(_filed_then_accepted_while_the_portal_is_down, app, portal)

        page = _page(browser)
        page.goto(f"{base}/auth/official?lang=vi")
        page.fill('[name="username"]', "tiepnhan.benthanh")
        page.fill('[name="password"]', PASSWORD)
        page.locator('form button[type="submit"]').last.click()
        page.goto(f"{base}/officials/dossiers/{filed.id}")
        log = page.locator("#portal-sync + table")
        assert "Cổng đã nhận" in log.inner_text() and "Chờ gửi" in log.inner_text()
        checker.check(page, "official-dossier-portal-sync")

        citizen = _page(browser)
        citizen.goto(f"{base}/auth/citizen?next=/my/notifications")
        citizen.locator("form", has=citizen.locator(f'input[name="personal_id"][value="{MAI}"]')).locator(
            "button").click()
        assert citizen.locator("#channel-sms").is_checked() and citizen.locator("#channel-email").is_checked()
        checker.check(citizen, "citizen-notifications")
        citizen.locator("#channel-sms").uncheck()
        citizen.locator("main form button[type=submit]").click()
        assert "Đã lưu lựa chọn của bạn." in citizen.content()
        assert not citizen.locator("#channel-sms").is_checked() and citizen.locator("#channel-email").is_checked()
        checker.check(citizen, "citizen-notifications-saved")
    assert checker.problems == []
