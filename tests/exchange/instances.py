"""Two motcua instances in one process, each with its own store, job queue and HTTP server.

``commune`` (A) runs the joint procedure 2.000986 with its residence step
handed to ``police`` (B) over the exchange API; ``police`` runs the police's
part of the same procedure (its own steps, the same eForm). Both share one
demo CA, as two agencies of one province trust the same national CA.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from werkzeug.serving import make_server

from runtime import create_app
from runtime.agencies import load_directory
from runtime.definitions import Catalog, DefinitionArchive
from runtime.definitions.loader import load_procedure
from runtime.demo import DEMO_DIR
from runtime.dossiers.model import ComponentFiles, Dossier, Person, StoredFile
from runtime.paths import procedures_dir
from runtime.services import act_on_dossier, submit_draft
from runtime.services.factory import build_services
from runtime.services.jobs import make_worker
from runtime.signatures import SignaturePolicy, verify_pdf
from runtime.signatures.demo_ca import sign_pdf
from runtime.web.access import Principal
from runtime.web.officials import actor_of
from tests.services.conftest import VN, one_page_pdf

KEY = "k" * 16 + "shared-secret-of-the-two-sides"
COMMUNE = "000.26.743.H79"  # Bến Thành ward People's Committee
POLICE = "CA.26.743.H79"  # Bến Thành ward police
ADDRESS = {"province_code": "79", "commune_code": "26743", "street": "12 Lê Lợi"}
APPLICANT_ID = "079190012345"

RECEIVER = Principal("official", "tiepnhan.benthanh", "Phạm Thị Hoa", roles=frozenset({(COMMUNE, "receiver")}))
OFFICER = Principal("official", "hotich.benthanh", "Lê Minh", roles=frozenset({(COMMUNE, "civil-status-officer")}))
LEADER = Principal("official", "lanhdao.benthanh", "Võ Văn Kiệt", roles=frozenset({(COMMUNE, "leader")}))
CITIZEN = Principal("citizen", "citizen-lan", "Nguyễn Thị Lan", personal_id=APPLICANT_ID)
RESIDENCE = Principal("official", "cutru.benthanh", "Đỗ Văn Nam", roles=frozenset({(POLICE, "residence-officer")}))

EXCHANGE = {"to": "police-benthanh", "procedure": "2.000986",
            "on": {"result": "registered", "supplement": "request-supplement", "refused": "refuse-residence"}}


def shipped() -> dict[str, Any]:
    return json.loads((procedures_dir() / "2.000986" / "procedure.json").read_text(encoding="utf-8"))


def commune_definition() -> dict[str, Any]:
    """2.000986 with the residence step handed to the police's system, and a supplement step for it."""
    doc = shipped()
    steps = doc["processing"]["steps"]
    residence = next(s for s in steps if s["id"] == "residence")
    residence["exchange"] = copy.deepcopy(EXCHANGE)
    residence["agency"] = {"resolve": "same"}
    residence["actions"].append({"id": "request-supplement", "name": {"vi": "Công an yêu cầu bổ sung hồ sơ",
                                                                      "en": "The police ask for more documents"},
                                 "kind": "request-supplement", "to": "awaiting-residence-supplement", "slip": "02",
                                 "requires": ["comment"]})
    steps.append({"id": "awaiting-residence-supplement",
                  "name": {"vi": "Chờ bổ sung hồ sơ đăng ký thường trú", "en": "Waiting for the residence additions"},
                  "role": "applicant", "status": 5,
                  "actions": [{"id": "answer", "name": {"vi": "Nộp bổ sung hồ sơ", "en": "Send the additions"},
                               "kind": "answer-supplement", "to": "residence"},
                              {"id": "withdraw", "name": {"vi": "Rút hồ sơ", "en": "Withdraw the dossier"},
                               "kind": "withdraw", "to": "withdrawn"}]})
    return doc


def _action(action_id: str, vi: str, en: str, kind: str, to: str, **more: Any) -> dict[str, Any]:
    return {"id": action_id, "name": {"vi": vi, "en": en}, "kind": kind, "to": to, **more}


def police_definition() -> dict[str, Any]:
    """The police's part of 2.000986: the same eForm, its own steps at the ward police."""
    doc = shipped()
    police = {"resolve": "applicant-address", "level": "commune", "kind": "commune-police"}
    doc["processing"] = {"start": "receive", "steps": [
        {"id": "receive", "name": {"vi": "Tiếp nhận hồ sơ liên thông", "en": "Receive the joint dossier"},
         "role": "residence-officer", "agency": police, "duration": {"amount": 1, "unit": "working-days"},
         "status": 1, "actions": [
             _action("accept", "Tiếp nhận", "Accept", "accept", "examine"),
             _action("request-supplement", "Yêu cầu bổ sung", "Ask for more documents", "request-supplement",
                     "awaiting-supplement", slip="02", requires=["comment"]),
             _action("refuse", "Từ chối", "Refuse", "refuse", "refused", slip="03", requires=["comment"])]},
        {"id": "awaiting-supplement", "name": {"vi": "Chờ bổ sung", "en": "Waiting for additions"},
         "role": "applicant", "status": 5, "actions": [
             _action("answer", "Nộp bổ sung", "Send the additions", "answer-supplement", "receive"),
             _action("withdraw", "Rút hồ sơ", "Withdraw", "withdraw", "withdrawn")]},
        {"id": "examine", "name": {"vi": "Đăng ký thường trú cho trẻ", "en": "Register the child's residence"},
         "role": "residence-officer", "duration": {"amount": 5, "unit": "working-days"}, "status": 4,
         "actions": [_action("approve", "Đăng ký thường trú", "Register the residence", "issue-result", "done"),
                     _action("refuse", "Từ chối", "Refuse", "refuse", "refused", slip="03", requires=["comment"])]},
        {"id": "done", "name": {"vi": "Đã đăng ký", "en": "Registered"}, "role": "residence-officer",
         "status": 9, "end": True},
        {"id": "refused", "name": {"vi": "Từ chối", "en": "Refused"}, "role": "residence-officer", "status": 3,
         "end": True},
        {"id": "withdrawn", "name": {"vi": "Đã rút", "en": "Withdrawn"}, "role": "residence-officer", "status": 7,
         "end": True}]}
    return doc


@dataclass
class Instance:
    name: str
    config: dict[str, Any]
    services: Any = None
    app: Any = None
    url: str = ""
    _server: Any = None
    _holder: dict[str, Any] = field(default_factory=dict)

    def set_down(self, down: bool) -> None:
        self._holder["down"] = down

    def run_worker(self) -> int:
        """Run every due job (deliveries, receipts) until none is left; how many ran."""
        return make_worker(self.services, self.config, poll=0.01).run(until_idle=True)

    def dossier(self, dossier_id: str) -> Dossier:
        with self.services.store.unit_of_work() as uow:
            return uow.dossiers.get(dossier_id)

    def only_dossier(self) -> Dossier:
        from runtime.storage import DossierQuery

        with self.services.store.unit_of_work() as uow:
            found = uow.dossiers.list(DossierQuery())
        assert len(found) == 1, f"{self.name} holds {len(found)} dossiers"
        return found[0]

    def count(self) -> int:
        from runtime.storage import DossierQuery

        with self.services.store.unit_of_work() as uow:
            return uow.dossiers.count(DossierQuery())


def _serve(instance: Instance) -> None:
    holder = instance._holder

    def wsgi(environ, start_response):
        if holder.get("down"):  # the system is unreachable for a while (maintenance, network)
            start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
            return [b"down for maintenance"]
        return holder["app"](environ, start_response)

    instance._server = make_server("127.0.0.1", 0, wsgi, threaded=True)
    instance.url = f"http://127.0.0.1:{instance._server.server_port}"
    threading.Thread(target=instance._server.serve_forever, name=f"motcua-{instance.name}", daemon=True).start()


def _definition_dir(root: Path, document: dict[str, Any]) -> Catalog:
    folder = root / "procedures" / document["code"]
    folder.mkdir(parents=True)
    (folder / "procedure.json").write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return Catalog([load_procedure(folder / "procedure.json")], DefinitionArchive(root / "archive"))


def start_pair(tmp_path: Path, *, store_urls: tuple[str, str] | None = None) -> tuple[Instance, Instance]:
    """Commune (A) and police (B), serving HTTP on free local ports, each a partner of the other."""
    commune, police = Instance("commune", {}), Instance("police", {})
    _serve(commune)
    _serve(police)
    ids = {"commune": "ubnd-benthanh", "police": "police-benthanh"}
    for instance, other, document in ((commune, police, commune_definition()), (police, commune, police_definition())):
        root = tmp_path / instance.name
        instance.config = {
            "TESTING": True, "SECRET_KEY": f"secret-{instance.name}", "INSTANCE_PATH": str(root / "instance"),
            "WTF_CSRF_ENABLED": False, "MOTCUA_WORKER": "external", "MOTCUA_DEMO_CA": str(tmp_path / "demo-ca"),
            "MOTCUA_STORE": store_urls[0 if instance is commune else 1] if store_urls else f"tinydb://{root / 'store'}",
            "MOTCUA_BASE_URL": instance.url, "MOTCUA_EXCHANGE_ID": ids[instance.name],
            "MOTCUA_EXCHANGE_PARTNERS": {ids[other.name]: {"url": other.url, "key": KEY, "name": other.name}}}
        catalog = _definition_dir(root, document)
        instance.services = build_services(instance.config, root / "instance", catalog,
                                           load_directory(DEMO_DIR / "agencies.json"))
        instance.app = create_app(instance.config)
        instance.app.extensions["motcua.services"] = instance.services
        instance._holder["app"] = instance.app
    return commune, police


def stop(*instances: Instance) -> None:
    for instance in instances:
        instance._server.shutdown()
        instance.services.store.close()


def signed_birth_notice(services) -> StoredFile:
    credentials = services.signer.ca.issue_person("012345678901", "Bác sĩ Lê Văn Hùng")
    pdf = sign_pdf(one_page_pdf(), credentials)
    report = verify_pdf(pdf, SignaturePolicy(required=True, signer="trusted"), services.trust)
    return StoredFile(sha256=services.attachments.put(pdf), name="giay-chung-sinh.pdf", media_type="application/pdf",
                      size=len(pdf), pages=1, verification=report.to_dict())


def birth_data(today: dt.date) -> dict[str, Any]:
    return {
        "applicant_name": "Nguyễn Thị Lan", "applicant_personal_id": APPLICANT_ID, "applicant_phone": "0912345678",
        "applicant_email": "lan@example.vn", "applicant_address": ADDRESS, "relationship_to_child": "mother",
        "child_name": "Trần Minh Khôi", "child_sex": "male",
        "child_birth_date": (today - dt.timedelta(days=10)).isoformat(),
        "child_birth_place_kind": "health-facility", "child_birth_place": "Bệnh viện Từ Dũ", "child_ethnicity": "Kinh",
        "child_nationality": "Việt Nam", "mother_name": "Nguyễn Thị Lan", "mother_birth_date": "1990-05-01",
        "mother_ethnicity": "Kinh", "mother_nationality": "Việt Nam", "mother_address": ADDRESS, "father_known": False,
        "residence_with": "mother", "child_permanent_address": ADDRESS, "household_head_name": "Nguyễn Văn Ba",
        "household_head_personal_id": "079160000001", "relationship_to_household_head": "grandchild",
        "initial_health_facility": "Trạm y tế phường Bến Thành"}


def file_joint_dossier(commune: Instance) -> Dossier:
    """The citizen files 2.000986 at the commune (A)."""
    services = commune.services
    procedure = services.catalog.get("2.000986")
    draft = Dossier(procedure_code="2.000986", definition_version=procedure.version, case_id=procedure.cases[0].id,
                    account_id="citizen-lan", data=birth_data(services.now().astimezone(VN).date()),
                    applicant=Person(full_name="Nguyễn Thị Lan", personal_id=APPLICANT_ID, phone="0912345678",
                                     email="lan@example.vn", address=ADDRESS))
    draft.components.append(ComponentFiles(component_id="birth-notice", files=[signed_birth_notice(services)]))
    with services.store.unit_of_work() as uow:
        uow.dossiers.add(draft)
        uow.commit()
    return submit_draft(services, draft.id, "citizen-lan")


def official_act(instance, dossier_id, action_id, principal, **options):
    return act_on_dossier(instance.services, dossier_id, action_id, actor_of(principal), **options)


def to_residence(commune):
    """The commune registers the birth and sends the residence part on (the handover is queued)."""
    filed = file_joint_dossier(commune)
    official_act(commune, filed.id, "accept", RECEIVER)
    official_act(commune, filed.id, "propose", OFFICER)
    official_act(commune, filed.id, "approve", LEADER)
    proof = commune.services.attachments.put(one_page_pdf("Phiếu chuyển hồ sơ đăng ký thường trú"))
    official_act(commune, filed.id, "transfer-police", OFFICER, attachments=(proof,))
    return commune.dossier(filed.id)


def filed_at_police(commune, police):
    """The residence part handed over and acknowledged: (the commune's dossier, the police's dossier)."""
    sent = to_residence(commune)
    commune.run_worker()
    police.run_worker()  # its receipt, and the "received" report back to the commune
    return commune.dossier(sent.id), police.only_dossier()
