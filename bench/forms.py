"""Render and validate times of a generated 40-field eForm page, in-process.

Run from the repository root::

    .venv/bin/python bench/forms.py            # 300 rounds each
    .venv/bin/python bench/forms.py -n 1000

Targets: p50 under 5 ms to render a page (bind + read + Jinja) and under 2 ms to
validate a posted page (bind + read + JSON Schema + messages).
"""

from __future__ import annotations

import argparse
import copy
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

# This folder holds benchmarks named like stdlib modules (calendar): keep it off the import path.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
ROOT = _HERE.parent
sys.path.insert(0, str(ROOT))

from flask import render_template  # noqa: E402

from runtime import create_app  # noqa: E402
from runtime.forms.compiler import form_class, page_spec  # noqa: E402
from runtime.forms.convert import read, to_formdata  # noqa: E402
from runtime.forms.verdict import check  # noqa: E402

KINDS = [
    {"type": "string", "maxLength": 100},
    {"type": "string", "pattern": "^[0-9]{12}$", "x-widget": "citizen-id"},
    {"type": "string", "pattern": "^(0|\\+84)[0-9]{9}$", "x-widget": "phone"},
    {"type": "string", "format": "date", "x-widget": "date"},
    {"type": "string", "format": "email"},
    {"type": "integer", "minimum": 0, "maximum": 100, "x-widget": "number"},
    {"type": "integer", "minimum": 0, "x-widget": "money"},
    {"type": "string", "enum": ["a", "b", "c"], "x-widget": "radio",
     "x-enum-labels": {k: {"vi": k.upper(), "en": k.upper()} for k in "abc"}},
    {"type": "boolean", "x-widget": "checkbox"},
    {"type": "string", "maxLength": 500, "x-widget": "textarea"},
]
VALUES = ["Nguyễn Văn A", "001234567890", "0912345678", "05/03/1990", "a@example.com", "42",
          "1.500.000", "b", "true", "Ghi chú"]


def document() -> dict:
    """A procedure whose first page has 40 fields of 10 kinds."""
    doc = json.loads((ROOT / "tests" / "definitions" / "minimal.json").read_text(encoding="utf-8"))
    doc["code"] = "9.000040"
    case = doc["cases"][0]
    props = {}
    for i in range(40):
        field = copy.deepcopy(KINDS[i % len(KINDS)])
        field["x-label"] = {"vi": f"Trường số {i}", "en": f"Field {i}"}
        field["x-noun"] = {"vi": f"trường số {i}", "en": f"field {i}"}
        props[f"f{i}"] = field
    case["form"]["pages"] = [{"id": "big", "title": {"vi": "Trang lớn", "en": "Big page"},
                              "schema": {"type": "object", "properties": props,
                                         "required": [f"f{i}" for i in range(0, 40, 2) if i % 10 != 8]}}]
    case["components"] = [{"id": "document", "name": {"vi": "Giấy tờ", "en": "Document"},
                           "originals": 1, "copies": 0}]
    case["fees"] = {"items": [{"id": "base", "name": {"vi": "Lệ phí", "en": "Charge"},
                               "kind": "fixed", "amount": 0}]}
    return doc


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered) * 1000, ordered[int(len(ordered) * 0.95)] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=300, help="rounds per measure")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="motcua-bench-"))
    (folder / "9.000040").mkdir()
    (folder / "9.000040" / "procedure.json").write_text(json.dumps(document()), encoding="utf-8")
    app = create_app({"SECRET_KEY": "bench", "INSTANCE_PATH": str(folder / "instance"),
                      "MOTCUA_PROCEDURES": str(folder), "MOTCUA_STORE": "memory://"})
    procedure = app.extensions["motcua.catalog"].get("9.000040")
    page = procedure.cases[0].form.pages[0]
    spec = page_spec(page)
    posted = to_formdata(spec.fields, {})
    for i, value in enumerate(VALUES * 4):
        posted[f"f{i}"] = value
    posted["f3"] = "31/02/1990"  # one error, so messages are built too
    stored = to_formdata(spec.fields, {})
    render, validate = [], []
    with app.test_request_context("/", method="POST"):
        cls = form_class(spec, "vi")
        for _ in range(20):  # warm up: templates compiled, validators built
            form = cls(formdata=posted)
            read(spec.fields, form)
            render_template("forms/page.html", procedure=procedure, page=page, spec=spec, form=form,
                            errors=[], back_url="/")
            check(page, spec, cls(formdata=posted), "vi")
        for _ in range(args.n):
            started = time.perf_counter()
            form = cls(formdata=stored)
            read(spec.fields, form)
            render_template("forms/page.html", procedure=procedure, page=page, spec=spec, form=form,
                            errors=[], back_url="/")
            render.append(time.perf_counter() - started)
        for _ in range(args.n):
            started = time.perf_counter()
            verdict = check(page, spec, cls(formdata=posted), "vi")
            validate.append(time.perf_counter() - started)
    assert not verdict.valid and verdict.errors
    for name, samples, target in (("render", render, 5.0), ("validate", validate, 2.0)):
        p50, p95 = _percentiles(samples)
        print(f"{name:9s} 40 fields  p50 {p50:6.2f} ms  p95 {p95:6.2f} ms  (target p50 < {target:g} ms)")


if __name__ == "__main__":
    main()
