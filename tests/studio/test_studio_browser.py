"""The studio in a real browser (Debian's Chromium driven by Playwright, JavaScript on).

An administrator builds a new procedure without typing any JSON — two pages, eight fields with a
conditional field and an autofilled locked field, a signed component, a per-page fee with a cap,
three steps with a supplement loop, a result document laid out without JSON — previews it in Vietnamese
and English and sends it for review; a publisher reads the diff and publishes it; without a restart a
citizen files it and officials take it to a signed result whose PDF shows the template
(:mod:`tests.studio.result_journey`).
axe-core checks every studio page. Screenshots are taken on every run; with MOTCUA_DOCS_SCREENSHOTS=1
they replace those of the administrator's guide (docs/studio/), otherwise they stay in the test's
temporary folder so a test run never changes the working tree.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from builder.studio import create_app
from runtime.paths import PROJECT_ROOT
from tests.forms.live import AXE, CHROMIUM_ARGS, chromium_missing, chromium_path, serving
from tests.forms.test_browser import AXE_RUN

from .result_journey import author_lays_out_the_result, citizen_files_and_officials_issue_the_result

pytestmark = pytest.mark.skipif(chromium_missing() is not None, reason=chromium_missing() or "")

PASSWORD = "motcua-demo-2025"
DOCS_SHOTS = PROJECT_ROOT / "docs" / "studio"
CODE = "9.000777"


class Session:
    """One signed-in person's browser tab, checking every page with axe."""

    def __init__(self, browser, base: str, violations: list, shots: Path) -> None:
        context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
        if AXE.exists():
            context.add_init_script(path=str(AXE))
        self.page = context.new_page()
        self.base, self.violations, self.shots = base, violations, shots

    def login(self, username: str) -> None:
        self.page.goto(f"{self.base}/auth/official?next=/studio/")
        self.page.fill('[name="username"]', username)
        self.page.fill('[name="password"]', PASSWORD)
        self.page.locator('form button[type="submit"]').last.click()

    def check(self, shot: str | None = None) -> None:
        assert "Traceback" not in self.page.content()
        if AXE.exists():
            self.violations.extend((self.page.url, v) for v in self.page.evaluate(AXE_RUN)
                                   if v["impact"] in ("serious", "critical"))
        if shot:
            self.shots.mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(self.shots / f"{shot}.png"), full_page=True)

    def saved(self) -> None:
        self.page.wait_for_load_state()  # content() is empty while the next page is still on its way
        assert "govuk-notification-banner--success" in self.page.content(), self.page.content()[-3000:]


def _add_field(s: Session, kind: str, name: str, vi: str, en: str, *, required=True, options="",
               autofill="", locked=False, when=None) -> None:
    p = s.page
    p.locator(f"#kind-{kind}").check()
    p.fill("#add-name", name)
    p.fill("#add-label-vi", vi)
    p.fill("#add-label-en", en)
    if required:
        p.locator("#add-required").check()
    if options:
        p.fill("#add-options", options)
    if autofill:
        p.select_option("#add-autofill", autofill)
        p.select_option("#add-autofill-mode", "locked" if locked else "editable")
    if when:
        p.select_option("#add-when-field", when[0])
        p.fill("#add-when-value", when[1])
    p.get_by_role("button", name="Thêm trường").click()
    s.saved()


def _author_builds_the_procedure(s: Session) -> str:
    p = s.page
    s.login("admin.hcm")
    s.check("01-catalogue")
    p.fill("#new-code", CODE)
    p.fill("#new-name-vi", "Cấp bản sao giấy tờ thử nghiệm")
    p.fill("#new-name-en", "Trial copy of a record")
    p.get_by_role("button", name="Tạo bản nháp").click()
    s.saved()
    version = p.url
    s.check("02-version")
    p.get_by_role("link", name="Thông tin chung").click()
    p.fill("#short_name_vi", "Bản sao thử nghiệm")
    p.fill("#short_name_en", "Trial copy")
    p.get_by_role("button", name="Lưu").click()
    s.saved()
    s.check("03-details")
    # page 1: the applicant (name autofilled and locked already), then the palette
    p.goto(f"{version}/fields?case=0&page=0")
    _add_field(s, "citizen-id", "applicant_id", "Số định danh cá nhân", "Personal ID number",
               autofill="citizen.personal_id", locked=True)
    _add_field(s, "phone", "applicant_phone", "Số điện thoại", "Phone number", autofill="citizen.phone")
    _add_field(s, "choice", "relationship", "Quan hệ với người được cấp", "Relationship to the subject",
               options="self | Bản thân | Myself\nparent | Cha, mẹ | Parent\nother | Khác | Other")
    _add_field(s, "text", "relationship_other", "Quan hệ khác", "Other relationship", when=("relationship", "other"))
    s.check("04-fields")
    # page 2: the request
    p.fill("#page-id", "request")
    p.fill("#page-title-vi", "Nội dung yêu cầu")
    p.fill("#page-title-en", "The request")
    p.get_by_role("button", name="Thêm trang").click()
    s.saved()
    _add_field(s, "date", "record_date", "Ngày cấp giấy tờ gốc", "Date of the original record")
    # a date relation: the original record cannot be dated after the day of filing
    details = p.locator("details", has=p.locator('input[name="name"][value="record_date"]'))
    details.locator("summary").click()
    details.locator('select[name="date_not_after"]').select_option("filing")
    details.get_by_role("button", name="Lưu", exact=True).click()
    s.saved()
    _add_field(s, "number", "copies", "Số bản sao", "Number of copies")
    _add_field(s, "long-text", "purpose", "Mục đích sử dụng", "Purpose", required=False)
    # the order, with the keyboard: purpose before copies
    p.locator("#field-purpose").focus()
    p.keyboard.press("Alt+ArrowUp")
    p.get_by_role("button", name="Lưu thứ tự").click()
    s.saved()
    assert p.locator("#field-purpose").evaluate("e => e.nextElementSibling.id") == "field-copies"
    # a signed component
    p.goto(f"{version}/components")
    p.fill("#c-id", "request-form")
    p.fill("#c-name-vi", "Tờ khai đề nghị cấp bản sao")
    p.fill("#c-name-en", "Request form")
    p.select_option("#c-signature", "required")
    p.select_option("#c-signer", "applicant")
    p.get_by_role("button", name="Thêm thành phần").click()
    s.saved()
    s.check("05-components")
    # a per-page fee with a cap, and the live calculator
    p.goto(f"{version}/fees")
    p.fill("#fee-id", "copy-pages")
    p.fill("#fee-name-vi", "Phí cấp bản sao theo trang")
    p.fill("#fee-name-en", "Copy fee per page")
    p.select_option("#fee-kind", "per-page")
    p.select_option("#fee-component", "request-form")
    p.fill("#fee-tiers", "1: 2000\n3: 1000")
    p.fill("#fee-cap", "20000")
    p.select_option("#fee-copies", "copies")
    p.get_by_role("button", name="Thêm khoản phí").click()
    s.saved()
    p.fill("#f-copies", "2")
    p.fill("#pages-request-form", "4")
    p.get_by_role("button", name="Tính").click()
    p.wait_for_selector("[data-fee-total]")
    assert "12.000 đ" in p.locator("[data-fee-total]").inner_text()  # (2000×2 + 1000×2) × 2 copies
    s.check("06-fees")
    # three working steps and a supplement loop
    p.goto(f"{version}/processing")
    p.fill("#s-id", "awaiting-supplement")
    p.fill("#s-name-vi", "Chờ bổ sung hồ sơ")
    p.fill("#s-name-en", "Waiting for additions")
    p.fill("#s-role", "applicant")
    p.fill("#s-status", "5")
    p.get_by_role("button", name="Thêm bước").click()
    s.saved()
    assert "awaiting-supplement" in p.locator(".motcua-problem").first.inner_text()  # flagged until linked
    for step, action, vi, en, kind, to, slip in (
            ("receive", "ask", "Yêu cầu bổ sung", "Ask for more", "request-supplement", "awaiting-supplement", "02"),
            ("awaiting-supplement", "answer", "Nộp bổ sung", "Send the additions", "answer-supplement", "receive",
             "")):
        p.select_option("#a-step", step)
        p.fill("#a-id", action)
        p.fill("#a-name-vi", vi)
        p.fill("#a-name-en", en)
        p.select_option("#a-kind", kind)
        p.select_option("#a-to", to)
        p.select_option("#a-slip", slip)
        p.get_by_role("button", name="Thêm thao tác").click()
        s.saved()
    s.check("07-processing")
    author_lays_out_the_result(s, version)
    # the preview, in Vietnamese then English, with the conditional field shown by trial answers
    p.goto(f"{version}/preview")
    assert p.locator('[name="applicant_name"]').count() == 1
    p.get_by_label("Khác", exact=True).check()
    p.get_by_role("button", name="Thử các câu trả lời này").click()
    p.wait_for_selector(".govuk-error-summary")
    s.check("08-preview-vi")
    p.goto(f"{version}/preview?in=en&page=request")
    assert "The request" in p.content() and "Number of copies" in p.content()
    s.check("09-preview-en")
    p.goto(version)
    p.get_by_role("button", name="Gửi duyệt").click()
    s.saved()
    return version


def test_administrator_builds_and_publisher_publishes_a_procedure_citizens_can_open(tmp_path):
    from playwright.sync_api import sync_playwright

    shots = DOCS_SHOTS if os.environ.get("MOTCUA_DOCS_SCREENSHOTS") == "1" else tmp_path / "shots"

    config = {"SECRET_KEY": "browser", "INSTANCE_PATH": str(tmp_path / "instance"),
              "MOTCUA_STORE": f"tinydb://{tmp_path / 'store'}", "MOTCUA_CATALOG_REFRESH_SECONDS": 0.5}
    violations: list = []
    with serving(config, create_app) as (app, base), sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True)
        try:
            author = Session(browser, base, violations, shots)
            version = _author_builds_the_procedure(author)
            citizen = Session(browser, base, violations, shots)
            citizen.page.goto(f"{base}/procedures/{CODE}")
            assert "Không tìm thấy" in citizen.page.content()  # not published yet

            publisher = Session(browser, base, violations, shots)
            publisher.login("duyet.hcm")
            publisher.page.goto(version.replace(base, base))
            publisher.page.get_by_role("link", name="Xem thay đổi so với phiên bản đang áp dụng").click()
            assert "relationship_other" in publisher.page.content() and "copy-pages" in publisher.page.content()
            publisher.check("10-diff")
            publisher.page.goto(version)
            publisher.page.get_by_role("button", name="Công bố").click()
            publisher.saved()
            publisher.check("11-published")

            citizen.page.wait_for_timeout(700)  # the refresh interval of the running server
            citizen.page.goto(f"{base}/procedures/{CODE}")
            assert "Cấp bản sao giấy tờ thử nghiệm" in citizen.page.content()
            citizen.page.get_by_role("button", name="Nộp hồ sơ trực tuyến").click()
            assert "Bắt đầu" in citizen.page.content()
            publisher.page.goto(f"{base}/studio/log")
            publisher.check("12-log")

            def axe(page, _name):
                assert "Traceback" not in page.content()
                if AXE.exists():
                    violations.extend((page.url, v) for v in page.evaluate(AXE_RUN)
                                      if v["impact"] in ("serious", "critical"))

            services = app.extensions["motcua.services"]
            with services.store.unit_of_work() as uow:
                published = uow.definitions.get(CODE, int(version.rsplit("/", 1)[1])).document
            request_page = next(page for page in published["cases"][0]["form"]["pages"] if page["id"] == "request")
            assert request_page["schema"]["properties"]["record_date"]["x-date"] == {"not_after": "filing"}
            citizen_files_and_officials_issue_the_result(browser, base, services, CODE, axe)
        finally:
            browser.close()
    assert violations == [], violations
    assert (shots / "07-processing.png").exists()
