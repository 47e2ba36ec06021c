"""Demo dossiers: a few filings by demo citizens, in every state, for a first click-through.

Each dossier is filed and processed through the same services the web views
use (real codes, deadlines, signed slips and results), with a clock set in the
past, so the officials' inbox has work and marks (overdue, due soon, waiting
for the applicant) and the citizens find their dossiers under "My dossiers".
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from reportlab.pdfgen import canvas

from runtime.dossiers.model import ComponentFiles, Dossier, Person, StoredFile
from runtime.identity.contrib.demo import PopulationRegistry
from runtime.services import Services, act_on_dossier, submit_draft
from runtime.signatures import SignaturePolicy, verify_pdf
from runtime.signatures.demo_ca import sign_pdf
from runtime.storage import DossierQuery
from runtime.workflow import Actor

#: Featured demo citizens whose dossiers are seeded, and where each ends up.
PLAN = (
    ("079095220260", []),                                      # just filed: waits for reception
    ("079095220260", ["accept"]),                              # being examined
    ("079300334579", ["accept", "request-supplement"]),         # waits for the applicant
    ("079300334579", ["accept", "propose"]),                   # waits for the leader's signature
    ("079095220260", ["accept", "propose", "approve", "hand-over"]),  # result returned
)
#: How long ago each demo dossier was filed: fresh ones are on time, the fourth is overdue.
HOURS_AGO = (1, 3, 26, 80, 120)
SUPPLEMENT_REASON = "Vui lòng bổ sung bản chụp rõ nét giấy chứng sinh."


def _pdf(text: str) -> bytes:
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer)
    c.drawString(72, 720, text)
    c.save()
    return buffer.getvalue()


def _birth_data(person: dict[str, Any], n: int, filed: dt.date) -> dict[str, Any]:
    address = {k: person["current_address"][k] for k in ("province_code", "commune_code", "street")}
    return {
        "applicant_name": person["full_name"], "applicant_personal_id": person["personal_id"],
        "applicant_phone": person["phone"], "applicant_address": address, "relationship_to_child": "mother"
        if person["sex"] == "female" else "father",
        "child_name": f"{person['family_name']} Minh {['An', 'Bình', 'Châu', 'Dũng', 'Giang'][n % 5]}",
        "child_sex": "male" if n % 2 else "female",
        "child_birth_date": (filed - dt.timedelta(days=5 + n % 9)).isoformat(),
        "child_birth_place": "Bệnh viện Từ Dũ", "child_ethnicity": "Kinh", "child_nationality": "Việt Nam",
        "mother_name": "Lê Thị Hồng" if person["sex"] == "male" else person["full_name"],
        "mother_birth_date": "1996-03-15", "mother_ethnicity": "Kinh", "mother_nationality": "Việt Nam",
        "mother_address": address, "father_known": False, "extract_copies": 0, "delivery": "online",
    }


def seed_demo(services: Services, *, now: dt.datetime | None = None) -> int:
    """File and process the demo dossiers once; returns how many were created (0 if already seeded)."""
    with services.store.unit_of_work() as uow:
        if uow.dossiers.count(DossierQuery(procedure_code="1.001193")) > 0:
            return 0
    registry = PopulationRegistry.load()
    procedure = services.catalog.get("1.001193")
    if procedure is None:
        return 0
    real_clock = services.clock
    start = now or real_clock()
    created = 0
    try:
        for n, (personal_id, actions) in enumerate(PLAN):
            person = registry.get(personal_id)
            if person is None:
                continue
            moment = start - dt.timedelta(hours=HOURS_AGO[n])
            services.clock = lambda m=moment: m
            doctor = services.signer.ca.issue_person("012345678901", "Bác sĩ Lê Văn Hùng")
            pdf = sign_pdf(_pdf(f"Giay chung sinh so {1000 + n}"), doctor)
            report = verify_pdf(pdf, SignaturePolicy(required=True, signer="trusted"), services.trust)
            stored = StoredFile(sha256=services.attachments.put(pdf), name="giay-chung-sinh.pdf",
                                media_type="application/pdf", size=len(pdf), pages=1, verification=report.to_dict())
            account = f"vn-{personal_id}"
            address = {k: person["current_address"][k] for k in ("province_code", "commune_code", "street")}
            draft = Dossier(procedure_code=procedure.code, definition_version=procedure.version, case_id="on-time",
                            account_id=account, data=_birth_data(person, n, moment.date()),
                            applicant=Person(full_name=person["full_name"], personal_id=personal_id,
                                             phone=person.get("phone"), email=person.get("email"), address=address),
                            components=[ComponentFiles(component_id="birth-certificate", files=[stored])])
            with services.store.unit_of_work() as uow:
                uow.dossiers.add(draft)
                uow.commit()
            dossier = submit_draft(services, draft.id, account)
            for k, action in enumerate(actions):
                services.clock = lambda m=moment + dt.timedelta(hours=1 + k): m
                role = services.definition_of(dossier)[1].processing.step(dossier.status.step).role
                actor = Actor(f"demo-{role}", "official", frozenset({(dossier.agency_code, role)}))
                comment = SUPPLEMENT_REASON if action == "request-supplement" else None
                dossier = act_on_dossier(services, dossier.id, action, actor, comment=comment).dossier
            created += 1
    finally:
        services.clock = real_clock
    return created
