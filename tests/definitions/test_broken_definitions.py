"""Each kind of mistake in a definition gets its own problem, with file and JSON pointer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from runtime.definitions import load_definitions

from .helpers import HERE, apply_patch, minimal, write_definition

BROKEN = sorted((HERE / "broken").glob("*.json"))


def test_minimal_definition_is_clean_when_unchanged(tmp_path):
    write_definition(tmp_path, minimal())
    result = load_definitions([tmp_path])
    assert result.problems == {}
    assert [p.code for p in result.procedures] == ["9.000001"]


@pytest.mark.parametrize("case_file", BROKEN, ids=lambda p: p.stem)
def test_broken_definition_reports_its_specific_problem(case_file: Path, tmp_path):
    case = json.loads(case_file.read_text(encoding="utf-8"))
    if "raw" in case:
        path = tmp_path / "9.000001" / "procedure.json"
        path.parent.mkdir(parents=True)
        path.write_bytes((HERE / "broken" / case["raw"]).read_bytes())
    else:
        document = case.get("replace_document") or apply_patch(minimal(), case["patch"])
        path = write_definition(tmp_path, document, case.get("folder"))

    result = load_definitions([tmp_path])  # must not raise, whatever the mistake

    expect = case["expect"]
    problems = result.problems.get(str(path), [])
    matching = [p for p in problems if p.code == expect["code"] and p.pointer == expect["pointer"]]
    assert matching, f"expected {expect} in:\n" + "\n".join(f"{p.code} {p.format()}" for p in problems)
    problem = matching[0]
    assert problem.file == str(path)
    assert problem.message
    if "hint" in expect:
        assert expect["hint"] in problem.hint
    if "message" in expect:
        assert expect["message"] in problem.message
    if problem.is_error:
        assert result.procedures == [], "a definition with errors is never compiled"


def test_warning_when_condition_passes_for_an_absent_field(tmp_path):
    document = apply_patch(minimal(), [{"op": "replace", "path": "/cases/0/components/1/when",
                                         "value": {"properties": {"kind": {"const": "b"}}}}])
    path = write_definition(tmp_path, document)
    result = load_definitions([tmp_path])
    codes = {(p.code, p.severity.value) for p in result.problems[str(path)]}
    assert ("condition.absent_field", "warning") in codes
    assert len(result.procedures) == 1, "warnings do not keep a definition out"


def test_duplicate_codes_in_one_catalog_are_refused(tmp_path):
    write_definition(tmp_path / "a", minimal())
    write_definition(tmp_path / "b", minimal())
    result = load_definitions([tmp_path])
    assert len(result.procedures) == 1
    [(_file, problems)] = result.problems.items()
    assert problems[0].code == "code.duplicate"


def test_oversized_file_is_refused_without_reading_it(tmp_path, monkeypatch):
    from runtime.definitions import loader

    monkeypatch.setattr(loader, "MAX_DEFINITION_BYTES", 100)
    path = write_definition(tmp_path, minimal())
    result = load_definitions([tmp_path])
    assert result.problems[str(path)][0].code == "file.too_large"


def test_every_problem_kind_in_the_folder_is_distinct():
    kinds = [json.loads(p.read_text())["expect"]["code"] + json.loads(p.read_text())["expect"]["pointer"]
             for p in BROKEN]
    assert len(kinds) == len(set(kinds))
