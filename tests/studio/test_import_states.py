"""What the studio keeps about imported drafts, the same on both backends (embedded SQLite file, PostgreSQL)."""

from __future__ import annotations

import pytest

from builder.studio.imports import SQLITE_SCHEMA, ImportState, ImportStates
from runtime.storage import open_store
from runtime.storage.sidecar import runner_for


@pytest.fixture(params=["tinydb", "postgres"])
def states(request, tmp_path):
    url = f"tinydb://{tmp_path / 'store'}" if request.param == "tinydb" else request.getfixturevalue("postgres_url")
    with open_store(url) as store:
        yield ImportStates(runner_for(store, "studio-imports.sqlite3", SQLITE_SCHEMA))


def test_import_state_round_trips_and_is_replaced_by_the_next_put(states):
    assert states.get("9.000001", 1) is None
    state = ImportState("9.000001", 1, "9.000001", {"fields": {"fees": {"status": "review"}}},
                        {"code": "9.000001", "name": {"vi": "Thủ tục", "en": "Procedure"}})
    states.put(state)
    read = states.get("9.000001", 1)
    assert read is not None and read.baseline["name"]["vi"] == "Thủ tục" and read.pending is None
    read.pending, read.previous = {"code": "9.000001", "v": 2}, read.baseline
    states.put(read)
    again = states.get("9.000001", 1)
    assert again.pending == {"code": "9.000001", "v": 2} and again.previous["name"]["en"] == "Procedure"
    assert states.get("9.000001", 2) is None
