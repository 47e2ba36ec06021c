"""Render and validate times of generated eForm pages (40 and 200 fields), in-process,
and the time to compile a 500-property schema.

Run from the repository root::

    .venv/bin/python bench/forms.py            # 300 rounds each
    .venv/bin/python bench/forms.py -n 1000

Targets: 40 fields: p50 under 5 ms to render a page (bind + read + Jinja) and under 1 ms
to validate a valid posted page (bind + read + JSON Schema); 200 fields: render p50 under
20 ms. A page with one error (messages built too) and the compile time of a 500-property
schema (field specs, form class and validator) are reported.
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


def document(size: int = 40) -> dict:
    """A procedure whose first page has ``size`` fields of 10 kinds."""
    doc = json.loads((ROOT / "tests" / "definitions" / "minimal.json").read_text(encoding="utf-8"))
    doc["code"] = f"9.{size:06d}"
    case = doc["cases"][0]
    props = {}
    for i in range(size):
        field = copy.deepcopy(KINDS[i % len(KINDS)])
        field["x-label"] = {"vi": f"Trường số {i}", "en": f"Field {i}"}
        field["x-noun"] = {"vi": f"trường số {i}", "en": f"field {i}"}
        props[f"f{i}"] = field
    case["form"]["pages"] = [{"id": "big", "title": {"vi": "Trang lớn", "en": "Big page"},
                              "schema": {"type": "object", "properties": props,
                                         "required": [f"f{i}" for i in range(0, size, 2)
                                                      if i % 10 != 8]}}]
    case["components"] = [{"id": "document", "name": {"vi": "Giấy tờ", "en": "Document"},
                           "originals": 1, "copies": 0}]
    case["fees"] = {"items": [{"id": "base", "name": {"vi": "Lệ phí", "en": "Charge"},
                               "kind": "fixed", "amount": 0}]}
    return doc


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered) * 1000, ordered[int(len(ordered) * 0.95)] * 1000


def measure(app, code: str, size: int, rounds: int) -> dict[str, list[float]]:
    """Render, valid-post and invalid-post times of the page of ``size`` fields."""
    procedure = app.extensions["motcua.catalog"].get(code)
    page = procedure.cases[0].form.pages[0]
    spec = page_spec(page)
    valid = to_formdata(spec.fields, {})
    for i in range(size):
        valid[f"f{i}"] = VALUES[i % len(VALUES)]
    invalid = valid.copy()
    invalid["f3"] = "31/02/1990"  # one error, so messages are built too
    stored = to_formdata(spec.fields, {})
    times: dict[str, list[float]] = {"render": [], "validate": [], "invalid": []}
    with app.test_request_context("/", method="POST"):
        cls = form_class(spec, "vi")
        for _ in range(20):  # warm up: templates compiled, validators built
            form = cls(formdata=valid)
            read(spec.fields, form)
            render_template("forms/page.html", procedure=procedure, page=page, spec=spec, form=form,
                            errors=[], back_url="/")
            check(page, spec, cls(formdata=invalid), "vi")
        for _ in range(rounds):
            started = time.perf_counter()
            form = cls(formdata=stored)
            read(spec.fields, form)
            render_template("forms/page.html", procedure=procedure, page=page, spec=spec, form=form,
                            errors=[], back_url="/")
            times["render"].append(time.perf_counter() - started)
        for name, posted in (("validate", valid), ("invalid", invalid)):
            for _ in range(rounds):
                started = time.perf_counter()
                verdict = check(page, spec, cls(formdata=posted), "vi")
                times[name].append(time.perf_counter() - started)
            assert verdict.valid == (name == "validate"), verdict.errors
    return times


def compile_time(size: int, rounds: int = 5) -> float:
    """Seconds (median) to compile a page of ``size`` properties: specs, form class, validator."""
    from runtime.definitions.compiler import compile_cases

    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        page = compile_cases(document(size))[0].form.pages[0]
        form_class(page_spec(page), "vi")
        page.validator  # noqa: B018 - built on first use
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=300, help="rounds per measure")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="motcua-bench-"))
    for size in (40, 200):
        (folder / f"9.{size:06d}").mkdir()
        (folder / f"9.{size:06d}" / "procedure.json").write_text(json.dumps(document(size)),
                                                                   encoding="utf-8")
    app = create_app({"SECRET_KEY": "bench", "INSTANCE_PATH": str(folder / "instance"),
                      "MOTCUA_PROCEDURES": str(folder), "MOTCUA_STORE": "memory://"})
    targets = {(40, "render"): 5.0, (40, "validate"): 1.0, (200, "render"): 20.0}
    for size in (40, 200):
        times = measure(app, f"9.{size:06d}", size, args.n if size == 40 else max(args.n // 3, 30))
        for name, samples in times.items():
            p50, p95 = _percentiles(samples)
            target = targets.get((size, name))
            goal = f"(target p50 < {target:g} ms)" if target else "(reported)"
            label = "validate (1 error)" if name == "invalid" else name
            print(f"{label:18s} {size:3d} fields  p50 {p50:6.2f} ms  p95 {p95:6.2f} ms  {goal}")
    print(f"compile 500-property schema: {compile_time(500) * 1000:.0f} ms (reported)")


if __name__ == "__main__":
    main()
