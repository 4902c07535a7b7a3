"""Timing and peak-memory measurement for the benchmark suite.

Timing (:func:`best_of`): every contender of one comparison runs in the same process, in rounds;
each round runs each contender once, in an order rotated by one every round, after a
``gc.collect()``; the best (smallest) time of each is kept. A machine that gets busy for a moment
slows whichever contender was running, and best-of-N drops that round for it, so both sides of a
ratio see the same machine.

Peak memory (:func:`peak_memory`): one fresh subprocess per measurement (``python -m
benchmarks.measure TASK PATH``). The child imports everything the task needs, collects garbage,
resets the kernel's high-water mark of its resident set (``/proc/self/clear_refs`` ← ``5``), runs
the task once and reports ``VmHWM - VmRSS(before)``: the extra resident memory the task needed at
its peak, whoever allocated it (Python objects, C buffers, the file read). Where the reset is not
possible (not Linux) it falls back to ``ru_maxrss`` minus the resident set before the task, and
says so in the ``method`` field; every row of one run uses the same method. A
:class:`Staged` task measures one step: its setup (the load) runs before the reset.

Whole processes (:func:`best_of_processes`): the same alternating rounds, each contender a
command line started with ``subprocess.run`` and timed from start to exit (start-up rows).

Slow contenders: ``best_of(..., budget_s=...)`` stops starting rounds once the time spent
passes the budget, so a path that is quadratic today does not stretch the full run; the
returned :class:`Timings` says how many rounds ran.
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

MB = 1_000_000

#: ``gc.collect()`` before every timed run (the runner turns it off in quick mode, whose
#: numbers mean nothing: with pandas imported one collection takes 20-70 ms on a busy 2-core
#: machine, which was most of the quick run's time).
COLLECT = True


class Staged:
    """A contender whose ``setup()`` runs untimed before each timed ``run(state)``.

    For measuring one step of a job (a writer on a freshly loaded media: the load is not
    timed, and every round gets a fresh one so caches built by the step are rebuilt).
    """

    def __init__(self, setup: Callable[..., Any], run: Callable[[Any], Any]) -> None:
        self.setup = setup
        self.run = run


class Timings(dict[str, float]):
    """Best time in seconds per contender; ``rounds`` = the rounds actually run."""

    rounds: int = 0


def best_of(
    contenders: dict[str, Callable[[], Any] | Staged],
    repeat: int,
    budget_s: float | None = None,
) -> Timings:
    """Best wall time in seconds of each contender over ``repeat`` alternating rounds.

    A contender that raises is reported by re-raising after the round (callers decide whether a
    failure is "not available"); results are dropped before the next call so one contender's
    garbage does not weigh on the next. With ``budget_s``, no new round starts once the rounds
    so far took longer than that (at least one round always runs; ``rounds`` says how many):
    for the measurements that are slow today (quadratic paths), so the full run stays bounded.
    """
    names = list(contenders)
    best = Timings(dict.fromkeys(names, float("inf")))
    spent = 0.0
    for round_index in range(repeat):
        if budget_s is not None and round_index and spent > budget_s:
            break
        shift = round_index % len(names) if names else 0
        for name in names[shift:] + names[:shift]:
            contender = contenders[name]
            if isinstance(contender, Staged):
                state = contender.setup()
                if COLLECT:
                    gc.collect()
                start = time.perf_counter()
                result = contender.run(state)
                elapsed = time.perf_counter() - start
                del state
            else:
                if COLLECT:
                    gc.collect()
                start = time.perf_counter()
                result = contender()
                elapsed = time.perf_counter() - start
            del result
            spent += elapsed
            best[name] = min(best[name], elapsed)
        best.rounds = round_index + 1
    return best


def warm(contenders: dict[str, Callable[[], Any] | Staged]) -> None:
    """Run every contender once, untimed (imports, caches, lazily built tables)."""
    for contender in contenders.values():
        if isinstance(contender, Staged):
            contender.run(contender.setup())
        else:
            contender()


def best_of_processes(commands: dict[str, list[str]], repeat: int) -> Timings:
    """Best wall time in seconds of each command as a whole process (start to exit).

    The same discipline as :func:`best_of`: alternating rounds, the order rotated by one each
    round. Output goes to ``/dev/null``; a command that exits non-zero raises
    ``RuntimeError`` with its last stderr line.
    """
    names = list(commands)
    best = Timings(dict.fromkeys(names, float("inf")))
    for round_index in range(repeat):
        shift = round_index % len(names) if names else 0
        for name in names[shift:] + names[:shift]:
            start = time.perf_counter()
            done = subprocess.run(
                commands[name],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                timeout=600,
                check=False,
            )
            elapsed = time.perf_counter() - start
            if done.returncode != 0:
                last = (done.stderr.decode(errors="replace").strip().splitlines() or ["?"])[-1]
                raise RuntimeError(f"{name}: exit {done.returncode}: {last}")
            best[name] = min(best[name], elapsed)
        best.rounds = round_index + 1
    return best


# --- peak memory ------------------------------------------------------------------------------


def _status_bytes(field: str) -> int | None:
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def _reset_peak() -> bool:
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as handle:
            handle.write("5")
    except OSError:
        return False
    return _status_bytes("VmHWM") is not None


def _task(name: str) -> Callable[[str], Any] | Staged:
    """The function measured for task ``name`` (imports done here, before the measurement).

    ``vbformats:<task>`` names a task of :data:`benchmarks.ours.TASKS` (a function of the path,
    or a :class:`Staged` whose ``setup(path)`` is not counted), ``peer:<variant>:<name>`` a
    peer of :func:`benchmarks.peers.peer`, anything else a pipeline of
    :data:`benchmarks.peers.PIPELINES`.
    """
    task: Callable[[str], Any] | Staged
    if name.startswith("vbformats:"):
        from benchmarks import ours

        task = ours.TASKS[name.split(":", 1)[1]]
    elif name.startswith("peer:"):
        from benchmarks import peers

        _, variant, peer_name = name.split(":", 2)
        task = peers.peer(peer_name, variant)
    else:
        from benchmarks import peers

        task = peers.PIPELINES[name][2]
    # one run on a small file first, so imports and lazily built tables (ours and the
    # libraries') are not counted as the task's memory
    warmup = os.environ.get("VBF_BENCH_WARMUP")
    if warmup:
        if isinstance(task, Staged):
            task.run(task.setup(warmup))
        else:
            task(warmup)
    return task


def child(task: str, path: str) -> dict[str, Any]:
    """Run ``task`` on ``path`` once in this process and measure its peak (the child side).

    A :class:`Staged` task's ``setup(path)`` runs before the high-water mark is reset, so only
    its ``run`` is measured (``info`` on a loaded media, for example).
    """
    import resource

    function = _task(task)
    state = function.setup(path) if isinstance(function, Staged) else None
    gc.collect()
    exact = _reset_peak()
    before = _status_bytes("VmRSS") or 0
    if not exact:
        before_max = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    result = function.run(state) if isinstance(function, Staged) else function(path)
    if exact:
        peak = (_status_bytes("VmHWM") or 0) - before
        method = "VmHWM after clear_refs"
    else:
        peak = max(0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - before)
        method = "ru_maxrss (peak not resettable)" if before_max >= before else "ru_maxrss"
    size = len(result) if isinstance(result, str) else None
    return {"task": task, "peak_bytes": peak, "method": method, "output_chars": size}


def peak_memory(task: str, path: str, warmup_path: str | None = None) -> dict[str, Any]:
    """Measure ``task`` on ``path`` in a fresh interpreter (see the module docstring).

    Returns the child's report, or ``{"error": ...}`` when the child failed.
    """
    env = dict(os.environ)
    if warmup_path:
        env["VBF_BENCH_WARMUP"] = warmup_path
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env["PYTHONPATH"] = root + os.pathsep + env.get("PYTHONPATH", "")
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.measure", task, path],
        capture_output=True,
        text=True,
        env=env,
        cwd=root,
        timeout=600,
        check=False,
    )
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return {"task": task, "error": last}
    report: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return report


if __name__ == "__main__":
    # through the package, not this ``__main__`` copy: ``ours.TASKS`` holds the package's Staged
    from benchmarks.measure import child as package_child

    print(json.dumps(package_child(sys.argv[1], sys.argv[2])))
