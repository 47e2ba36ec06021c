"""`motcua check` refuses what the form compiler cannot render faithfully."""

from __future__ import annotations

import pytest

from runtime.definitions import check_definition

from . import fixture

APPLICANT = "/cases/0/form/pages/0/schema"


def _problems(change) -> list:
    doc = fixture.document()
    change(doc["cases"][0]["form"]["pages"][0]["schema"])
    return [p for p in check_definition(doc, "test.json") if p.code.startswith("form.")]


def test_test_procedure_is_renderable():
    assert _problems(lambda schema: None) == []


def _oneof_without_choice(schema):
    schema["oneOf"][1]["properties"].pop("applicant_kind")


def _date_as_textarea(schema):
    schema["properties"]["birth_date"]["x-widget"] = "textarea"


def _required_checkbox(schema):
    schema["required"].append("wants_post")


def _checkboxes_with_repeats(schema):
    schema["properties"]["picks"] = {"type": "array", "x-label": {"vi": "Chọn", "en": "Pick"},
                                     "x-widget": "checkboxes", "items": {"type": "string", "enum": ["a"]},
                                     "x-enum-labels": {"a": {"vi": "A", "en": "A"}}}


def _money_as_number(schema):
    schema["properties"]["amount"] = {"type": "number", "x-widget": "money",
                                      "x-label": {"vi": "Số tiền", "en": "Amount"}}


def _closed_with_branch_fields(schema):
    schema["additionalProperties"] = False


def _same_choice_twice(schema):
    schema["oneOf"][1]["properties"]["applicant_kind"] = {"const": "person"}


def _enum_as_text(schema):
    schema["properties"]["applicant_kind"]["x-widget"] = "text"


@pytest.mark.parametrize(("change", "code"), [
    (_oneof_without_choice, "form.alternative"),
    (_date_as_textarea, "form.widget_format"),
    (_required_checkbox, "form.checkbox_required"),
    (_checkboxes_with_repeats, "form.checkboxes_unique"),
    (_money_as_number, "form.money"),
    (_closed_with_branch_fields, "form.closed"),
    (_same_choice_twice, "form.alternative_overlap"),
    (_enum_as_text, "form.widget_choices"),
])
def test_unrenderable_keyword_is_a_clear_problem_when_checked(change, code):
    problems = _problems(change)
    assert code in {p.code for p in problems}, problems
    found = next(p for p in problems if p.code == code)
    assert found.pointer.startswith(APPLICANT) and found.message and found.hint
    assert found.is_error


def test_widget_without_pattern_is_a_warning_when_checked():
    def change(schema):
        del schema["properties"]["phone"]["pattern"]

    problems = _problems(change)
    assert [p.code for p in problems] == ["form.pattern_missing"]
    assert not problems[0].is_error
