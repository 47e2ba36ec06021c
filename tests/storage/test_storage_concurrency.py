"""Concurrency on the embedded store: threads and two processes at once."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

from concurrency_worker import AGENCY, work
from storage_factories import build_dossier

from runtime.storage import DossierQuery
from runtime.storage.tinydb_store import TinyDBStore

HERE = Path(__file__).parent
THREADS, PROCESSES, ROUNDS = 4, 2, 12


def test_no_update_is_lost_and_no_code_repeats_when_threads_and_processes_write(
    tmp_path: Path,
) -> None:
    root, go = tmp_path / "store", tmp_path / "go"
    store = TinyDBStore(root)
    counter = build_dossier(name="Counter")
    counter.data["counter"] = 0
    with store.unit_of_work() as uow:
        uow.dossiers.add(counter)
        uow.commit()

    children = [
        subprocess.Popen(
            [sys.executable, str(HERE / "concurrency_worker.py"), str(root), counter.id, str(go), str(ROUNDS)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=HERE,
        )
        for _ in range(PROCESSES)
    ]
    for child in children:
        assert child.stdout is not None
        assert child.stdout.readline() == b"READY\n"
    errors: list[BaseException] = []
    start = threading.Barrier(THREADS + 1)

    def thread_main() -> None:
        start.wait()
        try:
            work(store, counter.id, ROUNDS)
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=thread_main) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    go.touch()
    start.wait()
    for thread in threads:
        thread.join()
    for child in children:
        out, err = child.communicate(timeout=60)
        assert (child.returncode, out, err) == (0, b"DONE\n", b"")
    assert errors == []

    workers = THREADS + PROCESSES
    with store.unit_of_work() as uow:
        final = uow.dossiers.get(counter.id)
        summaries = uow.dossiers.list_summaries(DossierQuery(agency_code=AGENCY, step="receive"))
    assert final.data["counter"] == workers * ROUNDS
    assert final.version == 1 + workers * ROUNDS
    codes = sorted(s.reference for s in summaries)
    assert codes == [f"{AGENCY}-240506-{n:04d}" for n in range(1, workers * ROUNDS + 1)]
