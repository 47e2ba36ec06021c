"""A citizen in a real browser (Debian's Chromium, driven by Playwright), with JavaScript on.

Skipped, with the reason, only when Chromium is not installed.
"""

from __future__ import annotations

import pytest

from . import fixture
from .live import AXE, CHROMIUM_ARGS, chromium_missing, chromium_path, serving

pytestmark = pytest.mark.skipif(chromium_missing() is not None, reason=chromium_missing() or "")


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS,
                                     headless=True)
        yield launched
        launched.close()


def test_citizen_completes_a_multi_page_form_and_resumes_it_after_a_restart(browser, tmp_path):
    catalog = fixture.write(tmp_path / "procedures")
    config = {"SECRET_KEY": "browser-test", "INSTANCE_PATH": str(tmp_path / "instance"),
              "MOTCUA_PROCEDURES": str(catalog)}
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    with serving(config) as (_app, base):
        page.goto(f"{base}/procedures/{fixture.CODE}")
        page.get_by_role("button", name="Nộp hồ sơ trực tuyến").click()
        page.get_by_role("button", name="Bắt đầu").click()

        # Errors shown, linked, then corrected.
        page.get_by_role("button", name="Tiếp tục", exact=True).click()
        assert page.title().startswith("Lỗi: ")
        summary = page.locator(".govuk-error-summary")
        assert summary.is_visible()
        summary.get_by_role("link", name="Vui lòng nhập họ và tên").click()
        assert page.evaluate("document.activeElement.id") == "full_name"
        page.fill("#full_name", "Nguyễn Thị Hoa")
        page.fill("#birth_date", "31/02/1990")
        page.fill("#phone", "0912 345 678")
        page.get_by_role("radio", name="Doanh nghiệp").check()
        assert page.locator("#company_name").is_visible()  # shown live by JavaScript
        page.get_by_role("radio", name="Cá nhân").check()
        assert not page.locator("#company_name").is_visible()
        page.get_by_role("button", name="Tiếp tục", exact=True).click()
        assert "Vui lòng nhập ngày sinh là một ngày có thật" in page.content()
        assert page.input_value("#full_name") == "Nguyễn Thị Hoa"
        page.fill("#birth_date", "05/03/1990")
        page.get_by_role("button", name="Tiếp tục", exact=True).click()

        # A repeating group: add a member without losing what was typed.
        page.fill("#members-0-member_name", "Nguyễn Thị Hoa")
        page.fill("#members-0-birth_year", "1990")
        page.get_by_role("button", name="Thêm Thành viên").click()
        assert page.input_value("#members-0-member_name") == "Nguyễn Thị Hoa"
        page.fill("#members-1-member_name", "Trần Minh An")
        page.fill("#members-1-birth_year", "2019")
        page.get_by_label("Hộ có thu nhập").check()
        page.get_by_role("button", name="Tiếp tục", exact=True).click()

        # The conditional page, with the address picker filtered live.
        assert page.locator("h1").inner_text() == "Thu nhập"
        page.fill("#monthly_income", "4500000")
        page.select_option("#home-province_code", "01")
        page.locator("#home-commune_code option[value='00004']").wait_for(state="attached")
        page.select_option("#home-commune_code", "00004")
        page.fill("#home-street", "12 Tràng Tiền")
        page.get_by_role("button", name="Tiếp tục", exact=True).click()

        assert page.locator("h1").inner_text() == "Kiểm tra lại thông tin đã khai"
        content = page.content()
        assert "4.500.000 đ" in content and "Trần Minh An" in content and "Phường Ba Đình" in content
        check_url = page.url

    with serving(config) as (_app, base):  # the server restarted on the same instance folder
        page.goto(f"{base}/procedures/{fixture.CODE}/apply")
        page.get_by_role("link", name="lưu lúc").first.click()
        assert page.url.endswith(check_url.split("/", 3)[3])
        assert "Trần Minh An" in page.content()
        page.get_by_role("link", name="Thay đổi Hộ gia đình").click()
        page.get_by_label("Hộ có thu nhập").uncheck()
        page.get_by_role("button", name="Tiếp tục", exact=True).click()
        assert page.locator("h1").inner_text() == "Kiểm tra lại thông tin đã khai"
        assert "4.500.000" not in page.content()
    context.close()


AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations'],
    runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}});
  return result.violations.map(v => ({id: v.id, impact: v.impact,
                                      nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
}"""


def _serious(page, url: str) -> list:
    return [(url, v) for v in page.evaluate(AXE_RUN) if v["impact"] in ("serious", "critical")]


def _kinds(fields) -> set[str]:
    found = set()
    for spec in fields:
        found.add(spec.kind)
        found |= _kinds(spec.children)
        if spec.item is not None:
            found |= _kinds((spec.item,))
    return found


def test_no_serious_accessibility_violation_when_axe_checks_every_shipped_page(browser, tmp_path):
    from runtime.forms.compiler import page_spec
    from runtime.forms.drafts import Draft
    from runtime.web.services import drafts

    from . import payloads, shipped

    if not AXE.exists():
        pytest.skip("axe-core is not installed: run npm ci --prefix themes/default")
    config = {"SECRET_KEY": "axe", "INSTANCE_PATH": str(tmp_path / "instance"), "MOTCUA_STORE": "memory://"}
    with serving(config) as (app, base):
        owner = "session:axe"
        cookie = app.session_interface.get_signing_serializer(app).dumps({"draft_owner": owner})
        urls: list[tuple[str, bool]] = [("/", False)]
        kinds_with_errors: set[str] = set()
        with app.app_context():
            for procedure in shipped.procedures():
                urls += [(f"/procedures/{procedure.code}", False),
                         (f"/procedures/{procedure.code}/apply", False)]
            for code, case_id, page_id in shipped.pages():
                procedure, _case, form_page = shipped.find(code, case_id, page_id)
                seed = payloads.satisfy(form_page.when.schema if form_page.when else None)
                draft = drafts().create(Draft(owner=owner, procedure_code=code, case_id=case_id,
                                              version=procedure.content_hash, data=seed))
                kinds = _kinds(page_spec(form_page).fields)
                urls.append((f"/drafts/{draft.id}/pages/{page_id}", not kinds <= kinds_with_errors))
                kinds_with_errors |= kinds
        context = browser.new_context(bypass_csp=True)  # lets axe's script in; the app's CSP is unchanged
        context.add_init_script(path=str(AXE))
        context.add_cookies([{"name": "session", "value": cookie, "url": base}])
        page = context.new_page()
        found = []
        for url, with_errors in urls:
            page.goto(base + url)
            found += _serious(page, url)
            if with_errors:  # the page showing its errors, once for every kind of widget
                with page.expect_navigation():
                    page.locator("button.govuk-button", has_text="Tiếp tục").first.click()
                found += _serious(page, url + " (errors)")
        context.close()
    assert found == []
