"""The result document in the studio's acceptance test: the administrator lays it out without
JSON, and after publication a citizen files the procedure and officials take it to a signed
result whose PDF shows the template's text and the citizen's data.

Used by :mod:`tests.studio.test_studio_browser`; the officials' steps reuse the citizens'
journey's helpers (:mod:`tests.web.test_browser_journey`).
"""

from __future__ import annotations

import datetime as dt
import io

import pypdf

from runtime.documents.words import date_words
from runtime.signatures import SignaturePolicy, verify_pdf
from runtime.signatures.demo_ca import sign_pdf
from runtime.storage import DossierQuery
from tests.services.conftest import one_page_pdf
from tests.web.test_browser_journey import _off_the_loop, _official_acts

MAI, MAI_NAME = "079300334579", "Tăng Ngọc Mai"
TEMPLATE_TEXT = "Bản sao được cấp theo yêu cầu; ngày cấp giấy tờ gốc:"
RECORD_DATE = dt.date(2020, 2, 1)


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages).split())


def author_lays_out_the_result(s, version: str) -> None:
    """The leader's step issues a signed result, laid out from the form with one text block more,
    whose field is inserted (formatted as a date in words) from the picker."""
    p = s.page
    p.goto(f"{version}/processing")
    p.select_option("#a-step", "decide")
    p.fill("#a-id", "issue")
    p.fill("#a-name-vi", "Ký và cấp kết quả")
    p.fill("#a-name-en", "Sign and issue the result")
    p.select_option("#a-kind", "issue-result")
    p.select_option("#a-to", "done")
    p.select_option("#a-slip", "")
    p.get_by_role("button", name="Thêm thao tác").click()
    s.saved()

    p.get_by_role("link", name="Văn bản kết quả").click()
    p.fill("#result-name-vi", "Bản sao giấy tờ")
    p.fill("#result-name-en", "Copy of the record")
    p.locator("#result-signed").check()
    p.get_by_role("button", name="Lưu kết quả").click()
    s.saved()
    p.get_by_role("button", name="Bắt đầu bố cục").click()  # from the form's fields
    s.saved()
    # a text paragraph before the signature block (the last one)
    p.select_option("#add-kind", "text")
    before_signature = p.locator("#add-position option").last.get_attribute("value")
    p.select_option("#add-position", before_signature)
    p.get_by_role("button", name="Thêm khối").click()
    s.saved()
    block = p.locator(f"#block-{before_signature}")
    block.locator("summary").click()
    block.locator("[name=text]").fill(TEMPLATE_TEXT)
    block.locator("[data-insert-field]").select_option("record_date")
    block.locator("[data-insert-format]").select_option("date_words")
    block.locator("[data-insert-into]").select_option("text")
    block.get_by_role("button", name="Chèn", exact=True).click()  # at the cursor, in the browser
    inserted = block.locator("[name=text]").input_value()
    assert inserted == TEMPLATE_TEXT + " {{ raw.record_date | date_words }}", inserted
    block.get_by_role("button", name="Lưu khối").click()
    s.saved()
    # the blocks in a new order with the keyboard: the title first, the header second, then back
    first = p.locator("#item-1")
    first.focus()
    p.keyboard.press("Alt+ArrowUp")
    assert p.locator("[data-sortable-item]").first.get_attribute("id") == "item-1"
    p.keyboard.press("Alt+ArrowDown")
    p.get_by_role("button", name="Lưu thứ tự").click()
    s.saved()
    assert p.locator(".motcua-problem").count() == 0, p.locator(".motcua-problem").first.inner_text()
    preview = p.request.get(f"{version}/result.pdf?case=0")
    assert preview.ok and preview.headers["content-type"] == "application/pdf"
    assert TEMPLATE_TEXT in pdf_text(preview.body())
    p.locator(f"#block-{before_signature} summary").click()  # the picture shows a block's form
    s.check("13-result")


def _citizen_files(page, base: str, code: str, signed_form: bytes) -> None:
    page.goto(f"{base}/auth/citizen?next=/procedures/{code}")
    page.locator("form", has=page.locator(f'input[name="personal_id"][value="{MAI}"]')).locator("button").click()
    page.get_by_role("button", name="Nộp hồ sơ trực tuyến").click()
    page.locator("main form button.govuk-button").click()
    assert page.locator('[name="applicant_id"]').input_value() == MAI, "autofilled"
    page.locator("input[name=relationship][value=self]").check()
    page.locator(".govuk-button-group button[value=continue]").click()
    page.fill('[name="record_date"]', RECORD_DATE.strftime("%d/%m/%Y"))
    page.fill('[name="copies"]', "2")
    page.locator(".govuk-button-group button[value=continue]").click()
    page.locator("main form button.govuk-button").click()  # check answers: continue to the documents
    page.locator("#file-request-form").set_input_files(
        {"name": "to-khai.pdf", "mimeType": "application/pdf", "buffer": signed_form})
    page.locator("form", has=page.locator("#file-request-form")).locator("button").click()
    assert "to-khai.pdf" in page.content()
    page.locator("main a.govuk-button").last.click()
    assert "4.000 đ" in page.content(), "1 page × 2.000 đ × 2 copies"
    if page.locator("#agency").count():
        page.select_option("#agency", "000.26.740.H79")
    page.locator("main form button.govuk-button").click()
    page.locator("button[value=pay]").click()
    page.locator("main a.govuk-button").click()
    page.locator("main form button.govuk-button").click()
    assert "Hồ sơ đã được nộp với mã" in page.content()


def citizen_files_and_officials_issue_the_result(browser, base: str, services, code: str, check) -> None:
    """A citizen files the published procedure; the receiver accepts it, the leader signs and
    issues the result; the citizen downloads it: the template's text and their data, signed."""
    mai = services.signer.ca.issue_person(MAI, MAI_NAME)
    signed_form = _off_the_loop(sign_pdf, one_page_pdf(), mai)
    context = browser.new_context(locale="vi-VN", accept_downloads=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    _citizen_files(page, base, code, signed_form)
    with services.store.unit_of_work() as uow:
        [row] = [r for r in uow.dossiers.list_summaries(DossierQuery(is_draft=False)) if r.procedure_code == code]
    for username, action in (("tiepnhan.saigon", "accept"), ("lanhdao.saigon", "issue")):
        _official_acts(browser, base, "vi", 1280, username, row.reference, action, check)
    page.goto(f"{base}/my/dossiers/{row.id}")
    with page.expect_download() as download:
        page.locator("main a.govuk-link", has_text="Kết quả giải quyết").first.click()
    result = download.value.path().read_bytes()
    context.close()
    text = pdf_text(result)
    assert TEMPLATE_TEXT in text and date_words(RECORD_DATE) in text, text
    assert f"Cấp cho ông/bà {MAI_NAME} theo hồ sơ số {row.reference}" in text, text
    report = _off_the_loop(verify_pdf, result, SignaturePolicy(required=True, signer="organisation"), services.trust)
    assert report.accepted and report.signatures[0].signer.organisation
