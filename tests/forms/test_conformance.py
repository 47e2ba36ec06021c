"""Conformance: JSON-Schema-Test-Suite-style groups (draft 2020-12 and draft-07) through the
form path. Each group's schema is wrapped as one field of a page and imported like a schema
an administrator brings; for every accepted group the page's verdict equals the expected
``valid`` of every test, and where the data can be typed into the fields (the rendered HTML
posts it back exactly), the verdict of the post equals it too."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from builder.formimport import wrap
from runtime.definitions.compiler import compile_cases
from runtime.definitions.dates import filing_on
from runtime.definitions.loader import check_definition
from runtime.definitions.problems import Severity

from .roundtrip import post_html

HERE = Path(__file__).parent / "data" / "conformance"
DRAFTS = {"draft2020-12": "https://json-schema.org/draft/2020-12/schema",
          "draft7": "http://json-schema.org/draft-07/schema#"}


def _rebase(schema: Any) -> Any:
    """``schema`` moved under ``/properties/value``: its root references follow it."""
    if isinstance(schema, list):
        return [_rebase(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out = {k: _rebase(v) for k, v in schema.items()}
    ref = schema.get("$ref")
    if isinstance(ref, str) and (ref == "#" or ref.startswith("#/")):
        out["$ref"] = "#/properties/value" + ref[1:]
    return out


def run(draft: str, app: Any) -> dict[str, Any]:
    groups = json.loads((HERE / f"{draft}.json").read_text(encoding="utf-8"))
    report: dict[str, Any] = {"groups": len(groups), "accepted": 0, "tests": 0, "typed": 0,
                              "mismatches": [], "refused": Counter()}
    for group in groups:
        page_schema = {"$schema": DRAFTS[draft], "type": "object",
                       "properties": {"value": _rebase(group["schema"])}}
        document = wrap(page_schema)
        errors = [p for p in check_definition(document, group["description"])
                  if p.severity is Severity.ERROR]
        if errors:
            for problem in errors:
                report["refused"][problem.pointer.rsplit("/", 1)[-1] or problem.code] += 1
            continue
        report["accepted"] += 1
        page = compile_cases(document)[0].form.pages[0]
        for test in group["tests"]:
            data = {"value": test["data"]}
            report["tests"] += 1
            if bool(page.validator.is_valid(data)) != test["valid"]:
                report["mismatches"].append((group["description"], test["description"], "runtime"))
                continue
            with app.test_request_context("/", method="POST"), filing_on(dt.date(2026, 12, 1)):
                verdict, _html = post_html(page, data, "vi")
            if verdict.data != data:
                continue  # the data cannot be typed into the fields as they are (e.g. a wrong type)
            report["typed"] += 1
            if verdict.valid != test["valid"]:
                report["mismatches"].append((group["description"], test["description"], "form"))
    return report


@pytest.mark.parametrize("draft", list(DRAFTS))
def test_form_verdict_equals_the_suite_when_its_groups_run_through_the_form(forms_app, draft, capsys):
    report = run(draft, forms_app)
    with capsys.disabled():
        print(f"\n{draft}: {report['accepted']}/{report['groups']} groups accepted, "
              f"{report['tests']} tests ({report['typed']} typed through the HTML form), "
              f"{len(report['mismatches'])} mismatches, refusals by keyword: "
              f"{dict(report['refused']) or 'none'}")
    assert report["mismatches"] == []
    assert report["accepted"] >= 0.9 * report["groups"]
