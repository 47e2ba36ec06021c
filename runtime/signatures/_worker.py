"""Code that runs inside a sandbox worker process.

Kept separate from :mod:`runtime.signatures.sandbox` so the worker imports as
little as possible before its first task. The parent sends
``(func, args, memory_bytes)`` tuples and receives ``(status, value, detail)``.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import signal
import sys
import warnings
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

try:  # POSIX only; elsewhere the memory bound is not enforced.
    import resource
except ImportError:  # pragma: no cover - Windows
    resource = None  # type: ignore[assignment]

#: Deeper nesting than this is treated as hostile; pure-Python parsers
#: recurse per nesting level, so this also bounds C stack use.
RECURSION_LIMIT = 2000


def _address_space_now() -> int | None:
    """Current virtual size of this process in bytes (Linux), else ``None``."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def _limit_memory(extra_bytes: int) -> tuple[int, int] | None:
    """Lower RLIMIT_AS to the current size + ``extra_bytes``; return the old limits."""
    if resource is None or extra_bytes <= 0:
        return None
    current = _address_space_now()
    if current is None:
        return None
    old = resource.getrlimit(resource.RLIMIT_AS)
    soft = current + extra_bytes
    if old[1] != resource.RLIM_INFINITY:
        soft = min(soft, old[1])
    resource.setrlimit(resource.RLIMIT_AS, (soft, old[1]))
    return old


def call(func: Callable[..., Any], args: tuple[Any, ...]) -> tuple[str, Any, str]:
    """Run ``func(*args)`` and classify the result as ``(status, value, detail)``."""
    try:
        return "ok", func(*args), ""
    except MemoryError:
        return "memory", None, "MemoryError: memory limit reached"
    except RecursionError as exc:
        return "memory", None, f"RecursionError: {exc}"
    except Exception as exc:
        return "error", None, f"{type(exc).__name__}: {exc}"[:1000]


def main(conn: Connection, preload: tuple[str, ...] = ()) -> None:
    """Worker loop: import ``preload`` modules, then run tasks until the pipe closes.

    Preloading happens before any memory limit applies, so the libraries'
    own footprint is not charged to the first task.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sys.setrecursionlimit(RECURSION_LIMIT)
    # pypdf and pyHanko log every oddity of a hostile file; the outcome is
    # reported through the result, so keep the worker's stderr quiet.
    logging.getLogger().addHandler(logging.NullHandler())
    logging.getLogger().setLevel(logging.CRITICAL)
    warnings.simplefilter("ignore")
    for module in preload:
        # A failed preload is not fatal: the task will report the import error.
        with contextlib.suppress(Exception):
            importlib.import_module(module)
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        func, args, memory_bytes = message
        old = _limit_memory(memory_bytes)
        try:
            reply = call(func, args)
        finally:
            if old is not None:
                resource.setrlimit(resource.RLIMIT_AS, old)
        del message, args
        try:
            conn.send(reply)
        except Exception as exc:  # e.g. an unpicklable result
            conn.send(("error", None, f"result could not be returned: {exc}"[:1000]))
