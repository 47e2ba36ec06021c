"""The public scorecard's counts for a province's year, computed in the store.

Run on demand (not part of the tests)::

    .venv/bin/python bench/scorecard.py                  # PostgreSQL, 100,000 dossiers over 40 agencies
    .venv/bin/python bench/scorecard.py --quick          # 10,000 dossiers, and the embedded store with 2,000
    MOTCUA_BENCH_POSTGRES_URL='postgresql://postgres@db/test?schema=bench_scorecard' .venv/bin/python bench/scorecard.py

Dossiers are filed over the past 15 months, two thirds of them with a result
(some late, some after an apology), half rated, with feedback beside them.
PostgreSQL counts with one aggregate query (no dossier leaves the database);
the embedded store reads each dossier touched in the year. The page caches its
figures for five minutes, so this is the cost of the first visitor in that time.
"""

# ruff: noqa: E402 - the module path is fixed (below) before the project's imports

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import os
import random
import statistics
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if not p or Path(p).resolve() != _HERE]

from runtime.dossiers.model import Dossier, Person, Status
from runtime.scorecard import build_scorecard
from runtime.scorecard.counts import count
from runtime.scorecard.indicators import year_bounds
from runtime.storage import open_store
from runtime.storage.feedback import Feedback

VN = ZoneInfo("Asia/Ho_Chi_Minh")
DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/test?schema=bench_scorecard"
TARGET_SECONDS = {"PostgreSQL": 2.0, "embedded (TinyDB)": 5.0}


def _inbox_module():
    spec = importlib.util.spec_from_file_location("bench_inbox", _HERE / "inbox.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def make(rng: random.Random, agencies: list[str], now: dt.datetime) -> Dossier:
    filed = now - dt.timedelta(days=rng.uniform(0, 450))
    due = filed + dt.timedelta(days=rng.choice((3, 5, 10, 15)))
    online = rng.random() < 0.6
    item = Dossier(procedure_code="1.001193", definition_version="sha256:" + "ab" * 32,
                   applicant=Person(full_name="Nguyễn Văn An"), agency_code=rng.choice(agencies),
                   channel="online" if online else "in-person",
                   data={"delivery": rng.choice(("online", "online", "desk"))} if online else {},
                   status=Status(step="receive", national_code=2), is_draft=False, created_at=filed,
                   updated_at=filed, submitted_at=filed, received_at=filed, due_at=due)
    item.append_event(actor="c", actor_role="applicant", action="submit", at=filed)
    if rng.random() < 0.05:
        item.append_event(actor="o", action="delay", at=filed + dt.timedelta(days=1), data={"slips": ["04"]})
    result = filed + dt.timedelta(days=rng.uniform(1, 18))
    if result < now and rng.random() < 0.67:
        item.append_event(actor="o", action="approve", at=result, data={"kind": "issue-result"})
        item.status, item.returned_at, item.updated_at = Status(step="done", national_code=10), result, result
        if rng.random() < 0.9:
            item.extra["documents"] = [{"kind": "result", "sha256": "cd" * 32, "signed": True}]
        if rng.random() < 0.5:
            item.extra["rating"] = {"score": rng.randint(1, 5), "at": result.isoformat()}
    return item


def feedback(rng: random.Random, agencies: list[str], now: dt.datetime) -> Feedback:
    created = now - dt.timedelta(days=rng.uniform(0, 400))
    due = created + dt.timedelta(days=14)
    answered = created + dt.timedelta(days=rng.uniform(1, 20)) if rng.random() < 0.9 else None
    return Feedback(kind="complaint", subject="procedure", procedure_code="1.001193", agency_code=rng.choice(agencies),
                    province_code="79", text="Chờ lâu", created_at=created, due_at=due,
                    status="answered" if answered and answered < now else "open",
                    answered_at=answered if answered and answered < now else None)


def run(kind: str, url: str, dossiers: int, agencies: list[str], samples: int) -> None:
    rng = random.Random(766)
    now = dt.datetime.now(VN)
    with open_store(url) as store:
        for start in range(0, dossiers, 5000):
            store.bulk_add(make(rng, agencies, now) for _ in range(min(5000, dossiers - start)))
        with store.unit_of_work() as uow:
            for _ in range(dossiers // 50):
                uow.feedback.add(feedback(rng, agencies, now))
            uow.commit()
        pool = getattr(store, "pool", None)
        if pool is not None:  # statistics, as autovacuum keeps them on a live database
            with pool.connection() as conn:
                conn.execute("ANALYZE")
        low, high = year_bounds(now.year, VN)
        times = []
        for _ in range(samples):
            began = time.perf_counter()
            card = build_scorecard(count(store, agencies, low, high, now, VN), now.year, now, VN)
            times.append(time.perf_counter() - began)
    values = card.values(card.total)
    print(f"\n== {kind}: {dossiers:,} dossiers, {dossiers // 50:,} feedback, {len(agencies)} agencies ==")
    print("  this year: " + ", ".join(f"{k} {v:.1f}%" for k, v in values.items() if v is not None))
    p50 = statistics.median(times)
    print(f"  province scorecard, one year: p50 {p50:.3f} s, max {max(times):.3f} s "
          f"(target <= {TARGET_SECONDS[kind]:.1f} s) {'OK' if p50 <= TARGET_SECONDS[kind] else 'SLOW'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--dossiers", type=int, default=100_000)
    parser.add_argument("--embedded-dossiers", type=int, default=0, help="also the embedded store, with this many")
    parser.add_argument("--samples", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="10,000 dossiers; embedded store with 2,000")
    args = parser.parse_args()
    if args.quick:
        args.dossiers, args.embedded_dossiers, args.samples = 10_000, 2_000, 3
    agencies = [f"000.26.{700 + n}.H79" for n in range(40)]
    backend = _inbox_module().backend
    if args.embedded_dossiers:
        with backend("tinydb", "") as url:
            run("embedded (TinyDB)", url, args.embedded_dossiers, agencies, args.samples)
    with backend("postgres", os.environ.get("MOTCUA_BENCH_POSTGRES_URL", DEFAULT_PG)) as url:
        run("PostgreSQL", url, args.dossiers, agencies, args.samples)


if __name__ == "__main__":
    main()
