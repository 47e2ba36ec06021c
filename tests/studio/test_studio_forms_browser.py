"""The studio's legal-basis, case-condition, date-relation and schema-import editors in a real browser.

An author adds a legal document, says which answers select a case, gives a date field a relation
and imports fields from a pasted JSON Schema, by keyboard and mouse as a person would; axe-core
finds no serious or critical violation on any of these pages.
"""

from __future__ import annotations

import json

import pytest

from builder.studio import create_app
from runtime.storage import open_store
from tests.forms.live import AXE, CHROMIUM_ARGS, chromium_missing, chromium_path, serving

from .conftest import client_as, csrf
from .test_studio_browser import Session

pytestmark = pytest.mark.skipif(chromium_missing() is not None, reason=chromium_missing() or "")

CODE = "1.000656"  # death registration: on time and late


def test_author_uses_the_new_editors_in_a_browser_and_axe_finds_nothing_serious(tmp_path):
    from playwright.sync_api import sync_playwright

    config = {"SECRET_KEY": "browser", "INSTANCE_PATH": str(tmp_path / "instance"),
              "MOTCUA_STORE": f"tinydb://{tmp_path / 'store'}", "MOTCUA_CATALOG_REFRESH_SECONDS": 0.5}
    violations: list = []
    with serving(config, create_app) as (app, base), sync_playwright() as pw:
        maker = client_as(app, "admin.hcm")
        url = base + maker.post(f"/studio/{CODE}/drafts", data={"csrf_token": csrf(maker)}).headers["Location"]
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True)
        try:
            s = Session(browser, base, violations, tmp_path / "shots")
            s.login("admin.hcm")
            p = s.page

            p.goto(f"{url}/metadata")
            s.check()
            last = int(p.locator('[name="lb-count"]').get_attribute("value")) - 1
            p.fill(f"#lb-{last}-number", "01/2026/TT-BTP")
            p.fill(f"#lb-{last}-title_vi", "Thông tư thử nghiệm")
            p.fill(f"#lb-{last}-title_en", "Trial circular")
            p.fill(f"#lb-{last}-position", "1")
            p.get_by_role("button", name="Lưu", exact=True).click()
            s.saved()
            assert p.input_value("#lb-0-number") == "01/2026/TT-BTP"  # moved to the top

            p.goto(f"{url}/cases?case=1")
            s.check()
            p.select_option("#case-when-field", "death_proof_kind")
            p.fill("#case-when-value", "other-evidence")
            p.get_by_role("button", name="Lưu điều kiện").click()
            s.saved()
            assert p.input_value("#case-when-value") == "other-evidence"

            p.goto(f"{url}/fields?case=1&page=2")
            details = p.locator("details", has=p.locator('input[name="name"][value="death_date"]'))
            details.locator("summary").click()
            details.locator('select[name="date_not_after"]').select_option("filing")
            details.locator('input[name="within_amount"]').fill("15")
            details.get_by_role("button", name="Lưu", exact=True).click()
            s.saved()
            s.check()

            p.goto(f"{url}/fields/import?case=1&page=2")
            s.check()
            p.fill("#schema", json.dumps({"type": "object", "properties": {
                "witnessName": {"type": "string", "title": "Witness"}}}))
            p.get_by_role("button", name="Thêm các trường").click()
            s.saved()
            assert "witness_name" in p.content()
        finally:
            browser.close()
    with open_store(config["MOTCUA_STORE"]) as store, store.unit_of_work() as uow:
        document = uow.definitions.get(CODE, int(url.rsplit("/", 1)[1])).document
    assert document["legal_basis"][0]["number"] == "01/2026/TT-BTP"
    assert document["cases"][1]["when"]["properties"] == {"death_proof_kind": {"const": "other-evidence"}}
    death = document["cases"][1]["form"]["pages"][2]["schema"]["properties"]["death_date"]
    assert death["x-date"] == {"not_after": "filing", "within": {"days": 15, "of": "filing"}}
    if AXE.exists():
        assert violations == [], violations
