"""Profile one benchmark task on one variant with cProfile: where does the time go?

    python -m benchmarks.profiling srt mix                 # load + render SRT, main size
    python -m benchmarks.profiling render:srt accented     # the writer only (load not profiled)
    python -m benchmarks.profiling load ringcentral --top 30
    python -m benchmarks.profiling info default --size large
    python -m benchmarks.profiling read:srt crowd20000     # reading our own SRT back
    python -m benchmarks.profiling frames speakers1000 --sort cumulative

Tasks: ``load``, ``srt``/``vtt``/``dfxp``/``text`` (load + render), ``render:<fmt>`` (render on
a loaded media), ``read:<fmt>`` (load of our own output in that format), ``frames`` (load +
words DataFrame), ``metrics`` (on a loaded media), ``info`` and ``to_json`` (on a loaded media).
The task runs once untimed on the small file of the variant first (imports, caches), then once
under the profiler. Prints the total and the top functions with their share of it: ``own``
(time in the function itself) and ``incl.`` (with what it calls), and the time spent in the
cyclic garbage collector during the run (cProfile charges it to whichever function happened to
allocate; ``gc.callbacks`` measures it directly). Not a section of the run.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import pstats
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks import generate, ours
from benchmarks.common import FULL_SIZES


def _task(name: str, path: str) -> tuple[Callable[[], Any], Callable[[], None]]:
    """(what to profile, what to run first untimed) for ``name`` on ``path``."""
    if name == "load":
        return lambda: ours.load(path), lambda: None
    if name in ours.FORMATS:
        return lambda: ours.convert(path, name), lambda: None
    if name == "frames":
        return lambda: ours.words_frame(path), lambda: None
    state: dict[str, Any] = {}

    def prepare_media() -> None:
        state["media"] = ours.load(path)

    if name.startswith("render:"):
        fmt = name.split(":", 1)[1]
        return lambda: ours.render(state["media"], fmt), prepare_media
    if name.startswith("read:"):
        fmt = name.split(":", 1)[1]
        target = str(Path(path).with_suffix(f".{fmt}"))

        def prepare_file() -> None:
            Path(target).write_text(ours.convert(path, fmt), encoding="utf-8")

        return lambda: ours.read_captions(target, fmt), prepare_file
    steps: dict[str, Callable[[Any], Any]] = {
        "metrics": ours.metrics,
        "info": ours.info,
        "to_json": ours.to_json,
    }
    step = steps[name]
    return lambda: step(state["media"]), prepare_media


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("task")
    parser.add_argument("variant")
    parser.add_argument("--size", default="main", help="small, main, large or a token count")
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--sort", default="tottime", choices=("tottime", "cumulative"))
    parser.add_argument("--data", type=Path)
    args = parser.parse_args(argv)
    size = FULL_SIZES.get(args.size) or int(args.size)
    path = str(generate.ensure_variant(args.variant, size, folder=args.data))
    warm = str(generate.ensure_variant(args.variant, FULL_SIZES["warm"], folder=args.data))
    warm_run, warm_prepare = _task(args.task, warm)
    warm_prepare()
    warm_run()
    run, prepare = _task(args.task, path)
    prepare()
    pauses: list[float] = []
    collections = [0, 0, 0]

    def on_gc(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            pauses.append(time.perf_counter())
        else:
            pauses[-1] = time.perf_counter() - pauses[-1]
            collections[info["generation"]] += 1

    profiler = cProfile.Profile()
    gc.collect()
    gc.callbacks.append(on_gc)
    started = time.perf_counter()
    try:
        profiler.runcall(run)
    finally:
        total = time.perf_counter() - started
        gc.callbacks.remove(on_gc)
    stats = pstats.Stats(profiler)
    entries = stats.stats  # type: ignore[attr-defined]
    key = 2 if args.sort == "tottime" else 3
    rows = sorted(entries.items(), key=lambda item: item[1][key], reverse=True)[: args.top]
    print(f"{args.task} on {args.variant} ({size:,} tokens): {total:.3f} s under cProfile")
    print(
        f"garbage collector: {sum(pauses):.3f} s ({sum(pauses) / total:.1%}) in "
        f"{collections[0]}/{collections[1]}/{collections[2]} collections of generation 0/1/2"
    )
    print(f"{'own s':>8} {'own':>6} {'incl. s':>8} {'incl.':>6} {'calls':>10}  function")
    for (filename, line, function), (_, calls, own, inclusive, _) in rows:
        where = f"{Path(filename).parent.name}/{Path(filename).name}:{line}" if line else filename
        print(
            f"{own:8.3f} {own / total:6.1%} {inclusive:8.3f} {inclusive / total:6.1%} "
            f"{calls:10,}  {where} {function}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
