"""The web app with a real services bundle (temporary store, movable clock) and officials to log in as."""

from __future__ import annotations

import datetime as dt

import pytest

from runtime import create_app
from runtime.services import submit_draft
from runtime.web import officials
from runtime.web.access import Principal
from tests.services.conftest import BIRTH_DATA, VN, catalog, clock, make_draft, services  # noqa: F401 - fixtures

AGENCY = "000.26.743.H79"  # Bến Thành ward, where the demo applicant lives
OTHER_AGENCY = "000.26.740.H79"  # Sài Gòn ward
RECEIVER = Principal("official", "tiepnhan.benthanh", "Phạm Thị Hoa", roles=frozenset({(AGENCY, "receiver")}))
OFFICER = Principal("official", "hotich.benthanh", "Lê Minh", roles=frozenset({(AGENCY, "civil-status-officer")}))
LEADER = Principal("official", "lanhdao.benthanh", "Võ Văn Kiệt", roles=frozenset({(AGENCY, "leader")}))
STRANGER = Principal("official", "tiepnhan.saigon", "Trần Thị Thu Hà", roles=frozenset({(OTHER_AGENCY, "receiver")}))
CITIZEN = Principal("citizen", "citizen-lan", "Nguyễn Thị Lan", personal_id="079190012345")


@pytest.fixture
def app(tmp_path, services):  # noqa: F811 - the services fixture imported above
    app = create_app({"TESTING": True, "SECRET_KEY": "test-secret", "INSTANCE_PATH": str(tmp_path / "instance"),
                      "WTF_CSRF_ENABLED": False})
    app.extensions["motcua.services"] = services
    if "officials" not in app.blueprints:
        officials.init_app(app)
    return app


@pytest.fixture
def client(app):
    return app.test_client()


def log_in(client, principal: Principal) -> None:
    with client.session_transaction() as session:
        session["principal"] = principal.to_session()


def file_dossier(services, *, name: str | None = None, commune: str | None = None):  # noqa: F811
    """A birth registration filed online by the demo applicant (another name or ward if asked)."""
    data = dict(BIRTH_DATA)
    if commune:
        data["applicant_address"] = {**data["applicant_address"], "commune_code": commune}
    draft = make_draft(services, data=data)
    if name or commune:
        with services.store.unit_of_work() as uow:
            stored = uow.dossiers.get(draft.id)
            stored.applicant.full_name = name or stored.applicant.full_name
            stored.applicant.address = data["applicant_address"]
            uow.dossiers.update(stored)
            uow.commit()
    return submit_draft(services, draft.id, "citizen-lan")


def change(services, dossier_id: str, **fields):  # noqa: F811
    """Set fields of a stored dossier directly (hand-made test situations)."""
    with services.store.unit_of_work() as uow:
        stored = uow.dossiers.get(dossier_id)
        for name, value in fields.items():
            setattr(stored, name, value)
        uow.dossiers.update(stored)
        uow.commit()
    return stored


def at(day: int, hour: int = 8, minute: int = 0) -> dt.datetime:
    """A moment in March 2026, Hồ Chí Minh City time."""
    return dt.datetime(2026, 3, day, hour, minute, tzinfo=VN)
