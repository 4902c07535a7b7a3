"""Worker processes for many-file jobs: chunks in, results out in input order, a clean stop.

Every many-file job of vbformats (``batch.convert``, ``frames.build(..., jobs=N)``,
``metrics.compute_many``) maps one plain function over *chunks* of sources with
:class:`WorkerPool`. What it guarantees:

* **paths travel, not calls**: a task is a small tuple (the job's settings and a chunk of
  paths); each worker reads, decodes and writes on its own, and sends back only what the parent
  needs (a status per file, or a table part). Pickling a loaded call costs more than loading it;
* **input order**: results come back in task order (a small window of tasks is in flight, so a
  slow chunk holds back at most ``window`` others), so a parallel run gives the same table,
  the same error list and the same files as a serial one;
* **streaming**: tasks are submitted as results are taken (``window`` at a time), never all at
  once, so the parent never holds more than a few chunks' results; 20,000 files cost the parent
  what 2,000 do;
* **a clean stop**: on Ctrl-C (or any error) the parent sets a shared stop flag; every worker
  finishes the file it is writing (outputs are written through
  :func:`vbformats.atomic.atomic_path`, so a file is either complete or absent), sees the flag
  and returns; pending chunks are cancelled. Workers ignore SIGINT themselves, so a Ctrl-C on a
  terminal (which reaches the whole process group) never kills one half-way through a write.
* **start-up**: on Linux the pool forks while the parent is single-threaded (workers start in
  milliseconds with everything the parent imported); when the parent already runs threads (a
  Dask client, a notebook) it uses ``forkserver``, because forking a threaded process can
  deadlock. ``jobs=1`` runs everything in this process, no pool at all.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing.context import BaseContext
from types import TracebackType
from typing import Any, TypeVar

from vbformats.errors import InvalidInputError

__all__ = [
    "WorkerPool",
    "chunk_size",
    "chunked",
    "default_jobs",
    "in_worker",
    "mp_context",
    "resolve_jobs",
    "stop_requested",
]

T = TypeVar("T")
R = TypeVar("R")

#: What a forkserver imports before it forks workers (:mod:`vbformats.batch.warm` also runs a
#: tiny job, so the first-use set-up is done once, not in every worker).
PRELOAD = ("vbformats.batch.convert", "vbformats.batch.warm")

#: Set in each worker by the pool's initializer; the parent sets it to ask workers to stop.
_STOP: Any = None


def default_jobs() -> int:
    """The CPUs this process may run on (``os.sched_getaffinity``), else ``os.cpu_count()``."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def resolve_jobs(jobs: int | None) -> int:
    """``jobs``, or :func:`default_jobs` for ``None``.

    Raises:
        InvalidInputError: ``jobs`` is not a positive integer.
    """
    if jobs is None:
        return default_jobs()
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise InvalidInputError("jobs", f"must be a positive integer, got {jobs!r}")
    return jobs


def chunk_size(items: int, jobs: int, *, most: int = 64) -> int:
    """Files per task: about eight tasks per worker (so the last ones balance the load), at
    most ``most`` (so progress moves and a stop is quick), at least 1."""
    if jobs <= 1:
        return max(1, min(most, items))
    return max(1, min(most, items // (jobs * 8) or 1))


def chunked(items: Sequence[T], size: int) -> Iterator[list[T]]:
    """``items`` in consecutive lists of ``size`` (the last may be shorter)."""
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


def mp_context() -> BaseContext:
    """``fork`` on Linux while this process runs one thread; else ``forkserver`` (or
    ``spawn`` where that is all there is)."""
    methods = multiprocessing.get_all_start_methods()
    if sys.platform.startswith("linux") and "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        # the server imports these once; each worker forks from it with them loaded, instead
        # of importing (and building the pydantic models) again in every worker of every pool
        context.set_forkserver_preload(list(PRELOAD))
        return context
    return multiprocessing.get_context("spawn")  # pragma: no cover - Windows


def stop_requested() -> bool:
    """In a worker: the parent asked every worker to stop after the current file."""
    return _STOP is not None and bool(_STOP.is_set())


def in_worker() -> bool:
    """True in a worker process of a :class:`WorkerPool` (its results travel by pickle)."""
    return _STOP is not None


def _init_worker(stop: Any) -> None:
    global _STOP
    # Ctrl-C reaches the whole process group: the parent decides, workers finish their file
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # a fork inherits the parent's paused collector (vbformats.gcpause); a worker runs its
    # own pauses
    gc.enable()
    _STOP = stop


class WorkerPool:
    """Map a function over tasks in ``jobs`` worker processes (in this process for 1).

    Use as a context manager; leaving it with an exception (Ctrl-C included) asks the workers
    to stop after their current file, cancels what is pending and waits for them::

        with WorkerPool(2) as pool:
            for result in pool.map(work, tasks):
                ...

    Args:
        jobs: Worker processes; 1 runs the tasks in this process.
        window: Tasks in flight at once (default: three per worker).
    """

    def __init__(self, jobs: int, *, window: int | None = None) -> None:
        self.jobs = resolve_jobs(jobs)
        self.window = window or self.jobs * 3
        self._executor: ProcessPoolExecutor | None = None
        self._stop: Any = None
        self._pending: deque[Future[Any]] = deque()

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close(cancel=kind is not None)

    def _start(self) -> ProcessPoolExecutor:
        if self._executor is None:
            context = mp_context()
            self._stop = context.Event()
            self._executor = ProcessPoolExecutor(
                self.jobs, mp_context=context, initializer=_init_worker, initargs=(self._stop,)
            )
        return self._executor

    def map(self, function: Callable[[T], R], tasks: Iterable[T]) -> Iterator[R]:
        """``function(task)`` for every task, in task order (submitted ``window`` at a time).

        An exception raised by ``function`` in a worker is raised here, when its turn comes.
        """
        if self.jobs == 1:
            for task in tasks:
                yield function(task)
            return
        executor = self._start()
        pending = self._pending
        queued = iter(tasks)
        for task in queued:
            pending.append(executor.submit(function, task))
            if len(pending) >= self.window:
                break
        while pending:
            result = pending[0].result()
            pending.popleft()
            for task in queued:  # one in, one out: the window stays full
                pending.append(executor.submit(function, task))
                break
            yield result

    def close(self, *, cancel: bool = False) -> None:
        """Shut the workers down; with ``cancel``, ask them to stop after their current file
        and drop the tasks not started."""
        executor, self._executor = self._executor, None
        if executor is None:
            return
        if cancel:
            self._stop.set()
            for future in self._pending:
                future.cancel()
        self._pending.clear()
        executor.shutdown(wait=True, cancel_futures=cancel)
