"""Catalog search benchmark: ranked search (exact, prefix, phrase, words, keywords) over a big catalog.

Run: .venv/bin/python bench/search.py [--count 1874]
Prints the median milliseconds of one search for a few typical queries, against the target.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import timeit
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from catalog import build_catalog  # noqa: E402

from runtime.definitions import Catalog, load_definitions  # noqa: E402

TARGET_MS = 50.0  # one search answers well within a page view
QUERIES = ["khai sinh", "dang ky", "Đăng ký tạm trú", "giay phep xay dung", "marriage", "1.001193"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1874)
    count = parser.parse_args().count
    with tempfile.TemporaryDirectory() as tmp:
        build_catalog(Path(tmp), count)
        catalog = Catalog(load_definitions([Path(tmp)]).procedures)
    day = dt.date(2026, 1, 15)
    print(f"catalog search over {len(catalog)} procedures (target: < {TARGET_MS:g} ms each)")
    for query in QUERIES:
        found = len(catalog.search(query, day))
        runs = timeit.repeat(lambda q=query: catalog.search(q, day), number=5, repeat=5)
        median = statistics.median(runs) / 5 * 1000
        verdict = "ok" if median < TARGET_MS else "SLOW"
        print(f"  {query!r:24} {found:5d} found  {median:7.2f} ms  (target < {TARGET_MS:g} ms) {verdict}")


if __name__ == "__main__":
    main()
