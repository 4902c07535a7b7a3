"""Run the whole benchmark suite and print one Markdown report (issue #6).

    python -m benchmarks.run            # full run: 10k / 100k / 1M-token files, best of 5
    python -m benchmarks.run --quick    # tiny inputs, every measurement once (used by the tests)
    python benchmarks/run.py --output benchmarks/out/latest.md --check

It generates its inputs (``benchmarks/generate.py``, deterministic, cached in
``benchmarks/data/``), then measures, always against baselines run in the same process in
alternating rounds (``benchmarks/measure.py``):

1. file → SRT / WebVTT / DFXP / text, ``vbformats.load`` + ``vbformats.render``, against
   ``orjson`` + a careful hand loop and ``json`` + each caption library (``benchmarks/peers.py``);
2. peak memory of those runs, one fresh subprocess per measurement, against ``orjson.loads``
   alone;
3. the words DataFrame against ``orjson.loads`` + ``pandas.DataFrame(words)``;
4. all metrics against the load time, at three sizes for the growth check;
5. the exact round trip (and unknown keys) on the large file, and the load time when words carry
   unknown keys;
6. the DataFrame and metrics helpers' own benchmarks (``bench_frames.py``, ``bench_metrics.py``)
   when they exist.

Peers that are not installed are reported as "skipped (not installed)"; vbformats pieces that do
not exist yet as "not available". ``--check`` exits 1 when a target fails (never in ``--quick``,
whose inputs are too small for ratios to mean anything).
"""

from __future__ import annotations

import argparse
import gc
import importlib.metadata
import json
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make ``benchmarks`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import generate, measure, ours, peers

HERE = Path(__file__).resolve().parent
PACKAGES = (
    "vbformats",
    "msgspec",
    "pydantic",
    "orjson",
    "srt",
    "pysrt",
    "pysubs2",
    "webvtt-py",
    "pycaption",
    "deepgram-captions",
    "pandas",
)


class Report:
    """Collects Markdown lines and target verdicts."""

    def __init__(self, quick: bool) -> None:
        self.lines: list[str] = []
        self.verdicts: list[tuple[str, str, str]] = []  # target, measured, PASS/FAIL/n.a.
        self.quick = quick

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)

    def table(self, header: list[str], rows: list[list[str]]) -> None:
        self.add("| " + " | ".join(header) + " |", "|" + "---|" * len(header))
        self.add(*("| " + " | ".join(row) + " |" for row in rows))
        self.add("")

    def verdict(self, target: str, ratio: float | None, limit: float, why: str = "") -> str:
        if ratio is None:
            result = why or "not available"
            self.verdicts.append((target, "—", result))
            return result
        result = "PASS" if ratio <= limit else "FAIL"
        self.verdicts.append((target, f"{ratio:.2f}×", result))
        return result

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def machine() -> list[str]:
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        cpu = platform.processor() or "unknown"
    ram = "unknown"
    try:
        with open("/proc/meminfo", encoding="utf-8") as handle:
            kib = int(handle.readline().split()[1])
            ram = f"{kib / 1024**2:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    versions = []
    for name in PACKAGES:
        try:
            versions.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{name} (not installed)")
    return [
        f"- machine: {os.cpu_count()} CPUs (`nproc`), {cpu}, {ram} RAM, "
        f"{platform.system()} {platform.release()}",
        f"- Python {platform.python_version()}; " + ", ".join(versions),
    ]


def seconds(value: float | None) -> str:
    return "—" if value is None else f"{value * 1000:.0f} ms" if value < 10 else f"{value:.1f} s"


def megabytes(report: dict[str, Any] | None) -> str:
    if report is None:
        return "—"
    if "error" in report:
        return str(report["error"]) if report.get("skipped") else "error"
    return f"{report['peak_bytes'] / measure.MB:.0f} MB"


def _peak(task: str, path: str, warm: str) -> dict[str, Any]:
    """Peak memory of one task, or why it was not measured."""
    if not task.startswith("vbformats:"):
        absent = peers.missing(task)
        if absent:
            return {"task": task, "error": f"skipped (not installed: {absent})", "skipped": True}
    return measure.peak_memory(task, path, warm)


# --- 1 and 2: conversions and their memory ------------------------------------------------------


def conversions(
    report: Report,
    path: str,
    warm: str,
    status: dict[str, str | None],
    repeat: int,
    tokens: int,
    memory: bool,
) -> None:
    report.add(f"### 1. File → captions and text, {tokens:,} tokens, best of {repeat}", "")
    rows: list[list[str]] = []
    mem: dict[str, dict[str, Any] | None] = {}
    if memory:
        mem["orjson.loads"] = _peak("orjson.loads", path, warm)
    for fmt in ours.FORMATS:
        hand, libraries = peers.BY_FORMAT[fmt]
        contenders: dict[str, Callable[[], Any]] = {}
        skipped: dict[str, str] = {}
        for name in (hand, *libraries):
            absent = peers.missing(name)
            if absent:
                skipped[name] = f"skipped (not installed: {absent})"
            else:
                contenders[name] = lambda name=name: peers.PIPELINES[name][2](path)
        available = status[fmt] is None
        if available:
            contenders["ours"] = lambda fmt=fmt: ours.convert(path, fmt)
        for function in contenders.values():  # warm imports and caches, untimed
            function()
        times = measure.best_of(contenders, repeat)
        if memory:
            for name in contenders:
                task = f"vbformats:{fmt}" if name == "ours" else name
                mem[task] = _peak(task, path, warm)
        mine = times.get("ours")
        library_target = [n for n in peers.LIBRARY_TARGET.get(fmt, ()) if n in times]
        fastest = min(library_target, key=lambda n: times[n]) if library_target else None
        if fmt in peers.LIBRARY_TARGET and fastest is None:
            report.verdict(
                f"{fmt}: ≤ 0.6× json + fastest library", None, 0.6, "skipped (none installed)"
            )
        for name in (hand, *libraries):
            label = peers.PIPELINES[name][0]
            if name in skipped:
                target = verdict = "—"
                if name == hand:
                    target = "≤ 0.9×"
                    verdict = report.verdict(
                        f"{fmt}: ≤ 0.9× orjson + hand loop", None, 0.9, skipped[name]
                    )
                rows.append(
                    [
                        fmt,
                        seconds(mine),
                        label,
                        skipped[name],
                        "—",
                        target,
                        verdict,
                        megabytes(mem.get(f"vbformats:{fmt}")),
                        "—",
                    ]
                )
                continue
            ratio = mine / times[name] if mine is not None else None
            target, verdict = "", ""
            if name == hand:
                target = "≤ 0.9×"
                verdict = report.verdict(
                    f"{fmt}: ≤ 0.9× orjson + hand loop", ratio, 0.9, status[fmt] or ""
                )
            elif name == fastest:
                target = "≤ 0.6× (fastest library)"
                verdict = report.verdict(
                    f"{fmt}: ≤ 0.6× json + fastest library ({label})", ratio, 0.6, status[fmt] or ""
                )
            rows.append(
                [
                    fmt,
                    seconds(mine) if available else str(status[fmt]),
                    label,
                    seconds(times[name]),
                    "—" if ratio is None else f"{ratio:.2f}×",
                    target or "—",
                    verdict or "—",
                    megabytes(mem.get(f"vbformats:{fmt}")),
                    megabytes(mem.get(name)),
                ]
            )
    report.table(
        [
            "output",
            "vbformats",
            "baseline",
            "baseline time",
            "ratio",
            "target",
            "result",
            "peak ours",
            "peak baseline",
        ],
        rows,
    )
    if not memory:
        return
    all_available = all(status[fmt] is None for fmt in ours.FORMATS)
    if all_available:
        mem["vbformats:all"] = _peak("vbformats:all", path, warm)
    mem["vbformats:load"] = _peak("vbformats:load", path, warm)
    mem["json.loads"] = _peak("json.loads", path, warm)
    base = mem["orjson.loads"]
    method = next((m["method"] for m in mem.values() if m and "method" in m), "?")
    report.add(
        f"### 2. Peak memory, {tokens:,} tokens (extra resident memory at the peak, "
        f"fresh process per row, {method})",
        "",
    )
    rows = []
    for task, label in (
        ("orjson.loads", "orjson.loads alone (the yardstick)"),
        ("json.loads", "json.loads alone"),
        ("vbformats:load", "vbformats.load"),
        *((f"vbformats:{fmt}", f"vbformats load + {fmt}") for fmt in ours.FORMATS),
        ("vbformats:all", "vbformats load + all four formats"),
    ):
        entry = mem.get(task)
        if entry is None or base is None or "error" in entry or "error" in base:
            ratio = None
        else:
            ratio = entry["peak_bytes"] / base["peak_bytes"]
        target = verdict = "—"
        if task.startswith("vbformats:") and task != "vbformats:load":
            target = "≤ 0.6×"
            what = "not available" if entry is None else entry.get("error", "error")
            if base is not None and "error" in base and entry is not None and "error" not in entry:
                what = f"{base['error']} (the yardstick)"
            verdict = report.verdict(f"peak memory, {label}: ≤ 0.6× orjson.loads", ratio, 0.6, what)
        rows.append(
            [
                label,
                megabytes(entry) if entry else "not available",
                "—" if ratio is None else f"{ratio:.2f}×",
                target,
                verdict,
            ]
        )
    report.table(["run", "peak", "vs orjson.loads", "target", "result"], rows)


# --- 3: the words DataFrame ---------------------------------------------------------------------


def _orjson_pandas(path: str) -> Any:
    import orjson
    import pandas

    with open(path, "rb") as handle:
        doc = orjson.loads(handle.read())
    return pandas.DataFrame(doc["transcript"]["words"])


def frames(
    report: Report, path: str, status: dict[str, str | None], repeat: int, tokens: int
) -> None:
    report.add(f"### 3. Words DataFrame, {tokens:,} tokens, best of {repeat}", "")
    missing = [m for m in ("orjson", "pandas") if peers.module_missing(m)]
    contenders: dict[str, Callable[[], Any]] = {}
    if not missing:
        contenders["peer"] = lambda: _orjson_pandas(path)
    if status["frames"] is None:
        contenders["ours"] = lambda: ours.words_frame(path)
    for function in contenders.values():
        function()
    times = measure.best_of(contenders, repeat)
    ratio = times["ours"] / times["peer"] if len(times) == 2 else None
    why = status["frames"] or (f"skipped (not installed: {missing[0]})" if missing else "")
    verdict = report.verdict(
        "words DataFrame: ≤ 1.0× orjson.loads + pandas.DataFrame", ratio, 1.0, why
    )
    report.table(
        [
            "vbformats.load + frames.words",
            "orjson.loads + pandas.DataFrame(words)",
            "ratio",
            "target",
            "result",
        ],
        [
            [
                seconds(times.get("ours")) if "ours" in times else str(status["frames"]),
                seconds(times.get("peer")) if "peer" in times else why,
                "—" if ratio is None else f"{ratio:.2f}×",
                "≤ 1.0×",
                verdict,
            ]
        ],
    )


# --- 4: metrics -------------------------------------------------------------------------------


def metrics(
    report: Report,
    paths: dict[int, str],
    status: dict[str, str | None],
    repeat: int,
    main_tokens: int,
) -> None:
    report.add(f"### 4. All metrics (`vbformats.metrics.compute`) vs load, best of {repeat}", "")
    rows: list[list[str]] = []
    results: dict[int, tuple[float, float | None]] = {}
    for tokens, path in sorted(paths.items()):
        load_time = float("inf")
        metric_time = float("inf")
        runs = repeat if tokens <= main_tokens else max(2, repeat // 2)
        for _ in range(runs):
            # fresh media every round: metrics must not ride on columns the load timing built
            gc.collect()
            start = time.perf_counter()
            media = ours.load(path)
            # the young-generation collection the load leaves due (its objects were made with
            # the collector paused) is the load's cost, not the metrics'
            gc.collect(0)
            load_time = min(load_time, time.perf_counter() - start)
            if status["metrics"] is None:
                gc.collect()
                start = time.perf_counter()
                result = ours.metrics(media)
                metric_time = min(metric_time, time.perf_counter() - start)
                del result
            del media
        has_metrics = status["metrics"] is None
        results[tokens] = (load_time, metric_time if has_metrics else None)
    previous: tuple[int, float] | None = None
    for tokens, (load_time, metric_time) in sorted(results.items()):
        ratio = metric_time / load_time if metric_time is not None else None
        target = verdict = "—"
        if tokens == main_tokens:
            target = "≤ 1.0× load"
            verdict = report.verdict(
                f"metrics {tokens:,} tokens: ≤ 1.0× load", ratio, 1.0, status["metrics"] or ""
            )
        growth = "—"
        if metric_time is not None and previous is not None:
            factor = tokens / previous[0]
            grew = metric_time / previous[1]
            limit = factor * 1.2
            growth = f"{grew:.1f}× for {factor:.0f}× tokens"
            verdict_growth = report.verdict(
                f"metrics growth {previous[0]:,} → {tokens:,} tokens: ≤ {limit:.0f}× the time",
                grew,
                limit,
            )
            growth += f" ({verdict_growth})"
        if metric_time is not None:
            previous = (tokens, metric_time)
        rows.append(
            [
                f"{tokens:,}",
                seconds(load_time),
                seconds(metric_time) if metric_time is not None else str(status["metrics"]),
                "—" if ratio is None else f"{ratio:.2f}×",
                target,
                verdict,
                growth,
            ]
        )
    report.table(
        [
            "tokens",
            "vbformats.load",
            "metrics.compute",
            "ratio",
            "target",
            "result",
            "growth (10× tokens: ≤ 12× time)",
        ],
        rows,
    )


# --- 5: unknown keys and the round trip -------------------------------------------------------


def _with_unknown_keys(path: str, every: int) -> str:
    """A copy of ``path`` where one word in ``every`` has an extra key (``"x": 1``)."""
    target = Path(path).with_name(Path(path).stem + f"_unknown{every}.json")
    if not target.exists():
        lines = Path(path).read_text(encoding="utf-8").split("\n")
        count = 0
        for index, line in enumerate(lines):
            if line.startswith('{"p":'):
                if count % every == 0:
                    lines[index] = '{"x-note":1,' + line[1:]
                count += 1
        temporary = target.with_suffix(f".tmp{os.getpid()}")
        temporary.write_text("\n".join(lines), encoding="utf-8")
        os.replace(temporary, target)
    return str(target)


def round_trip(report: Report, path: str, repeat: int, tokens: int) -> None:
    report.add(f"### 5. Unknown keys and the exact round trip, {tokens:,} tokens", "")
    with open(path, "rb") as handle:
        original = json.loads(handle.read())
    media = ours.load(path)
    start = time.perf_counter()
    dumped = media.to_json()
    dump_time = time.perf_counter() - start
    same = json.loads(dumped) == original
    report.verdicts.append(
        (
            "round trip: json.loads(media.to_json()) == the file",
            "equal" if same else "different",
            "PASS" if same else "FAIL",
        )
    )
    sparse = _with_unknown_keys(path, 1000)
    dense = _with_unknown_keys(path, 1)
    times = measure.best_of(
        {
            "plain": lambda: ours.load(path),
            "sparse": lambda: ours.load(sparse),
            "dense": lambda: ours.load(dense),
        },
        repeat,
    )
    kept = ours.load(sparse).words.to_dicts()[0].get("x-note") == 1
    ratio_sparse = times["sparse"] / times["plain"]
    ratio_dense = times["dense"] / times["plain"]
    verdict = report.verdict(
        "load with unknown keys on 1 word in 1,000: ≤ 1.5× plain load",
        ratio_sparse if kept else None,
        1.5,
        "FAIL (key lost)",
    )
    report.table(
        ["measurement", "time", "ratio", "result"],
        [
            [
                "load (unknown keys at top level and in `transcript` only)",
                seconds(times["plain"]),
                "1.00×",
                "—",
            ],
            [
                "load, 1 word in 1,000 has an unknown key (kept)",
                seconds(times["sparse"]),
                f"{ratio_sparse:.2f}×",
                f"{verdict} (≤ 1.5×)",
            ],
            [
                "load, every word has an unknown key (kept)",
                seconds(times["dense"]),
                f"{ratio_dense:.2f}×",
                "—",
            ],
            [
                "media.to_json() (whole document back)",
                seconds(dump_time),
                "—",
                "equal to the file" if same else "DIFFERENT",
            ],
        ],
    )


# --- 6: the helpers' own benchmarks -------------------------------------------------------------


def helper_benchmarks(report: Report, quick: bool) -> None:
    for name in ("bench_frames", "bench_metrics"):
        script = HERE / f"{name}.py"
        report.add(f"### {name}.py", "")
        if not script.exists():
            report.add("not available (the script does not exist yet)", "")
            continue
        command = [sys.executable, "-m", f"benchmarks.{name}"] + (["--quick"] if quick else [])
        try:
            done = subprocess.run(
                command, capture_output=True, text=True, timeout=1200, cwd=HERE.parent, check=False
            )
        except subprocess.TimeoutExpired:
            report.add("timed out after 20 minutes", "")
            continue
        if done.returncode != 0 and quick:
            # an older script may not know --quick: run it plainly
            done = subprocess.run(
                command[:3],
                capture_output=True,
                text=True,
                timeout=1200,
                cwd=HERE.parent,
                check=False,
            )
        if done.returncode != 0:
            last = (done.stderr.strip().splitlines() or ["no output"])[-1]
            report.add(f"failed (exit {done.returncode}): `{last}`", "")
            continue
        # their headings go one level under ours
        lines = [
            "#### " + line.lstrip("#").strip() if line.startswith("#") else line
            for line in done.stdout.strip().splitlines()
        ]
        report.add(*lines, "")


# --- main -------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="tiny inputs, every measurement once (checks that the suite runs)",
    )
    parser.add_argument("--repeat", type=int, help="rounds per comparison (default 5; quick 1)")
    parser.add_argument("--seed", type=int, default=generate.DEFAULT_SEED)
    parser.add_argument("--data", type=Path, help="folder for generated inputs")
    parser.add_argument("--output", type=Path, help="also write the report to this file")
    parser.add_argument("--no-memory", action="store_true", help="skip the subprocess memory runs")
    parser.add_argument(
        "--no-helpers", action="store_true", help="skip bench_frames.py and bench_metrics.py"
    )
    parser.add_argument(
        "--check", action="store_true", help="exit 1 when a target fails (ignored with --quick)"
    )
    args = parser.parse_args(argv)

    quick = args.quick
    repeat = args.repeat or (1 if quick else 5)
    main_tokens = 2_000 if quick else 100_000
    growth = (200, 2_000, 20_000) if quick else (10_000, 100_000, 1_000_000)
    folder = args.data

    started = time.perf_counter()
    paths = {n: str(generate.ensure(n, args.seed, folder)) for n in {*growth, main_tokens}}
    warm = str(generate.ensure(300, args.seed, folder))
    path = paths[main_tokens]
    reasons = {key: why for key, why in ours.availability(warm).items() if why}
    status: dict[str, str | None] = {
        key: ("not available" if key in reasons else None)
        for key in (*ours.FORMATS, "frames", "metrics")
    }

    report = Report(quick)
    report.add(
        "## Benchmark results"
        + (" (quick mode: tiny inputs, ratios mean nothing)" if quick else ""),
        "",
    )
    report.add(*machine())
    size_mb = os.path.getsize(path) / measure.MB
    report.add(
        f"- input: `benchmarks/generate.py` seed {args.seed}, stereo callback with "
        f"overlapping turns, punctuation and voice features; {main_tokens:,} tokens = "
        f"{size_mb:.1f} MB"
    )
    for key, why in reasons.items():
        report.add(f"- not available in vbformats: `{key}` ({why})")
    report.add("")
    conversions(report, path, warm, status, repeat, main_tokens, not args.no_memory)
    frames(report, path, status, repeat, main_tokens)
    metrics(report, {n: paths[n] for n in growth}, status, repeat, main_tokens)
    round_trip(report, path, repeat, main_tokens)
    if not args.no_helpers:
        helper_benchmarks(report, quick)

    report.add("### Targets", "")
    report.table(["target", "measured", "result"], [list(v) for v in report.verdicts])
    report.add(f"_{time.perf_counter() - started:.0f} s for the whole run._")
    text = report.text()
    print(text, end="")
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, encoding="utf-8")
    failed = any(result == "FAIL" for _, _, result in report.verdicts)
    return 1 if (args.check and failed and not quick) else 0


if __name__ == "__main__":
    raise SystemExit(main())
