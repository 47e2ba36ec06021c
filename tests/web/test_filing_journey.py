"""The citizen's whole journey over HTTP, CSRF on: demo login → autofilled pages → signed attachment →
fees → demo gateway → filing → signed receipt → tracking → public lookup."""

from __future__ import annotations

import datetime as dt
import io
import re
from zoneinfo import ZoneInfo

import pypdf
import pytest

from runtime import create_app
from runtime.services.context import VN
from runtime.signatures import SignaturePolicy, verify_pdf
from runtime.signatures.demo_ca import sign_pdf
from tests.forms.conftest import Browser
from tests.identity.helpers import csrf_token, demo_login
from tests.services.conftest import one_page_pdf

#: A birth 10 days before today in Vietnam: the on-time case takes births within 60 days.
RECENT_BIRTH = (dt.datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()
                - dt.timedelta(days=10)).strftime("%d/%m/%Y")

MAI = "079300334579"  # Tăng Ngọc Mai, Phường Sài Gòn, phone ending 8154


@pytest.fixture
def app(tmp_path):
    return create_app({"TESTING": True, "SECRET_KEY": "t", "INSTANCE_PATH": str(tmp_path),
                       "MOTCUA_STORE": f"tinydb://{tmp_path / 'store'}"})


def _fill_the_birth_registration(browser: Browser) -> str:
    browser.get("/procedures/1.001193/apply")
    browser.send()
    assert "/pages/applicant" in browser.url
    html = browser.html
    assert "Tăng Ngọc Mai" in html and MAI in html, "the applicant page is autofilled"
    browser.send({"relationship_to_child": "mother", "applicant_name": "Someone Else"})
    assert "/pages/child" in browser.url
    browser.send({"child_name": "Tăng Minh An", "child_sex": "male", "child_birth_date": RECENT_BIRTH,
                  "child_birth_place": "Bệnh viện Từ Dũ"})
    assert "/pages/mother" in browser.url
    browser.send({"mother_name": "Tăng Ngọc Mai", "mother_birth_date": "15/03/1996",
                  "mother_address-province_code": "79", "mother_address-commune_code": "26740",
                  "mother_address-street": "42/22 Nguyễn Huệ"})
    assert "/pages/result" in browser.url, "the father's page is skipped when the father is not given"
    browser.send({"extract_copies": "1", "delivery": "online"})
    assert browser.url.endswith("/check")
    return re.search(r"/drafts/([0-9a-f]+)/check", browser.url).group(1)


def test_citizen_files_pays_and_follows_a_dossier(app):
    services = app.extensions["motcua.services"]
    client = app.test_client()
    assert demo_login(client, MAI).status_code == 302
    browser = Browser(client)
    draft_id = _fill_the_birth_registration(browser)

    with services.store.unit_of_work() as uow:
        draft = uow.dossiers.get(draft_id)
    assert draft.data["applicant_name"] == "Tăng Ngọc Mai", "a locked identity value is kept whatever is sent"
    assert draft.provenance["/applicant_name"].source == "autofilled"

    response = client.post(f"/drafts/{draft_id}/check", data={"csrf_token": csrf_token(browser.html)})
    assert response.headers["Location"].endswith(f"/drafts/{draft_id}/documents")

    page = client.get(f"/drafts/{draft_id}/documents").get_data(as_text=True)
    doctor = services.signer.ca.issue_person("012345678901", "Bác sĩ Lê Văn Hùng")
    client.post(f"/drafts/{draft_id}/documents", data={
        "csrf_token": csrf_token(page), "component": "birth-certificate",
        "file": (io.BytesIO(sign_pdf(one_page_pdf(), doctor)), "giay-chung-sinh.pdf")},
        content_type="multipart/form-data")
    assert "giay-chung-sinh.pdf" in client.get(f"/drafts/{draft_id}/documents").get_data(as_text=True)

    fees = client.get(f"/drafts/{draft_id}/fees").get_data(as_text=True)
    assert "8.000 đ" in fees
    gateway = client.post(f"/drafts/{draft_id}/pay", data={"csrf_token": csrf_token(fees)})
    bank = client.get(gateway.headers["Location"])
    assert bank.status_code == 200 and "8.000 đ" in bank.get_data(as_text=True)
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', bank.get_data(as_text=True)))
    back = client.post("/demo-gateway/pay", data={**fields, "choice": "pay"})
    assert "/payments/return?" in back.headers["Location"]
    assert client.get(back.headers["Location"]).status_code == 200

    fees = client.get(f"/drafts/{draft_id}/fees").get_data(as_text=True)
    filed = client.post(f"/drafts/{draft_id}/submit", data={"csrf_token": csrf_token(fees)})
    assert filed.headers["Location"].endswith(f"/my/dossiers/{draft_id}")

    with services.store.unit_of_work() as uow:
        dossier = uow.dossiers.get(draft_id)
    assert dossier.reference.startswith("000.26.740.H79-") and dossier.status.national_code == 1
    assert dossier.applicant.personal_id == MAI and dossier.fees["total"] == 8000
    receipt = dossier.extra["documents"][0]
    pdf = client.get(f"/my/dossiers/{draft_id}/documents/{receipt['sha256']}").data
    text = " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages).split())
    received = dossier.received_at.astimezone(VN)
    assert dossier.reference in text and received.strftime("%d/%m/%Y") in text
    assert received.strftime("%y%m%d") in dossier.reference, "the code carries the date in Vietnam"
    assert verify_pdf(pdf, SignaturePolicy(required=True, signer="organisation"), services.trust).accepted

    assert dossier.reference in client.get("/my/dossiers").get_data(as_text=True)
    visitor = app.test_client()
    form = visitor.get(f"/track/{dossier.reference}").get_data(as_text=True)
    public = visitor.post("/track/", data={"csrf_token": csrf_token(form), "reference": dossier.reference,
                                           "phone_tail": "8154"})
    assert "đăng ký khai sinh" in public.get_data(as_text=True)


def test_forged_payment_confirmation_changes_nothing(app):
    services = app.extensions["motcua.services"]
    client = app.test_client()
    response = client.post("/payments/ipn", data={"mc_TxnRef": "x-1", "mc_Amount": "800000",
                                                  "mc_ResponseCode": "00", "mc_TransactionNo": "1",
                                                  "mc_SecureHash": "0" * 128})
    assert response.status_code == 400 and response.get_json()["RspCode"] == "97"
    assert services.store is not None


def test_attaching_and_filing_need_a_signed_in_citizen(app):
    client = app.test_client()
    assert client.get("/drafts/abc/documents").status_code == 302
    assert client.post("/drafts/abc/submit").status_code in (302, 400)


def _encrypted(data: bytes) -> bytes:
    reader, writer = pypdf.PdfReader(io.BytesIO(data)), pypdf.PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    writer.encrypt(user_password="mat-khau", owner_password="chu-so-huu", algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(("kind", "expected"), [
    ("truncated", "PDF"), ("encrypted", "mật khẩu"), ("renamed", "PDF"), ("nested", "PDF"),
])
def test_hostile_uploads_get_their_message_and_the_server_stays_up(app, kind, expected):
    from tests.signatures.pdfs import nested_pdf

    services = app.extensions["motcua.services"]
    client = app.test_client()
    demo_login(client, MAI)
    browser = Browser(client)
    draft_id = _fill_the_birth_registration(browser)
    doctor = services.signer.ca.issue_person("012345678901", "Bác sĩ Lê Văn Hùng")
    signed = sign_pdf(one_page_pdf(), doctor)
    data = {"truncated": signed[: len(signed) // 2], "encrypted": _encrypted(one_page_pdf()),
            "renamed": b"PK\x03\x04 a zip archive renamed to .pdf" * 10, "nested": nested_pdf()}[kind]
    page = client.get(f"/drafts/{draft_id}/documents").get_data(as_text=True)
    response = client.post(f"/drafts/{draft_id}/documents", data={
        "csrf_token": csrf_token(page), "component": "birth-certificate",
        "file": (io.BytesIO(data), "giay-chung-sinh.pdf")}, content_type="multipart/form-data",
        follow_redirects=True)
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and expected in text
    summary = text.split('class="govuk-error-summary"', 1)
    assert len(summary) == 2 and expected in summary[1], "in the error style, not an information banner"
    assert "<title>Lỗi: " in text, "the title says there is an error"
    with services.store.unit_of_work() as uow:
        assert uow.dossiers.get(draft_id).components == [], "nothing is attached"
    assert client.get("/").status_code == 200, "the server still answers"


def test_a_wallet_document_is_reused_with_one_click_and_keeps_its_verification_report(app):
    from runtime.services import submit_draft
    from tests.services.conftest import make_draft

    services = app.extensions["motcua.services"]
    earlier = submit_draft(services, make_draft(services, owner=f"vn-{MAI}").id, f"vn-{MAI}")
    original = earlier.components[0].files[0]
    client = app.test_client()
    demo_login(client, MAI)
    draft_id = _fill_the_birth_registration(Browser(client))
    page = client.get(f"/drafts/{draft_id}/documents").get_data(as_text=True)
    assert "giay-chung-sinh.pdf" in page and earlier.reference in page
    client.post(f"/drafts/{draft_id}/documents/reuse", data={
        "csrf_token": csrf_token(page), "component": "birth-certificate", "sha256": original.sha256})
    with services.store.unit_of_work() as uow:
        files = uow.dossiers.get(draft_id).components[0].files
    assert [f.sha256 for f in files] == [original.sha256]
    assert files[0].verification == original.verification, "the report made when it was first accepted"
    assert files[0].reused_from["reference"] == earlier.reference
    page = client.get(f"/drafts/{draft_id}/documents").get_data(as_text=True)
    assert "từ kho giấy tờ" in page, "the attached file says it came from the wallet"


def test_the_wallet_page_lists_the_citizens_documents_and_downloads_only_their_own(app):
    from runtime.services import submit_draft
    from tests.services.conftest import make_draft

    services = app.extensions["motcua.services"]
    mine = submit_draft(services, make_draft(services, owner=f"vn-{MAI}").id, f"vn-{MAI}")
    theirs = submit_draft(services, make_draft(services, owner="vn-someone-else").id, "vn-someone-else")
    client = app.test_client()
    demo_login(client, MAI)
    page = client.get("/my/wallet?lang=en").get_data(as_text=True)
    assert "giay-chung-sinh.pdf" in page and mine.reference in page and theirs.reference not in page
    assert "Filed by you" in page and "Valid signature" in page
    sha = mine.components[0].files[0].sha256
    download = client.get(f"/my/wallet/{sha}")
    assert download.status_code == 200 and download.data.startswith(b"%PDF-")
    assert client.get(f"/my/wallet/{'0' * 64}").status_code == 404
    their_sha = theirs.components[0].files[0].sha256
    assert their_sha != sha and client.get(f"/my/wallet/{their_sha}").status_code == 404
    assert app.test_client().get(f"/my/wallet/{sha}").status_code in (302, 401, 403), "not logged in: no file"


def test_someone_elses_document_cannot_be_reused(app):
    from runtime.services import submit_draft
    from tests.services.conftest import make_draft

    services = app.extensions["motcua.services"]
    other = submit_draft(services, make_draft(services, owner="vn-someone-else").id, "vn-someone-else")
    client = app.test_client()
    demo_login(client, MAI)
    draft_id = _fill_the_birth_registration(Browser(client))
    page = client.get(f"/drafts/{draft_id}/documents").get_data(as_text=True)
    assert other.reference not in page
    response = client.post(f"/drafts/{draft_id}/documents/reuse", data={
        "csrf_token": csrf_token(page), "component": "birth-certificate",
        "sha256": other.components[0].files[0].sha256})
    assert response.status_code == 404


def test_filing_answers_404_and_changes_nothing_when_the_draft_is_not_the_citizens_own(app):
    from runtime.services import submit_draft
    from tests.services.conftest import make_draft

    services = app.extensions["motcua.services"]
    someone_elses = make_draft(services, owner="vn-someone-else")
    already_filed = submit_draft(services, make_draft(services, owner=f"vn-{MAI}").id, f"vn-{MAI}")
    client = app.test_client()
    demo_login(client, MAI)
    draft_id = _fill_the_birth_registration(Browser(client))
    token = csrf_token(client.get(f"/drafts/{draft_id}/documents").get_data(as_text=True))
    for target in (someone_elses.id, already_filed.id, "no-such-draft"):
        response = client.post(f"/drafts/{target}/submit", data={"csrf_token": token})
        assert response.status_code == 404, target
    with services.store.unit_of_work() as uow:
        untouched = uow.dossiers.get(someone_elses.id)
        assert (untouched.is_draft, untouched.reference, untouched.version) == (True, None, someone_elses.version)
        assert uow.dossiers.get(already_filed.id).version == already_filed.version


def test_answers_marked_for_reuse_come_from_the_applicants_earlier_dossier(app):
    from runtime.dossiers.model import Dossier, Person

    services = app.extensions["motcua.services"]
    procedure = services.catalog.get("2.000720")
    earlier = Dossier(procedure_code="1.001612", account_id=f"vn-{MAI}", is_draft=False, reference="OLD-1",
                      applicant=Person(full_name="Tăng Ngọc Mai"),
                      data={"business_name": "Tiệm bánh Ngọc Mai", "business_tax_code": "0312345678"})
    with services.store.unit_of_work() as uow:
        uow.dossiers.add(earlier)
        uow.commit()
    client = app.test_client()
    demo_login(client, MAI)
    browser = Browser(client)
    browser.get(f"/procedures/{procedure.code}/apply")
    browser.send()
    draft_id = re.search(r"/drafts/([0-9a-f]+)/", browser.url).group(1)
    with services.store.unit_of_work() as uow:
        data = uow.dossiers.get(draft_id).data
    assert data["business_name"] == "Tiệm bánh Ngọc Mai" and data["business_tax_code"] == "0312345678"
