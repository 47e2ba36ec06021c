"""Thirty schemas in the style of the rjsf playground and JSON Forms examples: each is
imported as a procedure draft without errors, renders in vi and en, and its sample
data survives data → rendered HTML → post → data exactly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from builder.formimport import wrap
from runtime.definitions.compiler import compile_cases
from runtime.definitions.dates import filing_on
from runtime.definitions.loader import check_definition
from runtime.definitions.problems import Severity

from .roundtrip import post_html

EXAMPLES = sorted((Path(__file__).parent / "data" / "examples").glob("*.json"))


def test_there_are_thirty_examples_when_the_suite_is_collected():
    assert len(EXAMPLES) == 30


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_round_trips_exactly_in_both_languages_when_imported(forms_app, path):
    example = json.loads(path.read_text(encoding="utf-8"))
    document = wrap(example["schema"], example["ui"])
    errors = [p for p in check_definition(document, path.name) if p.severity is Severity.ERROR]
    assert not errors, [p.format() for p in errors]
    page = compile_cases(document)[0].form.pages[0]
    assert page.validator.is_valid(example["data"])
    for lang in ("vi", "en"):
        with forms_app.test_request_context("/", method="POST"), filing_on(
                __import__("datetime").date(2026, 12, 1)):
            verdict, html = post_html(page, example["data"], lang)
        assert "<input" in html or "<textarea" in html
        assert verdict.valid, verdict.errors
        assert verdict.data == example["data"]
