"""HTML call report against loading: is a 100,000-word call's report at most 5x its load?

    python -m benchmarks.bench_report              # 100,000 tokens, best of 5
    python -m benchmarks.bench_report --quick      # 5,000 tokens, once (what the tests run)
    python -m benchmarks.bench_report --tokens 20000 --repeat 3

Input: :mod:`benchmarks.generate` (deterministic stereo callback, overlaps, voice features).
Each round: ``gc.collect()``, time ``vbformats.load(path)``; then, on that loaded call, time
the whole report: ``vbformats.reports.build(media).to_html()`` (turns, metrics, every table,
the plots and the transcript, as ``vbformats report -o call.html`` makes it; the file write
is left out). Best of N for both, ratio report / load, the HTML size and bytes per speech word.
``--quick`` prints the same table and checks nothing.
"""

from __future__ import annotations

import argparse
import gc
import platform
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import generate

TARGET = 5.0


def measure(path: Path, repeat: int) -> dict[str, float]:
    """Best times (s) of load and report for one file, and the report's size."""
    import vbformats
    from vbformats.reports import build

    loads: list[float] = []
    renders: list[float] = []
    size = words = 0
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        media = vbformats.load(path)
        loaded = time.perf_counter()
        html = build(media).to_html()
        done = time.perf_counter()
        loads.append(loaded - start)
        renders.append(done - loaded)
        size = len(html.encode("utf-8"))
        words = sum(1 for flag in media.words.is_speech if flag)
        del media, html
    return {
        "tokens": float(path.stat().st_size and _tokens(path)),
        "words": float(words),
        "load": min(loads),
        "report": min(renders),
        "size": float(size),
    }


def _tokens(path: Path) -> int:
    import vbformats

    return len(vbformats.load(path).words)


def report(row: dict[str, float], check: bool) -> list[str]:
    """The Markdown table (and the verdict line)."""
    ratio = row["report"] / row["load"] if row["load"] else float("inf")
    verdict = ("PASS" if ratio <= TARGET else "FAIL") if check else "—"
    return [
        f"#### bench_report.py — Python {platform.python_version()}, {platform.machine()}",
        "",
        "| tokens | speech words | load ms | HTML report ms | report / load | target | result "
        "| HTML size | bytes / word |",
        "|---:|---:|---:|---:|---:|---|---|---:|---:|",
        f"| {row['tokens']:,.0f} | {row['words']:,.0f} | {1000 * row['load']:.0f} | "
        f"{1000 * row['report']:.0f} | {ratio:.2f}× | ≤ {TARGET:.0f}× | {verdict} | "
        f"{row['size'] / 1e6:.1f} MB | {row['size'] / max(row['words'], 1):.0f} |",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="5,000 tokens, once, no check")
    parser.add_argument("--tokens", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=None)
    args = parser.parse_args(argv)
    tokens = args.tokens or (5_000 if args.quick else 100_000)
    repeat = args.repeat or (1 if args.quick else 5)
    if args.quick:
        with tempfile.TemporaryDirectory() as folder:
            path = generate.ensure(tokens, folder=Path(folder))
            row = measure(path, repeat)
    else:
        row = measure(generate.ensure(tokens), repeat)
    print("\n".join(report(row, check=not args.quick)))
    ratio = row["report"] / row["load"]
    return 1 if (not args.quick and ratio > TARGET) else 0


if __name__ == "__main__":
    sys.exit(main())
