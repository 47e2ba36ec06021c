"""A schema brought from another tool, in a real browser: the applicant chooses the
alternative, adds key/value entries and clears a nullable date; axe finds nothing serious.

Skipped, with the reason, only when Chromium is not installed.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from builder.formimport import wrap

from .live import AXE, CHROMIUM_ARGS, chromium_missing, chromium_path, serving
from .test_browser import _serious

pytestmark = pytest.mark.skipif(chromium_missing() is not None, reason=chromium_missing() or "")

CODE = "9.000077"
#: Where to keep screenshots to look at (MOTCUA_SHOTS), else the test's temporary folder.
SHOTS = Path(os.environ["MOTCUA_SHOTS"]) if os.environ.get("MOTCUA_SHOTS") else None
SCHEMA = {
    "title": "Contact request", "type": "object", "required": ["fullName"],
    "properties": {
        "fullName": {"type": "string", "title": "Full name"},
        "visitDate": {"type": ["string", "null"], "format": "date", "title": "Visit date"},
    },
    "additionalProperties": {"type": "string"},
    "oneOf": [
        {"title": "By phone", "properties": {"phone": {"type": "string", "title": "Phone"}},
         "required": ["phone"]},
        {"title": "By e-mail", "properties": {"email": {"type": "string", "format": "email",
                                                        "title": "E-mail"}},
         "required": ["email"]},
    ],
}


def test_variant_chooser_key_value_editor_and_nullable_date_work_when_used_in_chromium(tmp_path):
    from playwright.sync_api import sync_playwright

    folder = tmp_path / "procedures" / CODE
    folder.mkdir(parents=True)
    (folder / "procedure.json").write_text(json.dumps(wrap(SCHEMA, code=CODE), ensure_ascii=False),
                                           encoding="utf-8")
    config = {"SECRET_KEY": "browser-test", "INSTANCE_PATH": str(tmp_path / "instance"),
              "MOTCUA_PROCEDURES": str(tmp_path / "procedures"), "MOTCUA_STORE": "memory://"}
    with sync_playwright() as p, serving(config) as (_app, base):
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(locale="en-GB", bypass_csp=True)
        if AXE.exists():
            context.add_init_script(path=str(AXE))
        page = context.new_page()
        page.goto(f"{base}/procedures/{CODE}?lang=en")
        page.get_by_role("button", name="Apply online").click()
        page.get_by_role("button", name="Start").click()
        page.get_by_label("Full name").fill("Lê An")
        assert not page.get_by_label("E-mail", exact=True).is_visible()
        page.get_by_label("By e-mail").check()  # the chooser shows the branch's field
        page.get_by_label("E-mail", exact=True).fill("an@example.vn")
        page.get_by_role("button", name="Add Entry").click()
        page.get_by_label("Name", exact=True).fill("favourite colour")
        page.get_by_label("Value").fill("blue")
        page.get_by_label("Visit date").fill("")
        page.screenshot(path=str(SHOTS / "vocabulary.png") if SHOTS else str(tmp_path / "v.png"),
                        full_page=True)
        serious = _serious(page, "page") if AXE.exists() else []
        page.get_by_role("button", name="Continue", exact=True).click()
        assert "/check" in page.url, page.content()[:2000]
        answers = page.locator("main").inner_text()
        if SHOTS:
            page.screenshot(path=str(SHOTS / "answers.png"), full_page=True)
        context.close()
        browser.close()
    assert serious == []
    for shown in ("Lê An", "an@example.vn", "favourite colour", "blue"):
        assert shown in answers
