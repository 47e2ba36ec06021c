"""The dossier page for officials: answers with their origin, files with their verification, actions."""

from __future__ import annotations

import datetime as dt

import pytest

from runtime.dossiers.model import Provenance, StoredFile
from runtime.services import act_on_dossier
from runtime.services.documents import documents_of
from runtime.signatures import SignaturePolicy, verify_pdf
from runtime.signatures.report import AttachmentVerification
from runtime.web.officials import actor_of
from runtime.workflow import Actor
from tests.services.conftest import one_page_pdf

from .conftest import OFFICER, RECEIVER, at, change, file_dossier, log_in

STALE_VI = "Hồ sơ vừa được cán bộ khác xử lý. Vui lòng xem lại."
STALE_EN = "Another official has just acted on this dossier. Please review it."


def stored(services, dossier_id):
    with services.store.unit_of_work() as uow:
        return uow.dossiers.get(dossier_id)


@pytest.fixture
def filed(services):
    return file_dossier(services)


@pytest.fixture
def receiver(client):
    log_in(client, RECEIVER)
    client.get("/officials/?lang=en")
    return client


def test_dossier_page_marks_autofilled_and_changed_values_when_provenance_is_recorded(services, filed, receiver):
    original = {"province_code": "79", "commune_code": "26740", "street": "5 Nguyễn Huệ"}
    change(services, filed.id, provenance={
        "/applicant_name": Provenance(source="autofilled", attribute="citizen.full_name", original="Nguyễn Thị Lan"),
        "/applicant_address": Provenance(source="changed", attribute="citizen.current_address", original=original),
        "/child_name": Provenance(source="typed")})
    page = receiver.get(f"/officials/dossiers/{filed.id}").get_data(as_text=True)
    assert page.count("Autofilled") == 1 and "from the national population database" in page
    assert "citizen.full_name" not in page and "citizen.current_address" not in page, "no raw source keys"
    assert page.count("Changed by the applicant") == 1 and "5 Nguyễn Huệ" in page and "12 Lê Lợi" in page


def test_dossier_page_shows_each_files_verdict_reasons_and_signer_when_files_were_checked(services, filed, receiver):
    pdf = one_page_pdf("Bản sao không ký")
    report = verify_pdf(pdf, SignaturePolicy(required=True, signer="trusted"), services.trust)
    unsigned = StoredFile(sha256=services.attachments.put(pdf), name="ban-sao.pdf", media_type="application/pdf",
                          size=len(pdf), pages=1, verification=report.to_dict())
    components = stored(services, filed.id).components
    components[0].files.append(unsigned)
    change(services, filed.id, components=components)
    page = receiver.get(f"/officials/dossiers/{filed.id}").get_data(as_text=True)
    assert "Valid signature" in page and "Bác sĩ Lê Văn Hùng" in page and "012345678901" in page
    assert "Not signed" in page
    for reason in AttachmentVerification.from_dict(report.to_dict()).reasons:
        assert reason.message("en").replace("'", "&#39;").replace('"', "&#34;") in page
    assert f'src="/officials/dossiers/{filed.id}/files/{unsigned.sha256}"' in page, "PDF preview"


def test_file_is_served_inline_and_sandboxed_when_it_belongs_to_the_dossier(services, filed, receiver):
    sha256 = filed.components[0].files[0].sha256
    response = receiver.get(f"/officials/dossiers/{filed.id}/files/{sha256}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF-")
    assert response.headers["Content-Disposition"].startswith("inline")
    assert response.headers["Content-Security-Policy"].startswith("sandbox")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    download = receiver.get(f"/officials/dossiers/{filed.id}/files/{sha256}?download=1")
    assert download.headers["Content-Disposition"].startswith("attachment")


def test_issued_slip_is_downloadable_when_listed_on_the_page(services, filed, receiver):
    [receipt] = documents_of(filed, "01")
    page = receiver.get(f"/officials/dossiers/{filed.id}").get_data(as_text=True)
    assert f"/officials/dossiers/{filed.id}/files/{receipt['sha256']}" in page
    assert receiver.get(f"/officials/dossiers/{filed.id}/files/{receipt['sha256']}").status_code == 200


def test_file_is_not_found_when_it_belongs_to_another_dossier(services, filed, receiver):
    other = file_dossier(services)
    [receipt] = documents_of(other, "01")
    assert receiver.get(f"/officials/dossiers/{filed.id}/files/{receipt['sha256']}").status_code == 404
    assert receiver.get(f"/officials/dossiers/{filed.id}/files/{'0' * 64}").status_code == 404
    assert receiver.get("/officials/dossiers/no-such-dossier").status_code == 404


def test_action_is_applied_and_the_slips_named_when_the_form_is_sent(services, filed, receiver):
    response = receiver.post(f"/officials/dossiers/{filed.id}/actions/accept", data={"version": filed.version})
    assert response.status_code == 302 and response.location.endswith(f"/officials/dossiers/{filed.id}")
    page = receiver.get(response.location).get_data(as_text=True)
    assert "Done: Accept the dossier." in page and "Receipt and appointment slip (01)" in page
    assert stored(services, filed.id).status.step == "examine"


def test_action_closes_the_dossier_when_the_official_refuses_it_with_a_reason(services, filed, receiver):
    response = receiver.post(f"/officials/dossiers/{filed.id}/actions/refuse",
                             data={"version": filed.version, "comment": "Không thuộc thẩm quyền"})
    assert response.status_code == 302 and response.location.endswith(f"/officials/dossiers/{filed.id}")
    assert stored(services, filed.id).status.step == "refused"
    assert "This dossier is closed." in receiver.get(response.location).get_data(as_text=True)


def test_nothing_is_applied_and_the_comment_is_kept_when_another_official_acted_first(services, filed, client):
    log_in(client, RECEIVER)
    act_on_dossier(services, filed.id, "request-supplement", actor_of(RECEIVER), comment="Thiếu bản gốc")
    act_on_dossier(services, filed.id, "answer", Actor("citizen-lan", "applicant"))
    before = stored(services, filed.id)
    response = client.post(f"/officials/dossiers/{filed.id}/actions/accept",
                           data={"version": filed.version, "comment": "Đã kiểm tra kỹ"})
    page = response.get_data(as_text=True)
    assert response.status_code == 409 and STALE_VI in page and "Đã kiểm tra kỹ" in page
    assert f'name="version" value="{before.version}"' in page, "the fresh version, to try again"
    assert stored(services, filed.id).version == before.version


def test_stale_message_is_in_english_when_the_official_reads_english(services, filed, receiver):
    act_on_dossier(services, filed.id, "accept", actor_of(RECEIVER))
    response = receiver.post(f"/officials/dossiers/{filed.id}/actions/accept", data={"version": filed.version})
    assert response.status_code == 409 and STALE_EN in response.get_data(as_text=True)


def test_action_asks_for_a_comment_when_the_action_requires_one(services, filed, receiver):
    response = receiver.post(f"/officials/dossiers/{filed.id}/actions/request-supplement",
                             data={"version": filed.version, "comment": "   "})
    assert response.status_code == 422 and "Write a comment" in response.get_data(as_text=True)
    assert stored(services, filed.id).status.step == "receive"


def test_late_dossier_needs_a_new_date_and_issues_apology_04_when_forwarded(services, filed, clock, client):
    accepted = act_on_dossier(services, filed.id, "accept", actor_of(RECEIVER)).dossier
    clock.now = at(4, 9)  # the appointment was 3 March 08:30
    log_in(client, OFFICER)
    client.get("/officials/?lang=en")
    page = client.get(f"/officials/dossiers/{filed.id}").get_data(as_text=True)
    assert 'name="new_due_date"' in page and "apology slip (04)" in page
    url = f"/officials/dossiers/{filed.id}/actions/propose"
    missing = client.post(url, data={"version": accepted.version})
    assert missing.status_code == 422 and "give a new appointment date" in missing.get_data(as_text=True)
    wrong = client.post(url, data={"version": accepted.version, "new_due_date": "06/03/2026"})
    assert wrong.status_code == 422 and "real date" in wrong.get_data(as_text=True)
    past = client.post(url, data={"version": accepted.version, "new_due_date": "2026-03-04", "new_due_time": "08:00"})
    assert past.status_code == 422 and "in the future" in past.get_data(as_text=True)
    done = client.post(url, data={"version": accepted.version, "new_due_date": "2026-03-06", "new_due_time": "16:00"})
    assert done.status_code == 302
    assert "Apology and new appointment date (04)" in client.get(done.location).get_data(as_text=True)
    final = stored(services, filed.id)
    assert final.due_at == at(6, 16) and [d["kind"] for d in documents_of(final, "04")] == ["04"]


def test_action_needs_the_version_when_the_form_lacks_it(filed, receiver):
    assert receiver.post(f"/officials/dossiers/{filed.id}/actions/accept", data={}).status_code == 400


def test_action_files_must_be_pdf_when_an_action_needs_a_document(services, filed, receiver, monkeypatch):
    from io import BytesIO

    from runtime.web import officials_dossier

    monkeypatch.setattr(officials_dossier, "MAX_ACTION_FILE", 100)
    response = receiver.post(f"/officials/dossiers/{filed.id}/actions/accept", content_type="multipart/form-data",
                             data={"version": filed.version, "attachment": (BytesIO(b"GIF89a"), "x.gif")})
    assert response.status_code == 422 and "must be a PDF" in response.get_data(as_text=True)
    assert stored(services, filed.id).version == filed.version


def test_timeline_lists_each_event_with_its_comment_when_officials_acted(services, filed, receiver, clock):
    clock.now += dt.timedelta(minutes=10)
    act_on_dossier(services, filed.id, "request-supplement", actor_of(RECEIVER), comment="Bổ sung giấy chứng sinh")
    page = receiver.get(f"/officials/dossiers/{filed.id}").get_data(as_text=True)
    assert "Bổ sung giấy chứng sinh" in page and "Dossier filed" in page
    assert "Request to supplement the dossier (02)" in page and "Paused: waiting for the applicant" in page


def test_comment_is_shown_back_when_the_action_is_no_longer_possible(services, filed, receiver):
    act_on_dossier(services, filed.id, "accept", actor_of(RECEIVER))
    response = receiver.post(f"/officials/dossiers/{filed.id}/actions/refuse",
                             data={"version": filed.version, "comment": "Hồ sơ giả mạo"})
    page = response.get_data(as_text=True)
    assert response.status_code == 409 and "Hồ sơ giả mạo" in page and "no longer possible" in page


def test_dossier_page_tells_the_official_a_file_came_from_the_wallet_with_the_check_made_then(services, filed,
                                                                                             receiver):
    import dataclasses

    [entry] = filed.components
    reused = dataclasses.replace(entry.files[0], reused_from={"reference": "000.26.743.H79-260101-0007",
                                                              "dossier_id": "earlier", "kind": "attachment"})
    change(services, filed.id, components=[dataclasses.replace(entry, files=[reused])])
    page = receiver.get(f"/officials/dossiers/{filed.id}").get_data(as_text=True)
    assert page.count("Reused from the applicant's wallet") == 1
    assert "First filed with dossier 000.26.743.H79-260101-0007; the check below is the one made then." in page
    assert "Valid signature" in page, "the original verdict is shown"
