"""Load over HTTP: motcua under gunicorn (2 workers, PostgreSQL) beside a bare "validate + insert" Flask app.

Run: .venv/bin/python bench/load.py [--seconds 15] [--clients 16] [--postgres URL]

Both apps run under the same gunicorn settings in the same run, so the ratio
of the two is the figure that travels between machines. Printed, each with its
target: filing (receipt signed by the worker, off the request path) at 16
clients; the worker's time to issue every receipt; the public lookup.
Bounded in time: every phase has a deadline and the servers are stopped at the end.

``--scenario upload-flow`` measures instead one citizen flow at ``--clients``:
upload a signed 1-page PDF (its signature verified by the server) to a draft,
then file it; ``--scenario all`` runs both.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

MOTCUA = str(Path(sys.executable).parent / "motcua")
GUNICORN = str(Path(sys.executable).parent / "gunicorn")
SECRET = secrets.token_hex(32)
PROCEDURE = "1.001193"

BARE_APP = f'''
"""The bare pipeline: validate the eForm (the same compiled validators) and insert one row."""
import os, uuid
import orjson
from flask import Flask, request
from psycopg_pool import ConnectionPool
from runtime.definitions import load_definitions
from runtime.paths import procedures_dir

procedure = load_definitions([procedures_dir() / "{PROCEDURE}"]).procedures[0]
pages = procedure.cases[0].form.pages
pool = None
app = Flask(__name__)

@app.post("/submit")
def submit():
    global pool
    if pool is None:
        pool = ConnectionPool(os.environ["BARE_DB"], min_size=1, max_size=4, open=True)
    data = request.get_json()
    for page in procedure.cases[0].form.pages_shown(data):
        if not page.validator.is_valid({{k: v for k, v in data.items() if k in page.field_names}}):
            return "invalid", 400
    with pool.connection() as conn:
        conn.execute("INSERT INTO bench_bare (id, doc) VALUES (%s, %s)",
                     (uuid.uuid4().hex, orjson.dumps(data).decode()))
    return "ok", 201
'''


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_up(url: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=5).status_code < 500:
                return
        except (requests.ConnectionError, requests.Timeout):  # not listening yet, or still starting
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not come up in {seconds:.0f} s")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def hammer(clients: int, seconds: float, one: Callable[[int, int], float | None]) -> tuple[list[float], float]:
    """Run ``one(client, n)`` (returns its latency, or None when out of work) from ``clients`` threads."""
    latencies: list[list[float]] = [[] for _ in range(clients)]
    stop_at = time.monotonic() + seconds

    def loop(client: int) -> None:
        n = 0
        while time.monotonic() < stop_at:
            took = one(client, n)
            if took is None:
                return
            latencies[client].append(took)
            n += 1

    threads = [threading.Thread(target=loop, args=(c,)) for c in range(clients)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return [x for per in latencies for x in per], time.monotonic() - started


class CpuMeter:
    """CPU seconds spent by process trees (the app server: gunicorn, its workers, their verification
    sandboxes; a ``motcua worker``...), by PostgreSQL's processes and by this load generator, between
    two readings: what each flow costs the machine, whatever the latency says. (PostgreSQL's part
    counts every backend, other clients' too: run it on a quiet machine.)"""

    TICK = os.sysconf("SC_CLK_TCK")

    def __init__(self, server_pid: int, **trees: int):
        self.trees = {"app": server_pid, **trees}
        self.start = self.read()

    @classmethod
    def _stat(cls, pid: int) -> tuple[int, str, float] | None:
        try:
            raw = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            return None
        name = raw[raw.index("(") + 1:raw.rindex(")")]
        fields = raw[raw.rindex(")") + 2:].split()
        return int(fields[1]), name, (int(fields[11]) + int(fields[12])) / cls.TICK  # ppid, comm, utime+stime

    def read(self) -> dict[str, dict[int, float]]:
        """CPU seconds of each process, by part (the load generator as pid 0)."""
        stats = {int(p.name): s for p in Path("/proc").iterdir() if p.name.isdigit()
                 and (s := self._stat(int(p.name))) is not None}
        found: dict[str, dict[int, float]] = {}
        for part, root in self.trees.items():
            tree, grew = {root}, True
            while grew:
                more = {pid for pid, (ppid, _n, _t) in stats.items() if ppid in tree} - tree
                tree |= more
                grew = bool(more)
            found[part] = {p: stats[p][2] for p in tree if p in stats}
        found["postgres"] = {p: t for p, (_pp, name, t) in stats.items() if name.startswith("postgres")}
        found["load generator"] = {0: time.process_time()}
        return found

    def ms(self, count: int) -> dict[str, float]:
        """CPU milliseconds per item by part, since the meter started (a process that ended in
        between took its time with it: PostgreSQL backends of other clients)."""
        now = self.read()
        return {k: sum(t - self.start[k].get(p, 0.0) for p, t in now[k].items()) * 1000 / max(count, 1)
                for k in now}

    def per(self, count: int, what: str) -> str:
        """CPU milliseconds per ``what`` since the meter started, by part."""
        parts = self.ms(count)
        return f"CPU per {what}: " + ", ".join(f"{k} {v:.1f} ms" for k, v in parts.items()) + \
            f" (total {sum(parts.values()):.1f} ms; 2 cores give {2000 / max(sum(parts.values()), 0.001):.0f}/s)"


def summary(name: str, latencies: list[float], elapsed: float) -> float:
    rate = len(latencies) / elapsed
    if not latencies:
        print(f"  {name}: nothing completed")
        return 0.0
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else latencies * 99
    print(f"  {name}: {len(latencies)} in {elapsed:.1f} s = {rate:.0f}/s; p50 {q[49] * 1000:.0f} ms, "
          f"p95 {q[94] * 1000:.0f} ms")
    return rate


def figure(label: str, value: float, unit: str, target: str, ok: bool, limit: str = "") -> None:
    mark = "met" if ok else "MISSED"
    print(f"  {label:<48} {value:10.1f} {unit:<10} target {target:<12} {mark}" + (f" — {limit}" if limit and not ok
                                                                                    else ""))


def hcmc_citizens(count: int) -> list[str]:
    """Demo citizens living in Hồ Chí Minh City (the demo agencies' province), old enough to log in."""
    from runtime.identity.contrib.demo import PopulationRegistry

    registry = PopulationRegistry.load()
    found = [pid for pid in registry._order
             if (registry.get(pid).get("current_address") or {}).get("province_code") == "79"
             and registry.may_log_in(registry.get(pid))]
    return found[:count]


def demo_login(session: requests.Session, base: str, personal_id: str) -> str:
    start = session.get(f"{base}/auth/citizen", allow_redirects=False)
    page = session.get(requests.compat.urljoin(base, start.headers["Location"])).text
    state = re.search(r'name="state" value="([^"]+)"', page).group(1)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    session.post(f"{base}/auth/demo", data={"csrf_token": token, "state": state, "personal_id": personal_id})
    return f"vn-{personal_id}"


def seed_drafts(url: str, tmp: Path, owners: list[str], per_owner: int,
                attach: bool = True) -> dict[str, list[str]]:
    """Drafts ready to file (their signed attachment already verified, unless not ``attach``), into the store."""
    from runtime.agencies import load_directory
    from runtime.definitions import Catalog, load_definitions
    from runtime.demo import DEMO_DIR
    from runtime.dossiers.model import ComponentFiles, Dossier, Person, StoredFile
    from runtime.paths import procedures_dir
    from runtime.services.factory import build_services
    from runtime.signatures import SignaturePolicy, verify_pdf
    from runtime.signatures.demo_ca import sign_pdf
    from tests.services.conftest import BIRTH_DATA, one_page_pdf

    catalog = Catalog(load_definitions([procedures_dir() / PROCEDURE]).procedures)
    services = build_services({"SECRET_KEY": SECRET, "MOTCUA_STORE": url}, tmp / "instance", catalog,
                              load_directory(DEMO_DIR / "agencies.json"))
    procedure = catalog.get(PROCEDURE)
    pdf = sign_pdf(one_page_pdf(), services.signer.ca.issue_person("012345678901", "Bác sĩ Lê Văn Hùng"))
    report = verify_pdf(pdf, SignaturePolicy(required=True, signer="trusted"), services.trust)
    stored = StoredFile(sha256=services.attachments.put(pdf), name="giay-chung-sinh.pdf",
                        media_type="application/pdf", size=len(pdf), pages=1, verification=report.to_dict())
    drafts: dict[str, list[str]] = {owner: [] for owner in owners}
    born = (dt.date.today() - dt.timedelta(days=10)).isoformat()  # the on-time case: born within 60 days
    batch = []
    for owner in owners:
        for _ in range(per_owner):
            draft = Dossier(procedure_code=PROCEDURE, definition_version=procedure.version, case_id="on-time",
                            account_id=owner, data={**BIRTH_DATA, "child_birth_date": born}, is_draft=True,
                            applicant=Person(full_name="Nguyễn Thị Lan"),
                            components=[ComponentFiles(component_id="birth-certificate", files=[stored])]
                            if attach else [])
            drafts[owner].append(draft.id)
            batch.append(draft)
    services.store.bulk_add(batch)
    services.store.close()
    return drafts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=15.0, help="Length of each load phase.")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--drain", type=float, default=240.0, help="At most this long for the worker's receipts.")
    parser.add_argument("--log", default=str(Path(tempfile.gettempdir()) / "motcua-bench-load.log"),
                        help="Where the servers' output goes.")
    parser.add_argument("--postgres", default=os.environ.get("MOTCUA_BENCH_POSTGRES_URL",
                                                             "postgresql://postgres@127.0.0.1:5432/test"))
    parser.add_argument("--scenario", choices=["filing", "upload-flow", "all"], default="filing")
    args = parser.parse_args()
    if args.scenario in ("upload-flow", "all"):
        upload_flow(args)
        if args.scenario == "upload-flow":
            return
    import psycopg

    from runtime.storage import upgrade
    from runtime.storage.postgres import split_url, with_schema

    schema = f"bench_load_{secrets.token_hex(4)}"
    url = with_schema(args.postgres, schema)
    base_conninfo = split_url(args.postgres)[0]
    upgrade(url)
    processes: list[subprocess.Popen] = []
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        log = Path(args.log).open("wb")  # noqa: SIM115 - closed in the finally below
        print(f"(servers' output: {args.log})")
        try:
            print(f"motcua over HTTP: gunicorn 2 workers, PostgreSQL, {args.clients} clients, "
                  f"{args.seconds:.0f} s per phase")
            port = free_port()
            env = {**os.environ, "MOTCUA_STORE": url, "MOTCUA_WORKER": "external", "MOTCUA_SECRET_KEY": SECRET,
                   "MOTCUA_INSTANCE": str(tmp / "instance"), "MOTCUA_TRUSTED_PROXIES": "127.0.0.1",
                   "MOTCUA_BASE_URL": f"http://127.0.0.1:{port}", "PYTHONPATH": str(ROOT)}
            processes.append(subprocess.Popen([MOTCUA, "serve", "--production", "--port", str(port), "--workers", "2",
                                               "--access-log", ""], cwd=ROOT, env=env, stdout=log, stderr=log))
            base = f"http://127.0.0.1:{port}"
            wait_up(f"{base}/healthz")
            sessions = [requests.Session() for _ in range(args.clients)]
            citizens = hcmc_citizens(args.clients)
            owners = [demo_login(s, base, citizens[i % len(citizens)]) for i, s in enumerate(sessions)]
            per_owner = int(400 * args.seconds / args.clients) + 10
            drafts = seed_drafts(url, tmp, sorted(set(owners)), per_owner)
            tokens = []
            for session, owner in zip(sessions, owners, strict=True):
                page = session.get(f"{base}/drafts/{drafts[owner][0]}/fees").text
                tokens.append(re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1))
            # Each filing starts from the signed-in cookie: a browser follows the redirect and shows the
            # "filed" notice, which empties it again; without this every filing would add a notice to
            # the cookie that the next one has to carry, sign and decode.
            signed_in = [session.cookies.copy() for session in sessions]
            taken = {owner: 0 for owner in drafts}
            lock = threading.Lock()

            def file_one(client: int, _n: int) -> float | None:
                owner = owners[client]
                with lock:
                    if taken[owner] >= len(drafts[owner]):
                        return None
                    draft_id = drafts[owner][taken[owner]]
                    taken[owner] += 1
                sessions[client].cookies = signed_in[client].copy()
                started = time.perf_counter()
                response = sessions[client].post(f"{base}/drafts/{draft_id}/submit",
                                                 data={"csrf_token": tokens[client]}, allow_redirects=False)
                took = time.perf_counter() - started
                if response.status_code != 302 or "/dossiers/" not in response.headers.get("Location", ""):
                    raise RuntimeError(f"filing failed: {response.status_code} {response.headers.get('Location')}")
                return took

            file_one(0, 0)  # warm-up (each worker compiles what it needs on first use)
            meter = CpuMeter(processes[0].pid)
            filed_lat, filed_elapsed = hammer(args.clients, args.seconds, file_one)
            filed_rate = summary("filing (submit, receipt queued)", filed_lat, filed_elapsed)
            print("  " + meter.per(len(filed_lat), "filing"))
            filed_total = len(filed_lat) + 1

            references = []
            with psycopg.connect(base_conninfo, options=f"-c search_path={schema}") as conn:
                references = [r[0] for r in conn.execute(
                    "SELECT reference FROM dossiers WHERE reference IS NOT NULL LIMIT 200").fetchall()]

            def lookup_one(client: int, n: int) -> float:
                started = time.perf_counter()
                response = sessions[client].post(
                    f"{base}/track/", data={"reference": references[n % len(references)], "phone_tail": "5678",
                                            "csrf_token": tokens[client]},
                    headers={"X-Forwarded-For": f"10.{client}.{n // 250 % 250}.{n % 250 + 1}"})
                if response.status_code != 200:
                    raise RuntimeError(f"lookup failed: {response.status_code}")
                return time.perf_counter() - started

            look_lat, look_elapsed = hammer(4, min(args.seconds, 8), lookup_one)
            summary("public lookup (4 clients)", look_lat, look_elapsed)

            print("  worker: issuing the receipts of every filed dossier (1 worker process, 4 threads)...")
            worker = subprocess.Popen([MOTCUA, "worker", "--poll", "0.2", "--threads", "4"], cwd=ROOT, env=env,
                                      stdout=log, stderr=log)
            processes.append(worker)
            started = time.monotonic()
            pending = filed_total
            with psycopg.connect(base_conninfo, options=f"-c search_path={schema}", autocommit=True) as conn:
                while time.monotonic() - started < args.drain:
                    pending = conn.execute("SELECT count(*) FROM jobs WHERE kind = 'receipt.issue'"
                                           " AND status <> 'done'").fetchone()[0]
                    if pending == 0:
                        break
                    time.sleep(1)
            drained = time.monotonic() - started
            stop(worker)
            receipts_rate = (filed_total - pending) / drained if drained else 0.0
            print(f"  worker: {filed_total - pending} of {filed_total} receipts signed in {drained:.0f} s "
                  f"({receipts_rate:.1f}/s){'' if pending == 0 else f'; {pending} still queued at the deadline'}")
            for process in processes:
                stop(process)
            processes.clear()

            print("bare Flask app (validate + insert), same gunicorn settings:")
            bare_port = free_port()
            (tmp / "bare_app.py").write_text(BARE_APP)
            with psycopg.connect(base_conninfo, options=f"-c search_path={schema}", autocommit=True) as conn:
                conn.execute("CREATE TABLE bench_bare (id text PRIMARY KEY, doc jsonb NOT NULL)")
            bare_env = {**env, "BARE_DB": split_url(url)[0],
                        "PYTHONPATH": f"{tmp}:{ROOT}"}
            processes.append(subprocess.Popen([GUNICORN, "-w", "2", "-k", "gthread", "--threads", "4", "-b",
                                               f"127.0.0.1:{bare_port}", "bare_app:app"], cwd=tmp, env=bare_env,
                                              stdout=log, stderr=log))
            bare = f"http://127.0.0.1:{bare_port}"
            from tests.services.conftest import BIRTH_DATA
            bare_data = {**BIRTH_DATA, "child_birth_date": (dt.date.today() - dt.timedelta(days=10)).isoformat()}

            wait_up(f"{bare}/submit")
            bare_sessions = [requests.Session() for _ in range(args.clients)]

            def bare_one(client: int, _n: int) -> float:
                started = time.perf_counter()
                response = bare_sessions[client].post(f"{bare}/submit", json=bare_data)
                if response.status_code != 201:
                    raise RuntimeError(f"bare app answered {response.status_code}")
                return time.perf_counter() - started

            bare_one(0, 0)
            bare_lat, bare_elapsed = hammer(args.clients, args.seconds, bare_one)
            bare_rate = summary("validate + insert", bare_lat, bare_elapsed)

            p95 = statistics.quantiles(filed_lat, n=100)[94] * 1000 if len(filed_lat) > 1 else float("nan")
            look_p50 = statistics.median(look_lat) * 1000 if look_lat else float("nan")
            ratio = filed_rate / bare_rate * 100 if bare_rate else 0.0
            cpu = "the 2 cores are shared by both gunicorn workers, PostgreSQL and the load generator"
            print("figures and targets:")
            figure("filing at 16 clients", filed_rate, "dossiers/s", ">= 150", filed_rate >= 150, cpu)
            figure("filing p95", p95, "ms", "<= 250", p95 <= 250, cpu)
            figure("filing / bare validate+insert", ratio, "%", ">= 10", ratio >= 10)
            look_rate = len(look_lat) / look_elapsed if look_elapsed else float("nan")
            figure("public lookup p50 (4 clients)", look_p50, "ms", "<= 5", look_p50 <= 5,
                   f"4 clients waiting on each other: p50 is about 4 / rate ({look_rate:.0f}/s), so 5 ms needs 800 "
                   f"lookups/s, near the bare app's rate; the 1-client figure of bench/million.py is the lookup's "
                   f"own time")
            figure("worker receipts (render + sign)", receipts_rate, "receipts/s", ">= filing rate",
                   receipts_rate >= filed_rate, "rendering and signing per receipt, one worker process on 2 cores")
        finally:
            for process in processes:
                stop(process)
            log.close()
            with psycopg.connect(base_conninfo, autocommit=True) as conn:
                conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


class DraftQueue:
    """Each client's drafts, handed out one at a time (clients of one owner share them); thread-safe."""

    def __init__(self, drafts: dict[str, list[str]], owners: list[str]):
        self.drafts, self.owners = drafts, owners
        self.taken = dict.fromkeys(drafts, 0)
        self.lock = threading.Lock()

    def take(self, client: int) -> str | None:
        """The next draft of ``client``'s owner, None when none is left."""
        owner = self.owners[client]
        with self.lock:
            index = self.taken[owner]
            self.taken[owner] = index + 1
        return self.drafts[owner][index] if index < len(self.drafts[owner]) else None


def signed_pdfs(url: str, tmp: Path, count: int) -> list[bytes]:
    """``count`` different signed 1-page PDFs, signed by a doctor of the server's own demo CA (so trusted)."""
    from runtime.agencies import load_directory
    from runtime.definitions import Catalog, load_definitions
    from runtime.demo import DEMO_DIR
    from runtime.paths import procedures_dir
    from runtime.services.factory import build_services
    from runtime.signatures.demo_ca import sign_pdf
    from tests.services.conftest import one_page_pdf

    catalog = Catalog(load_definitions([procedures_dir() / PROCEDURE]).procedures)
    services = build_services({"SECRET_KEY": SECRET, "MOTCUA_STORE": url}, tmp / "instance", catalog,
                              load_directory(DEMO_DIR / "agencies.json"))
    try:
        person = services.signer.ca.issue_person("012345678901", "Bác sĩ Lê Văn Hùng")
        return [sign_pdf(one_page_pdf(f"Giấy chứng sinh số {i:04d}"), person) for i in range(count)]
    finally:
        services.store.close()


def upload_flow(args: argparse.Namespace) -> None:
    """Upload one signed 1-page PDF (verified by the server) to a draft, then file it: one flow, timed whole."""
    import psycopg

    from runtime.storage import upgrade
    from runtime.storage.postgres import split_url, with_schema

    schema = f"bench_upload_{secrets.token_hex(4)}"
    url = with_schema(args.postgres, schema)
    upgrade(url)
    server = None
    with tempfile.TemporaryDirectory() as tmpdir, Path(args.log).open("ab") as log:
        tmp = Path(tmpdir)
        try:
            print(f"upload + filing flows over HTTP: gunicorn 2 workers, PostgreSQL, {args.clients} clients, "
                  f"{args.seconds:.0f} s")
            port = free_port()
            base = f"http://127.0.0.1:{port}"
            env = {**os.environ, "MOTCUA_STORE": url, "MOTCUA_WORKER": "external", "MOTCUA_SECRET_KEY": SECRET,
                   "MOTCUA_INSTANCE": str(tmp / "instance"), "MOTCUA_TRUSTED_PROXIES": "127.0.0.1",
                   "MOTCUA_BASE_URL": base, "PYTHONPATH": str(ROOT)}
            server = subprocess.Popen([MOTCUA, "serve", "--production", "--port", str(port), "--workers", "2",
                                       "--access-log", ""], cwd=ROOT, env=env, stdout=log, stderr=log)
            wait_up(f"{base}/healthz")
            pdfs = signed_pdfs(url, tmp, 64)
            sessions = [requests.Session() for _ in range(args.clients)]
            citizens = hcmc_citizens(args.clients)
            owners = [demo_login(s, base, citizens[i % len(citizens)]) for i, s in enumerate(sessions)]
            drafts = seed_drafts(url, tmp, sorted(set(owners)), int(120 * args.seconds / args.clients) + 10,
                                 attach=False)
            tokens = [re.search(r'name="csrf_token"[^>]*value="([^"]+)"',
                                session.get(f"{base}/drafts/{drafts[owner][0]}/documents").text).group(1)
                      for session, owner in zip(sessions, owners, strict=True)]
            queue = DraftQueue(drafts, owners)

            def flow(client: int, n: int) -> float | None:
                draft_id = queue.take(client)
                if draft_id is None:
                    return None
                session, token = sessions[client], tokens[client]
                started = time.perf_counter()
                upload = session.post(f"{base}/drafts/{draft_id}/documents", allow_redirects=False,
                                      data={"csrf_token": token, "component": "birth-certificate"},
                                      files={"file": ("giay-chung-sinh.pdf", pdfs[(client * 7919 + n) % len(pdfs)],
                                                      "application/pdf")})
                filed = session.post(f"{base}/drafts/{draft_id}/submit", data={"csrf_token": token},
                                     allow_redirects=False)
                took = time.perf_counter() - started
                if upload.status_code != 302 or filed.status_code != 302 \
                        or "/dossiers/" not in filed.headers.get("Location", ""):
                    raise RuntimeError(f"flow failed: upload {upload.status_code}, filing {filed.status_code} "
                                       f"{filed.headers.get('Location')}")
                return took

            for client in range(args.clients):  # warm-up: every gunicorn worker starts its verification sandbox
                flow(client, 0)
            meter = CpuMeter(server.pid)
            lat, elapsed = hammer(args.clients, args.seconds, flow)
            rate = summary("upload signed PDF + file", lat, elapsed)
            print("  " + meter.per(len(lat), "flow"))
            with psycopg.connect(split_url(url)[0], autocommit=True) as conn:
                verified = conn.execute(
                    "SELECT count(*) FROM dossiers WHERE NOT is_draft AND doc->'components'->0->'files'->0"
                    "->'verification' IS NOT NULL").fetchone()[0]
            print(f"  {verified} filed dossiers carry their verified signed PDF")
            print("figures and targets:")
            figure("upload (verified) + filing at " + str(args.clients) + " clients", rate, "flows/s", ">= 50",
                   rate >= 50, "per flow: PDF parsing and signature validation (pyHanko) plus the filing, on 2 cores "
                   "shared with PostgreSQL and the load generator")
        finally:
            if server is not None:
                stop(server)
            with psycopg.connect(split_url(args.postgres)[0], autocommit=True) as conn:
                conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


if __name__ == "__main__":
    main()
