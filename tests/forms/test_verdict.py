"""One verdict: the form accepts exactly what the page's JSON Schema validator accepts."""

from __future__ import annotations

import random

import pytest
from werkzeug.datastructures import MultiDict

from runtime.forms.compiler import form_class, page_spec
from runtime.forms.convert import to_formdata
from runtime.forms.verdict import check

from . import payloads, shipped

PAGES = shipped.pages()


@pytest.mark.parametrize(("code", "case_id", "page_id"), PAGES)
def test_form_verdict_equals_the_validator_when_many_payloads_are_tried(forms_app, code, case_id, page_id):
    """Seeded random payloads in the form's domain, half of them broken on purpose."""
    _procedure, _case, page = shipped.find(code, case_id, page_id)
    spec = page_spec(page)
    cls = form_class(spec, "vi")
    rng = random.Random(f"verdict:{code}/{case_id}/{page_id}")
    with forms_app.test_request_context("/", method="POST"):
        for n in range(40):
            data = payloads.obj(spec.fields, rng, fill=rng.choice((0.3, 0.85, 1.0)))
            if n % 2:
                data = payloads.mutate(spec.fields, data, rng)
            verdict = check(page, spec, cls(formdata=to_formdata(spec.fields, data)), "vi")
            expected = bool(page.validator.is_valid(data))
            assert verdict.valid == expected, (data, verdict.errors)
            assert verdict.data == data or not expected
            assert verdict.valid or verdict.errors


def test_choices_refuse_a_value_not_offered_when_the_post_is_tampered(forms_app):
    tried = 0
    for code, case_id, page_id in PAGES:
        _procedure, _case, page = shipped.find(code, case_id, page_id)
        spec = page_spec(page)
        choice = next((f for f in spec.fields if f.kind in ("radio", "select") and not f.guards), None)
        if choice is None:
            continue
        rng = random.Random(f"tamper:{code}/{page_id}")
        formdata = to_formdata(spec.fields, payloads.obj(spec.fields, rng, fill=1.0))
        formdata.setlist(choice.name, ["<script>không-có</script>"])
        with forms_app.test_request_context("/", method="POST"):
            verdict = check(page, spec, form_class(spec, "vi")(formdata=formdata), "vi")
        assert not verdict.valid
        assert any(choice.text_noun("vi") in line.message for line in verdict.errors)
        assert all("không-có" not in line.message for line in verdict.errors)
        tried += 1
    assert tried > 10


def test_hidden_fields_never_reach_the_validator_when_their_condition_is_false(sample_app):
    procedure = sample_app.extensions["motcua.catalog"].get("9.000002")
    page = procedure.cases[0].form.page("applicant")
    spec = page_spec(page)
    formdata = MultiDict({"full_name": "A", "birth_date": "01/01/2000", "applicant_kind": "person",
                          "phone": "0912345678", "tax_code": "not a tax code", "postal_address": "x"})
    with sample_app.test_request_context("/", method="POST"):
        verdict = check(page, spec, form_class(spec, "vi")(formdata=formdata), "vi")
    assert verdict.valid
    assert "tax_code" not in verdict.data and "postal_address" not in verdict.data
