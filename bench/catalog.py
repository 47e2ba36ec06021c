"""Catalog benchmark: load, check and compile 1,874 procedures; validate one eForm payload.

Run: .venv/bin/python bench/catalog.py [--count 1874]
Prints total seconds, per-procedure milliseconds and peak memory for a cold
`motcua check`, the time until the app is ready to serve an unchanged catalog,
and the time to validate one typical eForm payload.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from runtime.definitions import load_definitions  # noqa: E402
from runtime.paths import procedures_dir  # noqa: E402


def build_catalog(target: Path, count: int) -> int:
    """Write the shipped procedures plus generated variants until there are ``count``."""
    shipped = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(procedures_dir().rglob("procedure.json"))]
    for n in range(count):
        document = json.loads(json.dumps(shipped[n % len(shipped)]))
        if n >= len(shipped):
            document["code"] = f"9.{n:06d}"
            document["name"]["vi"] += f" (biến thể {n})"
            document["name"]["en"] += f" (variant {n})"
            document["version"] = f"bench-{n}"
        folder = target / document["code"]
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "procedure.json").write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
    return len(shipped)


def run_child(code: str, env: dict[str, str]) -> tuple[float, int]:
    """Run ``code`` in a fresh interpreter; its wall time and peak RSS (KiB)."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=ROOT)
    elapsed = time.perf_counter() - started
    return elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def typical_payload():
    """Birth registration's applicant page and a payload it accepts."""
    result = load_definitions([procedures_dir() / "1.001193"])
    page = result.procedures[0].cases[0].form.page("applicant")
    payload = {
        "applicant_name": "Nguyễn Thị Lan", "applicant_personal_id": "001190012345",
        "applicant_phone": "0912345678", "applicant_email": "lan@example.vn",
        "applicant_address": {"province_code": "79", "commune_code": "26734", "street": "12 Lê Lợi"},
        "relationship_to_child": "mother",
    }
    return page, payload


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1874)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        catalog = Path(tmp) / "procedures"
        shipped = build_catalog(catalog, args.count)
        print(f"catalog: {args.count} procedures ({shipped} shipped + {args.count - shipped} generated variants)")
        env = {**os.environ, "MOTCUA_PROCEDURES": str(catalog), "MOTCUA_INSTANCE": str(Path(tmp) / "instance"),
               "MOTCUA_SECRET_KEY": "bench"}

        elapsed, rss = run_child(
            f"from builder.cli import cli; import sys; sys.argv=['motcua','check','--quiet','{catalog}'];"
            "\ntry:\n cli()\nexcept SystemExit as e:\n assert e.code == 0, e.code", env)
        print(f"cold `motcua check` (fresh process): {elapsed:.2f} s total, "
              f"{elapsed / args.count * 1000:.2f} ms per procedure, peak RSS {rss / 1024:.0f} MiB")

        startup = "from runtime import create_app; app = create_app(); assert len(app.extensions['motcua.catalog'])"
        first, _ = run_child(startup, env)
        times = [run_child(startup, env)[0] for _ in range(3)]
        rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        print(f"app ready, first start (checks and fills the cache): {first:.2f} s")
        print(f"app ready, unchanged catalog (cache by content hash): median {statistics.median(times):.2f} s "
              f"(runs: {', '.join(f'{t:.2f}' for t in times)}), peak RSS {rss / 1024:.0f} MiB")

    page, payload = typical_payload()
    validator = page.validator
    assert validator.is_valid(payload)
    n = 20000
    per_call = min(timeit.repeat(lambda: validator.is_valid(payload), number=n, repeat=5)) / n
    print(f"validate one eForm payload ({len(payload)} top-level fields, nested address), "
          f"compiled jsonschema_rs: {per_call * 1e6:.2f} µs")
    import jsonschema

    reference = jsonschema.Draft202012Validator(page.standalone_schema, format_checker=jsonschema.FormatChecker())
    m = 500
    ref_call = min(timeit.repeat(lambda: reference.is_valid(payload), number=m, repeat=3)) / m
    print(f"  same payload, reference jsonschema: {ref_call * 1e6:.0f} µs")
    build = min(timeit.repeat(lambda: type(validator)(page.standalone_schema, validate_formats=True, offline=True),
                              number=200, repeat=3)) / 200
    print(f"  building that page's compiled validator (done lazily, once): {build * 1e3:.3f} ms")


if __name__ == "__main__":
    main()
