"""Each published version is identified by its content; pinned versions survive edits."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from runtime.definitions import Catalog, CheckCache, DefinitionArchive, content_hash, load_definitions, load_procedure
from runtime.definitions.problems import DefinitionError

from .helpers import minimal, write_definition


def test_content_hash_ignores_key_order_and_whitespace():
    document = minimal()
    reordered = json.loads(json.dumps(document, sort_keys=True, indent=7))
    assert content_hash(document) == content_hash(reordered)


def test_content_hash_changes_when_any_value_changes():
    document = minimal()
    changed = minimal()
    changed["cases"][0]["fees"]["items"][0]["amount"] = 10001
    assert content_hash(document) != content_hash(changed)


def test_procedure_version_is_its_content_hash(tmp_path):
    path = write_definition(tmp_path, minimal())
    procedure = load_procedure(path)
    assert procedure.version == content_hash(minimal())
    assert procedure.version.startswith("sha256:") and len(procedure.version) == 71


def test_pinned_version_is_found_in_the_archive_after_the_definition_changes(tmp_path):
    path = write_definition(tmp_path / "procedures", minimal())
    archive = DefinitionArchive(tmp_path / "archive")
    first = load_procedure(path)
    archive.remember(first)

    edited = minimal()
    edited["cases"][0]["fees"]["items"][0]["amount"] = 50000
    write_definition(tmp_path / "procedures", edited)
    catalog = Catalog(load_definitions([tmp_path / "procedures"]).procedures, archive)

    assert catalog.get("9.000001").cases[0].fees.items[0].amount == 50000
    pinned = catalog.version("9.000001", first.version)
    assert pinned is not None and pinned.cases[0].fees.items[0].amount == 10000


def test_archive_refuses_a_file_altered_after_archiving(tmp_path):
    path = write_definition(tmp_path / "procedures", minimal())
    archive = DefinitionArchive(tmp_path / "archive")
    procedure = load_procedure(path)
    archive.remember(procedure)
    [stored] = (tmp_path / "archive").rglob("*.json")
    stored.write_text(stored.read_text().replace("10000", "1"))
    assert DefinitionArchive(tmp_path / "archive").load(procedure.code, procedure.version) is None


def test_load_procedure_raises_with_problems_when_broken(tmp_path):
    document = minimal()
    del document["name"]
    path = write_definition(tmp_path, document)
    with pytest.raises(DefinitionError) as info:
        load_procedure(path)
    assert info.value.problems[0].code == "key.required"


def test_unchanged_definition_is_not_checked_again_with_a_cache(tmp_path, monkeypatch):
    from runtime.definitions import loader

    calls = []
    real = loader.check_definition
    monkeypatch.setattr(loader, "check_definition", lambda doc, f: calls.append(f) or real(doc, f))
    write_definition(tmp_path / "p", minimal())
    load_definitions([tmp_path / "p"], cache=CheckCache(tmp_path / "cache.json"))
    load_definitions([tmp_path / "p"], cache=CheckCache(tmp_path / "cache.json"))
    assert len(calls) == 1

    edited = minimal()
    edited["version"] = "2"
    write_definition(tmp_path / "p", edited)
    load_definitions([tmp_path / "p"], cache=CheckCache(tmp_path / "cache.json"))
    assert len(calls) == 2, "a changed definition is checked again"


def test_cache_from_another_checker_version_is_ignored(tmp_path, monkeypatch):
    write_definition(tmp_path / "p", minimal())
    load_definitions([tmp_path / "p"], cache=CheckCache(tmp_path / "cache.json"))
    from runtime.definitions import cache as cache_module

    monkeypatch.setattr(cache_module, "CHECKER_REVISION", "other")
    assert not CheckCache(tmp_path / "cache.json").is_clean(content_hash(minimal()))


@pytest.mark.parametrize(("start", "end", "day", "offered"), [
    ("2025-07-01", None, "2025-06-30", False),
    ("2025-07-01", None, "2025-07-01", True),
    ("2025-07-01", "2025-12-31", "2025-12-31", True),
    ("2025-07-01", "2025-12-31", "2026-01-01", False),
])
def test_procedure_is_offered_only_while_effective(tmp_path, start, end, day, offered):
    document = minimal()
    document["effective_from"], document["effective_to"] = start, end
    write_definition(tmp_path, document)
    catalog = Catalog(load_definitions([tmp_path]).procedures)
    on = dt.date.fromisoformat(day)
    assert (catalog.offered("9.000001", on) is not None) is offered
    assert bool(catalog.search("", on)) is offered
    assert catalog.get("9.000001") is not None, "the definition is still known (for pinned dossiers)"
