"""Conversation metrics against loading: is computing all 44 metrics cheaper than ``load``?

    python -m benchmarks.bench_metrics                 # 10k, 100k, 1M tokens, best of 5 (3 at 1M)
    python -m benchmarks.bench_metrics --quick         # 2k and 4k tokens, once (what tests run)
    python -m benchmarks.bench_metrics --sizes 100000 --repeat 9

Inputs come from :mod:`benchmarks.generate` (deterministic stereo callbacks: turns listed per
channel so words are not time-sorted, overlaps, backchannels inside turns, ``v``/``frq`` on every
word). Each round, for each size:

1. ``gc.collect()``, then time ``vbformats.load(path)``;
2. time a ``gc.collect()`` right after: the **load GC debt**. msgspec builds the 100,000 word
   structs without triggering the garbage collector, so the first code that allocates after a
   load pays one pass over all of them; that time belongs to loading, and is reported apart;
3. time ``vbformats.metrics.compute(media)`` (garbage collector on, as users run it), including
   extensions, incidents, silences and streaks.

Best-of-N is printed for each (the round where the machine was quietest), with the median next
to it, then ``metrics / load`` (the target is <= 1 at 100,000 tokens) and the linearity check:
microseconds per token at each size, and the growth of the per-token cost from the smallest to
the largest size (a sort + sweep implementation stays within a small log factor; a pairwise one
would grow with the size). ``--quick`` prints the same report and checks nothing.
"""

from __future__ import annotations

import argparse
import gc
import math
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import generate

DEFAULT_SIZES = (10_000, 100_000, 1_000_000)
QUICK_SIZES = (2_000, 4_000)


def measure(path: Path, repeat: int) -> dict[str, float]:
    """Times in seconds (best and median of ``repeat`` rounds) for one input file."""
    import vbformats
    from vbformats.metrics import compute

    loads: list[float] = []
    debts: list[float] = []
    computes: list[float] = []
    words = tokens = 0
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        media = vbformats.load(path)
        loaded = time.perf_counter()
        gc.collect()
        collected = time.perf_counter()
        result = compute(media)
        done = time.perf_counter()
        loads.append(loaded - start)
        debts.append(collected - loaded)
        computes.append(done - collected)
        words = sum(media.words.is_speech)
        tokens = len(media.words)
        del media, result
    return {
        "tokens": float(tokens),
        "words": float(words),
        "load": min(loads),
        "load_median": statistics.median(loads),
        "debt": min(debts),
        "metrics": min(computes),
        "metrics_median": statistics.median(computes),
    }


def report(rows: list[dict[str, float]]) -> list[str]:
    """The printed report: a Markdown table, ratios and the linearity check."""
    lines = [
        "| tokens | speech words | load s (median) | load GC debt s | metrics s (median) "
        "| metrics / load | µs per token |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        ratio = row["metrics"] / row["load"] if row["load"] else float("nan")
        lines.append(
            f"| {int(row['tokens']):,} | {int(row['words']):,} "
            f"| {row['load']:.3f} ({row['load_median']:.3f}) | {row['debt']:.3f} "
            f"| {row['metrics']:.3f} ({row['metrics_median']:.3f}) | {ratio:.2f} "
            f"| {1e6 * row['metrics'] / row['tokens']:.2f} |"
        )
    lines.append("")
    for row in rows:
        ratio = row["metrics"] / row["load"] if row["load"] else float("nan")
        verdict = "no longer than loading" if ratio <= 1 else "LONGER than loading"
        lines.append(
            f"ratio at {int(row['tokens']):,} tokens: metrics/load = {ratio:.2f} ({verdict}); "
            f"metrics/(load + GC debt) = {row['metrics'] / (row['load'] + row['debt']):.2f}"
        )
    if len(rows) >= 2:
        first, last = rows[0], rows[-1]
        per_first = first["metrics"] / first["tokens"]
        per_last = last["metrics"] / last["tokens"]
        growth = per_last / per_first
        scale = last["tokens"] / first["tokens"]
        # n log n over this range grows the per-token cost by log(n2)/log(n1); allow 2x on top
        # for cache effects; quadratic work would grow it by `scale`
        allowed = 2 * math.log(last["tokens"]) / math.log(first["tokens"])
        verdict = "linear (sort + sweep)" if growth <= allowed else "NOT linear"
        lines.append(
            f"linearity: {scale:.0f}x the tokens -> {growth * scale:.1f}x the time; per-token "
            f"cost x{growth:.2f} (allowed x{allowed:.2f}): {verdict}"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="2k and 4k tokens, one round")
    parser.add_argument("--sizes", type=int, nargs="+", help="token counts")
    parser.add_argument("--repeat", type=int, help="rounds per size (default 5, 3 at 1M)")
    args = parser.parse_args(argv)

    sizes = tuple(args.sizes) if args.sizes else (QUICK_SIZES if args.quick else DEFAULT_SIZES)
    print(
        f"# metrics vs load — Python {platform.python_version()}, {platform.machine()}, "
        f"{'quick' if args.quick else 'full'} run"
    )
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        # quick runs write their small inputs to a scratch folder, never to benchmarks/data
        folder = Path(scratch) if args.quick else None
        for tokens in sizes:
            path = generate.ensure(tokens, folder=folder)
            repeat = args.repeat or (1 if args.quick else (3 if tokens >= 1_000_000 else 5))
            rows.append(measure(path, repeat))
    for line in report(rows):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
