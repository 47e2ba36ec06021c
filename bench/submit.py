"""End-to-end submission benchmark: validation, one signature verification, fees, store, signed receipt.

Run: .venv/bin/python bench/submit.py [--count 60] [--postgres URL]
Prints submissions per second for the embedded store and PostgreSQL, and where the time goes.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from runtime import documents  # noqa: E402
from runtime.agencies import load_directory  # noqa: E402
from runtime.definitions import Catalog, DefinitionArchive, load_definitions  # noqa: E402
from runtime.demo import DEMO_DIR  # noqa: E402
from runtime.dossiers.model import ComponentFiles, Dossier, Person, StoredFile  # noqa: E402
from runtime.paths import procedures_dir  # noqa: E402
from runtime.services import submission  # noqa: E402
from runtime.services.factory import build_services  # noqa: E402
from runtime.signatures import SignaturePolicy, verify_pdf  # noqa: E402
from runtime.signatures.demo_ca import sign_pdf  # noqa: E402
from tests.services.conftest import BIRTH_DATA, one_page_pdf  # noqa: E402

TIMES: dict[str, list[float]] = defaultdict(list)


@contextmanager
def timed(name: str):
    started = time.perf_counter()
    yield
    TIMES[name].append(time.perf_counter() - started)


def _wrap(module, name: str, label: str) -> None:
    real = getattr(module, name)

    def wrapper(*args, **kwargs):
        with timed(label):
            return real(*args, **kwargs)

    setattr(module, name, wrapper)


def run(url: str, count: int, tmp: Path) -> None:
    TIMES.clear()
    catalog = Catalog(load_definitions([procedures_dir() / "1.001193"]).procedures, DefinitionArchive(tmp / "defs"))
    services = build_services({"SECRET_KEY": "bench", "MOTCUA_STORE": url}, tmp, catalog,
                              load_directory(DEMO_DIR / "agencies.json"))
    procedure = catalog.get("1.001193")
    doctor = services.signer.ca.issue_person("012345678901", "Bác sĩ Lê Văn Hùng")
    signed = sign_pdf(one_page_pdf(), doctor)
    services.signer.sign(documents.render_pdf(documents.build_slip(
        "05", dossier=Dossier(procedure_code="1.001193", applicant=Person(full_name="x"), reference="x"),
        procedure=procedure, case=procedure.cases[0], agency=services.agencies.get("000.26.743.H79"),
        now=services.now())), services.agencies.get("000.26.743.H79"), "warm-up")
    verify_pdf(signed, SignaturePolicy(required=True, signer="trusted"), services.trust)  # start the sandbox
    page = procedure.cases[0].form.page("applicant")
    per_submit = []
    for _ in range(count):
        started = time.perf_counter()
        with timed("validate eForm (all pages)"):
            for p in procedure.cases[0].form.pages_shown(BIRTH_DATA):
                p.validator.is_valid({k: v for k, v in BIRTH_DATA.items() if k in p.field_names})
        with timed("verify signed PDF (sandboxed pyHanko)"):
            report = verify_pdf(signed, SignaturePolicy(required=True, signer="trusted"), services.trust)
        with timed("store attachment"):
            sha = services.attachments.put(signed)
        draft = Dossier(procedure_code="1.001193", definition_version=procedure.version, case_id="on-time",
                        account_id="bench", data=dict(BIRTH_DATA),
                        applicant=Person(full_name="Nguyễn Thị Lan", phone="0912345678",
                                         address=BIRTH_DATA["applicant_address"]),
                        components=[ComponentFiles(component_id="birth-certificate", files=[StoredFile(
                            sha256=sha, name="a.pdf", media_type="application/pdf", size=len(signed), pages=1,
                            verification=report.to_dict())])])
        with timed("store draft"), services.store.unit_of_work() as uow:
            uow.dossiers.add(draft)
            uow.commit()
        with timed("submit (check, fees, code, receipt, commit)"):
            submission.submit_draft(services, draft.id, "bench")
        per_submit.append(time.perf_counter() - started)
        assert page is not None
    total = sum(per_submit)
    print(f"  {count} submissions: {count / total:.1f}/s; p50 {statistics.median(per_submit) * 1000:.0f} ms")
    for name, values in sorted(TIMES.items(), key=lambda kv: -sum(kv[1])):
        print(f"    {name:<52} {sum(values) / count * 1000:8.1f} ms/submission ({sum(values) / total * 100:4.1f}%)")
    services.outbox.dispatch()
    services.store.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=60)
    parser.add_argument("--postgres", default=os.environ.get(
        "MOTCUA_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test?schema=bench_submit"))
    args = parser.parse_args()
    _wrap(documents, "render_pdf", "  …of which: render receipt PDF")
    _wrap(submission, "issue_document", "  …of which: render + sign + store receipt")
    with tempfile.TemporaryDirectory() as tmp:
        print("embedded store (TinyDB):")
        run(f"tinydb://{Path(tmp) / 'store'}", args.count, Path(tmp))
    try:
        from runtime.storage import upgrade

        upgrade(args.postgres)
    except Exception as exc:  # the bench reports and goes on
        print(f"PostgreSQL: skipped ({exc})")
        return
    with tempfile.TemporaryDirectory() as tmp:
        print("PostgreSQL:")
        run(args.postgres, args.count, Path(tmp))
    import psycopg

    with psycopg.connect(args.postgres.split("?")[0], autocommit=True) as conn:
        conn.execute("DROP SCHEMA IF EXISTS bench_submit CASCADE")


if __name__ == "__main__":
    main()
