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
says so in the ``method`` field; every row of one run uses the same method.
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


def best_of(contenders: dict[str, Callable[[], Any]], repeat: int) -> dict[str, float]:
    """Best wall time in seconds of each contender over ``repeat`` alternating rounds.

    A contender that raises is reported by re-raising after the round (callers decide whether a
    failure is "not available"); results are dropped before the next call so one contender's
    garbage does not weigh on the next.
    """
    names = list(contenders)
    best = dict.fromkeys(names, float("inf"))
    for round_index in range(repeat):
        shift = round_index % len(names) if names else 0
        for name in names[shift:] + names[:shift]:
            function = contenders[name]
            gc.collect()
            start = time.perf_counter()
            result = function()
            elapsed = time.perf_counter() - start
            del result
            best[name] = min(best[name], elapsed)
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


def _task(name: str) -> Callable[[str], Any]:
    """The function measured for task ``name`` (imports done here, before the measurement)."""
    if name.startswith("vbformats:"):
        from benchmarks import ours

        function = ours.TASKS[name.split(":", 1)[1]]
    else:
        from benchmarks import peers

        function = peers.PIPELINES[name][2]
    # one run on a small file first, so imports and lazily built tables (ours and the
    # libraries') are not counted as the task's memory
    warmup = os.environ.get("VBF_BENCH_WARMUP")
    if warmup:
        function(warmup)
    return function


def child(task: str, path: str) -> dict[str, Any]:
    """Run ``task`` on ``path`` once in this process and measure its peak (the child side)."""
    import resource

    function = _task(task)
    gc.collect()
    exact = _reset_peak()
    before = _status_bytes("VmRSS") or 0
    if not exact:
        before_max = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    result = function(path)
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
    print(json.dumps(child(sys.argv[1], sys.argv[2])))
