"""The motcua command line: check, show, catalog."""

from __future__ import annotations

import json

from click.testing import CliRunner

from builder.cli import cli

from .definitions.helpers import minimal, write_definition


def test_check_exits_zero_and_counts_when_the_catalog_is_clean():
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 0, result.output
    assert "procedure definition(s)" in result.output and "0 error(s)" in result.output


def test_check_lists_problems_grouped_by_file_and_exits_one(tmp_path):
    good = write_definition(tmp_path, minimal())
    broken = minimal()
    broken["code"] = "9.000002"
    broken["processing"]["start"] = "nowhere"
    bad = write_definition(tmp_path, broken)
    result = CliRunner().invoke(cli, ["check", str(tmp_path)])
    assert result.exit_code == 1
    assert str(bad) in result.output and "/processing/start" in result.output
    assert str(good) not in result.output
    assert "Checked 2 procedure definition(s)" in result.output


def test_check_shows_progress_on_a_large_catalog(tmp_path):
    for n in range(60):
        document = minimal()
        document["code"] = f"9.{n:06d}"
        write_definition(tmp_path, document)
    result = CliRunner().invoke(cli, ["check", str(tmp_path)])
    assert result.exit_code == 0
    assert "checked 60/60 definitions" in result.output


def test_check_fails_on_malformed_json_without_crashing(tmp_path):
    path = tmp_path / "9.000001" / "procedure.json"
    path.parent.mkdir()
    path.write_text("{ not json")
    result = CliRunner().invoke(cli, ["check", str(tmp_path)])
    assert result.exit_code == 1 and "not valid JSON" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_show_prints_a_readable_summary():
    result = CliRunner().invoke(cli, ["show", "1.001193", "--lang", "en"])
    assert result.exit_code == 0
    assert "Birth registration" in result.output and "receive" in result.output


def test_show_refuses_an_unknown_code():
    result = CliRunner().invoke(cli, ["show", "9.999999"])
    assert result.exit_code != 0 and "no procedure" in result.output


def test_catalog_filters_by_search_words():
    result = CliRunner().invoke(cli, ["catalog", "--search", "khai sinh", "--on", "2026-01-15"])
    assert result.exit_code == 0 and "1.001193" in result.output
    empty = CliRunner().invoke(cli, ["catalog", "--search", "xyzzy"])
    assert "0 of" in empty.output


def test_meta_schema_is_valid_json_schema_2020_12():
    import jsonschema

    from runtime.definitions.metaschema import SCHEMAS_DIR

    schema = json.loads((SCHEMAS_DIR / "procedure.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
