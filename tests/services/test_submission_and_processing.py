"""From a draft to a signed result, through the services the web views call."""

from __future__ import annotations

import datetime as dt
import io
import threading

import pypdf
import pytest

from runtime.payments import PaymentRequest, apply_confirmation, new_payment
from runtime.services import SubmissionError, act_on_dossier, submit_draft
from runtime.services.documents import documents_of
from runtime.signatures import SignaturePolicy, verify_pdf
from runtime.storage import StaleDossierError
from runtime.workflow import Actor, WorkflowError

from .conftest import BIRTH_DATA, make_draft

AGENCY = "000.26.743.H79"
RECEIVER = Actor("receiver-1", "official", frozenset({(AGENCY, "receiver")}))
OFFICER = Actor("officer-1", "official", frozenset({(AGENCY, "civil-status-officer")}))
OFFICER_2 = Actor("officer-2", "official", frozenset({(AGENCY, "civil-status-officer")}))
LEADER = Actor("leader-1", "official", frozenset({(AGENCY, "leader")}))


def _pdf_text(services, sha256: str) -> str:
    with services.attachments.open(sha256) as fh:
        data = fh.read()
    return " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages).split())


def test_submission_files_the_dossier_with_code_receipt_and_appointment(services):
    draft = make_draft(services)
    dossier = submit_draft(services, draft.id, "citizen-lan")
    assert dossier.reference == f"{AGENCY}-260302-0001"
    assert (dossier.status.step, dossier.status.national_code, dossier.is_draft) == ("receive", 1, False)
    assert dossier.due_at.isoformat() == "2026-03-03T08:30:00+07:00"
    [receipt] = documents_of(dossier, "01")
    text = _pdf_text(services, receipt["sha256"])
    assert dossier.reference in text and "02/03/2026" in text and "03/03/2026" in text
    with services.attachments.open(receipt["sha256"]) as fh:
        report = verify_pdf(fh.read(), SignaturePolicy(required=True, signer="organisation"), services.trust)
    assert report.accepted
    assert services.catalog.archive.load("1.001193", dossier.definition_version) is not None, "version pinned"
    assert any(m.kind == "receipt" for m in services.outbox.messages())


def test_codes_are_sequential_per_agency_and_day(services):
    first = submit_draft(services, make_draft(services).id, "citizen-lan")
    second = submit_draft(services, make_draft(services).id, "citizen-lan")
    assert (first.reference[-4:], second.reference[-4:]) == ("0001", "0002")


def test_submission_lists_every_problem_and_changes_nothing(services):
    data = dict(BIRTH_DATA)
    del data["child_name"]
    draft = make_draft(services, data=data, with_certificate=False)
    with pytest.raises(SubmissionError) as info:
        submit_draft(services, draft.id, "citizen-lan")
    keys = {p.key for p in info.value.problems}
    assert keys == {"page.invalid", "component.missing"}
    with services.store.unit_of_work() as uow:
        again = uow.dossiers.get(draft.id)
    assert again.is_draft and again.reference is None and again.version == draft.version


def test_someone_else_cannot_file_your_draft(services):
    draft = make_draft(services)
    with pytest.raises(SubmissionError) as info:
        submit_draft(services, draft.id, "citizen-other")
    assert info.value.problems[0].key == "dossier.not_yours"


def test_fees_due_at_receipt_must_be_paid_before_filing(services):
    draft = make_draft(services, data={**BIRTH_DATA, "extract_copies": 2})
    with pytest.raises(SubmissionError) as info:
        submit_draft(services, draft.id, "citizen-lan")
    assert {p.key for p in info.value.problems} == {"fees.unpaid"}
    with services.store.unit_of_work() as uow:
        dossier = uow.dossiers.get(draft.id)
        payment = new_payment(dossier, 16000, "demo", services.now())
        params = services.gateway.confirmation(PaymentRequest(payment["txn_ref"], 16000, "", dossier.id), True, "T1")
        apply_confirmation(dossier, services.gateway.verify_callback(params), services.now())
        uow.dossiers.update(dossier)
        uow.commit()
    filed = submit_draft(services, draft.id, "citizen-lan")
    assert filed.fees["total"] == 16000


def test_officials_take_the_dossier_to_a_signed_verified_result(services, clock):
    dossier = submit_draft(services, make_draft(services).id, "citizen-lan")
    for actor, action in [(RECEIVER, "accept"), (OFFICER, "propose"), (LEADER, "approve"), (RECEIVER, "hand-over")]:
        clock.now += dt.timedelta(minutes=30)
        dossier = act_on_dossier(services, dossier.id, action, actor, expected_version=dossier.version).dossier
    assert dossier.status.national_code == 10
    [result] = documents_of(dossier, "result")
    assert result["signed"] and result["verification"]["verdict"] in ("valid", "valid_with_warnings")
    text = _pdf_text(services, result["sha256"])
    assert "GIẤY KHAI SINH" in text and "TRẦN MINH KHÔI" in text  # the form writes names in capitals
    assert any(m.kind == "result" for m in services.outbox.messages())


def test_result_is_not_released_when_the_trust_roots_do_not_accept_the_agency_signature(services, clock, tmp_path):
    from runtime.services.documents import ResultNotVerifiedError
    from runtime.signatures.demo_ca import DemoCA

    dossier = submit_draft(services, make_draft(services).id, "citizen-lan")
    for actor, action in [(RECEIVER, "accept"), (OFFICER, "propose")]:
        dossier = act_on_dossier(services, dossier.id, action, actor, expected_version=dossier.version).dossier
    services.trust = DemoCA.open(tmp_path / "another-ca").trust_store()  # not the CA of the agency's certificate
    with pytest.raises(ResultNotVerifiedError):
        act_on_dossier(services, dossier.id, "approve", LEADER, expected_version=dossier.version)
    with services.store.unit_of_work() as uow:
        assert documents_of(uow.dossiers.get(dossier.id), "result") == []


def test_accepting_an_online_dossier_issues_no_second_receipt_when_one_was_issued_at_filing(services, clock):
    dossier = submit_draft(services, make_draft(services).id, "citizen-lan")
    clock.now += dt.timedelta(minutes=30)
    outcome = act_on_dossier(services, dossier.id, "accept", RECEIVER, expected_version=dossier.version)
    assert [d["kind"] for d in outcome.documents] == []
    assert len(documents_of(outcome.dossier, "01")) == 1


def test_supplement_request_issues_slip_02_and_notifies(services, clock):
    dossier = submit_draft(services, make_draft(services).id, "citizen-lan")
    with pytest.raises(WorkflowError):
        act_on_dossier(services, dossier.id, "request-supplement", RECEIVER)  # a reason is required
    outcome = act_on_dossier(services, dossier.id, "request-supplement", RECEIVER, comment="Bổ sung bản gốc")
    assert outcome.dossier.status.national_code == 5
    assert [d["kind"] for d in outcome.documents] == ["02"]
    assert any(m.kind == "supplement" for m in services.outbox.messages())


def test_two_officials_acting_at_once_exactly_one_applies(services):
    dossier = submit_draft(services, make_draft(services).id, "citizen-lan")
    dossier = act_on_dossier(services, dossier.id, "accept", RECEIVER).dossier
    seen = dossier.version
    barrier, results = threading.Barrier(2), []

    def attempt(actor, action, comment=None):
        barrier.wait()
        try:
            act_on_dossier(services, dossier.id, action, actor, expected_version=seen, comment=comment)
            results.append("applied")
        except (StaleDossierError, WorkflowError) as exc:
            results.append(type(exc).__name__)

    threads = [threading.Thread(target=attempt, args=(OFFICER, "propose")),
               threading.Thread(target=attempt, args=(OFFICER_2, "refuse", "Không đủ điều kiện"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results)[0] == "StaleDossierError" and results.count("applied") == 1
    with services.store.unit_of_work() as uow:
        final = uow.dossiers.get(dossier.id)
    assert final.version == seen + 1 and final.events[-1].action in ("propose", "refuse")


def test_code_carries_the_date_in_vietnam_not_the_servers(services, clock):
    clock.now = dt.datetime(2026, 3, 2, 23, 30, tzinfo=dt.UTC)  # 06:30 on 3 March in Vietnam
    dossier = submit_draft(services, make_draft(services).id, "citizen-lan")
    assert dossier.reference == f"{AGENCY}-260303-0001"


def test_an_uploaded_result_is_signed_verified_and_released_instead_of_the_template(tmp_path, clock):
    import json

    from runtime.agencies import load_directory
    from runtime.definitions import Catalog, DefinitionArchive, load_definitions
    from runtime.demo import DEMO_DIR
    from runtime.paths import procedures_dir
    from runtime.services.factory import build_services

    from .conftest import one_page_pdf

    document = json.loads((procedures_dir() / "1.001193" / "procedure.json").read_text(encoding="utf-8"))
    sign_step = next(s for s in document["processing"]["steps"] if s["id"] == "sign")
    sign_step["actions"][0]["requires"] = ["result-document"]
    folder = tmp_path / "procedures" / "1.001193"
    folder.mkdir(parents=True)
    (folder / "procedure.json").write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    catalog = Catalog(load_definitions([tmp_path / "procedures"]).procedures, DefinitionArchive(tmp_path / "defs"))
    services = build_services({"SECRET_KEY": "t", "MOTCUA_STORE": f"tinydb://{tmp_path / 'store'}"}, tmp_path,
                              catalog, load_directory(DEMO_DIR / "agencies.json"))
    services.clock = clock
    dossier = submit_draft(services, make_draft(services).id, "citizen-lan")
    for actor, action in [(RECEIVER, "accept"), (OFFICER, "propose")]:
        dossier = act_on_dossier(services, dossier.id, action, actor).dossier
    with pytest.raises(WorkflowError):
        act_on_dossier(services, dossier.id, "approve", LEADER)  # the result document is required
    upload = services.attachments.put(one_page_pdf("Giay khai sinh so 123/2026 - ban do can bo soan"))
    dossier = act_on_dossier(services, dossier.id, "approve", LEADER, attachments=(upload,)).dossier
    [result] = documents_of(dossier, "result")
    assert result["signed"] and result["verification"]["verdict"] in ("valid", "valid_with_warnings")
    assert "ban do can bo soan" in _pdf_text(services, result["sha256"])
    services.store.close()


def test_filing_is_refused_when_the_answers_do_not_fit_the_case(services, monkeypatch):
    from runtime.definitions.model import Case

    draft = make_draft(services)
    monkeypatch.setattr(Case, "fits", lambda self, data: False)
    with pytest.raises(SubmissionError) as info:
        submit_draft(services, draft.id, "citizen-lan")
    assert {p.key for p in info.value.problems} == {"case.misfit"}
