"""The studio's agency editor: a province's administrators edit and add its agencies; routing and the checker follow."""

from __future__ import annotations

import json

import pytest

from builder.studio import create_app
from runtime.agencies.directory import LiveDirectory

from .conftest import client_as, csrf

WARD = "000.26.740.H79"  # Phường Sài Gòn's committee in the demo directory


@pytest.fixture
def agencies_file(tmp_path):
    from runtime.demo import DEMO_DIR

    path = tmp_path / "agencies.json"
    path.write_text((DEMO_DIR / "agencies.json").read_text(encoding="utf-8"), encoding="utf-8")
    return path


@pytest.fixture
def app(tmp_path, agencies_file):
    return create_app({"TESTING": True, "SECRET_KEY": "s", "INSTANCE_PATH": str(tmp_path / "i"),
                       "MOTCUA_STORE": f"tinydb://{tmp_path / 's'}", "MOTCUA_AGENCIES": str(agencies_file),
                       "MOTCUA_AGENCIES_REFRESH_SECONDS": 0, "MOTCUA_CATALOG_REFRESH_SECONDS": 0})


def _post(client, url, **data):
    return client.post(url, data={"csrf_token": csrf(client, "/studio/agencies"), **data})


def test_province_administrator_finds_their_agencies_by_name_without_diacritics(app):
    page = client_as(app, "admin.hcm").get("/studio/agencies?q=phuong sai gon").get_data(as_text=True)
    assert WARD in page and "Ủy ban nhân dân Phường Sài Gòn" in page
    assert "H01" not in page  # another province's agencies are not listed


def test_editing_an_agency_is_saved_to_the_overrides_file_and_used_without_a_restart(app, agencies_file):
    publisher = client_as(app, "duyet.hcm")
    response = _post(publisher, f"/studio/agencies/{WARD}", name_vi="UBND Phường Sài Gòn (mới)",
                     name_en="Saigon Ward Committee", kind="commune-peoples-committee", address="1 Lê Lợi",
                     phone="028 3829 1234")
    assert response.status_code == 302
    saved = {a["code"]: a for a in json.loads(agencies_file.read_text(encoding="utf-8"))["agencies"]}
    assert saved[WARD]["name"]["vi"] == "UBND Phường Sài Gòn (mới)" and saved[WARD]["phone"] == "028 3829 1234"
    with app.app_context():
        directory = app.extensions["motcua.agencies"]
        assert directory.get(WARD).name_vi == "UBND Phường Sài Gòn (mới)"
        assert directory.resolve("commune-peoples-committee", "commune", "79", "26740").code == WARD


def test_file_edited_elsewhere_is_picked_up_by_a_running_directory(agencies_file):
    directory = LiveDirectory(agencies_file, interval=0)
    data = json.loads(agencies_file.read_text(encoding="utf-8"))
    data["agencies"] = [a for a in data["agencies"] if a["code"] != WARD] + [
        {**next(a for a in data["agencies"] if a["code"] == WARD), "phone": "0999"}]
    agencies_file.write_text(json.dumps(data), encoding="utf-8")
    assert directory.get(WARD).phone == "0999"


def test_kind_without_agency_problem_goes_away_when_an_agency_of_that_kind_is_added(app, agencies_file):
    from builder.studio.deployment import check_deployment

    document = {"agency_kind": {"id": "provincial-police"}}
    data = json.loads(agencies_file.read_text(encoding="utf-8"))
    data["base"] = "none"  # only the file's agencies: the kind has none yet
    agencies_file.write_text(json.dumps(data), encoding="utf-8")
    with app.app_context():
        app.extensions["motcua.agencies"].refresh()
        assert [p.code for p in check_deployment(document, "f", app.extensions["motcua.agencies"], [])] == [
            "deployment.agency_kind"]
    response = _post(client_as(app, "admin.hcm"), "/studio/agencies?province=79", code="CA.00.H79",
                     name_vi="Công an Thành phố Hồ Chí Minh", name_en="Ho Chi Minh City Police",
                     kind="provincial-police", commune="", address="", phone="")
    assert response.status_code == 302
    with app.app_context():
        assert check_deployment(document, "f", app.extensions["motcua.agencies"], []) == []


def test_other_province_cannot_open_or_edit_an_agency(app):
    other = client_as(app, "admin.hanoi")
    assert other.get(f"/studio/agencies/{WARD}").status_code == 404
    assert _post(other, f"/studio/agencies/{WARD}", name_vi="x", kind="commune-peoples-committee").status_code == 404


def test_bad_agency_input_gets_messages_and_nothing_is_saved(app, agencies_file):
    before = agencies_file.read_text(encoding="utf-8")
    response = _post(client_as(app, "admin.hcm"), "/studio/agencies?province=79", code="bad code", name_vi="",
                     kind="nope", commune="99999", phone="call me")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert page.count("govuk-error-message") == 5
    assert agencies_file.read_text(encoding="utf-8") == before


def test_agency_writes_are_refused_without_the_csrf_token(app, agencies_file):
    before = agencies_file.read_text(encoding="utf-8")
    client = client_as(app, "admin.hcm")
    assert client.post(f"/studio/agencies/{WARD}", data={"name_vi": "x"}).status_code == 400
    assert client.post("/studio/agencies", data={"code": "X.1.2"}).status_code == 400
    assert agencies_file.read_text(encoding="utf-8") == before


def test_agency_editor_is_read_only_when_no_directory_file_is_configured(tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "s", "INSTANCE_PATH": str(tmp_path / "i"),
                      "MOTCUA_STORE": f"tinydb://{tmp_path / 's'}"})
    client = client_as(app, "admin.hcm")
    assert "MOTCUA_AGENCIES" in client.get(f"/studio/agencies/{WARD}").get_data(as_text=True)
    response = client.post(f"/studio/agencies/{WARD}", data={
        "csrf_token": csrf(client), "name_vi": "x", "kind": "commune-peoples-committee"})
    assert response.status_code == 302
    with app.app_context():
        assert app.extensions["motcua.agencies"].get(WARD).name_vi != "x"
