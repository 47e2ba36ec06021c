"""Layout in a real browser (issue 16, items 10 and 15): the home page's search and header, and how
locked fields look. Skipped, with the reason, only when Chromium is not installed."""

from __future__ import annotations

import pytest

from tests.forms.live import CHROMIUM_ARGS, chromium_missing, chromium_path, serving
from tests.web.pagecheck import PageChecker

pytestmark = pytest.mark.skipif(chromium_missing() is not None, reason=chromium_missing() or "")

MAI = "079300334579"


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    from playwright.sync_api import sync_playwright

    tmp = tmp_path_factory.mktemp("layout")
    config = {"SECRET_KEY": "layout", "INSTANCE_PATH": str(tmp), "MOTCUA_STORE": f"tinydb://{tmp / 'store'}"}
    with sync_playwright() as p, serving(config) as (_app, base):
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True)
        opened = browser.new_page(viewport={"width": 1280, "height": 900})
        opened.base = base
        yield opened
        browser.close()


def test_home_search_box_is_wide_and_its_label_on_one_line_when_the_screen_is_wide(page):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(page.base + "/")
    box = page.locator("#q").bounding_box()
    label = page.locator("label[for=q]").bounding_box()
    assert box["width"] >= 600, f"the search box is {box['width']} px wide"
    assert label["height"] < 50, "the label does not wrap word by word"


@pytest.mark.parametrize("width", [320, 375, 768, 1280])
def test_home_page_never_scrolls_sideways_when_the_screen_is_narrow(page, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(page.base + "/?q=khai+sinh")
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_log_out_button_sits_on_the_header_line_when_a_citizen_is_logged_in_and_fields_look_locked(page):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(page.base + "/auth/citizen?next=/procedures/1.001193/apply")
    page.locator("form", has=page.locator(f'input[name="personal_id"][value="{MAI}"]')).locator("button").click()
    link = page.locator(".motcua-header__nav a").last.bounding_box()
    button = page.locator(".motcua-logout button").bounding_box()
    middle = lambda b: b["y"] + b["height"] / 2  # noqa: E731
    assert abs(middle(link) - middle(button)) <= 4, "log out is aligned with the links beside it"
    assert button["height"] <= 40

    # Item 15: a locked (autofilled) field looks different from an editable one.
    page.locator("main form button.govuk-button").click()
    locked = page.locator('[name="applicant_personal_id"]')
    editable = page.locator('[name="applicant_phone"]')
    style = "e => [getComputedStyle(e).backgroundColor, getComputedStyle(e).borderTopStyle]"
    assert locked.get_attribute("readonly") is not None
    assert locked.evaluate(style) != editable.evaluate(style), "locked fields do not look like editable ones"
    assert page.locator("#applicant_personal_id-locked .govuk-tag").is_visible(), "a 'locked' tag says why"
    checker = PageChecker(widths=(320, 375), axe=False)
    checker.check(page, "applicant-page")
    assert checker.problems == []
