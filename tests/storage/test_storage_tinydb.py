"""Embedded store specifics: refusals, atomic files, journal recovery, partitioning."""

from __future__ import annotations

import os
from pathlib import Path

import orjson
import pytest
from storage_factories import build_dossier

from runtime.storage import (
    CorruptStoreError,
    DossierNotFound,
    DossierQuery,
    UnsupportedUsageError,
    fsutil,
)
from runtime.storage.tinydb_store import AtomicJSONStorage, TinyDBStore
from runtime.storage.tinydb_store.journal import Journal
from runtime.storage.tinydb_store.layout import FORMAT_VERSION, MARKER


class SimulatedCrash(BaseException):
    """Stands for the process dying at this point."""


def add(store: TinyDBStore, dossier):
    with store.unit_of_work() as uow:
        dossier.reference = uow.references.next_reference("000.00.20.H29", dossier.created_at.date())
        uow.dossiers.add(dossier)
        uow.commit()
    return dossier


def test_open_is_refused_when_store_was_written_by_a_newer_format(tmp_path: Path) -> None:
    TinyDBStore(tmp_path)
    marker = tmp_path / MARKER
    info = orjson.loads(marker.read_bytes()) | {"version": FORMAT_VERSION + 1}
    marker.write_bytes(orjson.dumps(info))
    with pytest.raises(UnsupportedUsageError, match="newer motcua"):
        TinyDBStore(tmp_path)


def test_open_is_refused_when_directory_holds_something_else(tmp_path: Path) -> None:
    (tmp_path / "thesis.docx").write_bytes(b"precious")
    with pytest.raises(UnsupportedUsageError, match="not a motcua store"):
        TinyDBStore(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".lock", "thesis.docx"]


def test_open_is_refused_when_directory_is_on_a_network_filesystem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fsutil, "filesystem_type", lambda path: "nfs4")
    with pytest.raises(UnsupportedUsageError, match=r"network filesystem \(nfs4\)"):
        TinyDBStore(tmp_path / "store")
    assert not (tmp_path / "store").exists()


def test_filesystem_type_is_read_from_the_longest_mount_when_mounts_nest(tmp_path: Path) -> None:
    mounts = tmp_path / "mounts"
    mounts.write_text(
        "/dev/vda / ext4 rw 0 0\nserver:/srv /mnt/shared\\040data nfs4 rw 0 0\n", encoding="utf-8"
    )
    assert fsutil.filesystem_type(Path("/mnt/shared data/x"), mounts) == "nfs4"
    assert fsutil.filesystem_type(Path("/mnt/other"), mounts) == "ext4"


def test_previous_content_survives_when_a_write_fails_midway(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    storage = AtomicJSONStorage(tmp_path / "db.json")
    storage.write({"t": {"1": {"v": "old"}}})

    def crash(src: str, dst: str) -> None:
        raise SimulatedCrash

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(SimulatedCrash):
        storage.write({"t": {"1": {"v": "new"}}})
    assert storage.read() == {"t": {"1": {"v": "old"}}}
    assert [p.name for p in tmp_path.iterdir()] == ["db.json"]


def test_damaged_file_is_reported_when_read(tmp_path: Path) -> None:
    store = TinyDBStore(tmp_path)
    dossier = add(store, build_dossier())
    path = store.layout.abs(store.layout.dossier(dossier.id))
    path.write_bytes(path.read_bytes()[:100])
    with store.unit_of_work() as uow, pytest.raises(CorruptStoreError, match="damaged"):
        uow.dossiers.get(dossier.id)


def test_interrupted_commit_is_finished_when_store_reopens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = TinyDBStore(tmp_path)
    dossier = build_dossier(step="receive")

    def die(self: Journal, writes: dict) -> None:
        raise SimulatedCrash

    with monkeypatch.context() as patch:
        patch.setattr(Journal, "_apply", die)
        with pytest.raises(SimulatedCrash):
            add(store, dossier)
    assert (tmp_path / "journal" / "commit.json").exists()
    reader = TinyDBStore(tmp_path)  # a restart: replays the decided commit
    with reader.unit_of_work() as uow:
        assert uow.dossiers.get_by_reference(dossier.reference).id == dossier.id
        assert uow.dossiers.count(DossierQuery(step="receive")) == 1
    assert not (tmp_path / "journal" / "commit.json").exists()


def test_commit_leaves_no_trace_when_interrupted_before_the_journal_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = TinyDBStore(tmp_path)
    dossier = build_dossier()

    def die(path: Path, data: bytes, **kwargs: object) -> None:
        raise SimulatedCrash

    with monkeypatch.context() as patch:
        patch.setattr("runtime.storage.tinydb_store.journal.atomic_write", die)
        with pytest.raises(SimulatedCrash):
            add(store, dossier)
    reopened = TinyDBStore(tmp_path)
    with reopened.unit_of_work() as uow:
        with pytest.raises(DossierNotFound):
            uow.dossiers.get(dossier.id)
        assert uow.references.next_reference("000.00.20.H29", dossier.created_at.date()).endswith(
            "-0001"
        )


def test_nested_writing_unit_of_work_is_refused_when_it_would_deadlock(tmp_path: Path) -> None:
    store = TinyDBStore(tmp_path)
    with store.unit_of_work() as outer, store.unit_of_work() as inner:
        outer.references.next_reference("A", build_dossier().created_at.date())
        with pytest.raises(UnsupportedUsageError, match="nested"):
            inner.references.next_reference("A", build_dossier().created_at.date())


def test_commit_rewrites_only_small_files_when_the_store_is_large(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = TinyDBStore(tmp_path)
    store.bulk_add(
        build_dossier(name=f"Old {n}", step="receive", account_id=f"citizen-{n % 500}")
        for n in range(2000)
    )
    written: list[tuple[str, int]] = []
    original = Journal.commit

    def spy(self: Journal, writes: dict) -> None:
        written.extend((path, len(orjson.dumps(data))) for path, data in writes.items())
        original(self, writes)

    monkeypatch.setattr(Journal, "commit", spy)
    add(store, build_dossier(step="receive"))
    kinds = sorted("/".join(path.split("/")[:2]) for path, _ in written)
    assert kinds == [
        "dossiers/" + kinds[0].split("/")[1],
        "index/account",
        "index/agency",
        "index/reference",
        "sequences/000.00.20.H29",
    ]
    assert max(size for _, size in written) < 64_000  # the whole index is ~800 KB


def test_other_writers_are_seen_when_another_store_object_commits(tmp_path: Path) -> None:
    first, second = TinyDBStore(tmp_path), TinyDBStore(tmp_path)
    with second.unit_of_work() as uow:
        assert uow.dossiers.count(DossierQuery(agency_code="000.00.20.H29")) == 0
    add(first, build_dossier())
    with second.unit_of_work() as uow:
        assert uow.dossiers.count(DossierQuery(agency_code="000.00.20.H29")) == 1


def test_lists_are_rebuilt_when_indexes_are_lost(tmp_path: Path) -> None:
    store = TinyDBStore(tmp_path)
    kept = [add(store, build_dossier(step="receive")) for _ in range(3)]
    for path in (tmp_path / "index").rglob("*.json"):
        path.write_bytes(orjson.dumps({"summaries": {}, "references": {}}))
    assert store.rebuild_indexes() == 3
    with store.unit_of_work() as uow:
        assert uow.dossiers.count(DossierQuery(step="receive")) == 3
        assert uow.dossiers.get_by_reference(kept[1].reference).id == kept[1].id
