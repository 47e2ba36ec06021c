"""Benchmark of the national portal sync against the reference portal over real HTTP.

Run from the repository root::

    .venv/bin/python bench/portal.py            # 1,000 dossiers (~1 min)
    .venv/bin/python bench/portal.py --quick    # 200 dossiers
    .venv/bin/python bench/portal.py --postgres postgresql://postgres@127.0.0.1:5432/test

1,000 dossiers go through their whole lives (filed, some asked for a supplement, examined, signed,
returned) at the workflow level; every change is logged and queued as the services do after a
commit. One worker then delivers them to the reference portal served by werkzeug on a local port,
with the ``http`` connector (signed requests). Then the portal goes down while a fifth as many
dossiers live, the worker's attempts fail and are put off, the portal comes back, and the worker
delivers everything. Printed, each with its target: updates delivered per second by one worker,
every change acknowledged once and in order, none refused, and the outage fully recovered.
"""

from __future__ import annotations

import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]  # bench/calendar.py shadows stdlib
sys.path.insert(0, str(_HERE.parent))

import argparse  # noqa: E402
import logging  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402

from werkzeug.serving import make_server  # noqa: E402

from runtime.agencies import load_directory  # noqa: E402
from runtime.definitions import Catalog, load_definitions  # noqa: E402
from runtime.demo import DEMO_DIR  # noqa: E402
from runtime.paths import procedures_dir  # noqa: E402
from runtime.portal.contrib.http import HttpPortalSync  # noqa: E402
from runtime.portal.reference import ReferencePortal  # noqa: E402
from runtime.services.factory import build_services  # noqa: E402
from runtime.services.jobs import make_worker  # noqa: E402
from tests.portal.conftest import Tick  # noqa: E402
from tests.portal.lives import live  # noqa: E402
from tests.services.conftest import Clock  # noqa: E402

KEY = "bench-portal-shared-key-0000000000"
UPDATES_PER_SECOND_TARGET = 100.0


def _scratch() -> Path:
    shm = Path("/dev/shm")
    return Path(tempfile.mkdtemp(prefix="motcua-bench-portal-",
                                 dir=shm if shm.is_dir() and os.access(shm, os.W_OK) else None))


def _in_order(portal: ReferencePortal, dossiers: list) -> bool:
    for dossier in dossiers:
        codes = [e.data["national_code"] for e in dossier.events if "national_code" in e.data]
        held = portal.updates.get(dossier.reference, [])
        if [u["sequence"] for u in held] != list(range(1, len(codes) + 1)) or \
                [u["status_code"] for u in held] != codes:
            return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=1000, help="dossiers (default 1000)")
    parser.add_argument("--quick", action="store_true", help="200 dossiers")
    parser.add_argument("--postgres", help="a PostgreSQL URL (migrated schema) instead of the embedded store")
    args = parser.parse_args()
    count = 200 if args.quick else args.n
    logging.disable(logging.WARNING)  # the outage fails hundreds of attempts on purpose

    portal = ReferencePortal(KEY)
    server = make_server("127.0.0.1", 0, portal, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    scratch = _scratch()
    store = args.postgres or f"tinydb://{scratch / 'store'}"
    config = {"SECRET_KEY": "bench", "MOTCUA_STORE": store, "MOTCUA_WORKER": "external"}
    catalog = Catalog(load_definitions([procedures_dir()]).procedures)
    services = build_services(config, scratch, catalog, load_directory(DEMO_DIR / "agencies.json"))
    services.clock = Clock()
    tick = Tick()
    if hasattr(services.jobs, "clock"):
        services.jobs.clock = tick
    services.portal = HttpPortalSync(f"http://127.0.0.1:{server.server_port}", KEY)
    try:
        started = time.perf_counter()
        dossiers = [live(services, n, services.now()) for n in range(1, count + 1)]
        lived = time.perf_counter() - started
        changes = sum(len(portal_changes) for portal_changes in
                      ([e for e in d.events if "national_code" in e.data] for d in dossiers))
        started = time.perf_counter()
        make_worker(services, config).run(until_idle=True)
        delivered = time.perf_counter() - started
        rate = changes / delivered
        print(f"{count} dossiers, {changes} status changes driven and queued in {lived:.1f} s")
        print(f"delivered by one worker: {rate:.0f} updates/s (target ≥ {UPDATES_PER_SECOND_TARGET:.0f}/s)")
        print(f"acknowledged: {len(portal.keys)}/{changes} (target all), duplicates stored: 0 "
              f"(target 0; repeats received {portal.duplicates}), refused: {len(portal.refusals)} (target 0), "
              f"in order: {_in_order(portal, dossiers)} (target True)")

        if args.postgres:
            print("outage: skipped with --postgres (the queue's clock is the database's)")
            return
        portal.down = True
        outage = [live(services, n, services.now()) for n in range(count + 1, count + 1 + count // 5)]
        worker = make_worker(services, config)
        for _ in range(3):
            worker.run(until_idle=True)
            tick.now += 4000
        waiting = services.sync_log.counts()
        portal.down = False
        started = time.perf_counter()
        worker.run(until_idle=True)
        recovered = time.perf_counter() - started
        print(f"outage: {len(outage)} dossiers while down ({waiting.get('pending', 0)} changes waiting); "
              f"after it returned, all delivered in {recovered:.1f} s: "
              f"in order {_in_order(portal, outage)} (target True), refused {len(portal.refusals)} (target 0), "
              f"not accepted {sum(v for k, v in services.sync_log.counts().items() if k != 'accepted')} (target 0)")
    finally:
        server.shutdown()
        services.store.close()
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
