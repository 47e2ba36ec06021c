"""HCMC's design day, compressed: 47,000 dossiers filed and 4 official actions on each, on one node.

Run (not part of the tests)::

    .venv/bin/python bench/design_day.py --scale 0.01     # 470 dossiers: proves it works
    .venv/bin/python bench/design_day.py                  # the full day: 47,000 dossiers, 188,000 actions

One node: ``motcua serve --production`` (gunicorn, 2 workers) and one
``motcua worker`` on PostgreSQL (a schema of its own, dropped at the end).
Citizens (``--clients`` threads, demo logins) file birth registrations whose
signed attachment is already on the draft (each to the ward where the citizen lives); as each
dossier is filed, an official desk (``--desks`` threads) opens it and takes
its four actions as the receiver, the civil-status officer, the leader and the
receiver again (accept, propose, approve: the signed result, hand-over),
reading the dossier page before each action, as officials do. The day is
compressed as far as the machine goes. At the end the worker drains its queue,
and the bench checks every dossier: done, its signed receipt (slip 01) issued,
and every notification delivered. Printed beside the target: the whole day
must take under 15 minutes (at a reduced ``--scale``, the same rate: 900 s x scale).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import queue
import re
import secrets
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.load import (  # noqa: E402 - the project root is put on the path first
    MOTCUA,
    PROCEDURE,
    CpuMeter,
    DraftQueue,
    demo_login,
    figure,
    free_port,
    hcmc_citizens,
    seed_drafts,
    stop,
    wait_up,
)

DAY = 47_000
ACTIONS = (("receiver", "accept"), ("civil-status-officer", "propose"), ("leader", "approve"),
           ("receiver", "hand-over"))
PASSWORD = "bench-" + secrets.token_hex(8)
TARGET_SECONDS = 15 * 60


def citizens_wards(people: list[str]) -> list[str]:
    """The wards the citizens live in (a dossier may be routed by the applicant's registered address)."""
    from runtime.agencies import load_directory
    from runtime.definitions import load_definitions
    from runtime.demo import DEMO_DIR
    from runtime.identity.contrib.demo import PopulationRegistry
    from runtime.paths import procedures_dir

    registry = PopulationRegistry.load()
    directory = load_directory(DEMO_DIR / "agencies.json")
    kind = load_definitions([procedures_dir() / PROCEDURE]).procedures[0].agency_kind
    found = set()
    for personal_id in people:
        address = registry.get(personal_id).get("current_address") or {}
        try:
            found.add(directory.resolve(kind, "commune", "79", address.get("commune_code")).code)
        except LookupError:
            continue
    return sorted(found)


def officials_file(path: Path, agencies: list[str]) -> None:
    from werkzeug.security import generate_password_hash

    digest = generate_password_hash(PASSWORD)
    path.write_text(json.dumps({"officials": [
        {"username": f"day.{role}", "name": role, "password_hash": digest,
         "roles": [{"agency": agency, "role": role} for agency in agencies]}
        for role in sorted({r for r, _a in ACTIONS})]}), encoding="utf-8")


def official_session(base: str, role: str) -> requests.Session:
    session = requests.Session()
    page = session.get(f"{base}/auth/official").text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    answer = session.post(f"{base}/auth/official", data={"csrf_token": token, "username": f"day.{role}",
                                                         "password": PASSWORD}, allow_redirects=False)
    if answer.status_code != 302:
        raise RuntimeError(f"official {role} could not log in: {answer.status_code}")
    return session


class Day:
    """The day's counters, shared by the citizen and desk threads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.filed = self.actions = self.retries = self.busy = 0
        self.errors: list[str] = []

    def add(self, name: str, n: int = 1) -> None:
        with self.lock:
            setattr(self, name, getattr(self, name) + n)

    def fail(self, message: str) -> None:
        with self.lock:
            self.errors.append(message)


def act(base: str, sessions: dict[str, requests.Session], dossier_id: str, day: Day) -> None:
    """The four actions on one dossier, each after reading its page (a conflict with the worker is retried)."""
    for role, action in ACTIONS:
        session = sessions[role]
        for _attempt in range(10):
            page = session.get(f"{base}/officials/dossiers/{dossier_id}", timeout=300)
            token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text)
            version = re.search(r'name="version" value="(\d+)"', page.text)
            if page.status_code != 200 or token is None or version is None:
                raise RuntimeError(f"dossier page {dossier_id}: {page.status_code}")
            answer = session.post(f"{base}/officials/dossiers/{dossier_id}/actions/{action}",
                                  data={"csrf_token": token.group(1), "version": version.group(1)},
                                  allow_redirects=False, timeout=300)
            if answer.status_code == 302:
                day.add("actions")
                break
            if answer.status_code not in (409, 503):  # a conflict with the worker; busy (the page says: try again)
                raise RuntimeError(f"{action} on {dossier_id}: {answer.status_code}")
            day.add("retries" if answer.status_code == 409 else "busy")
            time.sleep(0.5 if answer.status_code == 503 else 0)
        else:
            raise RuntimeError(f"{action} on {dossier_id}: still refused after 10 tries")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="share of the 47,000 dossiers (0.01: 470)")
    parser.add_argument("--clients", type=int, default=8, help="citizens filing at once")
    parser.add_argument("--desks", type=int, default=8, help="official desks acting at once")
    parser.add_argument("--drain", type=float, default=900.0, help="at most this long for the worker at the end")
    parser.add_argument("--postgres", default=os.environ.get("MOTCUA_BENCH_POSTGRES_URL",
                                                             "postgresql://postgres@127.0.0.1:5432/test"))
    parser.add_argument("--log", default=str(Path(tempfile.gettempdir()) / "motcua-bench-design-day.log"))
    args = parser.parse_args()
    import psycopg

    from runtime.storage import upgrade
    from runtime.storage.postgres import split_url, with_schema

    total = max(1, round(DAY * args.scale))
    schema = f"bench_day_{secrets.token_hex(4)}"
    url = with_schema(args.postgres, schema)
    upgrade(url)
    processes: list[subprocess.Popen] = []
    day = Day()
    print(f"design day x {args.scale:g}: {total:,} dossiers, {4 * total:,} official actions; "
          f"{args.clients} citizens, {args.desks} desks; gunicorn 2 workers + 1 worker (4 threads), PostgreSQL "
          f"(servers' output: {args.log})")
    with tempfile.TemporaryDirectory() as tmpdir, Path(args.log).open("wb") as log:
        tmp = Path(tmpdir)
        try:
            people = hcmc_citizens(args.clients)
            officials_file(tmp / "officials.json", citizens_wards(people))
            port = free_port()
            base = f"http://127.0.0.1:{port}"
            env = {**os.environ, "MOTCUA_STORE": url, "MOTCUA_WORKER": "external",
                   "MOTCUA_SECRET_KEY": secrets.token_hex(32), "MOTCUA_INSTANCE": str(tmp / "instance"),
                   "MOTCUA_OFFICIALS": str(tmp / "officials.json"), "MOTCUA_TRUSTED_PROXIES": "127.0.0.1",
                   "MOTCUA_BASE_URL": base, "PYTHONPATH": str(ROOT)}
            processes.append(subprocess.Popen([MOTCUA, "serve", "--production", "--port", str(port), "--workers",
                                               "2", "--access-log", ""], cwd=ROOT, env=env, stdout=log, stderr=log))
            wait_up(f"{base}/healthz")
            citizens = [requests.Session() for _ in range(args.clients)]
            owners = [demo_login(s, base, people[i % len(people)]) for i, s in enumerate(citizens)]
            per_owner = math.ceil(total / len(set(owners)))
            drafts = seed_drafts(url, tmp, sorted(set(owners)), per_owner)
            plan: dict[str, list[str]] = {owner: [] for owner in drafts}
            remaining = total
            for owner in sorted(drafts):  # exactly ``total`` filings
                take = min(remaining, per_owner)
                plan[owner] = drafts[owner][:take]
                remaining -= take
            tokens = [re.search(r'name="csrf_token"[^>]*value="([^"]+)"',
                                s.get(f"{base}/drafts/{drafts[o][0]}/fees").text).group(1)
                      for s, o in zip(citizens, owners, strict=True)]
            desks = [{role: official_session(base, role) for role, _a in ACTIONS} for _ in range(args.desks)]
            work: queue.Queue[str | None] = queue.Queue()
            filings = DraftQueue(plan, owners)

            def citizen(client: int) -> None:
                while (draft_id := filings.take(client)) is not None:
                    try:
                        answer = citizens[client].post(f"{base}/drafts/{draft_id}/submit",
                                                       data={"csrf_token": tokens[client]}, allow_redirects=False)
                        where = answer.headers.get("Location", "")
                        if answer.status_code != 302 or "/dossiers/" not in where:
                            raise RuntimeError(f"filing {draft_id}: {answer.status_code} {where}")
                        day.add("filed")
                        work.put(where.rstrip("/").rsplit("/", 1)[1])
                    except Exception as exc:  # counted and reported at the end, the day goes on
                        day.fail(str(exc))

            def desk(number: int) -> None:
                while (dossier_id := work.get()) is not None:
                    try:
                        act(base, desks[number], dossier_id, day)
                    except Exception as exc:  # counted and reported at the end
                        day.fail(str(exc))

            print("  starting the worker and the day...")
            processes.append(subprocess.Popen([MOTCUA, "worker", "--poll", "0.2", "--threads", "4"], cwd=ROOT, env=env,
                                              stdout=log, stderr=log))
            started = time.monotonic()
            meter = CpuMeter(processes[0].pid, worker=processes[1].pid)
            filing = [threading.Thread(target=citizen, args=(c,)) for c in range(args.clients)]
            acting = [threading.Thread(target=desk, args=(d,)) for d in range(args.desks)]
            for thread in filing + acting:
                thread.start()
            while any(t.is_alive() for t in filing):
                time.sleep(5)
                print(f"\r  {time.monotonic() - started:6.0f} s: {day.filed:,} filed, {day.actions:,} actions",
                      end="", flush=True)
            for _ in acting:
                work.put(None)
            for thread in acting:
                thread.join()
            acted = time.monotonic() - started
            print(f"\r  {acted:6.0f} s: {day.filed:,} filed, {day.actions:,} actions ({day.retries} retried after "
                  f"a conflict with the worker, {day.busy} after a 503 'busy, try again'); draining the worker...")
            conninfo = split_url(url)[0]
            with psycopg.connect(conninfo, autocommit=True) as conn:
                while time.monotonic() - started < acted + args.drain:
                    waiting = conn.execute("SELECT count(*) FROM jobs WHERE status IN ('queued', 'running')"
                                           ).fetchone()[0]
                    if waiting == 0:
                        break
                    time.sleep(2)
                elapsed = time.monotonic() - started
                done = conn.execute("SELECT count(*) FROM dossiers WHERE step = 'done'").fetchone()[0]
                offices = conn.execute("SELECT count(DISTINCT agency_code) FROM dossiers WHERE NOT is_draft"
                                       ).fetchone()[0]
                receipts = conn.execute(
                    "SELECT count(*) FROM dossiers WHERE NOT is_draft AND doc->'extra'->'documents' "
                    "@> '[{\"kind\": \"01\"}]'::jsonb").fetchone()[0]
                results = conn.execute(
                    "SELECT count(*) FROM dossiers WHERE NOT is_draft AND doc->'extra'->'documents' "
                    "@> '[{\"kind\": \"result\"}]'::jsonb").fetchone()[0]
                notes = dict(conn.execute("SELECT status, count(*) FROM jobs WHERE kind = 'notify.send' "
                                          "GROUP BY status").fetchall())
                jobs_left = conn.execute("SELECT count(*) FROM jobs WHERE status <> 'done'").fetchone()[0]
            cpu = meter.ms(total)
            for process in processes:
                stop(process)
            processes.clear()
            sent, pending = notes.get("done", 0), sum(v for k, v in notes.items() if k != "done")
            print(f"  at the end ({elapsed:.0f} s): {done:,} of {total:,} dossiers done, {receipts:,} receipts, "
                  f"{results:,} signed results, {sent:,} notifications delivered, {pending} not delivered, "
                  f"{jobs_left} jobs not done; {len(day.errors)} errors; {offices} wards received dossiers")
            for message in day.errors[:5]:
                print(f"    error: {message}")
            per_dossier = sum(cpu.values())
            floor = DAY * per_dossier / 1000 / (os.cpu_count() or 1)
            print("  CPU per dossier (filing, 4 pages read, 4 actions, receipt, result, messages): "
                  + ", ".join(f"{k} {v:.0f} ms" for k, v in cpu.items())
                  + f"; {per_dossier:.0f} ms in all: the full day needs at least {floor:,.0f} s of this machine's "
                  f"{os.cpu_count()} cores even if nothing ever waited")
            target = TARGET_SECONDS * args.scale
            complete = done == receipts == total and pending == 0 and jobs_left == 0 and not day.errors
            print("figures and targets:")
            figure(f"the day x {args.scale:g}, filed to all delivered", elapsed, "s", f"< {target:.0f}",
                   elapsed < target, "one node's 2 cores run gunicorn, the worker (receipts, results, messages), "
                   "PostgreSQL and the citizens' and officials' threads")
            figure("projected full day (47,000 dossiers)", elapsed / args.scale, "s", f"< {TARGET_SECONDS}",
                   elapsed / args.scale < TARGET_SECONDS,
                   f"CPU: {per_dossier:.0f} ms of CPU per dossier; {os.cpu_count()} cores cannot do the day in less "
                   f"than {floor:,.0f} s")
            figure("every receipt issued, every message delivered", 100.0 * complete, "%", "= 100", complete,
                   "see the counts above")
        finally:
            for process in processes:
                stop(process)
            with psycopg.connect(split_url(args.postgres)[0], autocommit=True) as conn:
                conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


if __name__ == "__main__":
    main()
