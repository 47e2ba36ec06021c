"""A job handler for the kill test: its first attempt hangs (the worker is killed there), later ones finish."""

from __future__ import annotations

import time
from pathlib import Path


def make(services):
    def handler(job):
        folder = Path(job.payload["folder"])
        (folder / f"started-{job.attempts}").touch()
        if job.attempts == 1:
            time.sleep(120)
        effect = folder / f"effect-{job.id}"
        if not effect.exists():  # idempotent: a second run changes nothing
            with (folder / "effects.log").open("a") as out:
                out.write(f"{job.id}\n")
            effect.touch()

    return handler


def make_meeting(services):
    """Jobs that finish only when another one has started meanwhile: they pass only if run at once."""

    def handler(job):
        folder = Path(job.payload["folder"])
        (folder / f"started-{job.id}").touch()
        deadline = time.monotonic() + 30
        while len(list(folder.glob("started-*"))) < 2:
            if time.monotonic() > deadline:
                raise RuntimeError("no other job started meanwhile")
            time.sleep(0.05)

    return handler
