"""The citizen sees the dossier filed at once, told the signed receipt is coming, then the receipt (worker thread)."""

from __future__ import annotations

import time

from runtime import create_app
from runtime.services import submit_draft
from runtime.services.documents import documents_of
from runtime.web.access import Principal
from tests.services.conftest import Clock, make_draft

WAITING = "Giấy tiếp nhận có chữ ký số đang được lập"


def _page(client, dossier_id):
    return client.get(f"/my/dossiers/{dossier_id}").get_data(as_text=True)


def test_dossier_page_says_the_receipt_is_coming_then_shows_it_when_the_worker_thread_signed_it(tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "INSTANCE_PATH": str(tmp_path), "WTF_CSRF_ENABLED": False,
                      "MOTCUA_STORE": f"tinydb://{tmp_path / 'store'}", "MOTCUA_WORKER": "thread"})
    services = app.extensions["motcua.services"]
    services.clock = Clock()
    worker = app.extensions["motcua.worker"]
    worker.stop()  # hold the worker back, to see the page before the receipt exists
    filed = submit_draft(services, make_draft(services).id, "citizen-lan")
    client = app.test_client()
    with client.session_transaction() as session:
        session["principal"] = Principal("citizen", id="citizen-lan", name="Lan").to_session()
    before = _page(client, filed.id)
    assert filed.reference in before and WAITING in before and "Giấy tiếp nhận hồ sơ và hẹn trả kết quả" not in before
    worker.stopping.clear()
    worker.run(until_idle=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with services.store.unit_of_work() as uow:
            if documents_of(uow.dossiers.get(filed.id), "01"):
                break
        time.sleep(0.2)
    after = _page(client, filed.id)
    assert "Giấy tiếp nhận hồ sơ và hẹn trả kết quả" in after and WAITING not in after


def test_worker_thread_issues_the_receipt_within_seconds_when_the_app_runs_one(tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "INSTANCE_PATH": str(tmp_path),
                      "MOTCUA_STORE": f"tinydb://{tmp_path / 'store'}", "MOTCUA_WORKER": "thread"})
    services = app.extensions["motcua.services"]
    try:
        filed = submit_draft(services, make_draft(services).id, "citizen-lan")
        deadline, issued = time.monotonic() + 30, []
        while not issued and time.monotonic() < deadline:
            time.sleep(0.2)
            with services.store.unit_of_work() as uow:
                issued = documents_of(uow.dossiers.get(filed.id), "01")
        assert issued, "no receipt within 30 s"
    finally:
        app.extensions["motcua.worker"].stop()
