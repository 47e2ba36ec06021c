"""Every value survives the form exactly, and the verdict is the JSON Schema verdict."""

from __future__ import annotations

import datetime as dt

import pytest

from runtime.definitions.dates import filing_on
from runtime.forms.compiler import page_spec
from runtime.forms.names import html_name

from .roundtrip import page_of, post

FLAT = {"type": "object", "properties": {
    "agree": {"type": "boolean"},
    "ticked": {"type": "boolean", "x-widget": "checkbox"},
    "count": {"type": "integer"},
    "ratio": {"type": "number"},
    "note": {"type": "string"},
    "tags": {"type": "array", "items": {"type": "string"}},
    "extra": {"type": "object", "properties": {"a": {"type": "string"}}},
    "maybe": {"type": ["string", "null"]},
    "anything": {},
}}


@pytest.mark.parametrize("data", [
    {"agree": False}, {"agree": True}, {"ticked": False}, {"count": 0}, {"ratio": 0.5},
    {"note": ""}, {"tags": []}, {"tags": ["", "x"]}, {"extra": {}}, {"maybe": None},
    {"maybe": "x"}, {"anything": {"k": [1, "two", None]}}, {"anything": "text"}, {},
])
def test_stored_value_is_kept_exactly_when_posted_back(forms_app, data):
    page = page_of(FLAT)
    with forms_app.test_request_context("/", method="POST"):
        verdict = post(page, data)
    assert verdict.data == data
    assert verdict.valid == bool(page.validator.is_valid(data))


def test_any_property_name_keeps_its_name_in_data_when_its_input_is_renamed(forms_app):
    schema = {"type": "object", "required": ["firstName"], "properties": {
        "firstName": {"type": "string", "title": "First name"},
        "birth-date": {"type": "string", "format": "date"},
        "họ tên": {"type": "string"}, "data": {"type": "integer"}}}
    data = {"firstName": "An", "birth-date": "2020-01-02", "họ tên": "Lê", "data": 3}
    page = page_of(schema)
    spec = page_spec(page)
    assert {f.html for f in spec.fields} == {html_name(n) for n in data}
    assert all("-" not in f.html and f.html.isascii() for f in spec.fields)
    assert html_name("birth-date") == html_name("birth-date") != "birth-date"
    with forms_app.test_request_context("/", method="POST"):
        assert post(page, data).data == data


def test_draft07_document_is_read_when_its_schema_says_draft07(forms_app):
    schema = {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
              "definitions": {"person": {"type": "object", "properties": {"name": {"type": "string"}}}},
              "properties": {"owner": {"$ref": "#/definitions/person"}, "card": {"type": "string"},
                             "billing": {"type": "string"}},
              "dependencies": {"card": ["billing"]}}
    page = page_of(schema)
    assert "dependentRequired" in page.schema and "$defs" in page.schema
    with forms_app.test_request_context("/", method="POST"):
        good = post(page, {"owner": {"name": "An"}, "card": "1", "billing": "x"})
        bad = post(page, {"card": "1"})
    assert good.valid and good.data == {"owner": {"name": "An"}, "card": "1", "billing": "x"}
    assert not bad.valid


def test_refs_by_pointer_and_anchor_resolve_when_the_form_is_compiled(forms_app):
    schema = {"type": "object", "$defs": {"nested": {"$defs": {"code": {
        "$anchor": "code", "type": "string", "title": "Code"}}}},
        "properties": {"a": {"$ref": "#code"}, "b": {"$ref": "#/properties/a"},
                       "c": {"$ref": "#/$defs/nested/$defs/code"}}}
    spec = page_spec(page_of(schema))
    assert [f.kind for f in spec.fields] == ["text", "text", "text"]
    assert spec.fields[0].label is not None and spec.fields[0].label.en == "Code"


def test_recursive_schema_is_typed_as_json_below_the_first_level_when_it_refers_to_itself():
    schema = {"type": "object", "properties": {"tree": {"$ref": "#/$defs/node"}},
              "$defs": {"node": {"type": "object", "properties": {
                  "label": {"type": "string"},
                  "children": {"type": "array", "items": {"$ref": "#/$defs/node"}}}}}}
    tree = page_spec(page_of(schema)).fields[0]
    assert tree.kind == "fieldset"
    children = tree.child("children")
    assert children is not None and children.kind == "json"  # nested levels: JSON for experts


def test_alternative_without_choice_field_is_chosen_by_the_applicant_and_inferred_when_reopened(forms_app):
    schema = {"type": "object", "properties": {"name": {"type": "string"}}, "oneOf": [
        {"title": "By phone", "properties": {"phone": {"type": "string"}}, "required": ["phone"]},
        {"title": "By e-mail", "properties": {"email": {"type": "string", "format": "email"}},
         "required": ["email"]}]}
    page = page_of(schema)
    spec = page_spec(page)
    chooser = next(f for f in spec.fields if f.virtual)
    assert chooser.virtual and [c.label.en for c in chooser.choices] == ["By phone", "By e-mail"]
    with forms_app.test_request_context("/", method="POST"):
        verdict = post(page, {"name": "An", "email": "a@b.vn"})
        broken = post(page, {"name": "An", "email": "nope"})
    assert verdict.valid and verdict.data == {"name": "An", "email": "a@b.vn"}
    assert not broken.valid and broken.errors


def test_date_relations_hold_when_the_filing_date_and_sibling_dates_say_so(forms_app):
    schema = {"type": "object", "properties": {
        "birth": {"type": "string", "format": "date", "x-noun": {"vi": "ngày sinh", "en": "date of birth"},
                  "x-date": {"not_after": "filing", "within": {"days": 60, "of": "filing"}}},
        "registered": {"type": "string", "format": "date",
                       "x-date": {"not_before": "birth", "within": {"years": 1, "of": "birth"}}}}}
    page = page_of(schema)
    with forms_app.test_request_context("/", method="POST"), filing_on(dt.date(2026, 3, 1)):
        assert post(page, {"birth": "2026-02-01"}).valid
        vi_future = post(page, {"birth": "2026-03-02"}, "vi")
    with forms_app.test_request_context("/?lang=en", method="POST"), filing_on(dt.date(2026, 3, 1)):
        future = post(page, {"birth": "2026-03-02"}, "en")
        late = post(page, {"birth": "2025-12-01"}, "en")
        before = post(page, {"birth": "2026-02-01", "registered": "2026-01-01"}, "en")
    assert vi_future.errors[0].message == "Vui lòng nhập ngày sinh không sau ngày 01/03/2026"
    assert future.errors[0].message == "Enter date of birth on or before 01/03/2026"
    assert late.errors[0].message == "Enter date of birth within 60 days of the filing date"
    assert not before.valid and "registered" in before.errors[0].message
    assert "date of birth" in before.errors[0].message


def test_time_and_datetime_are_stored_in_vietnam_time_when_typed_without_a_zone(forms_app):
    schema = {"type": "object", "properties": {"at": {"type": "string", "format": "date-time"},
                                               "clock": {"type": "string", "format": "time"}}}
    page = page_of(schema)
    spec = page_spec(page)
    assert [f.kind for f in spec.fields] == ["datetime", "time"]
    from runtime.forms.fields import kind_of
    assert kind_of(spec.fields[0]).convert(spec.fields[0], "05/03/2026 14:30")[0] == \
        "2026-03-05T14:30:00+07:00"
    with forms_app.test_request_context("/", method="POST"):
        kept = post(page, {"at": "2026-03-05T07:30:00Z", "clock": "14:30:00+07:00"})
    assert kept.data == {"at": "2026-03-05T07:30:00Z", "clock": "14:30:00+07:00"}


def test_other_properties_are_entered_as_key_value_pairs_when_additional_properties_is_a_schema(forms_app):
    schema = {"type": "object", "properties": {"name": {"type": "string"}},
              "additionalProperties": {"type": "integer", "minimum": 0}}
    page = page_of(schema)
    more = page_spec(page).fields[-1]
    assert more.kind == "repeat" and more.item is not None
    assert [c.name for c in more.item.children] == ["key", "value"]
    assert more.item.children[1].kind == "number"
    data = {"name": "An", "apples": 3, "pears": 0}
    with forms_app.test_request_context("/", method="POST"):
        assert post(page, data).data == data
        assert not post(page, {"apples": -1}).valid


def test_a_repeated_key_is_refused_when_it_names_a_field_already_there(forms_app):
    from werkzeug.datastructures import MultiDict

    from runtime.forms.compiler import form_class
    from runtime.forms.verdict import check

    schema = {"type": "object", "properties": {"name": {"type": "string"}},
              "patternProperties": {"^x-": {"type": "string"}}}
    page = page_of(schema)
    spec = page_spec(page)
    more = html_name("__more")
    posted = MultiDict([("name", "An"), (f"{more}-0-__item", "1"), (f"{more}-0-key", "name"),
                        (f"{more}-0-value", "again")])
    with forms_app.test_request_context("/?lang=en", method="POST"):
        verdict = check(page, spec, form_class(spec, "en")(formdata=posted), "en")
    assert not verdict.valid
    assert verdict.errors[0].message == "Enter a name that is not used already (Entry 1)"


def test_date_relation_is_usable_in_a_condition_when_the_filing_date_is_known():
    from runtime.definitions.model import Condition

    on_time = Condition.of({"properties": {"birth": {"x-date": {"within": {"days": 60, "of": "filing"}}}},
                            "required": ["birth"]})
    assert on_time is not None
    with filing_on(dt.date(2026, 3, 1)):
        assert on_time.holds({"birth": "2026-02-01"})
        assert not on_time.holds({"birth": "2025-02-01"})
        assert not on_time.holds({})


def test_form_import_writes_a_draft_that_checks_without_errors_when_given_a_schema_and_ui(tmp_path):
    import json

    from click.testing import CliRunner

    from builder.cli import cli
    from runtime.definitions import load_definitions

    schema = tmp_path / "schema.json"
    schema.write_text(json.dumps({"$schema": "http://json-schema.org/draft-07/schema#",
                                  "title": "Đơn", "type": "object", "required": ["fullName"],
                                  "properties": {"fullName": {"type": "string"},
                                                 "note": {"type": "string"}}}), encoding="utf-8")
    ui = tmp_path / "ui.json"
    ui.write_text(json.dumps({"ui:order": ["note", "*"], "note": {"ui:widget": "textarea",
                                                                   "ui:help": "Anything else"}}))
    out = tmp_path / "procedures" / "9.999999" / "procedure.json"
    result = CliRunner().invoke(cli, ["form", "import", str(schema), "--ui", str(ui), "--out", str(out)])
    assert result.exit_code == 0, result.output
    document = json.loads(out.read_text(encoding="utf-8"))
    page = document["cases"][0]["form"]["pages"][0]["schema"]
    assert page["properties"]["fullName"]["x-label"] == {"vi": "Full name", "en": "Full name"}
    assert page["properties"]["note"]["x-widget"] == "textarea"
    assert page["properties"]["note"]["x-help"]["en"] == "Anything else"
    assert page["x-order"] == ["note", "fullName"]
    loaded = load_definitions([tmp_path / "procedures"])
    assert loaded.errors == 0, loaded.problems
    (procedure,) = loaded.procedures
    spec = page_spec(procedure.cases[0].form.pages[0])
    assert [f.name for f in spec.fields] == ["note", "fullName"]


def test_fields_with_one_x_group_stand_under_one_heading_when_rendered(forms_app):
    from .roundtrip import render

    group = {"vi": "Liên hệ", "en": "Contact"}
    schema = {"type": "object", "properties": {
        "name": {"type": "string"}, "phone": {"type": "string", "x-group": group},
        "email": {"type": "string", "x-group": group}, "note": {"type": "string"}}}
    with forms_app.test_request_context("/"):
        html = render(page_of(schema), {}, "en")
    assert html.count("motcua-group-heading") == 1
    assert html.index(">Contact</h2>") < html.index('name="phone"') < html.index('name="email"')
