"""The whole service in a real browser (Debian's Chromium driven by Playwright, JavaScript on).

Citizen: catalog search → demo login → procedure → autofilled pages → signed PDF attached → fee shown →
demo gateway → filed → receipt. Officials then take the dossier to a signed result (the leader previews
it first), and the citizen downloads it and its signature verifies. It runs in Vietnamese on a desktop
(1280 px) and in English on a phone (375 px), and every page is checked in the other language too, so
both languages are seen at both sizes; every page it visits passes the page invariants of
:mod:`tests.web.pagecheck` (one h1, matching title, error prefix, no sideways scroll from 320 to
1280 px, no internal ids, Vietnam times, English without Vietnamese, axe). The Vietnamese desktop run
takes the screenshots of the guides in docs/ (``MOTCUA_SCREENSHOTS=docs/img`` refreshes them).
Skipped, with the reason, only when Chromium is not installed.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pypdf
import pytest

from runtime.paths import PROJECT_ROOT
from runtime.signatures import SignaturePolicy, verify_pdf
from runtime.signatures.demo_ca import sign_pdf
from runtime.storage import DossierQuery
from tests.forms.live import AXE, CHROMIUM_ARGS, chromium_missing, chromium_path, serving
from tests.services.conftest import one_page_pdf
from tests.web.pagecheck import PageChecker

#: A birth 10 days before today in Vietnam: the on-time case takes births within 60 days.
RECENT_BIRTH = (dt.datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()
                - dt.timedelta(days=10)).strftime("%d/%m/%Y")

pytestmark = pytest.mark.skipif(chromium_missing() is not None, reason=chromium_missing() or "")

MAI = "079300334579"
PASSWORD = "motcua-demo-2025"
GUIDES = [PROJECT_ROOT / "docs" / "citizen-guide.md", PROJECT_ROOT / "docs" / "official-guide.md"]
WORDS = {  # what the journey reads on the pages, in each language
    "vi": {"paid": "Đã thanh toán", "filed": "Hồ sơ đã được nộp với mã", "new": "Mới đăng ký",
           "returned": "Đã trả kết quả", "receipt": "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
           "result": "Kết quả giải quyết",
           "done": "Đã xong", "search": "khai sinh", "birth": "Đăng ký khai sinh",
           "wallet": "Kho giấy tờ", "issued": "Kết quả được cấp cho bạn"},
    "en": {"paid": "You have paid", "filed": "Your dossier was filed with the code", "new": "Newly registered",
           "returned": "Result returned", "receipt": "Receipt and appointment slip", "result": "Result",
           "done": "Completed", "search": "birth", "birth": "Birth registration",
           "wallet": "Document wallet", "issued": "Result issued to you"},
}


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True)
        yield launched
        launched.close()


def _off_the_loop(function, *args):
    """Run ``function`` in another thread: pyHanko's synchronous API starts its own event loop,
    which cannot run inside Playwright's."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args).result()


def _signed_birth_notice(services) -> bytes:
    doctor = services.signer.ca.issue_person("012345678901", "Bác sĩ Lê Văn Hùng")
    return sign_pdf(one_page_pdf(), doctor)


def _context(browser, lang: str, width: int):
    context = browser.new_context(locale="vi-VN" if lang == "vi" else "en-GB", accept_downloads=True,
                                  viewport={"width": width, "height": 900})
    if AXE.exists():
        context.add_init_script(path=str(AXE))
    return context


def _continue(page) -> None:
    page.locator(".govuk-button-group button[value=continue]").click()


def _citizen_files_a_birth_registration(page, base: str, lang: str, signed_pdf: bytes, check) -> None:
    words = WORDS[lang]
    page.goto(f"{base}/?lang={lang}&q={words['search']}")
    check(page, "catalog-search")
    assert page.locator(".motcua-procedure-list a").first.inner_text() == words["birth"], "closest name first"
    page.locator(".motcua-procedure-list a").first.click()
    check(page, "procedure")
    page.goto(f"{base}/auth/citizen?next=/procedures/1.001193")
    check(page, "demo-login")
    page.locator("form", has=page.locator(f'input[name="personal_id"][value="{MAI}"]')).locator("button").click()
    page.locator("a.govuk-button--start").click()
    check(page, "apply-start")
    page.locator("main form button.govuk-button").click()
    assert page.locator('[name="applicant_personal_id"]').input_value() == MAI, "autofilled"
    assert page.locator('[name="applicant_personal_id"]').get_attribute("readonly") is not None, "locked"
    check(page, "form-applicant")
    page.locator("input[name=relationship_to_child][value=mother]").check()
    _continue(page)
    page.fill('[name="child_name"]', "Tăng Minh An")
    page.locator("input[name=child_sex][value=male]").check()
    page.fill('[name="child_birth_date"]', RECENT_BIRTH)
    page.fill('[name="child_birth_place"]', "Bệnh viện Từ Dũ")
    _continue(page)
    check(page, "form-mother")
    page.fill('[name="mother_name"]', "Tăng Ngọc Mai")
    page.fill('[name="mother_birth_date"]', "15/03/1996")
    page.select_option('[name="mother_address-province_code"]', "79")
    page.select_option('[name="mother_address-commune_code"]', "26740")
    page.fill('[name="mother_address-street"]', "42/22 Nguyễn Huệ")
    _continue(page)
    page.fill('[name="extract_copies"]', "1")
    page.locator("input[name=delivery][value=online]").check()
    _continue(page)
    check(page, "check-answers")
    page.locator("main form button.govuk-button").click()
    check(page, "documents")
    page.locator("#file-birth-certificate").set_input_files(
        {"name": "giay-chung-sinh.pdf", "mimeType": "application/pdf", "buffer": signed_pdf})
    page.locator("form", has=page.locator("#file-birth-certificate")).locator("button").click()
    assert "giay-chung-sinh.pdf" in page.content()
    check(page, "documents-attached")
    page.locator("main a.govuk-button").last.click()
    assert "8.000 đ" in page.content(), "the fee is shown before paying"
    assert page.locator("#agency").count() in (0, 1), "the office is chosen before paying, on this page"
    check(page, "fees")
    page.locator("main form button.govuk-button").click()
    check(page, "demo-gateway")
    page.locator("button[value=pay]").click()
    check(page, "payment-returned")
    page.locator("main a.govuk-button").click()
    assert words["paid"] in page.content(), "the fees page says it is paid"
    check(page, "fees-paid")
    page.locator("main form button.govuk-button").click()
    assert words["filed"] in page.content()
    check(page, "dossier-filed")


def _official_acts(browser, base: str, lang: str, width: int, username: str, reference: str, action: str,
                   check) -> None:
    context = _context(browser, lang, width)
    page = context.new_page()
    page.goto(f"{base}/auth/official?lang={lang}")
    check(page, "official-login")
    page.fill('[name="username"]', username)
    page.fill('[name="password"]', PASSWORD)
    page.locator('form button[type="submit"]').last.click()
    page.goto(f"{base}/officials/?q={reference}")
    check(page, f"inbox-{username}")
    page.get_by_role("link", name=reference).first.click()
    check(page, f"official-dossier-{action}")
    if action == "approve":
        preview = page.locator("iframe.motcua-preview[src*=result-preview]")
        assert "result-preview" in (preview.get_attribute("src") or ""), "the leader sees the result first"
        response = page.request.get(base + preview.get_attribute("src"))
        assert response.ok and response.body().startswith(b"%PDF")
    page.locator(f"#action-{action} button[type=submit]").click()
    assert "govuk-notification-banner--success" in page.content(), f"{username}: {action}"
    if action == "approve":  # the leader's indicators
        page.goto(f"{base}/officials/kpis")
        check(page, "kpis")
    if username == "tiepnhan.saigon" and action == "accept":
        page.goto(f"{base}/officials/waiting")
        assert page.locator('.motcua-lists a[aria-current="page"]').count() == 1
        check(page, "waiting")
        page.goto(f"{base}/dev/outbox")
        check(page, "outbox")
    context.close()


@pytest.mark.parametrize(("lang", "width"), [("vi", 1280), ("en", 375)])
def test_citizen_files_officials_process_and_the_citizen_downloads_the_signed_result(browser, tmp_path, lang, width):
    config = {"SECRET_KEY": "browser-journey", "INSTANCE_PATH": str(tmp_path),
              "MOTCUA_STORE": f"tinydb://{tmp_path / 'store'}"}
    pictures = None
    if lang == "vi" and width == 1280:  # the guides' pictures
        pictures = Path(os.environ.get("MOTCUA_SCREENSHOTS") or tmp_path / "screenshots")
    checker = PageChecker(screenshots=pictures, pictures=guide_pictures(),
                          other_language="en" if lang == "vi" else "vi")
    if os.environ.get("MOTCUA_SCREENSHOTS_ALL"):  # every page of every run, for reviewing the layout
        checker.screenshots = Path(os.environ["MOTCUA_SCREENSHOTS_ALL"]) / f"{lang}-{width}"
        checker.pictures = ALL_PAGES
    words = WORDS[lang]
    with serving(config) as (app, base):
        services = app.extensions["motcua.services"]
        context = _context(browser, lang, width)
        page = context.new_page()
        _citizen_files_a_birth_registration(page, base, lang, _off_the_loop(_signed_birth_notice, services),
                                            checker.check)
        with services.store.unit_of_work() as uow:
            [row] = uow.dossiers.list_summaries(DossierQuery(is_draft=False))
        assert row.reference.startswith("000.26.740.H79-") and row.reference in page.content()
        with page.expect_download() as download:
            page.get_by_role("link", name=words["receipt"]).click()
        receipt = download.value.path().read_bytes()
        text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(receipt)).pages)
        assert row.reference in " ".join(text.split())
        policy = SignaturePolicy(required=True, signer="organisation")
        assert _off_the_loop(verify_pdf, receipt, policy, services.trust).accepted
        page.goto(f"{base}/track/{row.reference}")
        page.fill('[name="phone_tail"]', "8154")
        page.locator("main form button.govuk-button").click()
        assert words["new"] in page.content()
        checker.check(page, "track")

        # Officials of Phường Sài Gòn take it from their inboxes to a signed result.
        for username, action in [("tiepnhan.saigon", "accept"), ("hotich.saigon", "propose"),
                                 ("lanhdao.saigon", "approve"), ("tiepnhan.saigon", "hand-over")]:
            _official_acts(browser, base, lang, width, username, row.reference, action, checker.check)

        # The citizen downloads the result (one receipt only); its signature verifies.
        page.goto(f"{base}/my/dossiers/{row.id}")
        assert words["returned"] in page.content()
        assert page.get_by_role("link", name=words["receipt"]).count() == 1, "one receipt, not two"
        checker.check(page, "dossier-returned")
        with page.expect_download() as download:
            page.locator("main a.govuk-link", has_text=words["result"]).first.click()
        result = download.value.path().read_bytes()
        report = _off_the_loop(verify_pdf, result, policy, services.trust)
        assert report.accepted and report.signatures[0].signer.organisation
        assert "TĂNG MINH AN" in " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(result)).pages)
        page.goto(f"{base}/my/dossiers")
        checker.check(page, "my-dossiers")
        # The signed result and the filed birth notice are in the citizen's wallet, ready to reuse.
        page.get_by_role("link", name=words["wallet"], exact=True).click()
        wallet = page.locator("main table").inner_text()
        assert wallet.count(row.reference) == 2 and words["issued"] in wallet
        checker.check(page, "wallet")
        context.close()
    assert not checker.problems, "every page keeps the invariants:\n" + "\n".join(checker.problems)
    assert len(checker.checked) >= 25
    if pictures is not None and checker.screenshots == pictures:
        taken = {p.stem for p in pictures.glob("*.png")}
        assert guide_pictures() <= taken, f"pages the guides show but the journey no longer visits: " \
                                          f"{sorted(guide_pictures() - taken)}"


class _Everything(frozenset):
    def __contains__(self, item: object) -> bool:
        return True


ALL_PAGES = _Everything()


def guide_pictures() -> frozenset[str]:
    """The screenshots the guides in docs/ show (``img/<page label>.png``)."""
    return frozenset(name for guide in GUIDES for name in re.findall(r"\(img/([\w.-]+)\.png\)", guide.read_text()))
