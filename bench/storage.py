"""Storage benchmark: submit/update latency at growing sizes, and sustained throughput.

Run on demand (not part of the tests)::

    .venv/bin/python bench/storage.py                      # TinyDB (+ PostgreSQL if configured)
    .venv/bin/python bench/storage.py --seconds 10 --sizes 1000,10000
    MOTCUA_BENCH_POSTGRES_URL=postgresql://postgres@127.0.0.1/test .venv/bin/python bench/storage.py

PostgreSQL is benchmarked when ``MOTCUA_BENCH_POSTGRES_URL`` (or
``MOTCUA_TEST_POSTGRES_URL``) is set, in a throw-away schema. Stores are
prefilled with ``bulk_add`` (realistic ~4 KB dossiers with 3 events);
latencies are measured on single commits, one at a time.
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import statistics
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta

import orjson

from runtime.dossiers.model import (
    ComponentFiles,
    Dossier,
    Person,
    Provenance,
    Status,
    StoredFile,
    new_id,
)
from runtime.storage import DossierQuery, Store, open_store

AGENCIES = [f"000.{n:02d}.20.H29" for n in range(10)]
STEPS = ["receive", "review", "approve", "sign", "return"]
TODAY = date.today()
NOW = datetime.now(UTC)


def make_dossier(rng: random.Random, n: int) -> Dossier:
    """A realistic submitted dossier of about 4 KB with three events."""
    name = f"Nguyễn Thị Bích Ngọc {n}"
    dossier = Dossier(
        procedure_code=f"1.00{rng.randint(1000, 1999)}",
        definition_version="sha256:" + secrets.token_hex(32),
        applicant=Person(
            full_name=name,
            personal_id=f"0010990{n:05d}",
            birth_date=date(1980 + n % 30, 1 + n % 12, 1 + n % 28),
            phone="0912345678",
            email=f"user{n}@example.vn",
            address={"province_code": "01", "commune_code": "00004", "street": "12 Hàng Bạc"},
        ),
        account_id=f"citizen-{rng.randint(1, 20_000)}",
        agency_code=rng.choice(AGENCIES),
        data={
            "ho_ten": name,
            "ngay_sinh": "1990-01-02",
            "dia_chi": {"tinh": "01", "xa": "00004", "duong": "12 Hàng Bạc, Hoàn Kiếm, Hà Nội"},
            "ly_do": "Đăng ký thường trú cho con mới sinh " * 6,
            "thanh_vien": [{"ho_ten": f"Thành viên {i}", "quan_he": "con"} for i in range(6)],
        },
        provenance={
            "/ho_ten": Provenance(source="autofilled", attribute="fullName", original=name),
            "/ngay_sinh": Provenance(source="typed"),
        },
        components=[
            ComponentFiles(
                component_id=f"tp-{i}",
                files=[
                    StoredFile(
                        sha256=secrets.token_hex(32),
                        name=f"giấy tờ {i}.pdf",
                        media_type="application/pdf",
                        size=120_000,
                        pages=2,
                    )
                ],
            )
            for i in range(3)
        ],
        fees={"total": 50_000, "items": [{"code": "LP", "amount": 50_000}]},
        payments=[{"amount": 50_000, "status": "paid", "provider": "payment-gateway"}],
        status=Status(step=rng.choice(STEPS), national_code=2),
        is_draft=False,
        submitted_at=NOW,
        due_at=NOW + timedelta(days=rng.randint(1, 30)),
        step_deadlines={step: NOW + timedelta(days=i) for i, step in enumerate(STEPS)},
    )
    for action in ("create", "submit", "receive"):
        dossier.append_event(actor="officer-7", action=action, comment="Đã tiếp nhận hồ sơ")
    return dossier


def prefill(store: Store, start: int, stop: int, rng: random.Random) -> None:
    """Bulk-load dossiers ``start..stop`` with codes on past days (no clash with submits)."""
    batch = 5_000
    for first in range(start, stop, batch):
        dossiers = []
        for n in range(first, min(first + batch, stop)):
            dossier = make_dossier(rng, n)
            dossier.reference = f"{dossier.agency_code}-PRE-{n:07d}"
            dossiers.append(dossier)
        store.bulk_add(dossiers)


def submit(store: Store, dossier: Dossier) -> None:
    with store.unit_of_work() as uow:
        dossier.reference = uow.references.next_reference(dossier.agency_code or "-", TODAY)
        uow.dossiers.add(dossier)
        uow.commit()


def update(store: Store, dossier_id: str) -> None:
    with store.unit_of_work() as uow:
        dossier = uow.dossiers.get(dossier_id)
        dossier.status.step = "review"
        dossier.append_event(actor="officer-9", action="forward", from_step="receive", to_step="review")
        uow.dossiers.update(dossier)
        uow.commit()


def inbox(store: Store, agency: str) -> None:
    """An officer's inbox: two steps of one agency, most urgent first, one page."""
    query = DossierQuery(agency_code=agency, step=("receive", "review"), limit=50)
    with store.unit_of_work() as uow:
        uow.dossiers.list_summaries(query)
        uow.dossiers.count(query)


def timed(samples: int, action: Callable[[int], None]) -> tuple[float, float]:
    """p50 and p95 in milliseconds of ``samples`` runs of ``action``."""
    times = []
    for i in range(samples):
        start = time.perf_counter()
        action(i)
        times.append((time.perf_counter() - start) * 1000)
    quantiles = statistics.quantiles(times, n=20)
    return statistics.median(times), quantiles[18]


def throughput(store: Store, seconds: float, threads: int, rng: random.Random) -> float:
    """Submitted dossiers per second, ``threads`` submitting for ``seconds``."""
    deadline = time.monotonic() + seconds
    counts = [0] * threads

    def worker(index: int) -> None:
        # One template per thread, re-submitted under new ids: the client spends
        # its CPU in the store, not in building test data.
        template = make_dossier(random.Random(rng.random()), 10_000_000 + index)
        while time.monotonic() < deadline:
            template.id, template.version = new_id(), 0
            submit(store, template)
            counts[index] += 1

    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    start = time.monotonic()
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return sum(counts) / (time.monotonic() - start)


@contextmanager
def backend_url(kind: str, base: str | None) -> Iterator[str]:
    """A fresh, empty store URL for one backend, removed afterwards."""
    if kind == "tinydb":
        with tempfile.TemporaryDirectory(prefix="motcua-bench-", dir=os.environ.get("BENCH_DIR")) as tmp:
            yield f"tinydb://{tmp}/store"
        return
    import psycopg
    from psycopg import sql

    from runtime.storage.postgres import split_url, upgrade, with_schema

    assert base is not None
    schema = f"motcua_bench_{secrets.token_hex(4)}"
    url = with_schema(base, schema)
    upgrade(url)
    try:
        yield url
    finally:
        with psycopg.connect(split_url(base)[0], autocommit=True) as conn:
            conn.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))


def run_backend(kind: str, base: str | None, args: argparse.Namespace) -> None:
    rng = random.Random(42)
    sample = make_dossier(rng, 0)
    size = len(orjson.dumps(sample.to_dict()))
    print(f"\n== {kind} (dossier ~{size / 1024:.1f} KB, {len(sample.events)} events) ==")
    print(
        f"{'stored':>8} | {'submit p50':>10} {'p95':>8} | {'update p50':>10} {'p95':>8}"
        f" | {'inbox p50':>9} {'p95':>8}  (ms)"
    )
    with backend_url(kind, base) as url, open_store(url) as store:
        stored = 0
        ids: list[str] = []
        for target in args.sizes:
            started = time.perf_counter()
            prefill(store, stored, target, rng)
            fill_s = time.perf_counter() - started
            stored = target
            fresh = [make_dossier(rng, 1_000_000 + stored + i) for i in range(args.samples)]
            sub = timed(args.samples, lambda i, fresh=fresh: submit(store, fresh[i]))
            ids = [d.id for d in fresh]
            upd = timed(args.samples, lambda i, ids=ids: update(store, rng.choice(ids)))
            box = timed(max(args.samples // 4, 20), lambda i: inbox(store, AGENCIES[i % len(AGENCIES)]))
            print(
                f"{target:>8} | {sub[0]:>10.2f} {sub[1]:>8.2f} | {upd[0]:>10.2f} {upd[1]:>8.2f}"
                f" | {box[0]:>9.2f} {box[1]:>8.2f}   (prefill {fill_s:.1f}s)"
            )
        rate = throughput(store, args.seconds, args.threads, rng)
        print(f"throughput at {stored} stored: {rate:.0f} dossiers/s "
              f"({args.threads} threads, {args.seconds:.0f}s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,50000", help="stored dossiers, comma-separated")
    parser.add_argument("--samples", type=int, default=200, help="timed commits per size")
    parser.add_argument("--seconds", type=float, default=60.0, help="throughput duration")
    parser.add_argument("--threads", type=int, default=4, help="throughput threads")
    parser.add_argument("--backend", choices=["tinydb", "postgres", "all"], default="all")
    args = parser.parse_args()
    args.sizes = [int(s) for s in args.sizes.split(",")]
    pg = os.environ.get("MOTCUA_BENCH_POSTGRES_URL") or os.environ.get("MOTCUA_TEST_POSTGRES_URL")
    if args.backend in ("tinydb", "all"):
        run_backend("tinydb", None, args)
    if args.backend in ("postgres", "all"):
        if pg:
            run_backend("postgres", pg, args)
        else:
            print("\n(postgres skipped: set MOTCUA_BENCH_POSTGRES_URL)")


if __name__ == "__main__":
    main()
