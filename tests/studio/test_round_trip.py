"""Every shipped procedure opens in the studio and saves back unchanged (canonical JSON)."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from runtime.storage import open_store

from .conftest import csrf
from .html_forms import form_fields, form_with

SHIPPED = sorted(p.parent.name for p in Path("procedures").glob("*/procedure.json"))


def _canonical(document) -> bytes:
    return orjson.dumps(document, option=orjson.OPT_SORT_KEYS)


def _stored(app, code: str, number: int):
    with open_store(app.config["MOTCUA_STORE"]) as store, store.unit_of_work() as uow:
        return uow.definitions.get(code, number)


@pytest.mark.parametrize("code", SHIPPED)
def test_shipped_procedure_saves_back_unchanged_when_opened_in_each_editor(app, author, code):
    original = orjson.loads(Path("procedures", code, "procedure.json").read_bytes())
    created = author.post(f"/studio/{code}/drafts", data={"csrf_token": csrf(author)})
    assert created.status_code == 302
    url = created.headers["Location"]
    number = int(url.rsplit("/", 1)[1])
    assert _canonical(_stored(app, code, number).document) == _canonical(original)

    # the details form, submitted as the browser shows it
    page = author.get(f"{url}/metadata").get_data(as_text=True)
    saved = author.post(f"{url}/metadata", data=form_with(page, "name_vi"))
    assert saved.status_code == 302, saved.get_data(as_text=True)[-2000:]
    assert _canonical(_stored(app, code, number).document) == _canonical(original)

    # the JSON view, submitted unchanged
    page = author.get(f"{url}/json").get_data(as_text=True)
    saved = author.post(f"{url}/json", data=form_with(page, "document"))
    assert saved.status_code == 302
    record = _stored(app, code, number)
    assert _canonical(record.document) == _canonical(original)
    assert list(record.document) == list(original)  # key order kept too
    assert record.revision == 3  # both saves really happened

    # every form page of every case opens in the field editor; each date field's editor (with its
    # date relations) and each case's condition form, submitted unchanged, change nothing
    saves = 3
    for c, case in enumerate(original["cases"]):
        page = author.get(f"{url}/cases?case={c}").get_data(as_text=True)
        if 'value="condition"' in page:
            saved = author.post(f"{url}/cases?case={c}", data=form_with(page, "when_value"))
            assert saved.status_code == 302, saved.get_data(as_text=True)[-2000:]
            saves += 1
        for p in range(len(case["form"]["pages"])):
            editor = f"{url}/fields?case={c}&page={p}"
            response = author.get(editor)
            assert response.status_code == 200
            for name in [f["name"] for f in date_forms(response.get_data(as_text=True))]:
                form = next(f for f in date_forms(author.get(editor).get_data(as_text=True)) if f["name"] == name)
                saved = author.post(editor, data=form | {"action": "update"})
                assert saved.status_code == 302, (name, saved.get_data(as_text=True)[-1500:])
                saves += 1
    record = _stored(app, code, number)
    assert _canonical(record.document) == _canonical(original)
    assert record.revision == saves


def date_forms(page: str):
    """The field editor's forms of the page's date fields, as the browser would submit them."""
    for index in range(400):
        found = form_fields(page, index)
        if not found and index > 2:
            return
        if found.get("date_relations") == "1":
            yield found


@pytest.mark.parametrize("code", SHIPPED)
def test_shipped_result_layouts_save_back_unchanged_from_the_result_editor(app, author, code):
    original = orjson.loads(Path("procedures", code, "procedure.json").read_bytes())
    url = author.post(f"/studio/{code}/drafts", data={"csrf_token": csrf(author)}).headers["Location"]
    number = int(url.rsplit("/", 1)[1])
    page = author.get(f"{url}/result?case=0").get_data(as_text=True)
    forms = [form_fields(page, i) for i in range(page.count("<form"))]
    # every block's form, the result's form and the settings, submitted as the browser shows them
    chosen = [f for f in forms if "index" in f and "action" not in f]
    chosen += [f for f in forms if f.get("action") in ("result", "settings")]
    assert len(chosen) >= 3 or "Start the layout" in page or "Bắt đầu bố cục" in page
    revision = int(chosen[0]["revision"])
    for form in chosen:
        form = form.copy()
        form.setdefault("action", "update")
        form["revision"] = str(revision)
        saved = author.post(f"{url}/result?case=0", data=form)
        assert saved.status_code == 302, saved.get_data(as_text=True)[-1500:]
        revision += 1
    record = _stored(app, code, number)
    assert _canonical(record.document) == _canonical(original)
    assert record.revision == revision
