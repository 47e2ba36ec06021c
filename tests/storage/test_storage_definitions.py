"""The definition store contract, run against every backend."""

from __future__ import annotations

import datetime as dt

import pytest

from runtime.storage import open_store
from runtime.storage.definitions import (
    ChangeEntry,
    DefinitionNotFound,
    DefinitionRecord,
    StaleDefinitionError,
    in_force,
    verify_changes,
)


def _doc(name: str = "Thủ tục thử") -> dict:
    # key order on purpose not sorted: it must survive the store
    return {"code": "9.000001", "version": "1", "name": {"vi": name, "en": "Trial"}, "b": 1, "a": 2}


def _add(store, **changes) -> DefinitionRecord:
    record = DefinitionRecord("9.000001", _doc(), "province:79", "admin.hcm", **changes)
    with store.unit_of_work() as uow:
        uow.definitions.add(record)
        uow.commit()
    return record


@pytest.fixture
def store(store_url):
    with open_store(store_url) as opened:
        yield opened


def test_versions_are_numbered_per_code_and_keep_key_order_when_stored(store):
    first, second = _add(store), _add(store)
    assert (first.number, second.number) == (1, 2)
    with store.unit_of_work() as uow:
        got = uow.definitions.get("9.000001", 2)
        assert list(got.document) == ["code", "version", "name", "b", "a"]
        assert [r.number for r in uow.definitions.versions("9.000001")] == [1, 2]
        assert [r.number for r in uow.definitions.all()] == [1, 2]


def test_uncommitted_version_is_not_stored_when_unit_of_work_rolls_back(store):
    with store.unit_of_work() as uow:
        uow.definitions.add(DefinitionRecord("9.000001", _doc(), "province:79", "a"))
    with store.unit_of_work() as uow:
        assert uow.definitions.versions("9.000001") == []
        with pytest.raises(DefinitionNotFound):
            uow.definitions.get("9.000001", 1)


def test_second_saver_is_refused_when_both_read_the_same_revision(store):
    _add(store)
    with store.unit_of_work() as uow:
        mine = uow.definitions.get("9.000001", 1)
    with store.unit_of_work() as uow:
        theirs = uow.definitions.get("9.000001", 1)
    mine.document["name"]["vi"] = "Của tôi"
    with store.unit_of_work() as uow:
        uow.definitions.update(mine)
        uow.commit()
    theirs.document["name"]["vi"] = "Của họ"
    with store.unit_of_work() as uow, pytest.raises(StaleDefinitionError):
        uow.definitions.update(theirs)
    with store.unit_of_work() as uow:
        assert uow.definitions.get("9.000001", 1).document["name"]["vi"] == "Của tôi"


def test_publication_stamp_grows_when_a_version_is_published(store):
    record = _add(store)
    with store.unit_of_work() as uow:
        before = uow.definitions.publication_stamp()
        record.document["name"]["vi"] = "Sửa nháp"
        uow.definitions.update(record)
        uow.commit()
    with store.unit_of_work() as uow:
        assert uow.definitions.publication_stamp() == before  # a draft edit publishes nothing
        record.status, record.effective_from = "published", "2026-01-01"
        uow.definitions.update(record)
        uow.commit()
    with store.unit_of_work() as uow:
        assert uow.definitions.publication_stamp() == before + 1


def test_change_log_is_chained_and_verifies_when_untouched(store):
    with store.unit_of_work() as uow:
        uow.definitions.log_change(ChangeEntry.new("admin.hcm", "create", "9.000001", 1))
        uow.definitions.log_change(ChangeEntry.new("duyet.hcm", "publish", "9.000001", 1, {"on": "2026-01-01"}))
        uow.definitions.log_change(ChangeEntry.new("admin.hcm", "create", "9.000002", 1))
        uow.commit()
    with store.unit_of_work() as uow:
        entries = uow.definitions.changes()
        assert [e.seq for e in entries] == [1, 2, 3]
        assert verify_changes(entries) == []
        assert [e.action for e in uow.definitions.changes("9.000001")] == ["create", "publish"]
        tampered = [entries[0], ChangeEntry(**{**entries[1].__dict__, "actor": "someone"}), entries[2]]
        assert verify_changes(tampered) != []


def _rec(number: int, status: str, start: str | None) -> DefinitionRecord:
    return DefinitionRecord("9.000001", {}, "province:79", "a", status=status, number=number,
                            effective_from=start)


def test_scheduled_version_takes_over_when_its_date_comes():
    records = [_rec(1, "published", "2025-01-01"), _rec(2, "published", "2026-03-01"), _rec(3, "draft", None)]
    assert in_force(records, dt.date(2026, 2, 28))["9.000001"].number == 1
    assert in_force(records, dt.date(2026, 3, 1))["9.000001"].number == 2
    assert in_force([_rec(1, "draft", None)], dt.date(2026, 3, 1)) == {}
    assert records[1].display_status(dt.date(2026, 2, 1)) == "scheduled"
