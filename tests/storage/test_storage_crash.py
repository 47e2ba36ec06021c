"""Crash safety of the embedded store: a writer killed with SIGKILL loses nothing committed."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest

from runtime.dossiers.audit import verify_chain
from runtime.storage import DossierQuery
from runtime.storage.tinydb_store import TinyDBStore

HERE = Path(__file__).parent
ROUNDS = 8

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL")


def run_and_kill(root: Path, seed: int, delay: float) -> list[list[str]]:
    """Start a writer, let it commit once, kill it ``delay`` seconds later.

    Returns the writer's complete output lines (a line cut by the kill is dropped).
    """
    child = subprocess.Popen(
        [sys.executable, str(HERE / "crash_writer.py"), str(root), str(seed)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=HERE,
    )
    assert child.stdout is not None and child.stderr is not None
    ready = child.stdout.readline()
    if ready != b"READY\n":
        child.kill()
        child.wait()
        pytest.fail(f"writer did not start: {ready!r} {child.stderr.read().decode()}")
    first = child.stdout.readline()  # one commit at least, so every round does work
    time.sleep(delay)
    child.send_signal(signal.SIGKILL)
    child.wait()
    out, err = first + child.stdout.read(), child.stderr.read()
    child.stdout.close()
    child.stderr.close()
    assert err == b"", err.decode()
    lines = out.split(b"\n")[:-1]  # the last element is empty or a line cut by the kill
    return [line.decode().split() for line in lines]


def assert_files_parse(root: Path) -> None:
    for path in root.rglob("*.json"):
        try:
            orjson.loads(path.read_bytes())
        except orjson.JSONDecodeError as exc:  # pragma: no cover - the failure itself
            pytest.fail(f"{path} is corrupt: {exc}")


def test_committed_dossiers_survive_when_the_writer_is_killed_at_random_points(
    tmp_path: Path,
) -> None:
    root = tmp_path / "store"
    seed = int.from_bytes(os.urandom(4), "big")
    rng = random.Random(seed)
    codes: dict[str, str] = {}
    versions: dict[str, int] = {}
    for round_no in range(ROUNDS):
        for kind, dossier_id, value in run_and_kill(root, seed + round_no, rng.uniform(0.05, 0.4)):
            if kind == "C":
                codes[dossier_id], versions[dossier_id] = value, 1
            else:
                versions[dossier_id] = max(versions.get(dossier_id, 1), int(value))
        context = f"seed {seed}, round {round_no}"
        assert_files_parse(root)
        store = TinyDBStore(root)  # restart: finishes or discards the interrupted commit
        assert not (root / "journal" / "commit.json").exists(), context
        assert list(root.rglob("*.tmp")) == [], context
        with store.unit_of_work() as uow:
            for dossier_id, code in codes.items():  # every reported commit
                dossier = uow.dossiers.get(dossier_id)
                assert dossier.reference == code, context
                assert dossier.version >= versions[dossier_id], context
                assert verify_chain(dossier) == [], context
            summaries = uow.dossiers.list_summaries(DossierQuery(agency_code="000.00.20.H29"))
            stored_ids = set(uow.dossiers.iter_ids())
        references = [s.reference for s in summaries]
        assert len(references) == len(set(references)) == len(stored_ids), context
        assert {s.id for s in summaries} == stored_ids >= set(codes), context
