"""The studio's newer editors: legal basis, case conditions, date relations, schema import.

Each: the form ↔ JSON mapping, bad input gets a message (never a 500), and only an author
of the draft's province may write (the CSRF refusal of every write is in test_studio_safety).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import orjson
import pytest
from werkzeug.datastructures import MultiDict

from builder.studio import create_app, date_rules, form_edit, rules, schema_import
from builder.studio.metadata import apply_metadata, legal_rows, metadata_fields
from runtime.definitions.compiler import compile_cases
from runtime.definitions.loader import check_definition
from runtime.storage import open_store

from .conftest import csrf
from .html_forms import form_fields, form_with

BIRTH = "1.001193"
DEATH = "1.000656"  # two cases: on time and late


def _shipped(code: str) -> dict:
    return orjson.loads(Path("procedures", code, "procedure.json").read_bytes())


def _draft(author, code: str) -> str:
    created = author.post(f"/studio/{code}/drafts", data={"csrf_token": csrf(author)})
    assert created.status_code == 302
    return created.headers["Location"]


def _stored(app, url: str) -> dict:
    code, number = url.split("/")[-2], int(url.split("/")[-1])
    with open_store(app.config["MOTCUA_STORE"]) as store, store.unit_of_work() as uow:
        return uow.definitions.get(code, number).document


def _set(form: MultiDict, values: dict) -> None:
    """Replace fields' values (MultiDict.update would add a second value)."""
    for key, value in values.items():
        form[key] = value


def _legal_form(document: dict) -> MultiDict:
    """The metadata form as a browser submits it, with the legal basis rows and one empty row."""
    values = metadata_fields(document)
    form = MultiDict({k: v for k, v in values.items() if isinstance(v, str)})
    for name in ("level", "applicant_types", "channels"):
        for value in values[name]:
            form.add(name, value)
    empty = dict.fromkeys(("number", "title_vi", "title_en", "issuer", "issued_on", "position", "from"), "")
    rows = [*legal_rows(document), empty]
    form["lb-count"] = str(len(rows))
    for i, row in enumerate(rows):
        for key, value in row.items():
            form[f"lb-{i}-{key}"] = value
    return form


# -- legal basis ---------------------------------------------------------------------------------
def test_legal_basis_rows_give_back_the_same_documents_when_submitted_unchanged():
    document = _shipped(DEATH)
    out, errors = apply_metadata(document, _legal_form(document))
    assert errors == {}
    assert out["legal_basis"] == document["legal_basis"]


def test_legal_basis_is_reordered_removed_and_added_when_the_rows_say_so():
    document = _shipped(BIRTH)
    first, second = document["legal_basis"][0], document["legal_basis"][1]
    form = _legal_form(document)
    form["lb-0-position"], form["lb-1-position"] = "2", "1"  # swap the first two
    form["lb-2-remove"] = "1"
    new = len(document["legal_basis"])
    _set(form, {f"lb-{new}-number": "99/2026/NĐ-CP", f"lb-{new}-title_vi": "Nghị định thử",
                 f"lb-{new}-title_en": "Trial decree", f"lb-{new}-issued_on": "2026-01-31"})
    out, errors = apply_metadata(document, form)
    assert errors == {}
    assert out["legal_basis"][:2] == [second, first]
    assert document["legal_basis"][2] not in out["legal_basis"]
    assert out["legal_basis"][-1] == {"number": "99/2026/NĐ-CP", "title": {"vi": "Nghị định thử", "en": "Trial decree"},
                                      "issued_on": "2026-01-31"}
    assert len(out["legal_basis"]) == len(document["legal_basis"])
    assert [p for p in check_definition(out, "memory") if p.is_error] == []


@pytest.mark.parametrize("key,value,error", [
    ("number", "", "lb-0-number"), ("title_en", "", "lb-0-title_en"),
    ("issued_on", "2026-02-30", "lb-0-issued_on"), ("position", "first", "lb-0-position")])
def test_bad_legal_document_gets_a_message_by_its_field_when_submitted(key, value, error):
    document = _shipped(BIRTH)
    form = _legal_form(document)
    form[f"lb-0-{key}"] = value
    _out, errors = apply_metadata(document, form)
    assert error in errors


def test_legal_basis_editor_saves_a_new_document_and_refuses_a_bad_date_with_a_message(app, author):
    url = _draft(author, BIRTH)
    page = author.get(f"{url}/metadata").get_data(as_text=True)
    form = form_with(page, "name_vi")
    last = int(form["lb-count"]) - 1
    _set(form, {f"lb-{last}-number": "01/2026/TT-BTP", f"lb-{last}-title_vi": "Thông tư thử",
                 f"lb-{last}-title_en": "Trial circular", f"lb-{last}-issuer": "Bộ Tư pháp"})
    assert author.post(f"{url}/metadata", data=form).status_code == 302
    saved = _stored(app, url)["legal_basis"][-1]
    assert saved == {"number": "01/2026/TT-BTP", "title": {"vi": "Thông tư thử", "en": "Trial circular"},
                     "issuer": "Bộ Tư pháp"}

    page = author.get(f"{url}/metadata?lang=en").get_data(as_text=True)
    form = form_with(page, "name_vi")
    form["lb-0-issued_on"] = "31/01/2026"
    response = author.post(f"{url}/metadata", data=form)
    assert response.status_code == 400
    assert "Enter a real date" in response.get_data(as_text=True)
    assert 'value="31/01/2026"' in response.get_data(as_text=True)  # the input is kept
    assert _stored(app, url)["legal_basis"][-1] == saved


def test_legal_basis_problems_are_shown_beside_the_document_they_concern():
    from builder.studio.locate import locate

    assert locate("/legal_basis/3/title/en") == ("metadata", {"field": "lb-3-title_en"})
    assert locate("/legal_basis/2/issued_on") == ("metadata", {"field": "lb-2-issued_on"})
    assert locate("/legal_basis/0") == ("metadata", {"field": "lb-0-number"})


# -- case conditions -------------------------------------------------------------------------------
def test_rule_rows_and_conditions_map_both_ways_when_the_rows_can_say_it():
    rows = [("relationship", "mother"), ("married", True), ("children", 2)]
    written = rules.condition(rows)
    assert written == {"properties": {"relationship": {"const": "mother"}, "married": {"const": True},
                                      "children": {"const": 2}}, "required": ["relationship", "married", "children"]}
    assert rules.rows_of(written) == rows
    form = MultiDict([("when_field", n) for n, _v in rows])
    for _n, value in rows:
        form.add("when_value", rules.show_value(value))
    assert rules.rows_from_form(form) == rows


@pytest.mark.parametrize("condition", [
    {"properties": {"age": {"minimum": 18}}, "required": ["age"]},  # not "is"
    {"properties": {"code": {"const": "12"}}, "required": ["code"]},  # text that would come back a number
    {"properties": {"a": {"const": "x"}}},  # passes when the field is empty
    {"anyOf": [{"properties": {"a": {"const": "x"}}}]}])
def test_hand_written_conditions_are_not_offered_as_rows_when_rows_would_change_them(condition):
    assert rules.rows_of(condition) is None


def test_case_condition_is_saved_checked_and_removed_when_edited_on_the_cases_page(app, author):
    url = _draft(author, DEATH)
    page = author.get(f"{url}/cases?case=1").get_data(as_text=True)
    form = form_with(page, "when_value")
    assert form["action"] == "condition"
    form.setlist("when_field", ["death_proof_kind", "last_residence_unknown"])
    form.setlist("when_value", ["other-evidence", "false"])
    response = author.post(f"{url}/cases?case=1", data=form)
    assert response.status_code == 302
    document = _stored(app, url)
    assert document["cases"][1]["when"] == {
        "properties": {"death_proof_kind": {"const": "other-evidence"}, "last_residence_unknown": {"const": False}},
        "required": ["death_proof_kind", "last_residence_unknown"]}
    assert [p for p in check_definition(document, "memory") if p.pointer.startswith("/cases/1/when")] == []

    page = author.get(f"{url}/cases?case=1").get_data(as_text=True)
    assert 'value="other-evidence"' in page and 'value="false"' in page  # shown back as rows
    form = form_with(page, "when_value")
    form.setlist("when_field", [""])
    form.setlist("when_value", [""])
    assert author.post(f"{url}/cases?case=1", data=form).status_code == 302
    assert "when" not in _stored(app, url)["cases"][1]


def test_case_condition_on_a_field_of_the_case_compiles_and_selects_answers():
    document = _shipped(DEATH)
    name = next(n for n, _label in _field_choices(document, 0))
    value = "x"
    document["cases"][0]["when"] = rules.condition([(name, value)])
    assert [p for p in check_definition(document, "memory") if p.pointer.startswith("/cases/0/when")] == []
    case = compile_cases(document)[0]
    assert case.fits({name: value})
    assert not case.fits({name: "y"})
    assert not case.fits({})
    assert compile_cases(document)[1].fits({})  # no condition: any answers


def _bare_app():
    return create_app({"TESTING": True, "SECRET_KEY": "t", "MOTCUA_STORE": "memory://"})


def _field_choices(document, case):
    with _bare_app().test_request_context():
        return form_edit.field_choices(document, case)


@pytest.mark.parametrize("rows", [[("ghost_field", "x")], [("informant_name", "a"), ("informant_name", "b")]])
def test_case_condition_naming_no_field_of_the_case_or_one_twice_gets_a_message(app, author, rows):
    url = _draft(author, DEATH)
    page = author.get(f"{url}/cases?case=0").get_data(as_text=True)
    form = form_with(page, "when_value")
    form.setlist("when_field", [n for n, _v in rows])
    form.setlist("when_value", [v for _n, v in rows])
    response = author.post(f"{url}/cases?case=0", data=form)
    assert response.status_code == 400
    assert "govuk-error-summary" in response.get_data(as_text=True)
    assert "when" not in _stored(app, url)["cases"][0]


# -- date relations --------------------------------------------------------------------------------
def _relations(value, found):
    if isinstance(value, dict):
        if isinstance(value.get("x-date"), dict):
            found.append(value["x-date"])
        for item in value.values():
            _relations(item, found)
    elif isinstance(value, list):
        for item in value:
            _relations(item, found)
    return found


@pytest.mark.parametrize("code", sorted(p.parent.name for p in Path("procedures").glob("*/procedure.json")))
def test_every_shipped_date_relation_comes_back_identical_through_the_form(code):
    for relation in _relations(_shipped(code), []):
        values = date_rules.relation_values(relation)
        form = {f"date_{k}": values[k] for k in ("not_after", "not_before")} | {
            k: values[k] for k in ("within_amount", "within_unit", "within_of")}
        assert date_rules.relation_from_form(form, [], relation) is relation


def test_date_relation_form_writes_not_before_a_sibling_and_within_months_of_filing():
    form = {"date_not_after": "filing", "date_not_before": "marriage_date", "within_amount": "6",
            "within_unit": "months", "within_of": "filing"}
    assert date_rules.relation_from_form(form, ["marriage_date"], None) == {
        "not_after": "filing", "not_before": "marriage_date", "within": {"months": 6, "of": "filing"}}
    assert date_rules.relation_from_form({"within_amount": ""}, [], {"not_after": "filing"}) is None


@pytest.mark.parametrize("form", [
    {"date_not_before": "nowhere"}, {"within_amount": "-3"}, {"within_amount": "many"},
    {"within_amount": "5000"}, {"within_amount": "3", "within_unit": "weeks"},
    {"within_amount": "3", "within_of": "nowhere"}])
def test_bad_date_relation_gets_a_message_when_submitted(form):
    with pytest.raises(form_edit.EditError):
        date_rules.relation_from_form(form, ["marriage_date"], None)


def _date_form(page: str, name: str) -> MultiDict:
    for index in range(400):
        found = form_fields(page, index)
        if found.get("name") == name and found.get("date_relations") == "1":
            return found
    raise AssertionError(f"no date relation form for {name}")


def test_date_relation_is_saved_from_the_field_editor_and_bad_ones_get_a_message(app, author):
    url = _draft(author, BIRTH)
    document = _stored(app, url)
    case, page_index, row = next((0, p, r) for p, page in enumerate(document["cases"][0]["form"]["pages"])
                                 for r in form_edit.field_rows(page) if r.kind == "date" and not r.parent)
    editor = f"{url}/fields?case={case}&page={page_index}"
    form = _date_form(author.get(editor).get_data(as_text=True), row.name)
    _set(form, {"action": "update", "date_not_after": "filing", "within_amount": "2", "within_unit": "years",
                 "within_of": "filing"})
    assert author.post(editor, data=form).status_code == 302
    saved = form_edit.field_rows(_stored(app, url)["cases"][0]["form"]["pages"][page_index])
    assert next(r for r in saved if r.name == row.name).schema["x-date"]["within"] == {"years": 2, "of": "filing"}

    form = _date_form(author.get(editor).get_data(as_text=True), row.name)
    _set(form, {"action": "update", "within_amount": "soon"})
    response = author.post(editor, data=form)
    assert response.status_code == 400
    assert "govuk-error-summary" in response.get_data(as_text=True)


# -- schema import ---------------------------------------------------------------------------------
PERSON = {"$schema": "http://json-schema.org/draft-07/schema#", "title": "Person", "type": "object",
          "required": ["firstName"],
          "properties": {"firstName": {"type": "string", "title": "First name"},
                         "pet": {"$ref": "#/definitions/pet"},
                         "hasCar": {"type": "boolean"}},
          "definitions": {"pet": {"type": "string", "enum": ["cat", "dog"]}},
          "allOf": [{"if": {"properties": {"hasCar": {"const": True}}, "required": ["hasCar"]},
                     "then": {"properties": {"plate": {"type": "string"}}}}]}


def test_imported_schema_adds_renamed_fields_rules_and_defs_to_the_page():
    document = _shipped(BIRTH)
    out, names, renames = schema_import.import_fields(document, 0, 0, PERSON)
    assert names == ["first_name", "pet", "has_car"]
    assert renames == {"firstName": "first_name", "hasCar": "has_car"}
    schema = out["cases"][0]["form"]["pages"][0]["schema"]
    assert schema["properties"]["first_name"]["x-label"] == {"vi": "First name", "en": "First name"}
    assert "first_name" in schema["required"]
    assert schema["allOf"][-1]["if"] == {"properties": {"has_car": {"const": True}}, "required": ["has_car"]}
    assert schema["$defs"]["pet"]["enum"] == ["cat", "dog"]
    assert schema["properties"]["pet"] == {"$ref": "#/$defs/pet"}
    assert [p.format() for p in check_definition(out, "memory") if p.is_error] == []


@pytest.mark.parametrize("schema,reason", [
    ({"properties": {"a": {"$ref": "https://example.org/a.json"}}}, "remote"),
    ({"type": "object"}, "no fields"),
    ({"properties": {"child_name": {"type": "string"}}}, "already in this case"),
    ({"properties": {"a-b": {"type": "string"}, "a_b": {"type": "string"}}}, "same name")])
def test_schema_that_cannot_be_imported_gets_a_message(schema, reason):
    document = _shipped(BIRTH)
    if reason == "already in this case":
        schema = {"properties": {form_edit.field_rows(document["cases"][0]["form"]["pages"][0])[0].name: {}}}
    with pytest.raises(form_edit.EditError) as raised:
        schema_import.import_fields(document, 0, 0, schema)
    assert reason in str(raised.value)


@pytest.mark.parametrize("text", ["{bad", "[1, 2]", "x" * (schema_import.MAX_SCHEMA_BYTES + 1)])
def test_unreadable_schema_text_gets_a_message(text):
    with pytest.raises(form_edit.EditError):
        schema_import.parse(text)


def test_schema_import_page_adds_uploaded_fields_and_shows_bad_input_as_a_message(app, author):
    url = _draft(author, BIRTH)
    importer = f"{url}/fields/import?case=0&page=0"
    assert author.get(importer).status_code == 200
    upload = (io.BytesIO(json.dumps(PERSON).encode()), "person.json")
    response = author.post(importer, data={"csrf_token": csrf(author), "revision": "1", "schema_file": upload},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    assert "first_name" in _stored(app, url)["cases"][0]["form"]["pages"][0]["schema"]["properties"]

    for bad in ("{not json", '{"properties": {"x": {"$ref": "http://evil.example/x"}}}', ""):
        response = author.post(importer, data={"csrf_token": csrf(author), "revision": "2", "schema": bad})
        assert response.status_code == 400
        assert "govuk-error-summary" in response.get_data(as_text=True)
    big = (io.BytesIO(b" " * (schema_import.MAX_SCHEMA_BYTES + 10)), "big.json")
    response = author.post(importer, data={"csrf_token": csrf(author), "revision": "2", "schema_file": big},
                           content_type="multipart/form-data")
    assert response.status_code == 400
    assert author.get(f"{url}/fields/import?case=0&page=99").status_code == 404


# -- who may write -----------------------------------------------------------------------------------
def test_other_province_cannot_open_or_write_the_new_editors(app, author, other_province):
    url = _draft(author, DEATH)
    token = csrf(other_province)
    before = _stored(app, url)
    assert other_province.get(f"{url}/fields/import?case=0&page=0").status_code == 404
    writes = [(f"{url}/cases?case=0", {"action": "condition", "when_field": "x", "when_value": "y"}),
              (f"{url}/fields/import?case=0&page=0", {"schema": json.dumps(PERSON)}),
              (f"{url}/metadata", {"lb-count": "1", "lb-0-number": "1"})]
    for target, data in writes:
        assert other_province.post(target, data=data | {"csrf_token": token, "revision": "1"}).status_code == 404
    assert _stored(app, url) == before


def test_publisher_who_is_no_author_cannot_import_or_set_conditions(app, author, publisher):
    url = _draft(author, DEATH)
    token = csrf(publisher)
    assert publisher.post(f"{url}/fields/import?case=0&page=0",
                          data={"csrf_token": token, "revision": "1", "schema": json.dumps(PERSON)}).status_code == 403
    assert publisher.post(f"{url}/cases?case=0", data={"csrf_token": token, "revision": "1", "action": "condition",
                                                       "when_field": "", "when_value": ""}).status_code == 403


# -- what the pages show -------------------------------------------------------------------------------
def test_store_times_are_shown_in_vietnam_time_when_formatted():
    from runtime.web.wiring import localtime

    assert localtime("2026-12-06T06:25:16.535744+00:00") == "13:25 06/12/2026"
    assert localtime("2026-12-06T23:30:00") == "06:30 07/12/2026"  # no zone: the store's UTC
    assert localtime("not a time") == "not a time"


def test_autofill_sources_are_named_in_words_when_listed():
    from builder.studio.labels import source_label
    from runtime.identity.attributes import AUTOFILL_SOURCES

    with _bare_app().test_request_context("/?lang=en"):
        assert source_label("citizen.mother.full_name") == "Applicant: mother › full name"
        assert all(source_label(s) != s for s in AUTOFILL_SOURCES)
        assert source_label("organisation.name") == "organisation.name"  # unknown: kept as it is


def test_legal_document_given_a_taken_position_goes_before_the_one_that_stayed():
    document = _shipped(BIRTH)
    form = _legal_form(document)
    new = len(document["legal_basis"])
    _set(form, {f"lb-{new}-number": "01/2026/TT-BTP", f"lb-{new}-title_vi": "Thông tư thử",
                f"lb-{new}-title_en": "Trial circular", f"lb-{new}-position": "1"})
    form["lb-3-position"] = "2"
    out, errors = apply_metadata(document, form)
    assert errors == {}
    assert [d["number"] for d in out["legal_basis"][:3]] == [
        "01/2026/TT-BTP", document["legal_basis"][0]["number"], document["legal_basis"][3]["number"]]


def test_rule_value_boxes_suggest_the_choices_and_yes_no_answers_of_the_fields():
    document = _shipped(DEATH)
    with _bare_app().test_request_context("/?lang=en"):
        answers = dict(form_edit.answer_values(form_edit.case_rows(document, 1)))
    proof = document["cases"][1]["form"]["pages"][2]["schema"]["properties"]["death_proof_kind"]
    assert answers["other-evidence"] == f"{proof['x-label']['en']}: {proof['x-enum-labels']['other-evidence']['en']}"
    assert answers["true"].endswith(": Yes") and answers["false"].endswith(": No")
