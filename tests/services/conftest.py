"""A complete services bundle on a temporary instance, with a clock the tests move."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from reportlab.pdfgen import canvas

from runtime.agencies import load_directory
from runtime.definitions import Catalog, load_definitions
from runtime.demo import DEMO_DIR
from runtime.dossiers.model import ComponentFiles, Dossier, Person, StoredFile
from runtime.paths import procedures_dir
from runtime.services.factory import build_services
from runtime.signatures import SignaturePolicy, verify_pdf
from runtime.signatures.demo_ca import sign_pdf

VN = ZoneInfo("Asia/Ho_Chi_Minh")
APPLICANT_ID = "079190012345"
ADDRESS = {"province_code": "79", "commune_code": "26743", "street": "12 Lê Lợi"}
BIRTH_DATA = {
    "applicant_name": "Nguyễn Thị Lan", "applicant_personal_id": APPLICANT_ID, "applicant_phone": "0912345678",
    "applicant_email": "lan@example.vn", "applicant_address": ADDRESS, "relationship_to_child": "mother",
    "child_name": "Trần Minh Khôi", "child_sex": "male", "child_birth_date": "2026-02-20",
    "child_birth_place": "Bệnh viện Từ Dũ", "child_ethnicity": "Kinh", "child_nationality": "Việt Nam",
    "mother_name": "Nguyễn Thị Lan", "mother_birth_date": "1990-05-01", "mother_ethnicity": "Kinh",
    "mother_nationality": "Việt Nam", "mother_address": ADDRESS, "extract_copies": 0, "delivery": "online",
}


class Clock:
    def __init__(self):
        self.now = dt.datetime(2026, 3, 2, 8, 30, tzinfo=VN)

    def __call__(self):
        return self.now


@pytest.fixture(scope="session")
def catalog():
    return Catalog(load_definitions([procedures_dir()]).procedures)


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def services(tmp_path, catalog, clock):
    from runtime.definitions import DefinitionArchive

    catalog = Catalog(list(catalog), DefinitionArchive(tmp_path / "definitions"))
    built = build_services({"SECRET_KEY": "test", "MOTCUA_STORE": f"tinydb://{tmp_path / 'store'}"}, tmp_path,
                           catalog, load_directory(DEMO_DIR / "agencies.json"))
    built.clock = clock
    yield built
    built.store.close()


def one_page_pdf(text: str = "Giấy chứng sinh") -> bytes:
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer)
    c.drawString(72, 720, text)
    c.save()
    return buffer.getvalue()


def signed_file(services, *, signer_id: str = "012345678901") -> StoredFile:
    credentials = services.signer.ca.issue_person(signer_id, "Bác sĩ Lê Văn Hùng")
    pdf = sign_pdf(one_page_pdf(), credentials)
    report = verify_pdf(pdf, SignaturePolicy(required=True, signer="trusted"), services.trust)
    return StoredFile(sha256=services.attachments.put(pdf), name="giay-chung-sinh.pdf", media_type="application/pdf",
                      size=len(pdf), pages=1, verification=report.to_dict())


def _recent(data: dict, services) -> dict:
    """The birth data with the child born 10 days before the services' today (the on-time
    case takes births within 60 days of filing)."""
    born = services.now().astimezone(VN).date() - dt.timedelta(days=10)
    return {**data, "child_birth_date": born.isoformat()}


def make_draft(services, *, data=None, with_certificate=True, owner="citizen-lan") -> Dossier:
    procedure = services.catalog.get("1.001193")
    draft = Dossier(procedure_code="1.001193", definition_version=procedure.version, case_id="on-time",
                    account_id=owner, data=dict(data or _recent(BIRTH_DATA, services)),
                    applicant=Person(full_name="Nguyễn Thị Lan", personal_id=APPLICANT_ID, phone="0912345678",
                                     email="lan@example.vn", address=ADDRESS))
    if with_certificate:
        draft.components.append(ComponentFiles(component_id="birth-certificate", files=[signed_file(services)]))
    with services.store.unit_of_work() as uow:
        uow.dossiers.add(draft)
        uow.commit()
    return draft
