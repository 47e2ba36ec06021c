"""Bounded execution of parsers on untrusted input.

A :class:`Sandbox` keeps a small pool of worker processes (``forkserver`` on
Linux, ``spawn`` elsewhere). Each task runs in a worker under an address-space
limit (``RLIMIT_AS`` = the worker's current size + ``Limits.memory_mb``) and a
wall-clock timeout enforced by the parent, which kills the worker when the
deadline passes. Whatever happens in the worker, :meth:`Sandbox.run` returns an
:class:`Outcome`; it never raises because of the task.

Tasks must be module-level functions (they are pickled by reference) and their
arguments and results must be picklable.
"""

from __future__ import annotations

import atexit
import multiprocessing
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from runtime.signatures import _worker

#: Modules the signature workers import up front (pypdf, pyHanko, certvalidator).
SIGNATURE_MODULES = ("runtime.signatures.verify", "runtime.signatures.analysis")


@dataclass(frozen=True)
class Limits:
    """Resource bounds for handling one uploaded file."""

    max_bytes: int = 25 * 1024 * 1024
    """Files larger than this are refused before any parsing."""
    timeout_s: float = 20.0
    """Wall-clock budget for one sandboxed task."""
    memory_mb: int = 512
    """Extra address space a task may allocate on top of the worker's size."""
    max_objects: int = 200_000
    """Object budget for the active-content scan of a PDF."""


class Status(StrEnum):
    """How a sandboxed task ended."""

    OK = "ok"
    TIMEOUT = "timeout"
    MEMORY = "memory"
    CRASHED = "crashed"
    ERROR = "error"


@dataclass(frozen=True)
class Outcome:
    """Result of running one task in the sandbox."""

    status: Status
    """How the task ended."""
    value: Any = None
    """The task's return value when ``status`` is ``ok``."""
    detail: str = ""
    """Exception type and message, or why the worker was stopped."""
    elapsed_s: float = 0.0
    """Wall-clock time spent, including IPC."""


class InProcess:
    """Runs tasks in the calling process: no isolation, for trusted input and benchmarks."""

    def run(self, func: Callable[..., Any], *args: Any, limits: Limits | None = None) -> Outcome:
        """Call ``func(*args)`` directly, mapping exceptions to an :class:`Outcome`."""
        start = time.perf_counter()
        status, value, detail = _worker.call(func, args)
        return Outcome(Status(status), value, detail, time.perf_counter() - start)


class _Worker:
    def __init__(self, ctx: Any, preload: tuple[str, ...]) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker.main, args=(child, preload), daemon=True,
                                   name="motcua-signature-sandbox")
        self.process.start()
        child.close()
        self.tasks = 0

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


class Sandbox:
    """A pool of worker processes that run tasks under :class:`Limits`."""

    def __init__(self, workers: int = 2, context: str | None = None,
                 max_tasks_per_worker: int = 500,
                 preload: tuple[str, ...] = SIGNATURE_MODULES) -> None:
        """
        :param workers: maximum number of worker processes (and concurrent tasks).
        :param context: multiprocessing start method; default ``forkserver`` on
            Linux, ``spawn`` elsewhere (never plain ``fork`` of a threaded server).
        :param max_tasks_per_worker: recycle a worker after this many tasks.
        :param preload: modules each worker imports when it starts.
        """
        self._preload = tuple(preload)
        if context is None:
            context = "forkserver" if sys.platform.startswith("linux") else "spawn"
        self._ctx = multiprocessing.get_context(context)
        if context == "forkserver":
            # The fork server would otherwise import the parent's __main__ (a CLI, a bench script, a
            # WSGI server) with none of its set-up: workers need only this worker module.
            self._ctx.set_forkserver_preload([_worker.__name__])
        self._size = max(1, workers)
        self._max_tasks = max_tasks_per_worker
        self._idle: list[_Worker] = []
        self._started = 0
        self._closed = False
        self._cond = threading.Condition()

    def run(self, func: Callable[..., Any], *args: Any, limits: Limits | None = None) -> Outcome:
        """Run ``func(*args)`` in a worker within ``limits``; never raises for task failures."""
        limits = limits or Limits()
        worker = self._acquire()
        start = time.perf_counter()
        keep = False
        try:
            worker.conn.send((func, args, limits.memory_mb * 1024 * 1024))
            if not worker.conn.poll(limits.timeout_s):
                return Outcome(Status.TIMEOUT, None,
                               f"no answer within {limits.timeout_s:g} s; worker killed",
                               time.perf_counter() - start)
            status, value, detail = worker.conn.recv()
            keep = True
            return Outcome(Status(status), value, detail, time.perf_counter() - start)
        except (EOFError, OSError, BrokenPipeError):
            worker.process.join(timeout=1)
            code = worker.process.exitcode
            return Outcome(Status.CRASHED, None, f"worker died (exit code {code})",
                           time.perf_counter() - start)
        finally:
            self._release(worker, keep)

    def _acquire(self) -> _Worker:
        with self._cond:
            while True:
                if self._closed:
                    raise RuntimeError("sandbox is closed")
                if self._idle:
                    return self._idle.pop()
                if self._started < self._size:
                    self._started += 1
                    break
                self._cond.wait()
        try:
            return _Worker(self._ctx, self._preload)
        except BaseException:
            with self._cond:
                self._started -= 1
                self._cond.notify()
            raise

    def _release(self, worker: _Worker, keep: bool) -> None:
        worker.tasks += 1
        reuse = keep and worker.tasks < self._max_tasks and worker.process.is_alive()
        if not reuse:
            worker.stop()
        with self._cond:
            if reuse and not self._closed:
                self._idle.append(worker)
            else:
                if reuse:
                    worker.stop()
                self._started -= 1
            self._cond.notify()

    def close(self) -> None:
        """Stop all idle workers; busy ones stop when their task ends."""
        with self._cond:
            self._closed = True
            idle, self._idle = self._idle, []
            self._started -= len(idle)
            self._cond.notify_all()
        for worker in idle:
            worker.stop()

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_default: Sandbox | None = None
_default_lock = threading.Lock()


def default_sandbox() -> Sandbox:
    """The process-wide sandbox, created on first use and closed at exit."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Sandbox()
            atexit.register(_default.close)
        return _default


def probe_sleep(seconds: float) -> float:
    """Sleep; used by :func:`self_check` and tests to prove the timeout bites."""
    time.sleep(seconds)
    return seconds


def probe_allocate(megabytes: int) -> int:
    """Allocate memory; used by :func:`self_check` and tests to prove the memory limit bites."""
    block = bytearray(megabytes * 1024 * 1024)
    return len(block)


def self_check(sandbox: Sandbox | None = None) -> dict[str, str]:
    """Check that time and memory limits are enforced on this platform."""
    sandbox = sandbox or default_sandbox()
    tight = Limits(timeout_s=1.0, memory_mb=64)
    return {
        "timeout": sandbox.run(probe_sleep, 5.0, limits=tight).status.value,
        "memory": sandbox.run(probe_allocate, 1024, limits=tight).status.value,
    }
