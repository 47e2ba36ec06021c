"""The whole service in a real browser (Debian's Chromium driven by Playwright, JavaScript on).

Citizen: demo login → procedure → autofilled pages → signed PDF attached → fee shown → demo gateway →
filed → receipt. Officials then take the dossier to a signed result, and the citizen downloads it and
its signature verifies. Skipped, with the reason, only when Chromium is not installed.
"""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pypdf
import pytest

from runtime.signatures import SignaturePolicy, verify_pdf
from runtime.signatures.demo_ca import sign_pdf
from runtime.storage import DossierQuery
from tests.forms.live import AXE, CHROMIUM_ARGS, chromium_missing, chromium_path, serving
from tests.forms.test_browser import AXE_RUN
from tests.services.conftest import one_page_pdf

#: A birth 10 days before today in Vietnam: the on-time case takes births within 60 days.
RECENT_BIRTH = (dt.datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()
                - dt.timedelta(days=10)).strftime("%d/%m/%Y")

pytestmark = pytest.mark.skipif(chromium_missing() is not None, reason=chromium_missing() or "")

MAI = "079300334579"
PASSWORD = "motcua-demo-2025"
VIOLATIONS: list = []
CHECKED: list = []


def _axe(page) -> None:
    """Record serious or critical accessibility violations of the page the journey is on."""
    if AXE.exists():
        VIOLATIONS.extend((page.url, v) for v in page.evaluate(AXE_RUN) if v["impact"] in ("serious", "critical"))
        CHECKED.append(page.url)


@pytest.fixture
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


def _citizen_files_a_birth_registration(page, base: str, signed_pdf: bytes) -> None:
    page.goto(f"{base}/auth/citizen?next=/procedures/1.001193")
    page.locator("form", has=page.locator(f'input[name="personal_id"][value="{MAI}"]')).get_by_role(
        "button").click()
    page.get_by_role("button", name="Nộp hồ sơ trực tuyến").click()
    page.get_by_role("button", name="Bắt đầu").click()
    assert page.locator('[name="applicant_personal_id"]').input_value() == MAI, "autofilled"
    page.get_by_label("Mẹ", exact=True).check()
    page.get_by_role("button", name="Tiếp tục", exact=True).click()
    page.fill('[name="child_name"]', "Tăng Minh An")
    page.get_by_label("Nam", exact=True).check()
    page.fill('[name="child_birth_date"]', RECENT_BIRTH)
    page.fill('[name="child_birth_place"]', "Bệnh viện Từ Dũ")
    page.get_by_role("button", name="Tiếp tục", exact=True).click()
    page.fill('[name="mother_name"]', "Tăng Ngọc Mai")
    page.fill('[name="mother_birth_date"]', "15/03/1996")
    page.select_option('[name="mother_address-province_code"]', "79")
    page.select_option('[name="mother_address-commune_code"]', "26740")
    page.fill('[name="mother_address-street"]', "42/22 Nguyễn Huệ")
    page.get_by_role("button", name="Tiếp tục", exact=True).click()
    page.fill('[name="extract_copies"]', "1")
    page.get_by_label("Bản điện tử trên Cổng dịch vụ công").check()
    page.get_by_role("button", name="Tiếp tục", exact=True).click()
    page.get_by_role("button", name="Xác nhận").click()
    _axe(page)
    page.locator("#file-birth-certificate").set_input_files(
        {"name": "giay-chung-sinh.pdf", "mimeType": "application/pdf", "buffer": signed_pdf})
    page.locator("form", has=page.locator("#file-birth-certificate")).get_by_role("button", name="Đính kèm").click()
    assert "giay-chung-sinh.pdf" in page.content()
    page.get_by_role("link", name="Tiếp tục").click()
    assert "8.000 đ" in page.content(), "the fee is shown before paying"
    _axe(page)
    page.get_by_role("button", name="Thanh toán trực tuyến").click()
    page.get_by_role("button", name="Thanh toán", exact=True).click()
    assert "Đã thanh toán thành công" in page.content()
    page.get_by_role("link", name="Tiếp tục").click()
    page.get_by_role("button", name="Nộp hồ sơ").click()
    assert "Hồ sơ đã được nộp với mã" in page.content()
    _axe(page)


def _official_acts(browser, base: str, username: str, reference: str, action: str) -> None:
    context = browser.new_context(locale="vi-VN")
    if AXE.exists():
        context.add_init_script(path=str(AXE))
    page = context.new_page()
    page.goto(f"{base}/auth/official")
    page.fill('[name="username"]', username)
    page.fill('[name="password"]', PASSWORD)
    page.locator('form button[type="submit"]').last.click()
    page.goto(f"{base}/officials/")
    _axe(page)
    page.get_by_role("link", name=reference).first.click()
    _axe(page)
    page.get_by_role("button", name=action, exact=True).click()
    assert "govuk-notification-banner--success" in page.content(), f"{username}: {action}"
    page.context.close()


def test_citizen_files_officials_process_and_the_citizen_downloads_the_signed_result(browser, tmp_path):
    config = {"SECRET_KEY": "browser-journey", "INSTANCE_PATH": str(tmp_path),
              "MOTCUA_STORE": f"tinydb://{tmp_path / 'store'}"}
    with serving(config) as (app, base):
        services = app.extensions["motcua.services"]
        VIOLATIONS.clear()
        CHECKED.clear()
        context = browser.new_context(locale="vi-VN", accept_downloads=True)
        if AXE.exists():
            context.add_init_script(path=str(AXE))
        page = context.new_page()
        _citizen_files_a_birth_registration(page, base, _off_the_loop(_signed_birth_notice, services))
        with services.store.unit_of_work() as uow:
            [row] = uow.dossiers.list_summaries(DossierQuery(is_draft=False))
        assert row.reference.startswith("000.26.740.H79-") and row.reference in page.content()
        with page.expect_download() as download:
            page.get_by_role("link", name="GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ").click()
        receipt = download.value.path().read_bytes()
        text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(receipt)).pages)
        assert row.reference in " ".join(text.split())
        policy = SignaturePolicy(required=True, signer="organisation")
        assert _off_the_loop(verify_pdf, receipt, policy, services.trust).accepted
        page.goto(f"{base}/track/{row.reference}")
        page.fill('[name="phone_tail"]', "8154")
        page.get_by_role("button", name="Tra cứu").click()
        assert "Mới đăng ký" in page.content()
        _axe(page)

        # Officials of Phường Sài Gòn take it from their inboxes to a signed result.
        for username, action in [("tiepnhan.saigon", "Tiếp nhận hồ sơ"), ("hotich.saigon", "Trình lãnh đạo ký"),
                                 ("lanhdao.saigon", "Phê duyệt và ký số kết quả"),
                                 ("tiepnhan.saigon", "Trả kết quả cho người yêu cầu")]:
            _official_acts(browser, base, username, row.reference, action)

        # The citizen downloads the result; its signature verifies.
        page.goto(f"{base}/my/dossiers/{row.id}")
        assert "Đã trả kết quả" in page.content()
        with page.expect_download() as download:
            page.get_by_role("link", name="GIẤY KHAI SINH").first.click()
        result = download.value.path().read_bytes()
        report = _off_the_loop(verify_pdf, result, policy, services.trust)
        assert report.accepted and report.signatures[0].signer.organisation
        assert "TĂNG MINH AN" in " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(result)).pages)
        _axe(page)
        page.goto(f"{base}/my/dossiers")
        _axe(page)
        assert VIOLATIONS == [], "no serious or critical accessibility violation on the journey's pages"
        assert len(CHECKED) >= 14 or not AXE.exists()
