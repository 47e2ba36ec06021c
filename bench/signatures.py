"""Benchmark of attachment verification: verifications per second.

Run from the repository root::

    .venv/bin/python bench/signatures.py            # ~3 s per measurement
    .venv/bin/python bench/signatures.py -s 10

Signs a one-page and a 50-page PDF with a throw-away demo CA (EC P-256) and
verifies each repeatedly, in-process and through the sandbox (one worker,
sequential; then N workers driven by N threads). Certificates are fresh and
the CA's CRLs are in the trust store, so every run checks revocation too.
"in-process, CPU time" counts only this process's CPU seconds, which stays
comparable when other jobs load the machine.
"""

from __future__ import annotations

import sys
from pathlib import Path

# bench/ also holds calendar.py, which would shadow the stdlib module for the
# sandbox workers (they inherit sys.path); keep the folder off the path.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))

import argparse  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from concurrent.futures import ThreadPoolExecutor  # noqa: E402

from runtime.warnings_policy import quiet_third_party_warnings  # noqa: E402

quiet_third_party_warnings()  # a console tool: no dependency's deprecation notices

from runtime.signatures.demo_ca import DemoCA, sign_pdf  # noqa: E402
from runtime.signatures.report import SignaturePolicy, Verdict  # noqa: E402
from runtime.signatures.sandbox import InProcess, Sandbox  # noqa: E402
from runtime.signatures.verify import verify_pdf  # noqa: E402

POLICY = SignaturePolicy(required=True, signer="applicant")
#: Throughput to keep (verifications per second), measured before issue 14's checks were added.
TARGETS = {("1 page", "sandbox, 1 worker"): 41.0}
APPLICANT = "001234567890"


def text_pdf(pages: int) -> bytes:
    """A classic-xref PDF with ``pages`` pages of text."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
                   b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(pages)), pages),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    for i in range(pages):
        text = b"BT /F1 12 Tf 72 760 Td (Trang %d - noi dung ho so) Tj ET" % (i + 1)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                       b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (5 + 2 * i))
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text))
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def rate(call: Callable[[], object], seconds: float, threads: int = 1) -> float:
    """Calls per second over roughly ``seconds`` (after one warm-up call per thread)."""
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(lambda _: call(), range(threads)))
        count, start = 0, time.perf_counter()
        while time.perf_counter() - start < seconds:
            list(pool.map(lambda _: call(), range(threads)))
            count += threads
        return count / (time.perf_counter() - start)


def cpu_rate(call: Callable[[], object], calls: int = 25) -> float:
    """Calls per CPU-second of this process: a load-independent figure for in-process runs
    on a shared machine, where wall-clock rates say more about the neighbours."""
    call()
    start = time.process_time()
    for _ in range(calls):
        call()
    return calls / (time.process_time() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-s", "--seconds", type=float, default=3.0)
    parser.add_argument("-w", "--workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ca = DemoCA.open(tmp)
        signer = ca.issue_person(APPLICANT, "Nguyễn Văn A")
        trust = ca.trust_store()
        docs = {"1 page": sign_pdf(text_pdf(1), signer), "50 pages": sign_pdf(text_pdf(50), signer)}
    print(f"{'document':<10} {'size':>8} {'mode':<22} {'verif/s':>8} {'ms each':>8} "
          f"{'target':>8}")
    with Sandbox(workers=1) as single, Sandbox(workers=args.workers) as pool:
        runners = [("in-process", InProcess(), 1), ("sandbox, 1 worker", single, 1),
                   (f"sandbox, {args.workers} workers", pool, args.workers)]
        for label, data in docs.items():
            for mode, runner, threads in runners:
                def once(data: bytes = data, runner: object = runner) -> None:
                    report = verify_pdf(data, POLICY, trust, {APPLICANT}, sandbox=runner)
                    assert report.verdict is Verdict.VALID, report.reasons
                per_second = rate(once, args.seconds, threads)
                if mode == "in-process":
                    print(f"{label:<10} {len(data):>8} {'in-process, CPU time':<22} "
                          f"{cpu_rate(once):>8.1f} {1000 / cpu_rate(once):>8.1f}")
                target = TARGETS.get((label, mode))
                verdict = "" if target is None else (
                    f">= {target:g} {'ok' if per_second >= target else 'BELOW'}")
                print(f"{label:<10} {len(data):>8} {mode:<22} {per_second:>8.1f} "
                      f"{1000 * threads / per_second:>8.1f} {verdict:>8}")


if __name__ == "__main__":
    main()
