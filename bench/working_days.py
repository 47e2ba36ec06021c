"""Micro-benchmark of the working-day calendar: microseconds per call.

Run from the repository root::

    .venv/bin/python bench/working_days.py            # 20 000 calls per operation
    .venv/bin/python bench/working_days.py -n 100000

The inputs (start instants spread over 2025–2026, amounts of 0.5–60 days,
two pause rounds) are generated up front so that only the calls are timed.
"""

from __future__ import annotations

import sys
from pathlib import Path

# This file is named like the stdlib module ``calendar`` (which ``holidays``
# imports): drop its folder from the import path so it cannot shadow it.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))

import argparse  # noqa: E402
import random  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from datetime import datetime, timedelta  # noqa: E402
from zoneinfo import ZoneInfo  # noqa: E402

from runtime.calendar import Pause, WorkingCalendar  # noqa: E402

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def _time_per_call(fn: Callable[[int], object], n: int) -> float:
    """Best of three runs, in microseconds per call."""
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter_ns()
        for i in range(n):
            fn(i)
        best = min(best, (time.perf_counter_ns() - t0) / n / 1000)
    return best


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=20_000, help="calls per operation")
    n = parser.parse_args(argv).n

    t0 = time.perf_counter()
    cal = WorkingCalendar()
    build_ms = (time.perf_counter() - t0) * 1000

    rng = random.Random(42)
    origin = datetime(2025, 1, 1, tzinfo=VN)
    starts = [origin + timedelta(minutes=rng.randrange(0, 60 * 24 * 700)) for _ in range(n)]
    counted = [cal.start_of_counting(s) for s in starts]
    days = [rng.choice([0.5, 1, 3, 5, 7, 10, 15, 20, 30, 60]) for _ in range(n)]
    hours = [rng.choice([1, 2.5, 4, 8, 16, 40]) for _ in range(n)]
    dues = [cal.add(c, d, "working-days") for c, d in zip(counted, days, strict=True)]
    pauses: list[list[Pause]] = [
        [(c + timedelta(hours=5), c + timedelta(days=2)),
         (c + timedelta(days=4), c + timedelta(days=5, hours=3))]
        for c in counted
    ]
    nows = [d - timedelta(days=rng.randrange(-3, 10)) for d in dues]

    ops: dict[str, Callable[[int], object]] = {
        "add working-days": lambda i: cal.add(counted[i], days[i], "working-days"),
        "add working-hours": lambda i: cal.add(counted[i], hours[i], "working-hours"),
        "add calendar-days": lambda i: cal.add(counted[i], int(days[i]) or 1, "calendar-days"),
        "start_of_counting": lambda i: cal.start_of_counting(starts[i]),
        "deadline_for": lambda i: cal.deadline_for(starts[i], days[i], "working-days"),
        "is_working_day": lambda i: cal.is_working_day(starts[i].date()),
        "working_time_between": lambda i: cal.working_time_between(counted[i], dues[i]),
        "add_with_pauses (2 rounds)": lambda i: cal.add_with_pauses(
            counted[i], days[i], "working-days", pauses[i]
        ),
        "status (2 pause rounds)": lambda i: cal.status(dues[i], nows[i], pauses=pauses[i]),
        "status (no pause)": lambda i: cal.status(dues[i], nows[i]),
    }
    print(f"WorkingCalendar() build: {build_ms:.1f} ms ({cal!r})")
    print(f"{'operation':<30} {'µs/call':>8}   (n={n}, best of 3)")
    for name, fn in ops.items():
        print(f"{name:<30} {_time_per_call(fn, n):>8.2f}")


if __name__ == "__main__":
    main()
