"""A million dossiers in PostgreSQL, read over HTTP: the officials' inbox, the KPI dashboard, the public lookup.

Run (not part of the tests)::

    .venv/bin/python bench/million.py                       # 1,000,000 dossiers (long: see below)
    .venv/bin/python bench/million.py --dossiers 50000      # a quick run
    .venv/bin/python bench/million.py --keep                # keep the seeded schema (--schema, bench_million) ...
    .venv/bin/python bench/million.py --reuse               # ... and measure it again without seeding

Seeding: realistic dossiers of the catalog's procedures (bench/inbox.py's
generator: real steps, working-day deadlines, a year of filings, a third
open) spread over ``--agencies`` HCMC wards, stored with ``bulk_add`` (COPY)
into the schema ``bench_million`` (``--schema``); the KPI aggregates are filled by the same
code the ``kpi.refresh`` job runs (the contributions of each dossier), then
``VACUUM ANALYZE``. The app runs under gunicorn (``motcua serve --production``,
2 workers); 4 clients (threads of this process, on the same 2 cores) read:

* the inbox of a receiver of the first ward (first page, keyset; p50 and rate), each request on a new
  connection, as gunicorn sees it behind a reverse proxy (nginx talks HTTP/1.0 to its upstream unless
  told otherwise); then again with each client on one kept-alive connection, for comparison: gunicorn
  keeps a connection with the worker process that accepted it, so 4 connections on 2 workers split
  2/2 (about as fast) or 3/1 (one process's GIL serves three clients: about 30% slower) by chance;
* the inbox's next page (the keyset link), a search by name, and the list of dossiers waiting for the applicant;
* a leader's KPI dashboard (this year);
* the public lookup of a dossier code (1 client, p50).

Each figure is printed beside its target, with what limits a miss.
"""

# ruff: noqa: E402 - the module path is fixed (below) before the project's imports

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if not p or Path(p).resolve() != _HERE]  # bench/calendar.py must not shadow
sys.path.insert(0, str(ROOT))

import psycopg
import requests
from psycopg import sql

from bench import inbox as generator
from bench.load import MOTCUA, CpuMeter, figure, free_port, hammer, stop, summary, wait_up

VN = ZoneInfo("Asia/Ho_Chi_Minh")
SCHEMA = "bench_million"
PASSWORD = "bench-" + secrets.token_hex(8)
BATCH = 10_000


def wards(count: int) -> list[str]:
    """``count`` real ward codes of Hồ Chí Minh City from the demo agency directory."""
    from runtime.agencies import load_directory
    from runtime.demo import DEMO_DIR

    codes = sorted(a.code for a in load_directory(DEMO_DIR / "agencies.json") if a.code.endswith(".H79"))
    return codes[:count]


def officials_file(path: Path, agency: str) -> None:
    from werkzeug.security import generate_password_hash

    digest = generate_password_hash(PASSWORD)
    people = [("bench.receiver", "receiver"), ("bench.leader", "leader")]
    path.write_text(json.dumps({"officials": [
        {"username": user, "name": user, "password_hash": digest, "roles": [{"agency": agency, "role": role}]}
        for user, role in people]}), encoding="utf-8")


def seed_chunk(url: str, first: int, count: int, agencies: list[str], now: dt.datetime) -> int:
    """Dossiers ``first`` .. ``first + count - 1`` (COPY) and their KPI contributions (the refresh job's code)."""
    from runtime.kpi_aggregates import contributions
    from runtime.services.kpis import kpi_aggregates, record_for

    generator.AGENCIES[:] = agencies
    with tempfile.TemporaryDirectory(prefix="motcua-bench-million-") as tmp:
        services = _services(url, Path(tmp), now)
        try:
            rng = random.Random(first)
            catalog = list(services.catalog)
            batch = [generator.realistic(rng, n, catalog, services.calendar, now) for n in range(first, first + count)]
            for n, dossier in enumerate(batch, start=first):  # distinct change times, as real updates have
                dossier.updated_at += dt.timedelta(microseconds=n)
            services.store.bulk_add(batch)
            kpi_aggregates(services.store).apply(
                [(d.id, d.version, contributions(record_for(services, d), services.calendar)) for d in batch],
                max(d.updated_at for d in batch))
        finally:
            services.store.close()
    return count


_SECONDARY = """
SELECT i.indexname, i.indexdef FROM pg_indexes i
WHERE i.schemaname = %s AND i.tablename IN ('dossiers', 'dossier_events')
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname AND c.connamespace = %s::regnamespace)
"""


def seed(url: str, count: int, agencies: list[str], now: dt.datetime, jobs: int = 1) -> None:
    """Seed with the secondary indexes dropped (rebuilt at the end, as any bulk load does), then VACUUM ANALYZE."""
    from runtime.storage.postgres import split_url

    conninfo, schema = split_url(url)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        indexes = conn.execute(_SECONDARY, (schema, schema)).fetchall()
        for name, _definition in indexes:
            conn.execute(sql.SQL("DROP INDEX {}.{}").format(sql.Identifier(schema), sql.Identifier(name)))
    started = time.perf_counter()
    chunks = [(first, min(BATCH, count - first)) for first in range(0, count, BATCH)]
    done = 0
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for added in pool.map(seed_chunk, *zip(*[(url, f, n, agencies, now) for f, n in chunks], strict=True)):
            done += added
            print(f"\r  seeded {done:>9,} dossiers ({done / (time.perf_counter() - started):,.0f}/s)", end="",
                  flush=True)
    print()
    with psycopg.connect(conninfo, autocommit=True) as conn:
        started = time.perf_counter()
        for _name, definition in indexes:
            conn.execute(definition)
        print(f"  {len(indexes)} secondary indexes rebuilt: {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        conn.execute("VACUUM ANALYZE dossiers")
        conn.execute("VACUUM ANALYZE dossier_events")
        conn.execute("VACUUM ANALYZE kpi_counts")
        print(f"  VACUUM ANALYZE: {time.perf_counter() - started:.1f} s")


def _services(url: str, tmp: Path, now: dt.datetime):
    from runtime.agencies import load_directory
    from runtime.definitions import Catalog, DefinitionArchive, load_definitions
    from runtime.demo import DEMO_DIR
    from runtime.paths import procedures_dir
    from runtime.services.factory import build_services

    catalog = Catalog(load_definitions([procedures_dir()]).procedures, DefinitionArchive(tmp / "definitions"))
    services = build_services({"SECRET_KEY": "bench", "MOTCUA_STORE": url}, tmp, catalog,
                              load_directory(DEMO_DIR / "agencies.json"))
    services.clock = lambda: now
    return services


def _conninfo(url: str) -> str:
    from runtime.storage.postgres import split_url

    return split_url(url)[0]


def fresh_schema(base: str, schema: str = SCHEMA) -> str:
    from runtime.storage.postgres import split_url, upgrade, with_schema

    url = with_schema(base, schema)
    with psycopg.connect(split_url(base)[0], autocommit=True) as conn:
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))
    upgrade(url)
    return url


def official_session(base: str, username: str) -> requests.Session:
    session = requests.Session()
    page = session.get(f"{base}/auth/official").text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    answer = session.post(f"{base}/auth/official", data={"csrf_token": token, "username": username,
                                                         "password": PASSWORD}, allow_redirects=False)
    if answer.status_code != 302:
        raise RuntimeError(f"{username} could not log in: {answer.status_code}")
    return session


CLOSE = {"Connection": "close"}
"""A new connection per request, as a reverse proxy makes by default (nginx speaks HTTP/1.0 to its upstream)."""


def timed_get(session: requests.Session, url: str, check: str | None = None, headers: dict | None = None) -> float:
    started = time.perf_counter()
    response = session.get(url, headers=headers)
    took = time.perf_counter() - started
    if response.status_code != 200 or (check and check not in response.text):
        raise RuntimeError(f"GET {url}: {response.status_code}")
    return took


def p50_ms(latencies: list[float]) -> float:
    return statistics.median(latencies) * 1000 if latencies else float("nan")


def measure(url: str, agencies: list[str], args: argparse.Namespace, tmp: Path, log) -> None:
    officials = tmp / "officials.json"
    officials_file(officials, agencies[0])
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "MOTCUA_STORE": url, "MOTCUA_WORKER": "external", "MOTCUA_SECRET_KEY": secrets.token_hex(32),
           "MOTCUA_INSTANCE": str(tmp / "instance"), "MOTCUA_TRUSTED_PROXIES": "127.0.0.1",
           "MOTCUA_OFFICIALS": str(officials), "MOTCUA_BASE_URL": base, "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen([MOTCUA, "serve", "--production", "--port", str(port), "--workers", "2",
                               "--access-log", ""], cwd=ROOT, env=env, stdout=log, stderr=log)
    try:
        wait_up(f"{base}/healthz")
        receivers = [official_session(base, "bench.receiver") for _ in range(4)]
        leader = official_session(base, "bench.leader")
        first = receivers[0].get(f"{base}/officials/").text
        caption = re.search(r'<caption[^>]*>([^<]+)', first)
        print(f"  inbox of the receiver of {agencies[0]}: {caption.group(1).strip() if caption else '?'}")
        next_link = re.search(r'rel="next" href="([^"]+)"', first)
        for session in receivers:  # warm every worker process
            timed_get(session, f"{base}/officials/")
        seconds = args.seconds

        meter = CpuMeter(server.pid)
        lat, elapsed = hammer(4, seconds, lambda c, _n: timed_get(receivers[c], f"{base}/officials/", "govuk-table",
                                                                  CLOSE))
        inbox_rate = summary("inbox, first page (4 clients, a connection per request, as behind a proxy)", lat,
                             elapsed)
        print("  " + meter.per(len(lat), "inbox page"))
        inbox_p50 = p50_ms(lat)
        for session in receivers:  # each client's connection stays with the gunicorn worker that accepted it
            timed_get(session, f"{base}/officials/")
        sticky, sticky_elapsed = hammer(4, seconds, lambda c, _n: timed_get(receivers[c], f"{base}/officials/"))
        summary("inbox, first page (4 clients, each on one kept-alive connection)", sticky, sticky_elapsed)
        one, _ = hammer(1, min(seconds, 5), lambda c, _n: timed_get(receivers[0], f"{base}/officials/"))
        summary("inbox, first page (1 client)", one, min(seconds, 5))
        page2_p50 = float("nan")
        if next_link:
            href = next_link.group(1).replace("&amp;", "&")
            lat2, el2 = hammer(1, min(seconds, 5), lambda c, _n: timed_get(receivers[0], f"{base}{href}"))
            summary("inbox, next page by keyset (1 client)", lat2, el2)
            page2_p50 = p50_ms(lat2)
        lat3, el3 = hammer(1, min(seconds, 5), lambda c, _n: timed_get(receivers[0], f"{base}/officials/?q=nguyen+van"))
        summary("inbox, search 'nguyen van' (1 client)", lat3, el3)
        lat4, el4 = hammer(1, min(seconds, 5), lambda c, _n: timed_get(receivers[0], f"{base}/officials/waiting"))
        summary("waiting for the applicant, first page (1 client)", lat4, el4)
        dashboard = f"{base}/officials/kpis?period=year"
        timed_get(leader, dashboard)
        kpi, kpi_elapsed = hammer(1, min(seconds, 5), lambda c, _n: timed_get(leader, dashboard, "motcua-kpi-card"))
        summary("KPI dashboard, this year (1 client)", kpi, kpi_elapsed)

        with psycopg.connect(_conninfo(url)) as conn:
            references = [r[0] for r in conn.execute(
                "SELECT reference FROM dossiers WHERE reference IS NOT NULL ORDER BY id LIMIT 200")]
        citizen = requests.Session()
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', citizen.get(f"{base}/track/").text).group(1)

        def lookup(_c: int, n: int) -> float:
            started = time.perf_counter()
            response = citizen.post(f"{base}/track/", data={"reference": references[n % len(references)],
                                                            "phone_tail": "5678", "csrf_token": token},
                                    headers={"X-Forwarded-For": f"10.9.{n // 250 % 250}.{n % 250 + 1}"})
            if response.status_code != 200 or references[n % len(references)] not in response.text:
                raise RuntimeError(f"lookup failed: {response.status_code}")
            return time.perf_counter() - started

        look, look_elapsed = hammer(1, min(seconds, 5), lookup)
        summary("public lookup (1 client)", look, look_elapsed)

        cpu = "2 shared cores run gunicorn's 2 workers, PostgreSQL and the 4 client threads"
        print(f"figures and targets ({args.dossiers:,} dossiers):")
        figure("inbox p50 at 4 clients", inbox_p50, "ms", "<= 20", inbox_p50 <= 20, cpu)
        figure("inbox rate at 4 clients", inbox_rate, "requests/s", ">= 200", inbox_rate >= 200, cpu)
        if next_link:
            figure("inbox next page (keyset) p50", page2_p50, "ms", "<= 20", page2_p50 <= 20, cpu)
        figure("KPI dashboard p50", p50_ms(kpi), "ms", "<= 200", p50_ms(kpi) <= 200, cpu)
        figure("public lookup p50", p50_ms(look), "ms", "<= 5", p50_ms(look) <= 5,
               "a full Flask request: session, CSRF, shared rate-limit counter write, template rendering")
    finally:
        stop(server)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--dossiers", type=int, default=1_000_000)
    parser.add_argument("--agencies", type=int, default=100, help="HCMC wards the dossiers are spread over")
    parser.add_argument("--jobs", type=int, default=1, help="processes generating dossiers (1 on a shared machine)")
    parser.add_argument("--seconds", type=float, default=10.0, help="length of the 4-client inbox phase")
    parser.add_argument("--schema", default=SCHEMA, help="PostgreSQL schema seeded (one per person on a shared server)")
    parser.add_argument("--keep", action="store_true", help="keep the schema at the end")
    parser.add_argument("--reuse", action="store_true", help="measure the schema kept by --keep")
    parser.add_argument("--postgres", default=os.environ.get("MOTCUA_BENCH_POSTGRES_URL",
                                                             "postgresql://postgres@127.0.0.1:5432/test"))
    parser.add_argument("--log", default=str(Path(tempfile.gettempdir()) / "motcua-bench-million.log"))
    args = parser.parse_args()
    from runtime.storage.postgres import split_url, with_schema

    agencies = wards(args.agencies)
    now = dt.datetime.now(VN).replace(microsecond=0)
    print(f"{args.dossiers:,} dossiers over {len(agencies)} wards, PostgreSQL schema {args.schema}; "
          f"(servers' output: {args.log})")
    if args.reuse:
        url = with_schema(args.postgres, args.schema)
    else:
        url = fresh_schema(args.postgres, args.schema)
        started = time.perf_counter()
        seed(url, args.dossiers, agencies, now, args.jobs)
        print(f"  seeding took {time.perf_counter() - started:.0f} s")
    try:
        with tempfile.TemporaryDirectory(prefix="motcua-bench-million-app-") as tmp, \
                Path(args.log).open("wb") as log:
            measure(url, agencies, args, Path(tmp), log)
    finally:
        if not args.keep:
            with psycopg.connect(split_url(args.postgres)[0], autocommit=True) as conn:
                conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(args.schema)))


if __name__ == "__main__":
    main()
