"""Officials' inbox and indicators dashboard with 50,000 dossiers stored.

Run on demand (not part of the tests)::

    .venv/bin/python bench/inbox.py                          # embedded store, then PostgreSQL
    .venv/bin/python bench/inbox.py --backend postgres --dossiers 50000 --samples 50
    MOTCUA_BENCH_POSTGRES_URL='postgresql://postgres@db/test?schema=bench_inbox' .venv/bin/python bench/inbox.py

The store is prefilled with ``bulk_add``: realistic dossiers of the catalog's
procedures (their real steps, time limits and working-day deadlines) over ten
agencies, filed over the past year, about a third still open. PostgreSQL runs
in the schema named by the URL (default ``bench_inbox``), created and dropped
by the bench. It prints an official's first inbox page (50 rows with their
deadline marks) and p50/p95 times of the inbox and of the dashboard, with where
the time goes (store query, marks and sorting, page rendering).
"""

# ruff: noqa: E402 - the module path is fixed (below) before the project's imports

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from zoneinfo import ZoneInfo

# Run as a script, this folder comes first on the path, and its calendar.py would shadow the standard library's.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if not p or Path(p).resolve() != _HERE]

from runtime.agencies import load_directory
from runtime.definitions import Catalog, DefinitionArchive, load_definitions
from runtime.demo import DEMO_DIR
from runtime.dossiers.model import ComponentFiles, Dossier, Pause, Person, Provenance, Status, StoredFile
from runtime.kpi import period_of
from runtime.paths import procedures_dir
from runtime.services.factory import build_services
from runtime.services.kpis import kpi_aggregates, refresh
from runtime.storage import InboxQuery
from runtime.web.access import Principal
from runtime.web.officials_inbox import PAGE_SIZE, Filters, load_inbox, step_map

VN = ZoneInfo("Asia/Ho_Chi_Minh")
DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/test?schema=bench_inbox"
AGENCIES = [f"000.{n:02d}.20.H29" for n in range(10)]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
MIDDLE = ["Văn", "Thị", "Minh", "Hữu", "Thu", "Ngọc", "Đức", "Thanh", "Quốc", "Bảo"]
GIVEN = ["An", "Bình", "Cường", "Dung", "Hà", "Hùng", "Lan", "Long", "Mai", "Nam", "Phúc", "Quân", "Tâm", "Vy"]


def realistic(rng: random.Random, n: int, catalog: list, calendar, now: dt.datetime) -> Dossier:
    """One filed dossier of a catalog procedure, at a step its definition has, with consistent dates."""
    procedure = rng.choice(catalog)
    case = procedure.cases[0]
    steps = case.processing.steps
    agency = AGENCIES[n % len(AGENCIES)]
    finished = rng.random() < 0.65
    limit = case.time_limit.amount / (8 if case.time_limit.unit == "working-hours" else 1)
    # open dossiers were mostly filed within their time limit (working days read as ~1.4 calendar days)
    age = rng.uniform(1, 365) if finished else rng.uniform(0, 1.4 * limit * 1.3 + 0.2)
    filed = (now - dt.timedelta(days=age)).replace(microsecond=0)
    due = calendar.deadline_for(filed, case.time_limit.amount, case.time_limit.unit)
    name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
    dossier = Dossier(
        procedure_code=procedure.code, definition_version=procedure.version, case_id=case.id,
        reference=f"{agency}-{filed:%y%m%d}-{n:06d}", account_id=f"citizen-{rng.randint(1, 30_000)}",
        applicant=Person(full_name=name, personal_id=f"0791{n:08d}", phone="0912345678", email=f"u{n}@example.vn",
                         address={"province_code": "79", "commune_code": "26743", "street": "12 Lê Lợi"}),
        channel=rng.choices(["online", "in-person", "postal"], [70, 25, 5])[0], agency_code=agency,
        data={"applicant_name": name, "note": "Đề nghị cấp bản sao " * 4,
              "members": [{"name": f"Thành viên {i}", "relation": "con"} for i in range(3)]},
        provenance={"/applicant_name": Provenance(source="autofilled", attribute="citizen.full_name", original=name)},
        components=[ComponentFiles(component_id=c.id, files=[StoredFile(
            sha256=f"{rng.getrandbits(256):064x}", name=f"{c.id}.pdf", media_type="application/pdf", size=150_000,
            pages=2)]) for c in case.components[:2]],
        fees={"total": 0, "lines": []}, is_draft=False, submitted_at=filed, received_at=filed, due_at=due,
        created_at=filed, updated_at=filed)
    dossier.append_event(actor=dossier.account_id or "", actor_role="applicant", action="submit", at=filed,
                         to_step=case.processing.start, data={"slips": ["01"]})
    if finished:
        end = rng.choices([s for s in steps if s.end], k=1)[0] if rng.random() < 0.15 else \
            next(s for s in steps if s.end and s.status == 10)
        late = rng.random() < 0.12
        amount = case.time_limit.amount * (rng.uniform(1.05, 1.6) if late else rng.uniform(0.2, 0.98))
        if case.time_limit.unit == "calendar-days":
            amount = max(1, round(amount))
        result_at = min(calendar.add(calendar.start_of_counting(filed), amount, case.time_limit.unit), now)
        if end.status == 10:
            dossier.append_event(actor="leader", action="approve", at=result_at, data={"kind": "issue-result"})
            dossier.append_event(actor="receiver", action="hand-over", at=result_at, data={"kind": "return-result"})
            dossier.returned_at = result_at
            if rng.random() < 0.3:
                dossier.extra["rating"] = {"score": rng.choices([1, 2, 3, 4, 5], [2, 3, 10, 35, 50])[0],
                                           "at": result_at.isoformat()}
        else:
            dossier.append_event(actor="receiver", action="refuse", at=result_at, data={"kind": "refuse"})
        dossier.status = Status(step=end.id, national_code=end.status)
    else:
        open_steps = [s for s in steps if not s.end]
        step = rng.choices(open_steps, [1 if s.waits_for_applicant else 9 for s in open_steps])[0]
        moved = max(filed, now - dt.timedelta(hours=rng.uniform(0, 30)))
        if step.waits_for_applicant:
            dossier.pauses.append(Pause(start=moved, end=None, reason="request-supplement"))
        elif step.duration is not None:
            dossier.step_deadlines[step.id] = calendar.add(calendar.start_of_counting(moved), step.duration.amount,
                                                           step.duration.unit)
        dossier.append_event(actor="receiver", action="accept", at=moved, data={"kind": "accept"})
        dossier.status = Status(step=step.id, national_code=step.status)
    return dossier


def prefill(store, count: int, catalog: list, calendar, now: dt.datetime) -> float:
    rng = random.Random(7)
    started = time.perf_counter()
    batch = 5000
    for first in range(0, count, batch):
        store.bulk_add(realistic(rng, n, catalog, calendar, now) for n in range(first, min(first + batch, count)))
    return time.perf_counter() - started


def timed(samples: int, action: Callable[[], object]) -> tuple[float, float]:
    """p50 and p95 in milliseconds."""
    times = []
    for _ in range(samples):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), statistics.quantiles(times, n=20)[18]


@contextmanager
def backend(kind: str, pg_url: str) -> Iterator[str]:
    if kind == "tinydb":
        with tempfile.TemporaryDirectory(prefix="motcua-bench-inbox-", dir=os.environ.get("BENCH_DIR")) as tmp:
            yield f"tinydb://{tmp}/store"
        return
    import psycopg
    from psycopg import sql

    from runtime.storage.postgres import split_url, upgrade

    conninfo, schema = split_url(pg_url)
    if schema is None:
        schema = "bench_inbox"
        pg_url = f"{pg_url}{'&' if '?' in pg_url else '?'}schema={schema}"
        conninfo, _ = split_url(pg_url)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))
        conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
    upgrade(pg_url)
    try:
        yield pg_url
    finally:
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))


def run(kind: str, url: str, args: argparse.Namespace, catalog: Catalog, now: dt.datetime) -> None:
    print(f"\n== {kind}: {args.dossiers} dossiers, {len(AGENCIES)} agencies ==")
    with tempfile.TemporaryDirectory(prefix="motcua-bench-instance-") as tmp:
        services = build_services({"SECRET_KEY": "bench", "MOTCUA_STORE": url}, Path(tmp), catalog,
                                  load_directory(DEMO_DIR / "agencies.json"))
        services.clock = lambda: now
        try:
            fill = prefill(services.store, args.dossiers, list(catalog), services.calendar, now)
            print(f"prefill (bulk_add): {fill:.1f}s")
            measure(services, args)
        finally:
            services.store.close()


def measure(services, args: argparse.Namespace) -> None:
    agency = AGENCIES[0]
    receiver = Principal("official", "receiver", "Receiver", roles=frozenset({(agency, "receiver")}))
    officer = Principal("official", "officer", "Officer", roles=frozenset({(agency, "civil-status-officer")}))
    leader = Principal("official", "leader", "Leader", roles=frozenset({(agency, "leader")}))
    inbox = load_inbox(services, receiver, Filters())
    names = step_map(services.catalog)
    print(f"\ninbox of a receiver at {agency}: {inbox.listed} dossiers, {len(inbox.rows)} on the first page; "
          f"overdue {inbox.counts['overdue']}, due soon {inbox.counts['due_soon']}, on time {inbox.counts['on_time']}; "
          f"{inbox.paused_total} waiting for the applicant")
    print(f"{'code':<30} {'applicant':<22} {'step':<32} {'step due':<17} {'mark':<9} {'appointment':<17} {'mark'}")
    for row in inbox.rows[:args.rows]:
        s = row.summary
        print(f"{s.reference:<30} {s.applicant_name:<22} {names.step_name(s.procedure_code, s.step, 'en')[:31]:<32} "
              f"{_when(s.step_deadline):<17} {row.deadline.step or '-':<9} {_when(s.due_at):<17} "
              f"{row.deadline.overall or '-'}")
    n = args.samples
    print(f"\n{'timing (ms, ' + str(n) + ' runs)':<58} {'p50':>8} {'p95':>8}")
    pairs = step_map(services.catalog).pairs(["receiver"])
    query = InboxQuery(slots=tuple((agency, p, s) for p, s in pairs), limit=PAGE_SIZE + 1)

    def store_only() -> None:
        with services.store.unit_of_work() as uow:
            uow.dossiers.inbox(query)

    def report(label: str, action: Callable[[], object], samples: int = n) -> None:
        p50, p95 = timed(samples, action)
        print(f"{label:<58} {p50:>8.1f} {p95:>8.1f}")

    report("inbox, receiver (load_inbox: counts + keyset page + marks)",
           lambda: load_inbox(services, receiver, Filters()))
    report("  of which the store's page query", store_only)
    report("inbox, civil-status officer", lambda: load_inbox(services, officer, Filters()))
    report("inbox, receiver, search 'nguyen van'", lambda: load_inbox(services, receiver, Filters(text="nguyen van")))
    overdue = load_inbox(services, receiver, Filters(mark="overdue"))
    report("inbox, receiver, overdue only, next page (keyset)",
           lambda: load_inbox(services, receiver, Filters(mark="overdue", after=overdue.next_after, start=51)))
    app, client = _web(services, receiver)
    report("GET /officials/ (the whole request, page rendered)", lambda: client.get("/officials/"))
    started = time.perf_counter()
    counted, _left = refresh(services)
    print(f"{'KPI aggregates, first refresh (' + str(counted) + ' dossiers read and counted)':<58} "
          f"{(time.perf_counter() - started) * 1000:>8.1f}")
    tz = services.calendar.timezone
    for key in ("month", "year", "all"):
        report(f"dashboard '{key}' from the aggregates", lambda key=key: kpi_aggregates(services.store).report(
            [agency], period_of(key, services.now(), tz), tz))
    report("  refresh with nothing changed", lambda: refresh(services))
    _sign_in(client, leader)
    client.get("/officials/kpis?period=year")
    report("GET /officials/kpis?period=year (page rendered)", lambda: client.get("/officials/kpis?period=year"))
    del app


def _web(services, who: Principal):
    from runtime import create_app
    from runtime.web import officials

    instance = tempfile.mkdtemp(prefix="motcua-bench-app-")
    app = create_app({"SECRET_KEY": "bench", "INSTANCE_PATH": instance})
    app.extensions["motcua.services"] = services
    if "officials" not in app.blueprints:
        officials.init_app(app)
    client = app.test_client()
    _sign_in(client, who)
    assert client.get("/officials/").status_code == 200
    return app, client


def _sign_in(client, who: Principal) -> None:
    with client.session_transaction() as session:
        session["principal"] = who.to_session()


def _when(moment: dt.datetime | None) -> str:
    return moment.astimezone(VN).strftime("%d/%m/%Y %H:%M") if moment else "-"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--dossiers", type=int, default=50_000)
    parser.add_argument("--samples", type=int, default=40, help="timed runs per measure")
    parser.add_argument("--rows", type=int, default=50, help="inbox rows printed")
    parser.add_argument("--backend", choices=["tinydb", "postgres", "all"], default="all")
    args = parser.parse_args()
    catalog = Catalog(load_definitions([procedures_dir()]).procedures,
                      DefinitionArchive(Path(tempfile.mkdtemp(prefix="motcua-bench-defs-"))))
    now = dt.datetime.now(VN).replace(microsecond=0)
    if args.backend in ("tinydb", "all"):
        with backend("tinydb", "") as url:
            run("embedded (TinyDB)", url, args, catalog, now)
    if args.backend in ("postgres", "all"):
        pg_url = os.environ.get("MOTCUA_BENCH_POSTGRES_URL", DEFAULT_PG)
        try:
            import psycopg  # noqa: F401
        except ImportError:
            print("\n(postgres skipped: install motcua[postgres])")
            return
        with backend("postgres", pg_url) as url:
            run("PostgreSQL", url, args, catalog, now)


if __name__ == "__main__":
    main()
