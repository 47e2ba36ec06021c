"""Importer benchmark: the 610 development records plus the shipped catalogue, served by one process.

Run: .venv/bin/python bench/importer.py [--records ../shared/domain/catalog-dev]
Prints the time to import the records (with their checks), the time until the app is ready on
the first start and on an unchanged catalogue, the peak memory, and a search's time, each with
its target.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from builder.importer import import_path  # noqa: E402
from runtime.paths import procedures_dir  # noqa: E402

DEFAULT_RECORDS = next((p / "shared" / "domain" / "catalog-dev" for p in (ROOT.parent, ROOT.parent.parent)
                        if (p / "shared").is_dir()), ROOT.parent / "shared" / "domain" / "catalog-dev")

STARTUP = """
import time
from runtime import create_app
started = time.perf_counter()
app = create_app()
assert len(app.extensions['motcua.catalog']) >= {expected}, len(app.extensions['motcua.catalog'])
print(f"{{time.perf_counter() - started:.3f}}")
"""

SEARCH = """
import datetime as dt, time
from runtime import create_app
app = create_app()
catalog = app.extensions['motcua.catalog']
started = time.perf_counter()
for _ in range(20):
    found = catalog.search("cap ho chieu pho thong", dt.date(2026, 1, 1))
print(f"{(time.perf_counter() - started) / 20 * 1000:.2f} {len(found)} {found[0].name.vi if found else ''}")
"""


def child(code: str, env: dict[str, str]) -> tuple[float, str]:
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True)
    if out.returncode:
        sys.exit(out.stderr[-2000:])
    return time.perf_counter() - started, out.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=Path, default=DEFAULT_RECORDS)
    args = parser.parse_args()
    if not args.records.is_dir():
        sys.exit(f"no records at {args.records}: pass --records")
    with tempfile.TemporaryDirectory() as tmp:
        catalog = Path(tmp) / "procedures"
        shutil.copytree(procedures_dir(), catalog)
        started = time.perf_counter()
        reports = import_path(args.records, catalog)
        elapsed = time.perf_counter() - started
        passing = sum(1 for r in reports if not r.problems and r.outcome != "failed")
        kept = sum(1 for r in reports if r.outcome == "kept-edits")
        print(f"import {len(reports)} records with their checks: {elapsed:.1f} s "
              f"({elapsed / len(reports) * 1000:.0f} ms a record); {passing} pass the checks "
              f"({passing / len(reports):.1%}, target ≥ 95%); {kept} shipped by hand kept as they are")
        expected = len({p.parent.name for p in catalog.rglob("procedure.json")})
        env = {**os.environ, "MOTCUA_PROCEDURES": str(catalog), "MOTCUA_INSTANCE": str(Path(tmp) / "instance"),
               "MOTCUA_SECRET_KEY": "bench"}
        wall, inner = child(STARTUP.format(expected=expected), env)
        print(f"app ready, first start ({expected} procedures, checks and fills the cache): "
              f"{float(inner):.2f} s in create_app, {wall:.2f} s with interpreter start")
        runs = [child(STARTUP.format(expected=expected), env) for _ in range(3)]
        rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"app ready, unchanged catalogue: median {statistics.median(float(i) for _, i in runs):.2f} s in "
              f"create_app, {statistics.median(w for w, _ in runs):.2f} s with interpreter start (target < 3 s); "
              f"peak RSS {rss:.0f} MiB (target < 500 MiB)")
        _, out = child(SEARCH, env)
        ms, count, first = out.split(" ", 2)
        print(f"search “cap ho chieu pho thong” over the catalogue: {ms} ms, {count} found, first: {first}")


if __name__ == "__main__":
    main()
