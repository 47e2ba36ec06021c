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
